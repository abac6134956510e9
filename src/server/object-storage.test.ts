/** The server's object storage: kept in the data dir across restarts, and what a crash left is swept at start. */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { createBucket } from '../services/s3/buckets.js';
import { putObject } from '../services/s3/objects.js';
import type { OperationContext } from '../services/types.js';
import { openSqliteStore } from '../store/sqlite/sqlite-store.js';
import { Readable } from 'node:stream';
import { openObjectStorage } from './object-storage.js';

const dir = mkdtempSync(join(tmpdir(), 'gatehouse-objects-test-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('a restart keeps committed bodies and sweeps the ones no document names (a crash before the commit)', async () => {
  const options = { inMemory: false, dataDir: dir };
  const store = openSqliteStore(join(dir, 'gatehouse.sqlite'));
  const objects = openObjectStorage(options, store);
  const ctx: OperationContext = { scope: { account: '111111111111', region: 'us-east-1' }, accessKeyId: 'test', requestId: 'r', store, clock: { now: () => new Date() }, objects };
  store.transaction(() => createBucket({ Bucket: 'kept-bucket' }, ctx));
  await putObject({ Bucket: 'kept-bucket', Key: 'k', Body: Readable.from([Buffer.from('kept')]) }, ctx);
  // A body stored but never recorded: what a crash between the rename and the commit leaves.
  const orphan = await objects.write(Readable.from([Buffer.from('orphan')]));
  writeFileSync(join(dir, 's3', 'tmp', 'half-written'), 'half');
  store.close();

  const again = openSqliteStore(join(dir, 'gatehouse.sqlite'));
  const reopened = openObjectStorage(options, again);
  assert.equal(existsSync(reopened.path(orphan.key)), false);
  assert.equal(existsSync(join(dir, 's3', 'tmp', 'half-written')), false);
  const version = again.table<{ blob: string }>('s3_objects').get({ account: '111111111111', region: 'us-east-1' }, 'kept-bucket', 'k');
  assert.ok(version && reopened.has(version.blob));
  again.close();
});
