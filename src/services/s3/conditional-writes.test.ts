/** Conditional writes: If-None-Match: * and If-Match on PutObject and CompleteMultipartUpload, S3's answers. */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { OperationContext } from '../types.js';
import { createBucket } from './buckets.js';
import { completeMultipartUpload, createMultipartUpload, listMultipartUploads, uploadPart } from './multipart.js';
import { getObject, putObject } from './objects.js';
import { body, call, dispose, expectRejection, read, testContext } from './test-context.js';

const failed = (condition: string) => ({
  code: 'PreconditionFailed',
  status: 412,
  message: 'At least one of the pre-conditions you specified did not hold',
  body: { Condition: condition },
});
const noSuchKey = (key: string) => ({ code: 'NoSuchKey', status: 404, message: 'The specified key does not exist.', body: { Key: key } });
/** IfMatch is a model supplement on these inputs (absent from the v2 model). */
const ifMatch = (etag: string) => ({ IfMatch: etag }) as object;

describe('conditional writes', () => {
  let ctx: OperationContext;
  beforeEach(() => {
    ctx = testContext();
    call(ctx, createBucket, { Bucket: 'bkt' });
  });
  afterEach(() => dispose(ctx));

  async function upload(key: string, text: string) {
    const { UploadId } = call(ctx, createMultipartUpload, { Bucket: 'bkt', Key: key });
    const part = await uploadPart({ Bucket: 'bkt', Key: key, UploadId, PartNumber: 1, Body: body(text) }, ctx);
    return { UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] } };
  }
  const uploadsOf = () => ((call(ctx, listMultipartUploads, { Bucket: 'bkt' })['Uploads'] as Array<{ UploadId: string }> | undefined) ?? []).map((u) => u.UploadId);

  it('CompleteMultipartUpload with If-None-Match: * on an existing key: 412, the upload stays and completes later', async () => {
    await putObject({ Bucket: 'bkt', Key: 'k', Body: body('old') }, ctx);
    const up = await upload('k', 'new');
    await expectRejection(completeMultipartUpload({ Bucket: 'bkt', Key: 'k', ...up, IfNoneMatch: '*' }, ctx), failed('If-None-Match'));
    assert.deepEqual(uploadsOf(), [up.UploadId]);
    assert.equal(await read((await getObject({ Bucket: 'bkt', Key: 'k' }, ctx))['Body']), 'old');
    await completeMultipartUpload({ Bucket: 'bkt', Key: 'k', ...up }, ctx);
    assert.equal(await read((await getObject({ Bucket: 'bkt', Key: 'k' }, ctx))['Body']), 'new');
    const fresh = await upload('fresh', 'first');
    await completeMultipartUpload({ Bucket: 'bkt', Key: 'fresh', ...fresh, IfNoneMatch: '*' }, ctx);
    assert.equal(await read((await getObject({ Bucket: 'bkt', Key: 'fresh' }, ctx))['Body']), 'first');
  });

  it('CompleteMultipartUpload with If-Match: 404 NoSuchKey without an object, 412 on another ETag, completes on the right one', async () => {
    const up = await upload('k', 'new');
    await expectRejection(completeMultipartUpload({ Bucket: 'bkt', Key: 'k', ...up, ...ifMatch('"0123"') }, ctx), noSuchKey('k'));
    const put = await putObject({ Bucket: 'bkt', Key: 'k', Body: body('old') }, ctx);
    await expectRejection(completeMultipartUpload({ Bucket: 'bkt', Key: 'k', ...up, ...ifMatch('"0123"') }, ctx), failed('If-Match'));
    assert.deepEqual(uploadsOf(), [up.UploadId]);
    await completeMultipartUpload({ Bucket: 'bkt', Key: 'k', ...up, ...ifMatch(put.ETag as string) }, ctx);
    assert.equal(await read((await getObject({ Bucket: 'bkt', Key: 'k' }, ctx))['Body']), 'new');
    assert.deepEqual(uploadsOf(), []);
  });

  it('PutObject with If-Match: 404 NoSuchKey without an object, 412 on another ETag, writes on the right one', async () => {
    await expectRejection(putObject({ Bucket: 'bkt', Key: 'k', Body: body('x'), ...ifMatch('"abc"') }, ctx), noSuchKey('k'));
    const put = await putObject({ Bucket: 'bkt', Key: 'k', Body: body('one') }, ctx);
    await expectRejection(putObject({ Bucket: 'bkt', Key: 'k', Body: body('two'), ...ifMatch('"abc"') }, ctx), failed('If-Match'));
    assert.equal(await read((await getObject({ Bucket: 'bkt', Key: 'k' }, ctx))['Body']), 'one');
    await putObject({ Bucket: 'bkt', Key: 'k', Body: body('two'), ...ifMatch(put.ETag as string) }, ctx);
    assert.equal(await read((await getObject({ Bucket: 'bkt', Key: 'k' }, ctx))['Body']), 'two');
    await expectRejection(putObject({ Bucket: 'bkt', Key: 'k', Body: body('three'), IfNoneMatch: '*' }, ctx), failed('If-None-Match'));
  });
});
