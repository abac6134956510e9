import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isLoopbackAddress, isLoopbackHost, loopbackLookup } from './loopback.js';

/** Every spelling the three front doors met (instance names, integration backends, the console's Test). */
export const LOOPBACK_HOSTS = ['127.0.0.1', '127.1.2.3', '127.255.255.254', '::1', '[::1]', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1', '[::ffff:7f00:1]', 'localhost', 'LOCALHOST', 'localhost.', 'api.localhost', 'abcdefghij.execute-api.localhost'];
export const OTHER_HOSTS = ['10.0.0.1', '128.0.0.1', '192.0.2.2', '0.0.0.0', '::', '[::]', '[fd00::2]', '::ffff:10.0.0.1', '169.254.169.254', 'example.com', 'localhost.example.com', '127.0.0.1.nip.io', 'mylocalhost', ''];

test('loopback: 127.0.0.0/8, ::1 in any spelling, IPv4-mapped loopback, localhost and names under it', () => {
  for (const host of LOOPBACK_HOSTS) assert.equal(isLoopbackHost(host), true, host);
  for (const host of OTHER_HOSTS) assert.equal(isLoopbackHost(host), false, host);
});

test('an address is loopback by its value, not its name', () => {
  assert.equal(isLoopbackAddress('::ffff:7f00:1'), true);
  assert.equal(isLoopbackAddress('localhost'), false);
});

test('names under .localhost resolve to 127.0.0.1 without a DNS query; other names only to loopback answers', async () => {
  const resolve = (name: string) => new Promise<unknown>((done) => loopbackLookup(name, { all: true }, (error, address) => done(error ? error.code : address)));
  assert.deepEqual(await resolve('abcdef1234.execute-api.localhost'), [{ address: '127.0.0.1', family: 4 }]);
  const local = (await resolve('localhost')) as Array<{ address: string }>;
  assert.ok(local.length > 0 && local.every((a) => isLoopbackAddress(a.address)));
});
