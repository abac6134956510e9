/**
 * Policy documents as IAM checks them when they are written: the policy engine's parser decides the grammar;
 * IAM's own words say what is wrong. A trust policy (a role's AssumeRolePolicyDocument) names principals and
 * no resource; an identity policy (inline or managed) names resources and no principal.
 */
import { parsePolicyValue, statementsOf, type PolicyDocument } from '../../policy/document.js';
import { Clauses } from '../../shared/validation-clauses.js';
import { malformedPolicy, validation } from './errors.js';

/** The model's limits on a policy document member (1 to 131072 characters of `[\u0009\u000A\u000D\u0020-\u00FF]+`). */
function checkMember(at: string, text: string | undefined): string {
  new Clauses('ValidationError').required(at, text).length(at, text, 1, 131072).throwIfAny();
  // Inferred wording: the pattern clause prints the whole document, which IAM does not; it refuses outright.
  if (!/^[\u0009\u000A\u000D\u0020-\u00FF]+$/.test(text!)) throw validation(`The specified value for ${at} is invalid. It must contain only printable ASCII characters.`);
  return text!;
}

function readJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // Verified.
    throw malformedPolicy('This policy contains invalid Json');
  }
}

/** The statements of a JSON value that looks like a policy, for the field checks IAM makes before the grammar. */
function rawStatements(json: unknown): Array<Record<string, unknown>> {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw malformedPolicy('Syntax errors in policy.');
  const statement = (json as Record<string, unknown>)['Statement'];
  const list = Array.isArray(statement) ? statement : [statement];
  return list.filter((s): s is Record<string, unknown> => typeof s === 'object' && s !== null && !Array.isArray(s));
}

const ACTIONS_MISSING = 'Policy statement must contain actions.';

/** A role's trust policy, or IAM's MalformedPolicyDocument. `principalExists` says whether a same-account role or user ARN names one. */
export function checkTrustPolicy(text: string | undefined, at: string, principalExists: (arn: string) => boolean): PolicyDocument {
  const json = readJson(checkMember(at, text));
  for (const s of rawStatements(json)) {
    // Verified.
    if ('Resource' in s) throw malformedPolicy('Has prohibited field Resource');
    if ('NotResource' in s) throw malformedPolicy('Has prohibited field NotResource');
    if (!('Action' in s) && !('NotAction' in s)) throw malformedPolicy(ACTIONS_MISSING);
    // Inferred wording (IAM's refusal of a trust statement without a principal).
    if (!('Principal' in s) && !('NotPrincipal' in s)) throw malformedPolicy('Missing required field Principal');
  }
  const parsed = parsePolicyValue(json, 'trust');
  if (!parsed.ok) throw malformedPolicy('Syntax errors in policy.');
  for (const s of statementsOf(parsed.document)) {
    const actions = s.Action === undefined ? [] : typeof s.Action === 'string' ? [s.Action] : s.Action;
    // Verified.
    if (actions.some((a) => a !== '*' && !/^sts:/i.test(a))) throw malformedPolicy('AssumeRole policy may only specify STS AssumeRole actions.');
    const principal = s.Principal ?? s.NotPrincipal;
    if (principal === undefined || principal === '*') continue;
    for (const arn of principal.AWS === undefined ? [] : typeof principal.AWS === 'string' ? [principal.AWS] : principal.AWS) {
      // Verified form: `Invalid principal in policy: "AWS":"arn:aws:iam::123456789012:role/missing"`.
      if (arn !== '*' && !/^\d{12}$/.test(arn) && !principalExists(arn)) throw malformedPolicy(`Invalid principal in policy: "AWS":"${arn}"`);
    }
  }
  return parsed.document;
}

/** An inline or managed policy, or IAM's MalformedPolicyDocument. */
export function checkIdentityPolicy(text: string | undefined, at: string): PolicyDocument {
  const json = readJson(checkMember(at, text));
  for (const s of rawStatements(json)) {
    // Verified.
    if ('Principal' in s || 'NotPrincipal' in s) throw malformedPolicy('Policy document should not specify a principal.');
    if (!('Action' in s) && !('NotAction' in s)) throw malformedPolicy(ACTIONS_MISSING);
    if (!('Resource' in s) && !('NotResource' in s)) throw malformedPolicy('Policy statement must contain resources.');
  }
  const parsed = parsePolicyValue(json);
  if (!parsed.ok) throw malformedPolicy('Syntax errors in policy.');
  return parsed.document;
}
