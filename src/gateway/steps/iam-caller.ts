/**
 * The signed caller of a request, as the steps that need it see it: the VPC endpoint policy (a valid SigV4 makes
 * the caller its principal, whatever the method's authorization type; an invalid one is refused) and an AWS_IAM
 * method's authorization (the caller's identity policies and the resource policy, by Table A or B). The
 * signature is checked at most once per request, and only when a step asks.
 */
import type { PolicyRequest } from '../../policy/request.js';
import { decideIam, endpointPolicyRequest, iamDenial, requireCaller } from '../iam-authorization.js';
import { authenticate, isSigV4Header, type SigV4Outcome } from '../sigv4-caller.js';
import type { StepDeps } from './deps.js';
import type { ExecuteApiRequest, RoutedRequest } from './request.js';

/** The request's SigV4 outcome, computed on first need. */
export function signedOutcome(request: RoutedRequest, deps: StepDeps): SigV4Outcome {
  if (request.signed) return request.signed;
  const { req, body, served, now } = request;
  const signed = authenticate({ method: request.record.method, url: req.url ?? '/', headers: req.headers, body }, served.deployment.scope.region, now, deps.callers);
  request.signed = signed;
  if (signed.kind === 'caller') {
    const { identity, accessKeyId, verified } = signed.caller;
    request.record.caller = { arn: identity.arn, accessKeyId, verified };
  }
  return signed;
}

/** What the VPC endpoint policy evaluates: the request as its signed caller makes it (anonymous when unsigned). */
export function endpointRequest(request: RoutedRequest, deps: StepDeps): PolicyRequest {
  const anonymous = request.routing.policyRequest;
  // No SigV4 anywhere (no Authorization, or another scheme such as a Lambda authorizer's token): the anonymous
  // request, without parsing anything (§2.2). Hot path: a cached Lambda authorizer's request paid ~3 µs here.
  const auth = request.req.headers.authorization;
  if ((auth === undefined || !isSigV4Header(auth)) && !request.url.includes('X-Amz-')) return anonymous;
  return endpointPolicyRequest(anonymous, signedOutcome(request, deps));
}

/**
 * Step `authorization` for AWS_IAM: the caller must be signed (AWS's refusal otherwise), then its identity
 * policies and the resource policy decide together; the record keeps both and the table used.
 */
export function iamAuthorization(request: RoutedRequest, deps: StepDeps): void {
  const caller = requireCaller(signedOutcome(request, deps));
  const { policy, api, scope } = request.served.deployment;
  const { directory } = deps.callers;
  const decision = decideIam(caller.identity, directory.identityPolicies(caller.identity), directory.unknownPolicies?.(caller.identity) ?? [], policy, request.routing.policyRequest, scope.account);
  const { record } = request;
  for (const p of decision.identity.policies) record.policies.push({ policy: 'identity', owner: p.source, evaluation: p.evaluation });
  if (decision.resource.unreadable !== undefined) {
    record.policies.push({ policy: 'resource', owner: api.id, evaluation: undefined, unreadable: decision.resource.unreadable });
    deps.warnUnreadable(`resource/${api.id}/${decision.resource.unreadable}`, 'resource', api.id, decision.resource.unreadable);
  } else record.policies.push({ policy: 'resource', owner: api.id, evaluation: decision.resource.evaluation });
  record.iam = {
    caller: caller.identity.arn,
    table: decision.table,
    identity: decision.identity.decision,
    root: decision.identity.root,
    unknownPolicies: [...decision.identity.unknownPolicies],
    resource: decision.resource.decision,
    decision: decision.decision,
  };
  const denial = iamDenial(decision, request.routing.resourceArn);
  if (denial) throw denial;
  request.caller = caller;
}

export type { ExecuteApiRequest };
