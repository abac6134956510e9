/**
 * The condition functions: Fn::Equals, Fn::And, Fn::Or, Fn::Not, `Condition` (another condition by
 * name) and Fn::If, which picks a value by a condition and evaluates only that branch, so the other may
 * name a resource that this stack does not create.
 */
import type { EvaluationContext, Evaluate, IntrinsicFunction } from './evaluate.js';
import { templateError } from './errors.js';
import * as msg from './messages.js';
import { scalarText } from './values.js';

/** Fn::Equals compares text: `!Equals [!Ref Count, 2]` holds for the parameter value "2". */
function comparable(value: unknown): string {
  return scalarText(value) ?? JSON.stringify(value);
}

export const fnEquals: IntrinsicFunction = (argument, ctx, evaluate) => {
  if (!Array.isArray(argument) || argument.length !== 2) throw templateError(msg.equalsShape());
  return comparable(evaluate(argument[0], ctx)) === comparable(evaluate(argument[1], ctx));
};

/** An operand of And/Or/Not: a condition function, or the booleans (or "true"/"false") they produce. */
function truth(value: unknown, fn: string, ctx: EvaluationContext, evaluate: Evaluate): boolean {
  const result = evaluate(value, ctx);
  if (result === true || result === 'true') return true;
  if (result === false || result === 'false') return false;
  throw templateError(msg.notBoolean(fn));
}

function logical(fn: 'Fn::And' | 'Fn::Or'): IntrinsicFunction {
  return (argument, ctx, evaluate) => {
    if (!Array.isArray(argument) || argument.length < 2 || argument.length > 10) throw templateError(msg.logicalShape(fn));
    // Every operand is evaluated (no short circuit), so a malformed one fails whatever the others say.
    const values = argument.map((operand) => truth(operand, fn, ctx, evaluate));
    return fn === 'Fn::And' ? values.every(Boolean) : values.some(Boolean);
  };
}

export const fnAnd = logical('Fn::And');
export const fnOr = logical('Fn::Or');

export const fnNot: IntrinsicFunction = (argument, ctx, evaluate) => {
  if (!Array.isArray(argument) || argument.length !== 1) throw templateError(msg.notShape());
  return !truth(argument[0], 'Fn::Not', ctx, evaluate);
};

export const fnCondition: IntrinsicFunction = (argument, ctx) => {
  if (typeof argument !== 'string') throw templateError(msg.conditionFunctionShape());
  return ctx.condition(argument);
};

export const fnIf: IntrinsicFunction = (argument, ctx, evaluate) => {
  if (!Array.isArray(argument) || argument.length !== 3) throw templateError(msg.ifShape());
  const name = argument[0];
  if (typeof name !== 'string') throw templateError(msg.ifConditionName());
  if (!ctx.template.conditions.has(name)) throw templateError(msg.ifUnresolvedCondition(name));
  return evaluate(ctx.condition(name) ? argument[1] : argument[2], ctx);
};
