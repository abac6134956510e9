/**
 * TestInvokeAuthorizer: a Lambda authorizer run on the test request it is given, as the console's Test does,
 * from the `ESTestInvoke-stage` method ARN AWS uses, never from the stage's cache; the answer says what the
 * authorizer returned, with an execution log in AWS's manner.
 */
import type { Authorizer } from '../domain/apigateway.js';
import { compileAuthorizers } from '../gateway/authorizers/compiled.js';
import { runLambdaAuthorizer, type AuthorizerRequest } from '../gateway/authorizers/lambda-authorizer.js';
import type { LambdaInvoker } from '../gateway/invocation.js';
import type { TestInvokeAuthorizerInput, TestInvokeAuthorizerOutput } from '../services/apigateway/authorizer-runtime.js';
import type { Scope } from '../shared/accounts.js';
import type { Store } from '../store/store.js';
import { apiGatewayClaims, verifyCognitoToken } from '../gateway/cognito-token.js';
import type { LazyPipeline } from './execute-api.js';

export interface TestInvokeDeps {
  pipeline: LazyPipeline;
  invokeLambda: LambdaInvoker;
  store: Store;
}

export async function testInvokeAuthorizer(deps: TestInvokeDeps, scope: Scope, restApiId: string, authorizer: Authorizer, input: TestInvokeAuthorizerInput): Promise<TestInvokeAuthorizerOutput> {
  const compiled = compileAuthorizers(scope, restApiId, 'test-invoke', [authorizer]).get(authorizer.id)!;
  const started = new Date();
  const lines = [`Starting authorizer: ${authorizer.id} for request: test-request`];
  const log = (): string => `${lines.map((l) => `${started.toUTCString()} : ${l}`).join('\n')}\n`;
  if (compiled.kind === 'cognito') {
    // As the console's Test: an id token in the identity source's header, checked without the method's scopes.
    const header = compiled.sources[0]?.name.toLowerCase() ?? 'authorization';
    const token = Object.entries(input.headers ?? {}).find(([k]) => k.toLowerCase() === header)?.[1] ?? '';
    const { cognitoKeys } = await import('./cognito-keys.js');
    const verdict = token === '' ? { ok: false as const, reason: 'the request carries no token' } : verifyCognitoToken(token, compiled.providerArns, cognitoKeys(deps.store), started, undefined, compiled.audience);
    if (!verdict.ok) {
      lines.push(`Unauthorized: ${verdict.reason}`, 'UnauthorizedException');
      return { clientStatus: 401, log: log(), latency: Date.now() - started.getTime(), authorization: {} };
    }
    const claims = apiGatewayClaims(verdict.claims);
    lines.push(`Token verified: claims ${JSON.stringify(claims)}`);
    return { clientStatus: 200, log: log(), latency: Date.now() - started.getTime(), claims, authorization: {} };
  }
  const { pipeline, invokeLambda } = deps;
  const cache = (await pipeline()).authorizerCache;
  const request = testRequest(input, `arn:aws:execute-api:${scope.region}:${scope.account}:${restApiId}/ESTestInvoke-stage/GET/`, started);
  const outcome = await runLambdaAuthorizer(compiled, request, { invokeLambda, cache });
  if (outcome.functionArn !== undefined) lines.push(`Endpoint request URI: https://lambda.${scope.region}.amazonaws.com/2015-03-31/functions/${outcome.functionArn}/invocations`);
  if (outcome.log !== undefined) lines.push(`Authorizer function log:\n${outcome.log.trimEnd()}`);
  const latency = Date.now() - started.getTime();
  if (outcome.kind === 'answered') {
    const policy = JSON.stringify(outcome.result.policy);
    lines.push(`Authorizer result: principalId ${outcome.result.principalId}`, `Policy: ${policy}`);
    return { clientStatus: 200, log: log(), latency, principalId: outcome.result.principalId, policy, authorization: {} };
  }
  const unauthorized = outcome.kind === 'unauthorized';
  lines.push(unauthorized ? `Unauthorized: ${outcome.reason}` : `Execution failed due to configuration error: ${outcome.reason}`, unauthorized ? 'UnauthorizedException' : 'AuthorizerConfigurationException');
  return { clientStatus: unauthorized ? 401 : 500, log: log(), latency, authorization: {} };
}

function testRequest(input: TestInvokeAuthorizerInput, methodArn: string, now: Date): AuthorizerRequest {
  const headers: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(input.multiValueHeaders ?? {})) headers[k.toLowerCase()] = v;
  for (const [k, v] of Object.entries(input.headers ?? {})) headers[k.toLowerCase()] = v;
  const [path = '/', query = ''] = (input.pathWithQueryString ?? '/').split('?', 2);
  const params = new URLSearchParams(query);
  const queryMap: Record<string, string[]> = {};
  for (const [k, v] of params) (queryMap[k] ??= []).push(v);
  const headerMap: Record<string, string[]> = { ...(input.multiValueHeaders ?? {}) };
  for (const [k, v] of Object.entries(input.headers ?? {})) headerMap[k] = [v];
  const last = (m: Record<string, string[]>): Record<string, string> | null => (Object.keys(m).length === 0 ? null : Object.fromEntries(Object.entries(m).map(([k, v]) => [k, v[v.length - 1] ?? ''])));
  const all = (m: Record<string, string[]>): Record<string, string[]> | null => (Object.keys(m).length === 0 ? null : m);
  return {
    headers,
    query: params,
    stageVariables: input.stageVariables,
    contextValue: (name) => input.additionalContext?.[name],
    methodArn,
    cacheStage: undefined,
    now: now.getTime(),
    requestEvent: () => ({
      resource: path,
      path,
      httpMethod: 'GET',
      headers: last(headerMap),
      multiValueHeaders: all(headerMap),
      queryStringParameters: last(queryMap),
      multiValueQueryStringParameters: all(queryMap),
      pathParameters: null,
      stageVariables: input.stageVariables && Object.keys(input.stageVariables).length > 0 ? input.stageVariables : null,
      requestContext: { ...input.additionalContext, stage: 'ESTestInvoke-stage', httpMethod: 'GET', path, resourcePath: path },
    }),
  };
}
