/**
 * The 11 Lambda proxy events recorded against AWS (aws-recorded/test_apigateway_lambda.snapshot.json,
 * test_lambda_aws_proxy_integration): the same requests sent to the same API (an EDGE API with `/{proxy+}` ANY
 * and `/hardcoded` GET, stage `stage`) on Gatehouse's public front door, and every event compared key by key.
 * Placeholders such as `<host:1>` in the recording stand for values that differ per run: there, any value of
 * the same kind is accepted; everything else must be equal.
 */
import { CreateDeploymentCommand, CreateResourceCommand, CreateRestApiCommand, PutIntegrationCommand, PutMethodCommand, type APIGatewayClient } from '@aws-sdk/client-api-gateway';
import { AddPermissionCommand, CreateFunctionCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { after, before, test } from 'node:test';
import type { Gatehouse } from '../src/server/gatehouse.js';
import { lambdaClient, ROLE, zipOf } from './support/lambda.js';
import { ACCOUNT, apigatewayClient, startTestGatehouse } from './support/server.js';

// A copy of the recording (test/fixtures is not compiled: read from the source tree).
const RECORDING = new URL('../../test/fixtures/recorded-lambda-proxy-events.json', import.meta.url);
const recorded = (JSON.parse(readFileSync(RECORDING, 'utf8')) as { events: Record<string, Record<string, unknown>> }).events;

/** The requests the recording made, by its names (reconstructed from the recorded paths and queries). */
const REQUESTS: Array<{ name: string; method: string; path: string; body?: string; contentType?: string; authorization?: string }> = [
  { name: 'invocation-payload-without-trailing-slash', method: 'GET', path: '/stage/proxy-value' },
  { name: 'invocation-payload-with-trailing-slash', method: 'GET', path: '/stage/proxy-value/' },
  { name: 'invocation-payload-with-double-slash', method: 'GET', path: '/stage/proxy-value//double-slash' },
  { name: 'invocation-payload-with-prepended-slash-to-stage', method: 'GET', path: '//stage/proxy-value' },
  { name: 'invocation-payload-with-prepended-slash', method: 'GET', path: '/stage//proxy-value' },
  { name: 'invocation-payload-without-trailing-slash-and-query-params', method: 'GET', path: '/stage/proxy-value?urlparam=test' },
  { name: 'invocation-payload-with-trailing-slash-and-query-params', method: 'GET', path: '/stage/proxy-value/?urlparam=test' },
  { name: 'invocation-payload-with-path-encoded-email', method: 'GET', path: '/stage/proxy-value/api/user/test%2Balias@gmail.com/plus/test+alias@gmail.com' },
  {
    name: 'invocation-payload-with-params-encoding',
    method: 'GET',
    path: '/stage/proxy-value/api?dateTimeOffset=2023-06-12T18:05:10.123456+00:00&email=test%2Balias@gmail.com&plus=test+alias@gmail.com&url=https://www.google.com/&whitespace=foo%20bar&zhash=abort/',
  },
  {
    name: 'invocation-payload-with-params-encoding-multi',
    method: 'POST',
    path: '/stage/proxy-value?category=electronics&category=books&price=10&price=20&price=30',
    body: '{"message": "hello world"}',
    contentType: 'application/json;charset=utf-8',
    authorization: 'Bearer token123;API key456',
  },
  { name: 'invocation-hardcoded', method: 'GET', path: '/stage//hardcoded' },
];

const ECHO = 'exports.handler = async (event) => ({ statusCode: 200, body: JSON.stringify(event) });';

let gh: Gatehouse;
let apig: APIGatewayClient;
let lambda: LambdaClient;
let apiId: string;

before(async () => {
  gh = await startTestGatehouse();
  apig = apigatewayClient(gh);
  lambda = lambdaClient(gh);
  await lambda.send(new CreateFunctionCommand({ FunctionName: 'echo-event', Runtime: 'nodejs20.x', Role: ROLE, Handler: 'index.handler', Code: { ZipFile: zipOf({ 'index.js': ECHO }) } }));
  const fnArn = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:echo-event`;
  await lambda.send(new AddPermissionCommand({ FunctionName: 'echo-event', StatementId: 'apigateway', Action: 'lambda:InvokeFunction', Principal: 'apigateway.amazonaws.com' }));
  // CreateRestApi's default endpoint type is EDGE, as in the recording.
  const api = await apig.send(new CreateRestApiCommand({ name: 'recorded-events' }));
  apiId = api.id!;
  const proxy = await apig.send(new CreateResourceCommand({ restApiId: apiId, parentId: api.rootResourceId!, pathPart: '{proxy+}' }));
  const hardcoded = await apig.send(new CreateResourceCommand({ restApiId: apiId, parentId: api.rootResourceId!, pathPart: 'hardcoded' }));
  for (const [resourceId, httpMethod] of [[proxy.id!, 'ANY'], [hardcoded.id!, 'GET']] as const) {
    await apig.send(new PutMethodCommand({ restApiId: apiId, resourceId, httpMethod, authorizationType: 'NONE' }));
    await apig.send(new PutIntegrationCommand({ restApiId: apiId, resourceId, httpMethod, type: 'AWS_PROXY', integrationHttpMethod: 'POST', uri: `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${fnArn}/invocations` }));
  }
  await apig.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'stage' }));
});

after(async () => {
  apig.destroy();
  lambda.destroy();
  await gh.dispose();
});

/** One request exactly as written (raw path, header casing) to `{api}.execute-api.localhost` on the main port. */
function send(path: string, method: string, body: string | undefined, contentType: string | undefined, authorization: string | undefined): Promise<{ status: number; text: string }> {
  const headers: Record<string, string> = { Host: `${apiId}.execute-api.localhost:${gh.port}`, 'User-Agent': 'python-requests/testing', 'Accept-Encoding': 'gzip, deflate', Accept: '*/*' };
  // That recorded request replaced the test header and the Authorization value.
  if (authorization) headers['Authorization'] = authorization;
  else Object.assign(headers, { authorization: 'random-value', 'tEsT-HEADeR': 'aValUE' });
  if (contentType) headers['Content-Type'] = contentType;
  if (body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(body));
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: gh.port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const PLACEHOLDER = /^<[^>]+>$/;

/** Where `ours` differs from the recording, ignoring only the values the recording replaced by placeholders. */
function differences(ours: unknown, theirs: unknown, at: string): string[] {
  if (typeof theirs === 'string' && PLACEHOLDER.test(theirs)) return ours === undefined || ours === null ? [`${at}: missing (recorded ${theirs})`] : [];
  if (theirs === null || typeof theirs !== 'object') return JSON.stringify(ours) === JSON.stringify(theirs) ? [] : [`${at}: ${JSON.stringify(ours)} where AWS sent ${JSON.stringify(theirs)}`];
  if (ours === null || typeof ours !== 'object' || Array.isArray(ours) !== Array.isArray(theirs)) return [`${at}: ${JSON.stringify(ours)} where AWS sent ${JSON.stringify(theirs)}`];
  const mine = ours as Record<string, unknown>;
  const recordedObject = theirs as Record<string, unknown>;
  const out: string[] = [];
  for (const key of Object.keys(recordedObject)) if (!(key in mine)) out.push(`${at}.${key}: missing`);
  for (const key of Object.keys(mine)) if (!(key in recordedObject)) out.push(`${at}.${key}: not in AWS's event`);
  for (const key of Object.keys(recordedObject)) if (key in mine) out.push(...differences(mine[key], recordedObject[key], `${at}.${key}`));
  return out;
}

for (const { name, method, path, body, contentType, authorization } of REQUESTS) {
  test(`${name}: the event has AWS's keys and values`, async () => {
    const theirs = structuredClone(recorded[name]);
    assert.ok(theirs, `the recording has ${name}`);
    const response = await send(path, method, body, contentType, authorization);
    assert.equal(response.status, 200, response.text);
    const ours = JSON.parse(response.text) as Record<string, unknown>;
    // The recording's account is another; its body was parsed as JSON by the recorder.
    (theirs['requestContext'] as Record<string, unknown>)['accountId'] = ACCOUNT;
    if (theirs['body'] !== null) ours['body'] = JSON.parse(ours['body'] as string);
    assert.deepEqual(differences(ours, theirs, 'event'), []);
    // Values the placeholders hide, checked for their form.
    const context = ours['requestContext'] as Record<string, unknown>;
    assert.equal(context['apiId'], apiId);
    assert.equal(context['domainName'], `${apiId}.execute-api.localhost`);
    assert.equal(context['domainPrefix'], apiId);
    assert.equal(typeof context['requestTimeEpoch'], 'number');
    assert.match(context['requestTime'] as string, /^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/);
    const headers = ours['headers'] as Record<string, string>;
    assert.match(headers['X-Amzn-Trace-Id']!, /^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/);
    assert.match(headers['Via']!, /^1\.1 [0-9a-f]{32}\.cloudfront\.net \(CloudFront\)$/);
    assert.equal(headers['X-Forwarded-For'], '127.0.0.1');
  });
}

test('a client cannot set the front end headers: its X-Forwarded-For is appended to, the rest replaced', async () => {
  const res = await new Promise<string>((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: gh.port, path: '/stage/hardcoded', headers: { Host: `${apiId}.execute-api.localhost`, 'X-Forwarded-For': '203.0.113.9', 'X-Amzn-Trace-Id': 'Root=spoofed', 'CloudFront-Viewer-Country': 'XX' } },
      (r) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      },
    );
    req.on('error', reject);
    req.end();
  });
  const event = JSON.parse(res) as { multiValueHeaders: Record<string, string[]> };
  assert.deepEqual(event.multiValueHeaders['X-Forwarded-For'], ['203.0.113.9, 127.0.0.1']);
  assert.deepEqual(event.multiValueHeaders['CloudFront-Viewer-Country'], ['US']);
  assert.notDeepEqual(event.multiValueHeaders['X-Amzn-Trace-Id'], ['Root=spoofed']);
});
