import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hostOfHeader, parseExecuteApiHost } from './execute-api-host.js';

test('the private DNS name names its API; the bare name names none; any case or trailing dot', () => {
  assert.deepEqual(parseExecuteApiHost('abcdef1234.execute-api.us-east-1.amazonaws.com'), { kind: 'execute-api', apiId: 'abcdef1234', region: 'us-east-1' });
  assert.deepEqual(parseExecuteApiHost('execute-api.eu-west-2.amazonaws.com'), { kind: 'execute-api', apiId: undefined, region: 'eu-west-2' });
  assert.deepEqual(parseExecuteApiHost('ABCDEF1234.Execute-Api.us-east-1.amazonaws.com.'), { kind: 'execute-api', apiId: 'abcdef1234', region: 'us-east-1' });
});

test('the alias names its API and endpoint; an endpoint\'s own names, regional and zonal', () => {
  assert.deepEqual(parseExecuteApiHost('01234567ab-vpce-01234567abcdef012.execute-api.us-west-2.amazonaws.com'), { kind: 'execute-api-alias', apiId: '01234567ab', vpceId: 'vpce-01234567abcdef012', region: 'us-west-2' });
  const zonal = 'vpce-01234567abcdef012-01234567-us-west-2a.execute-api.us-west-2.vpce.amazonaws.com';
  assert.deepEqual(parseExecuteApiHost(zonal), { kind: 'vpce', region: 'us-west-2', name: zonal });
});

test('the main port\'s name for a public API', () => {
  assert.deepEqual(parseExecuteApiHost('AbCdEf1234.execute-api.localhost'), { kind: 'execute-api-local', apiId: 'abcdef1234' });
});

test('other names are not execute-api names (a look-alike suffix, a region that is not one, another service)', () => {
  for (const host of ['abcdef1234.execute-api.us-east-1.amazonaws.com.evil.example', 'abcdef1234.execute-api.notaregion.amazonaws.com', 'lambda.us-east-1.amazonaws.com', 'execute-api.localhost', 'localhost', '10.0.0.1']) {
    assert.equal(parseExecuteApiHost(host), undefined, host);
  }
});

test('a Host header\'s host: the port and IPv6 brackets go', () => {
  assert.equal(hostOfHeader('AbCdEf1234.execute-api.us-east-1.amazonaws.com:443'), 'abcdef1234.execute-api.us-east-1.amazonaws.com');
  assert.equal(hostOfHeader('[::1]:4566'), '::1');
  assert.equal(hostOfHeader('example.com.'), 'example.com');
});
