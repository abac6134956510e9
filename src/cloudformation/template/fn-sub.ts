/**
 * `Fn::Sub`: `${Name}` becomes a parameter's value or a resource's Ref, `${Resource.Attribute}` its
 * Fn::GetAtt, `${!Text}` the literal `${Text}`. The list form's map names variables of its own, which win
 * over the template's names.
 */
import type { EvaluationContext, IntrinsicFunction } from './evaluate.js';
import { templateError } from './errors.js';
import { getAttValue, refValue } from './fn-references.js';
import * as msg from './messages.js';
import { isObject, scalarText } from './values.js';

export type SubPart = { readonly text: string } | { readonly variable: string };

const VARIABLE_NAME = /^[A-Za-z0-9_.:]+$/;

/** Splits a Sub string into literal text and variable names; throws for a malformed variable name. */
export function parseSub(template: string): SubPart[] {
  const parts: SubPart[] = [];
  let text = '';
  let at = 0;
  while (at < template.length) {
    const start = template.indexOf('${', at);
    const end = start < 0 ? -1 : template.indexOf('}', start + 2);
    if (start < 0 || end < 0) {
      text += template.slice(at);
      break;
    }
    text += template.slice(at, start);
    const inside = template.slice(start + 2, end);
    if (inside.startsWith('!')) {
      // `${!Literal}` writes `${Literal}`: the way to keep a shell variable in UserData.
      text += '${' + inside.slice(1) + '}';
    } else {
      const variable = inside.trim();
      if (!VARIABLE_NAME.test(variable)) throw templateError(msg.subVariableName());
      if (text !== '') parts.push({ text });
      text = '';
      parts.push({ variable });
    }
    at = end + 1;
  }
  if (text !== '') parts.push({ text });
  return parts;
}

/** The string and the variables map of either form. */
export function subArguments(argument: unknown): { template: string; variables: Record<string, unknown> } {
  if (typeof argument === 'string') return { template: argument, variables: {} };
  if (Array.isArray(argument) && argument.length === 2 && typeof argument[0] === 'string' && isObject(argument[1])) {
    return { template: argument[0], variables: argument[1] };
  }
  throw templateError(msg.subShape());
}

export const fnSub: IntrinsicFunction = (argument, ctx, evaluate) => {
  const { template, variables } = subArguments(argument);
  const values = new Map<string, unknown>();
  for (const [name, value] of Object.entries(variables)) values.set(name, evaluate(value, ctx));
  return parseSub(template)
    .map((part) => ('text' in part ? part.text : variableText(part.variable, values, ctx)))
    .join('');
};

function variableText(name: string, values: Map<string, unknown>, ctx: EvaluationContext): string {
  const value = values.has(name) ? values.get(name) : templateVariable(name, ctx);
  const text = scalarText(value);
  if (text === undefined) throw templateError(msg.subVariableNotString(name));
  return text;
}

function templateVariable(name: string, ctx: EvaluationContext): unknown {
  const dot = name.indexOf('.');
  if (dot < 0) return refValue(name, ctx);
  const resource = name.slice(0, dot);
  if (!ctx.template.resources.has(resource)) throw templateError(msg.subInvalidAttribute(name));
  return getAttValue(resource, name.slice(dot + 1), ctx);
}
