import assert from 'node:assert/strict';
import { test } from 'node:test';
import { accessDenied, forbidden, internalServerError, maskAccount, missingAuthenticationToken } from './gateway-error.js';

test("AWS's default gateway responses, byte for byte", () => {
  assert.equal(forbidden().body, '{"message":"Forbidden"}');
  assert.equal(Buffer.byteLength(forbidden().body), 23, 'Content-Length 23, as captured');
  assert.equal(missingAuthenticationToken().body, '{"message":"Missing Authentication Token"}');
  assert.equal(internalServerError(502).body, '{"message": "Internal server error"}');
  assert.equal(Buffer.byteLength(internalServerError(502).body), 36, 'Content-Length 36, as recorded');
});

test('resource-policy denials mask the account and say when the deny was explicit', () => {
  assert.equal(maskAccount('arn:aws:execute-api:us-west-2:767553057089:u1hp5d8r0b/api/GET/prod'), 'arn:aws:execute-api:us-west-2:********7089:u1hp5d8r0b/api/GET/prod');
  assert.equal(
    accessDenied('arn:aws:execute-api:us-west-2:767553057089:u1hp5d8r0b/api/GET/prod', false).body,
    '{"Message":"User: anonymous is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-west-2:********7089:u1hp5d8r0b/api/GET/prod"}',
  );
  assert.equal(Buffer.byteLength(accessDenied('arn:aws:execute-api:us-west-2:767553057089:u1hp5d8r0b/api/GET/prod', false).body), 158, 'Content-Length 158, as captured');
  const explicit = accessDenied('arn:aws:execute-api:us-east-1:123456783458:zr8nirlpz3/dev/GET/bookmarks/e0a043d2-f6f9-48c0-82b6-8928bd09093b', true);
  assert.equal(explicit.body, '{"Message":"User: anonymous is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:********3458:zr8nirlpz3/dev/GET/bookmarks/e0a043d2-f6f9-48c0-82b6-8928bd09093b with an explicit deny"}');
  assert.equal(explicit.status, 403);
  assert.equal(explicit.errorType, 'AccessDeniedException');
});
