import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LOOPBACK_HOSTS } from '../shared/loopback.test.js';
import { classifyHost } from './host-names.js';

test('execute-api names: an API id, the bare regional name, and any case or trailing dot', () => {
  assert.deepEqual(classifyHost('abcdef1234.execute-api.us-east-1.amazonaws.com'), { kind: 'execute-api', apiId: 'abcdef1234', region: 'us-east-1' });
  assert.deepEqual(classifyHost('execute-api.eu-west-2.amazonaws.com'), { kind: 'execute-api', apiId: undefined, region: 'eu-west-2' });
  assert.deepEqual(classifyHost('ABCDEF1234.Execute-Api.us-east-1.amazonaws.com.'), { kind: 'execute-api', apiId: 'abcdef1234', region: 'us-east-1' });
});

test('the Route 53 alias names its API and endpoint', () => {
  assert.deepEqual(classifyHost('01234567ab-vpce-01234567abcdef012.execute-api.us-west-2.amazonaws.com'), {
    kind: 'execute-api-alias', apiId: '01234567ab', vpceId: 'vpce-01234567abcdef012', region: 'us-west-2',
  });
});

test('an endpoint\'s own names, regional and zonal', () => {
  const regional = 'vpce-01234567abcdef012-01234567.execute-api.us-west-2.vpce.amazonaws.com';
  assert.deepEqual(classifyHost(regional), { kind: 'vpce', region: 'us-west-2', name: regional });
  const zonal = 'vpce-01234567abcdef012-01234567-us-west-2a.execute-api.us-west-2.vpce.amazonaws.com';
  assert.deepEqual(classifyHost(zonal), { kind: 'vpce', region: 'us-west-2', name: zonal });
});

test('AWS service names, regional and global', () => {
  assert.deepEqual(classifyHost('lambda.us-east-1.amazonaws.com'), { kind: 'aws-service', service: 'lambda', region: 'us-east-1' });
  assert.deepEqual(classifyHost('apigateway.eu-central-1.amazonaws.com'), { kind: 'aws-service', service: 'apigateway', region: 'eu-central-1' });
  assert.deepEqual(classifyHost('sts.amazonaws.com'), { kind: 'aws-service', service: 'sts', region: undefined });
});

test('loopback names and addresses, other addresses, other names', () => {
  assert.deepEqual(classifyHost('localhost'), { kind: 'loopback', address: '127.0.0.1' });
  assert.deepEqual(classifyHost('api.localhost'), { kind: 'loopback', address: '127.0.0.1' });
  assert.deepEqual(classifyHost('127.0.0.5'), { kind: 'loopback', address: '127.0.0.5' });
  assert.deepEqual(classifyHost('[::1]'), { kind: 'loopback', address: '::1' });
  assert.deepEqual(classifyHost('10.0.1.10'), { kind: 'ip', address: '10.0.1.10' });
  assert.deepEqual(classifyHost('example.com'), { kind: 'other', name: 'example.com' });
  assert.deepEqual(classifyHost('s3.amazonaws.com.evil.example'), { kind: 'other', name: 's3.amazonaws.com.evil.example' });
  // The same rule as every other door (shared/loopback.ts): an instance reaches loopback exactly where they do.
  for (const host of LOOPBACK_HOSTS) assert.equal(classifyHost(host).kind, 'loopback', host);
});
