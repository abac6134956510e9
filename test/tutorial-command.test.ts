/**
 * `gatehouse tutorial` runs the seed tutorial to the end against a real Gatehouse, as a user runs it: every step
 * said, `Hello from Lambda!` from the instance, and nothing left behind.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Gatehouse } from '../src/server/gatehouse.js';
import { cleanEnv, gatehouse, runProgram } from './support/network.js';
import { awsCli, startTestGatehouse } from './support/server.js';
import { assertTutorialRan } from './support/tutorial.js';

let gh: Gatehouse;
before(async () => {
  gh = await startTestGatehouse();
});
after(() => gh.dispose());

test('gatehouse tutorial: steps 1 to 8, Hello from Lambda! from the instance, then clean', async () => {
  const ran = await gatehouse(gh, ['tutorial'], { timeoutMs: 120_000 });
  assert.equal(ran.code, 0, ran.stderr);
  assertTutorialRan(ran.stdout);
  assert.deepEqual((await awsCli(gh, ['apigateway', 'get-rest-apis', '--query', 'length(items)'])).json, 0);
  assert.deepEqual((await awsCli(gh, ['lambda', 'list-functions', '--query', 'length(Functions)'])).json, 0);
});

test('gatehouse tutorial --keep leaves the stack and the API; a second run says the stack exists', async () => {
  const kept = await gatehouse(gh, ['tutorial', '--keep'], { timeoutMs: 120_000 });
  assert.equal(kept.code, 0, kept.stderr);
  assert.match(kept.stdout, /Left in place \(--keep\): stack private-api-tutorial, API [a-z0-9]{10}\./);
  assert.deepEqual((await awsCli(gh, ['apigateway', 'get-rest-apis', '--query', 'length(items)'])).json, 1);
  // The printed commands are for pasting: step 4's, with the policy as JSON, works in a shell with the CLI v2.
  const printed = /\$ (aws --endpoint-url \S+ apigateway update-rest-api .*)$/m.exec(kept.stdout)?.[1];
  assert.ok(printed, 'step 4 prints its update-rest-api command');
  const pasted = await runProgram('/bin/bash', ['-c', printed.replace(/^aws /, '/usr/bin/aws ')], {
    env: cleanEnv({ AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_DEFAULT_REGION: 'us-east-1', AWS_PAGER: '', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' }),
  });
  assert.equal(pasted.code, 0, pasted.stderr);
  assert.match((JSON.parse(pasted.stdout) as { policy: string }).policy, /aws:sourceVpce/);
  const again = await gatehouse(gh, ['tutorial'], { timeoutMs: 60_000 });
  assert.equal(again.code, 1);
  assert.match(again.stderr, /Stack \[private-api-tutorial\] already exists/);
});
