/** Tags on parameters: PutParameter sets them on create; these three read and change them afterwards. */
import type { OperationContext } from '../types.js';
import { invalidResourceId, invalidResourceType, tooManyTags } from './errors.js';
import { isWholeTag, parameters, type StoredParameter } from './state.js';
import { Clauses } from '../../shared/validation-clauses.js';

const RESOURCE_TYPES = ['Document', 'ManagedInstance', 'MaintenanceWindow', 'Parameter', 'PatchBaseline', 'OpsItem', 'OpsMetadata', 'Automation', 'Association'];
const RESOURCE_TYPES_TEXT = `[${RESOURCE_TYPES.join(', ')}]`;
/** "A resource can have a maximum of 50 tags." (the documented limit; TooManyTagsError's text is inferred) */
const MAX_TAGS = 50;

interface ResourceInput {
  ResourceType?: string;
  ResourceId?: string;
}

/** The parameter a tagging call names; only parameters are taggable in Gatehouse. */
function tagged(input: ResourceInput, ctx: OperationContext, c: Clauses): StoredParameter {
  c.required('resourceType', input.ResourceType).enumValue('resourceType', input.ResourceType, RESOURCE_TYPES, RESOURCE_TYPES_TEXT).required('resourceId', input.ResourceId);
  c.throwIfAny();
  if (input.ResourceType !== 'Parameter') throw invalidResourceType();
  const p = parameters(ctx).get(ctx.scope, '', input.ResourceId!);
  if (!p) throw invalidResourceId();
  return p;
}

export function listTagsForResource(input: ResourceInput, ctx: OperationContext) {
  return { TagList: tagged(input, ctx, new Clauses()).Tags };
}

export function addTagsToResource(input: ResourceInput & { Tags?: Array<{ Key?: string; Value?: string }> }, ctx: OperationContext) {
  const c = new Clauses().required('tags', input.Tags);
  input.Tags?.forEach((tag, i) => {
    c.required(`tags.${i + 1}.member.key`, tag.Key).length(`tags.${i + 1}.member.key`, tag.Key, 1, 128);
    c.required(`tags.${i + 1}.member.value`, tag.Value).length(`tags.${i + 1}.member.value`, tag.Value, 0, 256);
  });
  const p = tagged(input, ctx, c);
  const tags = [...p.Tags];
  // The Clauses passed: every tag has its key and value.
  for (const tag of input.Tags!.filter(isWholeTag)) {
    const at = tags.findIndex((t) => t.Key === tag.Key);
    if (at >= 0) tags[at] = { Key: tag.Key, Value: tag.Value };
    else tags.push({ Key: tag.Key, Value: tag.Value });
  }
  if (tags.length > MAX_TAGS) throw tooManyTags();
  parameters(ctx).update(ctx.scope, '', p.Name, { ...p, Tags: tags });
  return {};
}

export function removeTagsFromResource(input: ResourceInput & { TagKeys?: string[] }, ctx: OperationContext) {
  const p = tagged(input, ctx, new Clauses().required('tagKeys', input.TagKeys));
  const remove = new Set(input.TagKeys);
  parameters(ctx).update(ctx.scope, '', p.Name, { ...p, Tags: p.Tags.filter((t) => !remove.has(t.Key)) });
  return {};
}
