/**
 * AWS::IAM::Role, User, AccessKey and InstanceProfile, made through Gatehouse's IAM (iam-policies.ts holds
 * Policy and ManagedPolicy). Names as CloudFormation generates them; ARNs, unique ids (`AROA…`) and access
 * keys as IAM answers them; the properties checked as CloudFormation's schema checks them before IAM is called.
 */
import { orUndo, unlessGone, validationFailed } from './errors.js';
import { checkDocument, checkName, checkPath, creating, deleteHolder, emptyHolder, syncAttached, syncInline } from './iam-checks.js';
import { compact, parse } from './properties.js';
import { changed, int, json, list, obj, policyText, str, strings, tagDiff, tagList, tagMap } from './schema.js';
import type { ResourceContext, ResourceType } from './types.js';

export { managedPolicy, policy } from './iam-policies.js';
import { managedPolicy, policy } from './iam-policies.js';

const INLINE_POLICY = obj({ PolicyName: str, PolicyDocument: json }, ['PolicyDocument', 'PolicyName']);

interface Tag {
  Key: string;
  Value: string;
}

interface InlinePolicy {
  PolicyName: string;
  PolicyDocument: unknown;
}

const inlineTexts = (policies: readonly InlinePolicy[] | undefined) => (policies ?? []).map((p) => ({ PolicyName: p.PolicyName, PolicyDocument: policyText(p.PolicyDocument)! }));
const inlineNames = (policies: readonly InlinePolicy[] | undefined) => (policies ?? []).map((p) => p.PolicyName);

/** Sets tags on an IAM entity to `after`'s, from `before`'s. */
async function syncTags(ctx: ResourceContext, entity: 'Role' | 'User', name: string, before: Tag[] | undefined, after: Tag[] | undefined): Promise<void> {
  const { set, removed } = tagDiff(tagMap(before), tagMap(after));
  const key = `${entity}Name`;
  if (Object.keys(set).length > 0) await ctx.call('iam', `Tag${entity}`, { [key]: name, Tags: Object.entries(set).map(([Key, Value]) => ({ Key, Value })) });
  if (removed.length > 0) await ctx.call('iam', `Untag${entity}`, { [key]: name, TagKeys: removed });
}

// ---- AWS::IAM::Role ----

interface RoleProps {
  AssumeRolePolicyDocument: unknown;
  RoleName?: string;
  Path?: string;
  Description?: string;
  ManagedPolicyArns?: string[];
  Policies?: InlinePolicy[];
  MaxSessionDuration?: number;
  PermissionsBoundary?: string;
  Tags?: Tag[];
}

const ROLE_SHAPE = obj(
  {
    AssumeRolePolicyDocument: json,
    RoleName: str,
    Path: str,
    Description: str,
    ManagedPolicyArns: strings,
    Policies: list(INLINE_POLICY),
    MaxSessionDuration: int,
    PermissionsBoundary: str,
    Tags: tagList,
  },
  ['AssumeRolePolicyDocument'],
);

function checkRole(ctx: ResourceContext, p: RoleProps): string {
  const path = checkPath(ctx, p.Path);
  checkName(ctx, 'RoleName', p.RoleName, 64);
  checkDocument(ctx, 'AssumeRolePolicyDocument', p.AssumeRolePolicyDocument);
  for (const policy of p.Policies ?? []) checkDocument(ctx, `Policies/${policy.PolicyName}`, policy.PolicyDocument);
  if (p.MaxSessionDuration !== undefined && (p.MaxSessionDuration < 3600 || p.MaxSessionDuration > 43200)) {
    throw validationFailed(ctx.logicalId, `#/MaxSessionDuration: ${p.MaxSessionDuration} is not in the range [3600, 43200]`);
  }
  return path;
}

/** Ref is the role name; GetAtt Arn and RoleId. The name and id stay the same through updates. */
export const role: ResourceType = {
  type: 'AWS::IAM::Role',
  replaceOn: ['RoleName', 'Path'],
  async create(properties, ctx) {
    const p = parse<RoleProps>(ctx, properties, ROLE_SHAPE);
    const path = checkRole(ctx, p);
    const name = p.RoleName ?? ctx.physicalName(64);
    const out = await creating(ctx, 'AWS::IAM::Role', name, 'CreateRole', compact({
      RoleName: name,
      Path: path,
      AssumeRolePolicyDocument: policyText(p.AssumeRolePolicyDocument),
      Description: p.Description,
      MaxSessionDuration: p.MaxSessionDuration,
      Tags: p.Tags,
    }));
    const created = out['Role'] as { Arn: string; RoleId: string };
    return orUndo(
      async () => {
        await syncInline(ctx, 'Role', name, inlineTexts(p.Policies), []);
        await syncAttached(ctx, 'Role', name, p.ManagedPolicyArns ?? [], []);
        return { physicalId: name, attributes: { Arn: created.Arn, RoleId: created.RoleId } };
      },
      async () => {
        await emptyHolder(ctx, 'Role', name);
        await ctx.call('iam', 'DeleteRole', { RoleName: name });
      },
    );
  },
  async update(current, beforeProps, after, ctx) {
    const a = parse<RoleProps>(ctx, after, ROLE_SHAPE);
    checkRole(ctx, a);
    // The old properties were checked when they were applied.
    const b = beforeProps as Partial<RoleProps>;
    const name = current.physicalId;
    if (changed(b, a, 'AssumeRolePolicyDocument')) await ctx.call('iam', 'UpdateAssumeRolePolicy', { RoleName: name, PolicyDocument: policyText(a.AssumeRolePolicyDocument) });
    if (changed(b, a, 'Description') || changed(b, a, 'MaxSessionDuration')) {
      await ctx.call('iam', 'UpdateRole', compact({ RoleName: name, Description: a.Description ?? '', MaxSessionDuration: a.MaxSessionDuration ?? 3600 }));
    }
    await syncInline(ctx, 'Role', name, inlineTexts(a.Policies), inlineNames(b.Policies));
    await syncAttached(ctx, 'Role', name, a.ManagedPolicyArns ?? [], b.ManagedPolicyArns ?? []);
    await syncTags(ctx, 'Role', name, b.Tags, a.Tags);
    return current;
  },
  delete: (current, _properties, ctx) => deleteHolder(ctx, 'Role', current.physicalId),
};

// ---- AWS::IAM::User ----

interface UserProps {
  UserName?: string;
  Path?: string;
  ManagedPolicyArns?: string[];
  Policies?: InlinePolicy[];
  Tags?: Tag[];
}

const USER_SHAPE = obj(
  { UserName: str, Path: str, ManagedPolicyArns: strings, Policies: list(INLINE_POLICY), Tags: tagList, Groups: strings, PermissionsBoundary: str },
  [],
  // No console passwords in Gatehouse: a login profile is accepted and has no effect.
  ['LoginProfile'],
);

/** Ref is the user's name; GetAtt Arn. */
export const user: ResourceType = {
  type: 'AWS::IAM::User',
  replaceOn: ['UserName', 'Path'],
  async create(properties, ctx) {
    const p = parse<UserProps>(ctx, properties, USER_SHAPE);
    const path = checkPath(ctx, p.Path);
    checkName(ctx, 'UserName', p.UserName, 64);
    for (const policy of p.Policies ?? []) checkDocument(ctx, `Policies/${policy.PolicyName}`, policy.PolicyDocument);
    const name = p.UserName ?? ctx.physicalName(64);
    const out = await creating(ctx, 'AWS::IAM::User', name, 'CreateUser', compact({ UserName: name, Path: path, Tags: p.Tags }));
    const created = out['User'] as { Arn: string };
    return orUndo(
      async () => {
        await syncInline(ctx, 'User', name, inlineTexts(p.Policies), []);
        await syncAttached(ctx, 'User', name, p.ManagedPolicyArns ?? [], []);
        return { physicalId: name, attributes: { Arn: created.Arn } };
      },
      async () => {
        await emptyHolder(ctx, 'User', name);
        await ctx.call('iam', 'DeleteUser', { UserName: name });
      },
    );
  },
  async update(current, beforeProps, after, ctx) {
    const a = parse<UserProps>(ctx, after, USER_SHAPE);
    for (const policy of a.Policies ?? []) checkDocument(ctx, `Policies/${policy.PolicyName}`, policy.PolicyDocument);
    const b = beforeProps as Partial<UserProps>;
    await syncInline(ctx, 'User', current.physicalId, inlineTexts(a.Policies), inlineNames(b.Policies));
    await syncAttached(ctx, 'User', current.physicalId, a.ManagedPolicyArns ?? [], b.ManagedPolicyArns ?? []);
    await syncTags(ctx, 'User', current.physicalId, b.Tags, a.Tags);
    return current;
  },
  delete: (current, _properties, ctx) => deleteHolder(ctx, 'User', current.physicalId),
};

// ---- AWS::IAM::AccessKey ----

interface AccessKeyProps {
  UserName: string;
  Status?: string;
  Serial?: number;
}

const ACCESS_KEY_SHAPE = obj({ UserName: str, Status: str, Serial: int }, ['UserName']);

function checkStatus(ctx: ResourceContext, status: string | undefined): void {
  if (status !== undefined && !['Active', 'Inactive'].includes(status)) throw validationFailed(ctx.logicalId, `#/Status: ${status} is not a valid enum value`);
}

/** Ref is the access key id; GetAtt SecretAccessKey. A new Serial (or user) is a new key. */
export const accessKey: ResourceType = {
  type: 'AWS::IAM::AccessKey',
  replaceOn: ['UserName', 'Serial'],
  async create(properties, ctx) {
    const p = parse<AccessKeyProps>(ctx, properties, ACCESS_KEY_SHAPE);
    checkStatus(ctx, p.Status);
    const key = (await ctx.call('iam', 'CreateAccessKey', { UserName: p.UserName }))['AccessKey'] as { AccessKeyId: string; SecretAccessKey: string };
    if (p.Status === 'Inactive') await ctx.call('iam', 'UpdateAccessKey', { UserName: p.UserName, AccessKeyId: key.AccessKeyId, Status: 'Inactive' });
    return { physicalId: key.AccessKeyId, attributes: { SecretAccessKey: key.SecretAccessKey } };
  },
  async update(current, _before, after, ctx) {
    const p = parse<AccessKeyProps>(ctx, after, ACCESS_KEY_SHAPE);
    checkStatus(ctx, p.Status);
    await ctx.call('iam', 'UpdateAccessKey', { UserName: p.UserName, AccessKeyId: current.physicalId, Status: p.Status ?? 'Active' });
    return current;
  },
  async delete(current, properties, ctx) {
    await unlessGone(ctx.call('iam', 'DeleteAccessKey', compact({ UserName: properties['UserName'], AccessKeyId: current.physicalId })), 'NoSuchEntity');
  },
};

// ---- AWS::IAM::InstanceProfile ----

interface InstanceProfileProps {
  InstanceProfileName?: string;
  Path?: string;
  Roles: string[];
}

const INSTANCE_PROFILE_SHAPE = obj({ InstanceProfileName: str, Path: str, Roles: strings }, ['Roles']);

/** Ref is the profile's name; GetAtt Arn (`arn:aws:iam::{account}:instance-profile{path}{name}`). */
export const instanceProfile: ResourceType = {
  type: 'AWS::IAM::InstanceProfile',
  replaceOn: ['InstanceProfileName', 'Path'],
  async create(properties, ctx) {
    const p = parse<InstanceProfileProps>(ctx, properties, INSTANCE_PROFILE_SHAPE);
    const path = checkPath(ctx, p.Path);
    checkName(ctx, 'InstanceProfileName', p.InstanceProfileName, 128);
    const name = p.InstanceProfileName ?? ctx.physicalName(128);
    const out = await creating(ctx, 'AWS::IAM::InstanceProfile', name, 'CreateInstanceProfile', { InstanceProfileName: name, Path: path });
    const arn = (out['InstanceProfile'] as { Arn: string }).Arn;
    return orUndo(
      async () => {
        for (const r of p.Roles) await ctx.call('iam', 'AddRoleToInstanceProfile', { InstanceProfileName: name, RoleName: r });
        return { physicalId: name, attributes: { Arn: arn } };
      },
      async () => {
        for (const r of p.Roles) await unlessGone(ctx.call('iam', 'RemoveRoleFromInstanceProfile', { InstanceProfileName: name, RoleName: r }), 'NoSuchEntity');
        await ctx.call('iam', 'DeleteInstanceProfile', { InstanceProfileName: name });
      },
    );
  },
  async update(current, beforeProps, after, ctx) {
    const a = parse<InstanceProfileProps>(ctx, after, INSTANCE_PROFILE_SHAPE);
    const before = (beforeProps as Partial<InstanceProfileProps>).Roles ?? [];
    for (const r of before) if (!a.Roles.includes(r)) await unlessGone(ctx.call('iam', 'RemoveRoleFromInstanceProfile', { InstanceProfileName: current.physicalId, RoleName: r }), 'NoSuchEntity');
    for (const r of a.Roles) if (!before.includes(r)) await ctx.call('iam', 'AddRoleToInstanceProfile', { InstanceProfileName: current.physicalId, RoleName: r });
    return current;
  },
  async delete(current, _properties, ctx) {
    let roles: string[] = [];
    try {
      const out = await ctx.call('iam', 'GetInstanceProfile', { InstanceProfileName: current.physicalId });
      roles = ((out['InstanceProfile'] as { Roles?: Array<{ RoleName: string }> }).Roles ?? []).map((r) => r.RoleName);
    } catch {
      return;
    }
    for (const r of roles) await unlessGone(ctx.call('iam', 'RemoveRoleFromInstanceProfile', { InstanceProfileName: current.physicalId, RoleName: r }), 'NoSuchEntity');
    await unlessGone(ctx.call('iam', 'DeleteInstanceProfile', { InstanceProfileName: current.physicalId }), 'NoSuchEntity');
  },
};

export const IAM_TYPES: readonly ResourceType[] = [role, policy, instanceProfile, managedPolicy, user, accessKey];

