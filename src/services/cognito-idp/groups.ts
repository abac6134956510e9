/**
 * Groups: CreateGroup, GetGroup, ListGroups, UpdateGroup, DeleteGroup, AdminAddUserToGroup, AdminRemoveUserFromGroup,
 * AdminListGroupsForUser, ListUsersInGroup. A user's groups reach its tokens as `cognito:groups` (what COGNITO_USER_POOLS
 * authorizers' users branch on), ordered by precedence as Cognito orders them. Kept inside the pool's document
 * (the groups) and the users' (their memberships).
 */
import type { Operations } from '../../wire/models/cognito-idp-2016-04-18.js';
import { ServiceError } from '../../shared/errors.js';
import type { OperationContext } from '../types.js';
import { checkRange, required } from './checks.js';
import { validationError } from './errors.js';
import { findPool, findUser, groupsOf, pools, users, type StoredGroup, type StoredPool } from './state.js';
import { userView } from './users.js';

type Input<Op extends keyof Operations> = Operations[Op]['input'];

/** Verified ("A group with the name admin already exists."). */
const groupExists = (name: string): ServiceError => new ServiceError('GroupExistsException', `A group with the name ${name} already exists.`, 400);
/** Verified. */
const groupNotFound = (): ServiceError => new ServiceError('ResourceNotFoundException', 'Group not found.', 400);

function checkGroupName(value: string | undefined): string {
  const name = required('groupName', value);
  if (name.length < 1 || name.length > 128 || !/^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$/u.test(name)) {
    throw validationError(`Value '${name}' at 'groupName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+`);
  }
  return name;
}

function findGroup(pool: StoredPool, name: string | undefined): StoredGroup {
  const group = pool.groups?.[checkGroupName(name)];
  if (!group) throw groupNotFound();
  return group;
}

const groupView = (pool: StoredPool, g: StoredGroup) => ({
  GroupName: g.name,
  UserPoolId: pool.id,
  ...(g.description === undefined ? {} : { Description: g.description }),
  ...(g.roleArn === undefined ? {} : { RoleArn: g.roleArn }),
  ...(g.precedence === undefined ? {} : { Precedence: g.precedence }),
  LastModifiedDate: g.lastModified,
  CreationDate: g.created,
});

/** A list page by a name cursor (the name to start at). */
function page<T>(all: T[], key: (t: T) => string, limit: number | undefined, token: string | undefined): { items: T[]; next?: string } {
  const size = checkRange('limit', limit, 0, 60) || 60;
  const start = token === undefined ? 0 : Math.max(0, all.findIndex((t) => key(t) === token));
  const next = all[start + size];
  return { items: all.slice(start, start + size), ...(next === undefined ? {} : { next: key(next) }) };
}

export function createGroup(input: Input<'CreateGroup'>, ctx: OperationContext) {
  const pool = findPool(ctx, input.UserPoolId);
  const name = checkGroupName(input.GroupName);
  const precedence = checkRange('precedence', input.Precedence, 0, 2147483647);
  if (pool.groups?.[name]) throw groupExists(name);
  const at = ctx.clock.now().getTime() / 1000;
  const group: StoredGroup = { name, created: at, lastModified: at, ...(input.Description === undefined ? {} : { description: input.Description }), ...(input.RoleArn === undefined ? {} : { roleArn: input.RoleArn }), ...(precedence === undefined ? {} : { precedence }) };
  pools(ctx).update(ctx.scope, '', pool.id, { ...pool, groups: { ...pool.groups, [name]: group } });
  return { Group: groupView(pool, group) };
}

export function getGroup(input: Input<'GetGroup'>, ctx: OperationContext) {
  const pool = findPool(ctx, input.UserPoolId);
  return { Group: groupView(pool, findGroup(pool, input.GroupName)) };
}

export function listGroups(input: Input<'ListGroups'>, ctx: OperationContext) {
  const pool = findPool(ctx, input.UserPoolId);
  const { items, next } = page(Object.values(pool.groups ?? {}), (g) => g.name, input.Limit, input.NextToken);
  return { Groups: items.map((g) => groupView(pool, g)), ...(next === undefined ? {} : { NextToken: next }) };
}

/** UpdateGroup replaces what it is given; what it is not given is kept. */
export function updateGroup(input: Input<'UpdateGroup'>, ctx: OperationContext) {
  const pool = findPool(ctx, input.UserPoolId);
  const group = findGroup(pool, input.GroupName);
  const precedence = checkRange('precedence', input.Precedence, 0, 2147483647);
  const updated: StoredGroup = {
    ...group,
    lastModified: ctx.clock.now().getTime() / 1000,
    ...(input.Description === undefined ? {} : { description: input.Description }),
    ...(input.RoleArn === undefined ? {} : { roleArn: input.RoleArn }),
    ...(precedence === undefined ? {} : { precedence }),
  };
  pools(ctx).update(ctx.scope, '', pool.id, { ...pool, groups: { ...pool.groups, [group.name]: updated } });
  return { Group: groupView(pool, updated) };
}

/** Deletes the group and every membership of it. */
export function deleteGroup(input: Input<'DeleteGroup'>, ctx: OperationContext): void {
  const pool = findPool(ctx, input.UserPoolId);
  const group = findGroup(pool, input.GroupName);
  const { [group.name]: _gone, ...rest } = pool.groups ?? {};
  pools(ctx).update(ctx.scope, '', pool.id, { ...pool, groups: rest });
  for (const u of users(ctx).list(ctx.scope, pool.id)) {
    if (u.groups?.includes(group.name)) users(ctx).update(ctx.scope, pool.id, u.username, { ...u, groups: u.groups.filter((n) => n !== group.name) });
  }
}

export function adminAddUserToGroup(input: Input<'AdminAddUserToGroup'>, ctx: OperationContext): void {
  const pool = findPool(ctx, input.UserPoolId);
  const user = findUser(ctx, ctx.scope, pool, input.Username);
  const group = findGroup(pool, input.GroupName);
  if (user.groups?.includes(group.name)) return;
  users(ctx).update(ctx.scope, pool.id, user.username, { ...user, groups: [...(user.groups ?? []), group.name] });
}

export function adminRemoveUserFromGroup(input: Input<'AdminRemoveUserFromGroup'>, ctx: OperationContext): void {
  const pool = findPool(ctx, input.UserPoolId);
  const user = findUser(ctx, ctx.scope, pool, input.Username);
  const group = findGroup(pool, input.GroupName);
  users(ctx).update(ctx.scope, pool.id, user.username, { ...user, groups: (user.groups ?? []).filter((n) => n !== group.name) });
}

export function adminListGroupsForUser(input: Input<'AdminListGroupsForUser'>, ctx: OperationContext) {
  const pool = findPool(ctx, input.UserPoolId);
  const user = findUser(ctx, ctx.scope, pool, input.Username);
  const { items, next } = page(groupsOf(pool, user), (g) => g.name, input.Limit, input.NextToken);
  return { Groups: items.map((g) => groupView(pool, g)), ...(next === undefined ? {} : { NextToken: next }) };
}

export function listUsersInGroup(input: Input<'ListUsersInGroup'>, ctx: OperationContext) {
  const pool = findPool(ctx, input.UserPoolId);
  const group = findGroup(pool, input.GroupName);
  const members = users(ctx).list(ctx.scope, pool.id).filter((u) => u.groups?.includes(group.name));
  const { items, next } = page(members, (u) => u.username, input.Limit, input.NextToken);
  return { Users: items.map((u) => userView(u)), ...(next === undefined ? {} : { NextToken: next }) };
}
