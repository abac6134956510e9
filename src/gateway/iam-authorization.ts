/**
 * The decision for an AWS_IAM method once its caller is known (docs/aws-facts.md §2.1): the caller's
 * identity-based policies and the API's resource policy, both evaluated for the caller, combined by Table A when
 * the caller belongs to the API's account (either may allow; any explicit deny denies) or Table B across accounts
 * (both must allow). An account's root may do anything in its own account, so its identity side allows. Also the
 * principal a VPC endpoint policy sees for a signed request (§2.2), and the condition keys an IAM caller brings.
 */
import { evaluatePolicy, type Decision, type Evaluation } from '../policy/evaluate.js';
import type { PolicyRequest, Principal, RequestKeys } from '../policy/request.js';
import { accessDenied, type GatewayError } from './gateway-error.js';
import type { CallerIdentity, IdentityPolicy, SignedCaller, SigV4Outcome } from './sigv4-caller.js';
import type { StoredPolicy } from './stored-policy.js';

/** The IAM principal policies see for a caller (a role session also matches its role's ARN). */
export function callerPrincipal(identity: CallerIdentity): Principal {
  const principal: Principal = { kind: 'aws', arn: identity.arn, account: identity.account };
  if (identity.kind === 'assumed-role') principal.issuer = identity.principalArn;
  return principal;
}

/** The request's condition keys with the caller's own (aws:PrincipalArn, aws:PrincipalAccount, aws:PrincipalType, aws:userid, aws:username). */
export function withCallerKeys(keys: RequestKeys, identity: CallerIdentity): RequestKeys {
  const out = new Map(keys);
  out.set('aws:principalarn', identity.principalArn);
  out.set('aws:principalaccount', identity.account);
  out.set('aws:principaltype', identity.kind === 'root' ? 'Account' : identity.kind === 'user' ? 'User' : 'AssumedRole');
  out.set('aws:userid', identity.userId);
  if (identity.userName !== undefined) out.set('aws:username', identity.userName);
  return out;
}

/**
 * The request a VPC endpoint policy evaluates (§2.2): a valid SigV4 makes it the caller's, whatever the method's
 * authorization type; none (or a non-SigV4 Authorization) leaves it anonymous; an invalid SigV4 is refused with
 * its own answer before any policy.
 */
export function endpointPolicyRequest(anonymous: PolicyRequest, signed: SigV4Outcome): PolicyRequest {
  if (signed.kind === 'refused') throw signed.refusal;
  if (signed.kind === 'anonymous') return anonymous;
  return { ...anonymous, principal: callerPrincipal(signed.caller.identity), keys: withCallerKeys(anonymous.keys, signed.caller.identity) };
}

/** The caller of an AWS_IAM method, or its refusal (unsigned, not SigV4, a signature that does not hold). */
export function requireCaller(signed: SigV4Outcome): SignedCaller {
  if (signed.kind !== 'caller') throw signed.refusal;
  return signed.caller;
}

/** One identity-based policy's evaluation. */
export interface IdentityEvaluation {
  source: string;
  evaluation: Evaluation;
}

export interface IamDecision {
  caller: CallerIdentity;
  /** A: the caller is in the API's account; B: another account's. */
  table: 'A' | 'B';
  /** The identity side: each policy's evaluation, and their combination (a root allows by itself). */
  identity: { decision: Decision; root: boolean; policies: IdentityEvaluation[]; unknownPolicies: readonly string[] };
  /** The resource side; `none` when the API has no resource policy (or it could not be read: `unreadable`). */
  resource: { decision: Decision | 'None'; evaluation?: Evaluation; unreadable?: string };
  decision: Decision;
}

/** Several identity policies as one: any explicit deny denies, else any allow allows. */
export function combineIdentity(evaluations: readonly Evaluation[]): Decision {
  if (evaluations.some((e) => e.decision === 'ExplicitDeny')) return 'ExplicitDeny';
  return evaluations.some((e) => e.decision === 'Allow') ? 'Allow' : 'ImplicitDeny';
}

/** Table A (same account) and Table B (cross-account). `None` is a resource policy that is absent. */
export function combineTables(identity: Decision, resource: Decision | 'None', table: 'A' | 'B'): Decision {
  if (identity === 'ExplicitDeny' || resource === 'ExplicitDeny') return 'ExplicitDeny';
  if (table === 'A') return identity === 'Allow' || resource === 'Allow' ? 'Allow' : 'ImplicitDeny';
  return identity === 'Allow' && resource === 'Allow' ? 'Allow' : 'ImplicitDeny';
}

/**
 * Decides an AWS_IAM request: `request` is the anonymous request (action, resource ARN, condition keys),
 * `policy` the deployed resource policy, `apiAccount` the API's account. An unreadable resource policy denies
 * (fail closed), as elsewhere.
 */
export function decideIam(
  caller: CallerIdentity,
  identityPolicies: readonly IdentityPolicy[],
  unknownPolicies: readonly string[],
  policy: StoredPolicy | undefined,
  request: PolicyRequest,
  apiAccount: string,
): IamDecision {
  const asCaller: PolicyRequest = { ...request, principal: callerPrincipal(caller), keys: withCallerKeys(request.keys, caller) };
  const root = caller.kind === 'root';
  const policies = root ? [] : identityPolicies.map((p) => ({ source: p.source, evaluation: evaluatePolicy(p.document, asCaller) }));
  const identityDecision: Decision = root ? 'Allow' : combineIdentity(policies.map((p) => p.evaluation));
  let resource: IamDecision['resource'];
  if (!policy) resource = { decision: 'None' };
  else if ('unreadable' in policy) resource = { decision: 'ExplicitDeny', unreadable: policy.unreadable };
  else {
    const evaluation = evaluatePolicy(policy.document, asCaller);
    resource = { decision: evaluation.decision === 'ImplicitDeny' ? 'None' : evaluation.decision, evaluation };
  }
  const table = caller.account === apiAccount ? 'A' : 'B';
  return {
    caller,
    table,
    identity: { decision: identityDecision, root, policies, unknownPolicies: root ? [] : unknownPolicies },
    resource,
    decision: combineTables(identityDecision, resource.decision, table),
  };
}

/** AWS's denial for a decision that does not allow, naming the caller; undefined when it allows. */
export function iamDenial(decision: IamDecision, resourceArn: string): GatewayError | undefined {
  if (decision.decision === 'Allow') return undefined;
  return accessDenied(resourceArn, decision.decision === 'ExplicitDeny', decision.caller.arn);
}
