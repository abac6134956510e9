/**
 * The composition root: opens the store, builds every service endpoint and listens on one port. Used by
 * `gatehouse up` and, in process, by the tests (`startGatehouse(options)` → `{ url, dispose }`).
 */
import { lambdaFunctionArn } from '../shared/arns.js';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProxyAgent } from 'undici';
import type { ExecuteApiPipeline, LambdaInvoker } from '../gateway/pipeline.js';
import type { Network, NetworkInfo } from '../network/network.js';
import { accountForAccessKey } from '../shared/accounts.js';
import { systemClock } from '../shared/clock.js';
import { ServiceError } from '../shared/errors.js';
import { requestId as newRequestId } from '../shared/ids.js';
import { openSqliteStore } from '../store/sqlite/sqlite-store.js';
import type { Store } from '../store/store.js';
import { credentialScope } from '../wire/sigv4.js';
import type { WireRequest, WireResponse } from '../wire/types.js';
import { createLogger, type Logger } from './logger.js';
import { resolveOptions, type GatehouseOptions, type ResolvedOptions } from './options.js';
import { loadNetworkRecords } from './network-records.js';
import { foreignOrigin } from './same-origin.js';
import { FunctionLogs } from './function-logs.js';
import { lazyPipeline, publicApiTarget, type LazyPipeline } from './execute-api.js';
import type { LocalLambdaHost } from './lambda-host.js';
import type { OperationContext } from '../services/types.js';
import type { StackEngine } from '../cloudformation/stacks/engine.js';
import type { CommitListener } from '../services/operation-runner.js';
import { ServiceEndpoint } from './service-endpoint.js';
import { CONSOLE_PATH, isConsoleRequest, serveConsole } from './console-route.js';
import { VERSION } from './version.js';

export interface Gatehouse {
  /** `http://host:port` of the AWS endpoint. */
  readonly url: string;
  /** The web console: `{url}/_gatehouse/console/`. */
  readonly consoleUrl: string;
  readonly port: number;
  readonly options: ResolvedOptions;
  /** The instances' network: the egress proxy, the local CA's file, the endpoint listeners (GET /_gatehouse/network). */
  network(): Promise<NetworkInfo>;
  /** The local CA certificate (PEM) that endpoint listeners' certificates chain to. */
  caPem(): Promise<string>;
  /** A fetch dispatcher (undici ProxyAgent) that sends requests from an instance: `fetch(url, { dispatcher })`. */
  instanceDispatcher(instanceId: string): Promise<ProxyAgent>;
  dispose(): Promise<void>;
}

const MAX_BODY_BYTES = 100 * 1024 * 1024;

export async function startGatehouse(options: GatehouseOptions = {}): Promise<Gatehouse> {
  const resolved = resolveOptions(options);
  const logger = createLogger(resolved.logLevel);
  const store = openStore(resolved);
  const functionLogs = new FunctionLogs();
  // Set right below: the invoker needs the app, the app's pipeline needs the invoker.
  let invokeLambda: LambdaInvoker = () => Promise.reject(new Error('not ready'));
  const app: App = {
    resolved,
    logger,
    store,
    functionLogs,
    services: lazyServices(resolved, store, () => url, functionLogs, (service, operation, ctx) => onCommit(app, service, operation, ctx)),
    pipeline: lazyPipeline(store, logger, (functionArn, payload, caller) => invokeLambda(functionArn, payload, caller)),
    network: lazyNetwork(resolved, logger, store, () => aws, () => app.pipeline()),
  };
  invokeLambda = lambdaInvokerAsApiGateway(app);
  const requestListener = awsRequestListener(app);
  const server = createServer(requestListener);
  const aws = { requestListener, server };
  server.keepAliveTimeout = 65_000;
  const port = await listen(server, resolved.port, resolved.host);
  // Load the services and start the network layer while the caller prints its ready line, so the first
  // request rarely waits for them.
  setImmediate(() => {
    void app.services().catch(() => undefined);
    app.network.warm();
  });
  const hostForUrl = resolved.host.includes(':') ? `[${resolved.host}]` : resolved.host;
  const url = `http://${hostForUrl}:${port}`;
  let disposed: Promise<void> | undefined;
  return {
    url,
    consoleUrl: url + CONSOLE_PATH,
    port,
    options: resolved,
    network: async () => (await app.network.get()).info(),
    caPem: async () => (await app.network.get()).caPem(),
    instanceDispatcher: async (instanceId) => (await app.network.get()).instanceDispatcher(instanceId),
    dispose: () => {
      disposed ??= app.network
        .dispose()
        .then(
          () =>
            new Promise<void>((resolve) => {
              server.close(() => resolve());
              server.closeAllConnections();
            }),
        )
        .then(() => app.services.dispose())
        .then(() => store.close());
      return disposed;
    },
  };
}

interface LazyNetwork {
  get(): Promise<Network>;
  /** Starts it in the background (unless the server is already disposed). */
  warm(): void;
  /** The store changed: the network layer re-reads it (nothing to do before it has started: it reads it then). */
  changed(): void;
  dispose(): Promise<void>;
}

/**
 * The network layer (proxy, listeners, local CA) starts after the ready line: its modules alone cost ~25 ms to
 * import, and nothing needs them before an instance connects or `gatehouse exec` asks for the proxy. In memory,
 * its CA lives in a temp dir of its own, removed on dispose.
 */
function lazyNetwork(
  resolved: ResolvedOptions,
  logger: Logger,
  store: Store,
  aws: () => { requestListener: RequestListener; server: Server },
  pipeline: () => Promise<ExecuteApiPipeline>,
): LazyNetwork {
  let started: Network | undefined;
  let starting: Promise<Network> | undefined;
  let tempDir: string | undefined;
  let disposed = false;
  const start = async (): Promise<Network> => {
    // The execute-api pipeline answers every request that reaches an endpoint listener.
    const [{ Network }, executeApi] = await Promise.all([import('../network/network.js'), pipeline()]);
    if (resolved.inMemory) tempDir = mkdtempSync(join(tmpdir(), 'gatehouse-tls-'));
    started = await Network.start({
      tlsDir: tempDir ?? join(resolved.dataDir, 'tls'),
      regions: [resolved.region],
      dropWaitMs: resolved.dropWaitMs,
      eagerTls: !resolved.inMemory,
      logger,
      loadRecords: () => loadNetworkRecords(store),
      executeApi: executeApi.handle,
      aws: aws(),
    });
    return started;
  };
  const get = (): Promise<Network> => (disposed ? Promise.reject(new Error('this Gatehouse has been disposed')) : (starting ??= start()));
  return {
    get,
    warm: () => {
      if (!disposed) get().catch((error: unknown) => logger.error({ err: error }, 'the network layer did not start'));
    },
    changed: () => started?.changed(),
    dispose: async () => {
      disposed = true;
      await starting?.then((network) => network.dispose()).catch(() => undefined);
      if (tempDir) rmSync(tempDir, { recursive: true, force: true });
    },
  };
}

/**
 * API Gateway's call to a Lambda integration: the function's own account and region (from its ARN), as the
 * `apigateway.amazonaws.com` service principal, allowed only by the function's resource policy.
 */
function lambdaInvokerAsApiGateway(app: App): LambdaInvoker {
  // Hot path: the services and the invoke module are loaded once, not awaited again per request.
  let ready: { lambdaHost: LocalLambdaHost; invokeAs: typeof import('../services/lambda/invoke.js').invokeAs } | undefined;
  const principal = { kind: 'service', service: 'apigateway.amazonaws.com' } as const;
  return async (functionArn, payload, caller) => {
    if (!ready) {
      const [services, { invokeAs }] = await Promise.all([app.services(), import('../services/lambda/invoke.js')]);
      ready = { lambdaHost: services.lambdaHost, invokeAs };
    }
    const loaded = ready;
    const [, , , region = '', account = '', , name = ''] = functionArn.split(':');
    const ctx: OperationContext = { scope: { account, region }, accessKeyId: undefined, requestId: newRequestId(), store: app.store, clock: systemClock, lambdaHost: loaded.lambdaHost };
    return loaded.invokeAs(ctx, name, payload, { principal, sourceArn: caller.sourceArn });
  };
}

/** Gatehouse's AWS endpoint: one request handler, served over HTTP on the main port and over TLS to instances. */
function awsRequestListener(app: App): RequestListener {
  return (req, res) => {
    if (req.url?.startsWith('/_gatehouse/lambda/logs')) return streamFunctionLogs(app, req, res);
    if (isConsoleRequest(req.url)) {
      serveConsole(req, res, { listenHost: app.resolved.host }).catch((error: unknown) => {
        app.logger.error({ err: error, url: req.url }, 'console request failed');
        if (!res.headersSent) send(res, internalError());
        else res.destroy();
      });
      return;
    }
    const publicApi = publicApiTarget(req);
    if (publicApi) {
      app
        .pipeline()
        .then((pipeline) => pipeline.handlePublic(req, res, publicApi.apiId, publicApi.url))
        .catch((error: unknown) => {
          app.logger.error({ err: error }, 'execute-api request failed');
          send(res, internalError());
        });
      return;
    }
    readBody(req)
      .then((body) => route(app, req, body))
      .then((response) => send(res, response))
      .catch((error: unknown) => {
        if (error instanceof ServiceError) {
          if (!res.headersSent) send(res, jsonError(error, newRequestId()));
          return;
        }
        app.logger.error({ err: error, method: req.method, url: req.url }, 'request failed');
        if (!res.headersSent) send(res, internalError());
        else res.destroy();
      });
  };
}

/** EC2 changes that can move the network (anything but reads) bring the network layer in step with the store. */
function onCommit(app: App, service: string, operation: string, ctx: OperationContext): void {
  if (/^(Describe|Get|List)/.test(operation)) return;
  if (service === 'ec2') app.network.changed();
  if (service === 'lambda') ctx.lambdaHost?.changed();
}

interface Services {
  endpoints: ServiceEndpoint[];
  bySigningName: Map<string, ServiceEndpoint>;
  lambdaHost: LocalLambdaHost;
  stacks: StackEngine;
}

interface App {
  resolved: ResolvedOptions;
  logger: Logger;
  store: Store;
  functionLogs: FunctionLogs;
  services: LazyServices;
  pipeline: LazyPipeline;
  network: LazyNetwork;
}

interface LazyServices {
  (): Promise<Services>;
  /** Stops every Lambda execution environment (and removes in-memory code). */
  dispose(): Promise<void>;
}

/**
 * The service registry pulls in every handler and its dependencies (zod alone costs ~70 ms to import), so it
 * is loaded after the server listens, once.
 */
function lazyServices(resolved: ResolvedOptions, store: Store, url: () => string, logs: FunctionLogs, onCommit: CommitListener): LazyServices {
  let loading: Promise<Services> | undefined;
  let codeDir: string | undefined;
  const load = (): Promise<Services> =>
    (loading ??= Promise.all([
      import('../services/registry.js'),
      import('./lambda-host.js'),
      import('./logger.js'),
      import('./stacks.js'),
    ]).then(([{ SERVICES }, { LocalLambdaHost }, { createLogger }, { createStackEngine }]) => {
      const endpoints = SERVICES.map((d) => new ServiceEndpoint(d, onCommit));
      const logger = createLogger(resolved.logLevel);
      // Deployment packages live in the data dir; in memory, in a temp dir of their own, removed on dispose.
      codeDir = resolved.inMemory ? mkdtempSync(join(tmpdir(), 'gatehouse-lambda-')) : join(resolved.dataDir, 'lambda');
      const lambdaHost = new LocalLambdaHost({ root: codeDir, endpointUrl: url, logger, logs });
      const stacks = createStackEngine({ store, services: SERVICES, lambdaHost, onCommit, logger });
      return { endpoints, bySigningName: new Map(endpoints.map((e) => [e.definition.signingName, e])), lambdaHost, stacks };
    }));
  return Object.assign(load, {
    dispose: async () => {
      const services = await loading?.catch(() => undefined);
      services?.lambdaHost.dispose();
      if (resolved.inMemory && codeDir) rmSync(codeDir, { recursive: true, force: true });
    },
  });
}

function openStore(options: ResolvedOptions): Store {
  if (options.inMemory) return openSqliteStore(':memory:');
  mkdirSync(options.dataDir, { recursive: true });
  return openSqliteStore(join(options.dataDir, 'gatehouse.sqlite'));
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new ServiceError('RequestEntityTooLargeException', 'Request must be smaller than 104857600 bytes', 413));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function toWireRequest(req: IncomingMessage, body: Buffer): WireRequest {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
  return { method: req.method ?? 'GET', path: q < 0 ? url : url.slice(0, q), query: q < 0 ? '' : url.slice(q + 1), headers, body };
}

async function route(app: App, req: IncomingMessage, body: Buffer): Promise<WireResponse> {
  const request = toWireRequest(req, body);
  const services = await app.services();
  if (request.path.startsWith('/_gatehouse/')) return await internalRoute(app, services, request);
  const scope = credentialScope(request.headers, request.query);
  const requestId = newRequestId();
  const endpoint = scope ? services.bySigningName.get(scope.service) : services.endpoints.find((e) => e.matches(request));
  if (!endpoint) {
    const message = scope ? `Gatehouse does not emulate the AWS service '${scope.service}'.` : 'Gatehouse could not tell which AWS service this request is for: sign it with SigV4.';
    return jsonError(new ServiceError('NotImplementedException', message, 501), requestId);
  }
  const ctx = {
    scope: { account: accountForAccessKey(scope?.accessKeyId, app.resolved.defaultAccount), region: scope?.region ?? app.resolved.region },
    accessKeyId: scope?.accessKeyId,
    requestId,
    store: app.store,
    clock: systemClock,
    lambdaHost: services.lambdaHost,
    stacks: services.stacks,
  };
  const response = await endpoint.handle(request, ctx);
  app.logger.debug({ service: endpoint.definition.signingName, method: request.method, path: request.path, status: response.status }, 'aws request');
  return response;
}

async function internalRoute(app: App, loaded: Services, request: WireRequest): Promise<WireResponse> {
  const refused = foreignOrigin(request.headers, app.resolved.host);
  if (refused) return json(403, { message: `Gatehouse answers its own routes only for its own origin (${refused}).` });
  if (request.path === '/_gatehouse/health' && request.method === 'GET') {
    const services = Object.fromEntries(loaded.endpoints.map((e) => [e.definition.signingName, Object.keys(e.definition.operations).length > 0 ? 'available' : 'model-only']));
    return json(200, { status: 'running', version: VERSION, services });
  }
  if (request.path === '/_gatehouse/reset' && request.method === 'POST') {
    app.store.reset();
    loaded.lambdaHost.dispose();
    loaded.lambdaHost.changed();
    app.functionLogs.clear();
    app.pipeline.loaded()?.requests.clear();
    app.network.changed();
    return json(200, { reset: true });
  }
  if (request.path === '/_gatehouse/network' && request.method === 'GET') {
    return networkRoute(await app.network.get(), new URLSearchParams(request.query).get('instanceId'));
  }
  if (request.path.startsWith('/_gatehouse/requests') && request.method === 'GET') return requestsRoute(app, request);
  if (request.path === '/_gatehouse/send' && request.method === 'POST') return sendRoute(app, request);
  if (request.path === '/_gatehouse/reachability' && request.method === 'GET') {
    const [{ reachabilityMap }, network] = await Promise.all([import('./reachability.js'), app.network.get()]);
    return json(200, reachabilityMap(app.store, network.snapshot(), systemClock.now()));
  }
  const code = /^\/_gatehouse\/lambda\/code\/([0-9a-f]{64})\.zip$/.exec(request.path);
  if (code && request.method === 'GET') return lambdaCode(loaded.lambdaHost.zipPath(code[1]!));
  return json(404, { message: `No Gatehouse route ${request.method} ${request.path}` });
}

/**
 * `gatehouse logs`: GET /_gatehouse/lambda/logs?function=NAME[&region=][&account=][&follow=1] answers the
 * function's recent invocation logs as text, then (follow) each new invocation's log as it happens.
 */
function streamFunctionLogs(app: App, req: IncomingMessage, res: ServerResponse): void {
  const refused = foreignOrigin(req.headers, app.resolved.host);
  if (refused) {
    send(res, json(403, { message: `Gatehouse answers its own routes only for its own origin (${refused}).` }));
    return;
  }
  const query = new URL(req.url ?? '/', 'http://gatehouse').searchParams;
  const name = query.get('function');
  if (!name) {
    send(res, json(400, { message: 'Name the function: ?function=NAME' }));
    return;
  }
  const scope = { account: query.get('account') ?? app.resolved.defaultAccount, region: query.get('region') ?? app.resolved.region };
  const key = FunctionLogs.key(scope.account, scope.region, name);
  // A deleted function's logs stay readable (as its log group does); a name never seen is an error.
  if (app.functionLogs.recent(key) === '' && !app.store.table('lambda_functions').has(scope, '', name)) {
    send(res, json(404, { message: `Function not found: ${lambdaFunctionArn(scope, name)}` }));
    return;
  }
  res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.write(app.functionLogs.recent(key));
  if (query.get('follow') !== '1') {
    res.end();
    return;
  }
  const stop = app.functionLogs.follow(key, (log) => res.write(log));
  req.on('close', stop);
}

/**
 * Recent execute-api requests (`gatehouse explain`): GET /_gatehouse/requests[?limit=N][&denied=1][&api=ID]
 * lists them, newest last; GET /_gatehouse/requests/{id} gives one with each policy decision explained.
 */
async function requestsRoute(app: App, request: WireRequest): Promise<WireResponse> {
  const [pipeline, { explainedRecord }] = await Promise.all([app.pipeline(), import('../gateway/request-log.js')]);
  const id = /^\/_gatehouse\/requests\/([^/]+)$/.exec(request.path)?.[1];
  if (id === undefined) {
    const query = new URLSearchParams(request.query);
    const limit = Number(query.get('limit') ?? '100');
    // ?denied=1: only the requests API Gateway refused (403: a policy, or a name it does not serve); ?api=ID.
    const denied = query.get('denied') === '1';
    const api = query.get('api');
    const which = denied || api !== null ? (r: { status: number; apiId?: string }) => (!denied || r.status === 403) && (api === null || r.apiId === api) : undefined;
    // The list leaves out each request's Lambda event and log: the Requests view polls it every second.
    const recent = pipeline.requests.recent(Number.isInteger(limit) && limit > 0 ? limit : 100, which);
    return json(200, { requests: recent.map(({ lambda: _, ...record }) => explainedRecord(record)) });
  }
  const record = pipeline.requests.get(decodeURIComponent(id));
  if (!record) return json(404, { message: `Gatehouse has no record of request ${decodeURIComponent(id)} (it keeps the last 1000 execute-api requests).` });
  return json(200, explainedRecord(record));
}

/**
 * The console's Test: POST /_gatehouse/send {instanceId, method, url, headers, body} sends the request from
 * that instance and answers what came back, with API Gateway's record of it. Only the console's own origin
 * may ask, as a page elsewhere must not make instances send requests.
 */
async function sendRoute(app: App, request: WireRequest): Promise<WireResponse> {
  const [{ SendRequest, sendFromInstance }, { explainedRecord }, network] = await Promise.all([import('./send-from-instance.js'), import('../gateway/request-log.js'), app.network.get()]);
  let body: unknown;
  try {
    body = JSON.parse(request.body.toString('utf8'));
  } catch {
    return json(400, { message: 'The request body must be JSON: {"instanceId", "method", "url", "headers", "body"}' });
  }
  const parsed = SendRequest.safeParse(body);
  if (!parsed.success) return json(400, { message: parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ') });
  const result = await sendFromInstance({ network, record: (id) => app.pipeline.loaded()?.requests.get(id), explain: explainedRecord }, parsed.data);
  return 'error' in result ? json(400, { message: result.error }) : json(200, result);
}

/** GetFunction's Code.Location: the deployment package, as S3 would serve it. */
function lambdaCode(path: string): WireResponse {
  if (!existsSync(path)) return json(404, { message: 'No such deployment package' });
  return { status: 200, headers: { 'Content-Type': 'application/zip' }, body: readFileSync(path) };
}

/** How `gatehouse exec` gets onto an instance: the proxy, the CA, the listeners, and the instance if one is named. */
async function networkRoute(network: Network, instanceId: string | null): Promise<WireResponse> {
  const info = await network.info();
  if (instanceId === null) return json(200, info);
  const instance = network.instance(instanceId);
  if (!instance) return json(404, { message: `There is no instance ${instanceId} (RunInstances creates one; DescribeInstances lists them).` });
  return json(200, { ...info, instance });
}

function json(status: number, value: unknown): WireResponse {
  return { status, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(value) };
}

function jsonError(error: ServiceError, requestId: string): WireResponse {
  return { status: error.status, headers: { 'Content-Type': 'application/json', 'x-amzn-ErrorType': error.code, 'x-amzn-RequestId': requestId }, body: JSON.stringify({ message: error.message }) };
}

function internalError(): WireResponse {
  return jsonError(new ServiceError('InternalFailure', 'The request processing has failed because of an unknown error, exception or failure.', 500), newRequestId());
}

function send(res: ServerResponse, response: WireResponse): void {
  const body = typeof response.body === 'string' ? Buffer.from(response.body) : response.body;
  res.writeHead(response.status, { ...response.headers, 'Content-Length': String(body.length) });
  res.end(body);
}
