/**
 * Amazon S3 end to end with the clients teams use: the AWS CLI v2 (`aws s3` mb/cp/sync/ls/rm/presign with a
 * multipart upload, `aws s3api`), the SDK v3 (every kind of call, checksums, versioning, lib-storage's
 * multipart Upload of 50 MB, presigned URLs) and boto3 (upload_file / download_file). Byte-for-byte round
 * trips, AWS's exact errors for bad input, and the store left consistent after each refusal.
 */
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetBucketPolicyCommand,
  GetBucketVersioningCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  ListObjectVersionsCommand,
  ListPartsCommand,
  PutBucketPolicyCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  PutPublicAccessBlockCommand,
  S3Client,
  UploadPartCommand,
  type ChecksumAlgorithm,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { request } from 'node:http';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import type { Gatehouse } from '../src/server/gatehouse.js';
import { awsCli, awsCliError, awsCliText, credentials, expectError, REGION, startTestGatehouse } from './support/server.js';

const run = promisify(execFile);
const BLOCKED_POLICY = 'User: arn:aws:iam::000000000000:root is not authorized to perform: s3:PutBucketPolicy on resource: "arn:aws:s3:::sdk-bucket" because public policies are blocked by the BlockPublicPolicy block public access setting.';
const MiB = 1024 * 1024;
let gh: Gatehouse;
let s3: S3Client;
let dir: string;

before(async () => {
  gh = await startTestGatehouse();
  s3 = new S3Client({ endpoint: gh.url, region: REGION, credentials, forcePathStyle: true, maxAttempts: 1 });
  dir = mkdtempSync(join(tmpdir(), 'gatehouse-s3-'));
});
after(async () => {
  s3.destroy();
  await gh.dispose();
});

/** curl resolves `*.localhost` to loopback itself, as browsers do: S3's virtual-hosted names without DNS. */
async function curl(url: string): Promise<{ status: number; contentType: string; body: string }> {
  const { stdout } = await run('/usr/bin/curl', ['-s', '-w', '\\n%{http_code} %{content_type}', url]);
  const end = stdout.lastIndexOf('\n');
  const [status = '0', contentType = ''] = stdout.slice(end + 1).split(' ');
  return { status: Number(status), contentType, body: stdout.slice(0, end) };
}

const sha256 = (data: Buffer | Uint8Array): string => createHash('sha256').update(data).digest('hex');
const md5 = (data: Buffer): string => createHash('md5').update(data).digest('hex');

async function bodyOf(out: { Body?: { transformToByteArray(): Promise<Uint8Array> } }): Promise<Buffer> {
  return Buffer.from(await out.Body!.transformToByteArray());
}

function file(name: string, data: Buffer): string {
  const path = join(dir, name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, data);
  return path;
}

describe('the AWS CLI v2', () => {
  it('mb, cp up and down (a 20 MiB file goes multipart), sync, ls, rm, rb', async () => {
    await awsCliText(gh, ['s3', 'mb', 's3://cli-bucket']);
    const ls = await awsCliText(gh, ['s3', 'ls']);
    assert.match(ls, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d cli-bucket$/m);

    const big = randomBytes(20 * MiB);
    await awsCliText(gh, ['s3', 'cp', file('big.bin', big), 's3://cli-bucket/dir/big.bin']);
    const head = (await awsCli(gh, ['s3api', 'head-object', '--bucket', 'cli-bucket', '--key', 'dir/big.bin'])).json as { ContentLength: number; ETag: string };
    assert.equal(head.ContentLength, big.length);
    assert.match(head.ETag, /^"[0-9a-f]{32}-3"$/, 'the CLI uploaded it in three 8 MiB parts');
    await awsCliText(gh, ['s3', 'cp', 's3://cli-bucket/dir/big.bin', join(dir, 'big.back')]);
    assert.equal(sha256(readFileSync(join(dir, 'big.back'))), sha256(big));

    // Files older than their upload, as a project's are: S3 keeps times to the second, so a file written in the
    // same second as its upload would look newer than its copy to `sync` (on S3 too).
    const earlier = new Date(Date.now() - 3600_000);
    for (const [name, text] of [['tree/a.txt', 'a'], ['tree/sub/b.txt', 'bb'], ['tree/sub/deeper/c with space.txt', 'ccc']] as const) utimesSync(file(name, Buffer.from(text)), earlier, earlier);
    await awsCliText(gh, ['s3', 'sync', join(dir, 'tree'), 's3://cli-bucket/tree']);
    const listed = await awsCliText(gh, ['s3', 'ls', '--recursive', 's3://cli-bucket/tree/']);
    // In S3's order: UTF-8 bytes of the whole key (`b.txt` before `deeper/`).
    assert.deepEqual(listed.trim().split('\n').map((l) => l.replace(/^\S+ \S+\s+/, '')), ['1 tree/a.txt', '2 tree/sub/b.txt', '3 tree/sub/deeper/c with space.txt']);
    const folder = await awsCliText(gh, ['s3', 'ls', 's3://cli-bucket/tree/']);
    assert.match(folder, /^\s+PRE sub\/$/m);
    // A second sync finds nothing to copy: sizes and times agree.
    assert.equal((await awsCliText(gh, ['s3', 'sync', join(dir, 'tree'), 's3://cli-bucket/tree'])).trim(), '');

    const notEmpty = await awsCliError(gh, ['s3api', 'delete-bucket', '--bucket', 'cli-bucket']);
    assert.match(notEmpty.stderr, /An error occurred \(BucketNotEmpty\) when calling the DeleteBucket operation: The bucket you tried to delete is not empty/);
    await awsCliText(gh, ['s3', 'rm', '--recursive', 's3://cli-bucket/']);
    await awsCliText(gh, ['s3', 'rb', 's3://cli-bucket']);
    const gone = await awsCliError(gh, ['s3api', 'head-bucket', '--bucket', 'cli-bucket']);
    assert.match(gone.stderr, /An error occurred \(404\) when calling the HeadBucket operation: Not Found/);
  });

  it('presign: the URL serves the object to anyone; a changed signature is refused', async () => {
    await awsCliText(gh, ['s3', 'mb', 's3://presigned']);
    await awsCliText(gh, ['s3', 'cp', file('shared.txt', Buffer.from('shared with a link')), 's3://presigned/shared.txt']);
    const url = (await awsCliText(gh, ['s3', 'presign', 's3://presigned/shared.txt', '--expires-in', '300'])).trim();
    const ok = await fetch(url);
    assert.equal(ok.status, 200);
    assert.equal(await ok.text(), 'shared with a link');
    const tampered = url.replace(/X-Amz-Signature=([0-9a-f])/, (_m, c: string) => `X-Amz-Signature=${c === '0' ? '1' : '0'}`);
    const refused = await fetch(tampered);
    assert.equal(refused.status, 403);
    const text = await refused.text();
    assert.match(text, /<Code>SignatureDoesNotMatch<\/Code><Message>The request signature we calculated does not match the signature you provided\. Check your key and signing method\.<\/Message>/);
  });
});

describe('the SDK v3', () => {
  it('buckets: create, head, list; the errors for a taken name, a bad name, a missing bucket', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'sdk-bucket' }));
    const head = await s3.send(new HeadBucketCommand({ Bucket: 'sdk-bucket' }));
    assert.equal(head.BucketRegion, REGION);
    const list = await s3.send(new ListBucketsCommand({}));
    assert.ok(list.Buckets?.some((b) => b.Name === 'sdk-bucket' && b.CreationDate instanceof Date));
    assert.equal(list.Owner?.ID?.length, 64);
    await expectError(s3.send(new CreateBucketCommand({ Bucket: 'Not_Valid' })), 'InvalidBucketName', 400, 'The specified bucket is not valid.');
    // Lambda's own bucket (where GetFunction's Code.Location points) is taken, as on S3.
    await expectError(s3.send(new CreateBucketCommand({ Bucket: 'awslambda-us-east-1-tasks' })), 'BucketAlreadyExists', 409,
      'The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.');
    await expectError(s3.send(new GetObjectCommand({ Bucket: 'no-such-bucket-here', Key: 'k' })), 'NoSuchBucket', 404, 'The specified bucket does not exist');
    const west = new S3Client({ endpoint: gh.url, region: 'us-west-2', credentials, forcePathStyle: true, maxAttempts: 1 });
    await expectError(west.send(new CreateBucketCommand({ Bucket: 'sdk-west', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } })), 'IllegalLocationConstraintException', 400,
      'The eu-west-1 location constraint is incompatible for the region specific endpoint this request was sent to.');
    await west.send(new CreateBucketCommand({ Bucket: 'sdk-west', CreateBucketConfiguration: { LocationConstraint: 'us-west-2' } }));
    assert.equal((await west.send(new HeadBucketCommand({ Bucket: 'sdk-west' }))).BucketRegion, 'us-west-2');
    west.destroy();
  });

  it('objects: metadata, ranges, conditional reads, copy, tags, listing with prefix and delimiter', async () => {
    const body = Buffer.from('0123456789abcdef');
    const put = await s3.send(new PutObjectCommand({ Bucket: 'sdk-bucket', Key: 'docs/ünïcödé key+.txt', Body: body, ContentType: 'text/plain', Metadata: { owner: 'team-a' }, Tagging: 'env=dev&tier=1' }));
    assert.equal(put.ETag, `"${md5(body)}"`);
    const got = await s3.send(new GetObjectCommand({ Bucket: 'sdk-bucket', Key: 'docs/ünïcödé key+.txt' }));
    assert.deepEqual([got.ContentType, got.ContentLength, got.Metadata, got.ETag], ['text/plain', 16, { owner: 'team-a' }, put.ETag]);
    assert.equal((await bodyOf(got)).toString(), body.toString());

    const range = await s3.send(new GetObjectCommand({ Bucket: 'sdk-bucket', Key: 'docs/ünïcödé key+.txt', Range: 'bytes=2-5' }));
    assert.deepEqual([range.$metadata.httpStatusCode, range.ContentRange, range.ContentLength], [206, 'bytes 2-5/16', 4]);
    assert.equal((await bodyOf(range)).toString(), '2345');
    const suffix = await s3.send(new GetObjectCommand({ Bucket: 'sdk-bucket', Key: 'docs/ünïcödé key+.txt', Range: 'bytes=-3' }));
    assert.equal((await bodyOf(suffix)).toString(), 'def');

    await expectError(s3.send(new GetObjectCommand({ Bucket: 'sdk-bucket', Key: 'docs/ünïcödé key+.txt', IfNoneMatch: put.ETag })), 'Unknown', 304, 'UnknownError');
    await expectError(s3.send(new GetObjectCommand({ Bucket: 'sdk-bucket', Key: 'docs/ünïcödé key+.txt', IfMatch: '"0000"' })), 'PreconditionFailed', 412,
      'At least one of the pre-conditions you specified did not hold');
    await expectError(s3.send(new GetObjectCommand({ Bucket: 'sdk-bucket', Key: 'docs/missing' })), 'NoSuchKey', 404, 'The specified key does not exist.');

    // A response-* override is answered as its UTF-8 bytes (a download named in any language); a line break is refused.
    const named = await fetch(await getSignedUrl(s3, new GetObjectCommand({ Bucket: 'sdk-bucket', Key: 'docs/ünïcödé key+.txt', ResponseContentDisposition: 'attachment; filename="résumé.txt"' })));
    // (fetch reads header bytes as UTF-8.)
    assert.equal(named.headers.get('content-disposition'), 'attachment; filename="résumé.txt"');
    await expectError(s3.send(new GetObjectCommand({ Bucket: 'sdk-bucket', Key: 'docs/ünïcödé key+.txt', ResponseContentType: 'text/plain\r\nX-Injected: 1' })), 'InvalidArgument', 400,
      'Header value cannot be represented using ISO-8859-1.');
    await s3.send(new CopyObjectCommand({ Bucket: 'sdk-bucket', Key: 'docs/copy.txt', CopySource: `sdk-bucket/${encodeURIComponent('docs/ünïcödé key+.txt')}` }));
    const copied = await s3.send(new HeadObjectCommand({ Bucket: 'sdk-bucket', Key: 'docs/copy.txt' }));
    assert.deepEqual([copied.ETag, copied.Metadata, copied.ContentType], [put.ETag, { owner: 'team-a' }, 'text/plain']);
    const tags = await s3.send(new GetObjectTaggingCommand({ Bucket: 'sdk-bucket', Key: 'docs/ünïcödé key+.txt' }));
    assert.deepEqual(tags.TagSet, [{ Key: 'env', Value: 'dev' }, { Key: 'tier', Value: '1' }]);

    for (const key of ['docs/a/1', 'docs/a/2', 'docs/b/1', 'top']) await s3.send(new PutObjectCommand({ Bucket: 'sdk-bucket', Key: key, Body: key }));
    const folders = await s3.send(new ListObjectsV2Command({ Bucket: 'sdk-bucket', Prefix: 'docs/', Delimiter: '/' }));
    assert.deepEqual(folders.CommonPrefixes?.map((p) => p.Prefix), ['docs/a/', 'docs/b/']);
    assert.deepEqual(folders.Contents?.map((c) => c.Key), ['docs/copy.txt', 'docs/ünïcödé key+.txt']);
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await s3.send(new ListObjectsV2Command({ Bucket: 'sdk-bucket', MaxKeys: 2, ContinuationToken: token }));
      keys.push(...(page.Contents ?? []).map((c) => c.Key!));
      token = page.NextContinuationToken;
    } while (token);
    assert.deepEqual(keys, ['docs/a/1', 'docs/a/2', 'docs/b/1', 'docs/copy.txt', 'docs/ünïcödé key+.txt', 'top']);

    const deleted = await s3.send(new DeleteObjectsCommand({ Bucket: 'sdk-bucket', Delete: { Objects: [{ Key: 'docs/a/1' }, { Key: 'docs/a/2' }, { Key: 'never-was' }] } }));
    assert.deepEqual(deleted.Deleted?.map((d) => d.Key), ['docs/a/1', 'docs/a/2', 'never-was']);
    await s3.send(new DeleteObjectCommand({ Bucket: 'sdk-bucket', Key: 'top' }));
    const left = await s3.send(new ListObjectsV2Command({ Bucket: 'sdk-bucket' }));
    assert.equal(left.KeyCount, 3);
  });

  it('checksums: each algorithm the SDK sends is verified and answered back; a wrong Content-MD5 is refused and stores nothing', async () => {
    const body = Buffer.from('checksummed body');
    for (const algorithm of ['CRC32', 'CRC32C', 'CRC64NVME', 'SHA1', 'SHA256'] as ChecksumAlgorithm[]) {
      const key = `sums/${algorithm}`;
      const put = await s3.send(new PutObjectCommand({ Bucket: 'sdk-bucket', Key: key, Body: body, ChecksumAlgorithm: algorithm }));
      const field = `Checksum${algorithm}` as 'ChecksumCRC32';
      assert.ok(put[field], `${algorithm} answered on put`);
      const head = await s3.send(new HeadObjectCommand({ Bucket: 'sdk-bucket', Key: key, ChecksumMode: 'ENABLED' }));
      assert.equal(head[field], put[field], `${algorithm} answered on head`);
    }
    await expectError(s3.send(new PutObjectCommand({ Bucket: 'sdk-bucket', Key: 'sums/bad-md5', Body: body, ContentMD5: createHash('md5').update('other').digest('base64') })),
      'BadDigest', 400, 'The Content-MD5 you specified did not match what we received.');
    await expectError(s3.send(new PutObjectCommand({ Bucket: 'sdk-bucket', Key: 'sums/bad-sha', Body: body, ChecksumSHA256: createHash('sha256').update('other').digest('base64') })),
      'BadDigest', 400, 'The SHA256 you specified did not match the calculated checksum.');
    await expectError(s3.send(new HeadObjectCommand({ Bucket: 'sdk-bucket', Key: 'sums/bad-md5' })), 'NotFound', 404, 'UnknownError');
    await expectError(s3.send(new HeadObjectCommand({ Bucket: 'sdk-bucket', Key: 'sums/bad-sha' })), 'NotFound', 404, 'UnknownError');
  });

  it('versioning: two puts, both versions readable, a delete marker, the listing of versions', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'versioned' }));
    await s3.send(new PutBucketVersioningCommand({ Bucket: 'versioned', VersioningConfiguration: { Status: 'Enabled' } }));
    assert.equal((await s3.send(new GetBucketVersioningCommand({ Bucket: 'versioned' }))).Status, 'Enabled');
    const v1 = await s3.send(new PutObjectCommand({ Bucket: 'versioned', Key: 'k', Body: 'one' }));
    const v2 = await s3.send(new PutObjectCommand({ Bucket: 'versioned', Key: 'k', Body: 'two' }));
    assert.notEqual(v1.VersionId, v2.VersionId);
    assert.equal((await bodyOf(await s3.send(new GetObjectCommand({ Bucket: 'versioned', Key: 'k', VersionId: v1.VersionId })))).toString(), 'one');
    assert.equal((await bodyOf(await s3.send(new GetObjectCommand({ Bucket: 'versioned', Key: 'k' })))).toString(), 'two');
    const marker = await s3.send(new DeleteObjectCommand({ Bucket: 'versioned', Key: 'k' }));
    assert.equal(marker.DeleteMarker, true);
    await expectError(s3.send(new GetObjectCommand({ Bucket: 'versioned', Key: 'k' })), 'NoSuchKey', 404, 'The specified key does not exist.');
    const versions = await s3.send(new ListObjectVersionsCommand({ Bucket: 'versioned' }));
    assert.deepEqual(versions.Versions?.map((v) => [v.VersionId, v.IsLatest]), [[v2.VersionId, false], [v1.VersionId, false]]);
    assert.deepEqual(versions.DeleteMarkers?.map((m) => [m.VersionId, m.IsLatest]), [[marker.VersionId, true]]);
  });

  it('multipart: parts listed, a missing part and a too-small part refused, then lib-storage uploads 50 MiB', async () => {
    const created = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'sdk-bucket', Key: 'mp/manual' }));
    const UploadId = created.UploadId!;
    const part1 = await s3.send(new UploadPartCommand({ Bucket: 'sdk-bucket', Key: 'mp/manual', UploadId, PartNumber: 1, Body: Buffer.alloc(1024, 1) }));
    const part2 = await s3.send(new UploadPartCommand({ Bucket: 'sdk-bucket', Key: 'mp/manual', UploadId, PartNumber: 2, Body: Buffer.alloc(1024, 2) }));
    const parts = await s3.send(new ListPartsCommand({ Bucket: 'sdk-bucket', Key: 'mp/manual', UploadId }));
    assert.deepEqual(parts.Parts?.map((p) => [p.PartNumber, p.Size, p.ETag]), [[1, 1024, part1.ETag], [2, 1024, part2.ETag]]);
    const uploads = await s3.send(new ListMultipartUploadsCommand({ Bucket: 'sdk-bucket' }));
    assert.deepEqual(uploads.Uploads?.map((u) => [u.Key, u.UploadId]), [['mp/manual', UploadId]]);
    await expectError(s3.send(new CompleteMultipartUploadCommand({ Bucket: 'sdk-bucket', Key: 'mp/manual', UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part1.ETag }, { PartNumber: 3, ETag: part2.ETag }] } })),
      'InvalidPart', 400, 'One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part\'s entity tag.');
    await expectError(s3.send(new CompleteMultipartUploadCommand({ Bucket: 'sdk-bucket', Key: 'mp/manual', UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part1.ETag }, { PartNumber: 2, ETag: part2.ETag }] } })),
      'EntityTooSmall', 400, 'Your proposed upload is smaller than the minimum allowed object size.');
    await s3.send(new AbortMultipartUploadCommand({ Bucket: 'sdk-bucket', Key: 'mp/manual', UploadId }));
    await expectError(s3.send(new ListPartsCommand({ Bucket: 'sdk-bucket', Key: 'mp/manual', UploadId })), 'NoSuchUpload', 404,
      'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.');
    await expectError(s3.send(new HeadObjectCommand({ Bucket: 'sdk-bucket', Key: 'mp/manual' })), 'NotFound', 404, 'UnknownError');

    const big = randomBytes(50 * MiB);
    const upload = new Upload({ client: s3, params: { Bucket: 'sdk-bucket', Key: 'mp/fifty', Body: big }, partSize: 8 * MiB, queueSize: 4 });
    const done = await upload.done();
    assert.match(done.ETag ?? '', /^"[0-9a-f]{32}-7"$/);
    const back = await bodyOf(await s3.send(new GetObjectCommand({ Bucket: 'sdk-bucket', Key: 'mp/fifty' })));
    assert.equal(back.length, big.length);
    assert.equal(sha256(back), sha256(big));
  });

  it('presigned URLs: GET and PUT work without credentials; an expired one is refused with S3\'s answer', async () => {
    const putUrl = await getSignedUrl(s3, new PutObjectCommand({ Bucket: 'sdk-bucket', Key: 'presigned/put.txt' }), { expiresIn: 300 });
    assert.equal((await fetch(putUrl, { method: 'PUT', body: 'put through a link' })).status, 200);
    const getUrl = await getSignedUrl(s3, new GetObjectCommand({ Bucket: 'sdk-bucket', Key: 'presigned/put.txt' }), { expiresIn: 300 });
    assert.equal(await (await fetch(getUrl)).text(), 'put through a link');
    const expired = await getSignedUrl(s3, new GetObjectCommand({ Bucket: 'sdk-bucket', Key: 'presigned/put.txt' }), { expiresIn: 60, signingDate: new Date(Date.now() - 3600_000) });
    const refused = await fetch(expired);
    assert.equal(refused.status, 403);
    assert.match(await refused.text(), /<Code>AccessDenied<\/Code><Message>Request has expired<\/Message><X-Amz-Expires>60<\/X-Amz-Expires>/);
  });

  it('anonymous access (curl, virtual-hosted and path-style S3 names): refused, until a bucket policy allows it', async () => {
    await s3.send(new PutObjectCommand({ Bucket: 'sdk-bucket', Key: 'public/index.html', Body: '<h1>hi</h1>', ContentType: 'text/html' }));
    const port = new URL(gh.url).port;
    const virtual = `http://sdk-bucket.s3.localhost:${port}/public/index.html`;
    const pathStyle = `http://s3.localhost:${port}/sdk-bucket/public/index.html`;
    const denied = await curl(virtual);
    assert.equal(denied.status, 403);
    assert.match(denied.body, /<Code>AccessDenied<\/Code><Message>Access Denied<\/Message>/);
    const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::sdk-bucket/public/*' }] };
    // New buckets block public policies, as on S3 since 2023: the owner turns that off first.
    await expectError(s3.send(new PutBucketPolicyCommand({ Bucket: 'sdk-bucket', Policy: JSON.stringify(policy) })), 'AccessDenied', 403, BLOCKED_POLICY);
    await s3.send(new PutPublicAccessBlockCommand({ Bucket: 'sdk-bucket', PublicAccessBlockConfiguration: { BlockPublicPolicy: false, RestrictPublicBuckets: false, BlockPublicAcls: true, IgnorePublicAcls: true } }));
    await s3.send(new PutBucketPolicyCommand({ Bucket: 'sdk-bucket', Policy: JSON.stringify(policy) }));
    assert.deepEqual(JSON.parse((await s3.send(new GetBucketPolicyCommand({ Bucket: 'sdk-bucket' }))).Policy!), policy);
    for (const url of [virtual, pathStyle]) assert.deepEqual(await curl(url), { status: 200, contentType: 'text/html', body: '<h1>hi</h1>' });
    assert.equal((await curl(`http://sdk-bucket.s3.localhost:${port}/docs/copy.txt`)).status, 403, 'only what the policy names');
  });

  it('an aws-chunked upload refused before its body is read is drained: the client sends it all and reads the answer', async () => {
    const chunk = Buffer.alloc(64 * 1024, 1);
    const chunks = 128;
    const { port } = new URL(gh.url);
    const req = request({
      host: '127.0.0.1', port, method: 'PUT', path: '/no-such-bucket-for-chunks/k',
      headers: {
        authorization: `AWS4-HMAC-SHA256 Credential=test/20261206/${REGION}/s3/aws4_request, SignedHeaders=host, Signature=${'0'.repeat(64)}`,
        'x-amz-date': '20261206T000000Z', 'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER', 'content-encoding': 'aws-chunked',
        'x-amz-decoded-content-length': String(chunk.length * chunks), 'transfer-encoding': 'chunked',
      },
    });
    const answered = new Promise<{ status: number; body: string }>((resolve, reject) => {
      req.once('response', (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (c: string) => (body += c)).once('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.once('error', reject);
    });
    const sent = new Promise((resolve) => req.once('finish', resolve));
    for (let i = 0; i < chunks; i++) req.write(Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]));
    req.end('0\r\n\r\n');
    const [answer] = await Promise.all([answered, sent]);
    assert.equal(answer.status, 404);
    assert.match(answer.body, /<Code>NoSuchBucket<\/Code>/);
  });

  it('a ranged HEAD answers 206 with its Content-Range, as GET does', async () => {
    await s3.send(new PutObjectCommand({ Bucket: 'sdk-bucket', Key: 'ranged', Body: '0123456789' }));
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'sdk-bucket', Key: 'ranged', Range: 'bytes=2-3' }));
    assert.deepEqual([head.$metadata.httpStatusCode, head.ContentRange, head.ContentLength], [206, 'bytes 2-3/10', 2]);
  });

  it('a bucket that is not empty is not deleted; empty, it is', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'short-lived' }));
    await s3.send(new PutObjectCommand({ Bucket: 'short-lived', Key: 'x', Body: 'x' }));
    await expectError(s3.send(new DeleteBucketCommand({ Bucket: 'short-lived' })), 'BucketNotEmpty', 409, 'The bucket you tried to delete is not empty');
    await s3.send(new DeleteObjectCommand({ Bucket: 'short-lived', Key: 'x' }));
    await s3.send(new DeleteBucketCommand({ Bucket: 'short-lived' }));
    await expectError(s3.send(new HeadBucketCommand({ Bucket: 'short-lived' })), 'NotFound', 404, 'UnknownError');
  });
});

describe('boto3', () => {
  it('upload_file and download_file of 12 MiB (multipart, CRC checksums by default), byte for byte', async () => {
    const big = randomBytes(12 * MiB);
    const source = file('boto3.bin', big);
    const target = join(dir, 'boto3.back');
    const script = [
      'import boto3, sys',
      's3 = boto3.client("s3", endpoint_url=sys.argv[1])',
      's3.create_bucket(Bucket="boto3-bucket")',
      's3.upload_file(sys.argv[2], "boto3-bucket", "nested/boto3.bin")',
      's3.download_file("boto3-bucket", "nested/boto3.bin", sys.argv[3])',
      'print(s3.head_object(Bucket="boto3-bucket", Key="nested/boto3.bin")["ETag"])',
    ].join('\n');
    const { stdout } = await run('python3', ['-c', script, gh.url, source, target], {
      env: { ...process.env, AWS_ACCESS_KEY_ID: credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey, AWS_DEFAULT_REGION: REGION, AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null', AWS_EC2_METADATA_DISABLED: 'true' },
    });
    assert.match(stdout.trim(), /^"[0-9a-f]{32}-2"$/);
    assert.equal(sha256(readFileSync(target)), sha256(big));
  });
});

describe('presigned links cannot be altered', () => {
  it('boto3\'s SigV2 links (its default) and SigV4 links: verified; a part removed is refused, not read as unsigned', async () => {
    const script = [
      'import boto3, re, sys, urllib.request, urllib.error',
      'def fetch(url):',
      '    try:',
      '        r = urllib.request.urlopen(url)',
      '        return f"{r.status} {r.read().decode()}"',
      '    except urllib.error.HTTPError as e:',
      '        body = e.read().decode()',
      '        return f"{e.code} " + re.search(r"<Code>(.*?)</Code><Message>(.*?)</Message>", body).group(0)',
      'v2 = boto3.client("s3", endpoint_url=sys.argv[1])',
      'v4 = boto3.client("s3", endpoint_url=sys.argv[1], config=boto3.session.Config(signature_version="s3v4"))',
      'v2.create_bucket(Bucket="links")',
      'v2.put_object(Bucket="links", Key="shared/é.txt", Body=b"shared")',
      'v2.put_object(Bucket="links", Key="private", Body=b"private")',
      'for client in (v2, v4):',
      '    url = client.generate_presigned_url("get_object", Params={"Bucket": "links", "Key": "shared/é.txt", "ResponseContentType": "text/plain"}, ExpiresIn=300)',
      '    print(fetch(url))',
      '    print(fetch(url.replace("shared/%C3%A9.txt", "private")))',
      'url = v4.generate_presigned_url("get_object", Params={"Bucket": "links", "Key": "shared/é.txt"}, ExpiresIn=300)',
      'print(fetch(re.sub(r"X-Amz-Algorithm=[^&]*&?", "", url).replace("shared/%C3%A9.txt", "private")))',
    ].join('\n');
    const { stdout } = await run('python3', ['-c', script, gh.url], {
      env: { ...process.env, AWS_ACCESS_KEY_ID: credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey, AWS_DEFAULT_REGION: REGION, AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null', AWS_EC2_METADATA_DISABLED: 'true' },
    });
    const mismatch = '403 <Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match the signature you provided. Check your key and signing method.</Message>';
    assert.deepEqual(stdout.trim().split('\n'), [
      '200 shared', mismatch, '200 shared', mismatch,
      '400 <Code>AuthorizationQueryParametersError</Code><Message>Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.</Message>',
    ]);
  });
});

describe('aws cloudformation package + deploy', () => {
  it('local folders for a function and a layer are zipped, uploaded and rewritten, then deployed; the function runs with its layer', async () => {
    file('pkg/fn/app.py', Buffer.from('import shout\n\ndef handler(event, context):\n    return {"statusCode": 200, "body": shout.shout("packaged")}\n'));
    file('pkg/layer/python/shout.py', Buffer.from('def shout(s):\n    return s.upper() + "!"\n'));
    const template = [
      "AWSTemplateFormatVersion: '2010-09-09'",
      'Resources:',
      '  Shout:',
      '    Type: AWS::Lambda::LayerVersion',
      '    Properties:',
      '      Content: ./layer',
      '      CompatibleRuntimes: [python3.12]',
      '  App:',
      '    Type: AWS::Lambda::Function',
      '    Properties:',
      '      FunctionName: packaged-app',
      '      Runtime: python3.12',
      '      Handler: app.handler',
      '      Role: arn:aws:iam::000000000000:role/lambda-role',
      '      Code: ./fn',
      '      Layers: [!Ref Shout]',
    ].join('\n');
    const templatePath = file('pkg/template.yaml', Buffer.from(template));
    const packaged = join(dir, 'pkg', 'packaged.yaml');
    await s3.send(new CreateBucketCommand({ Bucket: 'pkg-bucket' }));
    // Debian's CLI v2 (2.9) gives `package` no way to name an S3 endpoint (its S3 client ignores --endpoint-url;
    // AWS_ENDPOINT_URL came in 2.13): the CLI v1 (botocore) honours AWS_ENDPOINT_URL for every client.
    const env = { ...process.env, AWS_ENDPOINT_URL: gh.url, AWS_ACCESS_KEY_ID: credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey, AWS_DEFAULT_REGION: REGION,
      AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null', AWS_EC2_METADATA_DISABLED: 'true', AWS_PAGER: '' };
    await run('python3', ['-m', 'awscli', 'cloudformation', 'package', '--template-file', templatePath, '--s3-bucket', 'pkg-bucket', '--output-template-file', packaged], { env, cwd: join(dir, 'pkg') });
    const rewritten = readFileSync(packaged, 'utf8');
    assert.match(rewritten, /Content:\n\s+S3Bucket: pkg-bucket\n\s+S3Key: [0-9a-f]{32}/);
    assert.match(rewritten, /Code:\n\s+S3Bucket: pkg-bucket\n\s+S3Key: [0-9a-f]{32}/);
    await run('python3', ['-m', 'awscli', 'cloudformation', 'deploy', '--template-file', packaged, '--stack-name', 'packaged'], { env });
    const { stdout } = await run('python3', ['-m', 'awscli', 'lambda', 'invoke', '--function-name', 'packaged-app', join(dir, 'pkg', 'out.json')], { env });
    assert.equal(JSON.parse(stdout).StatusCode, 200);
    assert.deepEqual(JSON.parse(readFileSync(join(dir, 'pkg', 'out.json'), 'utf8')), { statusCode: 200, body: 'PACKAGED!' });
  });
});
