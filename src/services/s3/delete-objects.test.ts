/** DeleteObjects authorizes each key as DeleteObject (DeleteObjectVersion) would, needing no s3:ListBucket. */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { OperationContext } from '../types.js';
import { putBucketPolicy } from './bucket-config.js';
import { createBucket } from './buckets.js';
import { listObjectsV2 } from './listing.js';
import { deleteObjects, putObject } from './objects.js';
import { body, call, dispose, expectError, expectRejection, testContext } from './test-context.js';

const OTHER = '222222222222';
const keysOf = (ctx: OperationContext) => ((call(ctx, listObjectsV2, { Bucket: 'bkt' })['Contents'] as Array<{ Key: string }> | undefined) ?? []).map((c) => c.Key);

describe('DeleteObjects', () => {
  let ctx: OperationContext;
  let other: OperationContext;
  beforeEach(async () => {
    ctx = testContext();
    other = testContext({ account: OTHER, region: 'us-east-1' }, ctx);
    call(ctx, createBucket, { Bucket: 'bkt' });
    for (const key of ['pub/a', 'pub/b', 'priv/c']) await putObject({ Bucket: 'bkt', Key: key, Body: body(key) }, ctx);
  });
  afterEach(() => dispose(ctx));

  it('a caller allowed s3:DeleteObject on some keys only (no s3:ListBucket): those deleted, the rest AccessDenied entries', async () => {
    const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: OTHER }, Action: 's3:DeleteObject', Resource: 'arn:aws:s3:::bkt/pub/*' }] };
    call(ctx, putBucketPolicy, { Bucket: 'bkt', Policy: JSON.stringify(policy) });
    expectError(() => call(other, listObjectsV2, { Bucket: 'bkt' }), { code: 'AccessDenied', status: 403, message: 'Access Denied' });
    const out = await deleteObjects({ Bucket: 'bkt', Delete: { Objects: [{ Key: 'pub/a' }, { Key: 'priv/c' }, { Key: 'pub/b' }, { Key: 'pub/gone' }] } }, other);
    assert.deepEqual(out, {
      Deleted: [{ Key: 'pub/a' }, { Key: 'pub/b' }, { Key: 'pub/gone' }],
      Errors: [{ Key: 'priv/c', Code: 'AccessDenied', Message: 'Access Denied' }],
    });
    assert.deepEqual(keysOf(ctx), ['priv/c']);
  });

  it('a caller with no right at all gets an AccessDenied entry per key (with its version id) and deletes nothing', async () => {
    const out = await deleteObjects({ Bucket: 'bkt', Delete: { Objects: [{ Key: 'pub/a' }, { Key: 'priv/c', VersionId: 'null' }], Quiet: true } }, other);
    assert.deepEqual(out, {
      Errors: [
        { Key: 'pub/a', Code: 'AccessDenied', Message: 'Access Denied' },
        { Key: 'priv/c', VersionId: 'null', Code: 'AccessDenied', Message: 'Access Denied' },
      ],
    });
    assert.deepEqual(keysOf(ctx), ['priv/c', 'pub/a', 'pub/b']);
    await expectRejection(deleteObjects({ Bucket: 'nope', Delete: { Objects: [{ Key: 'a' }] } }, other), {
      code: 'NoSuchBucket',
      status: 404,
      message: 'The specified bucket does not exist',
      body: { BucketName: 'nope' },
    });
  });
});
