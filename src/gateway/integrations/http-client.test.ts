import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LOOPBACK_HOSTS } from '../../shared/loopback.test.js';
import { refusedTarget } from './http-client.js';

test('loopback targets only: 127.0.0.0/8, ::1 (and IPv4-mapped loopback), localhost', () => {
  // The same rule as every other door (shared/loopback.ts).
  for (const host of LOOPBACK_HOSTS) assert.equal(refusedTarget(host), undefined, host);
  for (const host of ['10.0.0.1', '192.0.2.2', '0.0.0.0', '[::]', '[fd00::2]', 'example.com', 'localhost.example.com', '127.0.0.1.nip.io']) assert.match(refusedTarget(host) ?? '', /loopback only/, host);
});
