/**
 * Every Node major on its own Node, as a user gets it, in one Gatehouse with a data dir: `gatehouse runtimes
 * install nodejs24.x` ahead of time; nodejs22.x installed by Gatehouse itself at its first invocations (three
 * at once: one install); each function reports its own `process.version` major; `gatehouse runtimes` lists
 * what is there. The two packages (~50 MB each) come from the npm registry through npm, whose cache
 * (~/.npm) keeps them: a later run on the same machine installs them again without downloading.
 */
import { CreateFunctionCommand, InvokeCommand, type LambdaClient, type Runtime } from '@aws-sdk/client-lambda';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, before, test } from 'node:test';
import type { Gatehouse } from '../src/server/gatehouse.js';
import { decode, lambdaClient, ROLE, zipOf } from './support/lambda.js';
import { credentials, startTestGatehouse, tempDataDir } from './support/server.js';

const BIN = fileURLToPath(new URL('../../bin/gatehouse.js', import.meta.url));
const MACHINE_MAJOR = Number(process.versions.node.split('.')[0]);
const run = promisify(execFile);

let dataDir: string;
let gh: Gatehouse;
let client: LambdaClient;

function gatehouseCli(args: string[]): Promise<{ stdout: string; stderr: string }> {
  return run(process.execPath, [BIN, ...args], { env: { ...process.env, AWS_ACCESS_KEY_ID: credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey } });
}

before(async () => {
  dataDir = tempDataDir();
  const installed = await gatehouseCli(['runtimes', 'install', 'nodejs24.x', '--data-dir', dataDir]);
  const how = MACHINE_MAJOR === 24 ? 'machine \\(this machine\'s Node: nothing to install\\)' : 'installed in \\d+\\.\\d s';
  assert.match(installed.stdout, new RegExp(`^nodejs24\\.x  v24\\.\\d+\\.\\d+  ${how}  /\\S+/node\\n$`));
  gh = await startTestGatehouse({ dataDir, inMemory: false });
  client = lambdaClient(gh);
});
after(async () => {
  client.destroy();
  await gh.dispose();
});

const REPORT = 'exports.handler = async (event, context) => ({ version: process.version, executionEnv: process.env.AWS_EXECUTION_ENV, event, functionName: context.functionName, left: context.getRemainingTimeInMillis() > 0 });';
const REPORT_ESM = REPORT.replace('exports.handler =', 'export const handler =');

async function create(name: string, runtime: string, files: Record<string, string>): Promise<void> {
  await client.send(new CreateFunctionCommand({ FunctionName: name, Runtime: runtime as Runtime, Role: ROLE, Handler: 'index.handler', Code: { ZipFile: zipOf(files) } }));
}

async function invoke(name: string, event: unknown): Promise<{ payload: { version: string; executionEnv: string; event: unknown; functionName: string; left: boolean }; log: string }> {
  const out = await client.send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from(JSON.stringify(event)), LogType: 'Tail' }));
  assert.equal(out.FunctionError, undefined, Buffer.from(out.Payload ?? []).toString());
  return { payload: decode(out.Payload) as never, log: Buffer.from(out.LogResult!, 'base64').toString('utf8') };
}

test('a nodejs24.x ESM function installed ahead with the CLI runs on Node 24, with its event and context', async () => {
  await create('on-24', 'nodejs24.x', { 'index.mjs': REPORT_ESM });
  const { payload, log } = await invoke('on-24', { n: 24 });
  assert.match(payload.version, /^v24\./);
  assert.deepEqual({ ...payload, version: undefined }, { version: undefined, executionEnv: 'AWS_Lambda_nodejs24.x', event: { n: 24 }, functionName: 'on-24', left: true });
  assert.match(log, /^START RequestId: /, 'nothing to say: it was installed before');
  // Node 24's runtime takes no callback handlers.
  await create('callback-24', 'nodejs24.x', { 'index.js': 'exports.handler = (event, context, callback) => callback(null, "ok");' });
  const refused = await client.send(new InvokeCommand({ FunctionName: 'callback-24' }));
  assert.equal(refused.FunctionError, 'Unhandled');
  assert.equal((decode(refused.Payload) as { errorType: string }).errorType, 'Runtime.CallbackHandlerDeprecated');
});

test('a nodejs22.x function installs Node 22 at its first invocations, once for three at a time, and runs on it', async () => {
  await create('on-22', 'nodejs22.x', { 'index.js': REPORT });
  const results = await Promise.all([1, 2, 3].map((n) => invoke('on-22', { n })));
  for (const [i, { payload, log }] of results.entries()) {
    assert.match(payload.version, /^v22\./);
    assert.deepEqual(payload.event, { n: i + 1 });
    assert.equal(payload.executionEnv, 'AWS_Lambda_nodejs22.x');
    if (MACHINE_MAJOR !== 22) {
      assert.match(log, /^\S+\tGatehouse installed Node\.js v22\.\d+\.\d+ for nodejs22\.x in \d+\.\d s before this environment started \(not counted in its Init Duration\)\nSTART RequestId: /);
    }
  }
  const installed = readdirSync(join(dataDir, 'runtimes'));
  assert.deepEqual(installed.filter((n) => n.startsWith('node-22.')).length, MACHINE_MAJOR === 22 ? 0 : 1, installed.join(' '));
  assert.deepEqual(installed.filter((n) => n.startsWith('.install-')), [], 'no temporary install is left');
  // Warm, and an ESM handler on the same major: no more news in the log.
  await create('on-22-esm', 'nodejs22.x', { 'index.mjs': REPORT_ESM });
  const esm = await invoke('on-22-esm', {});
  assert.match(esm.payload.version, /^v22\./);
  assert.match(esm.log, /^START RequestId: /);
});

test("the machine's own major runs on the machine's Node", { skip: ![18, 20, 22, 24].includes(MACHINE_MAJOR) && 'this Node is no Lambda runtime' }, async () => {
  await create('on-machine', `nodejs${MACHINE_MAJOR}.x`, { 'index.js': REPORT });
  assert.equal((await invoke('on-machine', {})).payload.version, process.version);
});

test('`gatehouse runtimes` lists what each Node runtime runs on', async () => {
  const { stdout } = await gatehouseCli(['runtimes', '--data-dir', dataDir]);
  const lines = stdout.split('\n');
  assert.equal(lines[0], `Node.js runtimes (installed into ${join(dataDir, 'runtimes')} from the npm registry's node-${process.platform === 'win32' ? 'win' : process.platform}-${process.arch}):`);
  assert.match(lines[1]!, /^RUNTIME +NODE +SOURCE +PATH$/);
  for (const major of [18, 20, 22, 24]) {
    const line = lines.find((l) => l.startsWith(`nodejs${major}.x `));
    if (major === MACHINE_MAJOR) assert.match(line!, new RegExp(`^nodejs${major}\\.x +${process.version.replace(/\./g, '\\.')} +machine +${process.execPath.replace(/\./g, '\\.')}$`));
    else if (major === 22 || major === 24) assert.match(line!, new RegExp(`^nodejs${major}\\.x +v${major}\\.\\d+\\.\\d+ +installed +${join(dataDir, 'runtimes')}/node-${major}\\.\\d+\\.\\d+-\\S+/bin/node$`));
    else assert.match(line!, new RegExp(`^nodejs${major}\\.x +- +not installed +installed on first use, or now: gatehouse runtimes install nodejs${major}\\.x$`));
  }
});
