/**
 * Differential test of the policy engine against an independent IAM evaluator, @cloud-copilot/iam-simulate:
 * thousands of generated API Gateway resource policies for `execute-api:Invoke`, each evaluated for an anonymous
 * request (a private API's caller) by both engines, whose final decisions must agree.
 *
 * Reproducing a failure: the generator is a seeded PRNG, and a failure names the seed and prints the case.
 * `GATEHOUSE_DIFF_SEED=<n>` and `GATEHOUSE_DIFF_PAIRS=<n>` run another seed or more pairs.
 *
 * How iam-simulate models our situation: `runSimulation` with `principal: anonymousPrincipal`, no identity
 * policies, SCPs or RCPs, and the API's policy as `resourcePolicy`. For an anonymous request it decides on the
 * resource policy alone (an applying Deny: ExplicitlyDenied; else an applying Allow: Allowed; else
 * ImplicitlyDenied), which is what API Gateway does with a resource policy and no other authorization.
 *
 * What that model cannot express, so generation leaves it out:
 * - the root resource `.../GET/` (an empty path): iam-simulate finds no execute-api resource type for it and
 *   refuses the request; paths here are never empty;
 * - a `*` in the request's resource (it would switch iam-simulate to its wildcard-request mode) or any action
 *   but `execute-api:Invoke`: the request is always a concrete method call;
 * - multivalued context keys: the keys an execute-api request carries are all single-valued.
 * Also left out, because AWS documents no behaviour to compare against: request values containing `*` or `?`
 * that a policy variable substitutes into a StringLike pattern, IPv4-mapped IPv6 addresses, and upper-case
 * letters in an ARN's partition, service or region.
 *
 * Every disagreement must be explained by KNOWN_DIFFERENCES: places where iam-simulate departs from AWS's
 * documented behaviour and Gatehouse follows AWS. An explanation is checked, not assumed: the policy fragments
 * carrying the difference (resource patterns, or one operator/key entry of a Condition block) are replaced by a
 * fragment iam-simulate reads unambiguously with the same verdict Gatehouse gave the original (the request's own
 * ARN or an ARN matching nothing; an entry removed, or replaced by a condition that is false in both engines).
 * Gatehouse's decision must not change, and iam-simulate must then agree with it: the disagreement lay entirely
 * in those fragments.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { anonymousPrincipal, runSimulation, type EvaluationResult } from '@cloud-copilot/iam-simulate';
import { parsePolicyValue } from './document.js';
import { evaluatePolicy, type Decision, type Evaluation } from './evaluate.js';
import { requestKeys } from './request.js';

// ---------------------------------------------------------------------------------------------------------------
// A small seeded PRNG (mulberry32): deterministic on every platform and Node version.

class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }
  /** One to `max` distinct items. */
  some<T>(items: readonly T[], max: number): T[] {
    const n = this.int(1, Math.min(max, items.length));
    const chosen = new Set<T>();
    while (chosen.size < n) chosen.add(this.pick(items));
    return [...chosen];
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The world: one account, two APIs with their stages, methods and paths, and the condition keys an execute-api
// request can carry, with realistic values for requests and for policies.

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const APIS = ['a1b2c3d4e5', 'q9w8e7r6t5'] as const;
const STAGES = ['prod', 'test', 'dev'] as const;
const METHODS = ['GET', 'POST', 'DELETE', 'PATCH'] as const;
const PATHS = ['pets', 'pets/7', 'pets/7/owner', 'admin/users', 'health'] as const;
const arn = (resource: string, region: string = REGION, account: string = ACCOUNT): string => `arn:aws:execute-api:${region}:${account}:${resource}`;
/** A resource no request of the generator ever names. */
const NO_RESOURCE = arn('zzzzzzzzzz/none/GET/none');

type KeyKind = 'string' | 'ip' | 'bool' | 'date' | 'epoch' | 'arn';

interface KeySpec {
  name: string;
  kind: KeyKind;
  /** Values the request may carry. */
  request: readonly string[];
  /** Values a policy may test it against (JSON strings, numbers and booleans, as people write them). */
  policy: ReadonlyArray<string | number | boolean>;
}

const KEYS: readonly KeySpec[] = [
  {
    name: 'aws:SourceVpce', kind: 'string',
    request: ['vpce-0a1b2c3d4e5f60718', 'vpce-99998888777766665'],
    policy: ['vpce-0a1b2c3d4e5f60718', 'vpce-99998888777766665', 'vpce-0a1b*', 'vpce-*', 'VPCE-0A1B2C3D4E5F60718', 'vpce-0a1b2c3d4e5f6071?',
      '${aws:SourceVpce}', "${aws:SourceVpc, 'vpce-0a1b2c3d4e5f60718'}", 'vpce-${*}'],
  },
  {
    name: 'aws:SourceVpc', kind: 'string',
    request: ['vpc-0123abcd', 'vpc-4567ef01'],
    policy: ['vpc-0123abcd', 'vpc-4567ef01', 'vpc-*', 'VPC-0123ABCD', 'vpc-0123????', '${aws:SourceVpc}', '${aws:SourceVpce}'],
  },
  {
    name: 'aws:UserAgent', kind: 'string',
    request: ['curl/8.5.0', 'aws-cli/2.15.0 Python/3.11.6', 'Mozilla/5.0 (X11; Linux x86_64)'],
    policy: ['curl/*', '*aws-cli*', 'CURL/8.5.0', 'curl/8.5.0', 'Mozilla/?.0*', 'aws-cli/2.15.0 Python/3.11.6', "${aws:Referer, 'curl/8.5.0'}"],
  },
  {
    name: 'aws:Referer', kind: 'string',
    request: ['https://app.example.com/', 'https://evil.example.net/x'],
    policy: ['https://app.example.com/*', '*example.com*', 'https://app.example.com/', 'HTTPS://APP.EXAMPLE.COM/', "${aws:UserAgent, 'none'}", 'none', '${$}x'],
  },
  {
    name: 'aws:VpcSourceIp', kind: 'ip',
    request: ['10.0.1.17', '10.0.2.200', '172.31.5.9'],
    policy: ['10.0.0.0/16', '10.0.1.0/24', '10.0.1.17', '10.0.1.17/32', '172.31.0.0/16', '0.0.0.0/0', '192.168.0.0/16', '10.0.1.17/24'],
  },
  {
    name: 'aws:SourceIp', kind: 'ip',
    request: ['203.0.113.9', '198.51.100.20', '2001:db8::5'],
    policy: ['203.0.113.0/24', '198.51.100.20', '2001:db8::/32', '2001:db8:1::/48', '198.51.0.0/16', '2001:db8::5'],
  },
  {
    name: 'aws:SecureTransport', kind: 'bool',
    request: ['true', 'false'],
    policy: ['true', 'false', true, false],
  },
  {
    name: 'aws:CurrentTime', kind: 'date',
    request: ['2026-11-22T02:00:00Z', '2025-01-01T00:00:00Z'],
    policy: ['2026-01-01T00:00:00Z', '2026-11-22T02:00:00Z', '2026-11-22T04:00:00+02:00', '2026-11-22T02:00:00.000Z', '2027-06-30T12:00:00Z',
      '2026-11-22', '2024-12-31T23:59:59Z', 1795312800, '1780272000'],
  },
  {
    name: 'aws:EpochTime', kind: 'epoch',
    request: ['1795312800', '1735689600'],
    policy: [1795312800, '1795312800', 1700000000, '1800000000', 1735689600, '1795312800.0', '2026-06-01T00:00:00Z'],
  },
  {
    name: 'aws:SourceArn', kind: 'arn',
    request: [`arn:aws:lambda:${REGION}:${ACCOUNT}:function:fn`, arn(`${APIS[0]}/prod/GET/pets`)],
    policy: [`arn:aws:lambda:*:${ACCOUNT}:function:*`, arn(`${APIS[0]}/*`), 'arn:aws:*:*:*:*', `arn:aws:lambda:${REGION}:${ACCOUNT}:function:fn`,
      'arn:aws:execute-api:*:*:*/prod/*', `arn:aws:lambda:${REGION}:\${aws:SourceAccount, '${ACCOUNT}'}:function:fn`, `arn:aws:lambda:${REGION}:${ACCOUNT}:function:\${aws:UserAgent}`],
  },
];

const STRING_OPERATORS = ['StringEquals', 'StringNotEquals', 'StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase', 'StringLike', 'StringNotLike'];
const NUMERIC_OPERATORS = ['NumericEquals', 'NumericNotEquals', 'NumericLessThan', 'NumericLessThanEquals', 'NumericGreaterThan', 'NumericGreaterThanEquals'];
const DATE_OPERATORS = ['DateEquals', 'DateNotEquals', 'DateLessThan', 'DateLessThanEquals', 'DateGreaterThan', 'DateGreaterThanEquals'];
const ARN_OPERATORS = ['ArnEquals', 'ArnLike', 'ArnNotEquals', 'ArnNotLike'];

const OPERATORS_BY_KIND: Record<KeyKind, readonly string[]> = {
  string: STRING_OPERATORS,
  ip: ['IpAddress', 'NotIpAddress', 'IpAddress', 'NotIpAddress', 'StringLike', 'StringEquals'],
  bool: ['Bool', 'Bool', 'Bool', 'StringEquals'],
  date: DATE_OPERATORS,
  epoch: [...NUMERIC_OPERATORS, ...DATE_OPERATORS],
  arn: [...ARN_OPERATORS, 'StringLike', 'StringEquals'],
};

/** `ForAnyValue:StringLikeIfExists` → `StringLike`. */
const baseOperator = (operator: string): string => operator.replace(/^For(?:Any|All)Values?:/, '').replace(/IfExists$/, '');
/** IAM substitutes policy variables in the values of string and ARN operators only. */
const takesVariables = (base: string): boolean => base.startsWith('String') || base.startsWith('Arn');
const isNegated = (base: string): boolean => /^(StringNot|ArnNot|NumericNot|DateNot|NotIpAddress)/.test(base);

// ---------------------------------------------------------------------------------------------------------------
// Generation: the request first, then a policy whose patterns are often built from it (so that statements
// apply often enough for every decision to be common).

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
type Statement = { [key: string]: Json };
type ConditionBlock = { [operator: string]: { [key: string]: Json } };
interface Policy {
  Version?: string;
  Statement: Statement[];
}
interface Target {
  api: string;
  stage: string;
  method: string;
  path: string;
}
interface Case {
  index: number;
  policy: Policy;
  resource: string;
  context: Record<string, string>;
}

const list = (v: Json | undefined): Json[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const oneOrList = (r: Rng, values: Json[]): Json => (values.length === 1 && r.chance(0.7) ? values[0]! : values);

/** A part of an ARN as a policy author might write it: as is, or with wildcards. */
function blur(r: Rng, s: string): string {
  const x = r.next();
  if (x < 0.6) return s;
  if (x < 0.75) return '*';
  if (x < 0.87) return `${s.slice(0, r.int(1, s.length - 1))}*`;
  const i = r.int(0, s.length - 1);
  return `${s.slice(0, i)}?${s.slice(i + 1)}`;
}

function resourcePattern(r: Rng, t: Target): string {
  const near = r.chance(0.6);
  const api = near ? (r.chance(0.08) ? blur(r, t.api) : t.api) : r.pick(APIS);
  const stage = near ? blur(r, t.stage) : r.pick([...STAGES, '*']);
  const method = near ? (r.chance(0.05) ? t.method.toLowerCase() : blur(r, t.method)) : r.pick([...METHODS, '*']);
  const path = near ? r.pick([t.path, blur(r, t.path), `${t.path.split('/')[0]}/*`, '*']) : r.pick([...PATHS, '*', 'pets/*', '*/owner']);
  switch (r.int(0, 19)) {
    case 0: return '*';
    case 1: return arn('*', '*', '*');
    case 2: return arn(`${api}/*`);
    case 3: return arn(`${api}/${stage}/*`);
    case 4: return arn(`${api}/${stage}/${method}/*`, r.pick([REGION, '*', 'us-*', 'us-east-?']), r.pick([ACCOUNT, '*', '1234*']));
    case 5: return arn(`${api}/${stage}/${method}/${path}`, REGION, '999999999999');
    case 6: return r.pick(['arn:aws:s3:::bucket/*', `arn:aws:lambda:${REGION}:${ACCOUNT}:function:*`, 'arn:aws:execute-api:*']);
    case 7: return arn(`${api}/\${aws:Referer, '${t.stage}'}/*`);
    case 8: return arn(`${api}/\${aws:SourceVpc}/*`);
    case 9: return arn(`${api}/${stage}/${method}/${t.path.split('/')[0]}\${*}`);
    case 10: return r.chance(0.4) ? `arn:aws:execute-api:*:${api}/${stage}/*` : arn(`${api}/${stage}/*`);
    default: return arn(`${api}/${stage}/${method}/${path}`);
  }
}

const ACTIONS = ['execute-api:Invoke', 'execute-api:Invoke', 'execute-api:Invoke', 'execute-api:*', 'execute-api:*', '*', 'execute-api:Inv*',
  'execute-api:invoke', 'EXECUTE-API:Invoke', 'execute-api:I?voke', 'execute-api:*oke', 'execute-api:InvalidateCache', 'execute-api:ManageConnections', 's3:GetObject'];

function conditionBlock(r: Rng, context: Record<string, string>): ConditionBlock {
  const block: ConditionBlock = {};
  for (let i = r.int(1, 2); i > 0; i--) {
    const first = r.pick(KEYS);
    const keys = r.chance(0.25) ? [first, r.pick(KEYS.filter((k) => k.kind === first.kind))] : [first];
    let operator: string;
    if (r.chance(0.12)) operator = 'Null';
    else {
      operator = r.pick(OPERATORS_BY_KIND[first.kind]);
      if (r.chance(0.2)) operator += 'IfExists';
      if (r.chance(0.12)) operator = `${r.pick(['ForAnyValue', 'ForAllValues'])}:${operator}`;
    }
    const base = baseOperator(operator);
    const entries = block[operator] ?? {};
    for (const key of new Set(keys)) {
      let values: Json[];
      if (operator === 'Null') values = r.chance(0.2) ? ['true', 'false'] : [r.pick(['true', 'false', true, false])];
      else {
        values = r.some(key.policy, 3);
        // The request's own value, often: conditions that hold are as interesting as those that do not.
        const own = context[key.name];
        if (own !== undefined && key.kind === 'string' && r.chance(0.3)) values.push(own);
        if (!takesVariables(base)) values = values.filter((v) => typeof v !== 'string' || !v.includes('${'));
        // aws:EpochTime takes numbers in numeric operators, and whole epoch seconds or ISO 8601 in date operators.
        if (base.startsWith('Numeric')) values = values.filter((v) => /^\d+(\.\d+)?$/.test(String(v)));
        if (base.startsWith('Date')) values = values.filter((v) => !/^\d+\.\d+$/.test(String(v)));
        if (values.length === 0) values = [key.policy[0]!];
      }
      entries[r.chance(0.1) ? key.name.toUpperCase() : key.name] = oneOrList(r, values);
    }
    block[operator] = entries;
  }
  return block;
}

function statement(r: Rng, t: Target, context: Record<string, string>): Statement {
  const s: Statement = { Effect: r.chance(0.4) ? 'Deny' : 'Allow' };
  if (r.chance(0.3)) s.Sid = `S${r.int(0, 99)}`;
  if (r.chance(0.08)) s.NotPrincipal = r.pick<Json>([{ AWS: ACCOUNT }, { AWS: `arn:aws:iam::${ACCOUNT}:root` }, { AWS: [`arn:aws:iam::${ACCOUNT}:role/Admin`] }]);
  else s.Principal = r.pick<Json>(['*', '*', '*', '*', { AWS: '*' }, { AWS: '*' }, { AWS: ['*', `arn:aws:iam::${ACCOUNT}:root`] }, { AWS: ACCOUNT }, { AWS: `arn:aws:iam::${ACCOUNT}:root` }, { Service: 'lambda.amazonaws.com' }]);
  s[r.chance(0.12) ? 'NotAction' : 'Action'] = oneOrList(r, Array.from({ length: r.int(1, 2) }, () => r.pick(ACTIONS)));
  s[r.chance(0.12) ? 'NotResource' : 'Resource'] = oneOrList(r, Array.from({ length: r.int(1, 2) }, () => resourcePattern(r, t)));
  if (r.chance(0.6)) s.Condition = conditionBlock(r, context);
  return s;
}

function generate(r: Rng, index: number): Case {
  const t: Target = { api: r.pick(APIS), stage: r.pick(STAGES), method: r.pick(METHODS), path: r.pick(PATHS) };
  const context: Record<string, string> = {};
  for (const key of KEYS) if (r.chance(0.8)) context[key.name] = r.pick(key.request);
  const policy: Policy = { Statement: [] };
  // Mostly the current policy language; sometimes none (2008-10-17 by default) or 2008-10-17 itself.
  const version = r.chance(0.1) ? r.pick([undefined, '2008-10-17']) : '2012-10-17';
  if (version !== undefined) policy.Version = version;
  policy.Statement = Array.from({ length: r.int(1, 3) }, () => statement(r, t, context));
  return { index, policy, resource: arn(`${t.api}/${t.stage}/${t.method}/${t.path}`), context };
}

// ---------------------------------------------------------------------------------------------------------------
// The two engines.

function gatehouse(c: Case): Evaluation {
  const parsed = parsePolicyValue(c.policy);
  if (!parsed.ok) throw new Error(`case ${c.index}: Gatehouse rejects the policy: ${parsed.reason}\n${JSON.stringify(c)}`);
  return evaluatePolicy(parsed.document, { principal: { kind: 'anonymous' }, action: 'execute-api:Invoke', resource: c.resource, keys: requestKeys(c.context) });
}

const FROM_SIMULATE: Record<EvaluationResult, Decision> = { Allowed: 'Allow', ExplicitlyDenied: 'ExplicitDeny', ImplicitlyDenied: 'ImplicitDeny' };

interface Simulated {
  decision: Decision;
  /** Per statement: element (`principal`, `action`, `resource`, `Operator key`) → matched; for failure messages. */
  elements: Array<Record<string, boolean>>;
}

async function iamSimulate(c: Case): Promise<Simulated> {
  const result = await runSimulation({
    request: { principal: anonymousPrincipal, action: 'execute-api:Invoke', resource: { resource: c.resource, accountId: ACCOUNT }, contextVariables: c.context },
    identityPolicies: [],
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: c.policy,
  }, {});
  if (result.resultType === 'error') throw new Error(`case ${c.index}: iam-simulate rejects the input: ${JSON.stringify(result.errors)}\n${JSON.stringify(c)}`);
  if (result.resultType !== 'single') throw new Error(`case ${c.index}: iam-simulate ran a ${result.resultType} simulation`);
  const analysis = result.result.analysis.resourceAnalysis;
  const elements: Array<Record<string, boolean>> = [];
  for (const s of [...(analysis?.allowStatements ?? []), ...(analysis?.denyStatements ?? []), ...(analysis?.unmatchedStatements ?? [])]) {
    const e: Record<string, boolean> = { principal: s.explain.principalMatch === 'Match', action: s.explain.actionMatch, resource: s.explain.resourceMatch };
    for (const k of s.explain.conditions ?? []) e[`${k.operator} ${k.conditionKeyValue}`] = k.matches;
    elements[s.statement.index() - 1] = e;
  }
  return { decision: FROM_SIMULATE[result.overallResult], elements };
}

/** Gatehouse's verdicts in the same shape, to show where the engines part in a failure message. */
function gatehouseElements(e: Evaluation): Array<Record<string, boolean>> {
  return e.statements.map((s) => {
    const out: Record<string, boolean> = { principal: s.principal, action: s.action, resource: s.resource };
    for (const k of s.conditions) out[`${k.operator} ${k.key}`] = k.result;
    return out;
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Known differences: where iam-simulate departs from AWS's documented behaviour. Each says which fragments of a
// case carry it; a disagreement counts as explained only if neutralizing those fragments (see the header) makes
// the engines agree.

const VARIABLE = /\$\{([^}]*)\}/g;
/** The keys of the policy variables in a text that have no value in the request and no default. */
function unresolvedVariables(text: string, context: Record<string, string>): string[] {
  const present = new Set(Object.keys(context).map((k) => k.toLowerCase()));
  const out: string[] = [];
  for (const m of text.matchAll(VARIABLE)) {
    const inner = m[1]!.trim();
    if (inner === '*' || inner === '?' || inner === '$' || inner.includes(',')) continue;
    if (!present.has(inner.toLowerCase())) out.push(inner);
  }
  return out;
}
const hasVariables = (policy: Policy): boolean => policy.Version === '2012-10-17';
const requestValue = (c: Case, key: string): string | undefined => Object.entries(c.context).find(([k]) => k.toLowerCase() === key.toLowerCase())?.[1];

interface ResourceFragment {
  kind: 'resource';
  statement: number;
  element: 'Resource' | 'NotResource';
  index: number;
  pattern: string;
}
interface ConditionFragment {
  kind: 'condition';
  statement: number;
  operator: string;
  key: string;
  values: string[];
}
type Fragment = ResourceFragment | ConditionFragment;

interface KnownDifference {
  name: string;
  /** Why AWS behaves as Gatehouse does, and what iam-simulate does instead. */
  why: string;
  /** The AWS documentation that says so. */
  source: string;
  resource?: (pattern: string, element: 'Resource' | 'NotResource', c: Case) => boolean;
  condition?: (operator: string, key: string, values: string[], c: Case) => boolean;
}

const KNOWN_DIFFERENCES: readonly KnownDifference[] = [
  {
    name: 'wildcard in the API id of an execute-api ARN',
    why: 'AWS lets wildcards stand anywhere in an ARN segment, and `*` "can expand to replace everything within a segment, '
      + 'including characters like a forward slash (/)"; so `arn:aws:execute-api:us-east-1:123456789012:*/prod/GET/*` matches every '
      + "API's prod GET methods. iam-simulate takes the text before the first `/` (`*/`) as a resource-type prefix that must "
      + 'match literally, so such a pattern never matches.',
    source: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html#reference_policies_elements_resource_wildcards',
    resource: (pattern) => {
      const parts = pattern.split(':');
      if (!pattern.startsWith('arn:') || parts.length < 6) return false;
      const id = parts.slice(5).join(':');
      return id.includes('/') && /[*?]/.test(id.slice(0, id.indexOf('/')));
    },
  },
  {
    name: 'ARN with fewer than six segments whose trailing `*` spans colons',
    why: 'AWS: "If the * wildcard is the last character of a resource ARN segment, it can expand to match beyond the colon '
      + 'boundaries", so `arn:aws:execute-api:*:a1b2c3d4e5/prod/*` matches `arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/prod/GET/pets`. '
      + 'iam-simulate pads a short ARN with `*` segments and matches segment by segment (here the account segment `a1b2c3d4e5/prod/*` '
      + 'against `123456789012`).',
    source: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html#reference_policies_elements_resource_wildcards',
    resource: (pattern) => pattern.startsWith('arn:') && pattern.split(':').length < 6,
  },
  {
    name: 'policy variable without a value in NotResource',
    why: 'AWS: a resource "that includes a policy variable with no value will not match any resource" (the value is "effectively '
      + 'null"); in NotResource such an entry excludes nothing, as the inverted operators "do match against a null value". '
      + 'iam-simulate makes the whole NotResource element fail to match instead.',
    source: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#policy-vars-no-value',
    resource: (pattern, element, c) => element === 'NotResource' && hasVariables(c.policy) && unresolvedVariables(pattern, c.context).length > 0,
  },
  {
    name: 'policy variable without a value in a negated condition operator',
    why: 'AWS: "Inverted condition operators like StringNotEquals or StringNotLike do match against a null value, as the value of '
      + 'the condition key they are testing against is not equal to or like the effectively null value." iam-simulate counts '
      + 'such a value as failing to match, which makes a negated operator false.',
    source: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#policy-vars-no-value',
    condition: (operator, _key, values, c) => isNegated(baseOperator(operator)) && takesVariables(baseOperator(operator)) && hasVariables(c.policy)
      && values.some((v) => unresolvedVariables(v, c.context).length > 0),
  },
  {
    name: 'IPv4 CIDR with a /0 prefix',
    why: 'AWS takes IP address condition values "in the standard CIDR format", in which 0.0.0.0/0 holds every IPv4 address. '
      + 'iam-simulate builds its mask as `-1 << (32 - prefix)`, and JavaScript shifts by 32 modulo 32, so /0 behaves as /32.',
    source: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IPAddress',
    condition: (operator, _key, values) => /IpAddress$/.test(baseOperator(operator)) && values.some((v) => /^[\d.]+\/0$/.test(v)),
  },
  {
    name: 'IP address without a prefix, tested against a request of the other IP version',
    why: 'AWS: "If you specify an IP address without the associated routing prefix, IAM uses the default prefix value of /32": '
      + '`198.51.100.20` is the range `198.51.100.20/32`, which holds no IPv6 address, just as `2001:db8::5` (/128) holds no IPv4 '
      + 'address; NotIpAddress is true for them. iam-simulate agrees for the written-out ranges (an address of the other version '
      + 'is outside a CIDR), but for a bare address it answers "no match" to IpAddress and NotIpAddress alike.',
    source: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IPAddress',
    condition: (operator, key, values, c) => {
      const request = requestValue(c, key);
      if (baseOperator(operator) !== 'NotIpAddress' || request === undefined) return false;
      const v6 = (ip: string): boolean => ip.includes(':');
      return values.some((v) => !v.includes('/') && v6(v) !== v6(request));
    },
  },
  {
    name: 'policy variable in the first five segments of an ARN condition value',
    why: 'AWS allows policy variables in the values of ARN condition operators, which compare "each of the six colon-delimited '
      + 'components of the ARN" separately; a variable stands for one value, and the names of the keys it refers to contain a colon '
      + "(`${aws:SourceAccount}`). iam-simulate splits the policy's value at every colon before substituting, which cuts such a "
      + 'variable in two when it is in the region or account segment, so the value never matches.',
    source: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_ARN',
    condition: (operator, _key, values, c) => baseOperator(operator).startsWith('Arn') && hasVariables(c.policy)
      && values.some((v) => v.replace(VARIABLE, '\u0001').split(':').slice(0, 5).some((part) => part.includes('\u0001'))),
  },
  {
    name: 'date values mixing epoch and ISO 8601',
    why: 'AWS: date condition values are given "with one of the W3C implementations of the ISO 8601 date formats or in epoch (UNIX) '
      + 'time", and compare as instants whichever form each side has. iam-simulate compares an epoch value in seconds with an ISO '
      + 'value in milliseconds.',
    source: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Date',
    condition: (operator, key, values, c) => {
      if (!baseOperator(operator).startsWith('Date')) return false;
      const epoch = (v: string): boolean => /^\d+$/.test(v);
      const request = requestValue(c, key);
      return request !== undefined && values.some((v) => epoch(v) !== epoch(request));
    },
  },
  {
    name: 'policy variables in a policy without Version 2012-10-17',
    why: 'AWS, of the 2008-10-17 policy language (also what an absent Version means): "variables such as `${aws:username}` aren\'t '
      + 'recognized as variables and are instead treated as literal strings in the policy". iam-simulate substitutes them whatever '
      + 'the Version.',
    source: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html',
    resource: (pattern, _element, c) => !hasVariables(c.policy) && pattern.includes('${'),
    condition: (operator, _key, values, c) => !hasVariables(c.policy) && takesVariables(baseOperator(operator)) && values.some((v) => v.includes('${')),
  },
];

function locate(k: KnownDifference, c: Case): Fragment[] {
  const out: Fragment[] = [];
  c.policy.Statement.forEach((s, statement) => {
    for (const element of ['Resource', 'NotResource'] as const) {
      list(s[element]).forEach((p, index) => {
        if (typeof p === 'string' && k.resource?.(p, element, c)) out.push({ kind: 'resource', statement, element, index, pattern: p });
      });
    }
    const block = s.Condition as ConditionBlock | undefined;
    for (const [operator, entries] of Object.entries(block ?? {})) {
      for (const [key, raw] of Object.entries(entries)) {
        const values = list(raw).map(String);
        if (k.condition?.(operator, key, values, c)) out.push({ kind: 'condition', statement, operator, key, values });
      }
    }
  });
  return out;
}

/** Whether Gatehouse matches one resource pattern alone against the case's request. */
function gatehouseMatchesPattern(c: Case, pattern: string): boolean {
  const one: Policy = { ...c.policy, Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: pattern }] };
  return gatehouse({ ...c, policy: one }).decision === 'Allow';
}

/** The case with each fragment replaced by one both engines read alike, keeping Gatehouse's verdict on it. */
function neutralize(c: Case, fragments: readonly Fragment[], ours: Evaluation): Case {
  const policy = JSON.parse(JSON.stringify(c.policy)) as Policy;
  for (const f of fragments) {
    const s = policy.Statement[f.statement]!;
    if (f.kind === 'resource') {
      const patterns = list(s[f.element]);
      patterns[f.index] = gatehouseMatchesPattern(c, f.pattern) ? c.resource : NO_RESOURCE;
      s[f.element] = patterns;
      continue;
    }
    const held = ours.statements[f.statement]!.conditions.find((k) => k.operator === f.operator && k.key === f.key)!.result;
    const block = s.Condition as ConditionBlock;
    delete block[f.operator]![f.key];
    if (Object.keys(block[f.operator]!).length === 0) delete block[f.operator];
    // False in both engines: a positive operator on a key no generated request carries.
    if (!held) block.StringEquals = { ...block.StringEquals, 'aws:RequestedRegion': 'nowhere-1' };
  }
  for (const s of policy.Statement) if (s.Condition !== undefined && Object.keys(s.Condition as ConditionBlock).length === 0) delete s.Condition;
  return { ...c, policy };
}

/** The smallest set of known differences whose neutralization makes the engines agree, or undefined. */
async function explainDisagreement(c: Case, ours: Evaluation): Promise<string[] | undefined> {
  const located = KNOWN_DIFFERENCES.map((k) => ({ k, fragments: locate(k, c) })).filter((x) => x.fragments.length > 0);
  const candidates: Array<typeof located> = [...located.map((x) => [x])];
  for (let i = 0; i < located.length; i++) for (let j = i + 1; j < located.length; j++) candidates.push([located[i]!, located[j]!]);
  if (located.length > 2) candidates.push(located);
  for (const set of candidates) {
    const neutral = neutralize(c, set.flatMap((x) => x.fragments), ours);
    const decision = gatehouse(neutral).decision;
    assert.equal(decision, ours.decision, `case ${c.index}: neutralizing ${set.map((x) => x.k.name).join(' + ')} changed Gatehouse's decision: the neutralization is wrong`);
    if ((await iamSimulate(neutral)).decision === decision) return set.map((x) => x.k.name);
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------------

const SEED = Number(process.env.GATEHOUSE_DIFF_SEED ?? 20261122);
const PAIRS = Number(process.env.GATEHOUSE_DIFF_PAIRS ?? 3000);

test(`Gatehouse and iam-simulate decide alike on ${PAIRS} generated resource policies for anonymous execute-api:Invoke (seed ${SEED})`, async (t) => {
  const r = new Rng(SEED);
  const cases = Array.from({ length: PAIRS }, (_, i) => generate(r, i));
  // One at a time: iam-simulate's work is CPU-bound, and concurrent calls only add memory pressure.
  const theirs: Simulated[] = [];
  for (const c of cases) theirs.push(await iamSimulate(c));

  const decisions: Record<Decision, number> = { Allow: 0, ExplicitDeny: 0, ImplicitDeny: 0 };
  const excluded = new Map<string, number>(KNOWN_DIFFERENCES.map((k) => [k.name, 0]));
  const unexplained: string[] = [];
  for (const [i, c] of cases.entries()) {
    const ours = gatehouse(c);
    const other = theirs[i]!;
    decisions[ours.decision]++;
    if (ours.decision === other.decision) continue;
    const names = await explainDisagreement(c, ours);
    if (names) {
      const name = names.join(' + ');
      excluded.set(name, (excluded.get(name) ?? 0) + 1);
      continue;
    }
    const mine = gatehouseElements(ours);
    const parts = mine.flatMap((m, s) => Object.entries(m).filter(([e, v]) => other.elements[s]?.[e] !== v).map(([e, v]) => `statement ${s} ${e}: Gatehouse ${v}, iam-simulate ${other.elements[s]?.[e]}`));
    unexplained.push(`case ${c.index} (seed ${SEED}): Gatehouse ${ours.decision}, iam-simulate ${other.decision}\n  where they part: ${parts.join('; ') || 'no single element'}\n  ${JSON.stringify(c)}`);
  }

  const agreed = PAIRS - [...excluded.values()].reduce((a, b) => a + b, 0) - unexplained.length;
  t.diagnostic(`seed ${SEED}: ${PAIRS} pairs compared; Gatehouse decided Allow ${decisions.Allow}, ExplicitDeny ${decisions.ExplicitDeny}, ImplicitDeny ${decisions.ImplicitDeny}; the engines agreed on ${agreed}`);
  for (const [name, n] of excluded) t.diagnostic(`excluded as a known difference of iam-simulate (${name}): ${n}`);
  t.diagnostic(`unexplained disagreements: ${unexplained.length}`);
  assert.equal(unexplained.length, 0, `unexplained disagreements (fix Gatehouse, or document an iam-simulate difference):\n${unexplained.slice(0, 10).join('\n')}`);
});
