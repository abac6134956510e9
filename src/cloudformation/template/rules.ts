/**
 * The Rules section: after parameters are resolved and before anything is created, each rule whose
 * RuleCondition holds (or that has none) checks its assertions; the first that fails stops the operation
 * with its AssertDescription as the error text (CDK's CheckBootstrapVersion answers "CDK bootstrap stack
 * version 6 required ..." this way).
 */
import type { StackEnvironment } from './environment.js';
import { templateError } from './errors.js';
import { evaluate, type EvaluationContext } from './evaluate.js';
import * as msg from './messages.js';
import type { Template } from './model.js';

export function checkRules(
  template: Template,
  parameters: ReadonlyMap<string, string | readonly string[]>,
  environment: StackEnvironment,
  condition: (name: string) => boolean,
): void {
  const ctx: EvaluationContext = { block: 'Rules', template, environment, parameters, condition };
  for (const rule of template.rules.values()) {
    if (rule.condition !== undefined && !isTrue(evaluate(rule.condition, ctx), rule.name)) continue;
    for (const assertion of rule.assertions) {
      if (!isTrue(evaluate(assertion.assert, ctx), rule.name)) {
        throw templateError(assertion.description ?? msg.ruleAssertionFailed(rule.name));
      }
    }
  }
}

function isTrue(value: unknown, rule: string): boolean {
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  throw templateError(msg.notBoolean(`Rule ${rule}`));
}
