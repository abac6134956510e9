/**
 * The string and list functions: Fn::Join, Fn::Split, Fn::Select, Fn::Base64, and the two
 * AWS::LanguageExtensions ones that cost nothing, Fn::Length and Fn::ToJsonString.
 */
import type { IntrinsicFunction } from './evaluate.js';
import { templateError } from './errors.js';
import * as msg from './messages.js';
import { scalarText } from './values.js';

export const fnJoin: IntrinsicFunction = (argument, ctx, evaluate) => {
  if (!Array.isArray(argument) || argument.length !== 2) throw templateError(msg.joinShape());
  const delimiter = argument[0];
  const items = evaluate(argument[1], ctx);
  if (typeof delimiter !== 'string' || !Array.isArray(items)) throw templateError(msg.joinShape());
  return items
    .map((item) => {
      const text = scalarText(item);
      if (text === undefined) throw templateError(msg.joinShape());
      return text;
    })
    .join(delimiter);
};

export const fnSplit: IntrinsicFunction = (argument, ctx, evaluate) => {
  if (!Array.isArray(argument) || argument.length !== 2) throw templateError(msg.splitShape());
  const delimiter = argument[0];
  const source = scalarText(evaluate(argument[1], ctx));
  if (typeof delimiter !== 'string' || delimiter === '' || source === undefined) throw templateError(msg.splitShape());
  return source.split(delimiter);
};

export const fnSelect: IntrinsicFunction = (argument, ctx, evaluate) => {
  if (!Array.isArray(argument) || argument.length !== 2) throw templateError(msg.selectShape());
  const indexText = scalarText(evaluate(argument[0], ctx));
  const index = indexText === undefined || indexText.trim() === '' ? NaN : Number(indexText);
  const items = evaluate(argument[1], ctx);
  if (!Number.isInteger(index) || !Array.isArray(items)) throw templateError(msg.selectShape());
  if (index < 0 || index >= items.length) throw templateError(msg.selectOutOfRange(index));
  return items[index];
};

export const fnBase64: IntrinsicFunction = (argument, ctx, evaluate) => {
  const text = scalarText(evaluate(argument, ctx));
  if (text === undefined) throw templateError(msg.base64Shape());
  return Buffer.from(text, 'utf8').toString('base64');
};

export const fnLength: IntrinsicFunction = (argument, ctx, evaluate) => {
  const items = evaluate(argument, ctx);
  if (!Array.isArray(items)) throw templateError(msg.lengthShape());
  return items.length;
};

export const fnToJsonString: IntrinsicFunction = (argument, ctx, evaluate) => JSON.stringify(evaluate(argument, ctx));
