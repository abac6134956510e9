/**
 * A Cognito user pool's public endpoints: `GET /{poolId}/.well-known/jwks.json` and `openid-configuration`
 * for the Host `cognito-idp.{region}.amazonaws.com` (how an instance reaches them through its egress proxy)
 * or `cognito-idp.{region}.localhost`, and on the main port by path,
 * `/_aws/cognito-idp/{region}/{poolId}/.well-known/...`; and the OAuth 2.0 token endpoint's client
 * credentials grant at `POST /_aws/cognito-idp/{region}/{poolId}/oauth2/token` (Gatehouse serves no pool
 * domains, `{domain}.auth.{region}.amazoncognito.com`).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tokenEndpoint } from '../services/cognito-idp/oauth2.js';
import { systemClock } from '../shared/clock.js';
import { requestId } from '../shared/ids.js';
import type { WireResponse } from '../wire/types.js';
import type { App } from './app.js';
import { poolIssuer, storedPool } from './cognito-keys.js';
import { readBody, send } from './http-answers.js';

export interface CognitoTarget {
  region: string;
  poolId: string;
  resource: 'jwks.json' | 'openid-configuration' | 'oauth2/token';
}

const POOL = '([\\w-]+_[0-9a-zA-Z]+)';
const HOST = /^cognito-idp\.([a-z0-9-]+)\.(?:amazonaws\.com|localhost)(?::\d+)?$/;
const BY_HOST = new RegExp(`^/${POOL}/\\.well-known/(jwks\\.json|openid-configuration)$`);
const BY_PATH = new RegExp(`^/_aws/cognito-idp/([a-z0-9-]+)/${POOL}/(\\.well-known/jwks\\.json|\\.well-known/openid-configuration|oauth2/token)$`);

/** Whether the request is for a pool's public endpoints (GET well-known documents, POST token). */
export function cognitoTarget(req: IncomingMessage): CognitoTarget | undefined {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  const byPath = BY_PATH.exec(path);
  if (byPath) {
    const resource = byPath[3]!.replace('.well-known/', '') as CognitoTarget['resource'];
    if ((resource === 'oauth2/token') !== (req.method === 'POST')) return undefined;
    return { region: byPath[1]!, poolId: byPath[2]!, resource };
  }
  if (req.method !== 'GET') return undefined;
  const host = HOST.exec(req.headers.host ?? '');
  const byHost = host ? BY_HOST.exec(path) : null;
  return host && byHost ? { region: host[1]!, poolId: byHost[1]!, resource: byHost[2] as CognitoTarget['resource'] } : undefined;
}

const answer = (status: number, value: unknown): WireResponse => ({ status, headers: { 'Content-Type': 'application/json;charset=UTF-8', 'x-amzn-RequestId': requestId() }, body: JSON.stringify(value) });

/** Answers a pool endpoint; rejects only on Gatehouse's own failures (the caller logs them). */
export async function serveCognito(app: App, req: IncomingMessage, res: ServerResponse, target: CognitoTarget): Promise<void> {
  const body = await readBody(req);
  const found = storedPool(app.store, target.poolId);
  if (!found || found.region !== target.region) {
    send(res, answer(404, { message: `User pool ${target.poolId} does not exist.` }));
    return;
  }
  const issuer = poolIssuer(found.region, found.pool.id);
  if (target.resource === 'jwks.json') {
    send(res, answer(200, { keys: [found.pool.key.publicJwk] }));
  } else if (target.resource === 'openid-configuration') {
    send(res, answer(200, {
      id_token_signing_alg_values_supported: ['RS256'],
      issuer,
      jwks_uri: `${issuer}/.well-known/jwks.json`,
      response_types_supported: ['code', 'token'],
      scopes_supported: ['openid', 'email', 'phone', 'profile'],
      subject_types_supported: ['public'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    }));
  } else {
    const ctx = { scope: { account: found.account, region: found.region }, accessKeyId: undefined, requestId: requestId(), store: app.store, clock: systemClock };
    const header = req.headers.authorization;
    const result = tokenEndpoint(ctx, found.pool.id, typeof header === 'string' ? header : undefined, body.toString('utf8'));
    send(res, answer(result.status, result.body));
  }
}
