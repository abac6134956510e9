/**
 * The execute-api pipeline for private APIs, as an ordered list of steps over one request: resolve the API
 * and stage → route → VPC endpoint policy → resource policy → integration → response. Every failure is a
 * GatewayError answered with AWS's default gateway response. It reads only frozen deployments.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { ConnectionOrigin, VpcEndpoint } from '../domain/ec2.js';
import type { Integration } from '../domain/apigateway.js';
import { parsePolicy, type PolicyDocument } from '../policy/document.js';
import { evaluatePolicy } from '../policy/evaluate.js';
import { requestKeys, type PolicyRequest } from '../policy/request.js';
import type { Clock } from '../shared/clock.js';
import type { Store } from '../store/store.js';
import { namedApi } from './api-host.js';
import type { Deployments, ServedStage } from './deployments.js';
import { accessDenied, endpointTimedOut, forbidden, GatewayError, internalServerError, missingAuthenticationToken } from './gateway-error.js';
import { buildProxyEvent } from './lambda-proxy-event.js';
import { readProxyResponse } from './lambda-proxy-response.js';
import type { RouteMatch } from './router.js';

/** How the pipeline calls Lambda: as API Gateway, from a source ARN; rejects with Lambda's error names. */
export type LambdaInvoker = (
  functionArn: string,
  payload: string,
  caller: { sourceArn: string },
) => Promise<{ kind: 'success' | 'error'; payload: string }>;

export interface PipelineOptions {
  deployments: Deployments;
  store: Store;
  clock: Clock;
  invokeLambda: LambdaInvoker;
  /** Told of failures that are Gatehouse's own (not an AWS answer), which the client sees as a 500. */
  onUnexpectedError?: (error: unknown) => void;
}

interface Answer {
  status: number;
  headers: Array<[string, string]>;
  body: Buffer;
  /** Successful integration answers carry a trace id; gateway errors do not. */
  traced: boolean;
}

const LAMBDA_URI = /^arn:aws[a-z-]*:apigateway:[a-z0-9-]+:lambda:path\/2015-03-31\/functions\/(arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[^/]+)\/invocations$/;

export class ExecuteApiPipeline {
  constructor(private readonly options: PipelineOptions) {}

  /** The endpoint listeners' request handler. */
  readonly handle = (req: IncomingMessage, res: ServerResponse, origin: ConnectionOrigin | undefined): void => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const requestId = randomUUID();
      const apigwId = `${randomBytes(11).toString('base64').slice(0, 15)}=`;
      this.run(req, Buffer.concat(chunks), origin, requestId, apigwId)
        .catch((error: unknown) => {
          if (error instanceof GatewayError) return errorAnswer(error);
          this.options.onUnexpectedError?.(error);
          return errorAnswer(internalServerError(500));
        })
        .then((answer) => send(res, answer, requestId, apigwId));
    });
  };

  private async run(req: IncomingMessage, body: Buffer, origin: ConnectionOrigin | undefined, requestId: string, apigwId: string): Promise<Answer> {
    // Without an instance identity a connection never reaches a private API.
    if (!origin) throw forbidden();
    const named = namedApi(req.headers.host, header(req, 'x-apigw-api-id'));
    if (!named) throw forbidden();
    const { stageName, remainder, contextPath } = splitStage(req.url ?? '/');
    const served = stageName === undefined ? undefined : this.options.deployments.find(named.apiId, stageName);
    if (!served || served.deployment.api.endpointConfiguration.types[0] !== 'PRIVATE') throw forbidden();
    if (named.aliasVpceId !== undefined && (named.aliasVpceId !== origin.vpceId || !served.deployment.vpcEndpointIds.has(origin.vpceId))) throw forbidden();

    const method = (req.method ?? 'GET').toUpperCase();
    const route = served.deployment.router.match(method, remainder);
    if (!route) throw missingAuthenticationToken();

    const { scope, api } = served.deployment;
    const routedPath = `/${remainder.replace(/^\/+/, '')}`;
    const resourceArn = `arn:aws:execute-api:${scope.region}:${scope.account}:${api.id}/${served.stage.stageName}/${method}/${routedPath.slice(1)}`;
    const policyRequest: PolicyRequest = { principal: { kind: 'anonymous' }, action: 'execute-api:Invoke', resource: resourceArn, keys: this.conditionKeys(req, origin) };
    this.checkEndpointPolicy(origin, policyRequest);
    checkResourcePolicy(served, policyRequest);

    const integration = route.method.methodIntegration;
    if (!integration) throw internalServerError(500);
    if (integration.type === 'AWS_PROXY') return this.lambdaProxy(req, body, origin, served, route, integration, { method, routedPath, contextPath, requestId, apigwId });
    if (integration.type === 'MOCK') return mock(integration);
    // HTTP, HTTP_PROXY and AWS (non-proxy) integrations come with the rest of the pipeline.
    throw internalServerError(500);
  }

  private conditionKeys(req: IncomingMessage, origin: ConnectionOrigin) {
    const now = this.options.clock.now();
    return requestKeys({
      'aws:SourceVpce': origin.vpceId,
      'aws:SourceVpc': origin.vpcId,
      'aws:VpcSourceIp': origin.sourceIp,
      'aws:SecureTransport': 'true',
      'aws:CurrentTime': now.toISOString(),
      'aws:EpochTime': String(Math.floor(now.getTime() / 1000)),
      'aws:UserAgent': header(req, 'user-agent'),
      'aws:Referer': header(req, 'referer'),
    });
  }

  /** The VPC endpoint policy is evaluated first (a full-access policy when none was set). */
  private checkEndpointPolicy(origin: ConnectionOrigin, request: PolicyRequest): void {
    const endpoint = this.options.store.table<VpcEndpoint>('ec2_vpc_endpoints').get({ account: origin.account, region: origin.region }, '', origin.vpceId);
    if (!endpoint) throw forbidden();
    const parsed = endpointPolicy(endpoint.PolicyDocument);
    if (!parsed) throw forbidden();
    const evaluation = evaluatePolicy(parsed, request);
    if (evaluation.decision !== 'Allow') throw accessDenied(request.resource, evaluation.decision === 'ExplicitDeny');
  }

  private async lambdaProxy(
    req: IncomingMessage,
    body: Buffer,
    origin: ConnectionOrigin,
    served: ServedStage,
    route: RouteMatch,
    integration: Integration,
    call: { method: string; routedPath: string; contextPath: string; requestId: string; apigwId: string },
  ): Promise<Answer> {
    const target = LAMBDA_URI.exec(integration.uri ?? '');
    // Lambda proxy integrations must call Lambda with POST; anything else is a configuration error (500).
    if (!target || integration.httpMethod !== 'POST') throw internalServerError(500);
    const { scope, api, deploymentId } = served.deployment;
    const tls = req.socket as TLSSocket;
    const event = buildProxyEvent({
      httpMethod: call.method,
      path: call.routedPath,
      contextPath: call.contextPath,
      query: (req.url ?? '').split('?')[1] ?? '',
      rawHeaders: req.rawHeaders,
      body,
      binaryBody: false,
      resource: { id: route.resource.id, path: route.resource.path },
      pathParameters: route.pathParameters,
      stageVariables: served.stage.variables,
      stage: served.stage.stageName,
      apiId: api.id,
      accountId: scope.account,
      deploymentId,
      domainName: (req.headers.host ?? '').replace(/:\d+$/, ''),
      requestId: call.requestId,
      extendedRequestId: call.apigwId,
      sourceIp: origin.sourceIp,
      now: this.options.clock.now(),
      vpc: { vpceId: origin.vpceId, vpcId: origin.vpcId, cipherSuite: tls.getCipher?.()?.standardName ?? 'ECDHE-RSA-AES128-GCM-SHA256', tlsVersion: tls.getProtocol?.() ?? 'TLSv1.2' },
    });
    const sourceArn = `arn:aws:execute-api:${scope.region}:${scope.account}:${api.id}/${served.stage.stageName}/${call.method}${route.resource.path}`;
    let result: { kind: 'success' | 'error'; payload: string };
    try {
      result = await withTimeout(this.options.invokeLambda(target[1]!, JSON.stringify(event), { sourceArn }), integration.timeoutInMillis);
    } catch (error) {
      if (error instanceof GatewayError) throw error;
      // API Gateway may not invoke the function (no permission): a configuration error, 500. Other Lambda errors: 502.
      throw internalServerError((error as Error).name === 'AccessDeniedException' ? 500 : 502);
    }
    if (result.kind === 'error') throw internalServerError(502);
    const response = readProxyResponse(result.payload, false);
    const headers: Array<[string, string]> = response.headers.map(([name, values]) => [name, values.join(', ')]);
    if (!headers.some(([name]) => name.toLowerCase() === 'content-type')) headers.push(['Content-Type', 'application/json']);
    return { status: response.statusCode, headers, body: response.body, traced: true };
  }
}

// Hot path: an endpoint policy is parsed once per distinct document, not per request (bench/dataplane).
const endpointPolicies = new Map<string, PolicyDocument | undefined>();

function endpointPolicy(text: string): PolicyDocument | undefined {
  if (endpointPolicies.has(text)) return endpointPolicies.get(text);
  const parsed = parsePolicy(text);
  if (endpointPolicies.size > 1000) endpointPolicies.clear();
  endpointPolicies.set(text, parsed.ok ? parsed.document : undefined);
  return parsed.ok ? parsed.document : undefined;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(', ') : v;
}

/**
 * `/{stage}/rest`: the stage is the first segment after any leading slashes; `requestContext.path` keeps the
 * remainder raw (docs/notes/execute-api-data-plane.md §1.1).
 */
export function splitStage(url: string): { stageName: string | undefined; remainder: string; contextPath: string } {
  const path = (url.split('?')[0] ?? '/').replace(/^\/+/, '');
  const slash = path.indexOf('/');
  const stageName = slash < 0 ? path : path.slice(0, slash);
  const remainder = slash < 0 ? '' : path.slice(slash);
  return { stageName: stageName === '' ? undefined : stageName, remainder, contextPath: `/${stageName}${remainder}` };
}

function checkResourcePolicy(served: ServedStage, request: PolicyRequest): void {
  const policy = served.deployment.policy;
  // A private API deployed without a policy is inaccessible to everyone (implicit deny).
  if (!policy) throw accessDenied(request.resource, false);
  const evaluation = evaluatePolicy(policy, request);
  if (evaluation.decision !== 'Allow') throw accessDenied(request.resource, evaluation.decision === 'ExplicitDeny');
}

/** MOCK: the request template's statusCode selects the integration response; its template is the body. */
function mock(integration: Integration): Answer {
  const template = integration.requestTemplates?.['application/json'] ?? '';
  const status = /statusCode["']?\s*:\s*["']?(\d{3})/.exec(template ?? '')?.[1] ?? '200';
  const responses = Object.values(integration.integrationResponses ?? {});
  const chosen =
    responses.find((r) => r.selectionPattern !== undefined && r.selectionPattern !== '' && new RegExp(`^(?:${r.selectionPattern})$`).test(status)) ??
    responses.find((r) => r.selectionPattern === undefined || r.selectionPattern === '');
  if (!chosen) throw internalServerError(500);
  const body = chosen.responseTemplates?.['application/json'] ?? '';
  return { status: Number(chosen.statusCode), headers: [['Content-Type', 'application/json']], body: Buffer.from(body ?? ''), traced: false };
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

function errorAnswer(error: GatewayError): Answer {
  return { status: error.status, headers: [['Content-Type', 'application/json'], ['x-amzn-ErrorType', error.errorType]], body: Buffer.from(error.body), traced: false };
}

function send(res: ServerResponse, answer: Answer, requestId: string, apigwId: string): void {
  const headers: Array<[string, string]> = [
    ...answer.headers,
    ['Content-Length', String(answer.body.length)],
    ['x-amzn-RequestId', requestId],
    ['x-amz-apigw-id', apigwId],
    // Private APIs answer with `Server: Server` (captured).
    ['Server', 'Server'],
  ];
  if (answer.traced) headers.push(['X-Amzn-Trace-Id', `Root=1-${Math.floor(Date.now() / 1000).toString(16)}-${randomBytes(12).toString('hex')}`]);
  res.writeHead(answer.status, headers.flat());
  res.end(answer.body);
}
