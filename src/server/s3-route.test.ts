/**
 * S3's door with real clients (SDK v3, AWS CLI v2 and v1, boto3) against the main port's front door, with
 * stand-in handlers that record what the protocol handed them: the operation, its members, the body bytes and
 * trailers. Every client signs with test/test, so every request here is verified (a mismatch fails the call).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { loadTlsMaterial } from '../network/tls-material.js';
import { ServiceError } from '../shared/errors.js';
import type { AnyServiceDefinition, OperationContext } from '../services/types.js';
import type { App } from './app.js';
import { frontDoor } from './front-door.js';
import { ServiceEndpoint } from './service-endpoint.js';

const run = promisify(execFile);
const CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' };
const ENV = { ...process.env, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_REGION: 'us-east-1', AWS_DEFAULT_REGION: 'us-east-1', AWS_EC2_METADATA_DISABLED: 'true', AWS_PAGER: '', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' };

interface Call {
  operation: string;
  input: Record<string, unknown>;
  body?: Buffer;
  trailers?: Record<string, string>;
  accessKeyId: string | undefined;
  region: string;
}

let calls: Call[] = [];
const OBJECT = Buffer.from('0123456789abcdefghij');

async function drain(stream: unknown): Promise<{ body: Buffer; trailers: Record<string, string> }> {
  const s = stream as Readable & { trailers?: Record<string, string> };
  const chunks: Buffer[] = [];
  for await (const c of s) chunks.push(c as Buffer);
  return { body: Buffer.concat(chunks), trailers: { ...(s.trailers ?? {}) } };
}

function record(operation: string, input: Record<string, unknown>, ctx: OperationContext, extra: Partial<Call> = {}): void {
  const { Body: _body, ...members } = input;
  calls.push({ operation, input: members, accessKeyId: ctx.accessKeyId, region: ctx.scope.region, ...extra });
}

type Handler = (input: Record<string, unknown>, ctx: OperationContext) => Promise<unknown>;

const HANDLERS: Record<string, Handler> = {
  PutObject: async (input, ctx) => {
    const { body, trailers } = await drain(input.Body);
    record('PutObject', input, ctx, { body, trailers });
    return { ETag: '"etag"' };
  },
  UploadPart: async (input, ctx) => {
    const { body, trailers } = await drain(input.Body);
    record('UploadPart', input, ctx, { body, trailers });
    return { ETag: `"part-${String(input.PartNumber)}"` };
  },
  CreateMultipartUpload: async (input, ctx) => {
    record('CreateMultipartUpload', input, ctx);
    return { Bucket: input.Bucket, Key: input.Key, UploadId: 'UP1' };
  },
  CompleteMultipartUpload: async (input, ctx) => {
    record('CompleteMultipartUpload', input, ctx);
    return { Location: 'http://b/k', Bucket: input.Bucket, Key: input.Key, ETag: '"mp-2"' };
  },
  DeleteObjects: async (input, ctx) => {
    record('DeleteObjects', input, ctx);
    const objects = (input.Delete as { Objects: Array<{ Key: string }> }).Objects;
    return { Deleted: objects.map((o) => ({ Key: o.Key })) };
  },
  ListObjectsV2: async (input, ctx) => {
    record('ListObjectsV2', input, ctx);
    return {
      IsTruncated: false,
      Name: input.Bucket,
      Prefix: input.Prefix ?? '',
      KeyCount: 1,
      MaxKeys: 1000,
      Contents: [{ Key: 'dir/ü k.txt', LastModified: new Date('2026-01-02T03:04:05.678Z'), ETag: '"e"', Size: 20, StorageClass: 'STANDARD' }],
    };
  },
  GetObject: async (input, ctx) => {
    record('GetObject', input, ctx);
    if (input.Key === 'missing') throw new ServiceError('NoSuchKey', 'The specified key does not exist.', 404, { body: { Key: 'missing' } });
    const range = /^bytes=(\d+)-(\d+)$/.exec(String(input.Range ?? ''));
    const common = { ETag: '"e"', LastModified: new Date('2026-01-02T03:04:05Z'), ContentType: 'text/plain', Metadata: { color: 'blue' }, AcceptRanges: 'bytes' };
    if (range) {
      const [start, end] = [Number(range[1]), Number(range[2])];
      return { ...common, Body: Readable.from([OBJECT.subarray(start, end + 1)]), ContentLength: end - start + 1, ContentRange: `bytes ${start}-${end}/${OBJECT.length}` };
    }
    return { ...common, Body: Readable.from([OBJECT]), ContentLength: OBJECT.length };
  },
  HeadObject: async (input, ctx) => {
    record('HeadObject', input, ctx);
    if (input.Key === 'missing') throw new ServiceError('NotFound', 'Not Found', 404);
    return { ContentLength: OBJECT.length, ETag: '"e"' };
  },
};

let server: Server;
let tlsServer: Server;
let tlsUrl: string;
let url: string;
let port: number;
let dir: string;

before(async () => {
  const definition: AnyServiceDefinition = { signingName: 's3', modelFile: 's3-2006-03-01', operations: {}, asyncOperations: HANDLERS };
  const endpoint = new ServiceEndpoint(definition);
  const services = { endpoints: [endpoint], bySigningName: new Map([['s3', endpoint]]), lambdaHost: undefined, stacks: undefined };
  const logger = { debug: () => undefined, error: (o: unknown, m: string) => console.error(m, o) };
  const app = { resolved: { defaultAccount: '000000000000', region: 'us-east-1', host: '127.0.0.1' }, logger, store: {}, services: async () => services } as unknown as App;
  server = createServer(frontDoor(app));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  url = `http://127.0.0.1:${port}`;
  dir = mkdtempSync(join(tmpdir(), 's3-route-'));
  const tls = await loadTlsMaterial(join(dir, 'tls'), ['us-east-1']);
  tlsServer = createTlsServer({ cert: tls.certPem, key: tls.keyPem }, frontDoor(app));
  await new Promise<void>((resolve) => tlsServer.listen(0, '127.0.0.1', resolve));
  tlsUrl = `https://127.0.0.1:${(tlsServer.address() as AddressInfo).port}`;
});

after(() => {
  server.close();
  tlsServer.close();
  rmSync(dir, { recursive: true, force: true });
});

function sdk(options: { secretAccessKey?: string } = {}): S3Client {
  return new S3Client({ endpoint: url, forcePathStyle: true, region: 'us-east-1', credentials: { ...CREDENTIALS, ...options } });
}

function only(operation: string): Call {
  const found = calls.filter((c) => c.operation === operation);
  assert.equal(found.length, 1, `${operation}: ${found.length} calls`);
  return found[0]!;
}

test('SDK v3: a small PutObject (CRC32 header, metadata, unicode key) and a streamed one (aws-chunked, CRC32 trailer)', async () => {
  calls = [];
  const s3 = sdk();
  await s3.send(new PutObjectCommand({ Bucket: 'b', Key: "dir/ü k+~!'()*.txt", Body: 'hello v3', Metadata: { color: 'ü', a: 'b' }, ContentType: 'text/plain' }));
  const small = only('PutObject');
  assert.equal(small.body!.toString(), 'hello v3');
  assert.deepEqual(small.input, {
    Bucket: 'b',
    Key: "dir/ü k+~!'()*.txt",
    ContentLength: 8,
    ContentType: 'text/plain',
    ChecksumAlgorithm: 'CRC32',
    ChecksumCRC32: 'AetMmw==',
    // Header bytes as they came: the UTF-8 of `ü`, read by Node as latin1 and written back the same way.
    Metadata: { color: 'Ã¼', a: 'b' },
  });
  assert.equal(small.accessKeyId, 'test');

  calls = [];
  const data = randomBytes(70000);
  await s3.send(new PutObjectCommand({ Bucket: 'b', Key: 'streamed', Body: Readable.from([data.subarray(0, 30000), data.subarray(30000)]), ContentLength: data.length }));
  const streamed = only('PutObject');
  assert.deepEqual(streamed.body, data);
  assert.equal(streamed.input.ContentLength, 70000);
  assert.equal(streamed.input.ContentEncoding, undefined);
  assert.equal(streamed.input.ChecksumCRC32, undefined);
  assert.deepEqual(Object.keys(streamed.trailers!), ['x-amz-checksum-crc32']);
});

test('SDK v3: multipart (CreateMultipartUpload, a streamed UploadPart, CompleteMultipartUpload XML) and DeleteObjects XML', async () => {
  calls = [];
  const s3 = sdk();
  const created = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'b', Key: 'mp', ChecksumAlgorithm: 'CRC32' }));
  assert.equal(created.UploadId, 'UP1');
  const part = randomBytes(20000);
  const uploaded = await s3.send(new UploadPartCommand({ Bucket: 'b', Key: 'mp', UploadId: 'UP1', PartNumber: 1, Body: Readable.from([part]), ContentLength: part.length }));
  assert.equal(uploaded.ETag, '"part-1"');
  const done = await s3.send(
    new CompleteMultipartUploadCommand({ Bucket: 'b', Key: 'mp', UploadId: 'UP1', MultipartUpload: { Parts: [{ PartNumber: 1, ETag: '"part-1"', ChecksumCRC32: 'AAAAAA==' }] } }),
  );
  assert.equal(done.ETag, '"mp-2"');
  const up = only('UploadPart');
  assert.deepEqual(up.body, part);
  assert.equal(up.input.PartNumber, 1);
  assert.equal(up.input.UploadId, 'UP1');
  assert.deepEqual(only('CompleteMultipartUpload').input.MultipartUpload, { Parts: [{ PartNumber: 1, ETag: '"part-1"', ChecksumCRC32: 'AAAAAA==' }] });
  assert.equal(only('CreateMultipartUpload').input.ChecksumAlgorithm, 'CRC32');

  const deleted = await s3.send(new DeleteObjectsCommand({ Bucket: 'b', Delete: { Objects: [{ Key: 'a & b' }, { Key: ' c ', VersionId: 'v1' }], Quiet: false } }));
  assert.deepEqual(deleted.Deleted, [{ Key: 'a & b' }, { Key: ' c ' }]);
  assert.deepEqual(only('DeleteObjects').input.Delete, { Objects: [{ Key: 'a & b' }, { Key: ' c ', VersionId: 'v1' }], Quiet: false });
});

test('SDK v3 reads what the protocol writes: ListObjectsV2, a ranged GetObject (206, streamed), HeadObject, and errors', async () => {
  calls = [];
  const s3 = sdk();
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: 'b', Prefix: 'dir/' }));
  assert.equal(listed.Name, 'b');
  assert.equal(listed.KeyCount, 1);
  assert.deepEqual(listed.Contents, [{ Key: 'dir/ü k.txt', LastModified: new Date('2026-01-02T03:04:05.678Z'), ETag: '"e"', Size: 20, StorageClass: 'STANDARD' }]);
  assert.equal(only('ListObjectsV2').input.Prefix, 'dir/');

  const ranged = await s3.send(new GetObjectCommand({ Bucket: 'b', Key: 'k', Range: 'bytes=2-5' }));
  assert.equal(ranged.$metadata.httpStatusCode, 206);
  assert.equal(ranged.ContentRange, 'bytes 2-5/20');
  assert.equal(ranged.ContentLength, 4);
  assert.deepEqual(ranged.Metadata, { color: 'blue' });
  assert.equal(ranged.LastModified?.toISOString(), '2026-01-02T03:04:05.000Z');
  assert.equal(await ranged.Body!.transformToString(), '2345');

  const head = await s3.send(new HeadObjectCommand({ Bucket: 'b', Key: 'k' }));
  assert.equal(head.ContentLength, 20);

  const missing = await s3.send(new GetObjectCommand({ Bucket: 'b', Key: 'missing' })).catch((e: unknown) => e as Error & { $metadata: { httpStatusCode: number }; Key?: string });
  assert.ok(missing instanceof Error);
  assert.equal(missing.name, 'NoSuchKey');
  assert.equal(missing.message, 'The specified key does not exist.');
  assert.equal(missing.$metadata.httpStatusCode, 404);
  const headMissing = await s3.send(new HeadObjectCommand({ Bucket: 'b', Key: 'missing' })).catch((e: unknown) => e as Error & { $metadata: { httpStatusCode: number } });
  assert.ok(headMissing instanceof Error);
  assert.equal(headMissing.name, 'NotFound');
  assert.equal(headMissing.$metadata.httpStatusCode, 404);
});

test('a header signature is not checked, as for every service (any credentials work); a presigned URL made with the wrong secret is refused', async () => {
  calls = [];
  await sdk({ secretAccessKey: 'wrong' }).send(new PutObjectCommand({ Bucket: 'b', Key: 'k', Body: 'x' }));
  assert.equal(only('PutObject').accessKeyId, 'test');
  calls = [];
  const forged = await getSignedUrl(sdk({ secretAccessKey: 'wrong' }), new GetObjectCommand({ Bucket: 'b', Key: 'k' }), { expiresIn: 60 });
  const refused = await fetch(forged);
  assert.equal(refused.status, 403);
  assert.match(await refused.text(), /<Code>SignatureDoesNotMatch<\/Code><Message>The request signature we calculated does not match the signature you provided\. Check your key and signing method\.<\/Message>/);
  assert.deepEqual(calls, []);
});

test('presigned GET (SDK v3): verified and served; past its expiry AccessDenied with the expiry elements; a changed signature refused', async () => {
  calls = [];
  const signed = await getSignedUrl(sdk(), new GetObjectCommand({ Bucket: 'b', Key: 'dir/ü k.txt' }), { expiresIn: 60 });
  const ok = await fetch(signed);
  assert.equal(ok.status, 200);
  assert.equal(await ok.text(), OBJECT.toString());
  assert.equal(only('GetObject').input.Key, 'dir/ü k.txt');
  assert.equal(only('GetObject').accessKeyId, 'test');

  const old = await getSignedUrl(sdk(), new GetObjectCommand({ Bucket: 'b', Key: 'k' }), { expiresIn: 60, signingDate: new Date(Date.now() - 3600_000) });
  const expired = await fetch(old);
  assert.equal(expired.status, 403);
  const text = await expired.text();
  assert.match(text, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<Error><Code>AccessDenied<\/Code><Message>Request has expired<\/Message><X-Amz-Expires>60<\/X-Amz-Expires><Expires>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ<\/Expires><ServerTime>[^<]+<\/ServerTime><RequestId>[0-9A-F]{16}<\/RequestId><HostId>[^<]+<\/HostId><\/Error>$/);

  const tampered = signed.replace(/X-Amz-Signature=([0-9a-f])/, (_, c: string) => `X-Amz-Signature=${c === '0' ? '1' : '0'}`);
  const refused = await fetch(tampered);
  assert.equal(refused.status, 403);
  assert.match(await refused.text(), /<Code>SignatureDoesNotMatch<\/Code>.*<AWSAccessKeyId>test<\/AWSAccessKeyId><StringToSign>AWS4-HMAC-SHA256\n/s);
});

/** An HTTP request to the server with a Host header of its own (virtual-hosted names do not resolve here). */
function hostRequest(host: string, method: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method, path, headers: { ...headers, host } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('virtual-hosted names: an anonymous GET to b.s3.localhost reaches GetObject without a key id; a signed one is verified against the name it was signed for', async () => {
  calls = [];
  const anonymous = await hostRequest(`b.s3.us-west-2.localhost:${port}`, 'GET', '/dir/a%20b.txt');
  assert.equal(anonymous.status, 200);
  assert.equal(anonymous.body, OBJECT.toString());
  assert.equal(anonymous.headers['server'], 'AmazonS3');
  assert.match(String(anonymous.headers['x-amz-request-id']), /^[0-9A-F]{16}$/);
  assert.deepEqual(only('GetObject'), { operation: 'GetObject', input: { Bucket: 'b', Key: 'dir/a b.txt' }, accessKeyId: undefined, region: 'us-west-2' });

  calls = [];
  const s3 = new S3Client({ endpoint: `http://s3.localhost:${port}`, region: 'us-east-1', credentials: CREDENTIALS });
  // Sent to 127.0.0.1 after signing, with the Host header it was signed with.
  s3.middlewareStack.add(
    (next) => async (args) => {
      (args.request as { hostname: string }).hostname = '127.0.0.1';
      return next(args);
    },
    { step: 'deserialize', name: 'toLoopback' },
  );
  await s3.send(new PutObjectCommand({ Bucket: 'vb', Key: 'x/y', Body: 'virtual' }));
  assert.deepEqual([only('PutObject').input.Bucket, only('PutObject').input.Key, only('PutObject').body?.toString()], ['vb', 'x/y', 'virtual']);

  const unsignedPathStyle = await hostRequest(`127.0.0.1:${port}`, 'GET', '/b/k');
  assert.notEqual(unsignedPathStyle.headers['server'], 'AmazonS3', 'an unsigned request on a plain host is not S3');
});

test('HEAD errors have no body', async () => {
  const r = await hostRequest(`b.s3.localhost:${port}`, 'HEAD', '/missing');
  assert.equal(r.status, 404);
  assert.equal(r.body, '');
});

test('AWS CLI v2: put-object with a unicode key, get-object with a range, list-objects-v2, and `s3 cp` of a 9 MB file (multipart)', async () => {
  calls = [];
  const small = join(dir, 'small.txt');
  writeFileSync(small, 'hello cli\n');
  const cli = (args: string[]) => run('/usr/bin/aws', ['--endpoint-url', url, '--output', 'json', ...args], { env: ENV });
  await cli(['s3api', 'put-object', '--bucket', 'b', '--key', 'dir/ü k+~!.txt', '--body', small]);
  const put = only('PutObject');
  assert.equal(put.input.Key, 'dir/ü k+~!.txt');
  assert.equal(put.body!.toString(), 'hello cli\n');

  const out = join(dir, 'out.bin');
  const got = JSON.parse((await cli(['s3api', 'get-object', '--bucket', 'b', '--key', 'k', '--range', 'bytes=0-3', out])).stdout) as Record<string, unknown>;
  assert.equal(got.ContentRange, 'bytes 0-3/20');
  const listed = JSON.parse((await cli(['s3api', 'list-objects-v2', '--bucket', 'b'])).stdout) as { Contents: Array<{ Key: string }> };
  assert.equal(listed.Contents[0]!.Key, 'dir/ü k.txt');

  calls = [];
  const big = join(dir, 'big.bin');
  const data = randomBytes(9 * 1024 * 1024);
  writeFileSync(big, data);
  await cli(['s3', 'cp', big, 's3://b/big file.bin']);
  const parts = calls.filter((c) => c.operation === 'UploadPart').sort((a, b) => Number(a.input.PartNumber) - Number(b.input.PartNumber));
  assert.equal(parts.length, 2);
  assert.deepEqual(Buffer.concat(parts.map((p) => p.body!)), data);
  assert.deepEqual(only('CompleteMultipartUpload').input.MultipartUpload, { Parts: [{ ETag: '"part-1"', PartNumber: 1 }, { ETag: '"part-2"', PartNumber: 2 }] });
  assert.equal(only('CreateMultipartUpload').input.Key, 'big file.bin');
});

test('AWS CLI v1: put-object (CRC32 header) verified', async () => {
  calls = [];
  const small = join(dir, 'v1.txt');
  writeFileSync(small, 'hello v1');
  await run('aws', ['--endpoint-url', url, 's3api', 'put-object', '--bucket', 'b', '--key', 'v1/ü k.txt', '--body', small], { env: ENV });
  const put = only('PutObject');
  assert.equal(put.input.Key, 'v1/ü k.txt');
  assert.equal(put.body!.toString(), 'hello v1');
  assert.equal(put.input.ChecksumAlgorithm, 'CRC32');
});

test('boto3: put_object, upload_file, get_object, presigned URLs (SigV4 and the default SigV2)', async () => {
  calls = [];
  const script = `
import boto3, json, urllib.request
from botocore.config import Config
s3 = boto3.client('s3', endpoint_url=${JSON.stringify(url)})
s3.put_object(Bucket='b', Key='py/ü k.txt', Body=b'hello boto')
open(${JSON.stringify(join(dir, 'py.bin'))}, 'wb').write(b'x' * 10000)
s3.upload_file(${JSON.stringify(join(dir, 'py.bin'))}, 'b', 'py/up.bin')
body = s3.get_object(Bucket='b', Key='k', Range='bytes=10-19')['Body'].read().decode()
v4 = boto3.client('s3', endpoint_url=${JSON.stringify(url)}, config=Config(signature_version='s3v4')).generate_presigned_url('get_object', Params={'Bucket': 'b', 'Key': 'py/ü k.txt'}, ExpiresIn=60)
v2 = s3.generate_presigned_url('get_object', Params={'Bucket': 'b', 'Key': 'py/v2'}, ExpiresIn=60)
print(json.dumps({'range': body, 'v4': urllib.request.urlopen(v4).read().decode(), 'v2': urllib.request.urlopen(v2).read().decode()}))
`;
  const { stdout } = await run('python3', ['-c', script], { env: ENV });
  assert.deepEqual(JSON.parse(stdout), { range: 'abcdefghij', v4: OBJECT.toString(), v2: OBJECT.toString() });
  const puts = calls.filter((c) => c.operation === 'PutObject');
  assert.deepEqual(puts.map((p) => [p.input.Key, p.body!.length]), [['py/ü k.txt', 10], ['py/up.bin', 10000]]);
  assert.deepEqual(calls.filter((c) => c.operation === 'GetObject').map((c) => [c.input.Key, c.accessKeyId]), [['k', 'test'], ['py/ü k.txt', 'test'], ['py/v2', 'test']]);
});

test('boto3 over TLS (as from an instance): streamed uploads come aws-chunked with a CRC32 trailer, decoded', async () => {
  calls = [];
  const file = join(dir, 'tls.bin');
  const data = randomBytes(100_000);
  writeFileSync(file, data);
  const script = `
import boto3, warnings
warnings.filterwarnings('ignore')
s3 = boto3.client('s3', endpoint_url=${JSON.stringify(tlsUrl)}, verify=False)
s3.put_object(Bucket='b', Key='tls/ü k.txt', Body=b'hello tls')
s3.upload_file(${JSON.stringify(file)}, 'b', 'tls/file.bin')
`;
  await run('python3', ['-c', script], { env: ENV });
  const puts = calls.filter((c) => c.operation === 'PutObject');
  assert.equal(puts.length, 2);
  assert.equal(puts[0]!.body!.toString(), 'hello tls');
  assert.deepEqual(puts[1]!.body, data);
  for (const put of puts) {
    assert.equal(put.input.ContentEncoding, undefined);
    assert.deepEqual(Object.keys(put.trailers!), ['x-amz-checksum-crc32']);
  }
  assert.equal(puts[1]!.input.ContentLength, 100_000);
});

const AWKWARD_KEYS = ['a%b#c?d=e&f[g] h@i$j,k;l:m', 'x/./y/../z', 'tab\there', 'emoji 🪣/é', 'plus+and space', 'quote"s\'<>|^`{}'];

test('awkward keys verify and arrive intact from SDK v3 and boto3', async () => {
  calls = [];
  const s3 = sdk();
  for (const Key of AWKWARD_KEYS) await s3.send(new PutObjectCommand({ Bucket: 'b', Key, Body: 'x' }));
  const script = `
import boto3, json, sys
s3 = boto3.client('s3', endpoint_url=${JSON.stringify(url)})
for key in json.loads(sys.argv[1]):
    s3.put_object(Bucket='b', Key=key, Body=b'x')
`;
  await run('python3', ['-c', script, JSON.stringify(AWKWARD_KEYS)], { env: ENV });
  assert.deepEqual(
    calls.map((c) => c.input.Key),
    [...AWKWARD_KEYS, ...AWKWARD_KEYS],
  );
});
