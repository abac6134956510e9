/**
 * Roles and users both hold inline policies and attached managed policies; the operations on them are the
 * same but for the member names and messages, so each kind is one record here.
 */
import type { DocumentTable } from '../../store/store.js';
import type { OperationContext } from '../types.js';
import { noSuchRolePolicy, noSuchUserPolicy } from './errors.js';
import type { ServiceError } from '../../shared/errors.js';
import { checkName, scopeOf } from './names.js';
import { findRole, findUser, roles, users, type StoredRole, type StoredUser } from './state.js';

export type Holder = StoredRole | StoredUser;

export interface HolderKind {
  /** The request member naming it, as Coral's clauses name it (`roleName`, `userName`). */
  member: string;
  /** Its name's longest form (roles 64, users 64). */
  maxName: number;
  find(ctx: OperationContext, name: string): Holder;
  table(ctx: OperationContext): DocumentTable<Holder>;
  nameOf(h: Holder): string;
  noSuchPolicy(name: string): ServiceError;
}

export const ROLE: HolderKind = {
  member: 'roleName',
  maxName: 64,
  find: findRole,
  table: (ctx) => roles(ctx) as DocumentTable<Holder>,
  nameOf: (h) => (h as StoredRole).RoleName,
  noSuchPolicy: noSuchRolePolicy,
};

export const USER: HolderKind = {
  member: 'userName',
  maxName: 64,
  find: findUser,
  table: (ctx) => users(ctx) as DocumentTable<Holder>,
  nameOf: (h) => (h as StoredUser).UserName,
  noSuchPolicy: noSuchUserPolicy,
};

export function findHolder(kind: HolderKind, ctx: OperationContext, name: string | undefined): Holder {
  return kind.find(ctx, checkName(kind.member, name, kind.maxName));
}

export function saveHolder(kind: HolderKind, ctx: OperationContext, holder: Holder): void {
  kind.table(ctx).update(scopeOf(ctx), '', kind.nameOf(holder), holder);
}
