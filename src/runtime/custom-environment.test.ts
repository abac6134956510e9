import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { CustomEnvironment } from './custom-environment.js';
import { shellBootstrap } from './test-support/shell-bootstrap.js';
import type { Environment } from './environment.js';
import type { FunctionImage } from './types.js';

const started: Environment[] = [];
after(() => started.forEach((e) => e.dispose()));

function image(bootstrap: string, overrides: Partial<FunctionImage> = {}): FunctionImage {
  const codeDir = mkdtempSync(join(tmpdir(), 'gatehouse-provided-'));
  writeFileSync(join(codeDir, 'bootstrap'), bootstrap);
  chmodSync(join(codeDir, 'bootstrap'), 0o755);
  return {
    functionName: 'custom', functionVersion: '$LATEST', functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:custom', runtime: 'provided.al2023',
    handler: 'function.handler', codeDir, memorySize: 128, timeout: 3, region: 'us-east-1', account: '000000000000', environment: {}, platformEnvironment: {}, ...overrides,
  };
}

const req = (payload: unknown) => ({ requestId: randomUUID(), payload: JSON.stringify(payload), invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:custom' });

const SHELL_BOOTSTRAP = shellBootstrap('echo');

const NODE_BOOTSTRAP = `#!/usr/bin/env node
const api = 'http://' + process.env.AWS_LAMBDA_RUNTIME_API + '/2018-06-01/runtime';
(async () => {
  for (;;) {
    const next = await fetch(api + '/invocation/next');
    const id = next.headers.get('lambda-runtime-aws-request-id');
    const event = await next.json();
    if (event.big) {
      const r = await fetch(api + '/invocation/' + id + '/response', { method: 'POST', body: JSON.stringify('x'.repeat(event.big)) });
      console.log('posted', r.status);
    } else if (event.fail) {
      await fetch(api + '/invocation/' + id + '/error', { method: 'POST', body: JSON.stringify({ errorType: 'Oops', errorMessage: 'asked to fail' }) });
    } else {
      await fetch(api + '/invocation/' + id + '/response', { method: 'POST', body: JSON.stringify({ deadlineIn: Number(next.headers.get('lambda-runtime-deadline-ms')) - Date.now() > 0, arn: next.headers.get('lambda-runtime-invoked-function-arn') }) });
    }
  }
})();
`;

async function start(img: FunctionImage): Promise<Environment> {
  const r = await CustomEnvironment.start(img, 'stream');
  if (!('environment' in r)) throw new Error(`init failed: ${JSON.stringify(r.initError)}`);
  started.push(r.environment);
  return r.environment;
}

describe('custom runtime (provided.al2023) over the Runtime API', () => {
  it('a shell bootstrap using curl serves invocations, its stdout is the log', async () => {
    const env = await start(image(SHELL_BOOTSTRAP));
    const r = req({ n: 1 });
    const result = await env.invoke(r);
    assert.deepEqual(result.outcome, { kind: 'success', payload: '{"echo":{"n":1}}' });
    const second = await env.invoke(req({ n: 2 }));
    assert.deepEqual(second.outcome, { kind: 'success', payload: '{"echo":{"n":2}}' });
    assert.match(result.log + second.log, new RegExp(`handling ${r.requestId} for function.handler`));
  });

  it('a Node bootstrap gets the deadline and ARN headers, and reports errors', async () => {
    const env = await start(image(NODE_BOOTSTRAP));
    assert.deepEqual(JSON.parse((await env.invoke(req({}))).outcome.payload), { deadlineIn: true, arn: 'arn:aws:lambda:us-east-1:000000000000:function:custom' });
    const failed = await env.invoke(req({ fail: true }));
    assert.equal(failed.outcome.kind, 'error');
    assert.deepEqual(JSON.parse(failed.outcome.payload), { errorType: 'Oops', errorMessage: 'asked to fail', trace: [] });
  });

  it('a result past 6 MB is answered 413 and fails the invocation as Lambda does; the runtime goes on', async () => {
    const env = await start(image(NODE_BOOTSTRAP));
    const big = await env.invoke(req({ big: 7_000_000 }));
    assert.deepEqual(big.outcome, {
      kind: 'error', errorType: 'Function.ResponseSizeTooLarge',
      payload: '{"errorMessage":"Response payload size (7000002 bytes) exceeded maximum allowed payload size (6291556 bytes).","errorType":"Function.ResponseSizeTooLarge"}',
    });
    const next = await env.invoke(req({}));
    assert.equal(next.outcome.kind, 'success');
    assert.match(next.log, /posted 413/);
  });

  it('a bootstrap that exits before asking for work is an init error', async () => {
    const r = await CustomEnvironment.start(image('#!/bin/sh\necho starting\nexit 2\n'), 'stream');
    assert.ok('initError' in r);
    assert.equal(r.initError.errorMessage, 'Error: Runtime exited with error: exit status 2');
  });
});
