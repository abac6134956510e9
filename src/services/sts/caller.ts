/**
 * Who signed an STS request. Keys Gatehouse issued are its identities (an IAM user, an assumed role, the
 * root's own key); an inactive key or an expired session is refused as AWS refuses it. Any other key (the
 * conventional `test`, a 12-digit account key) is the account's root, as it always was.
 */
import { callerIdentity, type Identity, type IssuedCredential } from '../iam/credentials.js';
import type { OperationContext } from '../types.js';
import { expiredToken, invalidToken } from './errors.js';

export function signer(ctx: OperationContext): { identity: Identity; credential?: IssuedCredential } {
  const found = callerIdentity(ctx);
  const credential = found.credential;
  if (credential) {
    if (credential.Status !== 'Active') throw invalidToken();
    if (credential.Expiration !== undefined && Date.parse(credential.Expiration) <= ctx.clock.now().getTime()) throw expiredToken();
  }
  return found;
}

/** GetCallerIdentity's UserId: the account (root), the user's id, or the role's id and the session name. */
export function userIdOf(identity: Identity): string {
  if (identity.kind === 'root') return identity.account;
  if (identity.kind === 'user') return identity.userId;
  return `${identity.roleId}:${identity.sessionName}`;
}
