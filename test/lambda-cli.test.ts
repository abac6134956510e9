/**
 * Lambda with the AWS CLI v2, as a user drives it: create from a zip made here, invoke with the tail log,
 * update the code, publish a version and an alias and invoke both; `gatehouse logs` shows the invocations;
 * a provided.al2023 function with a shell bootstrap; a handler that calls Gatehouse through AWS_ENDPOINT_URL.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { zipSync } from 'fflate';
import { shellBootstrap } from '../src/runtime/test-support/shell-bootstrap.js';
import type { Gatehouse } from '../src/server/gatehouse.js';
import { ROLE, zipOf } from './support/lambda.js';
import { awsCli, startTestGatehouse } from './support/server.js';

const BIN = fileURLToPath(new URL('../../bin/gatehouse.js', import.meta.url));
let gh: Gatehouse;
let dir: string;
before(async () => {
  gh = await startTestGatehouse();
  dir = mkdtempSync(join(tmpdir(), 'gatehouse-lambda-cli-'));
});
after(() => gh.dispose());

function zipFile(name: string, zip: Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, zip);
  return `fileb://${path}`;
}

async function invoke(args: string[]): Promise<{ meta: Record<string, string>; payload: unknown }> {
  const out = join(dir, `out-${Math.random().toString(36).slice(2)}.json`);
  const { json } = await awsCli(gh, ['lambda', 'invoke', ...args, out]);
  return { meta: json as Record<string, string>, payload: JSON.parse(readFileSync(out, 'utf8')) };
}

test('create, invoke with the tail log, update, version, alias', async () => {
  const created = (await awsCli(gh, ['lambda', 'create-function', '--function-name', 'tutorial', '--runtime', 'nodejs20.x', '--role', ROLE, '--handler', 'index.handler',
    '--zip-file', zipFile('v1.zip', zipOf({ 'index.js': 'exports.handler = async () => { console.log("serving v1"); return { statusCode: 200, body: "Hello from Lambda!" }; };' }))])).json as Record<string, unknown>;
  assert.equal(created['State'], 'Pending');
  await awsCli(gh, ['lambda', 'wait', 'function-active-v2', '--function-name', 'tutorial']);

  const first = await invoke(['--function-name', 'tutorial', '--log-type', 'Tail']);
  assert.equal(first.meta['StatusCode'], 200);
  assert.deepEqual(first.payload, { statusCode: 200, body: 'Hello from Lambda!' });
  assert.match(Buffer.from(first.meta['LogResult']!, 'base64').toString('utf8'), /\tINFO\tserving v1\n/);

  await awsCli(gh, ['lambda', 'update-function-code', '--function-name', 'tutorial', '--zip-file', zipFile('v2.zip', zipOf({ 'index.mjs': 'export const handler = async () => ({ statusCode: 200, body: "v2" });' }))]);
  await awsCli(gh, ['lambda', 'wait', 'function-updated-v2', '--function-name', 'tutorial']);
  assert.deepEqual((await invoke(['--function-name', 'tutorial'])).payload, { statusCode: 200, body: 'v2' });

  const version = (await awsCli(gh, ['lambda', 'publish-version', '--function-name', 'tutorial'])).json as { Version: string };
  assert.equal(version.Version, '1');
  await awsCli(gh, ['lambda', 'create-alias', '--function-name', 'tutorial', '--name', 'live', '--function-version', '1']);
  const byAlias = await invoke(['--function-name', 'tutorial:live']);
  assert.equal(byAlias.meta['ExecutedVersion'], '1');
  assert.deepEqual((await invoke(['--function-name', 'tutorial', '--qualifier', '1'])).payload, { statusCode: 200, body: 'v2' });

  // gatehouse logs shows what ran, START to REPORT.
  const logs = spawn(process.execPath, [BIN, 'logs', 'tutorial', '--endpoint-url', gh.url], { stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  logs.stdout.setEncoding('utf8').on('data', (c: string) => (text += c));
  const [code] = (await once(logs, 'exit')) as [number];
  assert.equal(code, 0);
  assert.match(text, /START RequestId: [0-9a-f-]{36} Version: \$LATEST\n.*\tINFO\tserving v1\nEND RequestId/);
  assert.equal(text.match(/^REPORT RequestId/gm)?.length, 4);

  // A function Gatehouse never had: Lambda's message, exit 1.
  const unknown = spawn(process.execPath, [BIN, 'logs', 'nosuchfn', '--endpoint-url', gh.url], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  unknown.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  const [unknownCode] = (await once(unknown, 'exit')) as [number];
  assert.equal(unknownCode, 1);
  assert.match(stderr, /Function not found: arn:aws:lambda:us-east-1:000000000000:function:nosuchfn/);
});

test('a provided.al2023 function whose bootstrap is a shell script', async () => {
  const bootstrap = shellBootstrap('shell');
  const zip = Buffer.from(zipSync({ bootstrap: new TextEncoder().encode(bootstrap) }));
  await awsCli(gh, ['lambda', 'create-function', '--function-name', 'shell', '--runtime', 'provided.al2023', '--role', ROLE, '--handler', 'function.handler', '--zip-file', zipFile('shell.zip', zip)]);
  const result = await invoke(['--function-name', 'shell', '--payload', Buffer.from('{"n":7}').toString('base64')]);
  assert.deepEqual(result.payload, { shell: { n: 7 } });
});

test('a handler that calls AWS reaches Gatehouse through AWS_ENDPOINT_URL, in its own account', async () => {
  const code = `exports.handler = async () => {
  const res = await fetch(process.env.AWS_ENDPOINT_URL + '/', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded',
    authorization: 'AWS4-HMAC-SHA256 Credential=' + process.env.AWS_ACCESS_KEY_ID + '/20261122/' + process.env.AWS_REGION + '/sts/aws4_request, SignedHeaders=host, Signature=0' },
    body: 'Action=GetCallerIdentity&Version=2011-06-15' });
  return (await res.text()).match(/<Account>(\\d+)<\\/Account>/)[1];
};`;
  await awsCli(gh, ['lambda', 'create-function', '--function-name', 'caller', '--runtime', 'nodejs20.x', '--role', ROLE, '--handler', 'index.handler', '--zip-file', zipFile('caller.zip', zipOf({ 'index.js': code }))]);
  assert.equal((await invoke(['--function-name', 'caller'])).payload, '000000000000');
});
