/**
 * AWS::ApiGateway::RestApi, made through Gatehouse's API Gateway service; an update is one UpdateRestApi with
 * the patch operations for what changed. A `Body`/`BodyS3Location` (importing an OpenAPI definition) is not
 * supported yet and fails clearly.
 */
import { notSupported, unlessGone } from '../errors.js';
import { compact, parse, type Tag } from '../properties.js';
import { any, bool, changed, int, json, obj, policyText, str, strings, tagList, tagMap } from '../schema.js';
import type { ResourceType } from '../types.js';
import { GONE, restApiArn, retag, type PatchOperation } from './service.js';

/** JSON Pointer escaping of one path segment, as patch paths want it (`image/png` → `image~1png`). */
const escapeSegment = (segment: string): string => segment.replace(/~/g, '~0').replace(/\//g, '~1');

interface EndpointConfigurationProps {
  Types?: string[];
  VpcEndpointIds?: string[];
  IpAddressType?: string;
}

interface RestApiProps {
  Name?: string;
  Description?: string;
  EndpointConfiguration?: EndpointConfigurationProps;
  Policy?: unknown;
  BinaryMediaTypes?: string[];
  DisableExecuteApiEndpoint?: boolean;
  ApiKeySourceType?: string;
  MinimumCompressionSize?: number;
  CloneFrom?: string;
  Tags?: Tag[];
  Body?: unknown;
  BodyS3Location?: unknown;
}

const REST_API_SHAPE = obj(
  {
    Name: str,
    Description: str,
    EndpointConfiguration: obj({ Types: strings, VpcEndpointIds: strings, IpAddressType: str }),
    Policy: json,
    BinaryMediaTypes: strings,
    DisableExecuteApiEndpoint: bool,
    ApiKeySourceType: str,
    MinimumCompressionSize: int,
    CloneFrom: str,
    Tags: tagList,
    Body: any,
    BodyS3Location: any,
  },
  [],
  ['Mode', 'FailOnWarnings', 'Parameters'],
);

function refuseBody(p: RestApiProps): void {
  if (p.Body !== undefined || p.BodyS3Location !== undefined) {
    throw notSupported('Body/BodyS3Location: importing an OpenAPI definition is not supported yet; define the API with AWS::ApiGateway::Resource and AWS::ApiGateway::Method resources');
  }
}

/** The patch operations that take an API's settings from `b` to `a` (UpdateRestApi). */
function restApiPatches(b: RestApiProps, a: RestApiProps): PatchOperation[] {
  const ops: PatchOperation[] = [];
  const replace = (path: string, value: string) => ops.push({ op: 'replace', path, value });
  if (changed(b, a, 'Name') && a.Name !== undefined) replace('/name', a.Name);
  if (changed(b, a, 'Description')) replace('/description', a.Description ?? '');
  if (changed(b, a, 'Policy')) replace('/policy', policyText(a.Policy) ?? '');
  if (changed(b, a, 'DisableExecuteApiEndpoint')) replace('/disableExecuteApiEndpoint', String(a.DisableExecuteApiEndpoint ?? false));
  if (changed(b, a, 'ApiKeySourceType')) replace('/apiKeySource', a.ApiKeySourceType ?? 'HEADER');
  if (changed(b, a, 'MinimumCompressionSize')) replace('/minimumCompressionSize', a.MinimumCompressionSize === undefined ? '' : String(a.MinimumCompressionSize));
  const typesBefore = b.BinaryMediaTypes ?? [];
  const typesAfter = a.BinaryMediaTypes ?? [];
  for (const t of typesBefore) if (!typesAfter.includes(t)) ops.push({ op: 'remove', path: `/binaryMediaTypes/${escapeSegment(t)}` });
  for (const t of typesAfter) if (!typesBefore.includes(t)) ops.push({ op: 'add', path: `/binaryMediaTypes/${escapeSegment(t)}` });
  const eb = b.EndpointConfiguration ?? {};
  const ea = a.EndpointConfiguration ?? {};
  const typeBefore = eb.Types?.[0] ?? 'EDGE';
  const typeAfter = ea.Types?.[0] ?? 'EDGE';
  if (typeBefore !== typeAfter) replace(`/endpointConfiguration/types/${typeBefore}`, typeAfter);
  if (JSON.stringify(eb.VpcEndpointIds ?? []) !== JSON.stringify(ea.VpcEndpointIds ?? [])) replace('/endpointConfiguration/vpcEndpointIds', (ea.VpcEndpointIds ?? []).join(','));
  if (ea.IpAddressType !== undefined && ea.IpAddressType !== eb.IpAddressType) replace('/endpointConfiguration/ipAddressType', ea.IpAddressType);
  return ops;
}

export const restApi: ResourceType = {
  type: 'AWS::ApiGateway::RestApi',
  replaceOn: ['CloneFrom'],
  async create(properties, ctx) {
    const p = parse<RestApiProps>(ctx, properties, REST_API_SHAPE);
    refuseBody(p);
    const ec = p.EndpointConfiguration;
    const out = await ctx.call('apigateway', 'CreateRestApi', compact({
      name: p.Name,
      description: p.Description,
      endpointConfiguration: ec !== undefined ? compact({ types: ec.Types, vpcEndpointIds: ec.VpcEndpointIds, ipAddressType: ec.IpAddressType }) : undefined,
      policy: policyText(p.Policy),
      binaryMediaTypes: p.BinaryMediaTypes,
      disableExecuteApiEndpoint: p.DisableExecuteApiEndpoint,
      apiKeySource: p.ApiKeySourceType,
      minimumCompressionSize: p.MinimumCompressionSize,
      cloneFrom: p.CloneFrom,
      tags: tagMap(p.Tags),
    }));
    const id = out.id as string;
    return { physicalId: id, attributes: { RestApiId: id, RootResourceId: out.rootResourceId as string } };
  },
  async update(current, before, after, ctx) {
    const b = parse<RestApiProps>(ctx, before, REST_API_SHAPE);
    const a = parse<RestApiProps>(ctx, after, REST_API_SHAPE);
    refuseBody(a);
    const ops = restApiPatches(b, a);
    if (ops.length > 0) await ctx.call('apigateway', 'UpdateRestApi', { restApiId: current.physicalId, patchOperations: ops });
    await retag(ctx, restApiArn(ctx, current.physicalId), b.Tags, a.Tags);
    return current;
  },
  async delete(current, _properties, ctx) {
    await unlessGone(ctx.call('apigateway', 'DeleteRestApi', { restApiId: current.physicalId }), GONE);
  },
};
