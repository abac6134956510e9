/**
 * AWS::ApiGateway::RestApi, Resource, Method, Deployment, Stage and Account, made through Gatehouse's API
 * Gateway service with the model's member names (`restApiId`, `parentId`, `pathPart`, patch operations).
 *
 * A RestApi's `Body`/`BodyS3Location` (importing an OpenAPI definition) is not supported yet and fails
 * clearly. A Method is one PutMethod with its method responses, integration and integration responses; it has
 * no id of its own, so its physical id is CloudFormation's short form (`mysta-metho-...`). Account has nothing to
 * act on (Gatehouse writes no CloudWatch logs) and is kept by the stack.
 */
import type { Stage } from '../../domain/apigateway.js';
import { isServiceError, notSupported, orUndo, unlessGone } from './errors.js';
import { shortPhysicalId } from './ids.js';
import { any, bool, changed, int, json, list, map, num, obj, parseProperties, policyText, str, strings, tagDiff, tagList, tagMap, type ObjectShape } from './schema.js';
import type { Provisioned, ResourceContext, ResourceType } from './types.js';

interface Tag {
  Key: string;
  Value: string;
}

interface PatchOperation {
  op: 'add' | 'remove' | 'replace';
  path: string;
  value?: string;
}

const GONE = 'NotFoundException';

const parse = <T>(ctx: ResourceContext, properties: Record<string, unknown>, shape: ObjectShape): T => parseProperties<T>(ctx.logicalId, properties, shape);

function compact(input: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
}

/** JSON Pointer escaping of one path segment, as patch paths want it (`image/png` → `image~1png`). */
const escapeSegment = (segment: string): string => segment.replace(/~/g, '~0').replace(/\//g, '~1');

const restApiArn = (ctx: ResourceContext, restApiId: string) => `arn:aws:apigateway:${ctx.scope.region}::/restapis/${restApiId}`;

/** Brings API Gateway tags (by ARN) from `before` to `after`. */
async function retag(ctx: ResourceContext, arn: string, before: Tag[] | undefined, after: Tag[] | undefined): Promise<void> {
  const { set, removed } = tagDiff(tagMap(before), tagMap(after));
  if (removed.length > 0) await ctx.call('apigateway', 'UntagResource', { resourceArn: arn, tagKeys: removed });
  if (Object.keys(set).length > 0) await ctx.call('apigateway', 'TagResource', { resourceArn: arn, tags: set });
}

// ---- AWS::ApiGateway::RestApi ----

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

// ---- AWS::ApiGateway::Resource ----

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

// ---- AWS::ApiGateway::Method ----

interface MethodResponseProps {
  StatusCode: string;
  ResponseParameters?: Record<string, boolean>;
  ResponseModels?: Record<string, string>;
}

interface IntegrationResponseProps {
  StatusCode: string;
  SelectionPattern?: string;
  ResponseParameters?: Record<string, string>;
  ResponseTemplates?: Record<string, string>;
  ContentHandling?: string;
}

interface IntegrationProps {
  Type: string;
  IntegrationHttpMethod?: string;
  Uri?: string;
  ConnectionType?: string;
  ConnectionId?: string;
  Credentials?: string;
  RequestParameters?: Record<string, string>;
  RequestTemplates?: Record<string, string>;
  PassthroughBehavior?: string;
  CacheNamespace?: string;
  CacheKeyParameters?: string[];
  ContentHandling?: string;
  TimeoutInMillis?: number;
  IntegrationResponses?: IntegrationResponseProps[];
}

interface MethodProps {
  RestApiId: string;
  ResourceId: string;
  HttpMethod: string;
  AuthorizationType?: string;
  AuthorizerId?: string;
  ApiKeyRequired?: boolean;
  OperationName?: string;
  RequestParameters?: Record<string, boolean>;
  RequestModels?: Record<string, string>;
  RequestValidatorId?: string;
  AuthorizationScopes?: string[];
  MethodResponses?: MethodResponseProps[];
  Integration?: IntegrationProps;
}

const METHOD_SHAPE = obj(
  {
    RestApiId: str,
    ResourceId: str,
    HttpMethod: str,
    AuthorizationType: str,
    AuthorizerId: str,
    ApiKeyRequired: bool,
    OperationName: str,
    RequestParameters: map(bool),
    RequestModels: map(str),
    RequestValidatorId: str,
    AuthorizationScopes: strings,
    MethodResponses: list(obj({ StatusCode: str, ResponseParameters: map(bool), ResponseModels: map(str) }, ['StatusCode'])),
    Integration: obj(
      {
        Type: str,
        IntegrationHttpMethod: str,
        Uri: str,
        ConnectionType: str,
        ConnectionId: str,
        Credentials: str,
        RequestParameters: map(str),
        RequestTemplates: map(str),
        PassthroughBehavior: str,
        CacheNamespace: str,
        CacheKeyParameters: strings,
        ContentHandling: str,
        TimeoutInMillis: int,
        IntegrationResponses: list(
          obj({ StatusCode: str, SelectionPattern: str, ResponseParameters: map(str), ResponseTemplates: map(str), ContentHandling: str }, ['StatusCode']),
        ),
      },
      ['Type'],
      ['IntegrationTarget', 'ResponseTransferMode'],
    ),
  },
  ['HttpMethod', 'ResourceId', 'RestApiId'],
);

/** PutMethod, then its method responses, integration and integration responses, as the console would. */
async function putMethod(ctx: ResourceContext, p: MethodProps): Promise<void> {
  const key = { restApiId: p.RestApiId, resourceId: p.ResourceId, httpMethod: p.HttpMethod };
  await ctx.call('apigateway', 'PutMethod', compact({
    ...key,
    authorizationType: p.AuthorizationType ?? 'NONE',
    authorizerId: p.AuthorizerId,
    apiKeyRequired: p.ApiKeyRequired,
    operationName: p.OperationName,
    requestParameters: p.RequestParameters,
    requestModels: p.RequestModels,
    requestValidatorId: p.RequestValidatorId,
    authorizationScopes: p.AuthorizationScopes,
  }));
  await orUndo(async () => {
    for (const r of p.MethodResponses ?? []) {
      await ctx.call('apigateway', 'PutMethodResponse', compact({ ...key, statusCode: r.StatusCode, responseParameters: r.ResponseParameters, responseModels: r.ResponseModels }));
    }
    const i = p.Integration;
    if (i === undefined) return;
    await ctx.call('apigateway', 'PutIntegration', compact({
      ...key,
      type: i.Type,
      integrationHttpMethod: i.IntegrationHttpMethod,
      uri: i.Uri,
      connectionType: i.ConnectionType,
      connectionId: i.ConnectionId,
      credentials: i.Credentials,
      requestParameters: i.RequestParameters,
      requestTemplates: i.RequestTemplates,
      passthroughBehavior: i.PassthroughBehavior,
      cacheNamespace: i.CacheNamespace,
      cacheKeyParameters: i.CacheKeyParameters,
      contentHandling: i.ContentHandling,
      timeoutInMillis: i.TimeoutInMillis,
    }));
    for (const r of i.IntegrationResponses ?? []) {
      await ctx.call('apigateway', 'PutIntegrationResponse', compact({
        ...key,
        statusCode: r.StatusCode,
        selectionPattern: r.SelectionPattern,
        responseParameters: r.ResponseParameters,
        responseTemplates: r.ResponseTemplates,
        contentHandling: r.ContentHandling,
      }));
    }
  }, () => ctx.call('apigateway', 'DeleteMethod', key));
}

const deleteMethod = (ctx: ResourceContext, p: { RestApiId?: unknown; ResourceId?: unknown; HttpMethod?: unknown }) =>
  // The method goes with its resource or API when those are deleted first.
  unlessGone(ctx.call('apigateway', 'DeleteMethod', { restApiId: p.RestApiId, resourceId: p.ResourceId, httpMethod: p.HttpMethod }), GONE);

export const method: ResourceType = {
  type: 'AWS::ApiGateway::Method',
  async create(properties, ctx) {
    await putMethod(ctx, parse<MethodProps>(ctx, properties, METHOD_SHAPE));
    return { physicalId: shortPhysicalId(ctx), attributes: {} };
  },
  /** The method is put again whole (an API's edits are invisible until its next deployment, so nothing sees the gap). */
  async update(current, before, after, ctx) {
    const a = parse<MethodProps>(ctx, after, METHOD_SHAPE);
    await deleteMethod(ctx, before);
    await putMethod(ctx, a);
    return current;
  },
  delete: (_current, properties, ctx) => deleteMethod(ctx, properties),
};

// ---- method settings, shared by Deployment's StageDescription and Stage ----

interface MethodSettingProps {
  HttpMethod?: string;
  ResourcePath?: string;
  LoggingLevel?: string;
  MetricsEnabled?: boolean;
  DataTraceEnabled?: boolean;
  ThrottlingBurstLimit?: number;
  ThrottlingRateLimit?: number;
  CachingEnabled?: boolean;
  CacheTtlInSeconds?: number;
  CacheDataEncrypted?: boolean;
}

const SETTING_FIELDS = {
  LoggingLevel: str,
  MetricsEnabled: bool,
  DataTraceEnabled: bool,
  ThrottlingBurstLimit: int,
  ThrottlingRateLimit: num,
  CachingEnabled: bool,
  CacheTtlInSeconds: int,
  CacheDataEncrypted: bool,
};
const METHOD_SETTING = obj({ HttpMethod: str, ResourcePath: str, ...SETTING_FIELDS });

/** CloudFormation's setting names → the paths UpdateStage takes under `/{resourcePath}/{httpMethod}/`. */
const SETTING_PATHS: ReadonlyArray<[keyof MethodSettingProps, string]> = [
  ['MetricsEnabled', 'metrics/enabled'],
  ['DataTraceEnabled', 'logging/dataTrace'],
  ['LoggingLevel', 'logging/loglevel'],
  ['ThrottlingBurstLimit', 'throttling/burstLimit'],
  ['ThrottlingRateLimit', 'throttling/rateLimit'],
  ['CachingEnabled', 'caching/enabled'],
  ['CacheTtlInSeconds', 'caching/ttlInSeconds'],
  ['CacheDataEncrypted', 'caching/dataEncrypted'],
];

/** `/~1pets` + `GET` → `/~1pets/GET`; `/*` + `*` (every method) → `/*\/*`; the root path `/` is `/~1`. */
function settingBase(s: MethodSettingProps): string {
  const path = s.ResourcePath ?? '/*';
  return `${path === '/' ? '/~1' : path}/${s.HttpMethod ?? '*'}`;
}

function settingPatches(settings: readonly MethodSettingProps[]): PatchOperation[] {
  return settings.flatMap((s) =>
    SETTING_PATHS.filter(([field]) => s[field] !== undefined).map(([field, path]): PatchOperation => ({ op: 'replace', path: `${settingBase(s)}/${path}`, value: String(s[field]) })),
  );
}

interface AccessLogProps {
  DestinationArn?: string;
  Format?: string;
}

const ACCESS_LOG = obj({ DestinationArn: str, Format: str });

function accessLogPatches(before: AccessLogProps | undefined, after: AccessLogProps | undefined): PatchOperation[] {
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  if (after === undefined || (after.DestinationArn === undefined && after.Format === undefined)) return before === undefined ? [] : [{ op: 'remove', path: '/accessLogSettings' }];
  return [
    ...(after.DestinationArn !== undefined ? [{ op: 'replace' as const, path: '/accessLogSettings/destinationArn', value: after.DestinationArn }] : []),
    ...(after.Format !== undefined ? [{ op: 'replace' as const, path: '/accessLogSettings/format', value: after.Format }] : []),
  ];
}

const stageArn = (ctx: ResourceContext, restApiId: string, stageName: string) => `${restApiArn(ctx, restApiId)}/stages/${stageName}`;

// ---- AWS::ApiGateway::Deployment ----

/** What a Stage and a Deployment's StageDescription both set on the stage. */
interface StageSettingsProps {
  Description?: string;
  Variables?: Record<string, string>;
  MethodSettings?: MethodSettingProps[];
  CacheClusterEnabled?: boolean;
  CacheClusterSize?: string;
  TracingEnabled?: boolean;
  AccessLogSetting?: AccessLogProps;
  ClientCertificateId?: string;
  DocumentationVersion?: string;
  Tags?: Tag[];
}

interface StageDescriptionProps extends MethodSettingProps, StageSettingsProps {}

interface DeploymentProps {
  RestApiId: string;
  Description?: string;
  StageName?: string;
  StageDescription?: StageDescriptionProps;
}

/** What a stage has, whether AWS::ApiGateway::Stage says it or a deployment's StageDescription does. */
const STAGE_FIELDS = {
  Description: str,
  Variables: map(str),
  MethodSettings: list(METHOD_SETTING),
  CacheClusterEnabled: bool,
  CacheClusterSize: str,
  TracingEnabled: bool,
  AccessLogSetting: ACCESS_LOG,
  ClientCertificateId: str,
  DocumentationVersion: str,
  Tags: tagList,
};

const DEPLOYMENT_SHAPE = obj(
  {
    RestApiId: str,
    Description: str,
    StageName: str,
    StageDescription: obj(
      {
        ...STAGE_FIELDS,
        ...SETTING_FIELDS,
      },
      [],
      ['CanarySetting'],
    ),
  },
  ['RestApiId'],
  ['DeploymentCanarySettings'],
);

/** The stage's settings beyond what CreateDeployment takes: method settings (the top-level ones apply to every method), access logs, certificate. */
function stageDescriptionPatches(sd: StageDescriptionProps): PatchOperation[] {
  const ops = [...settingPatches([{ ...sd, HttpMethod: '*', ResourcePath: '/*' }]), ...settingPatches(sd.MethodSettings ?? []), ...accessLogPatches(undefined, sd.AccessLogSetting)];
  if (sd.ClientCertificateId !== undefined) ops.push({ op: 'replace', path: '/clientCertificateId', value: sd.ClientCertificateId });
  return ops;
}

export const deployment: ResourceType = {
  type: 'AWS::ApiGateway::Deployment',
  replaceOn: ['RestApiId', 'StageName', 'StageDescription', 'DeploymentCanarySettings'],
  async create(properties, ctx) {
    const p = parse<DeploymentProps>(ctx, properties, DEPLOYMENT_SHAPE);
    const sd = p.StageDescription;
    const out = await ctx.call('apigateway', 'CreateDeployment', compact({
      restApiId: p.RestApiId,
      description: p.Description,
      stageName: p.StageName,
      stageDescription: sd?.Description,
      variables: sd?.Variables,
      cacheClusterEnabled: sd?.CacheClusterEnabled,
      cacheClusterSize: sd?.CacheClusterSize,
      tracingEnabled: sd?.TracingEnabled,
    }));
    const id = out.id as string;
    const created: Provisioned = { physicalId: id, attributes: { DeploymentId: id } };
    if (p.StageName === undefined || sd === undefined) return created;
    const stageName = p.StageName;
    return orUndo(async () => {
      const ops = stageDescriptionPatches(sd);
      if (ops.length > 0) await ctx.call('apigateway', 'UpdateStage', { restApiId: p.RestApiId, stageName, patchOperations: ops });
      await retag(ctx, stageArn(ctx, p.RestApiId, stageName), undefined, sd.Tags);
      return created;
    }, () => removeDeployment(ctx, p, id));
  },
  async update(current, before, after, ctx) {
    const b = parse<DeploymentProps>(ctx, before, DEPLOYMENT_SHAPE);
    const a = parse<DeploymentProps>(ctx, after, DEPLOYMENT_SHAPE);
    if (a.Description !== b.Description) {
      await ctx.call('apigateway', 'UpdateDeployment', { restApiId: a.RestApiId, deploymentId: current.physicalId, patchOperations: [{ op: 'replace', path: '/description', value: a.Description ?? '' }] });
    }
    return current;
  },
  async delete(current, properties, ctx) {
    await removeDeployment(ctx, { RestApiId: properties['RestApiId'] as string, StageName: properties['StageName'] as string | undefined }, current.physicalId);
  },
};

/**
 * A deployment goes with the stage its StageName made, unless that stage has moved on to another deployment
 * (a replacement deployment took it over): then only the deployment goes.
 */
async function removeDeployment(ctx: ResourceContext, p: { RestApiId: string; StageName?: string | undefined }, deploymentId: string): Promise<void> {
  if (p.StageName !== undefined) {
    const stage = (await ctx.call('apigateway', 'GetStage', { restApiId: p.RestApiId, stageName: p.StageName }).catch((error: unknown) => {
      if (isServiceError(error, GONE)) return undefined;
      throw error;
    })) as Stage | undefined;
    if (stage?.deploymentId === deploymentId) await unlessGone(ctx.call('apigateway', 'DeleteStage', { restApiId: p.RestApiId, stageName: p.StageName }), GONE);
  }
  await unlessGone(ctx.call('apigateway', 'DeleteDeployment', { restApiId: p.RestApiId, deploymentId }), GONE);
}

// ---- AWS::ApiGateway::Stage ----

interface StageProps extends StageSettingsProps {
  RestApiId: string;
  StageName?: string;
  DeploymentId?: string;
}

const STAGE_SHAPE = obj(
  {
    RestApiId: str,
    StageName: str,
    DeploymentId: str,
    ...STAGE_FIELDS,
  },
  ['RestApiId'],
  ['CanarySetting'],
);

/** The patch operations that take a stage from `b` to `a` (all but tags). */
function stagePatches(b: StageProps, a: StageProps): PatchOperation[] {
  const ops: PatchOperation[] = [];
  const replace = (path: string, value: string) => ops.push({ op: 'replace', path, value });
  if (changed(b, a, 'DeploymentId') && a.DeploymentId !== undefined) replace('/deploymentId', a.DeploymentId);
  if (changed(b, a, 'Description')) replace('/description', a.Description ?? '');
  if (changed(b, a, 'CacheClusterEnabled')) replace('/cacheClusterEnabled', String(a.CacheClusterEnabled ?? false));
  if (changed(b, a, 'CacheClusterSize')) replace('/cacheClusterSize', a.CacheClusterSize ?? '');
  if (changed(b, a, 'TracingEnabled')) replace('/tracingEnabled', String(a.TracingEnabled ?? false));
  if (changed(b, a, 'ClientCertificateId')) replace('/clientCertificateId', a.ClientCertificateId ?? '');
  const vb = b.Variables ?? {};
  const va = a.Variables ?? {};
  for (const name of Object.keys(vb)) if (!(name in va)) ops.push({ op: 'remove', path: `/variables/${name}` });
  for (const [name, value] of Object.entries(va)) if (vb[name] !== value) replace(`/variables/${name}`, value);
  if (changed(b, a, 'MethodSettings')) {
    // Only settings that set something exist on the stage to be removed.
    for (const s of b.MethodSettings ?? []) if (SETTING_PATHS.some(([field]) => s[field] !== undefined)) ops.push({ op: 'remove', path: settingBase(s) });
    ops.push(...settingPatches(a.MethodSettings ?? []));
  }
  ops.push(...accessLogPatches(b.AccessLogSetting, a.AccessLogSetting));
  return ops;
}

export const stage: ResourceType = {
  type: 'AWS::ApiGateway::Stage',
  replaceOn: ['RestApiId', 'StageName'],
  async create(properties, ctx) {
    const p = parse<StageProps>(ctx, properties, STAGE_SHAPE);
    const out = await ctx.call('apigateway', 'CreateStage', compact({
      restApiId: p.RestApiId,
      stageName: p.StageName,
      deploymentId: p.DeploymentId,
      description: p.Description,
      variables: p.Variables,
      cacheClusterEnabled: p.CacheClusterEnabled,
      cacheClusterSize: p.CacheClusterSize,
      tracingEnabled: p.TracingEnabled,
      documentationVersion: p.DocumentationVersion,
      tags: tagMap(p.Tags),
    }));
    const name = out.stageName as string;
    return orUndo(async () => {
      const ops = stagePatches({ RestApiId: p.RestApiId, DeploymentId: p.DeploymentId, Description: p.Description, Variables: p.Variables, CacheClusterEnabled: p.CacheClusterEnabled, CacheClusterSize: p.CacheClusterSize, TracingEnabled: p.TracingEnabled }, p);
      if (ops.length > 0) await ctx.call('apigateway', 'UpdateStage', { restApiId: p.RestApiId, stageName: name, patchOperations: ops });
      return { physicalId: name, attributes: {} };
    }, () => ctx.call('apigateway', 'DeleteStage', { restApiId: p.RestApiId, stageName: name }));
  },
  async update(current, before, after, ctx) {
    const b = parse<StageProps>(ctx, before, STAGE_SHAPE);
    const a = parse<StageProps>(ctx, after, STAGE_SHAPE);
    const ops = stagePatches(b, a);
    if (ops.length > 0) await ctx.call('apigateway', 'UpdateStage', { restApiId: a.RestApiId, stageName: current.physicalId, patchOperations: ops });
    await retag(ctx, stageArn(ctx, a.RestApiId, current.physicalId), b.Tags, a.Tags);
    return current;
  },
  async delete(current, properties, ctx) {
    await unlessGone(ctx.call('apigateway', 'DeleteStage', { restApiId: properties['RestApiId'], stageName: current.physicalId }), GONE);
  },
};

// ---- AWS::ApiGateway::Account ----

/** The account's CloudWatch role: Gatehouse writes no CloudWatch logs, so the stack keeps the setting and nothing else. */
export const account: ResourceType = {
  type: 'AWS::ApiGateway::Account',
  async create(properties, ctx) {
    parse<{ CloudWatchRoleArn?: string }>(ctx, properties, obj({ CloudWatchRoleArn: str }));
    return { physicalId: shortPhysicalId(ctx), attributes: {} };
  },
  async update(current, _before, after, ctx) {
    parse<{ CloudWatchRoleArn?: string }>(ctx, after, obj({ CloudWatchRoleArn: str }));
    return current;
  },
  delete: async () => undefined,
};

export const APIGATEWAY_TYPES: readonly ResourceType[] = [restApi, apiResource, method, deployment, stage, account];
