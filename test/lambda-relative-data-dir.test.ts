/**
 * `npm start` keeps its state in `.gatehouse`, a path relative to where it runs, inside this project, whose
 * package.json says "type": "module". A function's environment runs in its own code directory, so every
 * path Gatehouse hands it must be absolute, and its code must not fall in the enclosing project's package
 * scope (on Lambda nothing above /var/task is a package): functions once failed to import their handler
 * either way (Runtime.ImportModuleError).
 */
import { CreateFunctionCommand, InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { after, before, it } from 'node:test';
import type { Gatehouse } from '../src/server/gatehouse.js';
import { decode, lambdaClient, ROLE, zipOf } from './support/lambda.js';
import { startTestGatehouse, tempDataDir } from './support/server.js';

let gh: Gatehouse;
let lambda: LambdaClient;

before(async () => {
  const project = tempDataDir();
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'an-esm-project', type: 'module' }));
  const dataDir = relative(process.cwd(), join(project, '.gatehouse'));
  assert.ok(!dataDir.startsWith('/'), 'the data directory is given as a relative path');
  gh = await startTestGatehouse({ inMemory: false, dataDir });
  lambda = lambdaClient(gh);
});

after(async () => {
  lambda?.destroy();
  await gh?.dispose();
});

it('runs a CommonJS function when the data directory is relative and inside an ES module project', async () => {
  const code = 'exports.handler = async () => ({ statusCode: 200, body: "Hello from Lambda!" });';
  await lambda.send(new CreateFunctionCommand({ FunctionName: 'relative', Runtime: 'nodejs20.x', Role: ROLE, Handler: 'index.handler', Code: { ZipFile: zipOf({ 'index.js': code }) } }));
  const out = await lambda.send(new InvokeCommand({ FunctionName: 'relative' }));
  assert.equal(out.FunctionError, undefined);
  assert.deepEqual(decode(out.Payload), { statusCode: 200, body: 'Hello from Lambda!' });
});
