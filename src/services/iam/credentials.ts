/**
 * The credentials Gatehouse issued: IAM users' (and the root's) access keys and STS sessions, in table
 * `iam_credentials` by access key id (parent ''), under the account they sign for. The server resolves a
 * request's account through `issuedCredential` (any other key keeps Gatehouse's old rule: a 12-digit key is
 * its account, anything else the default account), S3 verifies presigned URLs with their secrets, and STS
 * answers GetCallerIdentity for the identity a key belongs to.
 */
import { randomBytes } from 'node:crypto';
import type { Scoped } from '../../shared/accounts.js';
import type { DocumentTable, Store } from '../../store/store.js';
import type { OperationContext } from '../types.js';
import { idChars } from './names.js';

/** Who signs with a credential. */
export type Identity =
  | { kind: 'root'; account: string }
  | { kind: 'user'; account: string; userName: string; userId: string; arn: string }
  | { kind: 'assumed-role'; account: string; roleName: string; roleId: string; roleArn: string; sessionName: string; arn: string };

export interface IssuedCredential {
  AccessKeyId: string;
  SecretAccessKey: string;
  /** STS sessions only. */
  SessionToken?: string;
  /** STS sessions only: ISO 8601. */
  Expiration?: string;
  /** Access keys: Active or Inactive (UpdateAccessKey); sessions are always Active. */
  Status: 'Active' | 'Inactive';
  CreateDate: string;
  identity: Identity;
}

export function credentials(store: Store): DocumentTable<IssuedCredential> {
  return store.table<IssuedCredential>('iam_credentials');
}

/** The credential an access key id names, with the account it signs for; undefined for a key Gatehouse did not issue. */
export function issuedCredential(store: Store, accessKeyId: string | undefined): Scoped<IssuedCredential> | undefined {
  // Issued ids are AKIA/ASIA and 16 characters: anything else (test, a 12-digit account key) is not looked up.
  if (accessKeyId === undefined || !/^A[KS]IA[A-Z2-7]{16}$/.test(accessKeyId)) return undefined;
  return credentials(store).locate('', accessKeyId);
}

/**
 * Where a deleted access key is kept (parent `deleted`), so a request signed with it is refused as AWS refuses
 * it (the key was Gatehouse's: it must not fall back to the default account's root like a key never seen).
 */
export const DELETED = 'deleted';

/** The access key as it was when it was deleted, if Gatehouse issued it and it was deleted since. */
function deletedCredential(store: Store, accessKeyId: string): Scoped<IssuedCredential> | undefined {
  return /^AKIA[A-Z2-7]{16}$/.test(accessKeyId) ? credentials(store).locate(DELETED, accessKeyId) : undefined;
}

/**
 * What Gatehouse knows of an access key, for whoever checks a request signed with it (the control plane's
 * request-auth.ts; the execute-api data plane's AWS_IAM methods through the server):
 * - `issued`: a key Gatehouse issued, usable (its secret, session token and expiry, the identity it signs as,
 *   the account it signs for);
 * - `inactive`: issued and deactivated (UpdateAccessKey), or deleted since (DeleteAccessKey);
 * - `expired`: an STS session past its Expiration;
 * - `unknown`: never issued here (`test`, a 12-digit account key, anyone's real key).
 */
export type CredentialStatus =
  | { kind: 'issued'; account: string; credential: IssuedCredential }
  | { kind: 'inactive' | 'expired'; account: string; credential: IssuedCredential }
  | { kind: 'unknown' };

export function credentialStatus(store: Store, accessKeyId: string, now: Date): CredentialStatus {
  const found = issuedCredential(store, accessKeyId);
  if (!found) {
    const deleted = deletedCredential(store, accessKeyId);
    return deleted ? { kind: 'inactive', account: deleted.scope.account, credential: deleted.doc } : { kind: 'unknown' };
  }
  const { scope, doc } = found;
  if (doc.Status !== 'Active') return { kind: 'inactive', account: scope.account, credential: doc };
  if (doc.Expiration !== undefined && Date.parse(doc.Expiration) <= now.getTime()) return { kind: 'expired', account: scope.account, credential: doc };
  return { kind: 'issued', account: scope.account, credential: doc };
}

/** The secret of an issued, active and unexpired key (what a signature made with it is checked against). */
export function issuedSecret(store: Store, accessKeyId: string, now: Date): string | undefined {
  const found = issuedCredential(store, accessKeyId)?.doc;
  if (!found || found.Status !== 'Active' || (found.Expiration !== undefined && Date.parse(found.Expiration) <= now.getTime())) return undefined;
  return found.SecretAccessKey;
}

/** Who signed the request: the identity of an issued key, else the account's root (any other credentials). */
export function callerIdentity(ctx: OperationContext): { identity: Identity; credential?: IssuedCredential } {
  const found = issuedCredential(ctx.store, ctx.accessKeyId);
  if (found) return { identity: found.doc.identity, credential: found.doc };
  return { identity: { kind: 'root', account: ctx.scope.account } };
}

export const identityArn = (identity: Identity): string => (identity.kind === 'root' ? `arn:aws:iam::${identity.account}:root` : identity.arn);

/** A new key pair: `AKIA` (long-term) or `ASIA` (temporary) and 16 characters; a 40-character secret. */
export function newKeyPair(temporary: boolean): { AccessKeyId: string; SecretAccessKey: string } {
  return { AccessKeyId: `${temporary ? 'ASIA' : 'AKIA'}${idChars(16)}`, SecretAccessKey: randomBytes(30).toString('base64') };
}

/** An opaque session token, of the length and alphabet STS's have. */
export function newSessionToken(): string {
  return `FwoGZXIvYXdzE${randomBytes(264).toString('base64')}`;
}
