import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { NodeEnvironment } from './node-environment.js';
import { FunctionPool, ThrottledError } from './pool.js';
import type { FunctionImage } from './types.js';

const pools: FunctionPool[] = [];
after(() => pools.forEach((p) => p.dispose()));

function pool(code: string, max: number, overrides: Partial<FunctionImage> = {}, idleMs = 60_000): FunctionPool {
  const codeDir = mkdtempSync(join(tmpdir(), 'gatehouse-pool-'));
  writeFileSync(join(codeDir, 'index.js'), code);
  const image: FunctionImage = {
    functionName: 'fn', functionVersion: '$LATEST', functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:fn', runtime: 'nodejs20.x',
    handler: 'index.handler', codeDir, memorySize: 128, timeout: 3, region: 'us-east-1', account: '000000000000', environment: {}, platformEnvironment: {}, ...overrides,
  };
  const p = new FunctionPool(image, (img, stream) => NodeEnvironment.start(img, stream), { maxEnvironments: max, idleMs });
  pools.push(p);
  return p;
}

const req = () => ({ requestId: randomUUID(), payload: '{}', invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:fn' });

describe('FunctionPool', () => {
  it('reuses a warm environment: one process serves sequential invocations', async () => {
    const p = pool('exports.handler = async () => process.pid;', 10);
    const a = await p.invoke(req());
    const b = await p.invoke(req());
    assert.equal(a.outcome.payload, b.outcome.payload);
    assert.equal(p.size, 1);
    assert.ok(a.initDurationMs !== undefined && b.initDurationMs === undefined, 'only the cold start reports Init Duration');
  });

  it('runs concurrent invocations in several environments, one invocation each', async () => {
    const p = pool('exports.handler = async () => { await new Promise((r) => setTimeout(r, 200)); return process.pid; };', 20);
    const started = Date.now();
    const results = await Promise.all(Array.from({ length: 10 }, () => p.invoke(req())));
    const elapsed = Date.now() - started;
    const pids = new Set(results.map((r) => r.outcome.payload));
    assert.equal(pids.size, 10, 'each concurrent invocation had its own environment');
    assert.ok(elapsed < 10 * 200, `took ${elapsed} ms`);
  });

  it('throttles past its concurrency', async () => {
    const p = pool('exports.handler = async () => { await new Promise((r) => setTimeout(r, 300)); return 1; };', 1);
    const first = p.invoke(req());
    await assert.rejects(p.invoke(req()), ThrottledError);
    assert.equal((await first).outcome.kind, 'success');
    assert.equal((await p.invoke(req())).outcome.kind, 'success', 'free again once the first finished');
  });

  it('replaces an environment that died, and reports init errors as the invocation result', async () => {
    const p = pool('let n = 0; exports.handler = async () => { if (++n === 1) process.exit(1); return process.pid; };', 5);
    assert.equal((await p.invoke(req())).outcome.kind, 'error');
    assert.equal((await p.invoke(req())).outcome.kind, 'error', 'a fresh environment counts from 1 again');
    const broken = pool('exports.handler = async () => {', 5);
    const result = await broken.invoke(req());
    assert.equal(result.outcome.kind, 'error');
    assert.equal((JSON.parse(result.outcome.payload) as { errorType: string }).errorType, 'Runtime.UserCodeSyntaxError');
    assert.match(result.log, /START RequestId: .*\nEND RequestId: .*\nREPORT RequestId: .*Init Duration/);
    assert.equal(broken.size, 0);
  });

  it('counts idleness from the last invocation, not the first', async () => {
    const p = pool('exports.handler = async () => process.pid;', 5, {}, 500);
    const first = await p.invoke(req());
    await new Promise((r) => setTimeout(r, 300));
    assert.equal((await p.invoke(req())).outcome.payload, first.outcome.payload, 'still warm after 300 ms');
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(p.size, 1, '600 ms after the first release but 300 ms after the last');
    await new Promise((r) => setTimeout(r, 700));
    assert.equal(p.size, 0);
  });

  it('reaps idle environments', async () => {
    const p = pool('exports.handler = async () => 1;', 5, {}, 100);
    await p.invoke(req());
    assert.equal(p.size, 1);
    await new Promise((r) => setTimeout(r, 400));
    assert.equal(p.size, 0);
  });
});
