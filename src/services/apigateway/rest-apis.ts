/** RestApi: CreateRestApi, GetRestApi, GetRestApis, UpdateRestApi, DeleteRestApi. */
import { ENDPOINT_TYPES, IP_ADDRESS_TYPES, type Resource, type RestApi } from '../../domain/apigateway.js';
import { epochSeconds } from '../../shared/clock.js';
import { lowerAlnumId } from '../../shared/ids.js';
import type { OperationContext } from '../types.js';
import { checkEndpointConfiguration, endpointConfigurationForCreate, patchEndpointConfiguration, type EndpointConfigurationInput } from './endpoint-configuration.js';
import { badRequest } from './errors.js';
import { pageOf } from './paging.js';
import { normalizePolicy, policyWireForm } from './policy-field.js';
import { requireApi, tables, unescapeSegment } from './state.js';
import { ENUM_TEXT, Violations, type PatchOperation } from './validation.js';

const API_KEY_SOURCES = ['HEADER', 'AUTHORIZER'];
const MAX_COMPRESSION = 10485760;
const BAD_COMPRESSION = `Invalid minimum compression size, must be between 0 and ${MAX_COMPRESSION}`;

interface CreateRestApiInput {
  name?: string;
  description?: string;
  version?: string;
  cloneFrom?: string;
  binaryMediaTypes?: string[];
  minimumCompressionSize?: number;
  apiKeySource?: string;
  endpointConfiguration?: EndpointConfigurationInput;
  policy?: string;
  tags?: Record<string, string>;
  disableExecuteApiEndpoint?: boolean;
  securityPolicy?: string;
  endpointAccessMode?: string;
}

/** What Get/Update return. Create and list items omit `tags` when there are none; Get and Update show `{}`. */
export function restApiView(api: RestApi, showEmptyTags: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = { ...api };
  if (api.policy !== undefined) out['policy'] = policyWireForm(api.policy);
  if (showEmptyTags && api.tags === undefined) out['tags'] = {};
  return out;
}

function checkCompression(value: number | undefined): void {
  if (value !== undefined && (!Number.isInteger(value) || value < 0 || value > MAX_COMPRESSION)) throw badRequest(BAD_COMPRESSION);
}

export function createRestApi(input: CreateRestApiInput, ctx: OperationContext) {
  const v = new Violations();
  v.enumList('createRestApiInput.endpointConfiguration.types', input.endpointConfiguration?.types, ENDPOINT_TYPES, ENUM_TEXT.endpointType);
  v.enumValue('createRestApiInput.endpointConfiguration.ipAddressType', input.endpointConfiguration?.ipAddressType, IP_ADDRESS_TYPES, ENUM_TEXT.ipAddressType);
  v.enumValue('createRestApiInput.apiKeySource', input.apiKeySource, API_KEY_SOURCES, ENUM_TEXT.apiKeySource);
  v.required('createRestApiInput.name', input.name);
  v.throwIfAny();
  if (input.name === '') throw badRequest('Name cannot be empty');
  if (input.description === '') throw badRequest('Description cannot be an empty string');
  checkCompression(input.minimumCompressionSize);
  const endpointConfiguration = endpointConfigurationForCreate(input.endpointConfiguration);

  const t = tables(ctx);
  const source = input.cloneFrom !== undefined ? requireApi(ctx, input.cloneFrom) : undefined;
  const id = uniqueId(10, (c) => t.apis.has(ctx.scope, '', c));
  const rootResourceId = lowerAlnumId(10);
  const api: RestApi = {
    id,
    name: input.name!,
    createdDate: epochSeconds(ctx.clock.now()),
    apiKeySource: input.apiKeySource ?? 'HEADER',
    endpointConfiguration,
    disableExecuteApiEndpoint: input.disableExecuteApiEndpoint ?? false,
    rootResourceId,
  };
  if (input.description !== undefined) api.description = input.description;
  if (input.version !== undefined) api.version = input.version;
  if (input.binaryMediaTypes !== undefined && input.binaryMediaTypes.length > 0) api.binaryMediaTypes = input.binaryMediaTypes;
  if (input.minimumCompressionSize !== undefined) api.minimumCompressionSize = input.minimumCompressionSize;
  if (input.policy !== undefined && input.policy !== '') api.policy = normalizePolicy(input.policy, ctx.scope, id);
  if (input.tags !== undefined) api.tags = input.tags;
  if (input.securityPolicy !== undefined) api.securityPolicy = input.securityPolicy;
  if (input.endpointAccessMode !== undefined) api.endpointAccessMode = input.endpointAccessMode;
  t.apis.insert(ctx.scope, '', id, api);

  if (source) cloneResources(ctx, source, api);
  else t.resources.insert(ctx.scope, id, rootResourceId, { id: rootResourceId, path: '/' });
  return restApiView(api, false);
}

/** `cloneFrom`: the new API gets a copy of the source's resources and methods, under new resource ids. */
function cloneResources(ctx: OperationContext, source: RestApi, target: RestApi): void {
  const t = tables(ctx);
  const ids = new Map<string, string>([[source.rootResourceId, target.rootResourceId]]);
  const resources = t.resources.list(ctx.scope, source.id);
  for (const r of resources) if (!ids.has(r.id)) ids.set(r.id, lowerAlnumId(6));
  for (const r of resources) {
    const copy: Resource = structuredClone(r);
    copy.id = ids.get(r.id)!;
    if (r.parentId !== undefined) copy.parentId = ids.get(r.parentId)!;
    for (const m of Object.values(copy.resourceMethods ?? {})) if (m.methodIntegration) m.methodIntegration.cacheNamespace = copy.id;
    t.resources.insert(ctx.scope, target.id, copy.id, copy);
  }
}

export function getRestApi(input: { restApiId: string }, ctx: OperationContext) {
  return restApiView(requireApi(ctx, input.restApiId), true);
}

export function getRestApis(input: { limit?: number; position?: string }, ctx: OperationContext) {
  const page = pageOf(tables(ctx).apis, ctx.scope, '', input.limit, input.position);
  return { ...page, items: page.items.map((a) => restApiView(a, false)) };
}

export function updateRestApi(input: { restApiId: string; patchOperations?: PatchOperation[] }, ctx: OperationContext) {
  const v = new Violations();
  v.patchOperations('updateRestApiInput', input.patchOperations);
  v.throwIfAny();
  const api = requireApi(ctx, input.restApiId);
  for (const op of input.patchOperations ?? []) applyRestApiPatch(api, op, ctx);
  checkEndpointConfiguration(api.endpointConfiguration);
  tables(ctx).apis.update(ctx.scope, '', api.id, api);
  return restApiView(api, true);
}

function applyRestApiPatch(api: RestApi, op: PatchOperation, ctx: OperationContext): void {
  const path = op.path ?? '';
  if (patchEndpointConfiguration(api.endpointConfiguration, op)) return;
  if (path.startsWith('/binaryMediaTypes/')) {
    patchBinaryMediaTypes(api, op, unescapeSegment(path.slice('/binaryMediaTypes/'.length)));
    return;
  }
  switch (path) {
    case '/name':
      requireOp(op, ['replace']);
      if (!op.value) throw badRequest('Name cannot be empty');
      api.name = op.value;
      return;
    case '/description':
    case '/version': {
      const key = path.slice(1) as 'description' | 'version';
      if (op.op === 'remove' || op.value === undefined || op.value === '') delete api[key];
      else api[key] = op.value;
      return;
    }
    case '/apiKeySource':
      requireOp(op, ['replace']);
      if (!API_KEY_SOURCES.includes(op.value ?? '')) throw badRequest(`Invalid API Key source specified. Valid options are ${API_KEY_SOURCES.join(',')}`);
      api.apiKeySource = op.value!;
      return;
    case '/minimumCompressionSize': {
      requireOp(op, ['replace']);
      if (op.value === undefined || op.value === '') {
        delete api.minimumCompressionSize;
        return;
      }
      const n = /^-?\d+$/.test(op.value) ? Number(op.value) : Number.NaN;
      checkCompression(n);
      api.minimumCompressionSize = n;
      return;
    }
    case '/policy':
      if (op.op === 'remove' || op.value === undefined || op.value === '') delete api.policy;
      else api.policy = normalizePolicy(op.value, ctx.scope, api.id);
      return;
    case '/disableExecuteApiEndpoint':
      requireOp(op, ['replace']);
      api.disableExecuteApiEndpoint = (op.value ?? '').toLowerCase() === 'true';
      return;
    case '/securityPolicy':
    case '/endpointAccessMode': {
      const key = path.slice(1) as 'securityPolicy' | 'endpointAccessMode';
      if (op.op === 'remove' || !op.value) delete api[key];
      else api[key] = op.value;
      return;
    }
    default:
      throw badRequest(`Invalid patch path ${path === '' ? 'null' : path}`);
  }
}

/**
 * binaryMediaTypes are addressed by the type itself in the path. `replace` is remove + append (the new value
 * goes to the end), as AWS does it.
 */
function patchBinaryMediaTypes(api: RestApi, op: PatchOperation, type: string): void {
  const list = api.binaryMediaTypes ?? [];
  switch (op.op) {
    case 'add':
      if (!list.includes(type)) list.push(type);
      break;
    case 'remove':
      list.splice(0, list.length, ...list.filter((t) => t !== type));
      break;
    case 'replace': {
      const rest = list.filter((t) => t !== type);
      if (op.value) rest.push(op.value);
      list.splice(0, list.length, ...rest);
      break;
    }
    default:
      throw badRequest("Invalid patch operation specified. Must be 'add'|'remove'|'replace'");
  }
  if (list.length > 0) api.binaryMediaTypes = list;
  else delete api.binaryMediaTypes;
}

function requireOp(op: PatchOperation, allowed: readonly string[]): void {
  if (!allowed.includes(op.op ?? '')) throw badRequest(`Invalid patch operation specified. Must be one of: [${allowed.join(', ')}]`);
}

export function deleteRestApi(input: { restApiId: string }, ctx: OperationContext): void {
  requireApi(ctx, input.restApiId);
  const t = tables(ctx);
  t.apis.delete(ctx.scope, '', input.restApiId);
  for (const child of [t.resources, t.deployments, t.snapshots, t.stages, t.authorizers]) child.deleteByParent(ctx.scope, input.restApiId);
}

/** A random id of `length` characters that `taken` does not already hold. */
export function uniqueId(length: number, taken: (candidate: string) => boolean): string {
  for (;;) {
    const id = lowerAlnumId(length);
    if (!taken(id)) return id;
  }
}
