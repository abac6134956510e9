/**
 * A RestApi's `policy`: validated as an IAM policy document, `execute-api:/...` shorthand expanded to the
 * API's ARN when saved, stored as compact JSON, and returned in AWS's escaped form.
 */
import { executeApiArn } from '../../shared/arns.js';
import type { Scope } from '../../shared/accounts.js';
import { parsePolicy, statementsOf, type PolicyDocument } from '../../policy/document.js';
import { badRequest } from './errors.js';

export const POLICY_MAX_LENGTH = 8192;
const INVALID = 'Invalid policy document. Please check the policy syntax and ensure that Principals are valid.';

/** Turns the policy a client sent into the stored form, or throws AWS's BadRequest. */
export function normalizePolicy(text: string, scope: Scope, restApiId: string): string {
  if (text.length > POLICY_MAX_LENGTH) throw badRequest(`Resource policy size exceeds the limit of ${POLICY_MAX_LENGTH} characters`);
  let parsed = parsePolicy(text);
  // Clients that echo back what GetRestApi returned send AWS's escaped form; read it the way AWS does.
  if (!parsed.ok && text.includes('\\"')) parsed = parsePolicy(text.replace(/\\"/g, '"').replace(/\\\//g, '/'));
  if (!parsed.ok) throw badRequest(INVALID);
  return JSON.stringify(expandShorthand(parsed.document, executeApiArn(scope, restApiId)));
}

/**
 * `execute-api:/stage/GET/path` → `arn:aws:execute-api:{region}:{account}:{api}/stage/GET/path`. A one-element
 * Resource list is stored as a string, as AWS stores it.
 */
function expandShorthand(document: PolicyDocument, apiArn: string): PolicyDocument {
  const expand = (r: string): string => (r.startsWith('execute-api:/') ? apiArn + r.slice('execute-api:'.length) : r);
  const fix = (v: string | string[] | undefined): string | string[] | undefined => {
    if (v === undefined) return undefined;
    if (typeof v === 'string') return expand(v);
    return v.length === 1 ? expand(v[0]!) : v.map(expand);
  };
  const statements = statementsOf(document).map((s) => {
    const out = { ...s };
    if (s.Resource !== undefined) out.Resource = fix(s.Resource)!;
    if (s.NotResource !== undefined) out.NotResource = fix(s.NotResource)!;
    return out;
  });
  return { ...document, Statement: Array.isArray(document.Statement) ? statements : statements[0]! };
}

/** The string AWS returns: the compact JSON with every `"` and `/` backslash-escaped inside the string. */
export function policyWireForm(stored: string): string {
  return stored.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\//g, '\\/');
}
