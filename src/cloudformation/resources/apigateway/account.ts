/**
 * AWS::ApiGateway::Account, kept by the stack: it has nothing to act on, since Gatehouse writes no CloudWatch logs.
 */
import { shortPhysicalId } from '../ids.js';
import { parse } from '../properties.js';
import { obj, str } from '../schema.js';
import type { ResourceType } from '../types.js';

/** The account's CloudWatch role: Gatehouse writes no CloudWatch logs, so the stack keeps the setting and nothing else. */
export const account: ResourceType = {
  type: 'AWS::ApiGateway::Account',
  async create(properties, ctx) {
    parse<{ CloudWatchRoleArn?: string }>(ctx, properties, obj({ CloudWatchRoleArn: str }));
    return { physicalId: shortPhysicalId(ctx), attributes: {} };
  },
  async update(current, _before, after, ctx) {
    parse<{ CloudWatchRoleArn?: string }>(ctx, after, obj({ CloudWatchRoleArn: str }));
    return current;
  },
  delete: async () => undefined,
};
