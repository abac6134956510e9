/**
 * bench/policy: the seed tutorial's resource policy (deny unless aws:sourceVpce is the endpoint, then allow)
 * evaluated as the pipeline evaluates it for every request, side by side in one run with the floor: the same
 * decision hand-written as two string comparisons. Issue 5's target: under 5 µs per evaluation.
 */
import { parsePolicy } from '../src/policy/document.js';
import { evaluatePolicy } from '../src/policy/evaluate.js';
import { requestKeys, type PolicyRequest } from '../src/policy/request.js';
import { table } from './support.js';

const N = Number(process.env['BENCH_ITERATIONS'] ?? 300_000);
const VPCE = 'vpce-0a1b2c3d4e5f60718';
const API = 'arn:aws:execute-api:us-east-1:123456789012:abcdef1234';
// As stored: `execute-api:/*` expanded to the API's ARN.
const SEED = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: `${API}/*`, Condition: { StringNotEquals: { 'aws:sourceVpce': VPCE } } },
    { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: `${API}/*` },
  ],
});

function request(vpce: string, i: number): PolicyRequest {
  const now = new Date(1_795_000_000_000 + i);
  return {
    principal: { kind: 'anonymous' },
    action: 'execute-api:Invoke',
    resource: `${API}/test/GET/pets/${i % 100}`,
    // The keys the pipeline builds for a request through an endpoint.
    keys: requestKeys({
      'aws:SourceVpce': vpce,
      'aws:SourceVpc': 'vpc-0123456789abcdef0',
      'aws:VpcSourceIp': '10.0.1.5',
      'aws:SecureTransport': 'true',
      'aws:CurrentTime': now.toISOString(),
      'aws:EpochTime': String(Math.floor(now.getTime() / 1000)),
      'aws:UserAgent': 'curl/7.88.1',
    }),
  };
}

/** Nanoseconds per call of `fn` over N calls (after a warm-up of N/10), and a checksum so nothing is optimised away. */
function time(fn: (i: number) => number): { ns: number; check: number } {
  let check = 0;
  for (let i = 0; i < N / 10; i++) check += fn(i);
  const start = process.hrtime.bigint();
  for (let i = 0; i < N; i++) check += fn(i);
  return { ns: Number(process.hrtime.bigint() - start) / N, check };
}

export async function run(): Promise<void> {
  const parsed = parsePolicy(SEED);
  if (!parsed.ok) throw new Error('the seed policy does not parse');
  const policy = parsed.document;
  // Requests are built up front: the bench times the evaluation, not the request's construction.
  const allowed = Array.from({ length: 1000 }, (_, i) => request(VPCE, i));
  const denied = Array.from({ length: 1000 }, (_, i) => request('vpce-0ffffffffffffffff', i));
  const floor = (r: PolicyRequest): number => (r.keys.get('aws:sourcevpce') !== VPCE ? 2 : r.resource.startsWith(`${API}/`) ? 0 : 1);
  const decision = (r: PolicyRequest): number => { const d = evaluatePolicy(policy, r).decision; return d === 'Allow' ? 0 : d === 'ExplicitDeny' ? 2 : 1; };
  const rows: Array<[string, { ns: number; check: number }]> = [
    ['floor: hand-written check, allowed', time((i) => floor(allowed[i % 1000]!))],
    ['floor: hand-written check, denied', time((i) => floor(denied[i % 1000]!))],
    ['IAM engine, seed policy, allowed', time((i) => decision(allowed[i % 1000]!))],
    ['IAM engine, seed policy, explicit deny', time((i) => decision(denied[i % 1000]!))],
    ['request keys built per request (pipeline)', time((i) => request(VPCE, i).keys.size)],
  ];
  console.log(`bench/policy: ${N} evaluations each, one process\n`);
  const floorNs = rows[0]![1].ns;
  table(rows.map(([name, r]) => ({ what: name, 'µs per call': (r.ns / 1000).toFixed(3), 'vs floor': (r.ns / floorNs).toFixed(1) })));
  if (rows[2]![1].check !== rows[0]![1].check || rows[3]![1].check !== rows[1]![1].check) throw new Error('the engine and the floor disagree');
}
