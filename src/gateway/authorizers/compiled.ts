/**
 * A deployment's authorizers, compiled once when the deployment is (gateway/deployments.ts): identity sources
 * parsed, the validation expression compiled, the function and the source ARN API Gateway calls it from
 * resolved, the TTL in milliseconds. An authorizer whose configuration cannot be used (a source that does not
 * parse, an expression that does not compile) is kept with the reason: the methods it guards answer 500.
 */
import type { Authorizer } from '../../domain/apigateway.js';
import { requestSources, tokenSource, type IdentitySource } from '../../domain/identity-source.js';
import type { Scope } from '../../shared/accounts.js';
import { functionArnOfUri } from '../integrations/lambda-proxy.js';

interface Common {
  id: string;
  name: string;
  /**
   * What its cached results are kept under: the deployment and the authorizer, so a redeployed stage (whose
   * authorizer may now be another function or policy) never serves an answer the old one gave.
   */
  cacheId: string;
  /** The identity sources whose values key the cache (TOKEN: the one header). */
  sources: readonly IdentitySource[];
  /** Results are cached this long (0: never). */
  ttlMs: number;
  /** Why the authorizer cannot run, when it cannot: every request it guards gets a 500. */
  broken?: string;
}

export interface LambdaAuthorizer extends Common {
  kind: 'lambda';
  type: 'TOKEN' | 'REQUEST';
  /** The function, or the URI to resolve with the stage's variables first when it names any (`${stageVariables.fn}`). */
  functionArn: string | { uri: string } | undefined;
  /** `arn:aws:execute-api:{region}:{account}:{api}/authorizers/{id}`: what the function's policy must allow. */
  sourceArn: string;
  /** The role API Gateway assumes to call the function instead (authorizerCredentials). */
  credentials: string | undefined;
  /** TOKEN only: the token must match it whole, else 401 without a call. */
  validation: RegExp | undefined;
}

export interface CognitoAuthorizer extends Common {
  kind: 'cognito';
  providerArns: readonly string[];
  /** identityValidationExpression, matched against the token's `aud` (an access token's `client_id`). */
  audience: RegExp | undefined;
}

export type CompiledAuthorizer = LambdaAuthorizer | CognitoAuthorizer;

export function compileAuthorizers(scope: Scope, apiId: string, deploymentId: string, authorizers: readonly Authorizer[] | undefined): ReadonlyMap<string, CompiledAuthorizer> {
  const out = new Map<string, CompiledAuthorizer>();
  for (const a of authorizers ?? []) out.set(a.id, compileAuthorizer(scope, apiId, `${deploymentId}/${a.id}`, a));
  return out;
}

function compileAuthorizer(scope: Scope, apiId: string, cacheId: string, a: Authorizer): CompiledAuthorizer {
  const ttlMs = (a.authorizerResultTtlInSeconds ?? 300) * 1000;
  const broken: string[] = [];
  let sources: IdentitySource[] = [];
  if (a.type === 'REQUEST') {
    const parsed = requestSources(a.identitySource ?? '');
    if (parsed.ok) sources = parsed.sources;
    else broken.push(parsed.message);
  } else {
    const parsed = tokenSource(a.identitySource ?? '');
    if (parsed.ok) sources = [parsed.source];
    else broken.push(parsed.message);
  }
  if (a.type === 'COGNITO_USER_POOLS') {
    let audience: RegExp | undefined;
    try {
      audience = a.identityValidationExpression === undefined ? undefined : new RegExp(`^(?:${a.identityValidationExpression})$`);
    } catch {
      broken.push(`the identity validation expression ${a.identityValidationExpression} does not compile`);
    }
    const compiled: CognitoAuthorizer = { kind: 'cognito', id: a.id, name: a.name, cacheId, sources, ttlMs, providerArns: a.providerARNs ?? [], audience };
    if (broken.length > 0) compiled.broken = broken.join('; ');
    return compiled;
  }
  let validation: RegExp | undefined;
  if (a.type === 'TOKEN' && a.identityValidationExpression !== undefined) {
    try {
      validation = new RegExp(`^(?:${a.identityValidationExpression})$`);
    } catch {
      broken.push(`the identity validation expression ${a.identityValidationExpression} does not compile`);
    }
  }
  const functionArn = a.authorizerUri?.includes('${') ? { uri: a.authorizerUri } : functionArnOfUri(a.authorizerUri);
  if (functionArn === undefined) broken.push(`the authorizer URI ${a.authorizerUri ?? '(none)'} does not name a Lambda function`);
  const compiled: LambdaAuthorizer = {
    kind: 'lambda',
    type: a.type,
    id: a.id,
    name: a.name,
    cacheId,
    sources,
    ttlMs,
    functionArn,
    sourceArn: `arn:aws:execute-api:${scope.region}:${scope.account}:${apiId}/authorizers/${a.id}`,
    credentials: a.authorizerCredentials,
    validation,
  };
  if (broken.length > 0) compiled.broken = broken.join('; ');
  return compiled;
}
