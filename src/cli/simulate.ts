/**
 * `gatehouse policy simulate`: a resource policy (and optionally a VPC endpoint policy) evaluated against a
 * described execute-api request, locally: no server, nothing sent. It prints the same explanation as
 * `gatehouse explain` and the exact answer API Gateway would give; the exit code says allowed (0) or
 * denied (2). Policies are read as the control plane reads them: the resource policy's `execute-api:/...`
 * shorthand is expanded for the API, and a document AWS would refuse is refused with AWS's message.
 */
import { executeApiMethodArn } from '../shared/arns.js';
import { readFileSync } from 'node:fs';
import { accessDenied } from '../gateway/gateway-error.js';
import { explainedRecord, type ExplainedRecord, type PolicyDecision, type RequestRecord } from '../gateway/request-log.js';
import { parsePolicy, type PolicyDocument } from '../policy/document.js';
import { evaluatePolicy } from '../policy/evaluate.js';
import { requestKeys, type PolicyRequest } from '../policy/request.js';
import { normalizePolicy } from '../services/apigateway/policy-field.js';
import { checkedEndpointPolicy } from '../services/ec2/endpoint-policy.js';
import { DEFAULT_ACCOUNT, DEFAULT_REGION } from '../shared/accounts.js';
import { ServiceError } from '../shared/errors.js';
import { policiesLines } from './explain-format.js';

export interface SimulateOptions {
  /** The resource policy: JSON text, a file name, `file://name`, or `-` for standard input. */
  policy: string;
  endpointPolicy?: string | undefined;
  resource?: string | undefined;
  api?: string | undefined;
  stage?: string | undefined;
  method?: string | undefined;
  path?: string | undefined;
  region?: string | undefined;
  account?: string | undefined;
  sourceVpce?: string | undefined;
  sourceVpc?: string | undefined;
  sourceIp?: string | undefined;
  vpcSourceIp?: string | undefined;
  userAgent?: string | undefined;
  referer?: string | undefined;
  /** ISO 8601; now when not given. */
  time?: string | undefined;
  secureTransport?: string | undefined;
  /** Further condition keys, `key=value`; a key given twice has both values. */
  context?: string[] | undefined;
}

/** What API Gateway would answer: a denial's status, error type and body, or that the request goes on. */
export type SimulatedAnswer = { allowed: true } | { allowed: false; status: number; errorType: string; body: string };

export interface Simulation {
  request: { method: string; path: string; resourceArn: string; apiId: string; stage: string; region: string; account: string; conditionKeys: Record<string, string | string[]> };
  record: ExplainedRecord;
  answer: SimulatedAnswer;
  /** Things the description says that API Gateway would not (e.g. aws:SourceIp through an endpoint). */
  notes: string[];
}

/** A mistake in the description: the CLI prints it and exits 1. */
export class SimulateInputError extends Error {}

/** `--policy` text: inline JSON, a file, `file://file`, or `-` (standard input). */
export function policySource(value: string, flag: string, readFile: (path: string) => string = (p) => readFileSync(p, 'utf8')): string {
  const trimmed = value.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) return value;
  const path = value === '-' ? '/dev/stdin' : value.replace(/^file:\/\//, '');
  try {
    return readFile(path);
  } catch (e) {
    throw new SimulateInputError(`${flag}: ${value} is neither a JSON policy nor a file that can be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

const EXECUTE_API_ARN = /^arn:(aws[a-z-]*):execute-api:([a-z0-9-]+):(\d{12}):([^/:]+)\/([^/]+)\/([^/]+)\/?(.*)$/;

function describedResource(options: SimulateOptions): Simulation['request'] {
  if (options.resource !== undefined) {
    if (options.api !== undefined || options.stage !== undefined || options.method !== undefined || options.path !== undefined) {
      throw new SimulateInputError('name the request either with --resource ARN or with --api, --stage, --method and --path, not both');
    }
    const m = EXECUTE_API_ARN.exec(options.resource);
    if (!m) throw new SimulateInputError(`--resource: ${options.resource} is not an execute-api ARN (arn:aws:execute-api:REGION:ACCOUNT:API/STAGE/METHOD/PATH)`);
    return { method: m[6]!, path: `/${m[7]!}`, resourceArn: options.resource, apiId: m[4]!, stage: m[5]!, region: m[2]!, account: m[3]!, conditionKeys: {} };
  }
  const missing = (['api', 'stage', 'method'] as const).filter((k) => options[k] === undefined).map((k) => `--${k}`);
  if (missing.length > 0) throw new SimulateInputError(`name the request: --resource ARN, or --api, --stage, --method and --path (missing ${missing.join(', ')})`);
  const region = options.region ?? DEFAULT_REGION;
  const account = options.account ?? DEFAULT_ACCOUNT;
  if (!/^\d{12}$/.test(account)) throw new SimulateInputError(`--account: ${account} is not a 12-digit account id`);
  const method = options.method!.toUpperCase();
  // As the pipeline builds it: the path without its leading slashes after STAGE/METHOD/.
  const path = (options.path ?? '/').split('?')[0]!.replace(/^\/+/, '');
  return { method, path: `/${path}`, resourceArn: executeApiMethodArn({ region, account }, options.api!, options.stage!, method, `/${path}`), apiId: options.api!, stage: options.stage!, region, account, conditionKeys: {} };
}

/** The condition keys API Gateway would set for the described request (as the pipeline's conditionKeys does). */
function conditionKeys(options: SimulateOptions, now: Date, notes: string[]): Record<string, string | string[]> {
  const keys: Record<string, string | string[]> = { 'aws:CurrentTime': now.toISOString(), 'aws:EpochTime': String(Math.floor(now.getTime() / 1000)) };
  const set = (name: string, value: string | undefined): void => {
    if (value !== undefined) keys[name] = value;
  };
  set('aws:UserAgent', options.userAgent);
  set('aws:Referer', options.referer);
  set('aws:SourceVpce', options.sourceVpce);
  set('aws:SourceVpc', options.sourceVpc);
  set('aws:VpcSourceIp', options.vpcSourceIp);
  set('aws:SourceIp', options.sourceIp);
  keys['aws:SecureTransport'] = options.secureTransport ?? 'true';
  if (options.sourceVpce !== undefined && options.sourceIp !== undefined) notes.push('Through a VPC endpoint API Gateway sets aws:VpcSourceIp, not aws:SourceIp: a real request would not carry aws:SourceIp.');
  if (options.sourceVpce === undefined && (options.sourceVpc !== undefined || options.vpcSourceIp !== undefined)) notes.push('aws:SourceVpc and aws:VpcSourceIp come with aws:SourceVpce: a request carries all of them only through a VPC endpoint.');
  // --context key=value: any further key; a key given twice is multivalued. Keys compare case-insensitively.
  const given = new Map<string, string[]>();
  for (const pair of options.context ?? []) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new SimulateInputError(`--context: ${pair} is not key=value`);
    const key = pair.slice(0, eq);
    const existing = [...given.keys()].find((k) => k.toLowerCase() === key.toLowerCase()) ?? key;
    given.set(existing, [...(given.get(existing) ?? []), pair.slice(eq + 1)]);
  }
  for (const [key, values] of given) {
    for (const k of Object.keys(keys)) if (k.toLowerCase() === key.toLowerCase()) delete keys[k];
    keys[key] = values.length === 1 ? values[0]! : values;
  }
  return keys;
}

function parsedEndpointPolicy(text: string): PolicyDocument {
  try {
    checkedEndpointPolicy(text);
  } catch (e) {
    if (e instanceof ServiceError) throw new SimulateInputError(`--endpoint-policy: ${e.code}: ${e.message}${detail(text)}`);
    throw e;
  }
  const parsed = parsePolicy(text);
  if (!parsed.ok) throw new SimulateInputError(`--endpoint-policy: ${parsed.reason}`);
  return parsed.document;
}

/** The resource policy as the control plane stores it: AWS's checks, `execute-api:/` expanded for the API. */
function parsedResourcePolicy(text: string, request: Simulation['request']): PolicyDocument {
  let stored: string;
  try {
    stored = normalizePolicy(text, { account: request.account, region: request.region }, request.apiId);
  } catch (e) {
    if (e instanceof ServiceError) throw new SimulateInputError(`--policy: ${e.code}: ${e.message}${detail(text)}`);
    throw e;
  }
  const parsed = parsePolicy(stored);
  if (!parsed.ok) throw new SimulateInputError(`--policy: ${parsed.reason}`);
  return parsed.document;
}

/** What exactly is wrong, after AWS's terse message. */
function detail(text: string): string {
  const parsed = parsePolicy(text);
  return parsed.ok ? '' : ` (Gatehouse: ${parsed.reason})`;
}

/** Evaluates the policies against the described request in API Gateway's order. */
export function simulate(options: SimulateOptions, readFile?: (path: string) => string, now: Date = new Date()): Simulation {
  if (options.time !== undefined) {
    const t = Date.parse(options.time);
    if (Number.isNaN(t)) throw new SimulateInputError(`--time: ${options.time} is not an ISO 8601 time such as 2026-05-01T12:00:00Z`);
    now = new Date(t);
  }
  if (options.secureTransport !== undefined && !/^(true|false)$/i.test(options.secureTransport)) throw new SimulateInputError('--secure-transport: true or false');
  const request = describedResource(options);
  const notes: string[] = [];
  request.conditionKeys = conditionKeys(options, now, notes);
  const resourcePolicy = parsedResourcePolicy(policySource(options.policy, '--policy', readFile), request);
  const endpointPolicy = options.endpointPolicy === undefined ? undefined : parsedEndpointPolicy(policySource(options.endpointPolicy, '--endpoint-policy', readFile));
  const policyRequest: PolicyRequest = { principal: { kind: 'anonymous' }, action: 'execute-api:Invoke', resource: request.resourceArn, keys: requestKeys(request.conditionKeys) };

  const policies: PolicyDecision[] = [];
  let answer: SimulatedAnswer = { allowed: true };
  // The endpoint policy first; a refusal there ends the evaluation, as in the pipeline.
  for (const [policy, owner, document] of [
    ['vpc-endpoint', options.sourceVpce ?? '', endpointPolicy],
    ['resource', request.apiId, resourcePolicy],
  ] as const) {
    if (!document) continue;
    const evaluation = evaluatePolicy(document, policyRequest);
    policies.push({ policy, owner, evaluation });
    if (evaluation.decision !== 'Allow') {
      const error = accessDenied(request.resourceArn, evaluation.decision === 'ExplicitDeny');
      answer = { allowed: false, status: error.status, errorType: error.errorType, body: error.body };
      break;
    }
  }
  const record: RequestRecord = {
    requestId: 'simulated',
    time: now.toISOString(),
    door: 'private',
    method: request.method,
    host: `${request.apiId}.execute-api.${request.region}.amazonaws.com`,
    url: `/${request.stage}${request.path}`,
    sourceIp: options.vpcSourceIp ?? options.sourceIp ?? '',
    apiId: request.apiId,
    stage: request.stage,
    resourceArn: request.resourceArn,
    policies,
    status: answer.allowed ? 200 : answer.status,
    durationMs: 0,
  };
  if (options.sourceVpce !== undefined) record.vpceId = options.sourceVpce;
  if (options.sourceVpc !== undefined) record.vpcId = options.sourceVpc;
  if (!answer.allowed) record.errorType = answer.errorType;
  return { request, record: explainedRecord(record), answer, notes };
}

/** The simulation for a person: the described request, each policy's explanation, API Gateway's answer. */
export function formatSimulation(simulation: Simulation): string {
  const { request, record, answer } = simulation;
  const lines = ['Simulated request (nothing was sent)', `  ${request.method} ${request.path} on API ${request.apiId}, stage ${request.stage}, as an anonymous caller`, `  resource ARN ${request.resourceArn}`];
  lines.push(`  condition keys: ${Object.entries(request.conditionKeys).map(([k, v]) => `${k}=${typeof v === 'string' ? v : `[${v.join(', ')}]`}`).join(', ')}`);
  for (const note of simulation.notes) lines.push(`  note: ${note}`);
  lines.push(...policiesLines(record), '');
  if (answer.allowed) lines.push("Answer: allowed (API Gateway goes on to the method's integration)");
  else lines.push(`Answer: ${answer.status} ${answer.errorType} ${answer.body}`);
  if (record.reason !== undefined) lines.push(`  Why: ${record.reason}`);
  return `${lines.join('\n')}\n`;
}

/** `gatehouse policy simulate`: prints and resolves with the exit code (0 allowed, 2 denied). */
export function runSimulate(options: SimulateOptions & { json: boolean }): number {
  const simulation = simulate(options);
  process.stdout.write(
    options.json
      ? `${JSON.stringify({ request: simulation.request, policies: simulation.record.policies, reason: simulation.record.reason, answer: simulation.answer, notes: simulation.notes }, null, 2)}\n`
      : formatSimulation(simulation),
  );
  return simulation.answer.allowed ? 0 : 2;
}
