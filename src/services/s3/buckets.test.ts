/** S3's bucket operations and configuration, ListObjects v1, DeleteObjects, tags and the null version, on an in-memory store. */
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { OperationContext } from '../types.js';
import * as config from './bucket-config.js';
import { createBucket, deleteBucket, getBucketLocation, listBuckets } from './buckets.js';
import { listObjects, listObjectVersions } from './listing.js';
import { createMultipartUpload, listMultipartUploads, listParts, uploadPart } from './multipart.js';
import { deleteObjects, getObject, getObjectTagging, putObject, putObjectTagging } from './objects.js';
import { runOperation } from '../operation-runner.js';
import * as defaults from './bucket-defaults.js';
import { s3 } from './index.js';
import { canonicalId } from './state.js';
import { body, call, dispose, expectError, expectRejection, read, testContext } from './test-context.js';

describe('S3 buckets and configuration', () => {
  let ctx: OperationContext;
  beforeEach(() => {
    ctx = testContext();
    call(ctx, createBucket, { Bucket: 'bkt' });
  });
  afterEach(() => dispose(ctx));

  it('ListBuckets lists the account\'s buckets by name with the owner; GetBucketLocation', () => {
    const west = testContext({ account: '111111111111', region: 'eu-west-1' }, ctx);
    call(west, createBucket, { Bucket: 'alpha', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } });
    call(testContext({ account: '222222222222', region: 'us-east-1' }, ctx), createBucket, { Bucket: 'theirs' });
    const listed = call(ctx, listBuckets, {});
    assert.deepEqual(listed, {
      Buckets: [
        { Name: 'alpha', CreationDate: new Date('2024-05-01T12:00:00.000Z'), BucketRegion: 'eu-west-1' },
        { Name: 'bkt', CreationDate: new Date('2024-05-01T12:00:00.000Z'), BucketRegion: 'us-east-1' },
      ],
      Owner: { ID: canonicalId('111111111111') },
    });
    assert.match(canonicalId('111111111111'), /^[0-9a-f]{64}$/);
    assert.deepEqual(call(ctx, getBucketLocation, { Bucket: 'alpha' }), { LocationConstraint: 'eu-west-1' });
    assert.deepEqual(call(ctx, getBucketLocation, { Bucket: 'bkt' }), {});
    expectError(() => call(ctx, createBucket, { Bucket: 'x-us', CreateBucketConfiguration: { LocationConstraint: 'us-east-1' } }), {
      code: 'InvalidLocationConstraint',
      status: 400,
      message: 'The specified location-constraint is not valid',
    });
  });

  it('configuration is stored and answered; absent ones are S3\'s 404s', () => {
    const b = { Bucket: 'bkt' };
    expectError(() => call(ctx, config.getBucketTagging, b), { code: 'NoSuchTagSet', status: 404, message: 'The TagSet does not exist', body: { BucketName: 'bkt' } });
    call(ctx, config.putBucketTagging, { ...b, Tagging: { TagSet: [{ Key: 'team', Value: 'core' }] } });
    assert.deepEqual(call(ctx, config.getBucketTagging, b), { TagSet: [{ Key: 'team', Value: 'core' }] });
    expectError(() => call(ctx, config.putBucketTagging, { ...b, Tagging: { TagSet: [{ Key: 'a', Value: '1' }, { Key: 'a', Value: '2' }] } }), {
      code: 'InvalidTag',
      status: 400,
      message: 'Cannot provide multiple Tags with the same key',
    });
    call(ctx, config.deleteBucketTagging, b);
    expectError(() => call(ctx, config.getBucketTagging, b), { code: 'NoSuchTagSet', status: 404, message: 'The TagSet does not exist' });

    expectError(() => call(ctx, config.getBucketCors, b), { code: 'NoSuchCORSConfiguration', status: 404, message: 'The CORS configuration does not exist' });
    const cors = [{ AllowedMethods: ['GET'], AllowedOrigins: ['*'] }];
    call(ctx, config.putBucketCors, { ...b, CORSConfiguration: { CORSRules: cors } });
    assert.deepEqual(call(ctx, config.getBucketCors, b), { CORSRules: cors });

    expectError(() => call(ctx, config.getBucketLifecycleConfiguration, b), { code: 'NoSuchLifecycleConfiguration', status: 404, message: 'The lifecycle configuration does not exist' });
    const rules = [{ ID: 'expire', Status: 'Enabled', Filter: { Prefix: 'tmp/' }, Expiration: { Days: 1 } }];
    call(ctx, config.putBucketLifecycleConfiguration, { ...b, LifecycleConfiguration: { Rules: rules } });
    assert.deepEqual(call(ctx, config.getBucketLifecycleConfiguration, b), { Rules: rules, TransitionDefaultMinimumObjectSize: 'all_storage_classes_128K' });

    assert.deepEqual(call(ctx, config.getBucketOwnershipControls, b), { OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] } });
    call(ctx, config.deleteBucketOwnershipControls, b);
    expectError(() => call(ctx, config.getBucketOwnershipControls, b), { code: 'OwnershipControlsNotFoundError', status: 404, message: 'The bucket ownership controls were not found' });

    assert.deepEqual(call(ctx, config.getBucketVersioning, b), {});
    call(ctx, config.putBucketVersioning, { ...b, VersioningConfiguration: { Status: 'Suspended' } });
    assert.deepEqual(call(ctx, config.getBucketVersioning, b), { Status: 'Suspended' });

    call(ctx, config.putBucketEncryption, { ...b, ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' } }] } });
    assert.deepEqual(call(ctx, config.getBucketEncryption, b), { ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' } }] } });
    call(ctx, config.deleteBucketEncryption, b);
    assert.equal((call(ctx, config.getBucketEncryption, b).ServerSideEncryptionConfiguration.Rules[0]!.ApplyServerSideEncryptionByDefault as { SSEAlgorithm: string }).SSEAlgorithm, 'AES256');

    assert.deepEqual(call(ctx, config.getBucketAcl, b), {
      Owner: { ID: canonicalId('111111111111') },
      Grants: [{ Grantee: { ID: canonicalId('111111111111'), Type: 'CanonicalUser' }, Permission: 'FULL_CONTROL' }],
    });
  });

  it('bucket policies: malformed ones refused with S3\'s texts; a policy round-trips and is deleted', () => {
    const b = { Bucket: 'bkt' };
    const malformed = (policy: unknown, message: string) =>
      expectError(() => call(ctx, config.putBucketPolicy, { ...b, Policy: typeof policy === 'string' ? policy : JSON.stringify(policy) }), { code: 'MalformedPolicy', status: 400, message });
    malformed('{"Statement": [', 'This policy contains invalid Json');
    malformed({ Statement: [{ Effect: 'Allow', Principal: { AWS: '111111111111' }, Action: 's3:GetObject' }] }, 'Missing required field Resource');
    malformed({ Statement: [{ Effect: 'Allow', Principal: { AWS: '111111111111' }, Action: 'sqs:SendMessage', Resource: 'arn:aws:s3:::bkt/*' }] }, 'Policy has invalid action');
    malformed({ Statement: [{ Effect: 'Allow', Principal: { AWS: '111111111111' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::other/*' }] }, 'Policy has invalid resource');
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: ['arn:aws:s3:::bkt', 'arn:aws:s3:::bkt/*'], Condition: { Bool: { 'aws:SecureTransport': 'false' } } }] });
    call(ctx, config.putBucketPolicy, { ...b, Policy: policy });
    assert.deepEqual(call(ctx, config.getBucketPolicy, b), { Policy: policy });
    call(ctx, config.deleteBucketPolicy, b);
    expectError(() => call(ctx, config.getBucketPolicy, b), { code: 'NoSuchBucketPolicy', status: 404, message: 'The bucket policy does not exist' });
  });

  it('DeleteObjects deletes, reports each key (none when Quiet), and frees the bodies', async () => {
    await putObject({ Bucket: 'bkt', Key: 'a', Body: body('1') }, ctx);
    await putObject({ Bucket: 'bkt', Key: 'b', Body: body('2') }, ctx);
    const root = join(ctx.objects!.path('0'.repeat(32)), '..', '..');
    const files = (): number => readdirSync(root, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;
    assert.equal(files(), 2);
    assert.deepEqual(await deleteObjects({ Bucket: 'bkt', Delete: { Objects: [{ Key: 'a' }, { Key: 'missing' }] } }, ctx), { Deleted: [{ Key: 'a' }, { Key: 'missing' }] });
    assert.deepEqual(await deleteObjects({ Bucket: 'bkt', Delete: { Objects: [{ Key: 'b' }], Quiet: true } }, ctx), {});
    await ctx.objects!.released();
    assert.equal(files(), 0);
    await deleteBucket({ Bucket: 'bkt' }, ctx);
    assert.equal(existsSync(root), true);
  });

  it('a refused body (BadDigest) leaves no file behind', async () => {
    const root = join(ctx.objects!.path('0'.repeat(32)), '..', '..');
    await expectRejection(putObject({ Bucket: 'bkt', Key: 'k', Body: body('data'), ChecksumSHA256: Buffer.alloc(32).toString('base64') }, ctx), {
      code: 'BadDigest',
      status: 400,
      message: 'The SHA256 you specified did not match the calculated checksum.',
    });
    await expectRejection(putObject({ Bucket: 'bkt', Key: 'k', Body: body('data'), ChecksumCRC32: 'nope' }, ctx), { code: 'InvalidRequest', status: 400, message: 'Value for x-amz-checksum-crc32 header is invalid.' });
    assert.deepEqual(readdirSync(root, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()), []);
  });

  it('ListObjects (v1): Marker, NextMarker with a delimiter, Owner', async () => {
    for (const key of ['x/1', 'x/2', 'y', 'z']) await putObject({ Bucket: 'bkt', Key: key, Body: body(key) }, ctx);
    const first = call(ctx, listObjects, { Bucket: 'bkt', Delimiter: '/', MaxKeys: 2 });
    assert.deepEqual([first['IsTruncated'], first['NextMarker'], first['CommonPrefixes'], (first['Contents'] as Array<{ Key: string }>).map((c) => c.Key)], [true, 'y', [{ Prefix: 'x/' }], ['y']]);
    const rest = call(ctx, listObjects, { Bucket: 'bkt', Delimiter: '/', Marker: 'y' });
    assert.deepEqual([rest['IsTruncated'], (rest['Contents'] as Array<{ Key: string; Owner: unknown }>).map((c) => [c.Key, c.Owner])], [false, [['z', { ID: canonicalId('111111111111') }]]]);
    assert.equal(call(ctx, listObjects, { Bucket: 'bkt', Prefix: 'x/', EncodingType: 'url' })['Prefix'], 'x/');
  });

  it('tags: x-amz-tagging on PutObject, Put/GetObjectTagging, eleven tags refused', async () => {
    await putObject({ Bucket: 'bkt', Key: 'k', Body: body('t'), Tagging: 'a=1&b=two%20words' }, ctx);
    assert.deepEqual(call(ctx, getObjectTagging, { Bucket: 'bkt', Key: 'k' }), { TagSet: [{ Key: 'a', Value: '1' }, { Key: 'b', Value: 'two words' }] });
    assert.equal((await getObject({ Bucket: 'bkt', Key: 'k' }, ctx))['TagCount'], 2);
    const eleven = Array.from({ length: 11 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    expectError(() => call(ctx, putObjectTagging, { Bucket: 'bkt', Key: 'k', Tagging: { TagSet: eleven } }), { code: 'BadRequest', status: 400, message: 'Object tags cannot be greater than 10' });
    call(ctx, putObjectTagging, { Bucket: 'bkt', Key: 'k', Tagging: { TagSet: [{ Key: 'only', Value: 'one' }] } });
    assert.deepEqual(call(ctx, getObjectTagging, { Bucket: 'bkt', Key: 'k' }), { TagSet: [{ Key: 'only', Value: 'one' }] });
  });

  it('suspended versioning keeps one null version per key, replacing its body', async () => {
    call(ctx, config.putBucketVersioning, { Bucket: 'bkt', VersioningConfiguration: { Status: 'Enabled' } });
    const kept = await putObject({ Bucket: 'bkt', Key: 'k', Body: body('versioned') }, ctx);
    call(ctx, config.putBucketVersioning, { Bucket: 'bkt', VersioningConfiguration: { Status: 'Suspended' } });
    assert.equal((await putObject({ Bucket: 'bkt', Key: 'k', Body: body('null 1') }, ctx))['VersionId'], 'null');
    await putObject({ Bucket: 'bkt', Key: 'k', Body: body('null 2') }, ctx);
    const versions = call(ctx, listObjectVersions, { Bucket: 'bkt' })['Versions'] as Array<{ VersionId: string; IsLatest: boolean }>;
    assert.deepEqual(versions.map((v) => [v.VersionId, v.IsLatest]), [['null', true], [kept['VersionId'], false]]);
    assert.equal(await read((await getObject({ Bucket: 'bkt', Key: 'k', VersionId: 'null' }, ctx))['Body']), 'null 2');
    await expectRejection(getObject({ Bucket: 'bkt', Key: 'k', VersionId: 'not-a-version' }, ctx), { code: 'InvalidArgument', status: 400, message: 'Invalid version id specified' });
  });

  it('ListParts and ListMultipartUploads', async () => {
    const { UploadId } = call(ctx, createMultipartUpload, { Bucket: 'bkt', Key: 'up/a' });
    call(ctx, createMultipartUpload, { Bucket: 'bkt', Key: 'up/b' });
    await uploadPart({ Bucket: 'bkt', Key: 'up/a', UploadId, PartNumber: 2, Body: body('two') }, ctx);
    await uploadPart({ Bucket: 'bkt', Key: 'up/a', UploadId, PartNumber: 1, Body: body('one') }, ctx);
    const parts = call(ctx, listParts, { Bucket: 'bkt', Key: 'up/a', UploadId, MaxParts: 1 });
    assert.deepEqual([parts.IsTruncated, parts.NextPartNumberMarker, parts.Parts?.map((p) => p.PartNumber)], [true, 1, [1]]);
    const uploads = call(ctx, listMultipartUploads, { Bucket: 'bkt', Prefix: 'up/' });
    assert.deepEqual(uploads.Uploads?.map((u) => u.Key), ['up/a', 'up/b']);
    await expectRejection(uploadPart({ Bucket: 'bkt', Key: 'up/a', UploadId, PartNumber: 10001, Body: body('x') }, ctx), {
      code: 'InvalidArgument',
      status: 400,
      message: 'Part number must be an integer between 1 and 10000, inclusive',
    });
    await expectRejection(uploadPart({ Bucket: 'bkt', Key: 'up/a', UploadId: 'nope', PartNumber: 1, Body: body('x') }, ctx), {
      code: 'NoSuchUpload',
      status: 404,
      message: 'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.',
    });
    // Uploads in progress do not keep a bucket: they go with it, their parts' bodies too.
    await deleteBucket({ Bucket: 'bkt' }, ctx);
    await ctx.objects!.released();
    const root = join(ctx.objects!.path('0'.repeat(32)), '..', '..');
    assert.deepEqual(readdirSync(root, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()), []);
    assert.deepEqual(ctx.store.table('s3_parts').scan(), []);
  });

  it('x-amz-expected-bucket-owner: another account\'s bucket is 403 before anything else (through the service record)', async () => {
    const run = (operation: string, input: Record<string, unknown>) => runOperation(s3, operation, () => input, ctx);
    await assert.rejects(run('GetBucketTagging', { Bucket: 'bkt', ExpectedBucketOwner: '999999999999' }), { code: 'AccessDenied', status: 403, message: 'Access Denied' });
    await assert.rejects(run('GetBucketTagging', { Bucket: 'bkt', ExpectedBucketOwner: '111111111111' }), { code: 'NoSuchTagSet' });
    await assert.rejects(run('PutObject', { Bucket: 'bkt', Key: 'k', Body: body('x'), ExpectedBucketOwner: '999999999999' }), { code: 'AccessDenied' });
    assert.deepEqual(await run('GetBucketVersioning', { Bucket: 'bkt', ExpectedBucketOwner: '111111111111' }), {});
  });

  it('ACLs are disabled (BucketOwnerEnforced): only bucket-owner-full-control is accepted on a write', async () => {
    await expectRejection(putObject({ Bucket: 'bkt', Key: 'k', Body: body('x'), ACL: 'public-read' }, ctx), { code: 'AccessControlListNotSupported', status: 400, message: 'The bucket does not allow ACLs' });
    assert.equal(typeof (await putObject({ Bucket: 'bkt', Key: 'k', Body: body('x'), ACL: 'bucket-owner-full-control' }, ctx))['ETag'], 'string');
  });

  it('features Gatehouse does not configure answer as for a bucket that never set them', () => {
    const b = { Bucket: 'bkt' };
    expectError(() => call(ctx, defaults.getBucketWebsite, b), { code: 'NoSuchWebsiteConfiguration', status: 404, message: 'The specified bucket does not have a website configuration' });
    expectError(() => call(ctx, defaults.getBucketReplication, b), { code: 'ReplicationConfigurationNotFoundError', status: 404, message: 'The replication configuration was not found' });
    expectError(() => call(ctx, defaults.getObjectLockConfiguration, b), { code: 'ObjectLockConfigurationNotFoundError', status: 404, message: 'Object Lock configuration does not exist for this bucket' });
    assert.deepEqual(call(ctx, defaults.getBucketRequestPayment, b), { Payer: 'BucketOwner' });
    assert.deepEqual(call(ctx, defaults.getBucketLogging, b), {});
  });
});
