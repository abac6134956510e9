/**
 * EC2 tags as the EC2 resource types give them: in a create's TagSpecifications, and brought up to date on an
 * update with DeleteTags and CreateTags (EC2 takes tags as `[{Key, Value}]`, as CloudFormation gives them).
 */
import type { Tag } from '../properties.js';
import { tagDiff, tagMap } from '../schema.js';
import type { ResourceContext } from '../types.js';

export const tagSpecifications = (resourceType: string, tags: Tag[] | undefined) => (tags && tags.length > 0 ? [{ ResourceType: resourceType, Tags: tags }] : undefined);

/** Brings an EC2 resource's tags from `before` to `after` (removed keys first, then new and changed values). */
export async function retag(ctx: ResourceContext, id: string, before: Tag[] | undefined, after: Tag[] | undefined): Promise<void> {
  const { set, removed } = tagDiff(tagMap(before), tagMap(after));
  if (removed.length > 0) await ctx.call('ec2', 'DeleteTags', { Resources: [id], Tags: removed.map((Key) => ({ Key })) });
  const entries = Object.entries(set);
  if (entries.length > 0) await ctx.call('ec2', 'CreateTags', { Resources: [id], Tags: entries.map(([Key, Value]) => ({ Key, Value })) });
}
