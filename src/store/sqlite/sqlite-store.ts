/**
 * The SQLite store (better-sqlite3): a file in the data dir, or `:memory:`. Synchronous, so a whole
 * operation runs inside one transaction; WAL with synchronous=NORMAL keeps writes durable across a process
 * crash at a fraction of the cost of a full fsync per commit. One process owns the file (EXCLUSIVE locking),
 * which also spares the shared-memory lock calls: a commit costs ~105 µs instead of ~170 µs here.
 */
import Database from 'better-sqlite3';
import type { Scope, Scoped } from '../../shared/accounts.js';
import { compareKeys, prefixEnd } from '../key-order.js';
import type { DocumentTable, Keyed, KeyRange, Page, Store, TableName } from '../store.js';
import { TABLES } from '../store.js';
import { MIGRATIONS } from './migrations.js';

type Db = Database.Database;

class SqliteDocumentTable<T> implements DocumentTable<T> {
  private readonly getStmt;
  private readonly hasStmt;
  private readonly listStmt;
  private readonly pageStmt;
  private readonly insertStmt;
  private readonly updateStmt;
  private readonly deleteStmt;
  private readonly deleteByParentStmt;
  private readonly scanStmt;
  private readonly locateStmt;
  /** `range`'s four forms: lower bound exclusive or inclusive, with or without an upper bound. */
  private readonly rangeStmts;

  constructor(db: Db, table: TableName, private readonly written: () => void) {
    const key = 'account = ? AND region = ? AND parent = ?';
    // One bound each side, so SQLite seeks in the (account, region, parent, id) index instead of filtering a scan.
    const rangeStmt = (lower: '>' | '>=', upper: boolean) =>
      db.prepare<unknown[], { id: string; doc: string }>(`SELECT id, doc FROM ${table} WHERE ${key} AND id ${lower} ?${upper ? ' AND id < ?' : ''} ORDER BY id LIMIT ?`);
    this.rangeStmts = { gt: rangeStmt('>', false), ge: rangeStmt('>=', false), gtLt: rangeStmt('>', true), geLt: rangeStmt('>=', true) };
    this.getStmt = db.prepare<[string, string, string, string], { doc: string }>(`SELECT doc FROM ${table} WHERE ${key} AND id = ?`);
    this.hasStmt = db.prepare<[string, string, string, string], { one: number }>(`SELECT 1 AS one FROM ${table} WHERE ${key} AND id = ?`);
    this.listStmt = db.prepare<[string, string, string], { doc: string }>(`SELECT doc FROM ${table} WHERE ${key} ORDER BY seq`);
    this.pageStmt = db.prepare<[string, string, string, number, number], { seq: number; doc: string }>(
      `SELECT seq, doc FROM ${table} WHERE ${key} AND seq > ? ORDER BY seq LIMIT ?`,
    );
    this.insertStmt = db.prepare<[string, string, string, string, string]>(`INSERT INTO ${table} (account, region, parent, id, doc) VALUES (?, ?, ?, ?, ?)`);
    this.updateStmt = db.prepare<[string, string, string, string, string]>(`UPDATE ${table} SET doc = ? WHERE ${key} AND id = ?`);
    this.deleteStmt = db.prepare<[string, string, string, string]>(`DELETE FROM ${table} WHERE ${key} AND id = ?`);
    this.deleteByParentStmt = db.prepare<[string, string, string]>(`DELETE FROM ${table} WHERE ${key}`);
    this.locateStmt = db.prepare<[string, string], { account: string; region: string; doc: string }>(`SELECT account, region, doc FROM ${table} WHERE parent = ? AND id = ? LIMIT 1`);
    this.scanStmt = db.prepare<[], { account: string; region: string; doc: string }>(`SELECT account, region, doc FROM ${table} ORDER BY seq`);
  }

  get(scope: Scope, parent: string, id: string): T | undefined {
    const row = this.getStmt.get(scope.account, scope.region, parent, id);
    return row ? (JSON.parse(row.doc) as T) : undefined;
  }

  has(scope: Scope, parent: string, id: string): boolean {
    return this.hasStmt.get(scope.account, scope.region, parent, id) !== undefined;
  }

  list(scope: Scope, parent: string): T[] {
    return this.listStmt.all(scope.account, scope.region, parent).map((r) => JSON.parse(r.doc) as T);
  }

  page(scope: Scope, parent: string, limit: number, cursor: string | undefined): Page<T> {
    const after = cursor === undefined ? 0 : decodeCursor(cursor);
    // One extra row tells whether another page follows.
    const rows = this.pageStmt.all(scope.account, scope.region, parent, after, limit + 1);
    const items = rows.slice(0, limit).map((r) => JSON.parse(r.doc) as T);
    const last = rows[limit - 1];
    return rows.length > limit && last ? { items, next: encodeCursor(last.seq) } : { items };
  }

  range(scope: Scope, parent: string, range: KeyRange): Array<Keyed<T>> {
    if (range.limit <= 0) return [];
    // The lower bound: the greatest of `from` and `prefix` (inclusive) and `after` (exclusive).
    let lower = range.from ?? '';
    if (range.prefix !== undefined && compareKeys(range.prefix, lower) > 0) lower = range.prefix;
    const exclusive = range.after !== undefined && compareKeys(range.after, lower) >= 0;
    if (exclusive) lower = range.after!;
    const upper = range.prefix === undefined ? undefined : prefixEnd(range.prefix);
    const args: unknown[] = [scope.account, scope.region, parent, lower];
    if (upper !== undefined) args.push(upper);
    args.push(range.limit);
    const stmt = upper === undefined ? (exclusive ? this.rangeStmts.gt : this.rangeStmts.ge) : exclusive ? this.rangeStmts.gtLt : this.rangeStmts.geLt;
    return stmt.all(...args).map((r) => ({ id: r.id, doc: JSON.parse(r.doc) as T }));
  }

  insert(scope: Scope, parent: string, id: string, doc: T): void {
    this.written();
    this.insertStmt.run(scope.account, scope.region, parent, id, JSON.stringify(doc));
  }

  update(scope: Scope, parent: string, id: string, doc: T): void {
    this.written();
    this.updateStmt.run(JSON.stringify(doc), scope.account, scope.region, parent, id);
  }

  delete(scope: Scope, parent: string, id: string): boolean {
    this.written();
    return this.deleteStmt.run(scope.account, scope.region, parent, id).changes > 0;
  }

  deleteByParent(scope: Scope, parent: string): number {
    this.written();
    return this.deleteByParentStmt.run(scope.account, scope.region, parent).changes;
  }

  locate(parent: string, id: string): Scoped<T> | undefined {
    const row = this.locateStmt.get(parent, id);
    return row ? { scope: { account: row.account, region: row.region }, doc: JSON.parse(row.doc) as T } : undefined;
  }

  scan(): Array<Scoped<T>> {
    return this.scanStmt.all().map((r) => ({ scope: { account: r.account, region: r.region }, doc: JSON.parse(r.doc) as T }));
  }
}

function encodeCursor(seq: number): string {
  return Buffer.from(`seq:${seq}`).toString('base64url');
}

/** A cursor that does not decode starts from the beginning, as a fresh listing would. */
function decodeCursor(cursor: string): number {
  const m = /^seq:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  return m ? Number(m[1]) : 0;
}

function migrate(db: Db): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  const applied = new Set(db.prepare<[], { version: number }>('SELECT version FROM schema_migrations').all().map((r) => r.version));
  const record = db.prepare<[number, string, string]>('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  for (const m of MIGRATIONS) {
    if (applied.has(m.version)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      record.run(m.version, m.name, new Date().toISOString());
    })();
  }
}

export function openSqliteStore(file: string): Store {
  // No busy timeout: the only other holder of the file is another process that keeps it for its lifetime
  // (EXCLUSIVE locking), so waiting (better-sqlite3 waits 5 s by default) only delays the refusal below.
  const db = new Database(file, { timeout: 0 });
  try {
    if (file !== ':memory:') {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma('locking_mode = EXCLUSIVE');
    }
    migrate(db);
  } catch (error) {
    db.close();
    // EXCLUSIVE locking: a second Gatehouse on the same data dir is refused at once rather than corrupting it.
    if ((error as { code?: string }).code === 'SQLITE_BUSY') throw new Error(`${file} is in use by another Gatehouse process`);
    throw error;
  }
  let revision = 0;
  const written = (): void => {
    revision++;
  };
  const tables = new Map<TableName, SqliteDocumentTable<unknown>>();
  for (const name of TABLES) tables.set(name, new SqliteDocumentTable(db, name, written));
  return {
    transaction: <T>(fn: () => T): T => db.transaction(fn)(),
    table: <T>(name: TableName) => tables.get(name) as unknown as DocumentTable<T>,
    reset: () => {
      written();
      db.transaction(() => { for (const name of TABLES) db.exec(`DELETE FROM ${name}`); })();
    },
    revision: () => revision,
    close: () => db.close(),
  };
}
