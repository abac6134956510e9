/**
 * What a Lambda authorizer answers, read as API Gateway reads it (developer guide, "Output from an API Gateway
 * Lambda authorizer"): a JSON object with `principalId`, a `policyDocument` (an identity policy: no Principal)
 * and optionally `context` (string, number and boolean values, handed on stringified; null kept) and
 * `usageIdentifierKey`. Anything else is a configuration error (500), with the reason for the execution log.
 */
import { parsePolicyValue, statementsOf, type PolicyDocument } from '../../policy/document.js';

export interface AuthorizerResult {
  principalId: string;
  policy: PolicyDocument;
  /**
   * Whether the policy's decision depends on the method ARN alone (no Condition): then a cached result's
   * evaluation is remembered per method ARN (custom-step.ts), not made again for every request.
   */
  unconditional: boolean;
  /** Context values as the integration receives them: stringified, null kept. */
  context: Readonly<Record<string, string | null>>;
  usageIdentifierKey?: string;
}

type Read = { ok: true; result: AuthorizerResult } | { ok: false; reason: string };

/**
 * Hot path (an uncached authorizer, TTL 0): a function mostly answers the same few outputs, and parsing one
 * (JSON, then the policy's schema) costs more than the rest of the step; small outputs are read once and kept
 * (bounded), their results shared (they are never changed).
 */
const MEMO_LIMIT = 500;
const MEMO_MAX_CHARS = 4096;
const memo = new Map<string, Read>();

export function readAuthorizerOutput(payload: string): Read {
  if (payload.length > MEMO_MAX_CHARS) return read(payload);
  const hit = memo.get(payload);
  if (hit) return hit;
  const made = read(payload);
  if (memo.size >= MEMO_LIMIT) memo.delete(memo.keys().next().value!);
  memo.set(payload, made);
  return made;
}

function read(payload: string): Read {
  let value: unknown;
  try {
    value = JSON.parse(payload);
  } catch {
    return { ok: false, reason: 'the authorizer did not answer JSON' };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { ok: false, reason: 'the authorizer did not answer a JSON object' };
  const out = value as Record<string, unknown>;
  const principalId = out['principalId'];
  if (typeof principalId !== 'string' && typeof principalId !== 'number') return { ok: false, reason: 'the authorizer answered no principalId' };
  const document = out['policyDocument'];
  if (document === null || typeof document !== 'object') return { ok: false, reason: 'Could not parse policy: the authorizer answered no policyDocument' };
  const parsed = parsePolicyValue(document);
  if (!parsed.ok) return { ok: false, reason: `Could not parse policy: ${parsed.reason}` };
  const context: Record<string, string | null> = {};
  const raw = out['context'];
  if (raw !== undefined && raw !== null) {
    if (typeof raw !== 'object' || Array.isArray(raw)) return { ok: false, reason: 'the authorizer context is not a JSON object' };
    for (const [key, v] of Object.entries(raw)) {
      if (v === null) context[key] = null;
      else if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') context[key] = String(v);
      else return { ok: false, reason: `the authorizer context value of ${key} is ${Array.isArray(v) ? 'an array' : 'an object'}: only strings, numbers and booleans are allowed` };
    }
  }
  const result: AuthorizerResult = { principalId: String(principalId), policy: parsed.document, unconditional: statementsOf(parsed.document).every((st) => st.Condition === undefined), context };
  const key = out['usageIdentifierKey'];
  if (typeof key === 'string') result.usageIdentifierKey = key;
  return { ok: true, result };
}
