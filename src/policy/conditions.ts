/**
 * IAM condition operators, as a registry: each base operator says how one policy value compares with one
 * request value. Negation, `...IfExists`, `ForAnyValue:`/`ForAllValues:` and missing keys are handled once,
 * in evaluateCondition, with IAM's rules:
 * - a missing key makes a positive operator false and a negated one true (not for IfExists or Null); under a
 *   set operator it makes ForAnyValue false and ForAllValues true, whether or not IfExists is added;
 * - several policy values for one key are ORed (for negated operators: the value matches none of them);
 * - several keys under one operator, and several operators in a block, are ANDed (in evaluate.ts).
 */
import ipaddr from 'ipaddr.js';
import type { RequestKeys } from './request.js';
import { keyValue } from './request.js';
import { substitute } from './variables.js';
import { literalText, wildcardMatch } from './wildcard.js';

type Compare = (policyValue: string, requestValue: string) => boolean;

interface BaseOperator {
  compare: Compare;
  negated: boolean;
  /** Whether policy variables are substituted in policy values (IAM does so for string and ARN operators). */
  variables: boolean;
}

const num = (s: string): number => (s.trim() === '' ? Number.NaN : Number(s));
const date = (s: string): number => (/^\d+(\.\d+)?$/.test(s) ? Number(s) * 1000 : Date.parse(s));
const numeric = (f: (a: number, b: number) => boolean): Compare => (p, r) => {
  const a = num(r);
  const b = num(p);
  return !Number.isNaN(a) && !Number.isNaN(b) && f(a, b);
};
const dated = (f: (a: number, b: number) => boolean): Compare => (p, r) => {
  const a = date(r);
  const b = date(p);
  return !Number.isNaN(a) && !Number.isNaN(b) && f(a, b);
};

function ipInRange(cidr: string, ip: string): boolean {
  try {
    const address = ipaddr.parse(ip);
    const [range, bits] = cidr.includes('/') ? ipaddr.parseCIDR(cidr) : [ipaddr.parse(cidr), ipaddr.parse(cidr).kind() === 'ipv4' ? 32 : 128];
    const a = address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress() ? (address as ipaddr.IPv6).toIPv4Address() : address;
    return a.kind() === range.kind() && a.match(range, bits);
  } catch {
    return false;
  }
}

/** ARNs compare part by part (`arn:partition:service:region:account:resource`), each with wildcards. */
function arnLike(pattern: string, arn: string): boolean {
  const p = pattern.split(':');
  const a = arn.split(':');
  if (p.length < 6 || a.length < 6) return false;
  const resourceP = p.slice(5).join(':');
  const resourceA = a.slice(5).join(':');
  for (let i = 0; i < 5; i++) if (!wildcardMatch(p[i]!, a[i]!)) return false;
  return wildcardMatch(resourceP, resourceA);
}

const equals: Compare = (p, r) => literalText(p) === r;
const equalsIgnoreCase: Compare = (p, r) => literalText(p).toLowerCase() === r.toLowerCase();
const like: Compare = (p, r) => wildcardMatch(p, r);
const bool: Compare = (p, r) => p.toLowerCase() === r.toLowerCase();
const binary: Compare = (p, r) => p === r;
const ip: Compare = (p, r) => ipInRange(p, r);

const op = (compare: Compare, negated: boolean, variables = false): BaseOperator => ({ compare, negated, variables });

export const OPERATORS: ReadonlyMap<string, BaseOperator> = new Map([
  ['StringEquals', op(equals, false, true)],
  ['StringNotEquals', op(equals, true, true)],
  ['StringEqualsIgnoreCase', op(equalsIgnoreCase, false, true)],
  ['StringNotEqualsIgnoreCase', op(equalsIgnoreCase, true, true)],
  ['StringLike', op(like, false, true)],
  ['StringNotLike', op(like, true, true)],
  ['NumericEquals', op(numeric((a, b) => a === b), false)],
  ['NumericNotEquals', op(numeric((a, b) => a === b), true)],
  ['NumericLessThan', op(numeric((a, b) => a < b), false)],
  ['NumericLessThanEquals', op(numeric((a, b) => a <= b), false)],
  ['NumericGreaterThan', op(numeric((a, b) => a > b), false)],
  ['NumericGreaterThanEquals', op(numeric((a, b) => a >= b), false)],
  ['DateEquals', op(dated((a, b) => a === b), false)],
  ['DateNotEquals', op(dated((a, b) => a === b), true)],
  ['DateLessThan', op(dated((a, b) => a < b), false)],
  ['DateLessThanEquals', op(dated((a, b) => a <= b), false)],
  ['DateGreaterThan', op(dated((a, b) => a > b), false)],
  ['DateGreaterThanEquals', op(dated((a, b) => a >= b), false)],
  ['Bool', op(bool, false)],
  ['BinaryEquals', op(binary, false)],
  ['IpAddress', op(ip, false)],
  ['NotIpAddress', op(ip, true)],
  ['ArnEquals', op(arnLike, false, true)],
  ['ArnLike', op(arnLike, false, true)],
  ['ArnNotEquals', op(arnLike, true, true)],
  ['ArnNotLike', op(arnLike, true, true)],
]);

export interface ParsedOperator {
  name: string;
  set: 'ForAnyValue' | 'ForAllValues' | undefined;
  base: string;
  ifExists: boolean;
}

/** `ForAllValues:StringLikeIfExists` → its parts; undefined for an operator IAM does not have. */
export function parseOperator(name: string): ParsedOperator | undefined {
  const m = /^(?:(ForAnyValue|ForAllValues):)?(.+?)(IfExists)?$/.exec(name);
  if (!m) return undefined;
  const base = m[2]!;
  if (base !== 'Null' && !OPERATORS.has(base)) return undefined;
  if (base === 'Null' && (m[1] !== undefined || m[3] !== undefined)) return undefined;
  return { name, set: m[1] as ParsedOperator['set'], base, ifExists: m[3] !== undefined };
}

export interface ConditionResult {
  result: boolean;
  /** Why, in words a user can act on: the request's value (or that it is absent) and the policy's values. */
  note: string;
  /** The request's value for the key; undefined when the request does not carry it. */
  requestValue: string | readonly string[] | undefined;
}

const shownValue = (v: string | readonly string[]): string => (typeof v === 'string' ? v : `[${v.join(', ')}]`);

/**
 * One `operator: { key: values }` entry of a Condition block, for one key. `variables`: whether the policy's
 * language has policy variables (2012-10-17); in a 2008-10-17 policy `${...}` is literal text.
 */
export function evaluateCondition(operator: ParsedOperator, key: string, policyValues: readonly string[], keys: RequestKeys, variables = true): ConditionResult {
  const present = keyValue(keys, key);
  const wanted = `${operator.name} [${policyValues.join(', ')}]`;
  if (operator.base === 'Null') {
    // Several values are ORed, as for every operator: ["true", "false"] holds whether the key is there or not.
    const wants = new Set(policyValues.map((v) => v.toLowerCase()));
    const result = present === undefined ? wants.has('true') : wants.has('false');
    const rule = wants.has('true') && wants.has('false') ? 'Null true or false: the key may be absent or present'
      : wants.has('true') ? 'Null true: the key must be absent' : 'Null false: the key must be present';
    const is = present === undefined ? `${key} is absent` : `${key} is present (${shownValue(present)})`;
    return { result, note: `${is}: ${result ? 'satisfies' : 'does not satisfy'} ${wanted} (${rule})`, requestValue: present };
  }
  const base = OPERATORS.get(operator.base)!;
  if (present === undefined) {
    const absent = (result: boolean, why: string): ConditionResult => ({ result, note: `${key} is absent, so ${wanted} is ${result}: ${why}`, requestValue: undefined });
    // The set operator decides before IfExists: ForAnyValue over no values is false, IfExists or not (AWS documents
    // ForAnyValue as false for a missing key; a ForAnyValue:StringEqualsIfExists Allow does not grant a request without
    // the key: https://repost.aws/questions/QU9HFmDzP0QGuU-fd7rS6B7w).
    if (operator.set === 'ForAnyValue') return absent(false, 'ForAnyValue of no values is false, even with IfExists');
    if (operator.set === 'ForAllValues') return absent(true, 'ForAllValues of no values is true');
    if (operator.ifExists) return absent(true, '...IfExists is true for an absent key');
    return base.negated ? absent(true, 'a negated operator is true for an absent key') : absent(false, 'a positive operator is false for an absent key');
  }
  const resolved: string[] = [];
  for (const v of policyValues) {
    const s = base.variables && variables ? substitute(v, keys) : v;
    if (s !== undefined) resolved.push(s);
  }
  const matchesOne = (requestValue: string): boolean => {
    const hit = resolved.some((pv) => base.compare(pv, requestValue));
    return base.negated ? !hit : hit;
  };
  const values = typeof present === 'string' ? [present] : present;
  const result = operator.set === 'ForAllValues' ? values.every(matchesOne) : values.some(matchesOne);
  // Policy variables: say what they stood for in this request.
  const substituted = base.variables && variables && policyValues.some((v) => v.includes('${')) ? ` (with policy variables: [${resolved.map(literalText).join(', ')}])` : '';
  return { result, note: `${key} is ${shownValue(present)}: ${result ? 'satisfies' : 'does not satisfy'} ${wanted}${substituted}`, requestValue: present };
}
