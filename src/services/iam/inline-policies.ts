/** Inline policies of roles and users: Put, Get, Delete and List (Role|User)Policy/Policies. */
import type { Operations } from '../../wire/models/iam-2010-05-08.js';
import type { OperationContext } from '../types.js';
import { checkIdentityPolicy } from './documents.js';
import { findHolder, ROLE, saveHolder, USER, type HolderKind } from './holders.js';
import { checkName } from './names.js';
import { pageOf } from './paging.js';
import { encodeDocument } from './state.js';

type Input<Op extends keyof Operations> = Operations[Op]['input'];

function put(kind: HolderKind, ctx: OperationContext, holderName: string | undefined, policyName: string | undefined, document: string | undefined): void {
  const holder = findHolder(kind, ctx, holderName);
  const name = checkName('policyName', policyName, 128);
  checkIdentityPolicy(document, 'policyDocument');
  const existing = holder.inline.find((p) => p.PolicyName === name);
  if (existing) existing.PolicyDocument = document!;
  else holder.inline.push({ PolicyName: name, PolicyDocument: document! });
  saveHolder(kind, ctx, holder);
}

function get(kind: HolderKind, ctx: OperationContext, holderName: string | undefined, policyName: string | undefined) {
  const holder = findHolder(kind, ctx, holderName);
  const name = checkName('policyName', policyName, 128);
  const policy = holder.inline.find((p) => p.PolicyName === name);
  if (!policy) throw kind.noSuchPolicy(name);
  return { holder: kind.nameOf(holder), PolicyName: name, PolicyDocument: encodeDocument(policy.PolicyDocument) };
}

function remove(kind: HolderKind, ctx: OperationContext, holderName: string | undefined, policyName: string | undefined): void {
  const holder = findHolder(kind, ctx, holderName);
  const name = checkName('policyName', policyName, 128);
  const index = holder.inline.findIndex((p) => p.PolicyName === name);
  if (index < 0) throw kind.noSuchPolicy(name);
  holder.inline.splice(index, 1);
  saveHolder(kind, ctx, holder);
}

function list(kind: HolderKind, ctx: OperationContext, holderName: string | undefined, marker: string | undefined, maxItems: number | undefined) {
  const holder = findHolder(kind, ctx, holderName);
  const names = holder.inline.map((p) => p.PolicyName).sort();
  const page = pageOf(names, (n) => n, marker, maxItems);
  return { PolicyNames: page.items, IsTruncated: page.IsTruncated, ...(page.Marker === undefined ? {} : { Marker: page.Marker }) };
}

export const putRolePolicy = (i: Input<'PutRolePolicy'>, ctx: OperationContext): void => put(ROLE, ctx, i.RoleName, i.PolicyName, i.PolicyDocument);
export const putUserPolicy = (i: Input<'PutUserPolicy'>, ctx: OperationContext): void => put(USER, ctx, i.UserName, i.PolicyName, i.PolicyDocument);
export function getRolePolicy(i: Input<'GetRolePolicy'>, ctx: OperationContext) {
  const { holder, ...rest } = get(ROLE, ctx, i.RoleName, i.PolicyName);
  return { RoleName: holder, ...rest };
}
export function getUserPolicy(i: Input<'GetUserPolicy'>, ctx: OperationContext) {
  const { holder, ...rest } = get(USER, ctx, i.UserName, i.PolicyName);
  return { UserName: holder, ...rest };
}
export const deleteRolePolicy = (i: Input<'DeleteRolePolicy'>, ctx: OperationContext): void => remove(ROLE, ctx, i.RoleName, i.PolicyName);
export const deleteUserPolicy = (i: Input<'DeleteUserPolicy'>, ctx: OperationContext): void => remove(USER, ctx, i.UserName, i.PolicyName);
export const listRolePolicies = (i: Input<'ListRolePolicies'>, ctx: OperationContext) => list(ROLE, ctx, i.RoleName, i.Marker, i.MaxItems);
export const listUserPolicies = (i: Input<'ListUserPolicies'>, ctx: OperationContext) => list(USER, ctx, i.UserName, i.Marker, i.MaxItems);
