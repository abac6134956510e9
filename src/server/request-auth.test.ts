import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { createAccessKey, deleteAccessKey, updateAccessKey } from '../services/iam/access-keys.js';
import { credentials, credentialStatus, type IssuedCredential } from '../services/iam/credentials.js';
import { createUser } from '../services/iam/users.js';
import type { OperationContext } from '../services/types.js';
import { ServiceError } from '../shared/errors.js';
import { openSqliteStore } from '../store/sqlite/sqlite-store.js';
import { signRequest } from '../wire/sigv4-sign.js';
import type { WireRequest } from '../wire/types.js';
import type { App } from './app.js';
import type { ProtocolFamily } from './auth-errors.js';
import { checkCaller, checkSigV2Caller } from './request-auth.js';

const store = openSqliteStore(':memory:');
after(() => store.close());
const NOW = new Date('2026-05-01T12:00:00.000Z');
const app = (strictAuth: boolean) => ({ resolved: { strictAuth }, store }) as unknown as App;

const SESSION: IssuedCredential = {
  AccessKeyId: 'ASIAAAAAAAAAAAAAAAAA',
  SecretAccessKey: 'session-secret',
  SessionToken: 'the-token',
  Expiration: '2026-05-01T13:00:00Z',
  Status: 'Active',
  CreateDate: '2026-05-01T11:00:00Z',
  identity: { kind: 'root', account: '111122223333' },
};
store.transaction(() => credentials(store).insert({ account: '111122223333', region: 'us-east-1' }, '', SESSION.AccessKeyId, SESSION));

function signed(key: { accessKeyId: string; secret: string }, token: string | undefined, at = NOW): WireRequest {
  const url = new URL('http://127.0.0.1:4566/');
  const body = 'Action=GetCallerIdentity&Version=2011-06-15';
  const extra: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (token !== undefined) extra['x-amz-security-token'] = token;
  const headers = signRequest({ method: 'POST', url, headers: extra, body }, key, 'us-east-1', 'sts', at);
  return { method: 'POST', path: '/', query: '', headers: { ...headers, host: url.host }, body: Buffer.from(body) };
}

function refused(request: WireRequest, family: ProtocolFamily, now: Date, code: string, status: number, message: string, strict = false): void {
  assert.throws(
    () => checkCaller(app(strict), request, family, now),
    (e: unknown) => e instanceof ServiceError && e.code === code && e.status === status && e.message === message,
  );
}

const session = { accessKeyId: SESSION.AccessKeyId, secret: SESSION.SecretAccessKey };

test('a session with its own token, in time: verified', () => {
  assert.deepEqual(checkCaller(app(false), signed(session, 'the-token'), 'query', NOW), { secret: 'session-secret' });
});

test('a session without its token, or with another: the invalid-token answer of each family', () => {
  refused(signed(session, undefined), 'query', NOW, 'InvalidClientTokenId', 403, 'The security token included in the request is invalid.');
  refused(signed(session, 'another'), 'json', NOW, 'UnrecognizedClientException', 400, 'The security token included in the request is invalid.');
  refused(signed(session, 'another'), 'rest-xml', NOW, 'InvalidToken', 400, 'The provided token is malformed or otherwise invalid.');
});

test('an expired session: ExpiredToken in each family\'s words', () => {
  const later = new Date('2026-05-01T13:00:01.000Z');
  const request = signed(session, 'the-token', later);
  refused(request, 'query', later, 'ExpiredToken', 403, 'The security token included in the request is expired');
  refused(request, 'json', later, 'ExpiredTokenException', 400, 'The security token included in the request is expired');
  refused(request, 'rest-json', later, 'ExpiredTokenException', 403, 'The security token included in the request is expired');
  refused(request, 'rest-xml', later, 'ExpiredToken', 400, 'The provided token has expired.');
  refused(request, 'ec2', later, 'RequestExpired', 400, 'Request has expired.');
});

test('clock skew: more than 15 minutes either way', () => {
  const early = new Date(NOW.getTime() - 16 * 60 * 1000);
  refused(signed(session, 'the-token', early), 'query', NOW, 'SignatureDoesNotMatch', 403, 'Signature expired: 20260501T114400Z is now earlier than 20260501T114500Z (20260501T120000Z - 15 min.)');
  const ahead = new Date(NOW.getTime() + 16 * 60 * 1000);
  refused(signed(session, 'the-token', ahead), 'json', NOW, 'InvalidSignatureException', 400, 'Signature not yet current: 20260501T121600Z is still later than 20260501T121500Z (20260501T120000Z + 15 min.)');
  assert.deepEqual(checkCaller(app(false), signed(session, 'the-token', new Date(NOW.getTime() - 14 * 60 * 1000)), 'query', NOW), { secret: 'session-secret' });
});

test('without --strict-auth any other key is taken unverified; with it, only known ones', () => {
  const stranger = signed({ accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secret: 'x' }, undefined);
  assert.deepEqual(checkCaller(app(false), stranger, 'query', NOW), { secret: undefined });
  refused(stranger, 'query', NOW, 'InvalidClientTokenId', 403, 'The security token included in the request is invalid.', true);
  assert.deepEqual(checkCaller(app(true), signed({ accessKeyId: 'test', secret: 'test' }, undefined), 'query', NOW), { secret: 'test' });
  // What Lambda functions sign with: their account as the key, `gatehouse` as the secret.
  assert.deepEqual(checkCaller(app(true), signed({ accessKeyId: '111122223333', secret: 'gatehouse' }, 'gatehouse'), 'json', NOW), { secret: 'gatehouse' });
  refused(signed({ accessKeyId: '111122223333', secret: 'other' }, undefined), 'json', NOW, 'InvalidSignatureException', 400, 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.', true);
  refused(signed({ accessKeyId: 'test', secret: 'nope' }, undefined), 'rest-json', NOW, 'InvalidSignatureException', 403, 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.', true);
  const unsigned: WireRequest = { method: 'GET', path: '/restapis', query: '', headers: { host: 'x' }, body: Buffer.alloc(0) };
  assert.deepEqual(checkCaller(app(false), unsigned, 'rest-json', NOW), { secret: undefined });
  refused(unsigned, 'rest-json', NOW, 'MissingAuthenticationTokenException', 403, 'Missing Authentication Token', true);
  assert.deepEqual(checkCaller(app(true), unsigned, 'rest-xml', NOW), { secret: undefined });
});

test('an access key deactivated, then deleted: refused every time, never taken for the root; the status says why', () => {
  const ctx: OperationContext = { scope: { account: '111122223333', region: 'us-east-1' }, accessKeyId: 'test', requestId: 'r', store, clock: { now: () => NOW } };
  const run = <I, O>(handler: (input: I, c: OperationContext) => O, input: I): O => store.transaction(() => handler(input, ctx));
  run(createUser, { UserName: 'bob' });
  const key = run(createAccessKey, { UserName: 'bob' }).AccessKey;
  const bob = { accessKeyId: key.AccessKeyId, secret: key.SecretAccessKey };
  assert.equal(credentialStatus(store, key.AccessKeyId, NOW).kind, 'issued');
  assert.deepEqual(checkCaller(app(false), signed(bob, undefined), 'query', NOW), { secret: key.SecretAccessKey });
  run(updateAccessKey, { UserName: 'bob', AccessKeyId: key.AccessKeyId, Status: 'Inactive' });
  assert.equal(credentialStatus(store, key.AccessKeyId, NOW).kind, 'inactive');
  refused(signed(bob, undefined), 'query', NOW, 'InvalidClientTokenId', 403, 'The security token included in the request is invalid.');
  run(deleteAccessKey, { UserName: 'bob', AccessKeyId: key.AccessKeyId });
  const status = credentialStatus(store, key.AccessKeyId, NOW);
  assert.deepEqual([status.kind, status.kind === 'unknown' ? '' : status.account], ['inactive', '111122223333']);
  refused(signed(bob, undefined), 'rest-json', NOW, 'UnrecognizedClientException', 403, 'The security token included in the request is invalid.');
  refused(signed(bob, undefined), 'rest-xml', NOW, 'InvalidAccessKeyId', 403, 'The AWS Access Key Id you provided does not exist in our records.');
  // A SigV2 presigned URL (boto3's default) made with it is refused too.
  const v2: WireRequest = { method: 'GET', path: '/b/k', query: `AWSAccessKeyId=${key.AccessKeyId}&Signature=x&Expires=9999999999`, headers: {}, body: Buffer.alloc(0) };
  assert.throws(() => checkSigV2Caller(app(false), v2, key.AccessKeyId, NOW), (e: unknown) => e instanceof ServiceError && e.code === 'InvalidAccessKeyId');
  assert.equal(credentialStatus(store, 'AKIAIOSFODNN7EXAMPLE', NOW).kind, 'unknown');
});
