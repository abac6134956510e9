/**
 * bench/lambda: warm invocations through the programmatic invoke (the path execute-api uses: resource policy
 * check, environment pool, IPC to the Node environment and back) against a trivial handler, side by side with
 * calling the same handler in process (the floor). Sequential (one environment, Lambda's one-at-a-time rule)
 * and with 8 concurrent callers (several environments); then the cold start of a Node function.
 * The targets are for Gatehouse and its environments on one core: `taskset -c 0 npm run bench -- lambda`
 * (on two cores, every IPC round trip also pays a cross-core wake-up).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { FunctionLogs } from '../src/server/function-logs.js';
import { LocalLambdaHost } from '../src/server/lambda-host.js';
import { lambda } from '../src/services/lambda/index.js';
import { invokeAs } from '../src/services/lambda/invoke.js';
import type { OperationContext } from '../src/services/types.js';
import { systemClock } from '../src/shared/clock.js';
import { openSqliteStore } from '../src/store/sqlite/sqlite-store.js';
import { zipSync } from 'fflate';
import { table } from './support.js';

const N = Number(process.env['BENCH_N'] ?? 20000);
const HANDLER = 'exports.handler = async (event) => ({ statusCode: 200, body: event.n });';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

export async function run(): Promise<void> {
  const store = openSqliteStore(':memory:');
  const host = new LocalLambdaHost({ root: mkdtempSync(join(tmpdir(), 'gatehouse-bench-lambda-')), endpointUrl: () => 'http://127.0.0.1:1', logger: pino({ level: 'silent' }), logs: new FunctionLogs() });
  const ctx: OperationContext = { scope: { account: '000000000000', region: 'us-east-1' }, accessKeyId: undefined, requestId: 'bench', store, clock: systemClock, lambdaHost: host };
  // As the server does: each operation in a transaction, then the host hears of the change.
  const op = (name: string, input: unknown): unknown => {
    const out = store.transaction(() => lambda.operations[name]!(input, ctx));
    host.changed();
    return out;
  };
  const zip = Buffer.from(zipSync({ 'index.js': new TextEncoder().encode(HANDLER) }));
  const create = (name: string): void => {
    op('CreateFunction', { FunctionName: name, Runtime: 'nodejs20.x', Role: 'arn:aws:iam::000000000000:role/r', Handler: 'index.handler', Code: { ZipFile: zip } });
    op('AddPermission', { FunctionName: name, StatementId: 'apigw', Action: 'lambda:InvokeFunction', Principal: 'apigateway.amazonaws.com', SourceArn: 'arn:aws:execute-api:us-east-1:000000000000:abcdef1234/*/GET/' });
  };
  const caller = { principal: { kind: 'service' as const, service: 'apigateway.amazonaws.com' }, sourceArn: 'arn:aws:execute-api:us-east-1:000000000000:abcdef1234/test/GET/' };

  // Cold starts: a new function each time, first invocation.
  const cold: number[] = [];
  for (let i = 0; i < 5; i++) {
    create(`cold-${i}`);
    const t0 = performance.now();
    await invokeAs(ctx, `cold-${i}`, '{"n":1}', caller);
    cold.push(performance.now() - t0);
  }
  host.dispose();

  create('warm');
  for (let i = 0; i < 500; i++) await invokeAs(ctx, 'warm', `{"n":${i}}`, caller);
  const latencies: number[] = [];
  const t0 = performance.now();
  for (let i = 0; i < N; i++) {
    const s = performance.now();
    await invokeAs(ctx, 'warm', `{"n":${i}}`, caller);
    latencies.push(performance.now() - s);
  }
  const sequentialRate = N / ((performance.now() - t0) / 1000);

  const concurrency = 8;
  const t1 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async (_, w) => {
    for (let i = 0; i < N / concurrency; i++) await invokeAs(ctx, 'warm', `{"n":${w}}`, caller);
  }));
  const concurrentRate = N / ((performance.now() - t1) / 1000);

  // The floor: the same handler called in this process.
  const module = { exports: {} as { handler: (e: unknown) => Promise<unknown> } };
  new Function('exports', 'module', HANDLER)(module.exports, module);
  const floorLatencies: number[] = [];
  const t2 = performance.now();
  for (let i = 0; i < N; i++) {
    const s = performance.now();
    JSON.stringify(await module.exports.handler(JSON.parse(`{"n":${i}}`)));
    floorLatencies.push(performance.now() - s);
  }
  const floorRate = N / ((performance.now() - t2) / 1000);
  host.dispose();
  store.close();

  latencies.sort((a, b) => a - b);
  floorLatencies.sort((a, b) => a - b);
  cold.sort((a, b) => a - b);
  console.log(`bench/lambda: ${N} warm invocations of a trivial Node handler\n`);
  table([
    { path: 'in process (floor)', 'invocations/s': Math.round(floorRate), 'p50 ms': percentile(floorLatencies, 0.5).toFixed(3), 'p99 ms': percentile(floorLatencies, 0.99).toFixed(3) },
    { path: 'programmatic invoke, sequential (1 environment)', 'invocations/s': Math.round(sequentialRate), 'p50 ms': percentile(latencies, 0.5).toFixed(3), 'p99 ms': percentile(latencies, 0.99).toFixed(3) },
    { path: `programmatic invoke, ${concurrency} concurrent callers`, 'invocations/s': Math.round(concurrentRate), 'p50 ms': '-', 'p99 ms': '-' },
  ]);
  table([{ 'cold start, first invoke (ms, median of 5)': percentile(cold, 0.5).toFixed(1), 'min': cold[0]!.toFixed(1), 'max': cold[cold.length - 1]!.toFixed(1) }]);
}
