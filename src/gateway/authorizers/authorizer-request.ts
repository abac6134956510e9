/**
 * What a Lambda authorizer reads from a routed request: header, query-string, stage-variable and `$context`
 * identity sources, the method ARN, and (built only when a REQUEST authorizer is called) the request event:
 * the Lambda proxy event's fields without the body (developer guide, "Input to an API Gateway Lambda
 * authorizer").
 */
import { buildProxyEvent } from '../lambda-proxy-event.js';
import { endpointFacts } from '../integrations/lambda-proxy.js';
import type { RoutedRequest } from '../steps/request.js';
import { stageCacheKey } from './cache.js';
import type { AuthorizerRequest } from './lambda-authorizer.js';

const REQUEST_EVENT_KEYS = ['resource', 'path', 'httpMethod', 'headers', 'multiValueHeaders', 'queryStringParameters', 'multiValueQueryStringParameters', 'pathParameters', 'stageVariables', 'requestContext'] as const;

export function authorizerRequest(request: RoutedRequest): AuthorizerRequest {
  const { served, routing, req, record } = request;
  const query = request.url.split('?')[1] ?? '';
  const domainName = (req.headers.host ?? '').replace(/:\d+$/, '');
  // Hot path: the `$context` values and the query are read only when an identity source names them.
  const contextValue = (name: string): string | undefined => {
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
        return request.requestId;
      case 'domainName':
        return domainName;
      default:
        return undefined;
    }
  };
  let params: URLSearchParams | undefined;
  return {
    headers: req.headers,
    get query() {
      return (params ??= new URLSearchParams(query));
    },
    stageVariables: served.stage.variables,
    contextValue,
    methodArn: routing.resourceArn,
    cacheStage: stageCacheKey(served.deployment.scope.account, served.deployment.api.id, served.stage.stageName),
    now: request.now.getTime(),
    requestEvent: () => {
      const event = buildProxyEvent({
        httpMethod: record.method,
        path: routing.routedPath,
        contextPath: routing.contextPath,
        query,
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
        domainName,
        requestId: request.requestId,
        extendedRequestId: request.apigwId,
        sourceIp: record.sourceIp,
        now: request.now,
        ...(request.origin ? { vpc: endpointFacts({ req, origin: request.origin }) } : {}),
      });
      return Object.fromEntries(REQUEST_EVENT_KEYS.map((k) => [k, event[k]]));
    },
  };
}
