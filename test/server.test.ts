/**
 * The server as a user meets it: `gatehouse up` in its own process (ready line, health, reset, clean stop on
 * SIGTERM), service routing by SigV4 scope, and clear answers for what Gatehouse does not implement.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import type { Gatehouse } from '../src/server/gatehouse.js';
import { raw, sigv4Header, startTestGatehouse } from './support/server.js';

const BIN = fileURLToPath(new URL('../../bin/gatehouse.js', import.meta.url));

let gh: Gatehouse;
before(async () => {
  gh = await startTestGatehouse();
});
after(() => gh.dispose());

test('gatehouse up prints its ready line, serves requests and stops on SIGTERM', async () => {
  const child = spawn(process.execPath, [BIN, 'up', '--port', '0', '--in-memory', '--log-level', 'silent'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.setEncoding('utf8');
  const ready = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: string) => {
      out += chunk;
      const m = /Gatehouse ready on (http:\/\/127\.0\.0\.1:\d+)\n/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`exited early with ${code}: ${out}`)));
  });
  const url = await ready;
  const health = (await (await fetch(`${url}/_gatehouse/health`)).json()) as { status: string; version: string; services: Record<string, string> };
  assert.equal(health.status, 'running');
  assert.match(health.version, /^\d+\.\d+\.\d+/);
  assert.equal(health.services['apigateway'], 'available');
  child.kill('SIGTERM');
  const [code] = (await once(child, 'exit')) as [number | null];
  assert.equal(code, 0);
});

test('gatehouse up refuses a bad option with a clear message', async () => {
  const child = spawn(process.execPath, [BIN, 'up', '--port', 'many'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
  const [code] = (await once(child, 'exit')) as [number | null];
  assert.notEqual(code, 0);
  assert.match(err, /must be a port number/);
});

test('POST /_gatehouse/reset empties all state', async () => {
  const created = await raw(gh, 'POST', '/restapis', { headers: { authorization: sigv4Header('apigateway'), 'content-type': 'application/json' }, body: '{"name":"to-reset"}' });
  assert.equal(created.status, 201);
  assert.equal((await raw(gh, 'POST', '/_gatehouse/reset')).status, 200);
  const list = await raw(gh, 'GET', '/restapis', { headers: { authorization: sigv4Header('apigateway') } });
  assert.deepEqual(JSON.parse(list.text), { item: [] });
});

test('an operation the model knows but Gatehouse does not implement answers 501 naming it', async () => {
  const res = await raw(gh, 'GET', '/restapis/abc/stages/dev/sdks/javascript', { headers: { authorization: sigv4Header('apigateway') } });
  assert.equal(res.status, 501);
  assert.equal(res.headers.get('x-amzn-errortype'), 'NotImplementedException');
  assert.deepEqual(JSON.parse(res.text), { message: 'Gatehouse does not implement the apigateway operation GetSdk yet.' });

  const ec2 = await raw(gh, 'POST', '/', { headers: { authorization: sigv4Header('ec2'), 'content-type': 'application/x-www-form-urlencoded' }, body: 'Action=DescribeRouteTables&Version=2016-11-15' });
  assert.equal(ec2.status, 501);
  assert.match(ec2.text, /<Response><Errors><Error><Code>NotImplementedException<\/Code><Message>Gatehouse does not implement the ec2 operation DescribeRouteTables yet\.<\/Message><\/Error><\/Errors><RequestID>/);
});

test('requests are routed by the SigV4 scope, with the path and Action as fallbacks', async () => {
  const unsignedList = await raw(gh, 'GET', '/restapis');
  assert.equal(unsignedList.status, 200);
  const unsignedSts = await raw(gh, 'POST', '/', { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'Action=GetCallerIdentity&Version=2011-06-15' });
  assert.equal(unsignedSts.status, 200);
  assert.match(unsignedSts.text, /^<GetCallerIdentityResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/"><GetCallerIdentityResult><UserId>000000000000<\/UserId><Account>000000000000<\/Account><Arn>arn:aws:iam::000000000000:root<\/Arn><\/GetCallerIdentityResult><ResponseMetadata><RequestId>[0-9a-f-]{36}<\/RequestId><\/ResponseMetadata><\/GetCallerIdentityResponse>$/);
  const presigned = await raw(gh, 'GET', `/?Action=GetCallerIdentity&Version=2011-06-15&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=${encodeURIComponent('111122223333/20261122/us-east-1/sts/aws4_request')}`);
  assert.match(presigned.text, /<Account>111122223333<\/Account>/);
  const unknown = await raw(gh, 'GET', '/', { headers: { authorization: sigv4Header('sqs') } });
  assert.equal(unknown.status, 501);
  assert.deepEqual(JSON.parse(unknown.text), { message: "Gatehouse does not emulate the AWS service 'sqs'." });
});

test('bad input gets a 4xx, never a 500', async () => {
  const badJson = await raw(gh, 'POST', '/restapis', { headers: { authorization: sigv4Header('apigateway'), 'content-type': 'application/json' }, body: '{"name":' });
  assert.equal(badJson.status, 400);
  assert.equal(badJson.headers.get('x-amzn-errortype'), 'SerializationException');
  const notAnObject = await raw(gh, 'POST', '/restapis', { headers: { authorization: sigv4Header('apigateway'), 'content-type': 'application/json' }, body: '[1,2]' });
  assert.equal(notAnObject.status, 400);
  const noRoute = await raw(gh, 'GET', '/nothing/here', { headers: { authorization: sigv4Header('apigateway') } });
  assert.equal(noRoute.status, 404);
  const badEncoding = await raw(gh, 'GET', '/restapis/%E0%A4%A', { headers: { authorization: sigv4Header('apigateway') } });
  assert.ok(badEncoding.status >= 400 && badEncoding.status < 500, String(badEncoding.status));
});
