/**
 * bench/lambda: warm invocations through the programmatic invoke (the path execute-api uses: resource policy
 * check, environment pool, the framed pipe to the Node environment and back) against a trivial handler, side by side with
 * the ceiling and the floor measured in the same run:
 *   - the ceiling: a bare ping-pong of frames of the same shape over the same kind of channel (a Node child,
 *     a framed pipe on its fd 3, bootstrap/frames.ts) that does nothing else. Sequential invocations are measured in
 *     blocks alternating with blocks of ping-pong, so both see the same load on a shared machine; compare
 *     their ratio and the per-invocation overhead, not absolute rates between runs.
 *   - the floor: calling the same handler in this process.
 * Then 8 concurrent callers (several environments), and the cold start of a Node function. Then the same
 * trivial handler in Python (python3.12, Runtime API over loopback HTTP): warm invocations in blocks alternating
 * with the Node function's, and its cold start (the interpreter is found once, before).
 * The targets are for Gatehouse and its environments on one core: `taskset -c 0 npm run bench -- lambda`
 * (on two cores, every round trip also pays a cross-core wake-up).
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Socket } from 'node:net';
import { pino } from 'pino';
import { decodeFromChild, encodeInvoke, FrameReader } from '../src/runtime/bootstrap/frames.js';
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
/** Sequential invocations and ping-pongs alternate in blocks of this many. */
const BLOCK = 1000;
const HANDLER = 'exports.handler = async (event) => ({ statusCode: 200, body: event.n });';
const PY_HANDLER = 'def handler(event, context):\n    return {"statusCode": 200, "body": event["n"]}\n';
const FUNCTION_ARN = 'arn:aws:lambda:us-east-1:000000000000:function:warm';

const FRAMES = new URL('../src/runtime/bootstrap/frames.js', import.meta.url).href;
/** The ceiling's child: answers each invoke frame at once with a result frame as the bootstrap's. */
const ECHO = `import { Socket } from 'node:net';
import { decodeInvoke, encodeFromChild, FrameReader } from '${FRAMES}';
const channel = new Socket({ fd: 3, readable: true, writable: true });
const reader = new FrameReader((frame) => {
  const { requestId, payload } = decodeInvoke(frame);
  channel.write(encodeFromChild('R', requestId, 42, '', '{"statusCode":200,"body":' + JSON.parse(payload).n + '}'));
});
channel.on('data', (chunk) => reader.push(chunk));
channel.on('end', () => process.exit(0));`;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

/** An echo child over the channel the Node environments use (a framed pipe on fd 3), and one round trip to it. */
async function pingPong(): Promise<{ roundTrip: (i: number) => Promise<unknown>; close: () => void }> {
  const child = spawn(process.execPath, ['--input-type=module', '-e', ECHO], { stdio: ['ignore', 'pipe', 'pipe', 'pipe'] });
  const channel = child.stdio[3] as Socket;
  let answer: (m: unknown) => void = () => undefined;
  const reader = new FrameReader((frame) => answer(decodeFromChild(frame)));
  channel.on('data', (chunk: Buffer) => reader.push(chunk));
  const roundTrip = (i: number): Promise<unknown> =>
    new Promise((resolve) => {
      answer = resolve;
      // An invoke frame as NodeEnvironment sends it (bootstrap/frames.ts).
      channel.write(encodeInvoke(randomUUID(), FUNCTION_ARN, Date.now() + 3000, `{"n":${i}}`));
    });
  await roundTrip(0);
  return { roundTrip, close: () => child.kill() };
}

interface Timed {
  latencies: number[];
  ms: number;
}

async function timeBlock(into: Timed, from: number, count: number, call: (i: number) => Promise<unknown>): Promise<void> {
  const t0 = performance.now();
  for (let i = from; i < from + count; i++) {
    const s = performance.now();
    await call(i);
    into.latencies.push(performance.now() - s);
  }
  into.ms += performance.now() - t0;
}

function row(path: string, t: Timed): Record<string, string | number> {
  const sorted = [...t.latencies].sort((a, b) => a - b);
  return { path, 'invocations/s': Math.round(t.latencies.length / (t.ms / 1000)), 'µs each': ((t.ms * 1000) / t.latencies.length).toFixed(1), 'p50 ms': percentile(sorted, 0.5).toFixed(3), 'p99 ms': percentile(sorted, 0.99).toFixed(3) };
}

export async function run(): Promise<void> {
  const store = openSqliteStore(':memory:');
  const host = new LocalLambdaHost({ root: mkdtempSync(join(tmpdir(), 'gatehouse-bench-lambda-')), endpointUrl: () => 'http://127.0.0.1:1', logger: pino({ level: 'silent' }), logs: new FunctionLogs() });
  const ctx: OperationContext = { scope: { account: '000000000000', region: 'us-east-1' }, accessKeyId: undefined, requestId: 'bench', store, clock: systemClock, lambdaHost: host };
  // As the server does: each operation in a transaction, then the host hears of the change.
  const op = (name: string, input: Record<string, unknown>): unknown => {
    const out = store.transaction(() => lambda.operations[name]!(input, ctx));
    host.changed();
    return out;
  };
  const zip = Buffer.from(zipSync({ 'index.js': new TextEncoder().encode(HANDLER) }));
  const pyZip = Buffer.from(zipSync({ 'app.py': new TextEncoder().encode(PY_HANDLER) }));
  const create = (name: string, python = false): void => {
    const code = python ? { Runtime: 'python3.12', Handler: 'app.handler', Code: { ZipFile: pyZip } } : { Runtime: 'nodejs20.x', Handler: 'index.handler', Code: { ZipFile: zip } };
    op('CreateFunction', { FunctionName: name, Role: 'arn:aws:iam::000000000000:role/r', ...code });
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
  const invoke = (i: number): Promise<unknown> => invokeAs(ctx, 'warm', `{"n":${i}}`, caller);
  const ipc = await pingPong();
  for (let i = 0; i < 500; i++) {
    await invoke(i);
    await ipc.roundTrip(i);
  }
  const sequential: Timed = { latencies: [], ms: 0 };
  const ceiling: Timed = { latencies: [], ms: 0 };
  for (let from = 0; from < N; from += BLOCK) {
    const count = Math.min(BLOCK, N - from);
    await timeBlock(sequential, from, count, invoke);
    await timeBlock(ceiling, from, count, ipc.roundTrip);
  }
  ipc.close();

  const concurrency = 8;
  const t1 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async (_, w) => {
    for (let i = 0; i < N / concurrency; i++) await invokeAs(ctx, 'warm', `{"n":${w}}`, caller);
  }));
  const concurrentRate = N / ((performance.now() - t1) / 1000);

  // The floor: the same handler called in this process.
  const module = { exports: {} as { handler: (e: unknown) => Promise<unknown> } };
  new Function('exports', 'module', HANDLER)(module.exports, module);
  const floor: Timed = { latencies: [], ms: 0 };
  await timeBlock(floor, 0, N, async (i) => JSON.stringify(await module.exports.handler(JSON.parse(`{"n":${i}}`))));

  // Python: warm invocations alternating with the Node function's, then cold starts.
  create('warm-py', true);
  const invokePy = (i: number): Promise<unknown> => invokeAs(ctx, 'warm-py', `{"n":${i}}`, caller);
  for (let i = 0; i < 500; i++) await invokePy(i);
  const nodeWarm: Timed = { latencies: [], ms: 0 };
  const pyWarm: Timed = { latencies: [], ms: 0 };
  for (let from = 0; from < N; from += BLOCK) {
    const count = Math.min(BLOCK, N - from);
    await timeBlock(nodeWarm, from, count, invoke);
    await timeBlock(pyWarm, from, count, invokePy);
  }
  const pyCold: number[] = [];
  for (let i = 0; i < 5; i++) {
    create(`cold-py-${i}`, true);
    const t0 = performance.now();
    await invokeAs(ctx, `cold-py-${i}`, '{"n":1}', caller);
    pyCold.push(performance.now() - t0);
  }
  host.dispose();
  store.close();
  pyCold.sort((a, b) => a - b);

  cold.sort((a, b) => a - b);
  const overheadUs = ((sequential.ms - ceiling.ms) * 1000) / N;
  console.log(`bench/lambda: ${N} warm invocations of a trivial Node handler\n`);
  table([
    row('in process (floor)', floor),
    row('raw channel ping-pong, same frames (ceiling)', ceiling),
    row('programmatic invoke, sequential (1 environment)', sequential),
    { path: `programmatic invoke, ${concurrency} concurrent callers`, 'invocations/s': Math.round(concurrentRate), 'µs each': ((1e6 / concurrentRate)).toFixed(1), 'p50 ms': '-', 'p99 ms': '-' },
  ]);
  console.log(`sequential: ${((100 * ceiling.ms) / sequential.ms).toFixed(1)} % of the channel ceiling's rate; ${overheadUs.toFixed(1)} µs per invocation above a bare round trip\n`);
  table([{ 'cold start, first invoke (ms, median of 5)': percentile(cold, 0.5).toFixed(1), 'min': cold[0]!.toFixed(1), 'max': cold[cold.length - 1]!.toFixed(1) }]);
  console.log(`\nPython (python3.12) beside Node, the same trivial handler, blocks interleaved:\n`);
  table([row('Node warm invoke, sequential', nodeWarm), row('Python warm invoke, sequential', pyWarm)]);
  console.log(`Python warm / Node warm: ${(pyWarm.ms / nodeWarm.ms).toFixed(2)}× (target ≤ 1.5×)\n`);
  table([{ 'Python cold start, first invoke (ms, median of 5)': percentile(pyCold, 0.5).toFixed(1), 'min': pyCold[0]!.toFixed(1), 'max': pyCold[pyCold.length - 1]!.toFixed(1), 'target': '< 150' }]);
}
