import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ServiceError } from '../shared/errors.js';
import { deriveKey, hmac, sha256Hex, uriEncode, verifySignature, type SignedRequest } from './sigv4-verify.js';

const secretOf = (id: string): string | undefined => (id === 'test' ? 'test' : undefined);

/** A presigned GET built the way SigV4 says (host only signed, UNSIGNED-PAYLOAD), for these tests. */
function presign(path: string, amzDate: string, expires: number, extraQuery = ''): SignedRequest {
  const date = amzDate.slice(0, 8);
  const params = new URLSearchParams({
    'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
    'X-Amz-Credential': `test/${date}/us-east-1/s3/aws4_request`,
    'X-Amz-Date': amzDate,
    'X-Amz-Expires': String(expires),
    'X-Amz-SignedHeaders': 'host',
  });
  const pairs = [...params].map(([k, v]) => [uriEncode(k), uriEncode(v)] as const);
  if (extraQuery) pairs.push(...extraQuery.split('&').map((p) => p.split('=') as [string, string]));
  const sorted = [...pairs].sort(([a], [b]) => (a < b ? -1 : 1));
  const canonical = ['GET', path, sorted.map(([k, v]) => `${k}=${v}`).join('&'), 'host:127.0.0.1:4566\n', 'host', 'UNSIGNED-PAYLOAD'].join('\n');
  const stringToSign = `AWS4-HMAC-SHA256\n${amzDate}\n${date}/us-east-1/s3/aws4_request\n${sha256Hex(canonical)}`;
  const signature = hmac(deriveKey('test', date, 'us-east-1', 's3'), stringToSign).toString('hex');
  const query = `${pairs.map(([k, v]) => `${k}=${v}`).join('&')}&X-Amz-Signature=${signature}`;
  return { method: 'GET', path, query, headers: { host: '127.0.0.1:4566' } };
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

test('a presigned URL verifies within its expiry, with a query of its own and an encoded key', () => {
  const request = presign('/b/dir/%C3%BC%20k.txt', '20261206T120000Z', 60, 'versionId=v1');
  const signing = verifySignature(request, new Date('2026-12-06T12:00:30Z'), secretOf);
  assert.equal(signing?.scope, '20261206/us-east-1/s3/aws4_request');
});

test('past its expiry: AccessDenied "Request has expired" with X-Amz-Expires, Expires and ServerTime (whatever the key)', () => {
  for (const secret of [secretOf, () => undefined]) {
    const error = errorOf(() => verifySignature(presign('/b/k', '20261206T120000Z', 60), new Date('2026-12-06T12:01:01.500Z'), secret));
    assert.equal(error.code, 'AccessDenied');
    assert.equal(error.status, 403);
    assert.equal(error.message, 'Request has expired');
    assert.deepEqual(error.body, { 'X-Amz-Expires': '60', Expires: '2026-12-06T12:01:00Z', ServerTime: '2026-12-06T12:01:01Z' });
  }
});

test('an expiry over a week is AuthorizationQueryParametersError', () => {
  const error = errorOf(() => verifySignature(presign('/b/k', '20261206T120000Z', 604801), new Date('2026-12-06T12:00:00Z'), secretOf));
  assert.equal(error.code, 'AuthorizationQueryParametersError');
  assert.equal(error.message, 'X-Amz-Expires must be less than a week (in seconds) that is 604800');
});

test('a changed path or signature is SignatureDoesNotMatch, with what S3 says it signed', () => {
  const request = presign('/b/k', '20261206T120000Z', 60);
  const error = errorOf(() => verifySignature({ ...request, path: '/b/other' }, new Date('2026-12-06T12:00:00Z'), secretOf));
  assert.equal(error.code, 'SignatureDoesNotMatch');
  assert.equal(error.message, 'The request signature we calculated does not match the signature you provided. Check your key and signing method.');
  const body = error.body as Record<string, string>;
  assert.equal(body.AWSAccessKeyId, 'test');
  assert.match(body.StringToSign!, /^AWS4-HMAC-SHA256\n20261206T120000Z\n20261206\/us-east-1\/s3\/aws4_request\n[0-9a-f]{64}$/);
  assert.match(body.CanonicalRequest!, /^GET\n\/b\/other\n/);
  assert.equal(body.StringToSignBytes!.split(' ')[0], '41');
});

test('an unknown key, an unsigned request, another algorithm: nothing to verify', () => {
  const request = presign('/b/k', '20261206T120000Z', 60);
  assert.equal(verifySignature(request, new Date('2026-12-06T12:00:00Z'), () => undefined), undefined);
  assert.equal(verifySignature({ method: 'GET', path: '/b/k', query: '', headers: {} }, new Date(), secretOf), undefined);
  assert.equal(verifySignature({ method: 'GET', path: '/b/k', query: '', headers: { authorization: 'AWS test:abc' } }, new Date(), secretOf), undefined);
});
