/** Function tags: TagResource, UntagResource, ListTags (by function ARN; not on versions or aliases). */
import { validationError } from '../../shared/errors.js';
import type { OperationContext } from '../types.js';
import { invalidParameter } from './errors.js';
import { refOf, requireFunction, tables } from './state.js';

function load(ctx: OperationContext, resource: string) {
  const ref = refOf(ctx, resource);
  if (ref.qualifier !== undefined) throw invalidParameter('Tags on function aliases and versions are not supported. Please specify a function ARN.');
  return requireFunction(ctx, ref);
}

export function tagResource(input: { Resource: string; Tags?: Record<string, string> }, ctx: OperationContext): void {
  const fn = load(ctx, input.Resource);
  if (input.Tags === undefined || Object.keys(input.Tags).length === 0) throw invalidParameter('An error occurred and the request cannot be processed.');
  fn.tags = { ...fn.tags, ...input.Tags };
  if (Object.keys(fn.tags).length > 50) throw invalidParameter('Number of tags exceeds resource tag limit.');
  tables(ctx).functions.update(ctx.scope, '', fn.configuration.FunctionName, fn);
}

export function untagResource(input: { Resource: string; TagKeys?: string[] }, ctx: OperationContext): void {
  if (input.TagKeys === undefined) throw validationError(["Value null at 'tagKeys' failed to satisfy constraint: Member must not be null"]);
  const fn = load(ctx, input.Resource);
  for (const key of input.TagKeys) delete fn.tags?.[key];
  if (fn.tags && Object.keys(fn.tags).length === 0) delete fn.tags;
  tables(ctx).functions.update(ctx.scope, '', fn.configuration.FunctionName, fn);
}

export function listTags(input: { Resource: string }, ctx: OperationContext) {
  return { Tags: load(ctx, input.Resource).tags ?? {} };
}
