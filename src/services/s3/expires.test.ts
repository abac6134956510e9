/** The Expires header: kept as given and answered as given, whether or not it is a date (never a 500). */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { OperationContext } from '../types.js';
import { createBucket } from './buckets.js';
import { completeMultipartUpload, createMultipartUpload, uploadPart } from './multipart.js';
import { copyObject, getObject, headObject, putObject } from './objects.js';
import { body, call, dispose, testContext } from './test-context.js';

const expiresOf = (out: Record<string, unknown>): unknown => out['Expires'];

describe('Expires', () => {
  let ctx: OperationContext;
  beforeEach(() => {
    ctx = testContext();
    call(ctx, createBucket, { Bucket: 'bkt' });
  });
  afterEach(() => dispose(ctx));

  it('PutObject: a text that is not a date is stored and answered as given; a date the wire parsed as an HTTP date', async () => {
    // The model types Expires as a timestamp; the wire hands over the header's text.
    await putObject({ Bucket: 'bkt', Key: 'text', Body: body('x'), Expires: 'in five days' as unknown as Date }, ctx);
    assert.equal(expiresOf(headObject({ Bucket: 'bkt', Key: 'text' }, ctx)), 'in five days');
    assert.equal(expiresOf(await getObject({ Bucket: 'bkt', Key: 'text' }, ctx)), 'in five days');
    await putObject({ Bucket: 'bkt', Key: 'zero', Body: body('x'), Expires: '0' as unknown as Date }, ctx);
    assert.equal(expiresOf(headObject({ Bucket: 'bkt', Key: 'zero' }, ctx)), '0');
    await putObject({ Bucket: 'bkt', Key: 'date', Body: body('x'), Expires: new Date('2030-01-02T03:04:05Z') }, ctx);
    assert.equal(expiresOf(headObject({ Bucket: 'bkt', Key: 'date' }, ctx)), 'Wed, 02 Jan 2030 03:04:05 GMT');
    // A Date the wire could not parse: the write succeeds, without Expires.
    await putObject({ Bucket: 'bkt', Key: 'invalid', Body: body('x'), Expires: new Date('nope') }, ctx);
    assert.equal(expiresOf(headObject({ Bucket: 'bkt', Key: 'invalid' }, ctx)), undefined);
  });

  it('CreateMultipartUpload and CopyObject (REPLACE and COPY) keep the text as given', async () => {
    const { UploadId } = call(ctx, createMultipartUpload, { Bucket: 'bkt', Key: 'mp', Expires: 'never' as unknown as Date });
    const part = await uploadPart({ Bucket: 'bkt', Key: 'mp', UploadId, PartNumber: 1, Body: body('data') }, ctx);
    await completeMultipartUpload({ Bucket: 'bkt', Key: 'mp', UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] } }, ctx);
    assert.equal(expiresOf(headObject({ Bucket: 'bkt', Key: 'mp' }, ctx)), 'never');
    await copyObject({ Bucket: 'bkt', Key: 'copied', CopySource: 'bkt/mp' }, ctx);
    assert.equal(expiresOf(headObject({ Bucket: 'bkt', Key: 'copied' }, ctx)), 'never');
    await copyObject({ Bucket: 'bkt', Key: 'replaced', CopySource: 'bkt/mp', MetadataDirective: 'REPLACE', Expires: 'tomorrow-ish' as unknown as Date }, ctx);
    assert.equal(expiresOf(headObject({ Bucket: 'bkt', Key: 'replaced' }, ctx)), 'tomorrow-ish');
    const overridden = await getObject({ Bucket: 'bkt', Key: 'mp', ResponseExpires: 'whenever' as unknown as Date }, ctx);
    assert.equal(expiresOf(overridden), 'whenever');
  });
});
