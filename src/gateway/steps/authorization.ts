/**
 * Step `authorization`: who may call the method, decided by its authorization type (one record per type in
 * AUTHORIZATIONS) in the order AWS documents for each combination with the resource policy
 * (docs/aws-facts.md §2.1): NONE needs the resource policy's Allow (a public API without one is open); a
 * Lambda authorizer runs after the resource policy's explicit denies and is combined with it by Table A;
 * AWS_IAM authenticates the SigV4 caller and combines its identity policies with the resource policy by
 * Table A (same account) or B (cross-account).
 */
import { lambdaAuthorization } from '../authorizers/custom-step.js';
import { accessDenied, authorizerConfigurationError } from '../gateway-error.js';
import type { StepDeps } from './deps.js';
import { iamAuthorization } from './iam-caller.js';
import { evaluateRecorded, requireAllow } from './policy-check.js';
import { routed, type ExecuteApiRequest, type RoutedRequest } from './request.js';

export type AuthorizationStep = (request: RoutedRequest, deps: StepDeps) => void | Promise<void>;

/**
 * The API's resource policy alone. A private API deployed without one is inaccessible to everyone (implicit
 * deny); a public API without one is open (docs/aws-facts.md §2.6).
 */
export const resourcePolicyOnly: AuthorizationStep = (request, deps) => {
  const { policy, api } = request.served.deployment;
  const { policyRequest } = request.routing;
  if (policy) return requireAllow(evaluateRecorded(deps, 'resource', api.id, policy, policyRequest, request.record), policyRequest);
  request.record.policies.push({ policy: 'resource', owner: api.id, evaluation: undefined });
  if (request.origin) throw accessDenied(policyRequest.resource, false);
};

/** By the method's authorization type. */
const AUTHORIZATIONS: Readonly<Record<string, AuthorizationStep>> = {
  NONE: resourcePolicyOnly,
  CUSTOM: lambdaAuthorization,
  AWS_IAM: iamAuthorization,
};

export function authorize(request: ExecuteApiRequest, deps: StepDeps): void | Promise<void> {
  const r = routed(request);
  const step = AUTHORIZATIONS[r.routing.route.method.authorizationType];
  // A type this Gatehouse cannot enforce refuses every request (fail closed), never falls back to less.
  if (!step) throw authorizerConfigurationError();
  return step(r, deps);
}
