import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { ServiceError } from '../shared/errors.js';
import { loadServiceModel } from './model.js';
import { RestXmlProtocol, s3HostId } from './rest-xml.js';
import type { WireRequest } from './types.js';

const protocol = new RestXmlProtocol(loadServiceModel('s3-2006-03-01'));

function request(method: string, target: string, headers: Record<string, string> = {}, body: string | Buffer = ''): WireRequest {
  const q = target.indexOf('?');
  return { method, path: q < 0 ? target : target.slice(0, q), query: q < 0 ? '' : target.slice(q + 1), headers, body: Buffer.from(body) };
}

function route(method: string, target: string, headers: Record<string, string> = {}): { operation: string; labels: Record<string, string> } | undefined {
  const m = protocol.match(request(method, target, headers));
  return m && { operation: m.operation.name, labels: m.labels };
}

function parse(method: string, target: string, headers: Record<string, string> = {}, body: string | Buffer = ''): { operation: string; input: Record<string, unknown> } {
  const r = request(method, target, headers, body);
  const m = protocol.match(r);
  assert.ok(m, `${method} ${target} names no operation`);
  return { operation: m.operation.name, input: protocol.parse(m, r) };
}

function errorOf(fn: () => unknown): ServiceError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ServiceError) return error;
    throw error;
  }
  assert.fail('no error');
}

const COPY = { 'x-amz-copy-source': '/src/k' };

test('operations S3 tells apart by method, template, a query key alone, or a header', () => {
  const cases: Array<[string, string, Record<string, string>, string]> = [
    ['GET', '/', {}, 'ListBuckets'],
    ['GET', '/b', {}, 'ListObjects'],
    ['GET', '/b/', {}, 'ListObjects'],
    ['GET', '/b?list-type=2&prefix=a', {}, 'ListObjectsV2'],
    ['GET', '/b?versions', {}, 'ListObjectVersions'],
    ['GET', '/b?uploads', {}, 'ListMultipartUploads'],
    ['GET', '/b?location', {}, 'GetBucketLocation'],
    ['GET', '/b?versioning', {}, 'GetBucketVersioning'],
    ['GET', '/b?policy', {}, 'GetBucketPolicy'],
    ['GET', '/b?lifecycle', {}, 'GetBucketLifecycleConfiguration'],
    ['PUT', '/b?lifecycle', {}, 'PutBucketLifecycleConfiguration'],
    ['GET', '/b?notification', {}, 'GetBucketNotificationConfiguration'],
    ['PUT', '/b?tagging', {}, 'PutBucketTagging'],
    ['PUT', '/b?cors', {}, 'PutBucketCors'],
    ['PUT', '/b?encryption', {}, 'PutBucketEncryption'],
    ['PUT', '/b?publicAccessBlock', {}, 'PutPublicAccessBlock'],
    ['PUT', '/b?ownershipControls', {}, 'PutBucketOwnershipControls'],
    ['HEAD', '/b', {}, 'HeadBucket'],
    ['PUT', '/b', {}, 'CreateBucket'],
    ['DELETE', '/b', {}, 'DeleteBucket'],
    ['POST', '/b/?delete=', {}, 'DeleteObjects'],
    ['PUT', '/b/k', {}, 'PutObject'],
    ['PUT', '/b/k?x-id=PutObject', {}, 'PutObject'],
    ['PUT', '/b/k', COPY, 'CopyObject'],
    ['PUT', '/b/k?partNumber=1&uploadId=u&x-id=UploadPart', {}, 'UploadPart'],
    ['PUT', '/b/k?partNumber=1&uploadId=u', COPY, 'UploadPartCopy'],
    ['PUT', '/b/k?tagging', {}, 'PutObjectTagging'],
    ['GET', '/b/k', {}, 'GetObject'],
    ['GET', '/b/k?uploadId=u', {}, 'ListParts'],
    ['GET', '/b/k?tagging', {}, 'GetObjectTagging'],
    ['HEAD', '/b/k', {}, 'HeadObject'],
    ['DELETE', '/b/k', {}, 'DeleteObject'],
    ['DELETE', '/b/k?uploadId=u', {}, 'AbortMultipartUpload'],
    ['POST', '/b/k?uploads=', {}, 'CreateMultipartUpload'],
    ['POST', '/b/k?uploadId=u', {}, 'CompleteMultipartUpload'],
  ];
  for (const [method, target, headers, operation] of cases) assert.equal(route(method, target, headers)?.operation, operation, `${method} ${target}`);
});

test('keys: greedy, percent-decoded, slashes and trailing slashes kept, + is a plus', () => {
  const cases: Array<[string, string]> = [
    ['/b/a/b/c.txt', 'a/b/c.txt'],
    ['/b/dir/', 'dir/'],
    ['/b//lead', '/lead'],
    ['/b/a%2Fb', 'a/b'],
    ['/b/a%20b+c', 'a b+c'],
    ['/b/%C3%BC%20k%2B~%21.txt', 'ü k+~!.txt'],
    ['/b/x~%21%27%28%29%2A', "x~!'()*"],
  ];
  for (const [path, key] of cases) assert.deepEqual(route('GET', path)?.labels, { Bucket: 'b', Key: key }, path);
});

test('a method a resource does not have is MethodNotAllowed, naming both', () => {
  assert.equal(route('PATCH', '/b/k'), undefined);
  const error = protocol.unknownOperation(request('PATCH', '/b/k'));
  assert.equal(error.code, 'MethodNotAllowed');
  assert.equal(error.status, 405);
  assert.equal(error.message, 'The specified method is not allowed against this resource.');
  assert.deepEqual(error.body, { Method: 'PATCH', ResourceType: 'OBJECT' });
  assert.deepEqual(protocol.unknownOperation(request('POST', '/b')).body, { Method: 'POST', ResourceType: 'BUCKET' });
});

test('headers, x-amz-meta- maps, query members, typed', () => {
  const { input } = parse('GET', '/b/k?versionId=v1&partNumber=2&response-content-type=text%2Fplain', {
    'if-modified-since': 'Wed, 12 Oct 2009 17:50:00 GMT',
    range: 'bytes=0-9',
    'x-amz-checksum-mode': 'ENABLED',
  });
  assert.deepEqual(input, {
    Bucket: 'b',
    Key: 'k',
    VersionId: 'v1',
    PartNumber: 2,
    ResponseContentType: 'text/plain',
    IfModifiedSince: new Date('2009-10-12T17:50:00Z'),
    Range: 'bytes=0-9',
    ChecksumMode: 'ENABLED',
  });
  const put = parse('PUT', '/b/k', { 'x-amz-meta-color': 'blue', 'x-amz-meta-a-b': 'c', 'content-type': 'text/plain', 'content-length': '5', 'x-amz-checksum-crc64nvme': 'AAAAAAAAAAA=' }, 'hello');
  assert.equal(put.input.ContentLength, 5);
  assert.equal(put.input.ContentType, 'text/plain');
  assert.equal(put.input.ChecksumCRC64NVME, 'AAAAAAAAAAA=');
  assert.deepEqual(put.input.Metadata, { color: 'blue', 'a-b': 'c' });
  assert.ok(put.input.Body instanceof Readable);
});

test('an aws-chunked PutObject: the decoded length is ContentLength, aws-chunked is not its encoding, the body is decoded', async () => {
  const body = '5\r\nhello\r\n0\r\nx-amz-checksum-crc32:NhCmhg==\r\n\r\n';
  const r = request('PUT', '/b/k?x-id=PutObject', {
    'content-encoding': 'aws-chunked',
    'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
    'x-amz-decoded-content-length': '5',
    'x-amz-trailer': 'x-amz-checksum-crc32',
    'transfer-encoding': 'chunked',
  });
  r.stream = Readable.from([Buffer.from(body)]);
  const m = protocol.match(r)!;
  const ready = await protocol.prepare(m, r);
  const input = protocol.parse(m, ready);
  assert.equal(input.ContentLength, 5);
  assert.equal(input.ContentEncoding, undefined);
  const stream = input.Body as Readable & { trailers: Record<string, string> };
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  assert.equal(Buffer.concat(chunks).toString(), 'hello');
  assert.deepEqual(stream.trailers, { 'x-amz-checksum-crc32': 'NhCmhg==' });
});

test('DeleteObjects: flattened <Object> list, entities and spaces kept', () => {
  const xml =
    '<?xml version="1.0" encoding="UTF-8"?><Delete xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Object><Key>a &amp; b</Key></Object><Object><Key> c </Key><VersionId>v1</VersionId></Object><Quiet>true</Quiet></Delete>';
  assert.deepEqual(parse('POST', '/b/?delete=', { 'content-type': 'application/xml' }, xml).input, {
    Bucket: 'b',
    Delete: { Objects: [{ Key: 'a & b' }, { Key: ' c ', VersionId: 'v1' }], Quiet: true },
  });
});

test('CompleteMultipartUpload: parts with their checksums (CRC64NVME from the model supplement)', () => {
  const xml =
    '<CompleteMultipartUpload xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Part><ETag>&quot;e1&quot;</ETag><ChecksumCRC32>AAAAAA==</ChecksumCRC32><PartNumber>1</PartNumber></Part><Part><ETag>"e2"</ETag><ChecksumCRC64NVME>BBBBBBBBBBB=</ChecksumCRC64NVME><PartNumber>2</PartNumber></Part></CompleteMultipartUpload>';
  assert.deepEqual(parse('POST', '/b/k?uploadId=u', { 'x-amz-checksum-type': 'FULL_OBJECT', 'x-amz-mp-object-size': '12' }, xml).input, {
    Bucket: 'b',
    Key: 'k',
    UploadId: 'u',
    ChecksumType: 'FULL_OBJECT',
    MpuObjectSize: 12,
    MultipartUpload: {
      Parts: [
        { ETag: '"e1"', ChecksumCRC32: 'AAAAAA==', PartNumber: 1 },
        { ETag: '"e2"', ChecksumCRC64NVME: 'BBBBBBBBBBB=', PartNumber: 2 },
      ],
    },
  });
});

test('wrapped lists, attributes (PutBucketTagging, PutBucketAcl) and a string payload (PutBucketPolicy)', () => {
  const tagging = '<Tagging><TagSet><Tag><Key>k1</Key><Value>v1</Value></Tag><Tag><Key>k2</Key><Value></Value></Tag></TagSet></Tagging>';
  assert.deepEqual(parse('PUT', '/b?tagging', {}, tagging).input, { Bucket: 'b', Tagging: { TagSet: [{ Key: 'k1', Value: 'v1' }, { Key: 'k2', Value: '' }] } });
  const acl =
    '<AccessControlPolicy><AccessControlList><Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="CanonicalUser"><ID>abc</ID></Grantee><Permission>READ</Permission></Grant></AccessControlList><Owner><ID>abc</ID></Owner></AccessControlPolicy>';
  assert.deepEqual(parse('PUT', '/b?acl', {}, acl).input.AccessControlPolicy, { Grants: [{ Grantee: { ID: 'abc', Type: 'CanonicalUser' }, Permission: 'READ' }], Owner: { ID: 'abc' } });
  const policy = '{"Version":"2012-10-17","Statement":[]}';
  assert.deepEqual(parse('PUT', '/b?policy', {}, policy).input, { Bucket: 'b', Policy: policy });
  assert.deepEqual(parse('PUT', '/b', {}, '').input, { Bucket: 'b' });
});

test('XML that is not well-formed, a DTD (entity expansion), or the wrong root is MalformedXML', () => {
  const bodies = [
    '<Delete><Object><Key>a</Key></Delete>',
    'not xml',
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><Delete><Object><Key>&lol2;</Key></Object></Delete>',
    '<Delete><Object><Key>&nbsp;</Key></Object></Delete>',
    '<Tagging><TagSet/></Tagging>',
    '<Delete/><Delete/>',
  ];
  for (const body of bodies) {
    const error = errorOf(() => parse('POST', '/b?delete', {}, body));
    assert.equal(error.code, 'MalformedXML', body);
    assert.equal(error.status, 400);
    assert.equal(error.message, 'The XML you provided was not well-formed or did not validate against our published schema');
  }
});

const RID = '4442587FB7D0A2F9';

test('ListObjectsV2 output: S3 root element and namespace, flattened Contents, ISO timestamps with milliseconds', () => {
  const op = protocol.model.operations.get('ListObjectsV2')!;
  const r = protocol.serialize(
    op,
    {
      IsTruncated: false,
      Name: 'b',
      Prefix: '',
      MaxKeys: 1000,
      KeyCount: 2,
      Contents: [
        { Key: 'a & b', LastModified: new Date('2009-10-12T17:50:30Z'), ETag: '"fba9dede5f27731c9771645a39863328"', Size: 434234, StorageClass: 'STANDARD' },
        { Key: 'c', LastModified: '2009-10-12T17:50:31.000Z', ETag: '"x"', Size: 0, StorageClass: 'STANDARD' },
      ],
      CommonPrefixes: [{ Prefix: 'photos/' }],
    },
    RID,
  );
  assert.equal(r.status, 200);
  assert.deepEqual(r.headers, { 'x-amz-request-id': RID, 'x-amz-id-2': s3HostId(RID), Server: 'AmazonS3', 'Content-Type': 'application/xml' });
  assert.equal(
    r.body,
    '<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><IsTruncated>false</IsTruncated>' +
      '<Contents><Key>a &amp; b</Key><LastModified>2009-10-12T17:50:30.000Z</LastModified><ETag>&quot;fba9dede5f27731c9771645a39863328&quot;</ETag><Size>434234</Size><StorageClass>STANDARD</StorageClass></Contents>' +
      '<Contents><Key>c</Key><LastModified>2009-10-12T17:50:31.000Z</LastModified><ETag>&quot;x&quot;</ETag><Size>0</Size><StorageClass>STANDARD</StorageClass></Contents>' +
      '<Name>b</Name><Prefix></Prefix><MaxKeys>1000</MaxKeys><CommonPrefixes><Prefix>photos/</Prefix></CommonPrefixes><KeyCount>2</KeyCount></ListBucketResult>',
  );
});

test('GetBucketLocation: the root is the value; us-east-1 (none) an empty element', () => {
  const op = protocol.model.operations.get('GetBucketLocation')!;
  assert.equal(protocol.serialize(op, { LocationConstraint: 'eu-west-1' }, RID).body, '<?xml version="1.0" encoding="UTF-8"?>\n<LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/">eu-west-1</LocationConstraint>');
  assert.equal(protocol.serialize(op, {}, RID).body, '<?xml version="1.0" encoding="UTF-8"?>\n<LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/"/>');
});

test('GetObject: header members (RFC 1123 dates, metadata), a streamed body; a range answers 206', () => {
  const op = protocol.model.operations.get('GetObject')!;
  const body = Readable.from([Buffer.from('0123456789')]);
  const r = protocol.serialize(
    op,
    { Body: body, ContentLength: 10, ContentRange: 'bytes 0-9/100', ContentType: 'text/plain', ETag: '"e"', LastModified: new Date('2009-10-12T17:50:00Z'), Metadata: { color: 'blue' }, AcceptRanges: 'bytes', ChecksumCRC64NVME: 'AAAAAAAAAAA=' },
    RID,
  );
  assert.equal(r.status, 206);
  assert.equal(r.body, body);
  assert.equal(r.headers['Last-Modified'], 'Mon, 12 Oct 2009 17:50:00 GMT');
  assert.equal(r.headers['Content-Length'], '10');
  assert.equal(r.headers['Content-Range'], 'bytes 0-9/100');
  assert.equal(r.headers['x-amz-meta-color'], 'blue');
  assert.equal(r.headers['x-amz-checksum-crc64nvme'], 'AAAAAAAAAAA=');
  assert.equal(protocol.serialize(op, { Body: 'abc' }, RID).status, 200);
});

test('outputs without a body (PutObject) are empty; GetBucketPolicy answers the policy text itself; CopyObject its result element', () => {
  const put = protocol.serialize(protocol.model.operations.get('PutObject')!, { ETag: '"e"', ChecksumCRC32: 'AAAAAA==' }, RID);
  assert.equal(put.body, '');
  assert.equal(put.headers.ETag, '"e"');
  assert.equal(protocol.serialize(protocol.model.operations.get('GetBucketPolicy')!, { Policy: '{"a":1}' }, RID).body, '{"a":1}');
  const copy = protocol.serialize(protocol.model.operations.get('CopyObject')!, { CopyObjectResult: { ETag: '"e"', LastModified: new Date('2020-01-01T00:00:00Z') } }, RID);
  assert.equal(copy.body, '<?xml version="1.0" encoding="UTF-8"?>\n<CopyObjectResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><ETag>&quot;e&quot;</ETag><LastModified>2020-01-01T00:00:00.000Z</LastModified></CopyObjectResult>');
  const del = protocol.serialize(protocol.model.operations.get('DeleteObjects')!, { Deleted: [{ Key: 'a' }], Errors: [{ Key: 'b', Code: 'AccessDenied', Message: 'Access Denied' }] }, RID);
  assert.equal(
    del.body,
    '<?xml version="1.0" encoding="UTF-8"?>\n<DeleteResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Deleted><Key>a</Key></Deleted><Error><Key>b</Key><Code>AccessDenied</Code><Message>Access Denied</Message></Error></DeleteResult>',
  );
});

test("errors: S3's <Error> with the extra elements in order, then RequestId and HostId; 304 has no body", () => {
  const r = protocol.serializeError(new ServiceError('NoSuchKey', 'The specified key does not exist.', 404, { body: { Key: 'a<b' } }), RID);
  assert.equal(r.status, 404);
  assert.equal(r.headers['Content-Type'], 'application/xml');
  assert.equal(r.headers['x-amz-request-id'], RID);
  assert.equal(
    r.body,
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message><Key>a&lt;b</Key><RequestId>${RID}</RequestId><HostId>${s3HostId(RID)}</HostId></Error>`,
  );
  const notModified = protocol.serializeError(new ServiceError('NotModified', 'Not Modified', 304, { headers: { ETag: '"e"' } }), RID);
  assert.equal(notModified.status, 304);
  assert.equal(notModified.body, '');
  assert.equal(notModified.headers.ETag, '"e"');
});
