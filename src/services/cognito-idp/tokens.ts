/**
 * The pool's signing key and the tokens Cognito issues: RS256 id and access tokens with Cognito's claims, and
 * opaque refresh tokens kept only as their SHA-256.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, randomUUID, type KeyObject } from 'node:crypto';
import type { Scope } from '../../shared/accounts.js';
import { decodeJwt, rs256Verifies, signJwt } from '../../shared/jwt.js';
import type { OperationContext } from '../types.js';
import { accessTokenExpired, invalidAccessToken, missingScopes } from './errors.js';
import { groupsOf, issuerOf, pools, refreshTokens, type PoolKey, type StoredClient, type StoredPool, type StoredUser } from './state.js';

/** The one scope the API flows (InitiateAuth, AdminInitiateAuth) put in access tokens. */
export const ADMIN_SCOPE = 'aws.cognito.signin.user.admin';

/** A new RSA-2048 key for a new pool. */
export function newPoolKey(): PoolKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = randomBytes(32).toString('base64');
  const jwk = publicKey.export({ format: 'jwk' }) as { n: string; e: string };
  return { kid, privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(), publicJwk: { alg: 'RS256', e: jwk.e, kid, kty: 'RSA', n: jwk.n, use: 'sig' } };
}

/** Parsed private keys by kid: a PEM is parsed once per process, not once per token. */
const privateKeys = new Map<string, KeyObject>();
function privateKeyOf(key: PoolKey): KeyObject {
  let parsed = privateKeys.get(key.kid);
  if (!parsed) {
    if (privateKeys.size >= 256) privateKeys.clear();
    parsed = createPrivateKey(key.privateKeyPem);
    privateKeys.set(key.kid, parsed);
  }
  return parsed;
}

const UNIT_SECONDS: Record<string, number> = { seconds: 1, minutes: 60, hours: 3600, days: 86400 };

/** A validity in seconds: the client's value in its unit (hours for access and id tokens, days for refresh by default). */
export function validitySeconds(value: number | undefined, unit: string | undefined, defaultUnit: string, defaultSeconds: number): number {
  return value === undefined ? defaultSeconds : value * (UNIT_SECONDS[unit ?? defaultUnit] ?? UNIT_SECONDS[defaultUnit]!);
}

export const accessTokenSeconds = (c: StoredClient): number => validitySeconds(c.accessTokenValidity, c.tokenValidityUnits?.AccessToken, 'hours', 3600);
const idTokenSeconds = (c: StoredClient): number => validitySeconds(c.idTokenValidity, c.tokenValidityUnits?.IdToken, 'hours', 3600);
const refreshTokenSeconds = (c: StoredClient): number => validitySeconds(c.refreshTokenValidity, c.tokenValidityUnits?.RefreshToken, 'days', 30 * 86400);

/** Attribute values as the id token carries them: the `*_verified` flags as booleans, the rest as text. */
function attributeClaims(user: StoredUser): Record<string, unknown> {
  const claims: Record<string, unknown> = {};
  for (const { Name, Value } of user.attributes) {
    if (Name === 'sub') continue;
    claims[Name] = Name.endsWith('_verified') ? Value === 'true' : Value;
  }
  return claims;
}

export interface Session {
  authTime: number;
  originJti: string;
}

/** The id and access tokens of one sign-in (or refresh) of `user` through `client`. */
export function userTokens(scope: Scope, pool: StoredPool, client: StoredClient, user: StoredUser, now: Date, session: Session): { IdToken: string; AccessToken: string; ExpiresIn: number; TokenType: 'Bearer' } {
  const iat = Math.floor(now.getTime() / 1000);
  const iss = issuerOf(scope, pool.id);
  const eventId = randomUUID();
  const header = { kid: pool.key.kid, alg: 'RS256' };
  const key = privateKeyOf(pool.key);
  const accessSeconds = accessTokenSeconds(client);
  const groups = groupsOf(pool, user);
  const groupClaims = groups.length === 0 ? {} : { 'cognito:groups': groups.map((g) => g.name) };
  const roles = groups.flatMap((g) => (g.roleArn === undefined ? [] : [g.roleArn]));
  const id = signJwt(header, {
    sub: user.sub,
    ...groupClaims,
    ...(roles.length === 0 ? {} : { 'cognito:preferred_role': roles[0], 'cognito:roles': roles }),
    ...attributeClaims(user),
    iss,
    'cognito:username': user.username,
    origin_jti: session.originJti,
    aud: client.clientId,
    event_id: eventId,
    token_use: 'id',
    auth_time: session.authTime,
    exp: iat + idTokenSeconds(client),
    iat,
    jti: randomUUID(),
  }, key);
  const access = signJwt(header, {
    sub: user.sub,
    ...groupClaims,
    iss,
    client_id: client.clientId,
    origin_jti: session.originJti,
    event_id: eventId,
    token_use: 'access',
    scope: ADMIN_SCOPE,
    auth_time: session.authTime,
    exp: iat + accessSeconds,
    iat,
    jti: randomUUID(),
    username: user.username,
  }, key);
  return { IdToken: id, AccessToken: access, ExpiresIn: accessSeconds, TokenType: 'Bearer' };
}

/** An access token of the OAuth 2.0 client credentials grant: the client is its subject, its scopes granted. */
export function clientCredentialsToken(scope: Scope, pool: StoredPool, client: StoredClient, scopes: readonly string[], now: Date): { access_token: string; expires_in: number; token_type: 'Bearer' } {
  const iat = Math.floor(now.getTime() / 1000);
  const seconds = accessTokenSeconds(client);
  const token = signJwt({ kid: pool.key.kid, alg: 'RS256' }, {
    sub: client.clientId,
    token_use: 'access',
    scope: scopes.join(' '),
    auth_time: iat,
    iss: issuerOf(scope, pool.id),
    exp: iat + seconds,
    iat,
    version: 2,
    jti: randomUUID(),
    client_id: client.clientId,
  }, privateKeyOf(pool.key));
  return { access_token: token, expires_in: seconds, token_type: 'Bearer' };
}

export const tokenHash = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

/**
 * A new refresh token: opaque to its holder (shaped as Cognito's, five base64url parts of an encrypted JWT),
 * kept only by its hash with what a refresh needs.
 */
export function newRefreshToken(ctx: OperationContext, scope: Scope, pool: StoredPool, client: StoredClient, user: StoredUser, session: Session): string {
  const head = Buffer.from('{"cty":"JWT","enc":"A256GCM","alg":"RSA-OAEP"}').toString('base64url');
  const token = [head, randomBytes(256), randomBytes(12), randomBytes(96), randomBytes(16)].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
  const expires = Math.floor(ctx.clock.now().getTime() / 1000) + refreshTokenSeconds(client);
  refreshTokens(ctx).insert(scope, '', tokenHash(token), { poolId: pool.id, clientId: client.clientId, username: user.username, sub: user.sub, originJti: session.originJti, authTime: session.authTime, expires });
  return token;
}

/**
 * The pool and claims of an access token this Gatehouse issued (GetUser): its signature, issuer and expiry
 * checked, or Cognito's NotAuthorizedException.
 */
export function readAccessToken(ctx: OperationContext, token: string): { scope: Scope; pool: StoredPool; claims: Record<string, unknown> } {
  const jwt = decodeJwt(token);
  const iss = jwt?.payload.iss;
  const poolId = typeof iss === 'string' ? /^https:\/\/cognito-idp\.[a-z0-9-]+\.amazonaws\.com\/([\w-]+_[0-9a-zA-Z]+)$/.exec(iss)?.[1] : undefined;
  const found = poolId === undefined ? undefined : pools(ctx).locate('', poolId);
  if (!jwt || !found || jwt.header.alg !== 'RS256' || jwt.header.kid !== found.doc.key.kid || iss !== issuerOf(found.scope, found.doc.id)) throw invalidAccessToken();
  if (!rs256Verifies(jwt, createPublicKey(privateKeyOf(found.doc.key)))) throw invalidAccessToken();
  if (jwt.payload.token_use !== 'access') throw invalidAccessToken();
  const exp = jwt.payload.exp;
  if (typeof exp !== 'number' || exp * 1000 <= ctx.clock.now().getTime()) throw accessTokenExpired();
  // The user operations need the API's own scope (a client credentials token has only custom ones).
  const scopes = typeof jwt.payload.scope === 'string' ? jwt.payload.scope.split(' ') : [];
  if (!scopes.includes(ADMIN_SCOPE)) throw missingScopes();
  return { scope: found.scope, pool: found.doc, claims: jwt.payload };
}
