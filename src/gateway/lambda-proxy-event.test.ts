import assert from 'node:assert/strict';
import { test } from 'node:test';
import { callerFields } from './identity-fields.js';
import { buildProxyEvent, requestTime, type ProxyEventInput } from './lambda-proxy-event.js';

const base: ProxyEventInput = {
  httpMethod: 'GET',
  path: '/proxy-value/',
  contextPath: '/stage/proxy-value/',
  query: 'urlparam=test',
  rawHeaders: ['Host', 'abcdef1234.execute-api.us-east-1.amazonaws.com', 'User-Agent', 'python-requests/testing', 'aUThorization', 'random-value', 'tEsT-HEADeR', 'aValUE'],
  body: Buffer.alloc(0),
  binaryBody: false,
  resource: { id: 'res123', path: '/{proxy+}' },
  pathParameters: { proxy: 'proxy-value' },
  stageVariables: undefined,
  stage: 'stage',
  apiId: 'abcdef1234',
  accountId: '111111111111',
  deploymentId: 'dep123',
  domainName: 'abcdef1234.execute-api.us-east-1.amazonaws.com',
  requestId: 'req-1',
  extendedRequestId: 'ext-1',
  sourceIp: '10.0.1.5',
  now: new Date('2020-03-04T19:15:17.135Z'),
};

test('the recorded event shape: keys, casing, nulls (L:test_lambda_aws_proxy_integration)', () => {
  const event = buildProxyEvent(base);
  assert.deepEqual(Object.keys(event), ['resource', 'path', 'httpMethod', 'headers', 'multiValueHeaders', 'queryStringParameters', 'multiValueQueryStringParameters', 'requestContext', 'pathParameters', 'stageVariables', 'body', 'isBase64Encoded']);
  assert.deepEqual(event['headers'], { Host: 'abcdef1234.execute-api.us-east-1.amazonaws.com', 'User-Agent': 'python-requests/testing', Authorization: 'random-value', 'tEsT-HEADeR': 'aValUE' });
  assert.deepEqual((event['multiValueHeaders'] as Record<string, string[]>)['tEsT-HEADeR'], ['aValUE']);
  assert.deepEqual(event['queryStringParameters'], { urlparam: 'test' });
  assert.deepEqual(event['multiValueQueryStringParameters'], { urlparam: ['test'] });
  assert.equal(event['path'], '/proxy-value/');
  assert.equal(event['resource'], '/{proxy+}');
  assert.equal(event['stageVariables'], null);
  assert.equal(event['body'], null);
  assert.equal(event['isBase64Encoded'], false);
  const ctx = event['requestContext'] as Record<string, unknown>;
  assert.equal(ctx['path'], '/stage/proxy-value/');
  assert.equal(ctx['domainPrefix'], 'abcdef1234');
  assert.equal(ctx['requestTime'], '04/Mar/2020:19:15:17 +0000');
  assert.equal(ctx['requestTimeEpoch'], 1583349317135);
  assert.equal(ctx['resourcePath'], '/{proxy+}');
  assert.deepEqual(Object.keys(ctx['identity'] as object), ['accessKey', 'accountId', 'caller', 'cognitoAuthenticationProvider', 'cognitoAuthenticationType', 'cognitoIdentityId', 'cognitoIdentityPoolId', 'principalOrgId', 'sourceIp', 'user', 'userAgent', 'userArn']);
});

test('query strings are form-decoded; the single-value map keeps the last value', () => {
  const event = buildProxyEvent({ ...base, query: 'category=electronics&category=books&plus=test+alias@gmail.com&email=test%2Balias@gmail.com' });
  assert.deepEqual(event['queryStringParameters'], { category: 'books', plus: 'test alias@gmail.com', email: 'test+alias@gmail.com' });
  assert.deepEqual(event['multiValueQueryStringParameters'], { category: ['electronics', 'books'], plus: ['test alias@gmail.com'], email: ['test+alias@gmail.com'] });
  assert.equal(buildProxyEvent({ ...base, query: '' })['queryStringParameters'], null);
});

test('private APIs: the VPC endpoint headers and identity fields, which a client cannot spoof', () => {
  const event = buildProxyEvent({ ...base, rawHeaders: [...base.rawHeaders, 'X-Amzn-Vpce-Id', 'vpce-spoofed', 'x-forwarded-for', '1.2.3.4'], vpc: { vpceId: 'vpce-0bc731de06c089ce1', vpcId: 'vpc-0f54b51b973b709d2', cipherSuite: 'ECDHE-RSA-AES128-GCM-SHA256', tlsVersion: 'TLSv1.2' } });
  const headers = event['headers'] as Record<string, string>;
  assert.equal(headers['x-amzn-vpce-id'], 'vpce-0bc731de06c089ce1');
  assert.equal(headers['x-amzn-vpc-id'], 'vpc-0f54b51b973b709d2');
  assert.equal(headers['x-amzn-vpce-config'], '1');
  assert.equal(headers['X-Forwarded-For'], '10.0.1.5');
  assert.equal(headers['X-Amzn-Vpce-Id'], undefined);
  assert.deepEqual((event['multiValueHeaders'] as Record<string, string[]>)['x-amzn-vpce-id'], ['vpce-0bc731de06c089ce1']);
  const identity = (event['requestContext'] as { identity: Record<string, unknown> }).identity;
  assert.equal(identity['vpceId'], 'vpce-0bc731de06c089ce1');
  assert.equal(identity['vpcId'], 'vpc-0f54b51b973b709d2');
  assert.equal(identity['sourceIp'], '10.0.1.5');
});

test('bodies: text as is, binary base64-encoded; stage variables when there are some', () => {
  assert.deepEqual([buildProxyEvent({ ...base, body: Buffer.from('{"a":1}') })['body'], buildProxyEvent({ ...base, body: Buffer.from('{"a":1}') })['isBase64Encoded']], ['{"a":1}', false]);
  const binary = buildProxyEvent({ ...base, body: Buffer.from([0xff, 0xfe, 0x00]) });
  assert.deepEqual([binary['body'], binary['isBase64Encoded']], ['//4A', true]);
  assert.deepEqual(buildProxyEvent({ ...base, stageVariables: { color: 'blue' } })['stageVariables'], { color: 'blue' });
  assert.equal(requestTime(new Date('2026-11-02T03:04:05Z')), '02/Nov/2026:03:04:05 +0000');
});

test("an AWS_IAM caller fills identity's accessKey, accountId, caller, user and userArn in the doc's key order; Cognito fields stay null", () => {
  const caller = callerFields({
    accessKeyId: 'ASIAEXAMPLE0000000001',
    verified: true,
    identity: { kind: 'assumed-role', arn: 'arn:aws:sts::111111111111:assumed-role/Reader/s1', account: '111111111111', userId: 'AROAEXAMPLEROLE000001:s1', principalArn: 'arn:aws:iam::111111111111:role/Reader' },
  });
  const identity = (buildProxyEvent({ ...base, caller })['requestContext'] as { identity: Record<string, unknown> }).identity;
  assert.deepEqual(identity, {
    accessKey: 'ASIAEXAMPLE0000000001',
    accountId: '111111111111',
    caller: 'AROAEXAMPLEROLE000001:s1',
    cognitoAuthenticationProvider: null,
    cognitoAuthenticationType: null,
    cognitoIdentityId: null,
    cognitoIdentityPoolId: null,
    principalOrgId: null,
    sourceIp: '10.0.1.5',
    user: 'AROAEXAMPLEROLE000001:s1',
    userAgent: 'python-requests/testing',
    userArn: 'arn:aws:sts::111111111111:assumed-role/Reader/s1',
  });
  assert.deepEqual(Object.keys(identity), Object.keys((buildProxyEvent(base)['requestContext'] as { identity: object }).identity));
});
