import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { authenticate, rootIdentity, type CallerDirectory, type KnownCredential, type SigV4Options, type SigV4Outcome } from './sigv4-caller.js';
import { signedRequest } from './test-support/sigv4-sign.js';

const NOW = new Date('2026-12-06T18:00:00Z');
const USER: KnownCredential = {
  secret: 'user-secret',
  active: true,
  identity: { kind: 'user', arn: 'arn:aws:iam::111122223333:user/alice', account: '111122223333', userId: 'AIDAEXAMPLEUSER000001', principalArn: 'arn:aws:iam::111122223333:user/alice', userName: 'alice' },
};
const SESSION: KnownCredential = {
  secret: 'session-secret',
  sessionToken: 'FwoGZXIvYXdzEtoken',
  expiration: NOW.getTime() + 3600_000,
  active: true,
  identity: { kind: 'assumed-role', arn: 'arn:aws:sts::111122223333:assumed-role/Reader/s1', account: '111122223333', userId: 'AROAEXAMPLEROLE000001:s1', principalArn: 'arn:aws:iam::111122223333:role/Reader' },
};
const KEYS: Record<string, KnownCredential> = {
  test: { secret: 'test', active: true, identity: rootIdentity('000000000000') },
  AKIAUSER: USER,
  ASIASESSION: SESSION,
  AKIAINACTIVE: { ...USER, active: false },
  ASIAEXPIRED: { ...SESSION, expiration: NOW.getTime() - 1000 },
};
const directory: CallerDirectory = { credential: (id) => KEYS[id], identityPolicies: () => [] };
const options: SigV4Options = { directory, defaultAccount: '000000000000' };

const refusal = (o: SigV4Outcome): { status: number; errorType: string; body: string } => {
  assert.notEqual(o.kind, 'caller', 'expected a refusal');
  const e = (o as { refusal: { status: number; errorType: string; body: string } }).refusal;
  return { status: e.status, errorType: e.errorType, body: e.body };
};
const message = (o: SigV4Outcome): string => (JSON.parse(refusal(o).body) as { message: string }).message;
const bare = (headers: Record<string, string> = {}): Parameters<typeof authenticate>[0] => ({ method: 'GET', url: '/prod/pets', headers, body: Buffer.alloc(0) });

describe('execute-api SigV4 callers', () => {
  it('an unsigned request is anonymous; an AWS_IAM method answers Missing Authentication Token', () => {
    const o = authenticate(bare(), 'us-east-1', NOW, options);
    assert.equal(o.kind, 'anonymous');
    assert.deepEqual(refusal(o), { status: 403, errorType: 'MissingAuthenticationTokenException', body: '{"message":"Missing Authentication Token"}' });
  });

  it('a bearer token is anonymous (not SigV4), and an AWS_IAM method answers with the key=value complaint', () => {
    const o = authenticate(bare({ authorization: 'Bearer sometoken', 'x-amz-date': '20261206T180000Z' }), 'us-east-1', NOW, options);
    assert.equal(o.kind, 'anonymous');
    assert.equal(refusal(o).errorType, 'IncompleteSignatureException');
    assert.equal(message(o), "'sometoken' not a valid key=value pair (missing equal-sign) in Authorization header: 'Bearer sometoken'.");
  });

  it('a token with no scheme lists every missing part, then the header', () => {
    const o = authenticate(bare({ authorization: 'eyJhbGciOiJIUzI1NiJ9.e30.sig' }), 'us-east-1', NOW, options);
    assert.equal(o.kind, 'anonymous');
    assert.equal(
      message(o),
      "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=eyJhbGciOiJIUzI1NiJ9.e30.sig",
    );
  });

  it('a SigV4 header with parts missing is refused (an invalid SigV4, also at a VPC endpoint)', () => {
    const o = authenticate(bare({ authorization: 'AWS4-HMAC-SHA256 Credential=test/20261206/us-east-1/execute-api/aws4_request', 'x-amz-date': '20261206T180000Z' }), 'us-east-1', NOW, options);
    assert.equal(o.kind, 'refused');
    assert.equal(refusal(o).errorType, 'IncompleteSignatureException');
    assert.equal(message(o), "Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization=AWS4-HMAC-SHA256 Credential=test/20261206/us-east-1/execute-api/aws4_request");
  });

  it('test/test signed by SDK v3 is the default account root, verified', async () => {
    const o = authenticate(await signedRequest(), 'us-east-1', NOW, options);
    assert.deepEqual(o, { kind: 'caller', caller: { accessKeyId: 'test', identity: rootIdentity('000000000000'), verified: true } });
  });

  it('a body is signed by its SHA-256, with or without x-amz-content-sha256, in the header or the query form', async () => {
    for (const applyChecksum of [false, true]) {
      const r = await signedRequest({ method: 'POST', body: '{"a":1}', headers: { 'content-type': 'application/json' }, applyChecksum, key: { accessKeyId: 'AKIAUSER', secretAccessKey: 'user-secret' } });
      assert.equal(applyChecksum, r.headers['x-amz-content-sha256'] !== undefined);
      const o = authenticate(r, 'us-east-1', NOW, options);
      assert.equal(o.kind, 'caller', JSON.stringify(o));
    }
    const presigned = await signedRequest({ presign: true, query: { a: 'b c' }, key: { accessKeyId: 'AKIAUSER', secretAccessKey: 'user-secret' } });
    assert.match(presigned.url, /X-Amz-Signature=/);
    assert.equal(authenticate(presigned, 'us-east-1', NOW, options).kind, 'caller');
  });

  it('paths with characters that need encoding verify (the SDK encodes them twice in the canonical path)', async () => {
    const o = authenticate(await signedRequest({ path: '/prod/pets/a b~c', query: { q: 'x/y', empty: '' } }), 'us-east-1', NOW, options);
    assert.equal(o.kind, 'caller');
  });

  it('a wrong secret: InvalidSignatureException with the canonical request and string to sign', async () => {
    const r = await signedRequest({ key: { accessKeyId: 'AKIAUSER', secretAccessKey: 'wrong' } });
    const o = authenticate(r, 'us-east-1', NOW, options);
    assert.equal(refusal(o).errorType, 'InvalidSignatureException');
    assert.equal(
      message(o),
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.\n\n' +
        "The Canonical String for this request should have been\n'GET\n/prod/pets\n\nhost:abc123.execute-api.us-east-1.amazonaws.com\nx-amz-date:20261206T180000Z\n\nhost;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'\n\n" +
        "The String-to-Sign should have been\n'AWS4-HMAC-SHA256\n20261206T180000Z\n20261206/us-east-1/execute-api/aws4_request\n" +
        `${message(o).split('\n').at(-2)!.replace(/'$/, '')}'\n`,
    );
  });

  it('a tampered request no longer matches', async () => {
    const r = await signedRequest({ method: 'POST', body: 'one' });
    assert.equal(authenticate({ ...r, body: Buffer.from('two') }, 'us-east-1', NOW, options).kind, 'refused');
    assert.equal(authenticate({ ...r, method: 'PUT' }, 'us-east-1', NOW, options).kind, 'refused');
  });

  it('a key Gatehouse does not know is its account root, unverified; strictAuth refuses it as AWS does', async () => {
    const r = await signedRequest({ key: { accessKeyId: '123456789012', secretAccessKey: 'anything' } });
    assert.deepEqual(authenticate(r, 'us-east-1', NOW, options), { kind: 'caller', caller: { accessKeyId: '123456789012', identity: rootIdentity('123456789012'), verified: false } });
    const other = await signedRequest({ key: { accessKeyId: 'AKIAOTHER', secretAccessKey: 'x' } });
    assert.equal((authenticate(other, 'us-east-1', NOW, options) as { caller: { identity: { account: string } } }).caller.identity.account, '000000000000');
    const strict = authenticate(r, 'us-east-1', NOW, { ...options, strictAuth: true });
    assert.deepEqual(refusal(strict), { status: 403, errorType: 'UnrecognizedClientException', body: '{"message":"The security token included in the request is invalid."}' });
  });

  it('sessions: the token must come with the key; an expired session and an inactive key are refused', async () => {
    const key = { accessKeyId: 'ASIASESSION', secretAccessKey: 'session-secret', sessionToken: 'FwoGZXIvYXdzEtoken' };
    const ok = authenticate(await signedRequest({ key }), 'us-east-1', NOW, options);
    assert.deepEqual(ok, { kind: 'caller', caller: { accessKeyId: 'ASIASESSION', identity: SESSION.identity, verified: true } });
    const presigned = authenticate(await signedRequest({ key, presign: true }), 'us-east-1', NOW, options);
    assert.equal(presigned.kind, 'caller');
    const noToken = authenticate(await signedRequest({ key: { accessKeyId: 'ASIASESSION', secretAccessKey: 'session-secret' } }), 'us-east-1', NOW, options);
    assert.equal(message(noToken), 'The security token included in the request is invalid.');
    const expired = authenticate(await signedRequest({ key: { ...key, accessKeyId: 'ASIAEXPIRED' } }), 'us-east-1', NOW, options);
    assert.deepEqual(refusal(expired), { status: 403, errorType: 'ExpiredTokenException', body: '{"message":"The security token included in the request is expired"}' });
    const inactive = authenticate(await signedRequest({ key: { accessKeyId: 'AKIAINACTIVE', secretAccessKey: 'user-secret' } }), 'us-east-1', NOW, options);
    assert.equal(refusal(inactive).errorType, 'UnrecognizedClientException');
  });

  it('the signing time must be within 5 minutes', async () => {
    const old = authenticate(await signedRequest({ at: new Date('2026-12-06T17:54:00Z') }), 'us-east-1', NOW, options);
    assert.equal(refusal(old).errorType, 'InvalidSignatureException');
    assert.equal(message(old), 'Signature expired: 20261206T175400Z is now earlier than 20261206T175500Z (20261206T180000Z - 5 min.)');
    const ahead = authenticate(await signedRequest({ at: new Date('2026-12-06T18:06:00Z') }), 'us-east-1', NOW, options);
    assert.equal(message(ahead), 'Signature not yet current: 20261206T180600Z is still later than 20261206T180500Z (20261206T180000Z + 5 min.)');
    assert.equal(authenticate(await signedRequest({ at: new Date('2026-12-06T17:56:00Z') }), 'us-east-1', NOW, options).kind, 'caller');
  });

  it('the credential scope names execute-api and the API region', async () => {
    const service = authenticate(await signedRequest({ service: 'apigateway' }), 'us-east-1', NOW, options);
    assert.deepEqual(refusal(service), { status: 403, errorType: 'InvalidSignatureException', body: `{"message":"Credential should be scoped to correct service: 'execute-api'. "}` });
    const region = authenticate(await signedRequest({ region: 'eu-west-1' }), 'us-east-1', NOW, options);
    assert.equal(message(region), "Credential should be scoped to a valid region, not 'eu-west-1'. ");
  });

  it('a partial query signature lists what is missing', () => {
    const o = authenticate({ ...bare(), url: '/prod/pets?X-Amz-Signature=abc&X-Amz-Algorithm=AWS4-HMAC-SHA256' }, 'us-east-1', NOW, options);
    assert.equal(o.kind, 'refused');
    assert.equal(
      message(o),
      "AWS query-string parameters must include 'X-Amz-Credential'. AWS query-string parameters must include 'X-Amz-SignedHeaders'. AWS query-string parameters must include 'X-Amz-Date'. Re-examine the query-string parameters.",
    );
  });
});
