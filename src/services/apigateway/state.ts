/** Typed access to API Gateway's tables and the lookups that fail with AWS's messages. */
import type { Authorizer, Deployment, DeploymentSnapshot, Method, Resource, RestApi, Stage } from '../../domain/apigateway.js';
import type { DocumentTable } from '../../store/store.js';
import type { OperationContext } from '../types.js';
import { apiNotFound, methodNotFound, resourceNotFound } from './errors.js';

export interface Tables {
  apis: DocumentTable<RestApi>;
  /** parent = rest api id */
  resources: DocumentTable<Resource>;
  deployments: DocumentTable<Deployment>;
  snapshots: DocumentTable<DeploymentSnapshot>;
  /** parent = rest api id, id = stage name */
  stages: DocumentTable<Stage>;
  /** parent = rest api id */
  authorizers: DocumentTable<Authorizer>;
}

export function tables(ctx: OperationContext): Tables {
  const s = ctx.store;
  return {
    apis: s.table('rest_apis'),
    resources: s.table('api_resources'),
    deployments: s.table('deployments'),
    snapshots: s.table('deployment_snapshots'),
    stages: s.table('stages'),
    authorizers: s.table('api_authorizers'),
  };
}

export function requireApi(ctx: OperationContext, restApiId: string): RestApi {
  const api = tables(ctx).apis.get(ctx.scope, '', restApiId);
  if (!api) throw apiNotFound(ctx.scope, restApiId);
  return api;
}

/** Resource-scoped operations answer "Invalid Resource identifier" even when it is the API that is missing. */
export function requireResource(ctx: OperationContext, restApiId: string, resourceId: string): Resource {
  const resource = tables(ctx).resources.get(ctx.scope, restApiId, resourceId);
  if (!resource) throw resourceNotFound();
  return resource;
}

export function requireMethod(resource: Resource, httpMethod: string): Method {
  const method = resource.resourceMethods?.[httpMethod];
  if (!method) throw methodNotFound();
  return method;
}

export type MethodKey = { restApiId: string; resourceId: string; httpMethod: string };

/** A method and the resource that holds it (methods are stored inside their resource). */
export function loadMethod(ctx: OperationContext, key: MethodKey): { resource: Resource; method: Method } {
  const resource = requireResource(ctx, key.restApiId, key.resourceId);
  return { resource, method: requireMethod(resource, key.httpMethod) };
}

export function saveResource(ctx: OperationContext, restApiId: string, resource: Resource): void {
  tables(ctx).resources.update(ctx.scope, restApiId, resource.id, resource);
}

/** JSON Pointer unescaping of one path segment (`application~1json` → `application/json`). */
export function unescapeSegment(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** Drops a map that became empty, since AWS omits maps emptied by a patch. */
export function pruneEmpty<T extends object>(owner: T, key: keyof T): void {
  const v = owner[key];
  if (v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0) delete owner[key];
}
