/**
 * AWS_PROXY to Lambda (payload format 1.0): the event as AWS builds it, the call through Lambda's
 * programmatic invoke as `apigateway.amazonaws.com` from the method's source ARN, and the answer read with
 * every recorded 502 rule (docs/aws-facts.md §3).
 */
import { executeApiMethodArn } from '../../shared/arns.js';
import type { TLSSocket } from 'node:tls';
import { endpointTimedOut, GatewayError, internalServerError } from '../gateway-error.js';
import { callerFields } from '../identity-fields.js';
import type { Answer, Invocation, LambdaInvoker } from '../invocation.js';
import { buildProxyEvent } from '../lambda-proxy-event.js';
import { readProxyResponse } from '../lambda-proxy-response.js';
import type { LambdaCall } from '../request-log.js';
import type { IntegrationHandler } from './registry.js';

const LAMBDA_URI = /^arn:aws[a-z-]*:apigateway:[a-z0-9-]+:lambda:path\/2015-03-31\/functions\/(arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[^/]+)\/invocations$/;

/** The function ARN a Lambda integration URI names, or undefined. */
export function functionArnOfUri(uri: string | undefined): string | undefined {
  return LAMBDA_URI.exec(uri ?? '')?.[1];
}

/** The method's ARN as API Gateway names itself to Lambda: `.../{stage}/{METHOD}{resource path}`. */
export function sourceArnOf(inv: Invocation): string {
  const { scope, api } = inv.served.deployment;
  return executeApiMethodArn(scope, api.id, inv.served.stage.stageName, inv.httpMethod, inv.route.resource.path);
}

export const lambdaProxyIntegration: IntegrationHandler = async (inv, integration, deps) => {
  const functionArn = functionArnOfUri(integration.uri);
  // Lambda proxy integrations must call Lambda with POST; anything else is a configuration error (500).
  if (!functionArn || integration.httpMethod !== 'POST') throw internalServerError(500);
  const event = buildProxyEvent({
    httpMethod: inv.httpMethod,
    path: inv.routedPath,
    contextPath: inv.contextPath,
    query: inv.query,
    rawHeaders: inv.req.rawHeaders,
    body: inv.body,
    binaryBody: false,
    resource: { id: inv.route.resource.id, path: inv.route.resource.path },
    pathParameters: inv.route.pathParameters,
    stageVariables: inv.served.stage.variables,
    stage: inv.served.stage.stageName,
    apiId: inv.served.deployment.api.id,
    accountId: inv.served.deployment.scope.account,
    deploymentId: inv.served.deployment.deploymentId,
    domainName: inv.domainName,
    requestId: inv.requestId,
    extendedRequestId: inv.apigwId,
    sourceIp: inv.sourceIp,
    now: inv.now,
    ...(inv.origin ? { vpc: endpointFacts(inv) } : {}),
    ...(inv.authorizer ? { authorizer: inv.authorizer } : {}),
    ...(inv.front ? { front: { ...inv.front, traceId: inv.traceId } } : {}),
    ...(inv.caller ? { caller: callerFields(inv.caller) } : {}),
  });
  const result = await callLambda(inv, deps.invokeLambda, functionArn, JSON.stringify(event), integration.timeoutInMillis);
  if (result.kind === 'error') throw internalServerError(502);
  const response = readProxyResponse(result.payload, false);
  const headers: Array<[string, string]> = response.headers.map(([name, values]) => [name, values.join(', ')]);
  if (!headers.some(([name]) => name.toLowerCase() === 'content-type')) headers.push(['Content-Type', 'application/json']);
  return { status: response.statusCode, headers, body: response.body, traced: true } satisfies Answer;
};

export function endpointFacts(inv: Pick<Invocation, 'req' | 'origin'>): { vpceId: string; vpcId: string; cipherSuite: string; tlsVersion: string } {
  const tls = inv.req.socket as TLSSocket;
  return {
    vpceId: inv.origin!.vpceId,
    vpcId: inv.origin!.vpcId,
    cipherSuite: tls.getCipher?.()?.standardName ?? 'ECDHE-RSA-AES128-GCM-SHA256',
    tlsVersion: tls.getProtocol?.() ?? 'TLSv1.2',
  };
}

/**
 * A Lambda call as API Gateway makes it (from the method's source ARN), bounded by the integration timeout
 * (504 past it), noted in the request's record with its log. API Gateway not being allowed to invoke the
 * function is a configuration error (500); any other Lambda failure is an integration failure (502).
 */
export async function callLambda(inv: Invocation, invoke: LambdaInvoker, functionArn: string, event: string, timeoutInMillis: number): Promise<{ kind: 'success' | 'error'; payload: string }> {
  const call: LambdaCall = { functionArn, event };
  inv.record.lambda = call;
  try {
    const result = await withTimeout(invoke(functionArn, event, { sourceArn: sourceArnOf(inv) }), timeoutInMillis);
    if (result.log !== undefined) call.log = result.log;
    return result;
  } catch (error) {
    if (error instanceof GatewayError) throw error;
    throw internalServerError((error as Error).name === 'AccessDeniedException' ? 500 : 502);
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(endpointTimedOut()), ms);
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}
