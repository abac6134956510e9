/** Users: CreateUser, GetUser (the caller's own without a name), ListUsers, DeleteUser, and their tags. */
import type { Operations } from '../../wire/models/iam-2010-05-08.js';
import type { OperationContext } from '../types.js';
import { callerIdentity, credentials } from './credentials.js';
import { mustDeleteAccessKeys, mustDeletePolicies, mustDetachPolicies, userExists, validation } from './errors.js';
import { checkName, checkPath, checkPathPrefix, required, scopeOf, uniqueId, nowSeconds } from './names.js';
import { byName, pageOf } from './paging.js';
import { findUser, users, userView, type StoredUser } from './state.js';
import { checkTags, mergeTags, withoutTags } from './tags.js';

type Input<Op extends keyof Operations> = Operations[Op]['input'];

export function createUser(input: Input<'CreateUser'>, ctx: OperationContext) {
  const name = checkName('userName', input.UserName, 64);
  const path = checkPath(input.Path);
  const tags = checkTags(input.Tags);
  const scope = scopeOf(ctx);
  if (users(ctx).list(scope, '').some((u) => u.UserName.toLowerCase() === name.toLowerCase())) throw userExists(name);
  const user: StoredUser = { UserName: name, UserId: uniqueId('AIDA'), Path: path, CreateDate: nowSeconds(ctx), Tags: tags, inline: [], attached: [] };
  users(ctx).insert(scope, '', name, user);
  return { User: userView(scope, user, true) };
}

export function getUser(input: Input<'GetUser'>, ctx: OperationContext) {
  const scope = scopeOf(ctx);
  if (input.UserName !== undefined) return { User: userView(scope, findUser(ctx, checkName('userName', input.UserName, 64)), true) };
  const { identity } = callerIdentity(ctx);
  if (identity.kind === 'user') return { User: userView(scope, findUser(ctx, identity.userName), true) };
  // A role session has no user (inferred wording); the root's own answer has no name.
  if (identity.kind === 'assumed-role') throw validation('Must specify userName when calling with non-User credentials');
  // The model requires a name and path the root does not have: AWS leaves them out (inferred from its answers).
  const root = { UserId: identity.account, Arn: `arn:aws:iam::${identity.account}:root`, CreateDate: new Date(0).toISOString() };
  return { User: root as typeof root & { Path: string; UserName: string } };
}

export function listUsers(input: Input<'ListUsers'>, ctx: OperationContext) {
  const prefix = checkPathPrefix(input.PathPrefix);
  const scope = scopeOf(ctx);
  const all = byName(users(ctx).list(scope, '').filter((u) => u.Path.startsWith(prefix)), (u) => u.UserName);
  const page = pageOf(all, (u) => u.UserName, input.Marker, input.MaxItems);
  return { Users: page.items.map((u) => userView(scope, u)), IsTruncated: page.IsTruncated, ...(page.Marker === undefined ? {} : { Marker: page.Marker }) };
}

/** The access keys of a user (by name), oldest first. */
export function keysOf(ctx: OperationContext, userName: string) {
  return credentials(ctx.store)
    .list(scopeOf(ctx), '')
    .filter((c) => c.SessionToken === undefined && c.identity.kind === 'user' && c.identity.userName === userName);
}

export function deleteUser(input: Input<'DeleteUser'>, ctx: OperationContext): void {
  const user = findUser(ctx, checkName('userName', input.UserName, 64));
  if (user.attached.length > 0) throw mustDetachPolicies();
  if (user.inline.length > 0) throw mustDeletePolicies();
  if (keysOf(ctx, user.UserName).length > 0) throw mustDeleteAccessKeys();
  users(ctx).delete(scopeOf(ctx), '', user.UserName);
}

function saveUser(ctx: OperationContext, user: StoredUser): void {
  users(ctx).update(scopeOf(ctx), '', user.UserName, user);
}

export function tagUser(input: Input<'TagUser'>, ctx: OperationContext): void {
  const user = findUser(ctx, checkName('userName', input.UserName, 64));
  user.Tags = mergeTags(user.Tags, checkTags(required('tags', input.Tags)));
  saveUser(ctx, user);
}

export function untagUser(input: Input<'UntagUser'>, ctx: OperationContext): void {
  const user = findUser(ctx, checkName('userName', input.UserName, 64));
  user.Tags = withoutTags(user.Tags, required('tagKeys', input.TagKeys));
  saveUser(ctx, user);
}

export function listUserTags(input: Input<'ListUserTags'>, ctx: OperationContext) {
  const user = findUser(ctx, checkName('userName', input.UserName, 64));
  const page = pageOf(user.Tags, (t) => t.Key, input.Marker, input.MaxItems);
  return { Tags: page.items, IsTruncated: page.IsTruncated, ...(page.Marker === undefined ? {} : { Marker: page.Marker }) };
}
