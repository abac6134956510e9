/** Resources: the API's path tree. CreateResource, GetResource, GetResources, UpdateResource, DeleteResource. */
import type { Resource } from '../../domain/apigateway.js';
import type { OperationContext } from '../types.js';
import { badRequest, conflict, resourceNotFound } from './errors.js';
import { pageOf } from './paging.js';
import { requireApi, requireResource, tables } from './state.js';
import { uniqueId } from './rest-apis.js';
import { Violations, type PatchOperation } from './validation.js';

/** Letters, digits, `._-` and `:` (which AWS also takes), or the same in braces with an optional `+`. */
const PATH_PART = /^(\{[a-zA-Z0-9._:-]+\+?\}|[a-zA-Z0-9._:-]+)$/;
const BAD_PATH_PART =
  "Resource's path part only allow a-zA-Z0-9._- and curly braces at the beginning and the end and an optional plus sign before the closing brace.";

const isVariable = (part: string | undefined): boolean => part !== undefined && part.startsWith('{');
const isGreedy = (part: string | undefined): boolean => part !== undefined && part.endsWith('+}');

export const childPath = (parentPath: string, pathPart: string): string => (parentPath === '/' ? `/${pathPart}` : `${parentPath}/${pathPart}`);

/** GetResource(s) show each method as `{}` unless `embed=methods` asks for the whole method. */
export function resourceView(resource: Resource, embedMethods: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = { id: resource.id };
  if (resource.parentId !== undefined) out['parentId'] = resource.parentId;
  if (resource.pathPart !== undefined) out['pathPart'] = resource.pathPart;
  out['path'] = resource.path;
  const methods = resource.resourceMethods;
  if (methods && Object.keys(methods).length > 0) {
    out['resourceMethods'] = embedMethods ? methods : Object.fromEntries(Object.keys(methods).map((m) => [m, {}]));
  }
  return out;
}

/** The rules a path part must follow among its siblings and under its parent. */
function checkPlacement(siblings: readonly Resource[], parent: Resource, pathPart: string, self?: string): void {
  if (isGreedy(parent.pathPart)) throw badRequest(`Cannot create a child of a resource with a greedy path variable: ${parent.pathPart}`);
  for (const s of siblings) {
    if (s.id === self || s.parentId !== parent.id) continue;
    if (s.pathPart === pathPart) throw conflict(`Another resource with the same parent already has this name: ${pathPart}`);
    if (isVariable(pathPart) && isVariable(s.pathPart)) {
      throw badRequest(`A sibling (${s.pathPart}) of this resource already has a variable path part -- only one is allowed`);
    }
  }
}

export function createResource(input: { restApiId: string; parentId: string; pathPart?: string }, ctx: OperationContext) {
  const v = new Violations();
  v.required('createResourceInput.pathPart', input.pathPart);
  v.throwIfAny();
  requireApi(ctx, input.restApiId);
  const parent = requireResource(ctx, input.restApiId, input.parentId);
  const pathPart = input.pathPart!;
  if (!PATH_PART.test(pathPart)) throw badRequest(BAD_PATH_PART);
  const t = tables(ctx);
  const all = t.resources.list(ctx.scope, input.restApiId);
  checkPlacement(all, parent, pathPart);
  const id = uniqueId(6, (c) => t.resources.has(ctx.scope, input.restApiId, c));
  const resource: Resource = { id, parentId: parent.id, pathPart, path: childPath(parent.path, pathPart) };
  t.resources.insert(ctx.scope, input.restApiId, id, resource);
  return resourceView(resource, false);
}

/** `embed` is a list that clients send repeated or comma-separated (`?embed=methods`). */
export function embeds(embed: readonly string[] | undefined, what: string): boolean {
  return embed?.some((e) => e.split(',').some((part) => part.trim() === what)) ?? false;
}

export function getResource(input: { restApiId: string; resourceId: string; embed?: string[] }, ctx: OperationContext) {
  return resourceView(requireResource(ctx, input.restApiId, input.resourceId), embeds(input.embed, 'methods'));
}

export function getResources(input: { restApiId: string; limit?: number; position?: string; embed?: string[] }, ctx: OperationContext) {
  requireApi(ctx, input.restApiId);
  const page = pageOf(tables(ctx).resources, ctx.scope, input.restApiId, input.limit, input.position);
  const embed = embeds(input.embed, 'methods');
  return { ...page, items: page.items.map((r) => resourceView(r, embed)) };
}

export function updateResource(input: { restApiId: string; resourceId: string; patchOperations?: PatchOperation[] }, ctx: OperationContext) {
  const v = new Violations();
  v.patchOperations('updateResourceInput', input.patchOperations);
  v.throwIfAny();
  const resource = requireResource(ctx, input.restApiId, input.resourceId);
  const t = tables(ctx);
  const all = t.resources.list(ctx.scope, input.restApiId);
  const byId = new Map(all.map((r) => [r.id, r]));
  const target = byId.get(resource.id)!;
  for (const op of input.patchOperations ?? []) {
    const path = op.path ?? '';
    if (path !== '/pathPart' && path !== '/parentId') {
      throw badRequest(`Invalid patch path  '${path}' specified for op '${op.op}'. Must be one of: [/parentId, /pathPart]`);
    }
    if (op.op !== 'replace') throw badRequest(`Invalid patch path  '${path}' specified for op '${op.op}'. Please choose supported operations`);
    if (target.parentId === undefined) throw badRequest(`Root resource cannot update its ${path.slice(1)}.`);
    if (path === '/pathPart') {
      const pathPart = op.value ?? '';
      if (!PATH_PART.test(pathPart)) throw badRequest(BAD_PATH_PART);
      checkPlacement(all, byId.get(target.parentId)!, pathPart, target.id);
      target.pathPart = pathPart;
    } else {
      const parent = byId.get(op.value ?? '');
      if (!parent) throw resourceNotFound();
      for (let a: Resource | undefined = parent; a; a = a.parentId !== undefined ? byId.get(a.parentId) : undefined) {
        if (a.id === target.id) throw badRequest('Resources cannot be cyclical.');
      }
      checkPlacement(all, parent, target.pathPart!, target.id);
      target.parentId = parent.id;
    }
  }
  // Paths of the resource and everything under it follow the new place in the tree.
  const changed = new Set(recomputePaths(all, byId)).add(target);
  for (const r of changed) t.resources.update(ctx.scope, input.restApiId, r.id, r);
  return resourceView(target, false);
}

/** Recomputes every path from the tree; returns the resources whose path changed. */
function recomputePaths(all: Resource[], byId: Map<string, Resource>): Resource[] {
  const changed: Resource[] = [];
  const pathOf = (r: Resource): string => (r.parentId === undefined ? '/' : childPath(pathOf(byId.get(r.parentId)!), r.pathPart!));
  for (const r of all) {
    const path = pathOf(r);
    if (path !== r.path) {
      r.path = path;
      changed.push(r);
    }
  }
  return changed;
}

export function deleteResource(input: { restApiId: string; resourceId: string }, ctx: OperationContext): void {
  const resource = requireResource(ctx, input.restApiId, input.resourceId);
  if (resource.parentId === undefined) throw badRequest('Cannot delete the root resource.');
  const t = tables(ctx);
  const all = t.resources.list(ctx.scope, input.restApiId);
  // Deleting a resource deletes its whole subtree.
  const doomed = new Set([resource.id]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const r of all) {
      if (r.parentId !== undefined && doomed.has(r.parentId) && !doomed.has(r.id)) {
        doomed.add(r.id);
        grew = true;
      }
    }
  }
  for (const id of doomed) t.resources.delete(ctx.scope, input.restApiId, id);
}
