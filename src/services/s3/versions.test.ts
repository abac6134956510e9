/** Version rows of keys holding NUL: no key sees another's versions; listings keep UTF-8 byte order. */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { OperationContext } from '../types.js';
import { putBucketVersioning } from './bucket-config.js';
import { createBucket } from './buckets.js';
import { listObjectsV2, listObjectVersions } from './listing.js';
import { deleteObject, getObject, putObject } from './objects.js';
import { body, call, dispose, expectRejection, read, testContext } from './test-context.js';

const noSuchKey = (key: string) => ({ code: 'NoSuchKey', status: 404, message: 'The specified key does not exist.', body: { Key: key } });

describe('keys with NUL', () => {
  let ctx: OperationContext;
  beforeEach(() => {
    ctx = testContext();
    call(ctx, createBucket, { Bucket: 'bkt' });
  });
  afterEach(() => dispose(ctx));

  it('deleting x leaves x\\0b alone and x answers NoSuchKey, before and after x\\0b goes', async () => {
    await putObject({ Bucket: 'bkt', Key: 'x', Body: body('AAA') }, ctx);
    await putObject({ Bucket: 'bkt', Key: 'x\u0000b', Body: body('NULKEY') }, ctx);
    await deleteObject({ Bucket: 'bkt', Key: 'x' }, ctx);
    await expectRejection(getObject({ Bucket: 'bkt', Key: 'x' }, ctx), noSuchKey('x'));
    assert.equal(await read((await getObject({ Bucket: 'bkt', Key: 'x\u0000b' }, ctx))['Body']), 'NULKEY');
    await deleteObject({ Bucket: 'bkt', Key: 'x\u0000b' }, ctx);
    await expectRejection(getObject({ Bucket: 'bkt', Key: 'x' }, ctx), noSuchKey('x'));
    await expectRejection(getObject({ Bucket: 'bkt', Key: 'x\u0000b' }, ctx), noSuchKey('x\u0000b'));
  });

  it('versioned: each key keeps its own versions; listings in byte order with IsLatest and version-id-marker', async () => {
    call(ctx, putBucketVersioning, { Bucket: 'bkt', VersioningConfiguration: { Status: 'Enabled' } });
    // 'x\u00000…' would interleave with x's rows if keys were written as they are before NUL and a digit.
    const keys = ['x', 'x\u0000', 'x\u00000000', 'x\u0000b', 'x\u0001', 'x\u00ff'];
    const ids = new Map<string, string[]>();
    for (const round of [1, 2]) {
      for (const key of [...keys].reverse()) {
        const put = await putObject({ Bucket: 'bkt', Key: key, Body: body(`${key}#${round}`) }, ctx);
        ids.set(key, [put['VersionId'] as string, ...(ids.get(key) ?? [])]);
      }
    }
    for (const key of keys) assert.equal(await read((await getObject({ Bucket: 'bkt', Key: key }, ctx))['Body']), `${key}#2`);
    await deleteObject({ Bucket: 'bkt', Key: 'x' }, ctx);
    await expectRejection(getObject({ Bucket: 'bkt', Key: 'x' }, ctx), noSuchKey('x'));
    assert.equal(await read((await getObject({ Bucket: 'bkt', Key: 'x\u0000' }, ctx))['Body']), 'x\u0000#2');
    assert.deepEqual((call(ctx, listObjectsV2, { Bucket: 'bkt' })['Contents'] as Array<{ Key: string }>).map((c) => c.Key), keys.slice(1));
    const listed = call(ctx, listObjectVersions, { Bucket: 'bkt' });
    const versions = (listed['Versions'] as Array<{ Key: string; VersionId: string; IsLatest: boolean }>).map((v) => [v.Key, v.VersionId, v.IsLatest]);
    assert.deepEqual(versions, keys.flatMap((k) => ids.get(k)!.map((id, i) => [k, id, k !== 'x' && i === 0])));
    assert.deepEqual((listed['DeleteMarkers'] as Array<{ Key: string; IsLatest: boolean }>).map((v) => [v.Key, v.IsLatest]), [['x', true]]);
    // A page that ends inside x\0's versions goes on with its older version, then the next keys.
    const page = call(ctx, listObjectVersions, { Bucket: 'bkt', KeyMarker: 'x\u0000', VersionIdMarker: ids.get('x\u0000')![0]!, MaxKeys: 2 });
    assert.deepEqual((page['Versions'] as Array<{ Key: string; VersionId: string }>).map((v) => [v.Key, v.VersionId]), [['x\u0000', ids.get('x\u0000')![1]], ['x\u00000000', ids.get('x\u00000000')![0]]]);
    const next = call(ctx, listObjectVersions, { Bucket: 'bkt', KeyMarker: 'x\u0000' });
    assert.deepEqual((next['Versions'] as Array<{ Key: string }>).map((v) => v.Key), ['x\u00000000', 'x\u00000000', 'x\u0000b', 'x\u0000b', 'x\u0001', 'x\u0001', 'x\u00ff', 'x\u00ff']);
    const rolled = call(ctx, listObjectVersions, { Bucket: 'bkt', Delimiter: '\u0000' });
    assert.deepEqual(rolled['CommonPrefixes'], [{ Prefix: 'x\u0000' }]);
    assert.deepEqual((rolled['Versions'] as Array<{ Key: string }>).map((v) => v.Key), ['x', 'x', 'x\u0001', 'x\u0001', 'x\u00ff', 'x\u00ff']);
    const under = call(ctx, listObjectVersions, { Bucket: 'bkt', Prefix: 'x\u0000' });
    assert.deepEqual([...new Set((under['Versions'] as Array<{ Key: string }>).map((v) => v.Key))], ['x\u0000', 'x\u00000000', 'x\u0000b']);
  });
});
