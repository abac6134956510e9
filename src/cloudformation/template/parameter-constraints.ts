/**
 * A parameter value against its declaration: AllowedValues, AllowedPattern, MinLength/MaxLength (strings),
 * MinValue/MaxValue and numeric form (numbers, each member of a List<Number>). A ConstraintDescription,
 * when the template gives one, replaces the reason in the error, as CloudFormation does.
 */
import { templateError } from './errors.js';
import * as msg from './messages.js';
import type { ParameterDeclaration } from './model.js';

/** Throws ValidationError with CloudFormation's text for the first constraint the value breaks. */
export function checkConstraints(parameter: ParameterDeclaration, value: string): void {
  const reason = violation(parameter, value);
  if (reason === undefined) return;
  throw templateError(
    parameter.constraintDescription !== undefined ? msg.failedConstraint(parameter.name, parameter.constraintDescription) : reason,
  );
}

function violation(p: ParameterDeclaration, value: string): string | undefined {
  if (p.allowedValues && !p.allowedValues.includes(value)) return msg.notInAllowedValues(p.name);
  const members = p.type.list ? value.split(',').map((m) => m.trim()) : [value];
  if (p.allowedPattern !== undefined && !members.every((m) => matchesWhole(p.allowedPattern as string, m))) {
    return msg.doesNotMatchPattern(p.name, p.allowedPattern);
  }
  if (!p.type.list && !p.type.number) {
    if (p.minLength !== undefined && value.length < p.minLength) return msg.tooShort(p.name, p.minLength);
    if (p.maxLength !== undefined && value.length > p.maxLength) return msg.tooLong(p.name, p.maxLength);
  }
  if (p.type.number) {
    for (const member of members) {
      const n = member.trim() === '' ? NaN : Number(member);
      if (!Number.isFinite(n)) return msg.notANumber(p.name);
      if (p.minValue !== undefined && n < p.minValue) return msg.tooSmall(p.name, p.minValue);
      if (p.maxValue !== undefined && n > p.maxValue) return msg.tooLarge(p.name, p.maxValue);
    }
  }
  return undefined;
}

/** AllowedPattern is a Java regular expression that must match the whole value. */
function matchesWhole(pattern: string, value: string): boolean {
  try {
    return new RegExp(`^(?:${pattern})$`, 'u').test(value);
  } catch {
    try {
      return new RegExp(`^(?:${pattern})$`).test(value);
    } catch {
      return false;
    }
  }
}
