/** One policy's decision on a request, recorded; AWS's denial unless it allows. */
import type { Evaluation } from '../../policy/evaluate.js';
import type { PolicyRequest } from '../../policy/request.js';
import { decidePolicy } from '../access.js';
import { accessDenied } from '../gateway-error.js';
import type { PolicyDecision, RequestRecord } from '../request-log.js';
import type { StoredPolicy } from '../stored-policy.js';
import type { StepDeps } from './deps.js';

/**
 * Evaluates and records one policy; a policy that cannot be read denies (fail closed) and is reported once.
 * Returns the evaluation (undefined when unreadable) without deciding: callers combine or `requireAllow`.
 */
export function evaluateRecorded(deps: StepDeps, kind: PolicyDecision['policy'], owner: string, policy: StoredPolicy, request: PolicyRequest, record: RequestRecord): Evaluation | undefined {
  const decision = decidePolicy(kind, owner, policy, request);
  record.policies.push(decision);
  if (decision.unreadable !== undefined) {
    deps.warnUnreadable(`${kind}/${owner}/${decision.unreadable}`, kind, owner, decision.unreadable);
    return undefined;
  }
  return decision.evaluation;
}

/** The policy must allow: AWS's denial (` with an explicit deny` when a Deny decided) otherwise. */
export function requireAllow(evaluation: Evaluation | undefined, request: PolicyRequest): void {
  // The denial names the principal the policy saw: anonymous, or a signed caller (a VPC endpoint policy's, §2.2).
  if (evaluation?.decision !== 'Allow') throw accessDenied(request.resource, evaluation?.decision === 'ExplicitDeny', request.principal.kind === 'aws' ? request.principal.arn : undefined);
}

export function checkPolicy(deps: StepDeps, kind: PolicyDecision['policy'], owner: string, policy: StoredPolicy, request: PolicyRequest, record: RequestRecord): void {
  requireAllow(evaluateRecorded(deps, kind, owner, policy, request, record), request);
}
