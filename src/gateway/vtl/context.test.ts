import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Invocation } from '../invocation.js';
import { buildVtlContext } from './context.js';
import { VtlInput } from './input.js';
import { compileTemplate, renderTemplate } from './template.js';
import { VtlUtil } from './util.js';

function invocation(origin?: { vpceId: string; vpcId: string }): Invocation {
  return {
    requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
    apigwId: 'fPvfNGFZIAMFUtQ=',
    now: new Date('2020-03-04T19:15:17.135Z'),
    req: { headers: { 'user-agent': 'curl/7.84.0' } },
    body: Buffer.alloc(0),
    origin: origin ? { ...origin, account: '111122223333', region: 'us-east-1', sourceIp: '10.0.1.5', instanceId: 'i-0123456789abcdef0' } : undefined,
    sourceIp: origin ? '10.0.1.5' : '192.0.2.1',
    served: {
      stage: { stageName: 'prod', variables: { v: '1' } },
      deployment: { scope: { account: '111122223333', region: 'us-east-1' }, deploymentId: 'dep123', api: { id: 'abcd1234' } },
    },
    route: { resource: { id: 'efg567', path: '/pets/{petId}' }, method: {}, pathParameters: { petId: '42' } },
    httpMethod: 'GET',
    routedPath: '/pets/42',
    contextPath: '/prod/pets/42',
    query: '',
    domainName: 'abcd1234.execute-api.us-east-1.amazonaws.com',
    traceId: 'Root=1-5e5ffc85-0123456789abcdef01234567',
    resourceArn: 'arn:aws:execute-api:us-east-1:111122223333:abcd1234/prod/GET/pets/42',
  } as unknown as Invocation;
}

test('$context holds the data-transformation variables of the request', () => {
  const ctx = buildVtlContext(invocation());
  assert.equal(ctx['accountId'], '111122223333');
  assert.equal(ctx['apiId'], 'abcd1234');
  assert.equal(ctx['deploymentId'], 'dep123');
  assert.equal(ctx['domainName'], 'abcd1234.execute-api.us-east-1.amazonaws.com');
  assert.equal(ctx['domainPrefix'], 'abcd1234');
  assert.equal(ctx['extendedRequestId'], 'fPvfNGFZIAMFUtQ=');
  assert.equal(ctx['httpMethod'], 'GET');
  assert.equal(ctx['path'], '/prod/pets/42');
  assert.equal(ctx['protocol'], 'HTTP/1.1');
  assert.equal(ctx['requestId'], 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef');
  assert.equal(ctx['requestTime'], '04/Mar/2020:19:15:17 +0000');
  assert.equal(ctx['requestTimeEpoch'], 1583349317135);
  assert.equal(ctx['resourceId'], 'efg567');
  assert.equal(ctx['resourcePath'], '/pets/{petId}');
  assert.equal(ctx['stage'], 'prod');
  const identity = ctx['identity'] as Record<string, unknown>;
  assert.equal(identity['sourceIp'], '192.0.2.1');
  assert.equal(identity['userAgent'], 'curl/7.84.0');
  assert.equal(identity['caller'], null);
  assert.equal('vpceId' in identity, false);
  assert.deepEqual(ctx.requestOverride, { header: {}, path: {}, querystring: {} });
  assert.deepEqual(ctx.responseOverride, { header: {} });
});

test('through a VPC endpoint, $context.identity has the endpoint and VPC ids and the private source IP', () => {
  const ctx = buildVtlContext(invocation({ vpceId: 'vpce-0bc731de06c089ce1', vpcId: 'vpc-0f54b51b973b709d2' }));
  const identity = ctx['identity'] as Record<string, unknown>;
  assert.equal(identity['vpceId'], 'vpce-0bc731de06c089ce1');
  assert.equal(identity['vpcId'], 'vpc-0f54b51b973b709d2');
  assert.equal(identity['sourceIp'], '10.0.1.5');
});

test("the guide's $context example renders from a real request's context", () => {
  const template = '{"stage" : "$context.stage", "request_id" : "$context.requestId", "api_id" : "$context.apiId", "resource_path" : "$context.resourcePath", "resource_id" : "$context.resourceId", "http_method" : "$context.httpMethod", "source_ip" : "$context.identity.sourceIp", "user-agent" : "$context.identity.userAgent", "account_id" : "$context.identity.accountId", "api_key" : "$context.identity.apiKey", "caller" : "$context.identity.caller", "user" : "$context.identity.user", "user_arn" : "$context.identity.userArn", "epoch": $context.requestTimeEpoch}';
  const out = renderTemplate(compileTemplate(template), { context: buildVtlContext(invocation()), input: new VtlInput('', { path: {}, querystring: {}, header: {} }), stageVariables: {}, util: new VtlUtil() });
  assert.deepEqual(JSON.parse(out), {
    stage: 'prod',
    request_id: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
    api_id: 'abcd1234',
    resource_path: '/pets/{petId}',
    resource_id: 'efg567',
    http_method: 'GET',
    source_ip: '192.0.2.1',
    'user-agent': 'curl/7.84.0',
    account_id: '',
    api_key: '',
    caller: '',
    user: '',
    user_arn: '',
    epoch: 1583349317135,
  });
});
