/**
 * The execute-api pipeline, as an ordered list of steps over one request: resolve the API and stage (by the
 * front door the request came through) → route → VPC endpoint policy → resource policy → integration (a
 * record in integrations/registry.ts) → response. Every failure is a GatewayError answered with AWS's default
 * gateway response. It reads only frozen deployments, and records every request for `gatehouse explain`.
 */
import { executeApiMethodArn } from '../shared/arns.js';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ConnectionOrigin } from '../domain/ec2.js';
import type { Evaluation } from '../policy/evaluate.js';
import { requestKeys, type PolicyRequest, type RequestKeys } from '../policy/request.js';
import type { Clock } from '../shared/clock.js';
import { pooledRandomBytes } from '../shared/ids.js';
import type { Store } from '../store/store.js';
import { decidePolicy, endpointRequestKeys } from './access.js';
import { namedApi } from './api-host.js';
import type { Deployments, ServedStage, UnreadableStage } from './deployments.js';
import { accessDenied, forbidden, GatewayError, internalServerError, missingAuthenticationToken } from './gateway-error.js';
import { INTEGRATIONS } from './integrations/registry.js';
import type { Answer, Invocation, LambdaInvoker } from './invocation.js';
import { EndpointPolicies } from './endpoint-policies.js';
import { RequestLog, type PolicyDecision, type RequestRecord } from './request-log.js';
import type { StoredPolicy } from './stored-policy.js';

export type { LambdaInvoker } from './invocation.js';

/** What a stored document that cannot be read was: one of the two policies, or a deployment's snapshot. */
export type UnreadableKind = PolicyDecision['policy'] | 'deployment';

export interface PipelineOptions {
  deployments: Deployments;
  store: Store;
  clock: Clock;
  invokeLambda: LambdaInvoker;
  /** Where requests are recorded (a private one when not given). */
  requestLog?: RequestLog;
  /** Told of every request once answered. */
  onRequest?: (record: RequestRecord) => void;
  /**
   * Told once of each stored document that cannot be read: a policy (`owner` is the endpoint or API id) or a
   * deployment's snapshot (`{api}/{deployment}`). Either refuses every request it decides (fail closed).
   */
  onUnreadable?: (kind: UnreadableKind, owner: string, reason: string) => void;
  /** Told of failures that are Gatehouse's own (not an AWS answer), which the client sees as a 500. */
  onUnexpectedError?: (error: unknown) => void;
}

/**
 * How a request reached API Gateway: through an interface VPC endpoint (private APIs only; the connection's
 * origin is known when an instance made it), or on Gatehouse's main port naming a public API (by the
 * `{api}.execute-api.localhost` host or the `/_aws/execute-api/{api}` path prefix, stripped from `url`).
 */
export type FrontDoor = { kind: 'private'; origin: ConnectionOrigin | undefined } | { kind: 'public'; apiId: string; url: string };

export class ExecuteApiPipeline {
  readonly requests: RequestLog;
  private readonly endpointPolicies: EndpointPolicies;
  /** Unreadable documents already logged (each is logged once, not per request). */
  private readonly warned = new Set<string>();

  constructor(private readonly options: PipelineOptions) {
    this.requests = options.requestLog ?? new RequestLog();
    this.endpointPolicies = new EndpointPolicies(options.store);
  }

  /** The endpoint listeners' request handler. */
  readonly handle = (req: IncomingMessage, res: ServerResponse, origin: ConnectionOrigin | undefined): void => {
    this.receive(req, res, { kind: 'private', origin });
  };

  /** The main port's handler for public APIs; `url` is the request URL from the stage on. */
  readonly handlePublic = (req: IncomingMessage, res: ServerResponse, apiId: string, url: string): void => {
    this.receive(req, res, { kind: 'public', apiId, url });
  };

  private receive(req: IncomingMessage, res: ServerResponse, door: FrontDoor): void {
    const started = performance.now();
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const requestId = randomUUID();
      const apigwId = `${pooledRandomBytes(11).toString('base64').slice(0, 15)}=`;
      const now = this.options.clock.now();
      const traceId = `Root=1-${Math.floor(now.getTime() / 1000).toString(16)}-${pooledRandomBytes(12).toString('hex')}`;
      const url = door.kind === 'public' ? door.url : (req.url ?? '/');
      const origin = door.kind === 'private' ? door.origin : undefined;
      const record: RequestRecord = {
        requestId,
        time: now.toISOString(),
        door: door.kind,
        method: (req.method ?? 'GET').toUpperCase(),
        host: req.headers.host ?? '',
        url,
        sourceIp: origin?.sourceIp ?? peerAddress(req),
        policies: [],
        status: 0,
        durationMs: 0,
      };
      if (origin) Object.assign(record, { instanceId: origin.instanceId, vpcId: origin.vpcId, vpceId: origin.vpceId });
      this.run(door, req, chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks), { requestId, apigwId, traceId, now, url, record })
        .catch((error: unknown) => {
          if (error instanceof GatewayError) {
            // Why an integration failed (a refused backend, a template error ...), as AWS's execution log says it.
            if (typeof error.cause === 'string') record.integrationError = error.cause;
            return errorAnswer(error);
          }
          this.options.onUnexpectedError?.(error);
          return errorAnswer(internalServerError(500));
        })
        .then((answer) => {
          send(res, answer, requestId, apigwId, traceId);
          record.status = answer.status;
          const errorType = answer.headers.find(([name]) => name === 'x-amzn-ErrorType')?.[1];
          if (errorType !== undefined) record.errorType = errorType;
          record.durationMs = Math.round((performance.now() - started) * 1000) / 1000;
          this.requests.add(record);
          this.options.onRequest?.(record);
        });
    });
  }

  private async run(
    door: FrontDoor,
    req: IncomingMessage,
    body: Buffer,
    call: { requestId: string; apigwId: string; traceId: string; now: Date; url: string; record: RequestRecord },
  ): Promise<Answer> {
    const { record } = call;
    const { served, origin } = this.resolve(door, req, call.url, record);
    record.apiId = served.deployment.api.id;
    record.stage = served.stage.stageName;
    const { remainder, contextPath } = splitStage(call.url);
    const method = record.method;
    const route = served.deployment.router.match(method, remainder);
    if (!route) throw missingAuthenticationToken();
    record.resource = `${route.method.httpMethod} ${route.resource.path}`;

    const { scope, api } = served.deployment;
    const routedPath = `/${remainder.replace(/^\/+/, '')}`;
    const resourceArn = executeApiMethodArn(scope, api.id, served.stage.stageName, method, routedPath);
    record.resourceArn = resourceArn;
    const sourceIp = record.sourceIp;
    const policyRequest: PolicyRequest = { principal: { kind: 'anonymous' }, action: 'execute-api:Invoke', resource: resourceArn, keys: this.conditionKeys(req, origin, sourceIp, call.now) };
    if (origin) this.checkEndpointPolicy(origin, policyRequest, record);
    this.checkResourcePolicy(served, policyRequest, record, origin !== undefined);

    const integration = route.method.methodIntegration;
    const handler = integration && INTEGRATIONS[integration.type];
    if (!integration || !handler) throw internalServerError(500);
    record.integration = integration.type;
    const invocation: Invocation = {
      requestId: call.requestId,
      apigwId: call.apigwId,
      now: call.now,
      req,
      body,
      origin,
      sourceIp,
      served,
      route,
      httpMethod: method,
      routedPath,
      contextPath,
      query: call.url.split('?')[1] ?? '',
      domainName: (req.headers.host ?? '').replace(/:\d+$/, ''),
      traceId: call.traceId,
      resourceArn,
      record,
    };
    // On AWS the public front end is always HTTPS on 443, and handlers rely on it (redirects, cookies), so the
    // forwarded headers say so even though Gatehouse's main port is plain HTTP.
    if (!origin) invocation.front = { endpointType: served.deployment.api.endpointConfiguration.types[0] === 'EDGE' ? 'EDGE' : 'REGIONAL', port: '443', proto: 'https' };
    return handler(invocation, integration, { invokeLambda: this.options.invokeLambda, clock: this.options.clock });
  }

  /** The API and stage a request names, by its front door; Forbidden for anything it may not reach. */
  private resolve(door: FrontDoor, req: IncomingMessage, url: string, record: RequestRecord): { served: ServedStage; origin: ConnectionOrigin | undefined } {
    const { stageName } = splitStage(url);
    if (door.kind === 'public') {
      const served = stageName === undefined ? undefined : this.served(door.apiId, stageName, record);
      // A private API is never served on a public name; a disabled default endpoint answers 403 (docs/aws-facts.md §1.3).
      if (!served || isPrivate(served) || served.deployment.api.disableExecuteApiEndpoint) throw forbidden();
      return { served, origin: undefined };
    }
    // Without an instance identity a connection never reaches a private API.
    const origin = door.origin;
    if (!origin) throw forbidden();
    const named = namedApi(req.headers.host, header(req, 'x-apigw-api-id'));
    if (!named) throw forbidden();
    const served = stageName === undefined ? undefined : this.served(named.apiId, stageName, record);
    // An execute-api endpoint serves its own region's APIs only, whatever account they belong to.
    if (!served || !isPrivate(served) || served.deployment.scope.region !== origin.region) throw forbidden();
    if (named.aliasVpceId !== undefined && (named.aliasVpceId !== origin.vpceId || !served.deployment.vpcEndpointIds.has(origin.vpceId))) throw forbidden();
    return { served, origin };
  }

  /**
   * The stage and the deployment it serves. A deployment that cannot be read serves nothing: Forbidden, as for a
   * stage that does not exist, whichever door the request came through (fail closed); the record says why.
   */
  private served(apiId: string, stageName: string, record: RequestRecord): ServedStage | undefined {
    const found = this.options.deployments.find(apiId, stageName);
    if (!found || !('unreadable' in found)) return found;
    return this.refuseUnreadable(found, record);
  }

  private refuseUnreadable({ apiId, stage, unreadable }: UnreadableStage, record: RequestRecord): never {
    record.apiId = apiId;
    record.stage = stage.stageName;
    record.unreadableDeployment = unreadable;
    const owner = `${apiId}/${unreadable.deploymentId}`;
    this.warnOnce(`deployment/${owner}/${unreadable.reason}`, () => this.options.onUnreadable?.('deployment', owner, unreadable.reason));
    throw forbidden();
  }

  private conditionKeys(req: IncomingMessage, origin: ConnectionOrigin | undefined, sourceIp: string, now: Date): RequestKeys {
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

  /** The VPC endpoint policy is evaluated first (AWS's full-access default when none was set). */
  private checkEndpointPolicy(origin: ConnectionOrigin, request: PolicyRequest, record: RequestRecord): void {
    const policy = this.endpointPolicies.of(origin);
    // The endpoint was deleted while the connection was open.
    if (!policy) throw forbidden();
    this.checkPolicy('vpc-endpoint', origin.vpceId, policy, request, record);
  }

  /**
   * The API's resource policy. A private API deployed without one is inaccessible to everyone (implicit deny);
   * a public API without one is open (docs/aws-facts.md §2.6).
   */
  private checkResourcePolicy(served: ServedStage, request: PolicyRequest, record: RequestRecord, isPrivateDoor: boolean): void {
    const { policy, api } = served.deployment;
    if (policy) return this.checkPolicy('resource', api.id, policy, request, record);
    record.policies.push({ policy: 'resource', owner: api.id, evaluation: undefined });
    if (isPrivateDoor) throw accessDenied(request.resource, false);
  }

  /** One policy's decision, recorded; AWS's denial unless it allows. A policy that cannot be read denies (fail closed). */
  private checkPolicy(kind: PolicyDecision['policy'], owner: string, policy: StoredPolicy, request: PolicyRequest, record: RequestRecord): void {
    const decision = decidePolicy(kind, owner, policy, request);
    record.policies.push(decision);
    if (decision.unreadable !== undefined) {
      this.warnOnce(`${kind}/${owner}/${decision.unreadable}`, () => this.options.onUnreadable?.(kind, owner, decision.unreadable!));
      throw accessDenied(request.resource, false);
    }
    deny(decision.evaluation!, request);
  }

  private warnOnce(key: string, warn: () => void): void {
    if (this.warned.has(key)) return;
    if (this.warned.size >= 1000) this.warned.clear();
    this.warned.add(key);
    warn();
  }
}

const isPrivate = (served: ServedStage): boolean => served.deployment.api.endpointConfiguration.types[0] === 'PRIVATE';

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(', ') : v;
}

/** The peer's address without the IPv4-mapped prefix Node reports on dual-stack sockets. */
function peerAddress(req: IncomingMessage): string {
  return (req.socket.remoteAddress ?? '').replace(/^::ffff:/, '');
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

function deny(evaluation: Evaluation, request: PolicyRequest): void {
  if (evaluation.decision !== 'Allow') throw accessDenied(request.resource, evaluation.decision === 'ExplicitDeny');
}

function errorAnswer(error: GatewayError): Answer {
  return { status: error.status, headers: [['Content-Type', 'application/json'], ['x-amzn-ErrorType', error.errorType]], body: Buffer.from(error.body), traced: false };
}

function send(res: ServerResponse, answer: Answer, requestId: string, apigwId: string, traceId: string): void {
  const headers: Array<[string, string]> = [
    ...answer.headers,
    ['Content-Length', String(answer.body.length)],
    ['x-amzn-RequestId', requestId],
    ['x-amz-apigw-id', apigwId],
    // Private APIs answer with `Server: Server` (captured).
    ['Server', 'Server'],
  ];
  if (answer.traced) headers.push(['X-Amzn-Trace-Id', traceId]);
  res.writeHead(answer.status, headers.flat());
  res.end(answer.body);
}
