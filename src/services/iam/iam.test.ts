import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { ServiceError } from '../../shared/errors.js';
import { openSqliteStore } from '../../store/sqlite/sqlite-store.js';
import type { OperationContext } from '../types.js';
import { createAccessKey, deleteAccessKey, listAccessKeys, updateAccessKey } from './access-keys.js';
import { issuedCredential } from './credentials.js';
import { identityPolicies } from './identity-policies.js';
import { deleteRolePolicy, deleteUserPolicy, getRolePolicy, listRolePolicies, putRolePolicy, putUserPolicy } from './inline-policies.js';
import { addRoleToInstanceProfile, createInstanceProfile, deleteInstanceProfile, getInstanceProfile, removeRoleFromInstanceProfile } from './instance-profiles.js';
import {
  attachRolePolicy,
  createPolicy,
  createPolicyVersion,
  deletePolicy,
  deletePolicyVersion,
  detachRolePolicy,
  getPolicy,
  getPolicyVersion,
  listAttachedRolePolicies,
  listPolicies,
  listPolicyVersions,
} from './managed-policies.js';
import { createRole, deleteRole, getRole, listRoles, listRoleTags, tagRole, untagRole, updateAssumeRolePolicy, updateRole } from './roles.js';
import { encodeDocument } from './state.js';
import { createUser, deleteUser, getUser, listUsers } from './users.js';

const store = openSqliteStore(':memory:');
after(() => store.close());
const NOW = new Date('2024-05-01T12:00:00.250Z');
let n = 0;
const context = (account = '123456789012', region = 'eu-west-1', accessKeyId?: string): OperationContext => ({
  scope: { account, region },
  accessKeyId,
  requestId: `r-${++n}`,
  store,
  clock: { now: () => NOW },
});
const ctx = context();

/** Runs a handler as the dispatcher does: inside one store transaction. */
const call = <I, O>(c: OperationContext, handler: (input: I, ctx: OperationContext) => O, input: I): O => store.transaction(() => handler(input, c));

function rejects(fn: () => unknown, code: string, status: number, message: string): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof ServiceError, String(e));
    assert.deepEqual([e.code, e.status, e.message], [code, status, message]);
    return true;
  });
}

const TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'sts:AssumeRole' }] });
const DOC = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] });

describe('roles', () => {
  it('CreateRole answers the role with an AROA id, the ARN with its path and the document URL-encoded; IAM is global', () => {
    const { Role } = call(ctx, createRole, { RoleName: 'app', Path: '/service/', AssumeRolePolicyDocument: TRUST, Description: 'the app', Tags: [{ Key: 'k', Value: 'v' }] });
    assert.match(Role.RoleId, /^AROA[A-Z2-7]{17}$/);
    assert.deepEqual({ ...Role, RoleId: 'x' }, {
      Path: '/service/',
      RoleName: 'app',
      RoleId: 'x',
      Arn: 'arn:aws:iam::123456789012:role/service/app',
      CreateDate: '2024-05-01T12:00:00Z',
      AssumeRolePolicyDocument: encodeURIComponent(TRUST),
      Description: 'the app',
      MaxSessionDuration: 3600,
      Tags: [{ Key: 'k', Value: 'v' }],
    });
    // Another region of the same account sees it; another account does not.
    assert.equal(call(context('123456789012', 'us-west-2'), getRole, { RoleName: 'app' }).Role.RoleId, Role.RoleId);
    rejects(() => call(context('210987654321'), getRole, { RoleName: 'app' }), 'NoSuchEntity', 404, 'The role with name app cannot be found.');
  });

  it('refuses a taken name (any case), bad names, paths, durations and trust policies with IAM\'s words', () => {
    rejects(() => call(ctx, createRole, { RoleName: 'APP', AssumeRolePolicyDocument: TRUST }), 'EntityAlreadyExists', 409, 'Role with name APP already exists.');
    rejects(() => call(ctx, createRole, { AssumeRolePolicyDocument: TRUST }), 'ValidationError', 400, "1 validation error detected: Value null at 'roleName' failed to satisfy constraint: Member must not be null");
    rejects(() => call(ctx, createRole, { RoleName: 'a b', AssumeRolePolicyDocument: TRUST }), 'ValidationError', 400, "1 validation error detected: Value 'a b' at 'roleName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+");
    rejects(() => call(ctx, createRole, { RoleName: 'p', Path: 'x', AssumeRolePolicyDocument: TRUST }), 'ValidationError', 400, 'The specified value for path is invalid. It must begin and end with / and contain only alphanumeric characters and/or / characters.');
    rejects(() => call(ctx, createRole, { RoleName: 'd', MaxSessionDuration: 60, AssumeRolePolicyDocument: TRUST }), 'ValidationError', 400, "1 validation error detected: Value '60' at 'maxSessionDuration' failed to satisfy constraint: Member must have value greater than or equal to 3600");
    rejects(() => call(ctx, createRole, { RoleName: 't', AssumeRolePolicyDocument: '{"Statement": [' }), 'MalformedPolicyDocument', 400, 'This policy contains invalid Json');
    rejects(() => call(ctx, createRole, { RoleName: 't', AssumeRolePolicyDocument: DOC }), 'MalformedPolicyDocument', 400, 'Has prohibited field Resource');
    const wrongAction = JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 's3:GetObject' }] });
    rejects(() => call(ctx, createRole, { RoleName: 't', AssumeRolePolicyDocument: wrongAction }), 'MalformedPolicyDocument', 400, 'AssumeRole policy may only specify STS AssumeRole actions.');
    const missingRole = JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:role/missing' }, Action: 'sts:AssumeRole' }] });
    rejects(() => call(ctx, createRole, { RoleName: 't', AssumeRolePolicyDocument: missingRole }), 'MalformedPolicyDocument', 400, 'Invalid principal in policy: "AWS":"arn:aws:iam::123456789012:role/missing"');
  });

  it('ListRoles: by name, PathPrefix, paging with MaxItems and Marker', () => {
    for (const name of ['b-role', 'a-role', 'c-role']) call(ctx, createRole, { RoleName: name, AssumeRolePolicyDocument: TRUST });
    const first = call(ctx, listRoles, { MaxItems: 2 });
    assert.deepEqual([first.Roles.map((r) => r.RoleName), first.IsTruncated], [['a-role', 'app'], true]);
    const rest = call(ctx, listRoles, { MaxItems: 2, Marker: first.Marker });
    assert.deepEqual([rest.Roles.map((r) => r.RoleName), rest.IsTruncated, rest.Marker], [['b-role', 'c-role'], false, undefined]);
    assert.deepEqual(call(ctx, listRoles, { PathPrefix: '/service/' }).Roles.map((r) => r.RoleName), ['app']);
    rejects(() => call(ctx, listRoles, { Marker: 'nonsense' }), 'InvalidInput', 400, 'Invalid Marker.');
  });

  it('UpdateRole, UpdateAssumeRolePolicy, tags', () => {
    call(ctx, updateRole, { RoleName: 'a-role', Description: 'now', MaxSessionDuration: 7200 });
    const trust2 = JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
    call(ctx, updateAssumeRolePolicy, { RoleName: 'a-role', PolicyDocument: trust2 });
    call(ctx, tagRole, { RoleName: 'a-role', Tags: [{ Key: 'a', Value: '1' }, { Key: 'b', Value: '2' }] });
    call(ctx, untagRole, { RoleName: 'a-role', TagKeys: ['a'] });
    const role = call(ctx, getRole, { RoleName: 'a-role' }).Role;
    assert.deepEqual([role.Description, role.MaxSessionDuration, decodeURIComponent(role.AssumeRolePolicyDocument), role.Tags], ['now', 7200, trust2, [{ Key: 'b', Value: '2' }]]);
    assert.deepEqual(call(ctx, listRoleTags, { RoleName: 'a-role' }), { Tags: [{ Key: 'b', Value: '2' }], IsTruncated: false });
  });

  it('inline policies: put, get (URL-encoded), list, delete; DeleteRole refused while policies remain', () => {
    call(ctx, putRolePolicy, { RoleName: 'b-role', PolicyName: 'read', PolicyDocument: DOC });
    assert.deepEqual(call(ctx, getRolePolicy, { RoleName: 'b-role', PolicyName: 'read' }), { RoleName: 'b-role', PolicyName: 'read', PolicyDocument: encodeDocument(DOC) });
    assert.deepEqual(call(ctx, listRolePolicies, { RoleName: 'b-role' }).PolicyNames, ['read']);
    rejects(() => call(ctx, getRolePolicy, { RoleName: 'b-role', PolicyName: 'nope' }), 'NoSuchEntity', 404, 'The role policy with name nope cannot be found.');
    rejects(() => call(ctx, putRolePolicy, { RoleName: 'b-role', PolicyName: 'p', PolicyDocument: TRUST }), 'MalformedPolicyDocument', 400, 'Policy document should not specify a principal.');
    rejects(() => call(ctx, putRolePolicy, { RoleName: 'b-role', PolicyName: 'p', PolicyDocument: '{"Statement":{"Effect":"Allow","Action":"s3:*"}}' }), 'MalformedPolicyDocument', 400, 'Policy statement must contain resources.');
    rejects(() => call(ctx, deleteRole, { RoleName: 'b-role' }), 'DeleteConflict', 409, 'Cannot delete entity, must delete policies first.');
    call(ctx, deleteRolePolicy, { RoleName: 'b-role', PolicyName: 'read' });
    call(ctx, deleteRole, { RoleName: 'b-role' });
    rejects(() => call(ctx, deleteRole, { RoleName: 'b-role' }), 'NoSuchEntity', 404, 'The role with name b-role cannot be found.');
  });
});

describe('managed policies', () => {
  const ARN = 'arn:aws:iam::123456789012:policy/team/readers';

  it('CreatePolicy, GetPolicy, versions (five at most, the default kept), ListPolicies', () => {
    const { Policy } = call(ctx, createPolicy, { PolicyName: 'readers', Path: '/team/', PolicyDocument: DOC, Description: 'read' });
    assert.match(Policy.PolicyId, /^ANPA[A-Z2-7]{17}$/);
    assert.deepEqual([Policy.Arn, Policy.DefaultVersionId, Policy.AttachmentCount, Policy.IsAttachable, 'Description' in Policy], [ARN, 'v1', 0, true, false]);
    assert.equal((call(ctx, getPolicy, { PolicyArn: ARN }).Policy as { Description?: string }).Description, 'read');
    rejects(() => call(ctx, createPolicy, { PolicyName: 'readers', PolicyDocument: DOC }), 'EntityAlreadyExists', 409, 'A policy called readers already exists. Duplicate names are not allowed.');
    for (let i = 2; i <= 5; i++) call(ctx, createPolicyVersion, { PolicyArn: ARN, PolicyDocument: DOC, SetAsDefault: i === 3 });
    rejects(() => call(ctx, createPolicyVersion, { PolicyArn: ARN, PolicyDocument: DOC }), 'LimitExceeded', 409, 'A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.');
    assert.deepEqual(call(ctx, listPolicyVersions, { PolicyArn: ARN }).Versions.map((v) => [v.VersionId, v.IsDefaultVersion]), [['v5', false], ['v4', false], ['v3', true], ['v2', false], ['v1', false]]);
    const firstPage = call(ctx, listPolicyVersions, { PolicyArn: ARN, MaxItems: 3 });
    assert.deepEqual(call(ctx, listPolicyVersions, { PolicyArn: ARN, Marker: firstPage.Marker }).Versions.map((v) => v.VersionId), ['v2', 'v1']);
    rejects(() => call(ctx, deletePolicyVersion, { PolicyArn: ARN, VersionId: 'v3' }), 'DeleteConflict', 409, 'Cannot delete the default version of a policy.');
    call(ctx, deletePolicyVersion, { PolicyArn: ARN, VersionId: 'v1' });
    assert.deepEqual(call(ctx, getPolicyVersion, { PolicyArn: ARN, VersionId: 'v3' }).PolicyVersion, { Document: encodeDocument(DOC), VersionId: 'v3', IsDefaultVersion: true, CreateDate: '2024-05-01T12:00:00Z' });
    assert.deepEqual(call(ctx, listPolicies, { Scope: 'Local' }).Policies.map((p) => p.Arn), [ARN]);
    rejects(() => call(ctx, getPolicy, { PolicyArn: 'arn:aws:iam::123456789012:policy/none' }), 'NoSuchEntity', 404, 'Policy arn:aws:iam::123456789012:policy/none was not found.');
  });

  it('attach to a role (AWS managed ARNs exist), counts, DeleteRole and DeletePolicy refused while attached', () => {
    call(ctx, attachRolePolicy, { RoleName: 'c-role', PolicyArn: ARN });
    call(ctx, attachRolePolicy, { RoleName: 'c-role', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' });
    rejects(() => call(ctx, attachRolePolicy, { RoleName: 'c-role', PolicyArn: 'arn:aws:iam::123456789012:policy/none' }), 'NoSuchEntity', 404, 'Policy arn:aws:iam::123456789012:policy/none does not exist or is not attachable.');
    assert.deepEqual(call(ctx, listAttachedRolePolicies, { RoleName: 'c-role' }).AttachedPolicies, [
      { PolicyName: 'ReadOnlyAccess', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' },
      { PolicyName: 'readers', PolicyArn: ARN },
    ]);
    assert.equal(call(ctx, getPolicy, { PolicyArn: ARN }).Policy.AttachmentCount, 1);
    rejects(() => call(ctx, deleteRole, { RoleName: 'c-role' }), 'DeleteConflict', 409, 'Cannot delete entity, must detach all policies first.');
    rejects(() => call(ctx, deletePolicy, { PolicyArn: ARN }), 'DeleteConflict', 409, 'Cannot delete a policy attached to entities.');
    call(ctx, detachRolePolicy, { RoleName: 'c-role', PolicyArn: ARN });
    call(ctx, detachRolePolicy, { RoleName: 'c-role', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' });
    rejects(() => call(ctx, detachRolePolicy, { RoleName: 'c-role', PolicyArn: ARN }), 'NoSuchEntity', 404, `Policy ${ARN} was not found.`);
    for (const v of ['v2', 'v4', 'v5']) call(ctx, deletePolicyVersion, { PolicyArn: ARN, VersionId: v });
    call(ctx, deletePolicy, { PolicyArn: ARN });
    call(ctx, deleteRole, { RoleName: 'c-role' });
  });
});

describe('users and access keys', () => {
  it('CreateUser, GetUser, ListUsers; access keys (AKIA, 40-character secret, two at most) are issued credentials', () => {
    const { User } = call(ctx, createUser, { UserName: 'ci', Path: '/bots/' });
    assert.match(User.UserId, /^AIDA[A-Z2-7]{17}$/);
    assert.equal(User.Arn, 'arn:aws:iam::123456789012:user/bots/ci');
    assert.deepEqual(call(ctx, listUsers, {}).Users.map((u) => u.UserName), ['ci']);
    const { AccessKey } = call(ctx, createAccessKey, { UserName: 'ci' });
    assert.match(AccessKey.AccessKeyId, /^AKIA[A-Z2-7]{16}$/);
    assert.match(AccessKey.SecretAccessKey, /^[A-Za-z0-9/+]{40}$/);
    assert.deepEqual(issuedCredential(store, AccessKey.AccessKeyId)?.scope, { account: '123456789012', region: 'us-east-1' });
    // Signed with the key, GetUser without a name is the user's own.
    assert.equal(call(context('123456789012', 'eu-west-1', AccessKey.AccessKeyId), getUser, {}).User.UserName, 'ci');
    call(ctx, createAccessKey, { UserName: 'ci' });
    rejects(() => call(ctx, createAccessKey, { UserName: 'ci' }), 'LimitExceeded', 409, 'Cannot exceed quota for AccessKeysPerUser: 2');
    call(ctx, updateAccessKey, { UserName: 'ci', AccessKeyId: AccessKey.AccessKeyId, Status: 'Inactive' });
    assert.deepEqual(call(ctx, listAccessKeys, { UserName: 'ci' }).AccessKeyMetadata.map((k) => k.Status), ['Inactive', 'Active']);
    rejects(() => call(ctx, deleteAccessKey, { UserName: 'ci', AccessKeyId: 'AKIAAAAAAAAAAAAAAAAA' }), 'NoSuchEntity', 404, 'The Access Key with id AKIAAAAAAAAAAAAAAAAA cannot be found.');
  });

  it('DeleteUser refused while policies or keys remain', () => {
    call(ctx, putUserPolicy, { UserName: 'ci', PolicyName: 'p', PolicyDocument: DOC });
    rejects(() => call(ctx, deleteUser, { UserName: 'ci' }), 'DeleteConflict', 409, 'Cannot delete entity, must delete policies first.');
    call(ctx, deleteUserPolicy, { UserName: 'ci', PolicyName: 'p' });
    rejects(() => call(ctx, deleteUser, { UserName: 'ci' }), 'DeleteConflict', 409, 'Cannot delete entity, must delete access keys first.');
    for (const k of call(ctx, listAccessKeys, { UserName: 'ci' }).AccessKeyMetadata) call(ctx, deleteAccessKey, { UserName: 'ci', AccessKeyId: k.AccessKeyId });
    call(ctx, deleteUser, { UserName: 'ci' });
    rejects(() => call(ctx, getUser, { UserName: 'ci' }), 'NoSuchEntity', 404, 'The user with name ci cannot be found.');
  });
});

describe('instance profiles', () => {
  it('one role per profile; DeleteRole and DeleteInstanceProfile refused while the role is in it', () => {
    call(ctx, createRole, { RoleName: 'ec2-role', AssumeRolePolicyDocument: TRUST });
    const { InstanceProfile } = call(ctx, createInstanceProfile, { InstanceProfileName: 'web' });
    assert.match(InstanceProfile.InstanceProfileId, /^AIPA[A-Z2-7]{17}$/);
    assert.equal(InstanceProfile.Arn, 'arn:aws:iam::123456789012:instance-profile/web');
    call(ctx, addRoleToInstanceProfile, { InstanceProfileName: 'web', RoleName: 'ec2-role' });
    rejects(() => call(ctx, addRoleToInstanceProfile, { InstanceProfileName: 'web', RoleName: 'a-role' }), 'LimitExceeded', 409, 'Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1');
    assert.deepEqual(call(ctx, getInstanceProfile, { InstanceProfileName: 'web' }).InstanceProfile.Roles.map((r) => r.RoleName), ['ec2-role']);
    rejects(() => call(ctx, deleteRole, { RoleName: 'ec2-role' }), 'DeleteConflict', 409, 'Cannot delete entity, must remove roles from instance profile first.');
    rejects(() => call(ctx, deleteInstanceProfile, { InstanceProfileName: 'web' }), 'DeleteConflict', 409, 'Cannot delete entity, must remove roles from instance profile first.');
    call(ctx, removeRoleFromInstanceProfile, { InstanceProfileName: 'web', RoleName: 'ec2-role' });
    call(ctx, deleteInstanceProfile, { InstanceProfileName: 'web' });
    rejects(() => call(ctx, getInstanceProfile, { InstanceProfileName: 'web' }), 'NoSuchEntity', 404, 'Instance Profile web cannot be found.');
  });
});

describe('identity policies', () => {
  it('a role session is subject to its role\'s inline and attached policies (default versions); the root to none', () => {
    const role = call(ctx, createRole, { RoleName: 'worker', AssumeRolePolicyDocument: TRUST }).Role;
    call(ctx, putRolePolicy, { RoleName: 'worker', PolicyName: 'read', PolicyDocument: DOC });
    const arn = call(ctx, createPolicy, { PolicyName: 'writers', PolicyDocument: DOC }).Policy.Arn;
    const v2 = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:PutObject', Resource: '*' }] });
    call(ctx, createPolicyVersion, { PolicyArn: arn, PolicyDocument: v2, SetAsDefault: true });
    call(ctx, attachRolePolicy, { RoleName: 'worker', PolicyArn: arn });
    call(ctx, attachRolePolicy, { RoleName: 'worker', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' });
    const session = { kind: 'assumed-role' as const, account: '123456789012', roleName: 'worker', roleId: role.RoleId, roleArn: role.Arn, sessionName: 's', arn: 'arn:aws:sts::123456789012:assumed-role/worker/s' };
    const found = identityPolicies(store, session);
    assert.deepEqual(found.documents.map((d) => [d.source, JSON.stringify(d.document)]), [['inline:read', DOC], [arn, v2]]);
    assert.deepEqual(found.awsManaged, ['arn:aws:iam::aws:policy/ReadOnlyAccess']);
    assert.deepEqual(identityPolicies(store, { kind: 'root', account: '123456789012' }), { documents: [], awsManaged: [] });
  });
});
