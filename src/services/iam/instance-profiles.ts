/**
 * Instance profiles: Create, Get, Delete (refused while a role is in it), List, ListInstanceProfilesForRole,
 * and AddRoleToInstanceProfile / RemoveRoleFromInstanceProfile (one role per profile).
 */
import type { Operations } from '../../wire/models/iam-2010-05-08.js';
import type { OperationContext } from '../types.js';
import { instanceProfileExists, mustRemoveFromProfiles, noSuchInstanceProfile, noSuchEntity, tooManyProfileRoles } from './errors.js';
import { invalidLaunchProfile } from './errors.js';
import { checkName, checkPath, checkPathPrefix, parseIamArn, scopeOf, uniqueId, nowSeconds } from './names.js';
import { byName, pageOf } from './paging.js';
import { findRole, instanceProfiles, instanceProfileView, type StoredInstanceProfile } from './state.js';
import { checkTags } from './tags.js';

type Input<Op extends keyof Operations> = Operations[Op]['input'];

function findProfile(ctx: OperationContext, name: string | undefined): StoredInstanceProfile {
  const n = checkName('instanceProfileName', name, 128);
  const found = instanceProfiles(ctx).get(scopeOf(ctx), '', n);
  if (!found) throw noSuchInstanceProfile(n);
  return found;
}

const save = (ctx: OperationContext, p: StoredInstanceProfile): void => instanceProfiles(ctx).update(scopeOf(ctx), '', p.InstanceProfileName, p);

export function createInstanceProfile(input: Input<'CreateInstanceProfile'>, ctx: OperationContext) {
  const name = checkName('instanceProfileName', input.InstanceProfileName, 128);
  const path = checkPath(input.Path);
  const tags = checkTags(input.Tags);
  const scope = scopeOf(ctx);
  if (instanceProfiles(ctx).has(scope, '', name)) throw instanceProfileExists(name);
  const profile: StoredInstanceProfile = { InstanceProfileName: name, InstanceProfileId: uniqueId('AIPA'), Path: path, CreateDate: nowSeconds(ctx), roles: [], Tags: tags };
  instanceProfiles(ctx).insert(scope, '', name, profile);
  return { InstanceProfile: instanceProfileView(ctx, profile) };
}

export function getInstanceProfile(input: Input<'GetInstanceProfile'>, ctx: OperationContext) {
  return { InstanceProfile: instanceProfileView(ctx, findProfile(ctx, input.InstanceProfileName)) };
}

export function deleteInstanceProfile(input: Input<'DeleteInstanceProfile'>, ctx: OperationContext): void {
  const profile = findProfile(ctx, input.InstanceProfileName);
  if (profile.roles.length > 0) throw mustRemoveFromProfiles();
  instanceProfiles(ctx).delete(scopeOf(ctx), '', profile.InstanceProfileName);
}

export function addRoleToInstanceProfile(input: Input<'AddRoleToInstanceProfile'>, ctx: OperationContext): void {
  const profile = findProfile(ctx, input.InstanceProfileName);
  const role = findRole(ctx, checkName('roleName', input.RoleName, 64));
  if (profile.roles.length >= 1) throw tooManyProfileRoles();
  profile.roles.push(role.RoleName);
  save(ctx, profile);
}

export function removeRoleFromInstanceProfile(input: Input<'RemoveRoleFromInstanceProfile'>, ctx: OperationContext): void {
  const profile = findProfile(ctx, input.InstanceProfileName);
  const roleName = checkName('roleName', input.RoleName, 64);
  findRole(ctx, roleName);
  // Inferred wording.
  if (!profile.roles.includes(roleName)) throw noSuchEntity(`The role with name ${roleName} cannot be found in instance profile ${profile.InstanceProfileName}.`);
  profile.roles = profile.roles.filter((r) => r !== roleName);
  save(ctx, profile);
}

function listed(ctx: OperationContext, profiles: StoredInstanceProfile[], marker: string | undefined, maxItems: number | undefined) {
  const page = pageOf(byName(profiles, (p) => p.InstanceProfileName), (p) => p.InstanceProfileName, marker, maxItems);
  return { InstanceProfiles: page.items.map((p) => instanceProfileView(ctx, p)), IsTruncated: page.IsTruncated, ...(page.Marker === undefined ? {} : { Marker: page.Marker }) };
}

export function listInstanceProfiles(input: Input<'ListInstanceProfiles'>, ctx: OperationContext) {
  const prefix = checkPathPrefix(input.PathPrefix);
  return listed(ctx, instanceProfiles(ctx).list(scopeOf(ctx), '').filter((p) => p.Path.startsWith(prefix)), input.Marker, input.MaxItems);
}

export function listInstanceProfilesForRole(input: Input<'ListInstanceProfilesForRole'>, ctx: OperationContext) {
  const role = findRole(ctx, checkName('roleName', input.RoleName, 64));
  return listed(ctx, instanceProfiles(ctx).list(scopeOf(ctx), '').filter((p) => p.roles.includes(role.RoleName)), input.Marker, input.MaxItems);
}

/**
 * RunInstances' IamInstanceProfile (by ARN or by name, in the caller's account): what the instance records
 * (the profile's ARN and id), or EC2's InvalidParameterValue when there is no such profile.
 */
export function profileForLaunch(ctx: OperationContext, spec: { Arn?: string; Name?: string }): { Arn: string; Id: string } {
  let profile: StoredInstanceProfile | undefined;
  if (spec.Arn !== undefined) {
    const parsed = parseIamArn(spec.Arn, 'instance-profile');
    const found = parsed && parsed.account === ctx.scope.account ? instanceProfiles(ctx).get(scopeOf(ctx), '', parsed.name) : undefined;
    profile = found && found.Path === parsed?.path && (spec.Name === undefined || spec.Name === found.InstanceProfileName) ? found : undefined;
    if (!profile) throw invalidLaunchProfile('arn', spec.Arn);
  } else {
    profile = spec.Name === undefined ? undefined : instanceProfiles(ctx).get(scopeOf(ctx), '', spec.Name);
    if (!profile) throw invalidLaunchProfile('name', spec.Name ?? '');
  }
  return { Arn: instanceProfileView(ctx, profile).Arn, Id: profile.InstanceProfileId };
}
