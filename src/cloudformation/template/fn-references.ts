/**
 * `Ref` and `Fn::GetAtt`: the functions that read parameters and other resources. What they may name
 * depends on the block: Conditions and Rules see parameters only; Resources and Outputs also see the
 * resources of the stack, but only those whose Condition holds.
 */
import type { EvaluationContext, IntrinsicFunction } from './evaluate.js';
import { templateError } from './errors.js';
import * as msg from './messages.js';
import { NO_VALUE } from './values.js';

export const NO_VALUE_NAME = 'AWS::NoValue';

export function refValue(name: string, ctx: EvaluationContext): unknown {
  if (name === NO_VALUE_NAME) return NO_VALUE;
  const parameter = ctx.parameters.get(name);
  if (parameter !== undefined) return parameter;
  if (ctx.template.resources.has(name)) {
    if (ctx.block === 'Conditions') throw templateError(msg.resourceInConditions([name]));
    if (ctx.resources && (ctx.isActive?.(name) ?? true)) return ctx.resources.ref(name);
  }
  throw templateError(msg.unresolvedResourceDependencies([name], ctx.block));
}

export function getAttValue(resource: string, attribute: string, ctx: EvaluationContext): unknown {
  if (!ctx.template.resources.has(resource)) throw templateError(msg.getAttUndefinedResource(resource));
  if (ctx.block === 'Conditions') throw templateError(msg.resourceInConditions([resource]));
  if (!ctx.resources || !(ctx.isActive?.(resource) ?? true)) {
    throw templateError(msg.unresolvedResourceDependencies([resource], ctx.block));
  }
  const value = ctx.resources.getAtt(resource, attribute);
  if (value === undefined) throw templateError(msg.unsupportedAttribute(resource, attribute));
  return value;
}

export const fnRef: IntrinsicFunction = (argument, ctx, evaluate) => {
  // A function inside Ref is the AWS::LanguageExtensions form; it must come out as a name.
  const name = typeof argument === 'string' ? argument : evaluate(argument, ctx);
  if (typeof name !== 'string') throw templateError(msg.refNotString());
  return refValue(name, ctx);
};

/** The resource and attribute of either form: `[Resource, Attribute]` or `"Resource.Attribute"`. */
export function getAttTarget(argument: unknown): { resource: string; attribute: unknown } {
  if (typeof argument === 'string') {
    const dot = argument.indexOf('.');
    if (dot > 0 && dot < argument.length - 1) return { resource: argument.slice(0, dot), attribute: argument.slice(dot + 1) };
  } else if (Array.isArray(argument) && argument.length === 2 && typeof argument[0] === 'string' && argument[0] !== '') {
    return { resource: argument[0], attribute: argument[1] };
  }
  throw templateError(msg.getAttShape());
}

export const fnGetAtt: IntrinsicFunction = (argument, ctx, evaluate) => {
  const { resource, attribute } = getAttTarget(argument);
  const name = typeof attribute === 'string' ? attribute : evaluate(attribute, ctx);
  if (typeof name !== 'string' || name === '') throw templateError(msg.getAttShape());
  return getAttValue(resource, name, ctx);
};
