import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isLoopbackAddress, refusedTarget } from './http-client.js';

test('loopback targets only: 127.0.0.0/8, ::1 (and IPv4-mapped loopback), localhost', () => {
  for (const host of ['127.0.0.1', '127.1.2.3', '[::1]', '::1', '[::ffff:7f00:1]', 'localhost', 'LOCALHOST']) assert.equal(refusedTarget(host), undefined, host);
  for (const host of ['10.0.0.1', '192.0.2.2', '0.0.0.0', '[::]', '[fd00::2]', 'example.com', 'localhost.example.com', '127.0.0.1.nip.io']) assert.match(refusedTarget(host) ?? '', /loopback only/, host);
  assert.equal(isLoopbackAddress('::ffff:10.0.0.1'), false);
});
