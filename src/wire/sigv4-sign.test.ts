import assert from 'node:assert/strict';
import { test } from 'node:test';
import { signRequest } from './sigv4-sign.js';
import { signatureMatches } from './sigv4-verify.js';

const NOW = new Date('2026-03-04T05:06:07.000Z');

test('a request signed here is verified with its secret, and not with another', () => {
  const url = new URL('http://127.0.0.1:4566/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A000000000000%3Afunction%3Af/invocations?Qualifier=a b');
  const body = '{"x":1}';
  const headers = signRequest({ method: 'POST', url, headers: { 'Content-Type': 'application/json' }, body }, { accessKeyId: 'test', secret: 'test' }, 'us-east-1', 'lambda', NOW);
  assert.equal(headers['x-amz-date'], '20260304T050607Z');
  assert.match(headers['authorization']!, /^AWS4-HMAC-SHA256 Credential=test\/20260304\/us-east-1\/lambda\/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=[0-9a-f]{64}$/);
  const request = { method: 'POST', path: url.pathname, query: url.search.slice(1), headers: { ...headers, host: url.host }, body: Buffer.from(body) };
  assert.equal(signatureMatches(request, 'test', NOW), true);
  assert.equal(signatureMatches(request, 'other', NOW), false);
  assert.equal(signatureMatches({ ...request, body: Buffer.from('{"x":2}') }, 'test', NOW), false);
});
