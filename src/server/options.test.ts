import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { userRuntimesDir } from '../runtime/node-runtimes.js';
import { resolveOptions } from './options.js';

test('defaults', () => {
  assert.deepEqual(resolveOptions({}), { host: '127.0.0.1', port: 4566, dataDir: resolve('.gatehouse'), inMemory: false, defaultAccount: '000000000000', region: 'us-east-1', logLevel: 'info', dropWaitMs: 3000, runtimesDir: resolve('.gatehouse', 'runtimes'), strictAuth: false });
});

test('Node runtimes are installed under the data dir, in memory into the per-user cache, or where told', () => {
  assert.equal(resolveOptions({ dataDir: '/srv/gh' }).runtimesDir, join('/srv/gh', 'runtimes'));
  assert.equal(resolveOptions({ inMemory: true }).runtimesDir, userRuntimesDir());
  assert.equal(resolveOptions({ inMemory: true, runtimesDir: '/cache/node' }).runtimesDir, '/cache/node');
});

test('bad options are refused with the option named', () => {
  assert.throws(() => resolveOptions({ port: 70000 }), /invalid option port/);
  assert.throws(() => resolveOptions({ defaultAccount: '123' }), /invalid option defaultAccount: must be 12 digits/);
  assert.throws(() => resolveOptions({ region: 'mars' }), /invalid option region/);
  assert.throws(() => resolveOptions({ logLevel: 'loud' as 'info' }), /invalid option logLevel/);
  assert.throws(() => resolveOptions({ dropWaitMs: -1 }), /invalid option dropWaitMs/);
});
