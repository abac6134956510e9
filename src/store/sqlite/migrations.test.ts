import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
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

/**
 * Released migrations never change (a database that ran one never runs it again): their SQL is pinned. A new
 * table in store.ts with an old version number would rewrite one of them, and fail here.
 */
const RELEASED: Record<number, string> = {
  1: '8bb32f18ce507708', 2: '7422ae5571289148', 3: '3ec9d9495e9eaf96', 4: 'dca788fac73130a5',
  5: 'd3014d90947a0f2f', 6: '92998f7dcba95a0a', 7: '2aa868a201d73dd7', 8: '98637a0dab2673fb',
};

test('released migrations keep the SQL they were released with', () => {
  const now = Object.fromEntries(MIGRATIONS.filter((m) => RELEASED[m.version] !== undefined).map((m) => [m.version, createHash('sha256').update(m.sql).digest('hex').slice(0, 16)]));
  assert.deepEqual(now, RELEASED);
});
