/**
 * bench/invoke-ab: warm programmatic invocations of a Lambda proxy event (2.2 KB, as the dataplane's public API
 * sends it) against the dataplane's handler, for two builds in one process, blocks of 1,000 alternating, so both
 * meet the same machine. Reports wall time per invocation and the CPU of this process and of the environments.
 *   BENCH_AB_ROOTS='/path/to/baseline /path/to/this' (each a checkout with dist/ and node_modules/; default:
 *   this checkout alone), BENCH_N (default 20,000), BENCH_CONCURRENCY (callers at once, default 1; 8 shows the
 *   environments before V8 has optimized them). Pin it: `taskset -c 0 npm run bench -- invoke-ab`.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { processTreeCpuMs } from './support.js';

const N = Number(process.env['BENCH_N'] ?? 20000);
const BLOCK = 1000;
const CONCURRENCY = Number(process.env['BENCH_CONCURRENCY'] ?? 1);
const HANDLER = 'exports.handler = async (event) => ({ statusCode: 200, body: JSON.stringify({ message: "Hello from Lambda!", path: event.path }) });';

interface Subject {
  root: string;
  invoke: () => Promise<void>;
  close: () => void;
  eventChars: number;
  ms: number;
  n: number;
  own: number;
  environments: number;
}

/** One build, loaded by path: its modules are untyped here. */
async function setUp(root: string): Promise<Subject> {
  const load = (path: string): Promise<any> => import(join(root, path));
  const { pino } = await load('node_modules/pino/pino.js');
  const { zipSync } = await load('node_modules/fflate/esm/index.mjs');
  const { FunctionLogs } = await load('dist/src/server/function-logs.js');
  const { LocalLambdaHost } = await load('dist/src/server/lambda-host.js');
  const { lambda } = await load('dist/src/services/lambda/index.js');
  const { invokeAs } = await load('dist/src/services/lambda/invoke.js');
  const { systemClock } = await load('dist/src/shared/clock.js');
  const { openSqliteStore } = await load('dist/src/store/sqlite/sqlite-store.js');
  const { buildProxyEvent } = await load('dist/src/gateway/lambda-proxy-event.js');
  const store = openSqliteStore(':memory:');
  const host = new LocalLambdaHost({ root: mkdtempSync(join(tmpdir(), 'gatehouse-bench-ab-')), endpointUrl: () => 'http://127.0.0.1:1', logger: pino({ level: 'silent' }), logs: new FunctionLogs() });
  const ctx = { scope: { account: '000000000000', region: 'us-east-1' }, accessKeyId: undefined, requestId: 'bench', store, clock: systemClock, lambdaHost: host };
  const op = (name: string, input: Record<string, unknown>): void => {
    store.transaction(() => lambda.operations[name](input, ctx));
    host.changed();
  };
  op('CreateFunction', { FunctionName: 'warm', Role: 'arn:aws:iam::000000000000:role/r', Runtime: 'nodejs20.x', Handler: 'index.handler', Code: { ZipFile: Buffer.from(zipSync({ 'index.js': new TextEncoder().encode(HANDLER) })) } });
  op('AddPermission', { FunctionName: 'warm', StatementId: 'apigw', Action: 'lambda:InvokeFunction', Principal: 'apigateway.amazonaws.com', SourceArn: 'arn:aws:execute-api:us-east-1:000000000000:abcdef1234/*/GET/' });
  const caller = { principal: { kind: 'service', service: 'apigateway.amazonaws.com' }, sourceArn: 'arn:aws:execute-api:us-east-1:000000000000:abcdef1234/test/GET/' };
  const event = JSON.stringify(buildProxyEvent({
    httpMethod: 'GET', path: '/lambda', contextPath: '/test/lambda', query: '',
    rawHeaders: ['host', '127.0.0.1:4566', 'connection', 'keep-alive', 'user-agent', 'undici', 'accept', '*/*', 'accept-encoding', 'gzip, deflate'],
    body: Buffer.alloc(0), binaryBody: false, resource: { id: 'abc123', path: '/lambda' }, pathParameters: null, stageVariables: undefined, stage: 'test',
    apiId: 'abcdef1234', accountId: '000000000000', deploymentId: 'dep123', domainName: 'abcdef1234.execute-api.localhost', requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
    extendedRequestId: 'abcdefgh=', sourceIp: '127.0.0.1', now: new Date(), front: { endpointType: 'EDGE', traceId: 'Root=1-abc', port: '4566', proto: 'http' },
  }));
  const invoke = async (): Promise<void> => {
    // As the integration does: the answer is parsed once (lambda-proxy-response.ts).
    JSON.parse((await invokeAs(ctx, 'warm', event, caller)).payload);
  };
  return { root, invoke, close: () => (host.dispose(), store.close()), eventChars: event.length, ms: 0, n: 0, own: 0, environments: 0 };
}

async function block(s: Subject, count: number): Promise<void> {
  const c0 = processTreeCpuMs(process.pid);
  const t0 = performance.now();
  // Whole invocations per caller; what ran is what is counted.
  const perCaller = Math.floor(count / CONCURRENCY);
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    for (let i = 0; i < perCaller; i++) await s.invoke();
  }));
  s.ms += performance.now() - t0;
  s.n += perCaller * CONCURRENCY;
  const c1 = processTreeCpuMs(process.pid);
  s.own += c1.own - c0.own;
  s.environments += c1.tree - c1.own - (c0.tree - c0.own);
}

export async function run(): Promise<void> {
  const roots = (process.env['BENCH_AB_ROOTS'] ?? fileURLToPath(new URL('../..', import.meta.url))).split(' ').filter((r) => r !== '');
  const subjects: Subject[] = [];
  for (const root of roots) subjects.push(await setUp(root));
  console.log(`bench/invoke-ab: a ${subjects[0]!.eventChars}-character proxy event, ${CONCURRENCY} caller(s), ${N} invocations per build\n`);
  for (const s of subjects) {
    await block(s, 2000);
    Object.assign(s, { ms: 0, n: 0, own: 0, environments: 0 });
  }
  for (let from = 0; from < N; from += BLOCK) for (const s of subjects) await block(s, BLOCK);
  const us = (ms: number, n: number): string => ((ms * 1000) / n).toFixed(1);
  console.table(subjects.map((s) => ({ build: s.root, 'µs per invoke': us(s.ms, s.n), 'Gatehouse CPU µs': us(s.own, s.n), 'environments CPU µs': us(s.environments, s.n) })));
  for (const s of subjects) s.close();
}
