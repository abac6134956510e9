import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { Environment } from './environment.js';
import { FunctionPool } from './pool.js';
import { PythonEnvironment } from './python-environment.js';
import { findPython } from './python-interpreter.js';
import type { FunctionImage } from './types.js';

const started: Environment[] = [];
after(() => started.forEach((e) => e.dispose()));

const ARN = 'arn:aws:lambda:us-east-1:000000000000:function:py';

function image(files: Record<string, string>, overrides: Partial<FunctionImage> = {}): FunctionImage {
  const codeDir = mkdtempSync(join(tmpdir(), 'gatehouse-py-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(codeDir, name, '..'), { recursive: true });
    writeFileSync(join(codeDir, name), text);
  }
  return {
    functionName: 'py', functionVersion: '$LATEST', functionArn: ARN, runtime: 'python3.12', handler: 'app.handler', codeDir, memorySize: 128, timeout: 3,
    region: 'us-east-1', account: '000000000000', environment: { GREETING: 'hello' }, platformEnvironment: {}, ...overrides,
  };
}

async function start(img: FunctionImage): Promise<Environment> {
  const r = await PythonEnvironment.start(img, '2026/12/06/[$LATEST]0123');
  if (!('environment' in r)) throw new Error(`init failed: ${JSON.stringify(r.initError)} ${r.log}`);
  started.push(r.environment);
  return r.environment;
}

const req = (payload: unknown) => ({ requestId: randomUUID(), payload: JSON.stringify(payload), invokedFunctionArn: ARN });

/** The first invocation of a new pool (so init failures are answered as Lambda answers them). */
async function firstInvoke(img: FunctionImage) {
  const pool = new FunctionPool(img, (i, s) => PythonEnvironment.start(i, s), { maxEnvironments: 1, idleMs: 60_000 });
  const r = req({});
  try {
    return { request: r, result: await pool.invoke(r) };
  } finally {
    pool.dispose();
  }
}

const TIME = '\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z';

describe('Python execution environment', () => {
  it('runs pkg.module.function from a nested package with Lambda context, environment and log format', async () => {
    const app = [
      'import logging, os',
      'print("loading")',
      'logging.getLogger().setLevel(logging.INFO)',
      'def handler(event, context):',
      '    print("got", event["n"])',
      '    logging.info("two\\nlines")',
      '    logging.getLogger("child").warning("careful")',
      '    return {"n": event["n"] + 1, "greeting": os.environ["GREETING"], "id": context.aws_request_id, "fn": context.function_name,',
      '            "version": context.function_version, "arn": context.invoked_function_arn, "mem": context.memory_limit_in_mb,',
      '            "group": context.log_group_name, "stream": context.log_stream_name, "left": 0 < context.get_remaining_time_in_millis() <= 3000,',
      '            "identity": [context.identity.cognito_identity_id, context.identity.cognito_identity_pool_id], "client": context.client_context,',
      '            "root": os.environ["LAMBDA_TASK_ROOT"], "env": os.environ["AWS_EXECUTION_ENV"], "first": __import__("sys").path[0]}',
    ].join('\n');
    const img = image({ 'pkg/__init__.py': '', 'pkg/sub/__init__.py': '', 'pkg/sub/app.py': app }, { handler: 'pkg.sub.app.handler' });
    const env = await start(img);
    const r = req({ n: 41 });
    const result = await env.invoke(r);
    assert.deepEqual(JSON.parse(result.outcome.payload), {
      n: 42, greeting: 'hello', id: r.requestId, fn: 'py', version: '$LATEST', arn: ARN, mem: '128', group: '/aws/lambda/py', stream: '2026/12/06/[$LATEST]0123',
      left: true, identity: [null, null], client: null, root: img.codeDir, env: 'AWS_Lambda_python3.12', first: img.codeDir,
    });
    const lines = result.log.split('\n');
    assert.match(lines[0]!, /^INIT_START Runtime Version: python:3\.12\tInterpreter: \S+ \(Python 3\.\d+\.\d+\)/);
    assert.equal(lines[1], 'loading');
    assert.equal(lines[2], `START RequestId: ${r.requestId} Version: $LATEST`);
    assert.equal(lines[3], 'got 41');
    assert.match(lines[4]!, new RegExp(`^\\[INFO\\]\\t${TIME}\\t${r.requestId}\\ttwo\\rlines$`));
    assert.match(lines[5]!, new RegExp(`^\\[WARNING\\]\\t${TIME}\\t${r.requestId}\\tcareful$`));
    assert.equal(lines[6], `END RequestId: ${r.requestId}`);
    assert.match(lines[7]!, new RegExp(`^REPORT RequestId: ${r.requestId}\\tDuration: \\d+\\.\\d\\d ms\\tBilled Duration: \\d+ ms\\tMemory Size: 128 MB\\tMax Memory Used: [1-9]\\d* MB\\tInit Duration: \\d+\\.\\d\\d ms\\t$`));
    const again = await env.invoke(req({ n: 1 }));
    assert.doesNotMatch(again.log, /INIT_START|Init Duration|loading/);
  });

  it('reports a raised exception as the Python runtime does and stays usable', async () => {
    const env = await start(image({ 'app.py': 'def handler(event, context):\n    if event.get("fail"):\n        raise KeyError("missing")\n    return "fine"\n' }));
    const r = req({ fail: true });
    const failed = await env.invoke(r);
    assert.equal(failed.outcome.kind, 'error');
    const error = JSON.parse(failed.outcome.payload) as { errorMessage: string; errorType: string; requestId: string; stackTrace: string[] };
    assert.deepEqual(Object.keys(error), ['errorMessage', 'errorType', 'requestId', 'stackTrace']);
    assert.deepEqual([error.errorMessage, error.errorType, error.requestId], ["'missing'", 'KeyError', r.requestId]);
    assert.equal(error.stackTrace.length, 1);
    assert.match(error.stackTrace[0]!, /^ {2}File "\/.+\/app\.py", line 3, in handler\n {4}raise KeyError\("missing"\)\n$/);
    assert.match(failed.log, /\n\[ERROR\] KeyError: 'missing'\rTraceback \(most recent call last\):\r {2}File ".+app\.py", line 3, in handler\r {4}raise KeyError\("missing"\)\n/);
    assert.deepEqual((await env.invoke(req({}))).outcome, { kind: 'success', payload: '"fine"' });
  });

  it('a result that is not JSON is Runtime.MarshalError; a Decimal is a number', async () => {
    const env = await start(image({ 'app.py': 'import decimal\ndef handler(event, context):\n    return {1, 2} if event.get("set") else {"d": decimal.Decimal("1.5"), "i": decimal.Decimal("2")}\n' }));
    assert.deepEqual((await env.invoke(req({}))).outcome, { kind: 'success', payload: '{"d": 1.5, "i": 2}' });
    const r = req({ set: true });
    assert.equal((await env.invoke(r)).outcome.payload, JSON.stringify({ errorMessage: 'Unable to marshal response: Object of type set is not JSON serializable', errorType: 'Runtime.MarshalError', requestId: r.requestId, stackTrace: [] }));
  });

  it('events and results of megabytes cross the Runtime API whole; past 6 MB the result is Function.ResponseSizeTooLarge', async () => {
    const env = await start(image({ 'app.py': 'def handler(event, context):\n    print("size", len(event["s"]))\n    return event["s"] * event["times"]\n' }));
    const s = 'é'.repeat(500_000);
    const result = await env.invoke(req({ s, times: 1 }));
    assert.deepEqual(result.outcome, { kind: 'success', payload: JSON.stringify(s).replace(/é/g, '\\u00e9') });
    assert.match(result.log, /size 500000\n/);
    const r = req({ s: 'x'.repeat(1_000_000), times: 7 });
    const tooLarge = await env.invoke(r);
    assert.equal(tooLarge.outcome.kind, 'error');
    // Lambda's payload for it, without the Python runtime's requestId and stackTrace.
    assert.equal(tooLarge.outcome.payload, '{"errorMessage":"Response payload size (7000002 bytes) exceeded maximum allowed payload size (6291556 bytes).","errorType":"Function.ResponseSizeTooLarge"}');
    assert.deepEqual((await env.invoke(req({ s: 'ok', times: 1 }))).outcome, { kind: 'success', payload: '"ok"' });
  });

  it('init errors: a missing module, a missing handler, a syntax error, a malformed handler name', async () => {
    const cases: Array<[Record<string, string>, string, string, string]> = [
      [{ 'app.py': 'import not_there\n' }, 'app.handler', 'Runtime.ImportModuleError', "Unable to import module 'app': No module named 'not_there'"],
      [{ 'other.py': '' }, 'app.handler', 'Runtime.ImportModuleError', "Unable to import module 'app': No module named 'app'"],
      [{ 'app.py': 'def other(e, c):\n    pass\n' }, 'app.handler', 'Runtime.HandlerNotFound', "Handler 'handler' missing on module 'app'"],
      [{ 'app.py': 'def handler(event, context)\n    return 1\n' }, 'app.handler', 'Runtime.UserCodeSyntaxError', "Syntax error in module 'app': "],
      [{ 'app.py': '' }, 'app', 'Runtime.MalformedHandlerName', "Bad handler 'app': not enough values to unpack (expected 2, got 1)"],
    ];
    for (const [files, handler, type, message] of cases) {
      const { request, result } = await firstInvoke(image(files, { handler }));
      const error = JSON.parse(result.outcome.payload) as { errorMessage: string; errorType: string; requestId: string; stackTrace: string[] };
      assert.equal(error.errorType, type);
      assert.ok(error.errorMessage.startsWith(message), `${error.errorMessage} starts with ${message}`);
      assert.equal(error.requestId, request.requestId);
      if (type === 'Runtime.UserCodeSyntaxError') assert.match(error.stackTrace[0]!, /^ {2}File ".+app\.py" Line 1\n/);
      else assert.deepEqual(error.stackTrace, []);
      assert.match(result.log, new RegExp(`\\[ERROR\\] ${type.replace('.', '\\.')}: .*\\rTraceback \\(most recent call last\\):(\\r[^\\n]*)?\\nSTART RequestId: ${request.requestId}`));
    }
  });

  it('times out with Lambda message and ends the environment; an exit fails only its invocation', async () => {
    const env = await start(image({ 'app.py': 'import time, os\ndef handler(event, context):\n    if event.get("exit"):\n        os._exit(3)\n    time.sleep(10)\n' }, { timeout: 1 }));
    const r = req({});
    const result = await env.invoke(r);
    assert.deepEqual(JSON.parse(result.outcome.payload), { errorType: 'Sandbox.Timedout', errorMessage: `RequestId: ${r.requestId} Error: Task timed out after 1.00 seconds` });
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(env.alive, false);
    const exiting = await start(image({ 'app.py': 'import os\ndef handler(event, context):\n    os._exit(3)\n' }));
    const e = req({});
    assert.deepEqual(JSON.parse((await exiting.invoke(e)).outcome.payload), { errorType: 'Runtime.ExitError', errorMessage: `RequestId: ${e.requestId} Error: Runtime exited with error: exit status 3`, trace: [] });
  });

  it('past its memory size the environment ends, as a Node one does', async () => {
    const env = await start(image({ 'app.py': 'def handler(event, context):\n    return len(bytearray(event["mb"] << 20))\n' }));
    assert.deepEqual((await env.invoke(req({ mb: 8 }))).outcome, { kind: 'success', payload: String(8 << 20) });
    const r = req({ mb: 256 });
    assert.deepEqual(JSON.parse((await env.invoke(r)).outcome.payload), { errorType: 'Runtime.ExitError', errorMessage: `RequestId: ${r.requestId} Error: Runtime exited with error: signal: killed`, trace: [] });
  });

  it('runs on Debian\'s python3 alone, and a machine without Python gets Lambda\'s InvalidEntrypoint', async () => {
    const debian = await findPython('python3.12', '/usr/bin:/bin');
    assert.ok(debian && debian.minor >= 9, 'the machine has /usr/bin/python3 3.9 or later');
    const saved = process.env['PATH'];
    try {
      process.env['PATH'] = '/usr/bin:/bin';
      const env = await start(image({ 'app.py': 'import sys\ndef handler(event, context):\n    return sys.version_info[0]\n' }));
      assert.deepEqual((await env.invoke(req({}))).outcome, { kind: 'success', payload: '3' });
      process.env['PATH'] = mkdtempSync(join(tmpdir(), 'gatehouse-nopython-'));
      const { request, result } = await firstInvoke(image({ 'app.py': '' }));
      assert.equal(result.outcome.payload, JSON.stringify({ errorMessage: `RequestId: ${request.requestId} Error: fork/exec python3.12: no such file or directory`, errorType: 'Runtime.InvalidEntrypoint' }));
      assert.match(result.log, /^Gatehouse found no Python 3\.9 or later on PATH/);
    } finally {
      process.env['PATH'] = saved;
    }
  });
});
