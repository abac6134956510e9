/**
 * The functions that look a value up: Fn::FindInMap in the template's Mappings, and Fn::GetAZs and
 * Fn::ImportValue in the world the stack engine describes.
 */
import type { IntrinsicFunction } from './evaluate.js';
import { templateError } from './errors.js';
import * as msg from './messages.js';
import { isObject, scalarText } from './values.js';

export const fnGetAZs: IntrinsicFunction = (argument, ctx, evaluate) => {
  const region = scalarText(evaluate(argument ?? '', ctx));
  if (region === undefined) throw templateError(msg.getAzsShape());
  return [...ctx.environment.availabilityZones(region === '' ? ctx.environment.region : region)];
};

export const fnImportValue: IntrinsicFunction = (argument, ctx, evaluate) => {
  const name = scalarText(evaluate(argument, ctx));
  if (name === undefined) throw templateError(msg.importValueShape());
  const value = ctx.environment.exportedValue(name);
  if (value === undefined) throw templateError(msg.noExport(name));
  return value;
};

/** `[MapName, TopLevelKey, SecondLevelKey]`, with an optional fourth `{DefaultValue: x}` (language extensions). */
export const fnFindInMap: IntrinsicFunction = (argument, ctx, evaluate) => {
  if (!Array.isArray(argument) || argument.length < 3 || argument.length > 4) throw templateError(msg.findInMapShape());
  const [map, key, attribute] = argument.slice(0, 3).map((a) => scalarText(evaluate(a, ctx)));
  if (map === undefined || key === undefined || attribute === undefined) throw templateError(msg.findInMapShape());
  const options = argument[3];
  const hasDefault = isObject(options) && 'DefaultValue' in options;
  const mapping = ctx.template.mappings.get(map);
  const attributes = mapping && Object.hasOwn(mapping, key) ? mapping[key] : undefined;
  if (attributes && Object.hasOwn(attributes, attribute)) return attributes[attribute];
  if (hasDefault) return evaluate(options.DefaultValue, ctx);
  if (!mapping) throw templateError(msg.mappingNotPresent(map));
  throw templateError(msg.mappingNotFound(map, key, attribute));
};
