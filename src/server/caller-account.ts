/**
 * The account a request's access key signs for: an issued key's own account (IAM access keys, STS sessions,
 * which sign in their role's account), else Gatehouse's rule for every other key (a 12-digit key is that
 * account, anything else the default account).
 */
import { accountForAccessKey } from '../shared/accounts.js';
import { issuedCredential } from '../services/iam/credentials.js';
import type { App } from './app.js';

export function accountOf(app: App, accessKeyId: string | undefined): string {
  return issuedCredential(app.store, accessKeyId)?.scope.account ?? accountForAccessKey(accessKeyId, app.resolved.defaultAccount);
}
