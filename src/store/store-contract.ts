/**
 * The Store contract as a reusable test suite: what every adapter (SQLite today, PostgreSQL later) must do,
 * asserted through the interface only, never through SQL. An adapter's test file calls `storeContract` once
 * per way of opening it; each test gets a fresh, empty store.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { Scope } from '../shared/accounts.js';
import type { DocumentTable, Store } from './store.js';
import { TABLES } from './store.js';

export interface StoreHarness {
  /** A new, empty store. */
  open(): Store;
  /** For durable adapters: opens again the data of `closed` (already closed), as a restarted process would. */
  reopen?(closed: Store): Store;
}

interface Doc {
  name: string;
  n?: number;
  nested?: unknown;
}

const A: Scope = { account: '111111111111', region: 'us-east-1' };
const B: Scope = { account: '222222222222', region: 'us-east-1' };
const A_WEST: Scope = { account: '111111111111', region: 'eu-west-1' };

const doc = (name: string, n?: number): Doc => (n === undefined ? { name } : { name, n });
const names = (docs: readonly Doc[]): string[] => docs.map((d) => d.name);

export function storeContract(name: string, harness: StoreHarness): void {
  describe(`Store contract: ${name}`, () => {
    let store: Store;
    let open: Store[] = [];
    let t: DocumentTable<Doc>;
    const track = (s: Store): Store => {
      open.push(s);
      return s;
    };

    beforeEach(() => {
      store = track(harness.open());
      t = store.table<Doc>('rest_apis');
    });
    afterEach(() => {
      for (const s of open) closeQuietly(s);
      open = [];
    });

    /** Inserts `count` documents named d0, d1 ... under `parent` in scope A. */
    const fill = (count: number, parent = 'p'): void => {
      for (let i = 0; i < count; i++) t.insert(A, parent, `id${i}`, doc(`d${i}`, i));
    };

    /** Every page of `parent`, following cursors, with `limit` items a page. */
    const allPages = (limit: number, parent = 'p'): Doc[][] => {
      const pages: Doc[][] = [];
      let cursor: string | undefined;
      do {
        const page = t.page(A, parent, limit, cursor);
        pages.push(page.items);
        cursor = page.next;
        assert.ok(pages.length <= 1000, 'paging terminates');
      } while (cursor !== undefined);
      return pages;
    };

    describe('get, has, insert', () => {
      it('a fresh store is empty in every table', () => {
        for (const table of TABLES) {
          assert.deepEqual(store.table(table).scan(), [], table);
        }
      });

      it('get returns what insert stored; has says whether it is there', () => {
        assert.equal(t.get(A, 'p', 'x'), undefined);
        assert.equal(t.has(A, 'p', 'x'), false);
        t.insert(A, 'p', 'x', doc('one', 1));
        assert.deepEqual(t.get(A, 'p', 'x'), { name: 'one', n: 1 });
        assert.equal(t.has(A, 'p', 'x'), true);
      });

      it('get returns a copy: changing it changes nothing stored', () => {
        const original = doc('one', 1);
        t.insert(A, 'p', 'x', original);
        original.name = 'changed after insert';
        const got = t.get(A, 'p', 'x')!;
        got.name = 'changed after get';
        assert.deepEqual(t.get(A, 'p', 'x'), { name: 'one', n: 1 });
      });

      it('inserting an existing key throws and keeps the stored document', () => {
        t.insert(A, 'p', 'x', doc('first'));
        assert.throws(() => t.insert(A, 'p', 'x', doc('second')));
        assert.deepEqual(t.get(A, 'p', 'x'), { name: 'first' });
        assert.equal(t.list(A, 'p').length, 1);
      });

      it('the same id may exist under another parent, account or region, and in another table', () => {
        t.insert(A, 'p', 'x', doc('a/p'));
        t.insert(A, 'q', 'x', doc('a/q'));
        t.insert(B, 'p', 'x', doc('b/p'));
        t.insert(A_WEST, 'p', 'x', doc('a-west/p'));
        store.table<Doc>('stages').insert(A, 'p', 'x', doc('stages'));
        assert.deepEqual(
          [t.get(A, 'p', 'x'), t.get(A, 'q', 'x'), t.get(B, 'p', 'x'), t.get(A_WEST, 'p', 'x'), store.table<Doc>('stages').get(A, 'p', 'x')].map((d) => d?.name),
          ['a/p', 'a/q', 'b/p', 'a-west/p', 'stages'],
        );
      });

      it('keys are exact: case, the empty string and characters SQL treats specially', () => {
        const keys = ['', 'X', 'x', '%', '_', "it's", 'a"b', 'a\\b', '/restapis/abc', 'ünï-çødé', '🙂'];
        for (const key of keys) t.insert(A, key, key, doc(`doc:${key}`));
        for (const key of keys) {
          assert.deepEqual(t.get(A, key, key), doc(`doc:${key}`), JSON.stringify(key));
          assert.deepEqual(names(t.list(A, key)), [`doc:${key}`], JSON.stringify(key));
        }
        assert.equal(t.get(A, 'x', 'X'), undefined);
        assert.equal(t.has(A, '%', '_'), false);
      });
    });

    describe('list and page', () => {
      it('list returns the documents of one parent in creation order (not id order)', () => {
        for (const id of ['m', 'a', 'z', 'b']) t.insert(A, 'p', id, doc(id));
        t.insert(A, 'other', 'c', doc('c'));
        assert.deepEqual(names(t.list(A, 'p')), ['m', 'a', 'z', 'b']);
        assert.deepEqual(t.list(A, 'nobody'), []);
      });

      it('update keeps a document in its place in creation order', () => {
        fill(3);
        t.update(A, 'p', 'id0', doc('d0 updated'));
        assert.deepEqual(names(t.list(A, 'p')), ['d0 updated', 'd1', 'd2']);
        assert.deepEqual(allPages(2).map(names), [['d0 updated', 'd1'], ['d2']]);
        assert.deepEqual(names(t.scan().map((s) => s.doc)), ['d0 updated', 'd1', 'd2']);
      });

      it('a document deleted and inserted again goes to the end', () => {
        fill(3);
        t.delete(A, 'p', 'id0');
        t.insert(A, 'p', 'id0', doc('d0 again'));
        assert.deepEqual(names(t.list(A, 'p')), ['d1', 'd2', 'd0 again']);
      });

      it('page without a cursor starts at the first document; the last page has no cursor', () => {
        fill(5);
        const first = t.page(A, 'p', 2, undefined);
        assert.deepEqual(names(first.items), ['d0', 'd1']);
        assert.equal(typeof first.next, 'string');
        assert.deepEqual(allPages(2).map(names), [['d0', 'd1'], ['d2', 'd3'], ['d4']]);
      });

      it('a page exactly as long as what is left is the last page (no empty page after it)', () => {
        fill(4);
        assert.deepEqual(allPages(2).map(names), [['d0', 'd1'], ['d2', 'd3']]);
        assert.deepEqual(allPages(4).map(names), [['d0', 'd1', 'd2', 'd3']]);
        const whole = t.page(A, 'p', 4, undefined);
        assert.equal(whole.next, undefined);
        assert.equal('next' in whole && whole.next !== undefined, false);
      });

      it('a limit larger than the collection returns it all; an empty parent gives one empty page', () => {
        fill(3);
        assert.deepEqual(t.page(A, 'p', 500, undefined), { items: [doc('d0', 0), doc('d1', 1), doc('d2', 2)] });
        assert.deepEqual(t.page(A, 'empty', 25, undefined), { items: [] });
      });

      it('paging with limit 1 walks every document once, in creation order', () => {
        fill(7);
        assert.deepEqual(allPages(1).flat().map((d) => d.n), [0, 1, 2, 3, 4, 5, 6]);
      });

      it('a cursor stays valid when documents are written between pages', () => {
        fill(4);
        const first = t.page(A, 'p', 2, undefined);
        t.delete(A, 'p', 'id1'); // the last item of the page the cursor follows
        t.update(A, 'p', 'id2', doc('d2 updated'));
        t.insert(A, 'p', 'late', doc('late'));
        const rest = t.page(A, 'p', 10, first.next);
        assert.deepEqual(names(rest.items), ['d2 updated', 'd3', 'late']);
        assert.equal(rest.next, undefined);
      });

      it('paging one parent sees none of another parent, account or region', () => {
        fill(3);
        t.insert(A, 'q', 'other', doc('other parent'));
        t.insert(B, 'p', 'other', doc('other account'));
        t.insert(A_WEST, 'p', 'other', doc('other region'));
        assert.deepEqual(allPages(2).flat().map((d) => d.name), ['d0', 'd1', 'd2']);
      });
    });

    describe('range (id order)', () => {
      const ids = (rows: ReadonlyArray<{ id: string }>): string[] => rows.map((r) => r.id);
      // Inserted out of order; UTF-8 byte order puts U+E000 before U+1F642 (UTF-16 code units would not).
      const KEYS = ['b', 'a/2', 'a', 'a/1', 'a0', '\u{1F642}', '\uE000', 'ab', 'A'];
      const fillKeys = (): void => {
        for (const k of KEYS) t.insert(A, 'p', k, doc(k));
        t.insert(A, 'q', 'a/0', doc('other parent'));
        t.insert(B, 'p', 'a/0', doc('other account'));
      };

      it('reads ids in UTF-8 byte order, ids and documents together, up to the limit', () => {
        fillKeys();
        assert.deepEqual(ids(t.range(A, 'p', { limit: 100 })), ['A', 'a', 'a/1', 'a/2', 'a0', 'ab', 'b', '\uE000', '\u{1F642}']);
        assert.deepEqual(t.range(A, 'p', { limit: 2 }), [{ id: 'A', doc: doc('A') }, { id: 'a', doc: doc('a') }]);
        assert.deepEqual(t.range(A, 'p', { limit: 0 }), []);
        assert.deepEqual(t.range(A, 'nobody', { limit: 10 }), []);
      });

      it('after is exclusive, from inclusive; either may name an id that does not exist', () => {
        fillKeys();
        assert.deepEqual(ids(t.range(A, 'p', { after: 'a/1', limit: 3 })), ['a/2', 'a0', 'ab']);
        assert.deepEqual(ids(t.range(A, 'p', { from: 'a/1', limit: 3 })), ['a/1', 'a/2', 'a0']);
        assert.deepEqual(ids(t.range(A, 'p', { after: 'a/', limit: 2 })), ['a/1', 'a/2']);
        assert.deepEqual(ids(t.range(A, 'p', { after: 'a/1', from: 'a0', limit: 2 })), ['a0', 'ab'], 'the greater bound wins');
        assert.deepEqual(ids(t.range(A, 'p', { after: 'a0', from: 'a0', limit: 2 })), ['ab', 'b'], 'equal bounds: exclusive');
        assert.deepEqual(ids(t.range(A, 'p', { after: '\u{1F642}', limit: 2 })), []);
      });

      it('prefix keeps the ids that start with it, combined with the bounds', () => {
        fillKeys();
        assert.deepEqual(ids(t.range(A, 'p', { prefix: 'a', limit: 100 })), ['a', 'a/1', 'a/2', 'a0', 'ab']);
        assert.deepEqual(ids(t.range(A, 'p', { prefix: 'a/', limit: 100 })), ['a/1', 'a/2']);
        assert.deepEqual(ids(t.range(A, 'p', { prefix: 'a', after: 'a/2', limit: 100 })), ['a0', 'ab']);
        assert.deepEqual(ids(t.range(A, 'p', { prefix: 'a/', after: 'A', limit: 1 })), ['a/1'], 'a bound before the prefix starts at the prefix');
        assert.deepEqual(ids(t.range(A, 'p', { prefix: 'a/', from: 'b', limit: 10 })), []);
        assert.deepEqual(ids(t.range(A, 'p', { prefix: '\uE000', limit: 10 })), ['\uE000']);
        assert.deepEqual(ids(t.range(A, 'p', { prefix: 'zz', limit: 10 })), []);
        assert.deepEqual(ids(t.range(A, 'p', { prefix: '', limit: 3 })), ['A', 'a', 'a/1']);
      });

      it('sees what a transaction wrote, and nothing of what it rolled back', () => {
        t.insert(A, 'p', 'k1', doc('k1'));
        assert.throws(() =>
          store.transaction(() => {
            t.insert(A, 'p', 'k0', doc('k0'));
            assert.deepEqual(ids(t.range(A, 'p', { limit: 10 })), ['k0', 'k1']);
            throw new Error('no');
          }),
        );
        assert.deepEqual(ids(t.range(A, 'p', { limit: 10 })), ['k1']);
      });
    });

    describe('update and delete', () => {
      it('update replaces the whole document', () => {
        t.insert(A, 'p', 'x', { name: 'one', n: 1, nested: { a: 1 } });
        t.update(A, 'p', 'x', { name: 'two' });
        assert.deepEqual(t.get(A, 'p', 'x'), { name: 'two' });
      });

      it('update of a missing document stores nothing', () => {
        t.update(A, 'p', 'missing', doc('ghost'));
        assert.equal(t.has(A, 'p', 'missing'), false);
        assert.deepEqual(t.scan(), []);
      });

      it('update touches only its own key', () => {
        t.insert(A, 'p', 'x', doc('a'));
        t.insert(B, 'p', 'x', doc('b'));
        t.insert(A, 'q', 'x', doc('q'));
        t.update(A, 'p', 'x', doc('a2'));
        assert.deepEqual([t.get(A, 'p', 'x'), t.get(B, 'p', 'x'), t.get(A, 'q', 'x')].map((d) => d?.name), ['a2', 'b', 'q']);
      });

      it('delete says whether it deleted, and deletes only its own key', () => {
        t.insert(A, 'p', 'x', doc('a'));
        t.insert(B, 'p', 'x', doc('b'));
        assert.equal(t.delete(A, 'p', 'x'), true);
        assert.equal(t.delete(A, 'p', 'x'), false);
        assert.equal(t.get(A, 'p', 'x'), undefined);
        assert.deepEqual(t.get(B, 'p', 'x'), doc('b'));
      });

      it('deleteByParent deletes the children of one parent in one scope and counts them', () => {
        fill(3);
        t.insert(A, 'q', 'keep', doc('other parent'));
        t.insert(B, 'p', 'keep', doc('other account'));
        t.insert(A_WEST, 'p', 'keep', doc('other region'));
        store.table<Doc>('stages').insert(A, 'p', 'keep', doc('other table'));
        assert.equal(t.deleteByParent(A, 'p'), 3);
        assert.equal(t.deleteByParent(A, 'p'), 0);
        assert.deepEqual(t.list(A, 'p'), []);
        assert.deepEqual(names(t.scan().map((s) => s.doc)), ['other parent', 'other account', 'other region']);
        assert.equal(store.table<Doc>('stages').has(A, 'p', 'keep'), true);
      });
    });

    describe('locate and scan', () => {
      it('locate finds a document by parent and id in any account and region, with its scope', () => {
        t.insert(A_WEST, '', 'api1', doc('west'));
        t.insert(B, '', 'api2', doc('b'));
        assert.deepEqual(t.locate('', 'api1'), { scope: A_WEST, doc: doc('west') });
        assert.deepEqual(t.locate('', 'api2'), { scope: B, doc: doc('b') });
        assert.equal(t.locate('', 'api3'), undefined);
        assert.equal(t.locate('other', 'api1'), undefined, 'the parent is part of the key');
      });

      it('locate returns one of the documents when several scopes hold the key', () => {
        t.insert(A, '', 'same', doc('a'));
        t.insert(B, '', 'same', doc('b'));
        const found = t.locate('', 'same');
        assert.ok(found);
        assert.deepEqual(t.get(found.scope, '', 'same'), found.doc);
      });

      it('scan returns every document of the table in every scope, in creation order, with its scope', () => {
        t.insert(B, 'p', '1', doc('first'));
        t.insert(A, 'q', '2', doc('second'));
        t.insert(A_WEST, '', '3', doc('third'));
        store.table<Doc>('stages').insert(A, 'p', '4', doc('another table'));
        assert.deepEqual(t.scan(), [
          { scope: B, doc: doc('first') },
          { scope: A, doc: doc('second') },
          { scope: A_WEST, doc: doc('third') },
        ]);
      });
    });

    describe('transaction', () => {
      it('commits what fn wrote and returns what fn returned', () => {
        const result = store.transaction(() => {
          t.insert(A, 'p', 'x', doc('a'));
          t.insert(A, 'p', 'y', doc('b'));
          return 42;
        });
        assert.equal(result, 42);
        assert.deepEqual(names(t.list(A, 'p')), ['a', 'b']);
      });

      it('sees its own writes before committing', () => {
        store.transaction(() => {
          t.insert(A, 'p', 'x', doc('a'));
          assert.deepEqual(t.get(A, 'p', 'x'), doc('a'));
          assert.deepEqual(names(t.list(A, 'p')), ['a']);
        });
      });

      it('rolls back every write when fn throws, across tables, and rethrows the same error', () => {
        t.insert(A, 'p', 'kept', doc('before'));
        const stages = store.table<Doc>('stages');
        const boom = new Error('boom');
        assert.throws(
          () =>
            store.transaction(() => {
              t.insert(A, 'p', 'x', doc('new'));
              t.update(A, 'p', 'kept', doc('changed'));
              stages.insert(A, 'p', 's', doc('stage'));
              t.delete(A, 'p', 'kept');
              throw boom;
            }),
          (error) => error === boom,
        );
        assert.deepEqual(t.scan(), [{ scope: A, doc: doc('before') }]);
        assert.deepEqual(stages.scan(), []);
      });

      it('a failed duplicate insert inside a transaction rolls back the whole transaction if it escapes', () => {
        t.insert(A, 'p', 'x', doc('first'));
        assert.throws(() =>
          store.transaction(() => {
            t.insert(A, 'p', 'y', doc('second'));
            t.insert(A, 'p', 'x', doc('duplicate'));
          }),
        );
        assert.deepEqual(names(t.list(A, 'p')), ['first']);
      });

      it('nests: an inner transaction that throws rolls back only its own writes when the outer one catches', () => {
        store.transaction(() => {
          t.insert(A, 'p', 'outer', doc('outer'));
          assert.throws(() =>
            store.transaction(() => {
              t.insert(A, 'p', 'inner', doc('inner'));
              throw new Error('inner');
            }),
          );
          store.transaction(() => t.insert(A, 'p', 'inner2', doc('inner2')));
        });
        assert.deepEqual(names(t.list(A, 'p')), ['outer', 'inner2']);
      });

      it('nests: an outer transaction that throws rolls back what inner ones committed', () => {
        assert.throws(() =>
          store.transaction(() => {
            store.transaction(() => t.insert(A, 'p', 'inner', doc('inner')));
            throw new Error('outer');
          }),
        );
        assert.deepEqual(t.list(A, 'p'), []);
      });

      it('refuses a function that returns a promise (fn must be synchronous)', () => {
        assert.throws(() => store.transaction(() => Promise.resolve(1)));
        assert.deepEqual(t.scan(), []);
      });
    });

    describe('revision', () => {
      it('changes on every kind of write and stays put on reads', () => {
        const seen = new Set<number>([store.revision()]);
        const expectMoved = (what: string, write: () => unknown): void => {
          const before = store.revision();
          write();
          assert.notEqual(store.revision(), before, what);
          assert.ok(!seen.has(store.revision()), `${what}: a revision is never reused`);
          seen.add(store.revision());
        };
        expectMoved('insert', () => t.insert(A, 'p', 'x', doc('a')));
        expectMoved('update', () => t.update(A, 'p', 'x', doc('b')));
        expectMoved('insert in another table', () => store.table('stages').insert(A, 'p', 'x', doc('s')));
        expectMoved('delete', () => t.delete(A, 'p', 'x'));
        t.insert(A, 'p', 'y', doc('c'));
        expectMoved('deleteByParent', () => t.deleteByParent(A, 'p'));
        expectMoved('transaction', () => store.transaction(() => t.insert(A, 'p', 'z', doc('d'))));
        expectMoved('reset', () => store.reset());

        const before = store.revision();
        t.get(A, 'p', 'z');
        t.has(A, 'p', 'z');
        t.list(A, 'p');
        t.page(A, 'p', 10, undefined);
        t.locate('p', 'z');
        t.scan();
        t.range(A, 'p', { limit: 10 });
        store.transaction(() => t.list(A, 'p'));
        assert.equal(store.revision(), before, 'reads do not move the revision');
      });

      it('changes on a write that was rolled back', () => {
        const before = store.revision();
        assert.throws(() =>
          store.transaction(() => {
            t.insert(A, 'p', 'x', doc('a'));
            throw new Error('rolled back');
          }),
        );
        assert.notEqual(store.revision(), before);
      });
    });

    describe('reset', () => {
      it('empties every table in every scope; the store stays usable', () => {
        for (const table of TABLES) store.table<Doc>(table).insert(A, 'p', 'x', doc(table));
        t.insert(B, '', 'y', doc('b'));
        store.reset();
        for (const table of TABLES) assert.deepEqual(store.table(table).scan(), [], table);
        t.insert(A, 'p', 'x', doc('after reset'));
        assert.deepEqual(t.get(A, 'p', 'x'), doc('after reset'));
      });

      it('creation order after a reset is the order of the new inserts', () => {
        fill(3);
        store.reset();
        t.insert(A, 'p', 'b', doc('b'));
        t.insert(A, 'p', 'a', doc('a'));
        assert.deepEqual(allPages(1).flat().map((d) => d.name), ['b', 'a']);
      });
    });

    describe('documents round-trip as JSON', () => {
      it('nested objects, arrays, numbers, booleans, null and key order come back as stored', () => {
        const nested = {
          list: [1, 'two', { three: [3, [3.5]] }, null, true, false],
          number: { int: -42, float: 1.5e-7, big: Number.MAX_SAFE_INTEGER, zero: 0 },
          keys: { z: 1, a: 2, m: { y: 1, b: 2 } },
          empty: { object: {}, array: [], string: '' },
        };
        t.insert(A, 'p', 'x', { name: 'nested', nested });
        const got = t.get(A, 'p', 'x')!;
        assert.deepEqual(got, { name: 'nested', nested });
        assert.deepEqual(Object.keys((got.nested as typeof nested).keys), ['z', 'a', 'm']);
      });

      it('what JSON cannot hold is dropped as JSON.stringify drops it', () => {
        t.insert(A, 'p', 'x', { name: 'lossy', n: undefined, nested: { gone: undefined, fn: undefined, list: [undefined] } } as Doc);
        assert.deepEqual(t.get(A, 'p', 'x'), { name: 'lossy', nested: { list: [null] } });
      });

      it('unicode, control characters, quotes and backslashes survive', () => {
        const name = 'naïve café — 中文 — עברית — 🙂👩‍👩‍👧 — \u0000\u0001\t\n\r — "quoted" \\back\\slash\\ — \u2028\u2029 — \ud800';
        t.insert(A, 'p', 'x', { name, nested: { [name]: name } });
        assert.deepEqual(t.get(A, 'p', 'x'), { name: JSON.parse(JSON.stringify(name)), nested: { [name]: JSON.parse(JSON.stringify(name)) } });
        assert.equal(t.list(A, 'p')[0]!.name.length, JSON.parse(JSON.stringify(name)).length);
      });

      it('large documents (a few MB, thousands of keys) come back whole', () => {
        const big = 'x'.repeat(4 * 1024 * 1024);
        const many = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`key${i}`, { i, s: `value ${i}` }]));
        t.insert(A, 'p', 'big', { name: 'big', nested: { big, many } });
        const got = t.get(A, 'p', 'big')!;
        const nested = got.nested as { big: string; many: typeof many };
        assert.equal(nested.big.length, big.length);
        assert.equal(nested.big, big);
        assert.deepEqual(nested.many, many);
      });
    });

    describe('close', () => {
      it('a closed store refuses to work', () => {
        t.insert(A, 'p', 'x', doc('a'));
        store.close();
        assert.throws(() => t.get(A, 'p', 'x'));
        assert.throws(() => t.insert(A, 'p', 'y', doc('b')));
      });
    });

    const reopen = harness.reopen?.bind(harness);
    if (reopen) {
      describe('durability', () => {
        it('what was committed is there after close and reopen, in the same order, scopes and tables', () => {
          fill(3);
          t.insert(B, '', 'api', doc('b'));
          store.table<Doc>('stages').insert(A, 'p', 's', doc('stage'));
          t.update(A, 'p', 'id0', doc('d0 updated'));
          t.delete(A, 'p', 'id1');
          store.close();
          const again = track(reopen(store));
          const t2 = again.table<Doc>('rest_apis');
          assert.deepEqual(names(t2.list(A, 'p')), ['d0 updated', 'd2']);
          assert.deepEqual(t2.locate('', 'api'), { scope: B, doc: doc('b') });
          assert.deepEqual(again.table<Doc>('stages').get(A, 'p', 's'), doc('stage'));
          t2.insert(A, 'p', 'new', doc('new'));
          assert.deepEqual(names(t2.list(A, 'p')), ['d0 updated', 'd2', 'new'], 'new documents still go last');
        });

        it('a cursor handed out before a restart still works after it', () => {
          fill(4);
          const first = t.page(A, 'p', 2, undefined);
          store.close();
          const t2 = track(reopen(store)).table<Doc>('rest_apis');
          assert.deepEqual(names(t2.page(A, 'p', 2, first.next).items), ['d2', 'd3']);
        });

        it('a rolled-back transaction leaves nothing behind after reopen', () => {
          t.insert(A, 'p', 'kept', doc('kept'));
          assert.throws(() =>
            store.transaction(() => {
              t.insert(A, 'p', 'x', doc('rolled back'));
              throw new Error('no');
            }),
          );
          store.close();
          const t2 = track(reopen(store)).table<Doc>('rest_apis');
          assert.deepEqual(names(t2.list(A, 'p')), ['kept']);
        });

        it('reopening several times keeps the data and the store stays writable (migrations do not run again)', () => {
          t.insert(A, 'p', 'x', doc('a'));
          let current = store;
          for (let i = 0; i < 3; i++) {
            current.close();
            current = track(reopen(current));
            current.table<Doc>('rest_apis').insert(A, 'p', `r${i}`, doc(`r${i}`));
          }
          assert.deepEqual(names(current.table<Doc>('rest_apis').list(A, 'p')), ['a', 'r0', 'r1', 'r2']);
        });
      });
    }
  });
}

function closeQuietly(store: Store): void {
  try {
    store.close();
  } catch {
    // already closed
  }
}
