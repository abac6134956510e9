/**
 * Running a Lambda authorizer (TOKEN or REQUEST) for one request, as API Gateway does: read the identity
 * sources (a missing or empty one, or a token failing the validation expression: 401 without a call); serve
 * the stage's cached result for the same identity values within the TTL; else call the function from
 * `.../authorizers/{id}` and read its answer. The function failing with the message `Unauthorized` is a 401;
 * any other failure, a refused call or an answer that is not an authorizer's output is a configuration error
 * (500). Shared by the pipeline and TestInvokeAuthorizer.
 */
import type { IdentitySource } from '../../domain/identity-source.js';
import { withStageVariables } from '../integrations/uri.js';
import { functionArnOfUri } from '../integrations/lambda-proxy.js';
import type { LambdaInvoker } from '../invocation.js';
import type { AuthorizerCache } from './cache.js';
import type { LambdaAuthorizer } from './compiled.js';
import { readAuthorizerOutput, type AuthorizerResult } from './lambda-output.js';

/** Where identity values come from, and the event a REQUEST authorizer receives (built only when called). */
export interface AuthorizerRequest {
  /** Lower-cased header names, as Node gives them. */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** Parsed when first read. */
  readonly query: URLSearchParams;
  readonly stageVariables: Readonly<Record<string, string>> | undefined;
  /** `$context` variables an identity source may name (`context.sourceIp` ...). */
  contextValue(name: string): string | undefined;
  /** `arn:aws:execute-api:{region}:{account}:{api}/{stage}/{METHOD}/{path}`. */
  readonly methodArn: string;
  /** The REQUEST event without its `type` and `methodArn` (they come first). */
  requestEvent(): Record<string, unknown>;
  /** `{account}/{api}/{stage}`: where results are cached (undefined: never cache, as TestInvokeAuthorizer). */
  readonly cacheStage: string | undefined;
  readonly now: number;
}

export type LambdaAuthorizerOutcome =
  | { kind: 'unauthorized'; called: boolean; reason: string; functionArn?: string; log?: string }
  | { kind: 'failed'; reason: string; functionArn?: string; log?: string }
  | { kind: 'answered'; result: AuthorizerResult; cached: boolean; latencyMs: number; functionArn?: string; log?: string };

export interface LambdaAuthorizerDeps {
  invokeLambda: LambdaInvoker;
  cache: AuthorizerCache;
}

function identityValue(source: IdentitySource, request: AuthorizerRequest): string | undefined {
  switch (source.kind) {
    case 'header': {
      const v = request.headers[source.name.toLowerCase()];
      return Array.isArray(v) ? v.join(',') : v;
    }
    case 'querystring':
      return request.query.get(source.name) ?? undefined;
    case 'stageVariable':
      return request.stageVariables?.[source.name];
    case 'context':
      return request.contextValue(source.name);
  }
}

const sourceName = (s: IdentitySource): string =>
  s.kind === 'header' ? `method.request.header.${s.name}` : s.kind === 'querystring' ? `method.request.querystring.${s.name}` : s.kind === 'stageVariable' ? `stageVariables.${s.name}` : `context.${s.name}`;

/** What must happen next when neither the identity sources nor the cache settled the request: a call. */
export interface PendingCall {
  kind: 'call';
  values: readonly string[];
  cacheKey: string;
  caching: boolean;
}

/**
 * The part that needs no call, synchronous (hot path: a cached answer costs no promise): the identity sources
 * (401 without a call when one is missing or the token fails the expression), then the stage's cache.
 */
export function beforeCall(authorizer: LambdaAuthorizer, request: AuthorizerRequest, cache: AuthorizerCache): LambdaAuthorizerOutcome | PendingCall {
  if (authorizer.broken !== undefined) return { kind: 'failed', reason: `the authorizer cannot run: ${authorizer.broken}` };
  const values: string[] = [];
  for (const source of authorizer.sources) {
    const value = identityValue(source, request);
    if (value === undefined || value === '') return { kind: 'unauthorized', called: false, reason: `the identity source ${sourceName(source)} is missing or empty, so the authorizer was not called` };
    values.push(value);
  }
  if (authorizer.validation && !authorizer.validation.test(values[0]!)) {
    return { kind: 'unauthorized', called: false, reason: 'the token does not match the identity validation expression, so the authorizer was not called' };
  }
  const cacheKey = values.length === 1 ? `${authorizer.cacheId}\n${values[0]}` : `${authorizer.cacheId}\n${values.join('\n')}`;
  const caching = authorizer.ttlMs > 0 && request.cacheStage !== undefined && values.length > 0;
  if (caching) {
    const hit = cache.get(request.cacheStage!, cacheKey, request.now) as AuthorizerResult | undefined;
    if (hit) return { kind: 'answered', result: hit, cached: true, latencyMs: 0 };
  }
  return { kind: 'call', values, cacheKey, caching };
}

/** Calls the function from `.../authorizers/{id}` and reads its answer; caches an answer for the TTL. */
export async function callAuthorizer(authorizer: LambdaAuthorizer, request: AuthorizerRequest, deps: LambdaAuthorizerDeps, pending: PendingCall): Promise<LambdaAuthorizerOutcome> {
  const { values, cacheKey, caching } = pending;
  const functionArn = typeof authorizer.functionArn === 'object' ? functionArnOfUri(withStageVariables(authorizer.functionArn.uri, request.stageVariables)) : authorizer.functionArn;
  if (functionArn === undefined) return { kind: 'failed', reason: 'the authorizer URI does not name a Lambda function once its stage variables are filled in' };
  const event =
    authorizer.type === 'TOKEN'
      ? { type: 'TOKEN', authorizationToken: values[0], methodArn: request.methodArn }
      : { type: 'REQUEST', methodArn: request.methodArn, ...request.requestEvent() };
  const started = performance.now();
  let answer: Awaited<ReturnType<LambdaInvoker>>;
  try {
    answer = await deps.invokeLambda(functionArn, JSON.stringify(event), authorizer.credentials === undefined ? { sourceArn: authorizer.sourceArn } : { sourceArn: authorizer.sourceArn, role: authorizer.credentials });
  } catch (error) {
    const why = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return { kind: 'failed', functionArn, reason: `API Gateway could not call the authorizer function (${why})` };
  }
  const latencyMs = Math.round(performance.now() - started);
  const log = answer.log;
  const withLog = <T extends object>(o: T): T => (log === undefined ? o : { ...o, log });
  if (answer.kind === 'error') {
    if (errorMessage(answer.payload) === 'Unauthorized') return withLog({ kind: 'unauthorized', called: true, functionArn, reason: 'the authorizer function failed with the message Unauthorized' });
    return withLog({ kind: 'failed', functionArn, reason: `the authorizer function failed: ${answer.payload.slice(0, 500)}` });
  }
  const read = readAuthorizerOutput(answer.payload);
  if (!read.ok) return withLog({ kind: 'failed', functionArn, reason: read.reason });
  if (caching) deps.cache.set(request.cacheStage!, cacheKey, read.result, request.now + authorizer.ttlMs);
  return withLog({ kind: 'answered', result: read.result, cached: false, latencyMs, functionArn });
}

/** Both parts: what TestInvokeAuthorizer runs. */
export async function runLambdaAuthorizer(authorizer: LambdaAuthorizer, request: AuthorizerRequest, deps: LambdaAuthorizerDeps): Promise<LambdaAuthorizerOutcome> {
  const first = beforeCall(authorizer, request, deps.cache);
  return first.kind === 'call' ? callAuthorizer(authorizer, request, deps, first) : first;
}

function errorMessage(payload: string): unknown {
  try {
    return (JSON.parse(payload) as { errorMessage?: unknown } | null)?.errorMessage;
  } catch {
    return undefined;
  }
}
