/** Step `integration`: the method's integration (a record in integrations/registry.ts) answers the request. */
import { internalServerError } from '../gateway-error.js';
import { INTEGRATIONS } from '../integrations/registry.js';
import type { Invocation } from '../invocation.js';
import type { StepDeps } from './deps.js';
import { routed, type ExecuteApiRequest } from './request.js';

export async function integrate(request: ExecuteApiRequest, deps: StepDeps): Promise<void> {
  const { served, routing, record, origin } = routed(request);
  const integration = routing.route.method.methodIntegration;
  const handler = integration && INTEGRATIONS[integration.type];
  if (!integration || !handler) throw internalServerError(500);
  record.integration = integration.type;
  const invocation: Invocation = {
    requestId: request.requestId,
    apigwId: request.apigwId,
    now: request.now,
    req: request.req,
    body: request.body,
    origin,
    sourceIp: record.sourceIp,
    served,
    route: routing.route,
    httpMethod: record.method,
    routedPath: routing.routedPath,
    contextPath: routing.contextPath,
    query: request.url.split('?')[1] ?? '',
    domainName: (request.req.headers.host ?? '').replace(/:\d+$/, ''),
    traceId: request.traceId,
    resourceArn: routing.resourceArn,
    record,
  };
  if (request.authorizer) invocation.authorizer = request.authorizer;
  if (request.caller) invocation.caller = request.caller;
  // On AWS the public front end is always HTTPS on 443, and handlers rely on it (redirects, cookies), so the
  // forwarded headers say so even though Gatehouse's main port is plain HTTP.
  if (!origin) invocation.front = { endpointType: served.deployment.api.endpointConfiguration.types[0] === 'EDGE' ? 'EDGE' : 'REGIONAL', port: '443', proto: 'https' };
  request.answer = await handler(invocation, integration, { invokeLambda: deps.invokeLambda, clock: deps.clock });
}
