/**
 * Tags on every EC2 resource Gatehouse models: CreateTags, DeleteTags, DescribeTags, and the
 * `TagSpecification.N` that create calls take. Tags live in each resource's own `Tags` list (AWS's member),
 * so Describe* returns them without a join.
 */
import type { Tag } from '../../domain/ec2.js';
import type { DocumentTable } from '../../store/store.js';
import type { OperationContext } from '../types.js';
import { ec2Error, invalidParameterValue, missingParameter } from './errors.js';
import type { FilterField, FilterFields, FilterInput } from './filters.js';
import { filteredPage, type DescribeInput } from './paging.js';
import { ENDPOINT, GROUP, INSTANCE, SUBNET, VPC, all, ec2Tables, requireOne, type Ec2Tables } from './state.js';

export interface TagSpecification {
  ResourceType?: string;
  Tags?: Array<{ Key?: string; Value?: string }>;
}

interface Taggable {
  Tags?: Tag[];
}

/** Resource types as DescribeTags and TagSpecification name them, with the id prefix that identifies each. */
const TAGGABLE = [
  { resourceType: 'vpc', kind: VPC },
  { resourceType: 'subnet', kind: SUBNET },
  { resourceType: 'security-group', kind: GROUP },
  { resourceType: 'vpc-endpoint', kind: ENDPOINT },
  { resourceType: 'instance', kind: INSTANCE },
] as const;

type TaggableEntry = (typeof TAGGABLE)[number];

/** Keys are required; `aws:` keys belong to AWS. Values default to the empty string. */
function checkedTags(tags: ReadonlyArray<{ Key?: string; Value?: string }>): Tag[] {
  return tags.map((t) => {
    if (t.Key === undefined || t.Key === '') throw invalidParameterValue('Tag key cannot be null or empty.');
    if (t.Key.toLowerCase().startsWith('aws:')) throw invalidParameterValue("Tag keys starting with 'aws:' are reserved for internal use");
    return { Key: t.Key, Value: t.Value ?? '' };
  });
}

/** A resource's tags after adding `added` (same key: the new value wins), or undefined when there are none. */
export function mergeTags(current: readonly Tag[] | undefined, added: readonly Tag[]): Tag[] | undefined {
  const byKey = new Map((current ?? []).map((t) => [t.Key, t.Value]));
  for (const t of added) byKey.set(t.Key, t.Value);
  return byKey.size === 0 ? undefined : [...byKey].map(([Key, Value]) => ({ Key, Value }));
}

/**
 * The tags a create call's TagSpecification.N give the new resource of `resourceType`. Specifications for other
 * types the operation creates alongside (`extraTypes`, e.g. RunInstances' volumes) are accepted and ignored;
 * anything else is refused as AWS does.
 */
export function tagsFromSpecifications(specs: readonly TagSpecification[] | undefined, resourceType: string, extraTypes: readonly string[] = []): Tag[] | undefined {
  let tags: Tag[] | undefined;
  for (const spec of specs ?? []) {
    if (spec.ResourceType === undefined || spec.ResourceType === '') throw invalidParameterValue('Tag specification resource type must have a value');
    if (spec.ResourceType !== resourceType && !extraTypes.includes(spec.ResourceType)) {
      throw invalidParameterValue(`'${spec.ResourceType}' is not a valid taggable resource type for this operation.`);
    }
    const checked = checkedTags(spec.Tags ?? []);
    if (spec.ResourceType === resourceType) tags = mergeTags(tags, checked);
  }
  return tags;
}

function entryFor(id: string): TaggableEntry {
  const entry = TAGGABLE.find((e) => id.startsWith(`${e.kind.prefix}-`));
  if (!entry) throw ec2Error('InvalidID', `The ID '${id}' is not valid`);
  return entry;
}

function tableFor(ctx: OperationContext, entry: TaggableEntry): DocumentTable<Taggable> {
  return ec2Tables(ctx)[entry.kind.table as keyof Ec2Tables] as unknown as DocumentTable<Taggable>;
}

/** Loads every resource first, so an unknown id fails the call before anything is changed. */
function loadResources(ctx: OperationContext, ids: readonly string[] | undefined): Array<{ id: string; entry: TaggableEntry; doc: Taggable }> {
  if (!ids || ids.length === 0) throw missingParameter('resourceIdSet');
  return ids.map((id) => {
    const entry = entryFor(id);
    return { id, entry, doc: requireOne(ctx, entry.kind as unknown as typeof VPC, id, 'resourceId') as Taggable };
  });
}

export function createTags(input: { Resources?: string[]; Tags?: Array<{ Key?: string; Value?: string }> }, ctx: OperationContext): void {
  const resources = loadResources(ctx, input.Resources);
  if (!input.Tags || input.Tags.length === 0) throw missingParameter('tagSet');
  const tags = checkedTags(input.Tags);
  for (const { id, entry, doc } of resources) {
    const merged = mergeTags(doc.Tags, tags);
    if (merged) doc.Tags = merged;
    tableFor(ctx, entry).update(ctx.scope, '', id, doc);
  }
}

/**
 * A tag named without a value is deleted whatever its value; with a value (even ''), only when the value
 * matches. No tags at all deletes every tag of the resources.
 */
export function deleteTags(input: { Resources?: string[]; Tags?: Array<{ Key?: string; Value?: string }> }, ctx: OperationContext): void {
  const resources = loadResources(ctx, input.Resources);
  for (const t of input.Tags ?? []) if (t.Key?.toLowerCase().startsWith('aws:')) throw invalidParameterValue("Tag keys starting with 'aws:' are reserved for internal use");
  for (const { id, entry, doc } of resources) {
    const remaining = input.Tags === undefined || input.Tags.length === 0
      ? []
      : (doc.Tags ?? []).filter((tag) => !input.Tags!.some((d) => d.Key === tag.Key && (d.Value === undefined || d.Value === tag.Value)));
    if (remaining.length > 0) doc.Tags = remaining;
    else delete doc.Tags;
    tableFor(ctx, entry).update(ctx.scope, '', id, doc);
  }
}

interface TagDescription {
  Key: string;
  Value: string;
  ResourceId: string;
  ResourceType: string;
}

const FIELDS: FilterFields<TagDescription> = {
  key: (t) => t.Key,
  value: (t) => t.Value,
  'resource-id': (t) => t.ResourceId,
  'resource-type': (t) => t.ResourceType,
};

/** DescribeTags' `tag:KEY` filter matches the tag with that key and value, not the resource's other tags. */
function withTagKeyFilters(filters: readonly FilterInput[] | undefined): FilterFields<TagDescription> {
  const fields: Record<string, FilterField<TagDescription>> = { ...FIELDS };
  for (const f of filters ?? []) {
    const name = f.Name ?? '';
    if (name.startsWith('tag:') && name.length > 4) fields[name] = (t) => (t.Key === name.slice(4) ? t.Value : undefined);
  }
  return fields;
}

export function describeTags(input: DescribeInput, ctx: OperationContext) {
  const described: TagDescription[] = [];
  for (const entry of TAGGABLE) {
    for (const doc of all(ctx, entry.kind.table as keyof Ec2Tables) as Taggable[]) {
      const id = (entry.kind.idOf as (d: unknown) => string)(doc);
      for (const t of doc.Tags ?? []) described.push({ Key: t.Key, Value: t.Value, ResourceId: id, ResourceType: entry.resourceType });
    }
  }
  const page = filteredPage(described, input, withTagKeyFilters(input.Filters));
  return { Tags: page.items, NextToken: page.NextToken };
}
