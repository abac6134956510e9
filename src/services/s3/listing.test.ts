/** Delimiter listings read few rows past each rolled-up prefix: 200 prefixes of 50 keys each, counted. */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { DocumentTable, Store } from '../../store/store.js';
import type { OperationContext } from '../types.js';
import { createBucket } from './buckets.js';
import { listObjectsV2, listObjectVersions } from './listing.js';
import type { VersionRecord } from './records.js';
import { addVersion, tables } from './state.js';
import { call, dispose, SCOPE, testContext } from './test-context.js';

const PREFIXES = 200;
const KEYS = 50;
const prefixName = (i: number) => `p${String(i).padStart(3, '0')}/`;

/** The context with a store that counts the rows `range` hands back. */
function counting(ctx: OperationContext): { ctx: OperationContext; rows: () => number } {
  let rows = 0;
  const store: Store = new Proxy(ctx.store, {
    get(target, name, receiver) {
      if (name !== 'table') return Reflect.get(target, name, receiver) as unknown;
      return <T>(table: Parameters<Store['table']>[0]): DocumentTable<T> => {
        const inner = target.table<T>(table);
        return new Proxy(inner, {
          get(t, n, r) {
            if (n !== 'range') return Reflect.get(t, n, r) as unknown;
            return (...args: Parameters<DocumentTable<T>['range']>) => {
              const out = t.range(...args);
              rows += out.length;
              return out;
            };
          },
        });
      };
    },
  });
  return { ctx: { ...ctx, store }, rows: () => rows };
}

describe('delimiter listings', () => {
  let ctx: OperationContext;
  beforeEach(() => {
    ctx = testContext();
    call(ctx, createBucket, { Bucket: 'bkt' });
    const t = tables(ctx);
    ctx.store.transaction(() => {
      const found = { scope: SCOPE, bucket: t.buckets.get(SCOPE, '', 'bkt')! };
      for (let i = 0; i < PREFIXES; i++) {
        for (let k = 0; k < KEYS; k++) {
          const record: Omit<VersionRecord, 'VersionId' | 'seq'> = { Key: `${prefixName(i)}${k}`, LastModified: '2024-05-01T12:00:00.000Z', Size: 0, ETag: '"d41d8cd98f00b204e9800998ecf8427e"' };
          addVersion(t, found, record);
        }
      }
      addVersion(t, found, { Key: 'top', LastModified: '2024-05-01T12:00:00.000Z', Size: 0, ETag: '"d41d8cd98f00b204e9800998ecf8427e"' });
    });
  });
  afterEach(() => dispose(ctx));

  it('ListObjectsV2: 200 CommonPrefixes of 50 keys each, a few rows read per prefix; pages', () => {
    const c = counting(ctx);
    const all = call(c.ctx, listObjectsV2, { Bucket: 'bkt', Delimiter: '/' });
    assert.deepEqual(all['CommonPrefixes'], Array.from({ length: PREFIXES }, (_, i) => ({ Prefix: prefixName(i) })));
    assert.deepEqual((all['Contents'] as Array<{ Key: string }>).map((x) => x.Key), ['top']);
    assert.equal(all['KeyCount'], PREFIXES + 1);
    assert.equal(all['IsTruncated'], false);
    assert.ok(c.rows() <= (PREFIXES + 1) * 8 + 1001, `read ${c.rows()} rows`);
    const first = call(ctx, listObjectsV2, { Bucket: 'bkt', Delimiter: '/', MaxKeys: 150 });
    assert.equal((first['CommonPrefixes'] as unknown[]).length, 150);
    assert.equal(first['IsTruncated'], true);
    const second = call(ctx, listObjectsV2, { Bucket: 'bkt', Delimiter: '/', MaxKeys: 150, ContinuationToken: first['NextContinuationToken'] as string });
    assert.deepEqual(second['CommonPrefixes'], Array.from({ length: 50 }, (_, i) => ({ Prefix: prefixName(150 + i) })));
    assert.deepEqual((second['Contents'] as Array<{ Key: string }>).map((x) => x.Key), ['top']);
    assert.equal(second['IsTruncated'], false);
  });

  it('ListObjectVersions: the same, a few rows per prefix', () => {
    const c = counting(ctx);
    const all = call(c.ctx, listObjectVersions, { Bucket: 'bkt', Delimiter: '/' });
    assert.equal((all['CommonPrefixes'] as unknown[]).length, PREFIXES);
    assert.deepEqual((all['Versions'] as Array<{ Key: string; IsLatest: boolean }>).map((x) => [x.Key, x.IsLatest]), [['top', true]]);
    assert.ok(c.rows() <= (PREFIXES + 1) * 8 + 1001, `read ${c.rows()} rows`);
  });
});
