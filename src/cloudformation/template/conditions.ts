/**
 * The Conditions section evaluated for one stack: each condition once, from parameter and pseudo-parameter
 * values, conditions that name other conditions in dependency order.
 */
import type { StackEnvironment } from './environment.js';
import { templateError } from './errors.js';
import { evaluate, type EvaluationContext } from './evaluate.js';
import * as msg from './messages.js';
import type { Template } from './model.js';

export function evaluateConditions(
  template: Template,
  parameters: ReadonlyMap<string, string | readonly string[]>,
  environment: StackEnvironment,
): Map<string, boolean> {
  const values = new Map<string, boolean>();
  const inProgress: string[] = [];
  const condition = (name: string): boolean => {
    const known = values.get(name);
    if (known !== undefined) return known;
    const expression = template.conditions.get(name);
    if (expression === undefined) throw templateError(msg.unresolvedConditionDependencies([name]));
    if (inProgress.includes(name)) throw templateError(msg.circularConditions(inProgress.slice(inProgress.indexOf(name))));
    inProgress.push(name);
    const ctx: EvaluationContext = { block: 'Conditions', template, environment, parameters, condition };
    const result = evaluate(expression, ctx);
    inProgress.pop();
    if (typeof result !== 'boolean') throw templateError(msg.notBoolean(`Condition ${name}`));
    values.set(name, result);
    return result;
  };
  for (const name of template.conditions.keys()) condition(name);
  return values;
}
