/**
 * The evaluator: walks a template value, calls the intrinsic function each `{Fn::...}` names (from the
 * registry in `functions.ts`) and prunes `AWS::NoValue` out of the objects and lists that hold it.
 * Functions evaluate their own arguments, so `Fn::If` only ever evaluates the branch it takes.
 */
import type { ResourceValues, StackEnvironment } from './environment.js';
import { templateError } from './errors.js';
import { FUNCTIONS, SUPPORTED_FUNCTION_NAMES, TRANSFORM_FUNCTION } from './functions.js';
import * as msg from './messages.js';
import type { Template } from './model.js';
import { functionCall, isObject, NO_VALUE } from './values.js';

/** The template section being evaluated: it decides what a reference may name and how errors read. */
export type Block = 'Conditions' | 'Rules' | 'Resources' | 'Outputs';

export interface EvaluationContext {
  readonly block: Block;
  readonly template: Template;
  readonly environment: StackEnvironment;
  /** Parameter and pseudo-parameter values by name (lists for list types). */
  readonly parameters: ReadonlyMap<string, string | readonly string[]>;
  /** A condition's value; throws for an undefined one. */
  condition(name: string): boolean;
  /** The created resources' values; absent where resources cannot be referenced yet. */
  readonly resources?: ResourceValues;
  /** Whether a resource is part of this stack (its Condition holds); absent: all are. */
  isActive?(logicalId: string): boolean;
}

export type Evaluate = (value: unknown, ctx: EvaluationContext) => unknown;

export type IntrinsicFunction = (argument: unknown, ctx: EvaluationContext, evaluate: Evaluate) => unknown;

export function evaluate(value: unknown, ctx: EvaluationContext): unknown {
  if (Array.isArray(value)) {
    return value.map((item) => evaluate(item, ctx)).filter((item) => item !== NO_VALUE);
  }
  if (!isObject(value)) return value;
  const call = functionCall(value);
  if (call) {
    const fn = FUNCTIONS[call.name] ?? TRANSFORM_FUNCTION[call.name];
    if (!fn) throw templateError(msg.unsupportedFunction(call.name, SUPPORTED_FUNCTION_NAMES));
    return fn(call.argument, ctx, evaluate);
  }
  const result: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const evaluated = evaluate(item, ctx);
    if (evaluated !== NO_VALUE) result[key] = evaluated;
  }
  return result;
}
