import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GatewayError } from '../gateway-error.js';
import { backendUrl, encodePathValue, withStageVariables } from './uri.js';

test('stage variables in integration URIs', () => {
  assert.equal(withStageVariables('http://${stageVariables.host}:8080/${stageVariables.base}/x', { host: '127.0.0.1', base: 'v1' }), 'http://127.0.0.1:8080/v1/x');
  assert.equal(withStageVariables('arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${stageVariables.fn}/invocations', { fn: 'arn:aws:lambda:us-east-1:000000000000:function:f' }), 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:f/invocations');
});

test('path parameters are decoded, then encoded segment by segment (a greedy value keeps its slashes)', () => {
  assert.equal(encodePathValue('a%2Fb/c%20d'), 'a/b/c%20d');
  assert.equal(encodePathValue('test%2Balias@gmail.com'), 'test+alias@gmail.com');
  assert.equal(encodePathValue('100%'), '100%25');
  assert.equal(backendUrl('http://127.0.0.1:9/items/{id}/{proxy}', undefined, { id: 'x y' }, { proxy: 'p/q', id: 'ignored' }).pathname, '/items/x%20y/p/q');
});

test('a URI that is not http(s) is a configuration error', () => {
  assert.throws(() => backendUrl('ftp://127.0.0.1/x', undefined, {}, {}), (e: unknown) => e instanceof GatewayError && e.status === 500);
});
