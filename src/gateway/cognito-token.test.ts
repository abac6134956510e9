import assert from 'node:assert/strict';
import { createHmac, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { test } from 'node:test';
import { signJwt } from '../shared/jwt.js';
import { apiGatewayClaims, verifyCognitoToken, type PoolKeys } from './cognito-token.js';

const NOW = new Date('2026-12-06T12:00:00Z');
const iat = Math.floor(NOW.getTime() / 1000) - 60;
const ARN_A = 'arn:aws:cognito-idp:us-east-1:000000000000:userpool/us-east-1_AAAAAAAAA';
const ARN_B = 'arn:aws:cognito-idp:us-east-1:000000000000:userpool/us-east-1_BBBBBBBBB';
const ISS_A = 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AAAAAAAAA';
const ISS_B = 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_BBBBBBBBB';

const a = generateKeyPairSync('rsa', { modulusLength: 2048 });
const b = generateKeyPairSync('rsa', { modulusLength: 2048 });
const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
const pools = new Map<string, PoolKeys>([
  [ARN_A, { issuer: ISS_A, keys: new Map<string, KeyObject>([['kidA', a.publicKey]]) }],
  [ARN_B, { issuer: ISS_B, keys: new Map<string, KeyObject>([['kidB', b.publicKey]]) }],
]);
const keysOf = (arn: string): PoolKeys | undefined => pools.get(arn);

const idClaims = { sub: 'u-1', email: 'a@example.com', iss: ISS_A, 'cognito:username': 'alice', aud: 'client1', token_use: 'id', auth_time: iat, exp: iat + 3600, iat, jti: 'j1' };
const accessClaims = { sub: 'u-1', iss: ISS_A, client_id: 'client1', token_use: 'access', scope: 'aws.cognito.signin.user.admin', auth_time: iat, exp: iat + 3600, iat, jti: 'j2', username: 'alice' };
const sign = (payload: Record<string, unknown>, key: KeyObject = a.privateKey, header: Record<string, unknown> = { kid: 'kidA', alg: 'RS256' }): string => signJwt(header, payload, key);
const verify = (token: string, scopes?: readonly string[], arns: readonly string[] = [ARN_A, ARN_B]) => verifyCognitoToken(token, arns, keysOf, NOW, scopes);
const reason = (token: string, scopes?: readonly string[], arns?: readonly string[]): string => {
  const v = verify(token, scopes, arns);
  assert.equal(v.ok, false);
  return v.ok ? '' : v.reason;
};

test('an id token of one of the pools is accepted when the method has no scopes, with its claims', () => {
  assert.deepEqual(verify(sign(idClaims)), { ok: true, claims: idClaims, tokenUse: 'id' });
  assert.deepEqual(verify(sign(idClaims), []), { ok: true, claims: idClaims, tokenUse: 'id' });
  const fromB = { ...idClaims, iss: ISS_B };
  assert.deepEqual(verify(sign(fromB, b.privateKey, { kid: 'kidB', alg: 'RS256' })), { ok: true, claims: fromB, tokenUse: 'id' });
});

test('an access token is refused when the method has no scopes', () => {
  assert.equal(reason(sign(accessClaims)), 'the method has no authorization scopes: it takes an id token, not an access token');
});

test('with scopes: an access token holding one of them is accepted; an id token, or an access token holding none, is refused', () => {
  const custom = { ...accessClaims, scope: 'https://api.example.com/read https://api.example.com/write' };
  assert.deepEqual(verify(sign(custom), ['https://api.example.com/write', 'other/x']), { ok: true, claims: custom, tokenUse: 'access' });
  assert.deepEqual(verify(sign(accessClaims), ['aws.cognito.signin.user.admin']), { ok: true, claims: accessClaims, tokenUse: 'access' });
  assert.equal(reason(sign(idClaims), ['https://api.example.com/read']), 'the method has authorization scopes: it takes an access token, not an id token');
  assert.equal(reason(sign(accessClaims), ['https://api.example.com/read']), "the token's scopes (aws.cognito.signin.user.admin) hold none of the method's (https://api.example.com/read)");
  // A scope is matched whole, never as a prefix.
  assert.equal(verify(sign({ ...accessClaims, scope: 'https://api.example.com/readonly' }), ['https://api.example.com/read']).ok, false);
  assert.equal(verify(sign({ ...accessClaims, scope: 42 }), ['x/y']).ok, false);
});

test('expiry, issuer, key and signature are checked', () => {
  assert.equal(reason(sign({ ...idClaims, exp: iat + 60 })), 'the token has expired');
  assert.equal(verify(sign({ ...idClaims, exp: iat + 61 })).ok, true);
  assert.equal(reason(sign({ ...idClaims, exp: String(iat + 3600) })), 'the token has no expiry (exp)');
  assert.equal(reason(sign({ ...idClaims, exp: undefined })), 'the token has no expiry (exp)');
  assert.equal(reason(sign(idClaims), undefined, [ARN_B]), `the token's issuer ${ISS_A} is not one of the authorizer's user pools`);
  assert.equal(reason(sign({ ...idClaims, iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_CCCCCCCCC' })), "the token's issuer https://cognito-idp.us-east-1.amazonaws.com/us-east-1_CCCCCCCCC is not one of the authorizer's user pools");
  assert.equal(reason(sign({ ...idClaims, iss: undefined })), 'the token has no issuer');
  // A pool that is gone (keysOf answers nothing) verifies nothing.
  assert.equal(verifyCognitoToken(sign(idClaims), ['arn:aws:cognito-idp:us-east-1:000000000000:userpool/us-east-1_gone'], keysOf, NOW, undefined).ok, false);
  assert.equal(reason(sign(idClaims, a.privateKey, { kid: 'kidB', alg: 'RS256' })), "the token's key (kid) is not one of its user pool's keys");
  assert.equal(reason(sign(idClaims, other.privateKey)), "the token's signature does not verify");
  // Claims changed after signing.
  const [h, , s] = sign(idClaims).split('.');
  const forged = Buffer.from(JSON.stringify({ ...idClaims, 'cognito:username': 'admin' })).toString('base64url');
  assert.equal(reason(`${h}.${forged}.${s}`), "the token's signature does not verify");
  assert.equal(reason(sign({ ...idClaims, token_use: 'refresh' })), `the token's token_use is "refresh"`);
  assert.equal(reason(sign({ ...idClaims, token_use: undefined })), `the token's token_use is undefined`);
});

test('alg none, HS256 (even keyed with the public key) and a missing kid are refused', () => {
  const enc = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url');
  assert.equal(reason(`${enc({ alg: 'none', kid: 'kidA' })}.${enc(idClaims)}.`), 'the token is not a JWT');
  assert.equal(reason(`${enc({ alg: 'none', kid: 'kidA' })}.${enc(idClaims)}.AAAA`), `the token's alg is "none", not RS256`);
  const input = `${enc({ alg: 'HS256', kid: 'kidA' })}.${enc(idClaims)}`;
  const pem = a.publicKey.export({ format: 'pem', type: 'spki' }).toString();
  assert.equal(reason(`${input}.${createHmac('sha256', pem).update(input).digest('base64url')}`), `the token's alg is "HS256", not RS256`);
  assert.equal(reason(sign(idClaims, a.privateKey, { alg: 'RS256' })), 'the token names no key (kid)');
  assert.equal(reason(sign(idClaims, a.privateKey, { alg: 'RS256', kid: 7 })), 'the token names no key (kid)');
  assert.equal(reason(sign(idClaims, a.privateKey, { kid: 'kidA' })), 'the token\'s alg is undefined, not RS256');
});

test('garbage is a refusal, never a throw', () => {
  const valid = sign(idClaims);
  const [h, p] = valid.split('.');
  const samples = [
    '',
    'Bearer',
    'a.b',
    'a.b.c',
    '...',
    'a.b.c.d',
    `${h}.${p}`,
    `${h}.${p}.!!!`,
    `!!!.${p}.AAAA`,
    `${h}.%%%.AAAA`,
    `${Buffer.from('[1,2]').toString('base64url')}.${p}.AAAA`,
    `${h}.${Buffer.from('null').toString('base64url')}.AAAA`,
    `${h}.${Buffer.from('"text"').toString('base64url')}.AAAA`,
    `${h}.${Buffer.from('{not json').toString('base64url')}.AAAA`,
    `${h}.${p}.${'A'.repeat(20000)}`,
    'x'.repeat(1_000_000),
    `${valid} `,
    `Bearer ${valid}`,
    '\u0000.\u0000.\u0000',
  ];
  for (const token of samples) {
    const v = verify(token);
    assert.equal(v.ok, false, token.slice(0, 40));
    assert.equal(v.ok ? undefined : typeof v.reason, 'string');
  }
  assert.equal(reason('x'.repeat(1_000_000)), 'the token is not a JWT');
});

test('claims as API Gateway hands them on: strings, exp and iat as Java dates', () => {
  assert.deepEqual(apiGatewayClaims({ sub: 'u-1', email_verified: true, auth_time: 1469814773, exp: 1469818373, iat: 1469814773, 'cognito:groups': ['admin', 'users'], n: null }), {
    sub: 'u-1',
    email_verified: 'true',
    auth_time: '1469814773',
    exp: 'Fri Jul 29 18:52:53 UTC 2016',
    iat: 'Fri Jul 29 17:52:53 UTC 2016',
    'cognito:groups': '[admin, users]',
    n: 'null',
  });
});

test('the identity validation expression is matched against aud (id tokens) or client_id (access tokens)', () => {
  const only = /^(?:client1)$/;
  assert.equal(verifyCognitoToken(sign(idClaims), [ARN_A], keysOf, NOW, undefined, only).ok, true);
  assert.equal(verifyCognitoToken(sign(accessClaims), [ARN_A], keysOf, NOW, ['aws.cognito.signin.user.admin'], only).ok, true);
  const v = verifyCognitoToken(sign({ ...idClaims, aud: 'client2' }), [ARN_A], keysOf, NOW, undefined, only);
  assert.deepEqual(v, { ok: false, reason: "the token's audience does not match the authorizer's identity validation expression" });
  assert.equal(verifyCognitoToken(sign({ ...idClaims, aud: undefined }), [ARN_A], keysOf, NOW, undefined, only).ok, false);
});
