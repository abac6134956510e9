/** AWS STS: GetCallerIdentity, which the AWS CLI and the CDK call to learn the account. */
import type { Operations } from '../../wire/models/sts-2011-06-15.js';
import type { AnyServiceDefinition, OperationContext, ServiceDefinition } from '../types.js';

function getCallerIdentity(_input: unknown, ctx: OperationContext) {
  const account = ctx.scope.account;
  // Gatehouse has no IAM users yet: every caller is the account's root identity, as with root keys on AWS.
  return { UserId: account, Account: account, Arn: `arn:aws:iam::${account}:root` };
}

const definition: ServiceDefinition<Operations> = {
  signingName: 'sts',
  modelFile: 'sts-2011-06-15',
  operations: { GetCallerIdentity: getCallerIdentity },
};

export const sts: AnyServiceDefinition = definition;
