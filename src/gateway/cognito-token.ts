/**
 * The COGNITO_USER_POOLS authorizer's check of a token, as API Gateway applies it: an RS256 JWT signed by the
 * key its `kid` names in one of the authorizer's user pools (`iss` must be that pool), not expired, and of the
 * right use. A method with authorization scopes takes only an access token whose `scope` holds at least one of
 * them; a method without takes only an id token (an access token is refused: AWS's knowledge-center article
 * "If you didn't configure any scopes on the API Gateway method, then make sure that you use a valid ID token").
 * Pure (node:crypto only) and total: a malformed token is a verdict, never a throw. Cost: about 27 µs of CPU per
 * verification of an id token (RSA-2048 verify dominates; measured with keys already parsed, as
 * server/cognito-keys.ts hands them).
 */
import type { KeyObject } from 'node:crypto';
import { decodeJwt, rs256Verifies } from '../shared/jwt.js';

export interface PoolKeys {
  /** `https://cognito-idp.{region}.amazonaws.com/{poolId}`. */
  issuer: string;
  keys: ReadonlyMap<string /* kid */, KeyObject>;
}

export type CognitoVerdict = { ok: true; claims: Record<string, unknown>; tokenUse: 'id' | 'access' } | { ok: false; reason: string };

const refuse = (reason: string): CognitoVerdict => ({ ok: false, reason });

/**
 * `providerArns` are the authorizer's user pool ARNs; `keysOf` the public keys of a pool by its ARN (undefined
 * for a pool that no longer exists). `authorizationScopes` are the method's (undefined or empty: none).
 * `audience` is the authorizer's `identityValidationExpression`, compiled once by the caller and anchored as
 * Java's `String.matches` is (`^(?:expr)$`): "API Gateway will match the aud field of the incoming token ...
 * against the specified regular expression"; an access token, which has no `aud`, is matched by its
 * `client_id` (inferred).
 */
export function verifyCognitoToken(
  token: string,
  providerArns: readonly string[],
  keysOf: (poolArn: string) => PoolKeys | undefined,
  now: Date,
  authorizationScopes: readonly string[] | undefined,
  audience?: RegExp,
): CognitoVerdict {
  const jwt = decodeJwt(token);
  if (!jwt) return refuse('the token is not a JWT');
  const { header, payload } = jwt;
  if (header.alg !== 'RS256') return refuse(`the token's alg is ${JSON.stringify(header.alg)}, not RS256`);
  if (typeof header.kid !== 'string' || header.kid === '') return refuse('the token names no key (kid)');
  if (typeof payload.iss !== 'string') return refuse('the token has no issuer');
  let pool: PoolKeys | undefined;
  for (const arn of providerArns) {
    const keys = keysOf(arn);
    if (keys?.issuer === payload.iss) {
      pool = keys;
      break;
    }
  }
  if (!pool) return refuse(`the token's issuer ${payload.iss} is not one of the authorizer's user pools`);
  const key = pool.keys.get(header.kid);
  if (!key) return refuse("the token's key (kid) is not one of its user pool's keys");
  if (!rs256Verifies(jwt, key)) return refuse("the token's signature does not verify");
  const exp = payload.exp;
  if (typeof exp !== 'number' || !Number.isFinite(exp)) return refuse('the token has no expiry (exp)');
  if (exp * 1000 <= now.getTime()) return refuse('the token has expired');
  const use = payload.token_use;
  if (use !== 'id' && use !== 'access') return refuse(`the token's token_use is ${JSON.stringify(use)}`);
  if (authorizationScopes !== undefined && authorizationScopes.length > 0) {
    if (use !== 'access') return refuse('the method has authorization scopes: it takes an access token, not an id token');
    const granted = typeof payload.scope === 'string' ? payload.scope.split(' ') : [];
    if (!authorizationScopes.some((s) => granted.includes(s))) return refuse(`the token's scopes (${granted.join(' ')}) hold none of the method's (${authorizationScopes.join(' ')})`);
  } else if (use !== 'id') {
    return refuse('the method has no authorization scopes: it takes an id token, not an access token');
  }
  if (audience !== undefined) {
    const aud = use === 'id' ? payload.aud : payload.client_id;
    if (typeof aud !== 'string' || !audience.test(aud)) return refuse("the token's audience does not match the authorizer's identity validation expression");
  }
  return { ok: true, claims: payload, tokenUse: use };
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number): string => String(n).padStart(2, '0');

/** Java's `Date.toString()` in UTC, as API Gateway prints `exp` and `iat`: `Fri Jul 29 18:52:53 UTC 2016`. */
function javaDate(seconds: number): string {
  const d = new Date(seconds * 1000);
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`;
}

/**
 * The claims as a REST API hands them on (`requestContext.authorizer.claims`, `$context.authorizer.claims.*`):
 * every value a string, `exp` and `iat` as dates (verified: `"exp": "Fri Jul 29 18:52:53 UTC 2016"`,
 * `"auth_time": "1469814773"`, `"email_verified": "true"`); a list as Java prints one, `[a, b]` (inferred).
 */
export function apiGatewayClaims(claims: Readonly<Record<string, unknown>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(claims)) {
    if ((name === 'exp' || name === 'iat') && typeof value === 'number' && Number.isFinite(value)) out[name] = javaDate(value);
    else if (typeof value === 'string') out[name] = value;
    else if (Array.isArray(value)) out[name] = `[${value.map(String).join(', ')}]`;
    else if (value !== null && typeof value === 'object') out[name] = JSON.stringify(value);
    else out[name] = String(value);
  }
  return out;
}
