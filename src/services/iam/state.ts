/**
 * IAM's state: one document per role, user, managed policy and instance profile (tables `iam_roles`,
 * `iam_users`, `iam_policies`, `iam_instance_profiles`; parent '', id = the name), under the account and the
 * fixed IAM region (names.ts). A role or user holds its inline policies and the ARNs of its attached managed
 * policies; a managed policy holds its versions and counts its attachments.
 */
import type { Scope } from '../../shared/accounts.js';
import type { DocumentTable } from '../../store/store.js';
import type { OperationContext } from '../types.js';
import { noSuchRole, noSuchUser } from './errors.js';
import { iamArn, scopeOf } from './names.js';

export interface Tag {
  Key: string;
  Value: string;
}

export interface InlinePolicy {
  PolicyName: string;
  /** As it was put (IAM answers it URL-encoded). */
  PolicyDocument: string;
}

/** What roles and users share: their inline and attached policies and tags. */
interface Principal {
  Path: string;
  /** ISO 8601, as IAM's XML carries it. */
  CreateDate: string;
  Tags: Tag[];
  inline: InlinePolicy[];
  /** ARNs of the attached managed policies, in attachment order. */
  attached: string[];
}

export interface StoredRole extends Principal {
  RoleName: string;
  RoleId: string;
  AssumeRolePolicyDocument: string;
  Description?: string;
  MaxSessionDuration: number;
}

export interface StoredUser extends Principal {
  UserName: string;
  UserId: string;
}

export interface PolicyVersion {
  VersionId: string;
  Document: string;
  CreateDate: string;
}

export interface StoredPolicy {
  PolicyName: string;
  PolicyId: string;
  Path: string;
  Description?: string;
  DefaultVersionId: string;
  /** Newest last. */
  versions: PolicyVersion[];
  /** The next version's number (numbers are never reused). */
  nextVersion: number;
  AttachmentCount: number;
  CreateDate: string;
  UpdateDate: string;
  Tags: Tag[];
}

export interface StoredInstanceProfile {
  InstanceProfileName: string;
  InstanceProfileId: string;
  Path: string;
  CreateDate: string;
  /** Role names (IAM allows one). */
  roles: string[];
  Tags: Tag[];
}

export const roles = (ctx: OperationContext): DocumentTable<StoredRole> => ctx.store.table<StoredRole>('iam_roles');
export const users = (ctx: OperationContext): DocumentTable<StoredUser> => ctx.store.table<StoredUser>('iam_users');
export const policies = (ctx: OperationContext): DocumentTable<StoredPolicy> => ctx.store.table<StoredPolicy>('iam_policies');
export const instanceProfiles = (ctx: OperationContext): DocumentTable<StoredInstanceProfile> => ctx.store.table<StoredInstanceProfile>('iam_instance_profiles');

export function findRole(ctx: OperationContext, name: string): StoredRole {
  const role = roles(ctx).get(scopeOf(ctx), '', name);
  if (!role) throw noSuchRole(name);
  return role;
}

export function findUser(ctx: OperationContext, name: string): StoredUser {
  const user = users(ctx).get(scopeOf(ctx), '', name);
  if (!user) throw noSuchUser(name);
  return user;
}

/** IAM answers policy documents URL-encoded (RFC 3986); the CLI and botocore decode them. */
export const encodeDocument = (document: string): string => encodeURIComponent(document).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

export const roleArn = (scope: Scope, r: StoredRole): string => iamArn(scope.account, 'role', r.Path, r.RoleName);
export const userArn = (scope: Scope, u: StoredUser): string => iamArn(scope.account, 'user', u.Path, u.UserName);

/** The Role structure. `full`: GetRole's (with tags and RoleLastUsed); the lists leave them out. */
export function roleView(scope: Scope, r: StoredRole, full = false) {
  return {
    Path: r.Path,
    RoleName: r.RoleName,
    RoleId: r.RoleId,
    Arn: roleArn(scope, r),
    CreateDate: r.CreateDate,
    AssumeRolePolicyDocument: encodeDocument(r.AssumeRolePolicyDocument),
    ...(r.Description === undefined ? {} : { Description: r.Description }),
    MaxSessionDuration: r.MaxSessionDuration,
    ...(full && r.Tags.length > 0 ? { Tags: r.Tags } : {}),
    ...(full ? { RoleLastUsed: {} } : {}),
  };
}

export function userView(scope: Scope, u: StoredUser, full = false) {
  return {
    Path: u.Path,
    UserName: u.UserName,
    UserId: u.UserId,
    Arn: userArn(scope, u),
    CreateDate: u.CreateDate,
    ...(full && u.Tags.length > 0 ? { Tags: u.Tags } : {}),
  };
}

export const policyArn = (scope: Scope, p: StoredPolicy): string => iamArn(scope.account, 'policy', p.Path, p.PolicyName);

export function policyView(scope: Scope, p: StoredPolicy) {
  return {
    PolicyName: p.PolicyName,
    PolicyId: p.PolicyId,
    Arn: policyArn(scope, p),
    Path: p.Path,
    DefaultVersionId: p.DefaultVersionId,
    AttachmentCount: p.AttachmentCount,
    PermissionsBoundaryUsageCount: 0,
    IsAttachable: true,
    ...(p.Description === undefined ? {} : { Description: p.Description }),
    CreateDate: p.CreateDate,
    UpdateDate: p.UpdateDate,
    ...(p.Tags.length > 0 ? { Tags: p.Tags } : {}),
  };
}

export function instanceProfileView(ctx: OperationContext, p: StoredInstanceProfile) {
  const scope = scopeOf(ctx);
  return {
    Path: p.Path,
    InstanceProfileName: p.InstanceProfileName,
    InstanceProfileId: p.InstanceProfileId,
    Arn: iamArn(scope.account, 'instance-profile', p.Path, p.InstanceProfileName),
    CreateDate: p.CreateDate,
    Roles: p.roles.flatMap((name) => {
      const role = roles(ctx).get(scope, '', name);
      return role ? [roleView(scope, role)] : [];
    }),
    ...(p.Tags.length > 0 ? { Tags: p.Tags } : {}),
  };
}
