/**
 * Roles: CreateRole (its trust policy checked as IAM checks it), GetRole, ListRoles, UpdateRole,
 * UpdateRoleDescription, UpdateAssumeRolePolicy, DeleteRole (refused while policies or instance profiles hold
 * it), and the role's tags.
 */
import { Clauses } from '../../shared/validation-clauses.js';
import type { Operations } from '../../wire/models/iam-2010-05-08.js';
import type { OperationContext } from '../types.js';
import { checkTrustPolicy } from './documents.js';
import { mustDeletePolicies, mustDetachPolicies, mustRemoveFromProfiles, roleExists } from './errors.js';
import { checkName, checkPath, checkPathPrefix, parseIamArn, required, scopeOf, uniqueId, nowSeconds } from './names.js';
import { byName, pageOf } from './paging.js';
import { findRole, instanceProfiles, roles, roleView, users, type StoredRole } from './state.js';
import { checkTags, mergeTags, withoutTags } from './tags.js';

type Input<Op extends keyof Operations> = Operations[Op]['input'];

/** Whether a trust policy's same-account role or user ARN names one that exists (others cannot be checked). */
export function principalExists(ctx: OperationContext): (arn: string) => boolean {
  return (arn) => {
    if (/^arn:aws:iam::\d{12}:root$/.test(arn) || arn.startsWith('arn:aws:sts::')) return true;
    const role = parseIamArn(arn, 'role');
    const user = parseIamArn(arn, 'user');
    const named = role ?? user;
    if (!named) return false;
    if (named.account !== ctx.scope.account) return true;
    const found = role ? roles(ctx).get(scopeOf(ctx), '', role.name) : users(ctx).get(scopeOf(ctx), '', named.name);
    return found !== undefined && found.Path === named.path;
  };
}

function checkDuration(value: number | undefined): void {
  new Clauses('ValidationError').range('maxSessionDuration', value, 3600, 43200).throwIfAny();
}

function checkDescription(value: string | undefined): void {
  new Clauses('ValidationError').length('description', value, 0, 1000).throwIfAny();
}

export function createRole(input: Input<'CreateRole'>, ctx: OperationContext) {
  const name = checkName('roleName', input.RoleName, 64);
  new Clauses('ValidationError').required('assumeRolePolicyDocument', input.AssumeRolePolicyDocument).throwIfAny();
  const path = checkPath(input.Path);
  checkDescription(input.Description);
  checkDuration(input.MaxSessionDuration);
  const tags = checkTags(input.Tags);
  checkTrustPolicy(input.AssumeRolePolicyDocument, 'assumeRolePolicyDocument', principalExists(ctx));
  const scope = scopeOf(ctx);
  // Role names are unique without regard to case.
  if (roles(ctx).list(scope, '').some((r) => r.RoleName.toLowerCase() === name.toLowerCase())) throw roleExists(name);
  const role: StoredRole = {
    RoleName: name,
    RoleId: uniqueId('AROA'),
    Path: path,
    CreateDate: nowSeconds(ctx),
    AssumeRolePolicyDocument: input.AssumeRolePolicyDocument!,
    ...(input.Description === undefined ? {} : { Description: input.Description }),
    MaxSessionDuration: input.MaxSessionDuration ?? 3600,
    Tags: tags,
    inline: [],
    attached: [],
  };
  roles(ctx).insert(scope, '', name, role);
  return { Role: { ...roleView(scope, role), ...(tags.length > 0 ? { Tags: tags } : {}) } };
}

export function getRole(input: Input<'GetRole'>, ctx: OperationContext) {
  const role = findRole(ctx, checkName('roleName', input.RoleName, 64));
  return { Role: roleView(scopeOf(ctx), role, true) };
}

export function listRoles(input: Input<'ListRoles'>, ctx: OperationContext) {
  const prefix = checkPathPrefix(input.PathPrefix);
  const scope = scopeOf(ctx);
  const all = byName(roles(ctx).list(scope, '').filter((r) => r.Path.startsWith(prefix)), (r) => r.RoleName);
  const page = pageOf(all, (r) => r.RoleName, input.Marker, input.MaxItems);
  return { Roles: page.items.map((r) => roleView(scope, r)), IsTruncated: page.IsTruncated, ...(page.Marker === undefined ? {} : { Marker: page.Marker }) };
}

function saveRole(ctx: OperationContext, role: StoredRole): void {
  roles(ctx).update(scopeOf(ctx), '', role.RoleName, role);
}

export function updateRole(input: Input<'UpdateRole'>, ctx: OperationContext) {
  const name = checkName('roleName', input.RoleName, 64);
  checkDescription(input.Description);
  checkDuration(input.MaxSessionDuration);
  const role = findRole(ctx, name);
  if (input.Description !== undefined) role.Description = input.Description;
  if (input.MaxSessionDuration !== undefined) role.MaxSessionDuration = input.MaxSessionDuration;
  saveRole(ctx, role);
  return {};
}

export function updateRoleDescription(input: Input<'UpdateRoleDescription'>, ctx: OperationContext) {
  const name = checkName('roleName', input.RoleName, 64);
  checkDescription(required('description', input.Description));
  const role = findRole(ctx, name);
  role.Description = input.Description!;
  saveRole(ctx, role);
  return { Role: roleView(scopeOf(ctx), role, true) };
}

export function updateAssumeRolePolicy(input: Input<'UpdateAssumeRolePolicy'>, ctx: OperationContext): void {
  const name = checkName('roleName', input.RoleName, 64);
  new Clauses('ValidationError').required('policyDocument', input.PolicyDocument).throwIfAny();
  const role = findRole(ctx, name);
  checkTrustPolicy(input.PolicyDocument, 'policyDocument', principalExists(ctx));
  role.AssumeRolePolicyDocument = input.PolicyDocument!;
  saveRole(ctx, role);
}

export function deleteRole(input: Input<'DeleteRole'>, ctx: OperationContext): void {
  const role = findRole(ctx, checkName('roleName', input.RoleName, 64));
  if (role.attached.length > 0) throw mustDetachPolicies();
  if (role.inline.length > 0) throw mustDeletePolicies();
  if (instanceProfiles(ctx).list(scopeOf(ctx), '').some((p) => p.roles.includes(role.RoleName))) throw mustRemoveFromProfiles();
  roles(ctx).delete(scopeOf(ctx), '', role.RoleName);
}

export function tagRole(input: Input<'TagRole'>, ctx: OperationContext): void {
  const name = checkName('roleName', input.RoleName, 64);
  const tags = checkTags(required('tags', input.Tags));
  const role = findRole(ctx, name);
  role.Tags = mergeTags(role.Tags, tags);
  saveRole(ctx, role);
}

export function untagRole(input: Input<'UntagRole'>, ctx: OperationContext): void {
  const name = checkName('roleName', input.RoleName, 64);
  const keys = required('tagKeys', input.TagKeys);
  const role = findRole(ctx, name);
  role.Tags = withoutTags(role.Tags, keys);
  saveRole(ctx, role);
}

export function listRoleTags(input: Input<'ListRoleTags'>, ctx: OperationContext) {
  const role = findRole(ctx, checkName('roleName', input.RoleName, 64));
  const page = pageOf(role.Tags, (t) => t.Key, input.Marker, input.MaxItems);
  return { Tags: page.items, IsTruncated: page.IsTruncated, ...(page.Marker === undefined ? {} : { Marker: page.Marker }) };
}
