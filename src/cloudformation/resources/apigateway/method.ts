/**
 * AWS::ApiGateway::Method: one PutMethod with its method responses, integration and integration responses, as
 * the console makes them. It has no id of its own, so its physical id is CloudFormation's short form
 * (`mysta-metho-...`), and an update puts it again whole.
 */
import { orUndo, unlessGone } from '../errors.js';
import { shortPhysicalId } from '../ids.js';
import { compact, parse } from '../properties.js';
import { bool, int, list, map, obj, str, strings } from '../schema.js';
import type { ResourceContext, ResourceType } from '../types.js';
import { GONE } from './service.js';

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
