import assert from 'node:assert/strict';
import { test } from 'node:test';
import { foreignOrigin } from './same-origin.js';

const asked = (host: string, extra: Record<string, string> = {}, listenHost = '127.0.0.1'): string | undefined => foreignOrigin({ host, ...extra }, listenHost);

test("this machine's names are its own origin: IP literals, localhost and names under it, the listen host", () => {
  for (const host of ['127.0.0.1:4566', '[::1]:4566', '10.1.2.3:4566', 'localhost:4566', 'LOCALHOST.', 'abcdef1234.execute-api.localhost:4566']) assert.equal(asked(host), undefined, host);
  assert.equal(asked('gatehouse.internal:4566', {}, 'gatehouse.internal'), undefined);
});

test('any other name is DNS rebinding; another Origin or a cross-site fetch is refused', () => {
  for (const host of ['evil.example:4566', 'localhost.evil.example', '127.0.0.1.nip.io', '999.1.1.1']) assert.equal(asked(host), `Host ${host}`, host);
  assert.equal(asked('127.0.0.1:4566', { origin: 'http://evil.example' }), 'Origin http://evil.example');
  assert.equal(asked('127.0.0.1:4566', { origin: 'http://127.0.0.1:4566' }), undefined);
  assert.equal(asked('127.0.0.1:4566', { 'sec-fetch-site': 'cross-site' }), 'Sec-Fetch-Site cross-site');
  assert.equal(foreignOrigin({}, '127.0.0.1'), 'Host (none)');
});
