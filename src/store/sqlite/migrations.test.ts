import assert from 'node:assert/strict';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { TABLE_VERSIONS, TABLES } from '../store.js';
import { MIGRATIONS } from './migrations.js';

test('the migrations create exactly the tables store.ts declares, each in the version it names', () => {
  const db = new Database(':memory:');
  const created = new Map<string, number>();
  const tablesNow = (): string[] => db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all().map((r) => r.name);
  for (const m of MIGRATIONS) {
    const before = new Set(tablesNow());
    db.exec(m.sql);
    for (const name of tablesNow()) if (!before.has(name)) created.set(name, m.version);
  }
  db.close();
  assert.deepEqual(Object.fromEntries([...created].sort()), Object.fromEntries(Object.entries(TABLE_VERSIONS).sort()));
  assert.deepEqual([...TABLES].sort(), [...created.keys()].sort());
});

test('migration numbers go up by one from 1', () => {
  assert.deepEqual(MIGRATIONS.map((m) => m.version), MIGRATIONS.map((_, i) => i + 1));
});
