/**
 * What the AWS::ApiGateway::* resource types share about the service they call: its patch operations (every
 * in-place update is one), the error code for what is gone, and tags, which API Gateway keys by ARN.
 */
import type { Tag } from '../properties.js';
import { tagDiff, tagMap } from '../schema.js';
import type { ResourceContext } from '../types.js';

export interface PatchOperation {
  op: 'add' | 'remove' | 'replace';
  path: string;
  value?: string;
}

export const GONE = 'NotFoundException';

export const restApiArn = (ctx: ResourceContext, restApiId: string) => `arn:aws:apigateway:${ctx.scope.region}::/restapis/${restApiId}`;

export const stageArn = (ctx: ResourceContext, restApiId: string, stageName: string) => `${restApiArn(ctx, restApiId)}/stages/${stageName}`;

/** Brings API Gateway tags (by ARN) from `before` to `after`. */
export async function retag(ctx: ResourceContext, arn: string, before: Tag[] | undefined, after: Tag[] | undefined): Promise<void> {
  const { set, removed } = tagDiff(tagMap(before), tagMap(after));
  if (removed.length > 0) await ctx.call('apigateway', 'UntagResource', { resourceArn: arn, tagKeys: removed });
  if (Object.keys(set).length > 0) await ctx.call('apigateway', 'TagResource', { resourceArn: arn, tags: set });
}
