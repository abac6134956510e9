/**
 * AWS::ApiGateway::Resource, one path part of an API, made through Gatehouse's API Gateway service; it moves
 * (a new parent or path part) in place.
 */
import { unlessGone } from '../errors.js';
import { parse } from '../properties.js';
import { obj, str } from '../schema.js';
import type { ResourceType } from '../types.js';
import { GONE, type PatchOperation } from './service.js';

interface ResourceProps {
  RestApiId: string;
  ParentId: string;
  PathPart: string;
}

const RESOURCE_SHAPE = obj({ RestApiId: str, ParentId: str, PathPart: str }, ['ParentId', 'PathPart', 'RestApiId']);

export const apiResource: ResourceType = {
  type: 'AWS::ApiGateway::Resource',
  replaceOn: ['RestApiId'],
  async create(properties, ctx) {
    const p = parse<ResourceProps>(ctx, properties, RESOURCE_SHAPE);
    const out = await ctx.call('apigateway', 'CreateResource', { restApiId: p.RestApiId, parentId: p.ParentId, pathPart: p.PathPart });
    const id = out.id as string;
    return { physicalId: id, attributes: { ResourceId: id } };
  },
  async update(current, before, after, ctx) {
    const b = parse<ResourceProps>(ctx, before, RESOURCE_SHAPE);
    const a = parse<ResourceProps>(ctx, after, RESOURCE_SHAPE);
    const ops: PatchOperation[] = [];
    if (a.ParentId !== b.ParentId) ops.push({ op: 'replace', path: '/parentId', value: a.ParentId });
    if (a.PathPart !== b.PathPart) ops.push({ op: 'replace', path: '/pathPart', value: a.PathPart });
    if (ops.length > 0) await ctx.call('apigateway', 'UpdateResource', { restApiId: a.RestApiId, resourceId: current.physicalId, patchOperations: ops });
    return current;
  },
  async delete(current, properties, ctx) {
    // Deleting a parent deletes its subtree, so a child may be gone already.
    await unlessGone(ctx.call('apigateway', 'DeleteResource', { restApiId: properties['RestApiId'], resourceId: current.physicalId }), GONE);
  },
};
