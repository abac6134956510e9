/**
 * A policy the data plane reads from the store (a deployment's resource policy, a VPC endpoint's policy):
 * parsed, or why it could not be read. Policies are checked when written, so an unreadable one means a store
 * from another Gatehouse version or edited by hand; it denies every request, on private and public APIs alike
 * (fail closed): a policy Gatehouse cannot read might have denied, and private means private.
 */
import { parsePolicy, type PolicyDocument } from '../policy/document.js';

export type StoredPolicy = { document: PolicyDocument } | { unreadable: string };

// Hot path: a policy is parsed once per distinct text, not per request or per store change (bench/dataplane).
const byText = new Map<string, StoredPolicy>();

export function readStoredPolicy(text: string): StoredPolicy {
  const hit = byText.get(text);
  if (hit) return hit;
  const parsed = parsePolicy(text);
  const policy: StoredPolicy = parsed.ok ? { document: parsed.document } : { unreadable: parsed.reason };
  if (byText.size >= 1000) byText.clear();
  byText.set(text, policy);
  return policy;
}
