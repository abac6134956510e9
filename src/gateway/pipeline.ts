/**
 * The execute-api pipeline: receives a request through its front door (an interface VPC endpoint, or the main
 * port for public APIs), runs the ordered steps of steps/order.ts over one typed context (resolve → route →
 * VPC endpoint policy → authorization → integration), and answers what they produce; every failure is a
 * GatewayError answered with AWS's default gateway response. It reads only frozen deployments, and records
 * every request for `gatehouse explain`.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ConnectionOrigin } from '../domain/ec2.js';
import type { Clock } from '../shared/clock.js';
import { pooledRandomBytes } from '../shared/ids.js';
import type { Store } from '../store/store.js';
import { AuthorizerCache } from './authorizers/cache.js';
import type { PoolKeys } from './cognito-token.js';
import type { Deployments } from './deployments.js';
import { GatewayError, internalServerError } from './gateway-error.js';
import type { Answer, LambdaInvoker } from './invocation.js';
import type { SigV4Options } from './sigv4-caller.js';
import { DEFAULT_ACCOUNT } from '../shared/accounts.js';
import { EndpointPolicies } from './endpoint-policies.js';
import { RequestLog, type RequestRecord } from './request-log.js';
import type { StepDeps, UnreadableKind } from './steps/deps.js';
import { STEPS } from './steps/order.js';
import { ThrottleBuckets } from './steps/throttle.js';
import type { ExecuteApiRequest, FrontDoor } from './steps/request.js';

export type { LambdaInvoker } from './invocation.js';

const NO_KNOWN_KEYS = { credential: () => undefined, identityPolicies: () => [] };

export interface PipelineOptions {
  deployments: Deployments;
  store: Store;
  clock: Clock;
  invokeLambda: LambdaInvoker;
  /**
   * Who signed a request (AWS_IAM methods, VPC endpoint policies): the server's directory of known keys
   * (server/iam-callers.ts). Without one every key is its account's root, unverified.
   */
  callers?: SigV4Options;
  /** Cognito user pools' public keys by pool ARN (server/cognito-keys.ts); without them no Cognito token verifies. */
  cognitoKeys?: (poolArn: string) => PoolKeys | undefined;
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

export class ExecuteApiPipeline {
  readonly requests: RequestLog;
  /** Lambda authorizers' cached results, per stage (FlushStageAuthorizersCache empties one). */
  readonly authorizerCache = new AuthorizerCache();
  private readonly deps: StepDeps;
  /** Unreadable documents already logged (each is logged once, not per request). */
  private readonly warned = new Set<string>();

  constructor(private readonly options: PipelineOptions) {
    this.requests = options.requestLog ?? new RequestLog();
    this.deps = {
      deployments: options.deployments,
      store: options.store,
      clock: options.clock,
      invokeLambda: options.invokeLambda,
      endpointPolicies: new EndpointPolicies(options.store),
      authorizerCache: this.authorizerCache,
      throttleBuckets: new ThrottleBuckets(),
      callers: options.callers ?? { directory: NO_KNOWN_KEYS, defaultAccount: DEFAULT_ACCOUNT },
      ...(options.cognitoKeys ? { cognitoKeys: options.cognitoKeys } : {}),
      warnUnreadable: (key, kind, owner, reason) => this.warnOnce(key, () => this.options.onUnreadable?.(kind, owner, reason)),
    };
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
      const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
      const request: ExecuteApiRequest = { door, req, body, requestId, apigwId, traceId, now, url, record };
      this.run(request)
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

  /** The steps in order (steps/order.ts); synchronous ones are not awaited. */
  private async run(request: ExecuteApiRequest): Promise<Answer> {
    for (const [, step] of STEPS) {
      const pending = step(request, this.deps);
      if (pending) await pending;
    }
    if (!request.answer) throw new Error('the pipeline ended without an answer');
    return request.answer;
  }

  private warnOnce(key: string, warn: () => void): void {
    if (this.warned.has(key)) return;
    if (this.warned.size >= 1000) this.warned.clear();
    this.warned.add(key);
    warn();
  }
}



/** The peer's address without the IPv4-mapped prefix Node reports on dual-stack sockets. */
function peerAddress(req: IncomingMessage): string {
  return (req.socket.remoteAddress ?? '').replace(/^::ffff:/, '');
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
