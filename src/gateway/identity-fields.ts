/**
 * What `requestContext.identity` and `$context.identity` say about an AWS_IAM method's signed caller, as the
 * developer guide defines them: `caller` is the principal id of the signer (`AIDA…` for a user, `AROA…:session`
 * for a role session, the account id for a root), `user` the principal id authorized (the same), `userArn` the
 * effective user's ARN, `accessKey` the key that signed and `accountId` the caller's account. The Cognito
 * fields stay null: Gatehouse has no identity pools.
 */
import type { SignedCaller } from './sigv4-caller.js';

export interface CallerFields {
  accessKey: string;
  accountId: string;
  caller: string;
  user: string;
  userArn: string;
}

export function callerFields(signed: SignedCaller): CallerFields {
  const { identity } = signed;
  return { accessKey: signed.accessKeyId, accountId: identity.account, caller: identity.userId, user: identity.userId, userArn: identity.arn };
}
