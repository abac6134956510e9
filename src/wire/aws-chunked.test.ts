import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ServiceError } from '../shared/errors.js';
import { AwsChunkedDecoder, contentEncodingWithoutChunked, isAwsChunked } from './aws-chunked.js';
import { verifySignature, type ChunkSigning } from './sigv4-verify.js';

// The example of AWS's "Signature Calculations for the Authorization Header: Transferring Payload in Multiple
// Chunks" (S3 API reference, sigv4-streaming): 66560 bytes of 'a' in chunks of 64 KB and 1 KB.
const EXAMPLE_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const EXAMPLE_HEADERS = {
  host: 's3.amazonaws.com',
  'x-amz-date': '20130524T000000Z',
  'x-amz-storage-class': 'REDUCED_REDUNDANCY',
  authorization:
    'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=content-encoding;content-length;host;x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;x-amz-storage-class,Signature=4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9',
  'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
  'content-encoding': 'aws-chunked',
  'x-amz-decoded-content-length': '66560',
  'content-length': '66824',
};
const CHUNK_SIGNATURES = [
  'ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648',
  '0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497',
  'b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9',
];

function exampleBody(signatures = CHUNK_SIGNATURES): Buffer {
  return Buffer.concat([
    Buffer.from(`10000;chunk-signature=${signatures[0]}\r\n`),
    Buffer.alloc(65536, 'a'),
    Buffer.from(`\r\n400;chunk-signature=${signatures[1]}\r\n`),
    Buffer.alloc(1024, 'a'),
    Buffer.from(`\r\n0;chunk-signature=${signatures[2]}\r\n\r\n`),
  ]);
}

function exampleSigning(): ChunkSigning {
  const signing = verifySignature({ method: 'PUT', path: '/examplebucket/chunkObject.txt', query: '', headers: EXAMPLE_HEADERS }, new Date('2013-05-24T00:00:00Z'), () => EXAMPLE_SECRET);
  assert.ok(signing);
  return signing;
}

/** Feeds `body` in pieces of `step` bytes; resolves with the payload and trailers, or the decoder's error. */
function decode(headers: Record<string, string>, body: Buffer, signing?: ChunkSigning, step = 1000): Promise<{ payload: Buffer; trailers: Record<string, string> } | ServiceError> {
  const decoder = new AwsChunkedDecoder(headers, signing);
  const chunks: Buffer[] = [];
  return new Promise((resolve) => {
    decoder.on('data', (c: Buffer) => chunks.push(c));
    decoder.on('end', () => resolve({ payload: Buffer.concat(chunks), trailers: { ...decoder.trailers } }));
    decoder.on('error', (e) => resolve(e as ServiceError));
    for (let i = 0; i < body.length; i += step) decoder.write(body.subarray(i, i + step));
    decoder.end();
  });
}

test("AWS's chunked-upload example: the seed signature and every chunk signature verify", async () => {
  const signing = exampleSigning();
  assert.equal(signing.seedSignature, '4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9');
  assert.equal(exampleBody().length, 66824);
  const result = await decode(EXAMPLE_HEADERS, exampleBody(), signing, 777);
  assert.ok(!(result instanceof Error));
  assert.deepEqual(result.payload, Buffer.alloc(66560, 'a'));
});

test('a chunk whose signature does not match fails with SignatureDoesNotMatch', async () => {
  const bad = [...CHUNK_SIGNATURES];
  bad[1] = '0'.repeat(64);
  const result = await decode(EXAMPLE_HEADERS, exampleBody(bad), exampleSigning());
  assert.ok(result instanceof ServiceError);
  assert.equal(result.code, 'SignatureDoesNotMatch');
  assert.equal(result.status, 403);
});

test('with an unknown secret the chunk signatures are read, not verified', async () => {
  const bad = [...CHUNK_SIGNATURES];
  bad[0] = '1'.repeat(64);
  const result = await decode(EXAMPLE_HEADERS, exampleBody(bad));
  assert.ok(!(result instanceof Error));
  assert.equal(result.payload.length, 66560);
});

const UNSIGNED_TRAILER = {
  'content-encoding': 'aws-chunked',
  'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
  'x-amz-decoded-content-length': '11',
  'x-amz-trailer': 'x-amz-checksum-crc32',
};

test('STREAMING-UNSIGNED-PAYLOAD-TRAILER: the payload, then the checksum trailer (as SDK v3 sends it)', async () => {
  const body = Buffer.from('5\r\nhello\r\n6\r\n world\r\n0\r\nx-amz-checksum-crc32:DUoRhQ==\r\n\r\n');
  for (const step of [1, 3, body.length]) {
    const result = await decode(UNSIGNED_TRAILER, body, undefined, step);
    assert.ok(!(result instanceof Error), `step ${step}`);
    assert.equal(result.payload.toString(), 'hello world');
    assert.deepEqual(result.trailers, { 'x-amz-checksum-crc32': 'DUoRhQ==' });
  }
});

test('malformed framing is IncompleteBody: a bad size, a missing CRLF, a short body, no final chunk, a length that disagrees', async () => {
  const cases = [
    'zz\r\nhello\r\n0\r\n\r\n',
    '5\r\nhelloX\r\n0\r\n\r\n',
    '5\r\nhel',
    '5\r\nhello\r\n6\r\n world\r\n',
    '5\r\nhello\r\n0\r\n\r\n',
    '5\nhello\r\n6\r\n world\r\n0\r\n\r\n',
  ];
  for (const text of cases) {
    const result = await decode(UNSIGNED_TRAILER, Buffer.from(text));
    assert.ok(result instanceof ServiceError, JSON.stringify(text));
    assert.equal(result.code, 'IncompleteBody');
    assert.equal(result.message, 'The request body terminated unexpectedly');
    assert.equal(result.status, 400);
  }
});

test('a signed stream whose non-final chunk is under 8 KB is InvalidChunkSizeError', async () => {
  const body = Buffer.from(`5;chunk-signature=${'a'.repeat(64)}\r\nhello\r\n6;chunk-signature=${'b'.repeat(64)}\r\n world\r\n0;chunk-signature=${'c'.repeat(64)}\r\n\r\n`);
  const result = await decode({ ...UNSIGNED_TRAILER, 'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD' }, body);
  assert.ok(result instanceof ServiceError);
  assert.equal(result.code, 'InvalidChunkSizeError');
  assert.equal(result.message, 'Only the last chunk is allowed to have a size less than 8192 bytes');
  assert.deepEqual(result.body, { Chunk: '1', BadChunkSize: '5' });
});

test('aws-chunked is announced by the payload hash or Content-Encoding; the encoding left for the object drops it', () => {
  assert.equal(isAwsChunked({ 'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER' }), true);
  assert.equal(isAwsChunked({ 'content-encoding': 'gzip, aws-chunked', 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' }), true);
  assert.equal(isAwsChunked({ 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' }), false);
  assert.equal(contentEncodingWithoutChunked('aws-chunked'), undefined);
  assert.equal(contentEncodingWithoutChunked('aws-chunked,gzip'), 'gzip');
});
