import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { NodeEnvironment } from './node-environment.js';
import { NodeRuntimes } from './node-runtimes.js';
import type { Environment } from './environment.js';
import type { FunctionImage } from './types.js';

const started: Environment[] = [];
after(() => started.forEach((e) => e.dispose()));

function image(files: Record<string, string>, overrides: Partial<FunctionImage> = {}): FunctionImage {
  const codeDir = mkdtempSync(join(tmpdir(), 'gatehouse-fn-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(codeDir, name, '..'), { recursive: true });
    writeFileSync(join(codeDir, name), text);
  }
  return {
    functionName: 'fn', functionVersion: '$LATEST', functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:fn', runtime: 'nodejs20.x',
    handler: 'index.handler', codeDir, memorySize: 128, timeout: 3, region: 'us-east-1', account: '000000000000',
    environment: { GREETING: 'hello' }, platformEnvironment: {}, ...overrides,
  };
}

async function start(img: FunctionImage): Promise<Environment> {
  const r = await NodeEnvironment.start(img, '2026/11/22/[$LATEST]0123');
  if (!('environment' in r)) throw new Error(`init failed: ${JSON.stringify(r.initError)}`);
  started.push(r.environment);
  return r.environment;
}

const req = (payload: unknown) => ({ requestId: randomUUID(), payload: JSON.stringify(payload), invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:fn' });

describe('Node execution environment', () => {
  it('runs an async CommonJS handler with Lambda context and environment, logging in Lambda format', async () => {
    const env = await start(image({ 'index.js': `exports.handler = async (event, context) => { console.log('got', event.n); return { n: event.n + 1, greeting: process.env.GREETING, id: context.awsRequestId, fn: context.functionName, arn: context.invokedFunctionArn, mem: context.memoryLimitInMB, left: context.getRemainingTimeInMillis() > 0, root: process.env.LAMBDA_TASK_ROOT !== undefined }; };` }));
    const r = req({ n: 41 });
    const result = await env.invoke(r);
    assert.equal(result.outcome.kind, 'success');
    assert.deepEqual(JSON.parse(result.outcome.payload), { n: 42, greeting: 'hello', id: r.requestId, fn: 'fn', arn: r.invokedFunctionArn, mem: '128', left: true, root: true });
    const lines = result.log.split('\n');
    assert.equal(lines[0], `START RequestId: ${r.requestId} Version: $LATEST`);
    assert.match(lines[1]!, new RegExp(`^\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z\\t${r.requestId}\\tINFO\\tgot 41$`));
    assert.equal(lines[2], `END RequestId: ${r.requestId}`);
    assert.match(lines[3]!, new RegExp(`^REPORT RequestId: ${r.requestId}\\tDuration: \\d+\\.\\d\\d ms\\tBilled Duration: \\d+ ms\\tMemory Size: 128 MB\\tMax Memory Used: \\d+ MB\\tInit Duration: \\d+\\.\\d\\d ms\\t$`));
    // Warm: the second invocation reports no init duration.
    const again = await env.invoke(req({ n: 1 }));
    assert.doesNotMatch(again.log, /Init Duration/);
  });

  it('carries a 6 MB event and a 6 MB result with non-ASCII text and logs, invocation after invocation', async () => {
    const env = await start(image({ 'index.js': `exports.handler = async (event) => { console.log('size', event.s.length, 'ünï 😀'); return { s: event.s + event.s.slice(0, 10) }; };` }, { memorySize: 512 }));
    // Just under Lambda's 6,291,556-byte limit on a result (the next test goes past it).
    const s = 'é😀x'.repeat(898_700);
    for (let i = 0; i < 2; i++) {
      const result = await env.invoke(req({ s }));
      assert.equal(result.outcome.kind, 'success');
      assert.equal((JSON.parse(result.outcome.payload) as { s: string }).s, s + s.slice(0, 10));
      assert.match(result.log, new RegExp(`\\tINFO\\tsize ${s.length} ünï 😀\n`));
    }
    assert.ok(Buffer.byteLength(JSON.stringify({ s })) > 6_000_000);
  });

  it('a result past 6 MB fails the invocation with Lambda\'s Function.ResponseSizeTooLarge, and the environment goes on', async () => {
    const env = await start(image({ 'index.js': `exports.handler = async (event) => event.big ? 'x'.repeat(7_000_000) : 'small';` }, { memorySize: 512 }));
    const result = await env.invoke(req({ big: true }));
    assert.deepEqual(result.outcome, {
      kind: 'error', errorType: 'Function.ResponseSizeTooLarge',
      payload: '{"errorMessage":"Response payload size (7000002 bytes) exceeded maximum allowed payload size (6291556 bytes).","errorType":"Function.ResponseSizeTooLarge"}',
    });
    assert.equal((await env.invoke(req({ big: false }))).outcome.payload, '"small"');
  });

  it('a handler that writes on fd 3 itself (the channel) ends its environment, never Gatehouse', async () => {
    for (const junk of ['[0, 0, 0, 1, 0x41]', '[0xff, 0xff, 0xff, 0xff, 0x52]']) {
      const env = await start(image({ 'index.js': `const fs = require('node:fs'); exports.handler = async () => { fs.writeSync(3, Buffer.from(${junk})); await new Promise((r) => setTimeout(r, 1000)); return 'never'; };` }));
      const result = await env.invoke(req({}));
      assert.equal(result.outcome.kind, 'error');
      assert.equal(result.outcome.errorType, 'Runtime.ExitError');
      assert.equal(env.alive, false);
    }
  });

  it('loads ESM handlers from nested folders, and callback handlers', async () => {
    const esm = await start(image({ 'src/app.mjs': 'export const main = async () => "esm";' }, { handler: 'src/app.main' }));
    assert.deepEqual((await esm.invoke(req({}))).outcome, { kind: 'success', payload: '"esm"' });
    const cb = await start(image({ 'index.js': 'exports.handler = (event, context, callback) => { setTimeout(() => callback(null, { ok: true }), 5); };' }));
    assert.deepEqual((await cb.invoke(req({}))).outcome, { kind: 'success', payload: '{"ok":true}' });
  });

  it('a callback answer waits for the event loop to empty, unless callbackWaitsForEmptyEventLoop is false', async () => {
    const code = 'exports.handler = (event, context, callback) => { context.callbackWaitsForEmptyEventLoop = event.wait; setTimeout(() => console.log("late work done"), 300); callback(null, "answered"); };';
    const env = await start(image({ 'index.js': code }));
    const waited = await env.invoke(req({ wait: true }));
    assert.deepEqual(waited.outcome, { kind: 'success', payload: '"answered"' });
    assert.ok(waited.durationMs >= 290, `answered after ${waited.durationMs} ms`);
    assert.match(waited.log, /\tINFO\tlate work done\n/, 'the pending work ran within the invocation');
    const prompt = await env.invoke(req({ wait: false }));
    assert.deepEqual(prompt.outcome, { kind: 'success', payload: '"answered"' });
    assert.ok(prompt.durationMs < 250, `answered after ${prompt.durationMs} ms`);
    assert.doesNotMatch(prompt.log, /late work done/);
    // The environment is still usable (its channel to Gatehouse was kept again after waiting).
    assert.equal((await env.invoke(req({ wait: true }))).outcome.kind, 'success');
  });

  it('reports a thrown error as Lambda does and stays usable', async () => {
    const env = await start(image({ 'index.js': 'class ValidationError extends Error { constructor(m) { super(m); this.name = "ValidationError"; } }\nexports.handler = async (e) => { if (e.fail) throw new ValidationError("bad input"); return "fine"; };' }));
    const failed = await env.invoke(req({ fail: true }));
    assert.equal(failed.outcome.kind, 'error');
    const error = JSON.parse(failed.outcome.payload) as { errorType: string; errorMessage: string; trace: string[] };
    assert.equal(error.errorType, 'ValidationError');
    assert.equal(error.errorMessage, 'bad input');
    assert.match(error.trace[0]!, /^ValidationError: bad input/);
    assert.deepEqual((await env.invoke(req({}))).outcome, { kind: 'success', payload: '"fine"' });
  });

  it('times out with Lambda message and ends the environment', async () => {
    const env = await start(image({ 'index.js': 'exports.handler = () => new Promise(() => {});' }, { timeout: 1 }));
    const r = req({});
    const result = await env.invoke(r);
    assert.deepEqual(JSON.parse(result.outcome.payload), { errorType: 'Sandbox.Timedout', errorMessage: `RequestId: ${r.requestId} Error: Task timed out after 1.00 seconds` });
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(env.alive, false);
  });

  it('each invocation gets the whole timeout, also after the environment sat idle past it', async () => {
    const env = await start(image({ 'index.js': 'exports.handler = (e) => new Promise((r) => setTimeout(() => r(e.ms), e.ms));' }, { timeout: 1 }));
    // Two invocations of 0.6 s back to back: together past the timeout, each within it.
    assert.deepEqual((await env.invoke(req({ ms: 600 }))).outcome, { kind: 'success', payload: '600' });
    assert.deepEqual((await env.invoke(req({ ms: 600 }))).outcome, { kind: 'success', payload: '600' });
    await new Promise((resolve) => setTimeout(resolve, 1200));
    assert.deepEqual((await env.invoke(req({ ms: 10 }))).outcome, { kind: 'success', payload: '10' });
    const r = req({ ms: 5000 });
    const started = Date.now();
    const timedOut = await env.invoke(r);
    assert.deepEqual(JSON.parse(timedOut.outcome.payload), { errorType: 'Sandbox.Timedout', errorMessage: `RequestId: ${r.requestId} Error: Task timed out after 1.00 seconds` });
    assert.ok(Date.now() - started >= 950, 'not cut short by an earlier invocation');
  });

  it('process.exit fails only its own invocation', async () => {
    const env = await start(image({ 'index.js': 'exports.handler = async () => { process.exit(3); };' }));
    const r = req({});
    const result = await env.invoke(r);
    assert.deepEqual(JSON.parse(result.outcome.payload), { errorType: 'Runtime.ExitError', errorMessage: `RequestId: ${r.requestId} Error: Runtime exited with error: exit status 3`, trace: [] });
  });

  it('init errors: a syntax error, a missing module, a missing export', async () => {
    const cases: Array<[Record<string, string>, string, string]> = [
      [{ 'index.js': 'exports.handler = async () => {' }, 'index.handler', 'Runtime.UserCodeSyntaxError'],
      [{ 'other.js': '' }, 'index.handler', 'Runtime.ImportModuleError'],
      [{ 'index.js': 'exports.other = 1;' }, 'index.handler', 'Runtime.HandlerNotFound'],
    ];
    for (const [files, handler, type] of cases) {
      const r = await NodeEnvironment.start(image(files, { handler }), 'stream');
      assert.ok('initError' in r, type);
      assert.equal(r.initError.errorType, type);
    }
  });

  it('nodejs24.x refuses a callback handler at init, as Lambda does; older runtimes take it', async () => {
    const files = { 'index.js': 'exports.handler = (event, context, callback) => callback(null, "ok");' };
    const r = await NodeEnvironment.start(image(files, { runtime: 'nodejs24.x' }), 'stream');
    assert.ok('initError' in r);
    assert.equal(r.initError.errorType, 'Runtime.CallbackHandlerDeprecated');
    assert.equal(r.initError.errorMessage, 'ERROR: AWS Lambda has removed support for callback-based function handlers starting with Node.js 24. You need to modify this function to use a supported handler signature to use Node.js 24 or later. For more information see https://docs.aws.amazon.com/lambda/latest/dg/nodejs-handler.html.');
    const older = await NodeEnvironment.start(image(files, { runtime: 'nodejs22.x' }), 'stream');
    assert.ok('environment' in older);
    started.push(older.environment);
  });
});

describe("the runtime's own Node", () => {
  it('runs on the Node it is given, and says what Gatehouse did first in the log before START, once', async () => {
    // A stand-in for an installed Node: this Node, through a script that marks the environment.
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-other-node-'));
    const other = join(dir, 'node');
    writeFileSync(other, `#!/bin/sh\nGATEHOUSE_OTHER_NODE=yes exec '${process.execPath}' "$@"\n`);
    chmodSync(other, 0o755);
    const node = { binary: { runtime: 'nodejs24.x', execPath: other, version: 'v24.1.2', source: 'installed' as const }, notice: 'Gatehouse installed Node.js v24.1.2 for nodejs24.x in 1.0 s' };
    const r = await NodeEnvironment.start(image({ 'index.mjs': 'export const handler = async () => process.env.GATEHOUSE_OTHER_NODE;' }, { runtime: 'nodejs24.x' }), 'stream', node);
    if (!('environment' in r)) throw new Error(JSON.stringify(r.initError));
    started.push(r.environment);
    const first = req({});
    const result = await r.environment.invoke(first);
    assert.deepEqual(result.outcome, { kind: 'success', payload: '"yes"' });
    assert.match(result.log, new RegExp(`^\\d{4}-[\\d-]+T[\\d:.]+Z\\tGatehouse installed Node\\.js v24\\.1\\.2 for nodejs24\\.x in 1\\.0 s\\nSTART RequestId: ${first.requestId} `));
    assert.match((await r.environment.invoke(req({}))).log, /^START /);
    // An init error carries the notice too.
    const failed = await NodeEnvironment.start(image({ 'index.js': 'exports.other = 1;' }), 'stream', node);
    assert.ok('initError' in failed);
    assert.match(failed.log, /^\S+\tGatehouse installed Node\.js v24\.1\.2/);
  });

  it("the starter falls back to the machine's Node when the runtime's cannot be installed, and says so", async () => {
    const runtimes = new NodeRuntimes({ dir: mkdtempSync(join(tmpdir(), 'gatehouse-runtimes-')), npm: ['false'], machine: { execPath: process.execPath, version: 'v0.0.0-machine' } });
    const r = await NodeEnvironment.starter(runtimes)(image({ 'index.js': 'exports.handler = async () => process.version;' }, { runtime: 'nodejs18.x' }), 'stream');
    if (!('environment' in r)) throw new Error(JSON.stringify(r.initError));
    started.push(r.environment);
    const result = await r.environment.invoke(req({}));
    assert.deepEqual(result.outcome, { kind: 'success', payload: JSON.stringify(process.version) });
    assert.match(result.log, /\tGatehouse could not install Node\.js 18 for nodejs18\.x \(.*\): this environment runs on the machine's Node\.js v0\.0\.0-machine\nSTART /);
  });
});

describe('uncaught errors', () => {
  it('an exception thrown outside the handler fails the invocation and ends the environment', async () => {
    const env = await start(image({ 'index.js': 'exports.handler = async () => { setTimeout(() => { throw new RangeError("late"); }, 1); await new Promise((r) => setTimeout(r, 50)); return "never"; };' }));
    const result = await env.invoke(req({}));
    assert.equal(result.outcome.kind, 'error');
    assert.equal((JSON.parse(result.outcome.payload) as { errorType: string }).errorType, 'RangeError');
    assert.equal(env.alive, false, 'not handed another invocation');
  });
});
