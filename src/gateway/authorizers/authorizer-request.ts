/**
 * What a Lambda authorizer reads from a routed request: header, query-string, stage-variable and `$context`
 * identity sources, the method ARN, and (built only when a REQUEST authorizer is called) the request event:
 * the Lambda proxy event's fields without the body (developer guide, "Input to an API Gateway Lambda
 * authorizer"). Hot path: one object per request with its methods on the prototype (no per-request closures),
 * the query parsed and `$context` read only when an identity source names them; bench/dataplane (e).
 */
import { buildProxyEvent } from '../lambda-proxy-event.js';
import { endpointFacts } from '../integrations/lambda-proxy.js';
import type { RoutedRequest } from '../steps/request.js';
import { stageCacheKey } from './cache.js';
import type { AuthorizerRequest } from './lambda-authorizer.js';

const REQUEST_EVENT_KEYS = ['resource', 'path', 'httpMethod', 'headers', 'multiValueHeaders', 'queryStringParameters', 'multiValueQueryStringParameters', 'pathParameters', 'stageVariables', 'requestContext'] as const;

class RoutedAuthorizerRequest implements AuthorizerRequest {
  private parsedQuery: URLSearchParams | undefined;

  constructor(private readonly request: RoutedRequest) {}

  get headers() {
    return this.request.req.headers;
  }

  get query(): URLSearchParams {
    return (this.parsedQuery ??= new URLSearchParams(this.rawQuery()));
  }

  get stageVariables() {
    return this.request.served.stage.variables;
  }

  get methodArn(): string {
    return this.request.routing.resourceArn;
  }

  get cacheStage(): string {
    const { served } = this.request;
    return stageCacheKey(served.deployment.scope.account, served.deployment.api.id, served.stage.stageName);
  }

  get now(): number {
    return this.request.now.getTime();
  }

  contextValue(name: string): string | undefined {
    const { record, served, routing, req } = this.request;
    switch (name) {
      case 'sourceIp':
      case 'identity.sourceIp':
        return record.sourceIp;
      case 'identity.userAgent':
        return typeof req.headers['user-agent'] === 'string' ? req.headers['user-agent'] : undefined;
      case 'httpMethod':
        return record.method;
      case 'stage':
        return served.stage.stageName;
      case 'apiId':
        return served.deployment.api.id;
      case 'accountId':
        return served.deployment.scope.account;
      case 'resourcePath':
        return routing.route.resource.path;
      case 'resourceId':
        return routing.route.resource.id;
      case 'path':
        return routing.contextPath;
      case 'requestId':
        return this.request.requestId;
      case 'domainName':
        return this.domainName();
      default:
        return undefined;
    }
  }

  requestEvent(): Record<string, unknown> {
    const { served, routing, req, record, origin } = this.request;
    const event = buildProxyEvent({
      httpMethod: record.method,
      path: routing.routedPath,
      contextPath: routing.contextPath,
      query: this.rawQuery(),
      rawHeaders: req.rawHeaders,
      body: Buffer.alloc(0),
      binaryBody: false,
      resource: { id: routing.route.resource.id, path: routing.route.resource.path },
      pathParameters: routing.route.pathParameters,
      stageVariables: served.stage.variables,
      stage: served.stage.stageName,
      apiId: served.deployment.api.id,
      accountId: served.deployment.scope.account,
      deploymentId: served.deployment.deploymentId,
      domainName: this.domainName(),
      requestId: this.request.requestId,
      extendedRequestId: this.request.apigwId,
      sourceIp: record.sourceIp,
      now: this.request.now,
      ...(origin ? { vpc: endpointFacts({ req, origin }) } : {}),
    });
    return Object.fromEntries(REQUEST_EVENT_KEYS.map((k) => [k, event[k]]));
  }

  private rawQuery(): string {
    return this.request.url.split('?')[1] ?? '';
  }

  private domainName(): string {
    return (this.request.req.headers.host ?? '').replace(/:\d+$/, '');
  }
}

export function authorizerRequest(request: RoutedRequest): AuthorizerRequest {
  return new RoutedAuthorizerRequest(request);
}
