/**
 * AssumeRole: the role must exist and its trust policy, evaluated by the policy engine, must allow the
 * caller `sts:AssumeRole` (and `sts:TagSession` when session tags are passed); the answer is a session
 * (`ASIA…` key, secret, token, expiry) that signs as `arn:aws:sts::{account}:assumed-role/{role}/{session}`
 * in the role's account. GetSessionToken: a session of the caller's own identity.
 *
 * One deliberate difference from AWS: AWS refuses AssumeRole to root credentials ("Roles may not be assumed by
 * root accounts."). Gatehouse's default credentials are the account's root, and every tool (the CDK CLI
 * first) assumes roles with them, so the root is evaluated against the trust policy like any principal.
 */
import { evaluatePolicy } from '../../policy/evaluate.js';
import { parsePolicy, type PolicyDocument } from '../../policy/document.js';
import { requestKeys } from '../../policy/request.js';
import { Clauses } from '../../shared/validation-clauses.js';
import type { Operations } from '../../wire/models/sts-2011-06-15.js';
import { credentials, identityArn, newKeyPair, newSessionToken, type Identity, type IssuedCredential } from '../iam/credentials.js';
import { iamScope, parseIamArn } from '../iam/names.js';
import { tagClauses } from '../iam/tags.js';
import { roleArn as arnOfRole, type StoredRole } from '../iam/state.js';
import type { OperationContext } from '../types.js';
import { signer, userIdOf } from './caller.js';
import { exceedsChainingLimit, exceedsMaxSession, malformedPolicy, notAuthorized, packedPolicyTooLarge, sessionCredentials } from './errors.js';

type Input<Op extends keyof Operations> = Operations[Op]['input'];

/** A session policy's size limit, of which PackedPolicySize is the percentage used. */
const PACKED_LIMIT = 2048;

function trustAllows(trust: PolicyDocument, identity: Identity, action: string, roleArn: string, input: Input<'AssumeRole'>): boolean {
  const arn = identityArn(identity);
  const keys = requestKeys({
    'aws:PrincipalArn': identity.kind === 'assumed-role' ? identity.roleArn : arn,
    'aws:PrincipalAccount': identity.account,
    'aws:PrincipalType': identity.kind === 'root' ? 'Account' : identity.kind === 'user' ? 'User' : 'AssumedRole',
    'aws:userid': userIdOf(identity),
    'aws:username': identity.kind === 'user' ? identity.userName : undefined,
    'sts:ExternalId': input.ExternalId,
    'sts:RoleSessionName': input.RoleSessionName,
    'sts:SourceIdentity': input.SourceIdentity,
    ...Object.fromEntries((input.Tags ?? []).map((t) => [`aws:RequestTag/${t.Key}`, t.Value])),
    'aws:TagKeys': input.Tags === undefined ? undefined : input.Tags.map((t) => t.Key ?? ''),
  });
  const principal = { kind: 'aws' as const, arn, account: identity.account, ...(identity.kind === 'assumed-role' ? { issuer: identity.roleArn } : {}) };
  return evaluatePolicy(trust, { principal, action, resource: roleArn, keys }).decision === 'Allow';
}

function checkInput(input: Input<'AssumeRole'>): void {
  const clauses = new Clauses('ValidationError')
    .required('roleArn', input.RoleArn)
    .length('roleArn', input.RoleArn, 20, 2048)
    .required('roleSessionName', input.RoleSessionName)
    .length('roleSessionName', input.RoleSessionName, 2, 64)
    .pattern('roleSessionName', input.RoleSessionName, /^[\w+=,.@-]*$/, '[\\w+=,.@-]*')
    .range('durationSeconds', input.DurationSeconds, 900, 43200)
    .length('externalId', input.ExternalId, 2, 1224)
    .pattern('externalId', input.ExternalId, /^[\w+=,.@:/-]*$/, '[\\w+=,.@:\\/-]*')
    .length('sourceIdentity', input.SourceIdentity, 2, 64)
    .count('policyArns', input.PolicyArns, 0, 10);
  // Each session tag and policy ARN is checked as IAM checks them (a member left out is "must not be null").
  tagClauses(clauses, input.Tags ?? []);
  (input.PolicyArns ?? []).forEach((p, i) => clauses.required(`policyArns.${i + 1}.member.arn`, p.arn).length(`policyArns.${i + 1}.member.arn`, p.arn, 20, 2048));
  if (input.Policy !== undefined) clauses.length('policy', input.Policy, 1, 2048);
  clauses.throwIfAny();
}

/** PackedPolicySize: the session policies' share of the allowed space, in percent (whitespace does not count). */
function packedSize(input: Input<'AssumeRole'>): number | undefined {
  if (input.Policy === undefined && (input.PolicyArns ?? []).length === 0) return undefined;
  let size = 0;
  if (input.Policy !== undefined) {
    const parsed = parsePolicy(input.Policy);
    // Verified texts for a session policy that is not JSON or not a policy.
    if (!parsed.ok) throw malformedPolicy(parsed.reason.startsWith('not JSON') ? 'This policy contains invalid Json' : 'Syntax errors in policy.');
    size += JSON.stringify(JSON.parse(input.Policy)).length;
  }
  for (const p of input.PolicyArns ?? []) size += (p.arn ?? '').length;
  const percent = Math.max(1, Math.ceil((size * 100) / PACKED_LIMIT));
  if (percent > 100) throw packedPolicyTooLarge(percent);
  return percent;
}

/** A new session for `identity`, stored among the issued credentials of `account`, lasting `seconds`. */
export function issueSession(ctx: OperationContext, account: string, identity: Identity, seconds: number): IssuedCredential {
  const now = ctx.clock.now();
  const session: IssuedCredential = {
    ...newKeyPair(true),
    SessionToken: newSessionToken(),
    Expiration: new Date(Math.floor(now.getTime() / 1000) * 1000 + seconds * 1000).toISOString().replace('.000Z', 'Z'),
    Status: 'Active',
    CreateDate: now.toISOString(),
    identity,
  };
  credentials(ctx.store).insert(iamScope(account), '', session.AccessKeyId, session);
  return session;
}

const credentialsView = (c: IssuedCredential) => ({ AccessKeyId: c.AccessKeyId, SecretAccessKey: c.SecretAccessKey, SessionToken: c.SessionToken!, Expiration: c.Expiration! });

export function assumeRole(input: Input<'AssumeRole'>, ctx: OperationContext) {
  checkInput(input);
  const { identity } = signer(ctx);
  const callerArn = identityArn(identity);
  const target = parseIamArn(input.RoleArn!, 'role');
  const denied = () => notAuthorized(callerArn, 'sts:AssumeRole', input.RoleArn!);
  if (!target || target.account === 'aws') throw denied();
  const role = ctx.store.table<StoredRole>('iam_roles').get(iamScope(target.account), '', target.name);
  if (!role || role.Path !== target.path) throw denied();
  const roleArn = arnOfRole(iamScope(target.account), role);
  const parsed = parsePolicy(role.AssumeRolePolicyDocument, 'trust');
  if (!parsed.ok || !trustAllows(parsed.document, identity, 'sts:AssumeRole', roleArn, input)) throw denied();
  if ((input.Tags ?? []).length > 0 && !trustAllows(parsed.document, identity, 'sts:TagSession', roleArn, input)) throw notAuthorized(callerArn, 'sts:TagSession', roleArn);
  const seconds = input.DurationSeconds ?? 3600;
  if (identity.kind === 'assumed-role' && seconds > 3600) throw exceedsChainingLimit();
  if (seconds > role.MaxSessionDuration) throw exceedsMaxSession();
  const packed = packedSize(input);
  const sessionName = input.RoleSessionName!;
  const session = issueSession(ctx, target.account, {
    kind: 'assumed-role',
    account: target.account,
    roleName: role.RoleName,
    roleId: role.RoleId,
    roleArn,
    sessionName,
    arn: `arn:aws:sts::${target.account}:assumed-role/${role.RoleName}/${sessionName}`,
  }, seconds);
  const assumed = session.identity as Extract<Identity, { kind: 'assumed-role' }>;
  return {
    Credentials: credentialsView(session),
    AssumedRoleUser: { AssumedRoleId: `${role.RoleId}:${sessionName}`, Arn: assumed.arn },
    ...(packed === undefined ? {} : { PackedPolicySize: packed }),
    ...(input.SourceIdentity === undefined ? {} : { SourceIdentity: input.SourceIdentity }),
  };
}

export function getSessionToken(input: Input<'GetSessionToken'>, ctx: OperationContext) {
  const { identity, credential } = signer(ctx);
  if (credential?.SessionToken !== undefined) throw sessionCredentials();
  new Clauses('ValidationError').range('durationSeconds', input.DurationSeconds, 900, 129600).throwIfAny();
  // The root's sessions last at most an hour (AWS's documented limit); a user's 12 hours by default.
  const seconds = identity.kind === 'root' ? Math.min(input.DurationSeconds ?? 3600, 3600) : (input.DurationSeconds ?? 43200);
  return { Credentials: credentialsView(issueSession(ctx, identity.account, identity, seconds)) };
}
