/** Tags on repositories: CreateRepository sets them; TagResource, UntagResource and ListTagsForResource follow. */
import type { Operations } from '../../wire/models/ecr-2015-09-21.js';
import type { OperationContext } from '../types.js';
import { invalidParameter, invalidTagParameter, repositoryNotFound, tooManyTags } from './errors.js';
import { parseRepositoryArn, required } from './names.js';
import { repositories, type StoredRepository, type Tag } from './state.js';

type Input<Op extends keyof Operations> = Operations[Op]['input'];

/** "A repository can have a maximum of 50 tags." */
const MAX_TAGS = 50;

/** Tags as given, checked: a key of 1 to 128 characters, a value of at most 256 (inferred texts). */
export function checkTags(tags: ReadonlyArray<{ Key?: string; Value?: string }>): Tag[] {
  const out: Tag[] = [];
  for (const t of tags) {
    if (t.Key === undefined || t.Key.length < 1 || t.Key.length > 128) throw invalidTagParameter('The tag key must be between 1 and 128 characters long.');
    const value = t.Value ?? '';
    if (value.length > 256) throw invalidTagParameter('The tag value must be at most 256 characters long.');
    const at = out.findIndex((o) => o.Key === t.Key);
    if (at >= 0) out[at] = { Key: t.Key, Value: value };
    else out.push({ Key: t.Key, Value: value });
  }
  if (out.length > MAX_TAGS) throw tooManyTags();
  return out;
}

/** The repository a tagging call's ARN names (only repositories are taggable in ECR). */
function tagged(ctx: OperationContext, arn: string | undefined): StoredRepository {
  const given = required('resourceArn', arn);
  const parsed = parseRepositoryArn(given);
  // Inferred text: ECR's words for an ARN that is not a repository's are not known.
  if (!parsed) throw invalidParameter('resourceArn', 'Invalid ARN');
  const own = parsed.scope.account === ctx.scope.account && parsed.scope.region === ctx.scope.region;
  const found = own ? repositories(ctx).get(ctx.scope, '', parsed.name) : undefined;
  if (!found) throw repositoryNotFound(parsed.name, parsed.scope.account);
  return found;
}

export function listTagsForResource(input: Input<'ListTagsForResource'>, ctx: OperationContext) {
  return { tags: tagged(ctx, input.resourceArn).tags };
}

export function tagResource(input: Input<'TagResource'>, ctx: OperationContext) {
  const repository = tagged(ctx, input.resourceArn);
  const tags = checkTags([...repository.tags, ...required('tags', input.tags)]);
  repositories(ctx).update(ctx.scope, '', repository.repositoryName, { ...repository, tags });
  return {};
}

export function untagResource(input: Input<'UntagResource'>, ctx: OperationContext) {
  const repository = tagged(ctx, input.resourceArn);
  const remove = new Set(required('tagKeys', input.tagKeys));
  repositories(ctx).update(ctx.scope, '', repository.repositoryName, { ...repository, tags: repository.tags.filter((t) => !remove.has(t.Key)) });
  return {};
}
