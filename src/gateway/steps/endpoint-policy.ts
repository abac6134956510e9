/**
 * Step `endpoint-policy`: a request through an interface endpoint is first decided by the endpoint's policy
 * (AWS's full-access default when none was set), before any authorization the method has, for the caller
 * the request's SigV4 names, or anonymous (docs/aws-facts.md §2.2).
 */
import { forbidden } from '../gateway-error.js';
import type { StepDeps } from './deps.js';
import { endpointRequest } from './iam-caller.js';
import { checkPolicy } from './policy-check.js';
import { routed, type ExecuteApiRequest } from './request.js';

export function checkEndpointPolicy(request: ExecuteApiRequest, deps: StepDeps): void {
  const origin = request.origin;
  if (!origin) return;
  const policy = deps.endpointPolicies.of(origin);
  // The endpoint was deleted while the connection was open.
  if (!policy) throw forbidden();
  // A valid SigV4 makes the policy see the signed caller; an invalid one is refused here (§2.2).
  checkPolicy(deps, 'vpc-endpoint', origin.vpceId, policy, endpointRequest(routed(request), deps), request.record);
}
