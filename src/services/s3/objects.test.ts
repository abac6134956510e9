/** S3's handlers on an in-memory store: buckets, objects, listings, versions, multipart, access; exact errors. */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { OperationContext } from '../types.js';
import { getBucketEncryption, getPublicAccessBlock, putBucketPolicy, deletePublicAccessBlock, getBucketPolicy } from './bucket-config.js';
import { createBucket, deleteBucket, headBucket } from './buckets.js';
import { listObjectsV2, listObjectVersions } from './listing.js';
import { abortMultipartUpload, completeMultipartUpload, createMultipartUpload, uploadPart } from './multipart.js';
import { copyObject, deleteObject, getObject, headObject, putObject } from './objects.js';
import { putBucketVersioning } from './bucket-config.js';
import { anonymous, body, call, dispose, expectError, expectRejection, read, testContext } from './test-context.js';

const md5 = (s: string | Buffer): string => createHash('md5').update(s).digest('hex');

describe('S3 handlers', () => {
  let ctx: OperationContext;
  beforeEach(() => {
    ctx = testContext();
    call(ctx, createBucket, { Bucket: 'bkt' });
  });
  afterEach(() => dispose(ctx));

  it('CreateBucket: invalid names, another region, names taken', () => {
    expectError(() => call(ctx, createBucket, { Bucket: 'Bad_Name' }), { code: 'InvalidBucketName', status: 400, message: 'The specified bucket is not valid.', body: { BucketName: 'Bad_Name' } });
    expectError(() => call(ctx, createBucket, { Bucket: '192.168.1.1' }), { code: 'InvalidBucketName', status: 400, message: 'The specified bucket is not valid.' });
    // us-east-1: recreating one's own bucket is a no-op.
    assert.deepEqual(call(ctx, createBucket, { Bucket: 'bkt' }), { Location: '/bkt' });
    const west = testContext({ account: '111111111111', region: 'eu-west-1' }, ctx);
    expectError(() => call(west, createBucket, { Bucket: 'west1' }), {
      code: 'IllegalLocationConstraintException',
      status: 400,
      message: 'The unspecified location constraint is incompatible for the region specific endpoint this request was sent to.',
    });
    call(west, createBucket, { Bucket: 'west1', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } });
    expectError(() => call(west, createBucket, { Bucket: 'west1', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }), {
      code: 'BucketAlreadyOwnedByYou',
      status: 409,
      message: 'Your previous request to create the named bucket succeeded and you already own it.',
      body: { BucketName: 'west1' },
    });
    const other = testContext({ account: '222222222222', region: 'us-east-1' }, ctx);
    expectError(() => call(other, createBucket, { Bucket: 'bkt' }), {
      code: 'BucketAlreadyExists',
      status: 409,
      message: 'The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.',
    });
    assert.deepEqual(call(ctx, headBucket, { Bucket: 'west1' }), { BucketRegion: 'eu-west-1', AccessPointAlias: false });
    expectError(() => call(ctx, headBucket, { Bucket: 'nope' }), { code: 'NoSuchBucket', status: 404, message: 'The specified bucket does not exist', body: { BucketName: 'nope' } });
  });

  it('new buckets answer SSE-S3 and a public access block with everything on', () => {
    assert.deepEqual(call(ctx, getBucketEncryption, { Bucket: 'bkt' }), {
      ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: false }] },
    });
    assert.deepEqual(call(ctx, getPublicAccessBlock, { Bucket: 'bkt' }), {
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
    });
    call(ctx, deletePublicAccessBlock, { Bucket: 'bkt' });
    expectError(() => call(ctx, getPublicAccessBlock, { Bucket: 'bkt' }), { code: 'NoSuchPublicAccessBlockConfiguration', status: 404, message: 'The public access block configuration was not found' });
    expectError(() => call(ctx, getBucketPolicy, { Bucket: 'bkt' }), { code: 'NoSuchBucketPolicy', status: 404, message: 'The bucket policy does not exist' });
  });

  it('PutObject then GetObject: body, ETag, default content type, ranges, conditions', async () => {
    const put = await putObject({ Bucket: 'bkt', Key: 'a.txt', Body: body('hello world'), Metadata: { color: 'blue' } }, ctx);
    assert.deepEqual(put, { ETag: `"${md5('hello world')}"`, ServerSideEncryption: 'AES256' });
    const got = await getObject({ Bucket: 'bkt', Key: 'a.txt' }, ctx);
    assert.equal(await read(got['Body']), 'hello world');
    assert.equal(got['ContentType'], 'binary/octet-stream');
    assert.deepEqual(got['Metadata'], { color: 'blue' });
    assert.deepEqual(got['LastModified'], new Date('2024-05-01T12:00:00.000Z'));
    const ranged = await getObject({ Bucket: 'bkt', Key: 'a.txt', Range: 'bytes=6-' }, ctx);
    assert.equal(ranged['ContentRange'], 'bytes 6-10/11');
    assert.equal(ranged['ContentLength'], 5);
    assert.equal(await read(ranged['Body']), 'world');
    assert.equal(await read((await getObject({ Bucket: 'bkt', Key: 'a.txt', Range: 'bytes=-3' }, ctx))['Body']), 'rld');
    await expectRejection(getObject({ Bucket: 'bkt', Key: 'a.txt', Range: 'bytes=20-' }, ctx), {
      code: 'InvalidRange',
      status: 416,
      message: 'The requested range is not satisfiable',
      body: { RangeRequested: 'bytes=20-', ActualObjectSize: 11 },
    });
    await expectRejection(getObject({ Bucket: 'bkt', Key: 'a.txt', IfMatch: '"nope"' }, ctx), {
      code: 'PreconditionFailed',
      status: 412,
      message: 'At least one of the pre-conditions you specified did not hold',
      body: { Condition: 'If-Match' },
    });
    await expectRejection(getObject({ Bucket: 'bkt', Key: 'a.txt', IfNoneMatch: put.ETag }, ctx), { code: 'NotModified', status: 304, message: 'Not Modified' });
    await expectRejection(getObject({ Bucket: 'bkt', Key: 'missing' }, ctx), { code: 'NoSuchKey', status: 404, message: 'The specified key does not exist.', body: { Key: 'missing' } });
  });

  it('checksums: a wrong Content-MD5 or x-amz-checksum is BadDigest and stores nothing; a right one is answered with ChecksumMode', async () => {
    await expectRejection(putObject({ Bucket: 'bkt', Key: 'k', Body: body('data'), ContentMD5: Buffer.from(md5('other'), 'hex').toString('base64') }, ctx), {
      code: 'BadDigest',
      status: 400,
      message: 'The Content-MD5 you specified did not match what we received.',
    });
    await expectRejection(putObject({ Bucket: 'bkt', Key: 'k', Body: body('data'), ChecksumCRC32: 'AAAAAA==' }, ctx), {
      code: 'BadDigest',
      status: 400,
      message: 'The CRC32 you specified did not match the calculated checksum.',
    });
    await expectRejection(putObject({ Bucket: 'bkt', Key: 'k', Body: body('data'), ContentMD5: 'nope' }, ctx), { code: 'InvalidDigest', status: 400, message: 'The Content-MD5 you specified was invalid.' });
    await expectRejection(getObject({ Bucket: 'bkt', Key: 'k' }, ctx), { code: 'NoSuchKey', status: 404, message: 'The specified key does not exist.' });
    // A trailing checksum (aws-chunked) is compared once the stream ended.
    const put = await putObject({ Bucket: 'bkt', Key: 'k', Body: body('hello', { 'x-amz-checksum-crc32': 'NhCmhg==' }), ChecksumAlgorithm: 'CRC32' }, ctx);
    assert.equal(put['ChecksumCRC32'], 'NhCmhg==');
    assert.equal((await headObject({ Bucket: 'bkt', Key: 'k', ChecksumMode: 'ENABLED' }, ctx) as Record<string, unknown>)['ChecksumCRC32'], 'NhCmhg==');
    assert.equal((headObject({ Bucket: 'bkt', Key: 'k' }, ctx) as Record<string, unknown>)['ChecksumCRC32'], undefined);
  });

  it('ListObjectsV2: byte order, prefix, delimiter, pages', async () => {
    for (const key of ['b', 'a/2', 'a/1', 'c/x/y', 'a0']) await putObject({ Bucket: 'bkt', Key: key, Body: body(key) }, ctx);
    const all = call(ctx, listObjectsV2, { Bucket: 'bkt' });
    assert.deepEqual((all['Contents'] as Array<{ Key: string }>).map((c) => c.Key), ['a/1', 'a/2', 'a0', 'b', 'c/x/y']);
    const rolled = call(ctx, listObjectsV2, { Bucket: 'bkt', Delimiter: '/' });
    assert.deepEqual((rolled['Contents'] as Array<{ Key: string }>).map((c) => c.Key), ['a0', 'b']);
    assert.deepEqual(rolled['CommonPrefixes'], [{ Prefix: 'a/' }, { Prefix: 'c/' }]);
    assert.equal(rolled['KeyCount'], 4);
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = call(ctx, listObjectsV2, { Bucket: 'bkt', Delimiter: '/', MaxKeys: 1, ...(token ? { ContinuationToken: token } : {}) });
      keys.push(...((page['Contents'] as Array<{ Key: string }> | undefined) ?? []).map((c) => c.Key), ...((page['CommonPrefixes'] as Array<{ Prefix: string }> | undefined) ?? []).map((p) => p.Prefix));
      token = page['NextContinuationToken'] as string | undefined;
    } while (token);
    assert.deepEqual(keys, ['a/', 'a0', 'b', 'c/']);
    assert.deepEqual((call(ctx, listObjectsV2, { Bucket: 'bkt', Prefix: 'a/', StartAfter: 'a/1' })['Contents'] as Array<{ Key: string }>).map((c) => c.Key), ['a/2']);
  });

  it('versioning: versions, delete markers, reading an old version', async () => {
    call(ctx, putBucketVersioning, { Bucket: 'bkt', VersioningConfiguration: { Status: 'Enabled' } });
    const v1 = await putObject({ Bucket: 'bkt', Key: 'k', Body: body('one') }, ctx);
    const v2 = await putObject({ Bucket: 'bkt', Key: 'k', Body: body('two') }, ctx);
    assert.notEqual(v1['VersionId'], v2['VersionId']);
    const del = await deleteObject({ Bucket: 'bkt', Key: 'k' }, ctx);
    assert.equal(del.DeleteMarker, true);
    await expectRejection(getObject({ Bucket: 'bkt', Key: 'k' }, ctx), { code: 'NoSuchKey', status: 404, message: 'The specified key does not exist.' });
    assert.equal(await read((await getObject({ Bucket: 'bkt', Key: 'k', VersionId: v1['VersionId'] as string }, ctx))['Body']), 'one');
    const listed = call(ctx, listObjectVersions, { Bucket: 'bkt' });
    assert.deepEqual((listed['Versions'] as Array<{ VersionId: string; IsLatest: boolean }>).map((v) => [v.VersionId, v.IsLatest]), [[v2['VersionId'], false], [v1['VersionId'], false]]);
    assert.deepEqual((listed['DeleteMarkers'] as Array<{ VersionId: string; IsLatest: boolean }>).map((v) => [v.VersionId, v.IsLatest]), [[del.VersionId, true]]);
    await deleteObject({ Bucket: 'bkt', Key: 'k', VersionId: del.VersionId! }, ctx);
    assert.equal(await read((await getObject({ Bucket: 'bkt', Key: 'k' }, ctx))['Body']), 'two');
    await expectRejection(deleteBucket({ Bucket: 'bkt' }, ctx), { code: 'BucketNotEmpty', status: 409, message: 'The bucket you tried to delete is not empty', body: { BucketName: 'bkt' } });
  });

  it('CopyObject: COPY keeps metadata, copying onto itself unchanged is refused', async () => {
    await putObject({ Bucket: 'bkt', Key: 'src', Body: body('copy me'), ContentType: 'text/plain', Metadata: { a: '1' } }, ctx);
    const copied = await copyObject({ Bucket: 'bkt', Key: 'dst', CopySource: 'bkt/src' }, ctx);
    assert.equal((copied.CopyObjectResult as { ETag: string }).ETag, `"${md5('copy me')}"`);
    const got = await getObject({ Bucket: 'bkt', Key: 'dst' }, ctx);
    assert.deepEqual([got['ContentType'], got['Metadata'], await read(got['Body'])], ['text/plain', { a: '1' }, 'copy me']);
    await expectRejection(copyObject({ Bucket: 'bkt', Key: 'src', CopySource: '/bkt/src' }, ctx), {
      code: 'InvalidRequest',
      status: 400,
      message:
        "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.",
    });
  });

  it('multipart: parts in order, small parts refused, missing part, ETag of ETags', async () => {
    const { UploadId } = call(ctx, createMultipartUpload, { Bucket: 'bkt', Key: 'big' });
    const big = Buffer.alloc(5 * 1024 * 1024, 'a');
    const p1 = await uploadPart({ Bucket: 'bkt', Key: 'big', UploadId, PartNumber: 1, Body: body(big) }, ctx);
    const p2 = await uploadPart({ Bucket: 'bkt', Key: 'big', UploadId, PartNumber: 2, Body: body('tail') }, ctx);
    await expectRejection(completeMultipartUpload({ Bucket: 'bkt', Key: 'big', UploadId, MultipartUpload: { Parts: [{ PartNumber: 2, ETag: p2.ETag }, { PartNumber: 1, ETag: p1.ETag }] } }, ctx), {
      code: 'InvalidPartOrder',
      status: 400,
      message: 'The list of parts was not in ascending order. Parts must be ordered by part number.',
    });
    await expectRejection(completeMultipartUpload({ Bucket: 'bkt', Key: 'big', UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: p1.ETag }, { PartNumber: 3, ETag: p2.ETag }] } }, ctx), {
      code: 'InvalidPart',
      status: 400,
      message: "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.",
    });
    await expectRejection(completeMultipartUpload({ Bucket: 'bkt', Key: 'big', UploadId, MultipartUpload: { Parts: [{ PartNumber: 2, ETag: p2.ETag }, { PartNumber: 3, ETag: p2.ETag }] } }, ctx), {
      code: 'InvalidPart',
      status: 400,
      message: "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.",
    });
    const small = call(ctx, createMultipartUpload, { Bucket: 'bkt', Key: 'small' });
    const s1 = await uploadPart({ Bucket: 'bkt', Key: 'small', UploadId: small.UploadId, PartNumber: 1, Body: body('x') }, ctx);
    const s2 = await uploadPart({ Bucket: 'bkt', Key: 'small', UploadId: small.UploadId, PartNumber: 2, Body: body('y') }, ctx);
    await expectRejection(completeMultipartUpload({ Bucket: 'bkt', Key: 'small', UploadId: small.UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: s1.ETag }, { PartNumber: 2, ETag: s2.ETag }] } }, ctx), {
      code: 'EntityTooSmall',
      status: 400,
      message: 'Your proposed upload is smaller than the minimum allowed object size.',
    });
    await abortMultipartUpload({ Bucket: 'bkt', Key: 'small', UploadId: small.UploadId }, ctx);
    await expectRejection(abortMultipartUpload({ Bucket: 'bkt', Key: 'small', UploadId: small.UploadId }, ctx), {
      code: 'NoSuchUpload',
      status: 404,
      message: 'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.',
    });
    const done = await completeMultipartUpload({ Bucket: 'bkt', Key: 'big', UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: p1.ETag }, { PartNumber: 2, ETag: p2.ETag }] } }, ctx);
    const etags = Buffer.concat([Buffer.from(md5(big), 'hex'), Buffer.from(md5('tail'), 'hex')]);
    assert.equal(done.ETag, `"${md5(etags)}-2"`);
    const got = await getObject({ Bucket: 'bkt', Key: 'big', PartNumber: 2 }, ctx);
    assert.deepEqual([got['ContentRange'], got['PartsCount'], await read(got['Body'])], [`bytes ${big.length}-${big.length + 3}/${big.length + 4}`, 2, 'tail']);
  });

  it('access: anonymous and other accounts need the bucket policy (and public access allowed)', async () => {
    await putObject({ Bucket: 'bkt', Key: 'pub/x', Body: body('public') }, ctx);
    const anon = anonymous(ctx);
    const denied = { code: 'AccessDenied', status: 403, message: 'Access Denied' };
    await expectRejection(getObject({ Bucket: 'bkt', Key: 'pub/x' }, anon), denied);
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bkt/pub/*' }] });
    expectError(() => call(ctx, putBucketPolicy, { Bucket: 'bkt', Policy: policy }), {
      code: 'AccessDenied',
      status: 403,
      message: 'User: arn:aws:iam::111111111111:root is not authorized to perform: s3:PutBucketPolicy on resource: "arn:aws:s3:::bkt" because public policies are blocked by the BlockPublicPolicy block public access setting.',
    });
    expectError(() => call(ctx, putBucketPolicy, { Bucket: 'bkt', Policy: 'nope' }), { code: 'MalformedPolicy', status: 400, message: "Policies must be valid JSON and the first byte must be '{'" });
    call(ctx, deletePublicAccessBlock, { Bucket: 'bkt' });
    call(ctx, putBucketPolicy, { Bucket: 'bkt', Policy: policy });
    assert.equal(await read((await getObject({ Bucket: 'bkt', Key: 'pub/x' }, anon))['Body']), 'public');
    await expectRejection(putObject({ Bucket: 'bkt', Key: 'pub/y', Body: body('no') }, anon), denied);
    const other = testContext({ account: '222222222222', region: 'us-east-1' }, ctx);
    expectError(() => call(other, listObjectsV2, { Bucket: 'bkt' }), denied);
  });
});
