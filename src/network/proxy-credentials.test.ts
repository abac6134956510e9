import assert from 'node:assert/strict';
import { test } from 'node:test';
import { instanceIdFromProxyAuthorization, instanceProxyUrl, proxyAuthorization } from './proxy-credentials.js';

test('the instance is the user of Basic proxy credentials, with or without a password', () => {
  assert.equal(instanceIdFromProxyAuthorization(proxyAuthorization('i-0abc')), 'i-0abc');
  assert.equal(instanceIdFromProxyAuthorization(`Basic ${Buffer.from('i-0abc').toString('base64')}`), 'i-0abc');
  assert.equal(instanceIdFromProxyAuthorization(`basic ${Buffer.from('i-0abc:secret').toString('base64')}`), 'i-0abc');
  assert.equal(instanceIdFromProxyAuthorization(undefined), undefined);
  assert.equal(instanceIdFromProxyAuthorization('Bearer x'), undefined);
  assert.equal(instanceIdFromProxyAuthorization(`Basic ${Buffer.from(':pw').toString('base64')}`), undefined);
});

test('the proxy URL curl and friends are given carries the instance as its user', () => {
  const url = new URL(instanceProxyUrl('i-0abc', '127.0.0.1', 3128));
  assert.equal(url.username, 'i-0abc');
  assert.equal(url.password, 'gatehouse');
  assert.equal(url.host, '127.0.0.1:3128');
});
