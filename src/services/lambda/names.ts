/**
 * Function names as Lambda accepts them: a name, a partial ARN (`123456789012:function:name`) or a full ARN,
 * each optionally qualified (`:1`, `:alias`, `:$LATEST`), and the ARNs Lambda writes back.
 */
import type { Scope } from '../../shared/accounts.js';
import { validationError } from '../../shared/errors.js';
import { invalidParameter, resourceNotFound } from './errors.js';

export const NAME_PATTERN_TEXT =
  '(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}((-gov)|(-iso(b?)))?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?';
const NAME_PATTERN = new RegExp(`^${NAME_PATTERN_TEXT}$`);

export interface FunctionRef {
  name: string;
  /** From the ARN (`name:1`) or the Qualifier parameter. */
  qualifier?: string;
}

/** Reads a FunctionName parameter (and the Qualifier parameter, which must agree with one in the ARN). */
export function parseFunctionName(scope: Scope, value: string, qualifierParam?: string): FunctionRef {
  if (value.length > 140) throw validationError([`Value '${value}' at 'functionName' failed to satisfy constraint: Member must have length less than or equal to 140`]);
  const m = NAME_PATTERN.exec(value);
  if (!m) throw validationError([`Value '${value}' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: ${NAME_PATTERN_TEXT}`]);
  // Groups: 3 region, 10 name, 12 qualifier (see NAME_PATTERN_TEXT).
  const name = m[10]!;
  if (!value.includes(':') && name.length > 64) {
    throw invalidParameter(`1 validation error detected: Value '${value}' at 'functionName' failed to satisfy constraint: Member must have length less than or equal to 64`);
  }
  const region = m[3]?.slice(0, -1);
  if (region !== undefined && region !== scope.region) throw resourceNotFound(`Functions from '${region}' are not reachable in this region ('${scope.region}')`);
  const arnQualifier = m[12];
  if (arnQualifier !== undefined && qualifierParam !== undefined && arnQualifier !== qualifierParam) {
    throw invalidParameter('The derived qualifier from the function name does not match the specified qualifier.');
  }
  const qualifier = arnQualifier ?? qualifierParam;
  return qualifier === undefined ? { name } : { name, qualifier };
}

/** Lambda's LastModified form: `2024-01-01T00:00:00.000+0000`. */
export function lastModified(date: Date): string {
  return date.toISOString().replace('Z', '+0000');
}
