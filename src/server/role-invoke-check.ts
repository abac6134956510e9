/**
 * Whether a role API Gateway assumes (an authorizer's authorizerCredentials) may invoke a function: the role
 * must exist in the function's account, trust apigateway.amazonaws.com, and its identity policies must allow
 * lambda:InvokeFunction on the function (then the function's own policy is not consulted, as on AWS).
 */
import { evaluatePolicy } from '../policy/evaluate.js';
import { parsePolicy } from '../policy/document.js';
import { identityPolicies } from '../services/iam/identity-policies.js';
import { iamScope, parseIamArn } from '../services/iam/names.js';
import { roleArn as arnOfRole, type StoredRole } from '../services/iam/state.js';
import type { Store } from '../store/store.js';

export function roleMayInvoke(store: Store, roleArn: string, functionArn: string): { ok: true } | { ok: false; reason: string } {
  const named = parseIamArn(roleArn, 'role');
  const functionAccount = functionArn.split(':')[4];
  if (!named || named.account !== functionAccount) return { ok: false, reason: `${roleArn} is not a role of the function's account` };
  const role = store.table<StoredRole>('iam_roles').get(iamScope(named.account), '', named.name);
  if (!role) return { ok: false, reason: `the role ${roleArn} does not exist` };
  const arn = arnOfRole(iamScope(named.account), role);
  const trust = parsePolicy(role.AssumeRolePolicyDocument, 'trust');
  const principal = { kind: 'service', service: 'apigateway.amazonaws.com' } as const;
  const assume = trust.ok ? evaluatePolicy(trust.document, { principal, action: 'sts:AssumeRole', resource: arn, keys: new Map() }) : undefined;
  if (assume?.decision !== 'Allow') return { ok: false, reason: `API Gateway cannot assume ${roleArn}: its trust policy does not allow apigateway.amazonaws.com` };
  const caller = { kind: 'aws', arn, account: named.account } as const;
  const decisions = identityPolicies(store, { kind: 'assumed-role', account: named.account, roleName: named.name, roleId: role.RoleId, roleArn: arn, sessionName: 'apigateway', arn }).documents.map(
    (p) => evaluatePolicy(p.document, { principal: caller, action: 'lambda:InvokeFunction', resource: functionArn, keys: new Map() }).decision,
  );
  if (decisions.includes('ExplicitDeny')) return { ok: false, reason: `a policy of ${roleArn} denies lambda:InvokeFunction on ${functionArn}` };
  if (!decisions.includes('Allow')) return { ok: false, reason: `no policy of ${roleArn} allows lambda:InvokeFunction on ${functionArn}` };
  return { ok: true };
}
