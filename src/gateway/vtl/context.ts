/**
 * `$context` in mapping templates, with the variables the developer guide lists for data transformations
 * ("Variables for data transformations for API Gateway"), and the overrides a template may set:
 * `$context.requestOverride.{header,path,querystring}.name` (request templates) and
 * `$context.responseOverride.status` / `.header.name` (request or response templates; they change the method
 * response). One context lives for a whole request, so what a request template sets is visible to the
 * response template (recorded: test_integration_mock_with_request_overrides_in_response_template).
 * Values API Gateway does not have for a request (an API key, a Cognito identity ...) are null: they print
 * as nothing.
 */
import type { Invocation } from '../invocation.js';
import { callerFields } from '../identity-fields.js';
import { requestTime } from '../lambda-proxy-event.js';

export interface VtlOverrides {
  requestOverride: { header: Record<string, unknown>; path: Record<string, unknown>; querystring: Record<string, unknown> };
  responseOverride: { header: Record<string, unknown>; status?: unknown };
}

export type VtlContext = Record<string, unknown> & VtlOverrides;

export function buildVtlContext(inv: Invocation): VtlContext {
  const { deployment, stage } = inv.served;
  const userAgent = inv.req.headers['user-agent'];
  const identity: Record<string, unknown> = {
    accessKey: null,
    accountId: null,
    apiKey: null,
    apiKeyId: null,
    caller: null,
    cognitoAuthenticationProvider: null,
    cognitoAuthenticationType: null,
    cognitoIdentityId: null,
    cognitoIdentityPoolId: null,
    principalOrgId: null,
    sourceIp: inv.sourceIp,
    user: null,
    userAgent: userAgent ?? null,
    userArn: null,
  };
  if (inv.caller) Object.assign(identity, callerFields(inv.caller));
  if (inv.origin) {
    identity['vpceId'] = inv.origin.vpceId;
    identity['vpcId'] = inv.origin.vpcId;
  }
  return {
    accountId: deployment.scope.account,
    apiId: deployment.api.id,
    // A copy: the authorizer's hand-off may be shared by every request its cached result serves.
    authorizer: inv.authorizer ? { ...inv.authorizer } : {},
    deploymentId: deployment.deploymentId,
    domainName: inv.domainName,
    domainPrefix: inv.domainName.split('.')[0] ?? '',
    extendedRequestId: inv.apigwId,
    httpMethod: inv.httpMethod,
    identity,
    path: inv.contextPath,
    protocol: 'HTTP/1.1',
    requestId: inv.requestId,
    requestTime: requestTime(inv.now),
    requestTimeEpoch: inv.now.getTime(),
    resourceId: inv.route.resource.id,
    resourcePath: inv.route.resource.path,
    stage: stage.stageName,
    requestOverride: { header: {}, path: {}, querystring: {} },
    responseOverride: { header: {} },
  };
}
