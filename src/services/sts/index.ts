/**
 * AWS STS: GetCallerIdentity answering for the credentials that signed (the root for any key Gatehouse did
 * not issue, an IAM user, an assumed role's session), AssumeRole with the role's trust policy evaluated, and
 * GetSessionToken.
 */
import type { Operations } from '../../wire/models/sts-2011-06-15.js';
import { identityArn } from '../iam/credentials.js';
import type { AnyServiceDefinition, OperationContext, ServiceDefinition } from '../types.js';
import { assumeRole, getSessionToken } from './assume-role.js';
import { signer, userIdOf } from './caller.js';

function getCallerIdentity(_input: unknown, ctx: OperationContext) {
  const { identity } = signer(ctx);
  return { UserId: userIdOf(identity), Account: identity.account, Arn: identityArn(identity) };
}

const definition: ServiceDefinition<Operations> = {
  signingName: 'sts',
  modelFile: 'sts-2011-06-15',
  operations: { GetCallerIdentity: getCallerIdentity, AssumeRole: assumeRole, GetSessionToken: getSessionToken },
};

export const sts: AnyServiceDefinition = definition;
