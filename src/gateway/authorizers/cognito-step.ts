/**
 * Authorization by a Cognito user pool authorizer (COGNITO_USER_POOLS), in the order AWS documents
 * (docs/aws-facts.md §2.1): the token is checked first (cognito-token.ts: signature, issuer among the
 * authorizer's pools, expiry, token use, the method's scopes, the audience expression), any failure 401
 * {"message":"Unauthorized"}; then "the resource policy is evaluated independently, and an explicit allow is
 * required" (a public API without one is open). The claims, as API Gateway strings them, become
 * `requestContext.authorizer.claims` and `$context.authorizer.claims.*`. A verified token is cached per stage
 * for the authorizer's TTL, never past its own expiry (RSA verification costs ~27 µs).
 */
import { apiGatewayClaims, verifyCognitoToken, type CognitoVerdict } from '../cognito-token.js';
import { accessDenied, authorizerConfigurationError, unauthorized } from '../gateway-error.js';
import type { AuthorizationRecord, AuthorizerRecord } from '../request-log.js';
import type { AuthorizationStep } from '../steps/authorization.js';
import { evaluateRecorded, requireAllow } from '../steps/policy-check.js';
import { stageCacheKey } from './cache.js';

/** What a verified token hands on, kept in the stage cache. */
interface Verified {
  claims: Record<string, string>;
  /** Epoch ms: the token's own expiry bounds its cache entry. */
  expiresAt: number;
}

export const cognitoAuthorization: AuthorizationStep = (request, deps) => {
  const { record, served, routing, req } = request;
  const { policy, api, authorizers, scope } = served.deployment;
  const method = routing.route.method;
  const authorization: AuthorizationRecord = { type: 'COGNITO_USER_POOLS', combine: 'resource-allow' };
  record.authorization = authorization;
  const authorizerId = method.authorizerId ?? '';
  const authorizer = authorizers.get(authorizerId);
  if (!authorizer || authorizer.kind !== 'cognito' || authorizer.broken !== undefined || !deps.cognitoKeys) {
    authorization.authorizer = { id: authorizerId, name: authorizer?.name ?? authorizerId, type: 'COGNITO_USER_POOLS', outcome: 'failed', reason: authorizer?.broken ?? `the deployment has no Cognito user pool authorizer ${authorizerId}` };
    throw authorizerConfigurationError();
  }
  const noted: AuthorizerRecord = { id: authorizer.id, name: authorizer.name, type: 'COGNITO_USER_POOLS', outcome: 'answered' };
  authorization.authorizer = noted;
  const source = authorizer.sources[0];
  const raw = source ? req.headers[source.name.toLowerCase()] : undefined;
  const token = Array.isArray(raw) ? raw.join(',') : raw;
  if (token === undefined || token === '') {
    Object.assign(noted, { outcome: 'not-called', reason: `the header ${source?.name ?? 'Authorization'} carries no token` });
    throw unauthorized();
  }
  const now = request.now.getTime();
  const scopes = method.authorizationScopes;
  const stage = stageCacheKey(scope.account, api.id, served.stage.stageName);
  const key = `${authorizer.cacheId}\n${scopes?.join(' ') ?? ''}\n${token}`;
  let verified = authorizer.ttlMs > 0 ? (deps.authorizerCache.get(stage, key, now) as Verified | undefined) : undefined;
  if (verified) noted.cached = true;
  else {
    const verdict: CognitoVerdict = verifyCognitoToken(token, authorizer.providerArns, deps.cognitoKeys, request.now, scopes, authorizer.audience);
    if (!verdict.ok) {
      const hint = /^bearer /i.test(token) ? " (a REST API's Cognito authorizer takes the token itself, without 'Bearer ')" : '';
      Object.assign(noted, { outcome: 'unauthorized', reason: `${verdict.reason}${hint}` });
      throw unauthorized();
    }
    verified = { claims: apiGatewayClaims(verdict.claims), expiresAt: typeof verdict.claims['exp'] === 'number' ? verdict.claims['exp'] * 1000 : now };
    if (authorizer.ttlMs > 0) deps.authorizerCache.set(stage, key, verified, Math.min(now + authorizer.ttlMs, verified.expiresAt));
  }
  if (verified.claims['sub'] !== undefined) noted.principalId = verified.claims['sub'];
  // Then the resource policy, on its own: its explicit Allow is required (a public API without one is open).
  if (policy) requireAllow(evaluateRecorded(deps, 'resource', api.id, policy, routing.policyRequest, record), routing.policyRequest);
  else {
    record.policies.push({ policy: 'resource', owner: api.id, evaluation: undefined });
    if (request.origin) throw accessDenied(routing.policyRequest.resource, false);
  }
  request.authorizer = { claims: verified.claims };
};
