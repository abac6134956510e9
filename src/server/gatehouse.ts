/**
 * The composition root: opens the store, wires the layers (services, execute-api pipeline, network, Lambda
 * host) and listens on one port, whose requests front-door.ts routes. Used by `gatehouse up` and, in process,
 * by the tests (`startGatehouse(options)` → `{ url, dispose }`).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProxyAgent } from 'undici';
import type { ExecuteApiPipeline, LambdaInvoker } from '../gateway/pipeline.js';
import type { Network, NetworkInfo } from '../network/network.js';
import type { CommitListener } from '../services/operation-runner.js';
import type { OperationContext } from '../services/types.js';
import { issuedSecret } from '../services/iam/credentials.js';
import { systemClock } from '../shared/clock.js';
import { addSecretLookup } from '../shared/known-secrets.js';
import { requestId as newRequestId } from '../shared/ids.js';
import { openSqliteStore } from '../store/sqlite/sqlite-store.js';
import type { Store } from '../store/store.js';
import type { App, LazyNetwork, LazyServices, Services } from './app.js';
import { CONSOLE_PATH } from './console-route.js';
import { lazyPipeline } from './execute-api.js';
import { authorizerRuntime } from './authorizer-runtime.js';
import { frontDoor } from './front-door.js';
import { FunctionLogs } from './function-logs.js';
import type { LocalLambdaHost } from './lambda-host.js';
import { createLogger, type Logger } from './logger.js';
import { loadNetworkRecords } from './network-records.js';
import { resolveOptions, type GatehouseOptions, type ResolvedOptions } from './options.js';
import { ServiceEndpoint } from './service-endpoint.js';

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

export async function startGatehouse(options: GatehouseOptions = {}): Promise<Gatehouse> {
  const resolved = resolveOptions(options);
  const logger = createLogger(resolved.logLevel);
  const store = openStore(resolved);
  const functionLogs = new FunctionLogs();
  // Set right below: the invoker needs the app, the app's pipeline needs the invoker.
  let invokeLambda: LambdaInvoker = () => Promise.reject(new Error('not ready'));
  const pipeline = lazyPipeline(store, logger, (functionArn, payload, caller) => invokeLambda(functionArn, payload, caller), {
    defaultAccount: resolved.defaultAccount,
    strictAuth: resolved.strictAuth,
  });
  const app: App = {
    resolved,
    logger,
    store,
    functionLogs,
    services: lazyServices(resolved, store, () => url, functionLogs, (service, operation, ctx) => onCommit(app, service, operation, ctx)),
    pipeline,
    network: lazyNetwork(resolved, logger, store, () => aws, () => app.pipeline()),
    authorizers: authorizerRuntime(pipeline, (functionArn, payload, caller) => invokeLambda(functionArn, payload, caller), store),
  };
  invokeLambda = lambdaInvokerAsApiGateway(app);
  // Presigned S3 URLs made with keys this server issued are verified with their secrets.
  const removeSecretLookup = addSecretLookup((accessKeyId) => issuedSecret(store, accessKeyId, systemClock.now()));
  const requestListener = frontDoor(app);
  const server = createServer(requestListener);
  const aws = { requestListener, server };
  server.keepAliveTimeout = 65_000;
  const port = await listen(server, resolved.port, resolved.host);
  // Load the services and start the network layer while the caller prints its ready line, so the first
  // request rarely waits for them.
  // The services first: the first AWS answer waits for them, while the network layer is needed only once an
  // instance connects (loading both at once put ~100 ms of the network's imports before the first answer).
  setImmediate(() => {
    void app
      .services()
      .catch(() => undefined)
      .finally(() => app.network.warm());
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
        .then(() => {
          removeSecretLookup();
          store.close();
        });
      return disposed;
    },
  };
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
    const [{ Network }, executeApi, { instanceRoles }] = await Promise.all([import('../network/network.js'), pipeline(), import('./instance-role.js')]);
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
      imdsRole: instanceRoles(store, systemClock),
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
    if (caller.role !== undefined) {
      // An authorizer with credentials: API Gateway calls as that role, which its own policies must allow.
      const { roleMayInvoke } = await import('./role-invoke-check.js');
      const may = roleMayInvoke(app.store, caller.role, functionArn);
      if (!may.ok) throw Object.assign(new Error(may.reason), { name: 'AccessDeniedException' });
      return loaded.invokeAs(ctx, name, payload, { principal: { kind: 'aws', arn: caller.role, account }, sourceArn: caller.sourceArn, identityAllowed: true });
    }
    return loaded.invokeAs(ctx, name, payload, { principal, sourceArn: caller.sourceArn });
  };
}

/** EC2 changes that can move the network (anything but reads) bring the network layer in step with the store. */
function onCommit(app: App, service: string, operation: string, ctx: OperationContext): void {
  if (/^(Describe|Get|List)/.test(operation)) return;
  if (service === 'ec2') app.network.changed();
  if (service === 'lambda') ctx.lambdaHost?.changed();
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
      import('./object-storage.js'),
    ]).then(([{ SERVICES }, { LocalLambdaHost }, { createLogger }, { createStackEngine }, { openObjectStorage }]) => {
      const endpoints = SERVICES.map((d) => new ServiceEndpoint(d, onCommit));
      const logger = createLogger(resolved.logLevel);
      // Deployment packages live in the data dir; in memory, in a temp dir of their own, removed on dispose.
      codeDir = resolved.inMemory ? mkdtempSync(join(tmpdir(), 'gatehouse-lambda-')) : join(resolved.dataDir, 'lambda');
      const lambdaHost = new LocalLambdaHost({ root: codeDir, endpointUrl: url, logger, logs, runtimesDir: resolved.runtimesDir });
      const objects = openObjectStorage(resolved, store);
      const stacks = createStackEngine({ store, services: SERVICES, lambdaHost, objects, onCommit, logger });
      return { endpoints, bySigningName: new Map(endpoints.map((e) => [e.definition.signingName, e])), lambdaHost, objects, stacks };
    }));
  return Object.assign(load, {
    dispose: async () => {
      const services = await loading?.catch(() => undefined);
      services?.lambdaHost.dispose();
      services?.objects.dispose();
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
