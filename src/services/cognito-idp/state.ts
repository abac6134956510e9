/**
 * Cognito user pools' state: one document per pool (table `cognito_user_pools`, parent '', id = pool id) with
 * its settings and its signing key; app clients by id (parent ''); users under their pool by username;
 * resource servers under their pool by identifier; refresh tokens by the SHA-256 of the token.
 */
import type { Scope } from '../../shared/accounts.js';
import type { DocumentTable } from '../../store/store.js';
import type { OperationContext } from '../types.js';
import { clientNotFound, poolNotFound, userNotFound } from './errors.js';
import { checkClientId, checkPoolId, checkUsername } from './checks.js';

export interface PasswordPolicy {
  MinimumLength: number;
  RequireUppercase: boolean;
  RequireLowercase: boolean;
  RequireNumbers: boolean;
  RequireSymbols: boolean;
  TemporaryPasswordValidityDays: number;
}

/** The pool's RS256 key: the private half never leaves the server (no operation answers it). */
export interface PoolKey {
  kid: string;
  privateKeyPem: string;
  /** The public JWK as the pool's jwks.json lists it. */
  publicJwk: { alg: 'RS256'; e: string; kid: string; kty: 'RSA'; n: string; use: 'sig' };
}

export interface StoredPool {
  id: string;
  name: string;
  /** Epoch seconds with milliseconds. */
  created: number;
  lastModified: number;
  passwordPolicy: PasswordPolicy;
  deletionProtection: string;
  /** The settings Gatehouse keeps and answers but does not act on (MFA, messages, Lambda triggers ...). */
  settings: Record<string, unknown>;
  usernameAttributes?: string[];
  aliasAttributes?: string[];
  autoVerifiedAttributes?: string[];
  allowAdminCreateUserOnly: boolean;
  tags: Record<string, string>;
  key: PoolKey;
  /** The pool's groups by name (absent: none yet). */
  groups?: Record<string, StoredGroup>;
}

export interface StoredGroup {
  name: string;
  description?: string;
  roleArn?: string;
  precedence?: number;
  created: number;
  lastModified: number;
}

export interface StoredClient {
  poolId: string;
  clientId: string;
  clientName: string;
  clientSecret?: string;
  created: number;
  lastModified: number;
  /** The client's settings as DescribeUserPoolClient answers them (validities, flows, scopes, URLs ...). */
  settings: Record<string, unknown>;
  explicitAuthFlows?: string[];
  allowedOAuthFlows?: string[];
  allowedOAuthScopes?: string[];
  refreshTokenValidity: number;
  accessTokenValidity?: number;
  idTokenValidity?: number;
  tokenValidityUnits?: { AccessToken?: string; IdToken?: string; RefreshToken?: string };
  allowedOAuthFlowsUserPoolClient: boolean;
  enableTokenRevocation: boolean;
  authSessionValidity: number;
}

export interface PasswordHash {
  /** scrypt with N=16384, r=8, p=1: `scrypt$<salt b64>$<hash b64>`. */
  hash: string;
}

export interface StoredUser {
  username: string;
  sub: string;
  attributes: Array<{ Name: string; Value: string }>;
  created: number;
  lastModified: number;
  enabled: boolean;
  status: 'UNCONFIRMED' | 'CONFIRMED' | 'FORCE_CHANGE_PASSWORD' | 'RESET_REQUIRED';
  password?: PasswordHash;
  /** The sign-up confirmation code (no mail is sent: README says how to read it). */
  confirmationCode?: string;
  /** The names of the pool's groups the user is in. */
  groups?: string[];
  /** A NEW_PASSWORD_REQUIRED challenge's session, by its SHA-256, and when it ends (epoch seconds). */
  challenge?: { sessionHash: string; clientId: string; expires: number };
}

export interface StoredResourceServer {
  identifier: string;
  name: string;
  scopes: Array<{ ScopeName: string; ScopeDescription: string }>;
}

export interface StoredRefreshToken {
  poolId: string;
  clientId: string;
  username: string;
  sub: string;
  originJti: string;
  authTime: number;
  expires: number;
}

export const pools = (ctx: OperationContext): DocumentTable<StoredPool> => ctx.store.table<StoredPool>('cognito_user_pools');
export const clients = (ctx: OperationContext): DocumentTable<StoredClient> => ctx.store.table<StoredClient>('cognito_clients');
export const users = (ctx: OperationContext): DocumentTable<StoredUser> => ctx.store.table<StoredUser>('cognito_users');
export const resourceServers = (ctx: OperationContext): DocumentTable<StoredResourceServer> => ctx.store.table<StoredResourceServer>('cognito_resource_servers');
export const refreshTokens = (ctx: OperationContext): DocumentTable<StoredRefreshToken> => ctx.store.table<StoredRefreshToken>('cognito_refresh_tokens');

/** The pool `UserPoolId` names in the caller's account and region, or ResourceNotFoundException. */
export function findPool(ctx: OperationContext, poolId: string | undefined): StoredPool {
  const id = checkPoolId(poolId);
  const pool = pools(ctx).get(ctx.scope, '', id);
  if (!pool) throw poolNotFound(id);
  return pool;
}

/** A client of the caller's own account and region, in the pool named (admin operations). */
export function findClient(ctx: OperationContext, pool: StoredPool, clientId: string | undefined): StoredClient {
  const id = checkClientId(clientId);
  const client = clients(ctx).get(ctx.scope, '', id);
  if (!client || client.poolId !== pool.id) throw clientNotFound(id);
  return client;
}

/**
 * The client an unsigned operation (InitiateAuth, SignUp ...) names, in whatever account and region holds it:
 * those calls carry no credentials, so the client id alone decides (client ids are unique, as on AWS).
 */
export function locateClient(ctx: OperationContext, clientId: string | undefined): { scope: Scope; client: StoredClient; pool: StoredPool } {
  const id = checkClientId(clientId);
  const found = clients(ctx).locate('', id);
  const pool = found && pools(ctx).get(found.scope, '', found.doc.poolId);
  if (!found || !pool) throw clientNotFound(id);
  return { scope: found.scope, client: found.doc, pool };
}

export function findUser(ctx: OperationContext, scope: Scope, pool: StoredPool, username: string | undefined): StoredUser {
  const name = checkUsername(username);
  const user = users(ctx).get(scope, pool.id, name) ?? findByAlias(ctx, scope, pool, name);
  if (!user) throw userNotFound();
  return user;
}

/** A pool that signs in by email (UsernameAttributes) finds its users by that attribute too. */
function findByAlias(ctx: OperationContext, scope: Scope, pool: StoredPool, name: string): StoredUser | undefined {
  const aliases = [...(pool.usernameAttributes ?? []), ...(pool.aliasAttributes ?? [])];
  if (aliases.length === 0) return undefined;
  return users(ctx)
    .list(scope, pool.id)
    .find((u) => u.attributes.some((a) => aliases.includes(a.Name) && a.Value === name));
}

export const poolArn = (scope: Scope, poolId: string): string => `arn:aws:cognito-idp:${scope.region}:${scope.account}:userpool/${poolId}`;
export const issuerOf = (scope: Scope, poolId: string): string => `https://cognito-idp.${scope.region}.amazonaws.com/${poolId}`;

/** Forgets the refresh tokens `matches` picks in the caller's account and region (a deleted pool, client or user). */
export function forgetRefreshTokens(ctx: OperationContext, matches: (t: StoredRefreshToken) => boolean): void {
  const table = refreshTokens(ctx);
  for (const { id, doc } of table.range(ctx.scope, '', { limit: Number.MAX_SAFE_INTEGER })) if (matches(doc)) table.delete(ctx.scope, '', id);
}

/** The user's groups in Cognito's order: lowest precedence first, then by name. */
export function groupsOf(pool: StoredPool, user: StoredUser): StoredGroup[] {
  return (user.groups ?? [])
    .map((n) => pool.groups?.[n])
    .filter((g): g is StoredGroup => g !== undefined)
    .sort((a, b) => (a.precedence ?? Number.MAX_SAFE_INTEGER) - (b.precedence ?? Number.MAX_SAFE_INTEGER) || a.name.localeCompare(b.name));
}
