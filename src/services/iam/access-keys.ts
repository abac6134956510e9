/**
 * Access keys: CreateAccessKey (an `AKIA…` id and a 40-character secret, shown once), ListAccessKeys,
 * UpdateAccessKey (Active/Inactive), DeleteAccessKey; at most two per user. Without UserName they are the
 * caller's own: a user's, or the root's. The keys live among Gatehouse's issued credentials (credentials.ts).
 */
import { Clauses } from '../../shared/validation-clauses.js';
import type { Operations } from '../../wire/models/iam-2010-05-08.js';
import type { OperationContext } from '../types.js';
import { callerIdentity, credentials, DELETED, newKeyPair, type Identity, type IssuedCredential } from './credentials.js';
import { noSuchAccessKey, tooManyAccessKeys, validation } from './errors.js';
import { checkName, required, scopeOf, nowSeconds } from './names.js';
import { pageOf } from './paging.js';
import { findUser, userArn } from './state.js';
import { keysOf } from './users.js';

type Input<Op extends keyof Operations> = Operations[Op]['input'];

/** The identity whose keys an operation works on: the named user, or the caller's own. */
function ownerOf(ctx: OperationContext, userName: string | undefined): Identity {
  if (userName !== undefined) {
    const user = findUser(ctx, checkName('userName', userName, 128));
    return { kind: 'user', account: ctx.scope.account, userName: user.UserName, userId: user.UserId, arn: userArn(scopeOf(ctx), user) };
  }
  const { identity } = callerIdentity(ctx);
  if (identity.kind === 'assumed-role') throw validation('Must specify userName when calling with non-User credentials');
  return identity;
}

const ownerName = (identity: Identity): string | undefined => (identity.kind === 'user' ? identity.userName : undefined);

function keysOfOwner(ctx: OperationContext, owner: Identity): IssuedCredential[] {
  if (owner.kind === 'user') return keysOf(ctx, owner.userName);
  return credentials(ctx.store).list(scopeOf(ctx), '').filter((c) => c.SessionToken === undefined && c.identity.kind === 'root');
}

export function createAccessKey(input: Input<'CreateAccessKey'>, ctx: OperationContext) {
  const owner = ownerOf(ctx, input.UserName);
  if (keysOfOwner(ctx, owner).length >= 2) throw tooManyAccessKeys();
  const pair = newKeyPair(false);
  const key: IssuedCredential = { ...pair, Status: 'Active', CreateDate: nowSeconds(ctx), identity: owner };
  credentials(ctx.store).insert(scopeOf(ctx), '', key.AccessKeyId, key);
  // The root's own key has no user name: AWS leaves the member out, which the model does not foresee.
  const name = ownerName(owner);
  const answer = { AccessKeyId: key.AccessKeyId, Status: key.Status, SecretAccessKey: key.SecretAccessKey, CreateDate: key.CreateDate };
  return { AccessKey: (name === undefined ? answer : { UserName: name, ...answer }) as typeof answer & { UserName: string } };
}

export function listAccessKeys(input: Input<'ListAccessKeys'>, ctx: OperationContext) {
  const owner = ownerOf(ctx, input.UserName);
  const name = ownerName(owner);
  const page = pageOf(keysOfOwner(ctx, owner), (k) => k.AccessKeyId, input.Marker, input.MaxItems);
  return {
    AccessKeyMetadata: page.items.map((k) => ({ ...(name === undefined ? {} : { UserName: name }), AccessKeyId: k.AccessKeyId, Status: k.Status, CreateDate: k.CreateDate })),
    IsTruncated: page.IsTruncated,
    ...(page.Marker === undefined ? {} : { Marker: page.Marker }),
  };
}

function findKey(ctx: OperationContext, userName: string | undefined, id: string | undefined): IssuedCredential {
  const keyId = required('accessKeyId', id);
  new Clauses('ValidationError').length('accessKeyId', keyId, 16, 128).pattern('accessKeyId', keyId, /^[\w]+$/, '[\\w]+').throwIfAny();
  const key = keysOfOwner(ctx, ownerOf(ctx, userName)).find((k) => k.AccessKeyId === keyId);
  if (!key) throw noSuchAccessKey(keyId);
  return key;
}

export function updateAccessKey(input: Input<'UpdateAccessKey'>, ctx: OperationContext): void {
  new Clauses('ValidationError').required('status', input.Status).enumValue('status', input.Status, ['Active', 'Inactive'], '[Active, Inactive]').throwIfAny();
  const key = findKey(ctx, input.UserName, input.AccessKeyId);
  credentials(ctx.store).update(scopeOf(ctx), '', key.AccessKeyId, { ...key, Status: input.Status as 'Active' | 'Inactive' });
}

export function deleteAccessKey(input: Input<'DeleteAccessKey'>, ctx: OperationContext): void {
  const key = findKey(ctx, input.UserName, input.AccessKeyId);
  credentials(ctx.store).delete(scopeOf(ctx), '', key.AccessKeyId);
  // Kept as deleted (its secret dropped): a request still signed with it is refused, not taken for the root's.
  credentials(ctx.store).insert(scopeOf(ctx), DELETED, key.AccessKeyId, { ...key, SecretAccessKey: '', Status: 'Inactive' });
}
