import assert from 'node:assert/strict';
import { test } from 'node:test';
import { credentialScope } from './sigv4.js';
import { sdkRequest } from './test-support/aws-sdk-v2.js';

const AUTH =
  'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240501/us-west-2/apigateway/aws4_request, SignedHeaders=host;x-amz-date, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7';

test('the Authorization header names the key and the scope', () => {
  assert.deepEqual(credentialScope({ authorization: AUTH }, ''), { accessKeyId: 'AKIDEXAMPLE', date: '20240501', region: 'us-west-2', service: 'apigateway' });
});

test('a 12-digit access key and other services and regions', () => {
  const auth = 'AWS4-HMAC-SHA256 Credential=123456789012/20240501/eu-central-1/execute-api/aws4_request,SignedHeaders=host,Signature=00';
  assert.deepEqual(credentialScope({ authorization: auth }, ''), { accessKeyId: '123456789012', date: '20240501', region: 'eu-central-1', service: 'execute-api' });
});

test('a presigned URL carries the scope in X-Amz-Credential', () => {
  const query =
    'X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20240501%2Fus-east-1%2Fsts%2Faws4_request&X-Amz-Date=20240501T000000Z&X-Amz-Expires=900&X-Amz-SignedHeaders=host&X-Amz-Signature=abc';
  assert.deepEqual(credentialScope({}, query), { accessKeyId: 'AKIDEXAMPLE', date: '20240501', region: 'us-east-1', service: 'sts' });
  // Unencoded slashes are read the same way.
  assert.deepEqual(credentialScope({}, 'Action=GetCallerIdentity&X-Amz-Credential=AKID/20240501/us-east-1/sts/aws4_request'), {
    accessKeyId: 'AKID',
    date: '20240501',
    region: 'us-east-1',
    service: 'sts',
  });
});

test('the header wins over the query string', () => {
  assert.equal(credentialScope({ authorization: AUTH }, 'X-Amz-Credential=OTHER%2F20240501%2Fus-east-1%2Fsts%2Faws4_request')?.accessKeyId, 'AKIDEXAMPLE');
});

test('no signature, or not a SigV4 one, is no scope', () => {
  assert.equal(credentialScope({}, ''), undefined);
  assert.equal(credentialScope({}, 'Action=GetCallerIdentity'), undefined);
  assert.equal(credentialScope({ authorization: 'Bearer abc' }, ''), undefined);
  assert.equal(credentialScope({ authorization: 'AWS AKID:signature' }, ''), undefined);
});

test('a malformed credential is no scope', () => {
  assert.equal(credentialScope({ authorization: 'AWS4-HMAC-SHA256 Credential=AKID/2024/us-east-1/sts/aws4_request, Signature=0' }, ''), undefined);
  assert.equal(credentialScope({ authorization: 'AWS4-HMAC-SHA256 Credential=AKID/20240501/us-east-1/sts, Signature=0' }, ''), undefined);
  assert.equal(credentialScope({ authorization: 'AWS4-HMAC-SHA256 SignedHeaders=host, Signature=0' }, ''), undefined);
  // SigV4a has no region in its scope.
  assert.equal(credentialScope({ authorization: 'AWS4-ECDSA-P256-SHA256 Credential=AKID/20240501/sts/aws4_request, Signature=0' }, ''), undefined);
  assert.equal(credentialScope({}, 'X-Amz-Credential=AKID%2F20240501%2Fus-east-1%2Fsts'), undefined);
  assert.equal(credentialScope({}, 'X-Amz-Credential=AKID%2F20240501%2Fus-east-1%2Fsts%2Faws4_request%2Fextra'), undefined);
});

test('what a real client signs is read back', async () => {
  const sts = await sdkRequest('sts', 'GetCallerIdentity');
  assert.deepEqual({ ...credentialScope(sts.headers, sts.query), date: '-' }, { accessKeyId: 'AKIDEXAMPLE', date: '-', region: 'us-east-1', service: 'sts' });
  const ec2 = await sdkRequest('ec2', 'DescribeVpcs');
  assert.equal(credentialScope(ec2.headers, ec2.query)?.service, 'ec2');
  const lambda = await sdkRequest('lambda', 'ListFunctions');
  assert.equal(credentialScope(lambda.headers, lambda.query)?.service, 'lambda');
  const apigateway = await sdkRequest('apigateway', 'GetRestApis');
  assert.match(credentialScope(apigateway.headers, apigateway.query)?.date ?? '', /^\d{8}$/);
});
