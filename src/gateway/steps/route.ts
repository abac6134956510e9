/**
 * Step `route`: the resource and method the request names in the deployed API (403 Missing Authentication
 * Token when none), the method's ARN, and the request the policies see: an anonymous caller (authorization
 * steps may name another) with the condition keys of the front door it came through.
 */
import type { IncomingMessage } from 'node:http';
import type { ConnectionOrigin } from '../../domain/ec2.js';
import { requestKeys, type RequestKeys } from '../../policy/request.js';
import { executeApiMethodArn } from '../../shared/arns.js';
import { endpointRequestKeys } from '../access.js';
import { missingAuthenticationToken } from '../gateway-error.js';
import { header, splitStage } from './resolve.js';
import type { ExecuteApiRequest } from './request.js';

export function routeRequest(request: ExecuteApiRequest): void {
  const { record, served } = request;
  const { remainder, contextPath } = splitStage(request.url);
  const route = served!.deployment.router.match(record.method, remainder);
  if (!route) throw missingAuthenticationToken();
  record.resource = `${route.method.httpMethod} ${route.resource.path}`;
  const { scope, api } = served!.deployment;
  const routedPath = `/${remainder.replace(/^\/+/, '')}`;
  const resourceArn = executeApiMethodArn(scope, api.id, served!.stage.stageName, record.method, routedPath);
  record.resourceArn = resourceArn;
  const keys = conditionKeys(request.req, request.origin, record.sourceIp, request.now);
  request.routing = { route, routedPath, contextPath, resourceArn, policyRequest: { principal: { kind: 'anonymous' }, action: 'execute-api:Invoke', resource: resourceArn, keys } };
}

function conditionKeys(req: IncomingMessage, origin: ConnectionOrigin | undefined, sourceIp: string, now: Date): RequestKeys {
  const userAgent = header(req, 'user-agent');
  const referer = header(req, 'referer');
  if (origin) return endpointRequestKeys(origin, now, userAgent, referer);
  return requestKeys({
    'aws:CurrentTime': now.toISOString(),
    'aws:EpochTime': String(Math.floor(now.getTime() / 1000)),
    'aws:UserAgent': userAgent,
    'aws:Referer': referer,
    'aws:SourceIp': sourceIp,
    'aws:SecureTransport': 'false',
  });
}
