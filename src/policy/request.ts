/**
 * What a policy is evaluated against: who asks, for which action on which resource, and the condition keys
 * the request carries. Condition key names are case-insensitive in IAM, so they are looked up lower-cased.
 */

export type Principal =
  | { kind: 'anonymous' }
  /**
   * An IAM identity: its ARN and account. A role session (`arn:aws:sts::A:assumed-role/R/s`) may name its role's
   * ARN with its path (`issuer`), which policies naming the role match.
   */
  | { kind: 'aws'; arn: string; account: string; issuer?: string }
  /** An AWS service acting for itself, e.g. apigateway.amazonaws.com. */
  | { kind: 'service'; service: string };

/** Condition keys as the request carries them; keys are stored lower-cased. */
export type RequestKeys = ReadonlyMap<string, string | readonly string[]>;

export interface PolicyRequest {
  principal: Principal;
  action: string;
  resource: string;
  keys: RequestKeys;
}

export function requestKeys(values: Record<string, string | readonly string[] | undefined>): RequestKeys {
  const map = new Map<string, string | readonly string[]>();
  for (const [k, v] of Object.entries(values)) if (v !== undefined) map.set(k.toLowerCase(), v);
  return map;
}

export function keyValue(keys: RequestKeys, name: string): string | readonly string[] | undefined {
  return keys.get(name.toLowerCase());
}
