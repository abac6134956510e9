/**
 * The SQLite adapter: the Store contract in memory and on a file (reopened as a restarted process would),
 * then what only SQLite does (the migrations table, the exclusive lock on the file, the cursor's encoding).
 */
import Database from 'better-sqlite3';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { Store } from '../store.js';
import { storeContract } from '../store-contract.js';
import { MIGRATIONS } from './migrations.js';
import { openSqliteStore } from './sqlite-store.js';

// A RAM-backed folder where there is one (Linux): the contract is about behaviour, and fsyncs to a disk would
// make opening a file store ~30 ms instead of ~3 ms, for every test (test/persistence.test.ts uses a real disk).
const dir = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'gatehouse-store-'));
after(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
const fileOf = new WeakMap<Store, string>();
function openFile(file = join(dir, `store-${++files}.db`)): Store {
  const store = openSqliteStore(file);
  fileOf.set(store, file);
  return store;
}

storeContract('SQLite in memory', { open: () => openSqliteStore(':memory:') });
storeContract('SQLite on a file', { open: () => openFile(), reopen: (closed) => openFile(fileOf.get(closed)!) });

describe('SQLite adapter', () => {
  const A = { account: '000000000000', region: 'us-east-1' };

  it('records each migration once, however often the file is opened', () => {
    const file = join(dir, 'migrations.db');
    openSqliteStore(file).close();
    const read = (): Array<{ version: number; applied_at: string }> => {
      const db = new Database(file, { readonly: true });
      try {
        return db.prepare('SELECT version, applied_at FROM schema_migrations ORDER BY version').all() as Array<{ version: number; applied_at: string }>;
      } finally {
        db.close();
      }
    };
    const first = read();
    assert.deepEqual(first.map((r) => r.version), MIGRATIONS.map((m) => m.version));
    openSqliteStore(file).close();
    openSqliteStore(file).close();
    assert.deepEqual(read(), first);
  });

  it('migration versions are unique and increasing', () => {
    const versions = MIGRATIONS.map((m) => m.version);
    assert.deepEqual(versions, [...versions].sort((a, b) => a - b));
    assert.equal(new Set(versions).size, versions.length);
  });

  it('refuses a second store on a file another one holds open, naming the file', () => {
    const file = join(dir, 'locked.db');
    const first = openSqliteStore(file);
    try {
      first.table('rest_apis').insert(A, '', 'x', { held: true });
      assert.throws(() => openSqliteStore(file), { message: `${file} is in use by another Gatehouse process` });
    } finally {
      first.close();
    }
    const again = openSqliteStore(file);
    assert.deepEqual(again.table('rest_apis').get(A, '', 'x'), { held: true });
    again.close();
  });

  it('a cursor that does not decode starts from the beginning, as a fresh listing would', () => {
    const store = openSqliteStore(':memory:');
    const t = store.table<{ n: number }>('rest_apis');
    for (let n = 0; n < 3; n++) t.insert(A, '', `id${n}`, { n });
    for (const cursor of ['', 'garbage', Buffer.from('seq:abc').toString('base64url')]) {
      assert.deepEqual(t.page(A, '', 2, cursor).items, [{ n: 0 }, { n: 1 }], JSON.stringify(cursor));
    }
    store.close();
  });
});
