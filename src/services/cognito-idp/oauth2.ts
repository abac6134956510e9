/**
 * The OAuth 2.0 token endpoint's client credentials grant (`POST /oauth2/token` of a pool's domain): a client
 * with a secret, allowed the `client_credentials` flow, gets an access token carrying the custom scopes it
 * asks for (all it is allowed when it asks for none). Errors are RFC 6749's `{"error": ...}` with status 400
 * (401 for a client that fails to authenticate), as Cognito's endpoint answers them.
 */
import { timingSafeEqual } from 'node:crypto';
import type { OperationContext } from '../types.js';
import { clients, pools, type StoredClient } from './state.js';
import { clientCredentialsToken } from './tokens.js';

export interface TokenEndpointAnswer {
  status: number;
  body: Record<string, unknown>;
}

const oauthError = (status: number, error: string): TokenEndpointAnswer => ({ status, body: { error } });

function secretMatches(client: StoredClient, secret: string | undefined): boolean {
  if (client.clientSecret === undefined || secret === undefined) return false;
  const a = Buffer.from(client.clientSecret);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The client's id and secret from HTTP Basic (client_secret_basic) or the form (client_secret_post). */
function credentials(authorization: string | undefined, form: URLSearchParams): { id?: string; secret?: string } {
  const basic = authorization !== undefined ? /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(authorization.trim()) : null;
  if (basic?.[1] !== undefined) {
    const text = Buffer.from(basic[1], 'base64').toString('utf8');
    const colon = text.indexOf(':');
    if (colon > 0) return { id: decodeURIComponent(text.slice(0, colon)), secret: decodeURIComponent(text.slice(colon + 1)) };
    return {};
  }
  return { id: form.get('client_id') ?? undefined, secret: form.get('client_secret') ?? undefined };
}

/** Answers a token request for the pool `poolId` (undefined: whichever pool holds the client). */
export function tokenEndpoint(ctx: OperationContext, poolId: string | undefined, authorization: string | undefined, body: string): TokenEndpointAnswer {
  const form = new URLSearchParams(body);
  const grant = form.get('grant_type');
  if (grant === null) return oauthError(400, 'invalid_request');
  if (grant !== 'client_credentials') return oauthError(400, 'unsupported_grant_type');
  const { id, secret } = credentials(authorization, form);
  const found = id === undefined || id === '' ? undefined : clients(ctx).locate('', id);
  const client = found?.doc;
  if (!found || !client || (poolId !== undefined && client.poolId !== poolId) || !secretMatches(client, secret)) return oauthError(401, 'invalid_client');
  const pool = pools(ctx).get(found.scope, '', client.poolId);
  if (!pool) return oauthError(401, 'invalid_client');
  if (!client.allowedOAuthFlows?.includes('client_credentials') || !client.allowedOAuthFlowsUserPoolClient) return oauthError(400, 'unauthorized_client');
  const allowed = (client.allowedOAuthScopes ?? []).filter((s) => s.includes('/'));
  const asked = form.get('scope');
  const scopes = asked === null || asked.trim() === '' ? allowed : asked.trim().split(/\s+/);
  if (scopes.length === 0 || scopes.some((s) => !allowed.includes(s))) return oauthError(400, 'invalid_scope');
  return { status: 200, body: clientCredentialsToken(found.scope, pool, client, scopes, ctx.clock.now()) };
}
