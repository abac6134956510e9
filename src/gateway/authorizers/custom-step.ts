/**
 * Authorization by a Lambda authorizer (authorizationType CUSTOM), in the order AWS documents
 * (docs/aws-facts.md §2.1): the resource policy's explicit denies first (the authorizer is then never called);
 * then the authorizer; then its policy and the resource policy together by Table A (an explicit deny in either
 * refuses, an Allow in either admits). What the authorizer hands on becomes `$context.authorizer` and the
 * proxy event's `requestContext.authorizer`: its context stringified, then `principalId` and
 * `integrationLatency` (a public capture shows that order).
 */
import { evaluatePolicy, type Evaluation } from '../../policy/evaluate.js';
import type { PolicyRequest } from '../../policy/request.js';
import { accessDenied, authorizerConfigurationError, authorizerDenied, unauthorized } from '../gateway-error.js';
import type { AuthorizationRecord, AuthorizerRecord } from '../request-log.js';
import type { AuthorizationStep } from '../steps/authorization.js';
import type { RoutedRequest } from '../steps/request.js';
import { evaluateRecorded } from '../steps/policy-check.js';
import { authorizerRequest } from './authorizer-request.js';
import type { LambdaAuthorizer } from './compiled.js';
import { beforeCall, callAuthorizer, type LambdaAuthorizerOutcome } from './lambda-authorizer.js';
import type { AuthorizerResult } from './lambda-output.js';

const LOG_KEPT = 16 * 1024;

export const lambdaAuthorization: AuthorizationStep = (request, deps) => {
  const { record, served, routing } = request;
  const { policy, api, authorizers } = served.deployment;
  const { policyRequest } = routing;
  const authorization: AuthorizationRecord = { type: 'CUSTOM', combine: 'either' };
  record.authorization = authorization;
  // Phase 1: the resource policy's explicit deny refuses before the authorizer runs.
  const resource = policy ? evaluateRecorded(deps, 'resource', api.id, policy, policyRequest, record) : undefined;
  if (policy && !resource) throw accessDenied(policyRequest.resource, false);
  if (!policy) record.policies.push({ policy: 'resource', owner: api.id, evaluation: undefined });
  if (resource?.decision === 'ExplicitDeny') throw accessDenied(policyRequest.resource, true);

  const authorizerId = routing.route.method.authorizerId ?? '';
  const authorizer = authorizers.get(authorizerId);
  if (!authorizer || authorizer.kind !== 'lambda') {
    authorization.authorizer = { id: authorizerId, name: authorizerId, type: 'CUSTOM', outcome: 'failed', reason: `the deployment has no Lambda authorizer ${authorizerId}` };
    throw authorizerConfigurationError();
  }
  const input = authorizerRequest(request);
  const first = beforeCall(authorizer, input, deps.authorizerCache);
  // A cached answer (or a 401 without a call) settles the step synchronously: no promise on the hot path.
  if (first.kind !== 'call') return decide(request, authorizer, resource, first);
  return callAuthorizer(authorizer, input, { invokeLambda: deps.invokeLambda, cache: deps.authorizerCache }, first).then((outcome) => decide(request, authorizer, resource, outcome));
};

/** What the authorizer's outcome means for the request, recorded; AWS's answer unless it may proceed (Table A). */
function decide(request: RoutedRequest, authorizer: LambdaAuthorizer, resource: Evaluation | undefined, outcome: LambdaAuthorizerOutcome): void {
  const authorization = request.record.authorization!;
  const { policyRequest } = request.routing;
  const noted: AuthorizerRecord = { id: authorizer.id, name: authorizer.name, type: authorizer.type, outcome: outcome.kind === 'unauthorized' && !outcome.called ? 'not-called' : outcome.kind };
  if (outcome.functionArn !== undefined) noted.functionArn = outcome.functionArn;
  // The record is kept with a thousand others: a function that logs megabytes keeps its first 16 KiB here.
  if (outcome.log !== undefined) noted.log = outcome.log.length <= LOG_KEPT ? outcome.log : `${outcome.log.slice(0, LOG_KEPT)}\n… (${outcome.log.length - LOG_KEPT} more characters not kept by Gatehouse)`;
  authorization.authorizer = noted;
  if (outcome.kind === 'unauthorized') {
    noted.reason = outcome.reason;
    throw unauthorized();
  }
  if (outcome.kind === 'failed') {
    noted.reason = outcome.reason;
    throw authorizerConfigurationError();
  }
  const { result } = outcome;
  noted.principalId = result.principalId;
  noted.cached = outcome.cached;
  noted.latencyMs = outcome.latencyMs;
  // The returned policy is an identity policy for the caller: evaluated against this method's ARN.
  const evaluation = evaluateReturned(result, policyRequest);
  request.record.policies.push({ policy: 'authorizer', owner: authorizer.id, evaluation });
  if (evaluation.decision === 'ExplicitDeny') throw authorizerDenied(true);
  if (evaluation.decision !== 'Allow' && resource?.decision !== 'Allow') throw authorizerDenied(false);
  request.authorizer = outcome.cached ? cachedHandoff(result) : handoff(result, outcome.latencyMs);
  if (result.usageIdentifierKey !== undefined) request.usageIdentifierKey = result.usageIdentifierKey;
}

const handoff = (result: AuthorizerResult, integrationLatency: number): Readonly<Record<string, unknown>> => ({ ...result.context, principalId: result.principalId, integrationLatency });

/** Hot path: what a cached result hands on is the same for every request it serves (no latency): made once. */
const handoffs = new WeakMap<AuthorizerResult, Readonly<Record<string, unknown>>>();

function cachedHandoff(result: AuthorizerResult): Readonly<Record<string, unknown>> {
  let made = handoffs.get(result);
  if (!made) handoffs.set(result, (made = Object.freeze(handoff(result, 0))));
  return made;
}

/**
 * Hot path: a cached result is served to many requests; when its policy has no conditions its decision depends
 * on the method ARN alone, so each ARN's evaluation is kept with the result (bounded), not made per request.
 */
const evaluations = new WeakMap<AuthorizerResult, Map<string, Evaluation>>();

function evaluateReturned(result: AuthorizerResult, request: PolicyRequest): Evaluation {
  if (!result.unconditional) return evaluatePolicy(result.policy, request);
  let byArn = evaluations.get(result);
  if (!byArn) evaluations.set(result, (byArn = new Map()));
  const hit = byArn.get(request.resource);
  if (hit) return hit;
  const evaluation = evaluatePolicy(result.policy, request);
  if (byArn.size < 1000) byArn.set(request.resource, evaluation);
  return evaluation;
}
