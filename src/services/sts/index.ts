/** AWS STS: GetCallerIdentity, which the AWS CLI and the CDK call to learn the account. */
import type { OperationContext, ServiceDefinition } from '../types.js';

function getCallerIdentity(_input: unknown, ctx: OperationContext) {
  const account = ctx.scope.account;
  // Gatehouse has no IAM users yet: every caller is the account's root identity, as with root keys on AWS.
  return { UserId: account, Account: account, Arn: `arn:aws:iam::${account}:root` };
}

export const sts: ServiceDefinition = {
  signingName: 'sts',
  modelFile: 'sts-2011-06-15',
  operations: { GetCallerIdentity: getCallerIdentity },
};
