/**
 * The credentials EC2 hands an instance launched with an instance profile, through its metadata service: a
 * session of the profile's role named for the instance (`arn:aws:sts::{account}:assumed-role/{role}/{instance-id}`),
 * issued only if the role's trust policy lets `ec2.amazonaws.com` assume it, and issued again once fewer than
 * five minutes of it are left (EC2 rotates them well before they expire, so a client never holds an expired one).
 */
import { evaluatePolicy } from '../../policy/evaluate.js';
import { parsePolicy } from '../../policy/document.js';
import { requestKeys } from '../../policy/request.js';
import type { Clock } from '../../shared/clock.js';
import type { Store } from '../../store/store.js';
import { credentials, type IssuedCredential } from '../iam/credentials.js';
import { iamScope, parseIamArn } from '../iam/names.js';
import { roleArn as arnOfRole, type StoredInstanceProfile, type StoredRole } from '../iam/state.js';
import type { OperationContext } from '../types.js';
import { issueSession } from './assume-role.js';

/** How long an instance's role session lasts: EC2's are valid for about six hours. */
export const INSTANCE_SESSION_SECONDS = 6 * 3600;
/** Fewer than this many milliseconds left: issued again. */
export const REFRESH_BEFORE_MS = 5 * 60 * 1000;

export interface InstanceRoleInput {
  account: string;
  instanceId: string;
  profile: { Arn: string; Id: string };
  /** The session handed out last time, reused while it is still good for more than five minutes. */
  previous?: IssuedCredential | undefined;
}

export type InstanceRoleAnswer =
  /** The profile is gone or has no role: IMDS has no iam/ tree (as on EC2 once the role is removed). */
  | { kind: 'no-role' }
  | { kind: 'denied'; roleName: string; message: string }
  | { kind: 'session'; roleName: string; credential: IssuedCredential };

export function instanceRoleCredentials(store: Store, clock: Clock, input: InstanceRoleInput): InstanceRoleAnswer {
  const parsed = parseIamArn(input.profile.Arn, 'instance-profile');
  if (!parsed) return { kind: 'no-role' };
  const scope = iamScope(parsed.account);
  const profile = store.table<StoredInstanceProfile>('iam_instance_profiles').get(scope, '', parsed.name);
  const roleName = profile?.InstanceProfileId === input.profile.Id ? profile.roles[0] : undefined;
  const role = roleName === undefined ? undefined : store.table<StoredRole>('iam_roles').get(scope, '', roleName);
  if (!role) return { kind: 'no-role' };
  const roleArn = arnOfRole(scope, role);
  const trust = parsePolicy(role.AssumeRolePolicyDocument, 'trust');
  const principal = { kind: 'service' as const, service: 'ec2.amazonaws.com' };
  if (!trust.ok || evaluatePolicy(trust.document, { principal, action: 'sts:AssumeRole', resource: roleArn, keys: requestKeys({ 'aws:PrincipalServiceName': 'ec2.amazonaws.com' }) }).decision !== 'Allow') {
    // Inferred wording of EC2's answer for a role that does not trust it.
    return { kind: 'denied', roleName: role.RoleName, message: `EC2 cannot assume the role ${role.RoleName}.  Please see documentation at https://docs.aws.amazon.com/IAM/latest/UserGuide/RolesTroubleshooting.html#troubleshoot_iam-ec2_errors-info-doc.` };
  }
  const now = clock.now();
  const previous = input.previous;
  if (previous && stillGood(store, previous, role, now)) return { kind: 'session', roleName: role.RoleName, credential: previous };
  const ctx: OperationContext = { scope: { account: parsed.account, region: 'us-east-1' }, accessKeyId: undefined, requestId: '', store, clock };
  const credential = store.transaction(() =>
    issueSession(ctx, parsed.account, {
      kind: 'assumed-role',
      account: parsed.account,
      roleName: role.RoleName,
      roleId: role.RoleId,
      roleArn,
      sessionName: input.instanceId,
      arn: `arn:aws:sts::${parsed.account}:assumed-role/${role.RoleName}/${input.instanceId}`,
    }, INSTANCE_SESSION_SECONDS),
  );
  return { kind: 'session', roleName: role.RoleName, credential };
}

/** The previous session is of this role, still stored (a reset forgets it) and good for more than five minutes. */
function stillGood(store: Store, previous: IssuedCredential, role: StoredRole, now: Date): boolean {
  if (previous.identity.kind !== 'assumed-role' || previous.identity.roleId !== role.RoleId) return false;
  const stored = credentials(store).locate('', previous.AccessKeyId);
  return stored !== undefined && Date.parse(previous.Expiration ?? '') - now.getTime() > REFRESH_BEFORE_MS;
}
