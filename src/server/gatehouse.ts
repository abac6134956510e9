/**
 * The composition root: opens the store, builds every service endpoint and listens on one port. Used by
 * `gatehouse up` and, in process, by the tests (`startGatehouse(options)` → `{ url, dispose }`).
 */
import { mkdirSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
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
import { ServiceEndpoint } from './service-endpoint.js';
import { VERSION } from './version.js';

export interface Gatehouse {
  /** `http://host:port` of the AWS endpoint. */
  readonly url: string;
  readonly port: number;
  readonly options: ResolvedOptions;
  dispose(): Promise<void>;
}

const MAX_BODY_BYTES = 100 * 1024 * 1024;

export async function startGatehouse(options: GatehouseOptions = {}): Promise<Gatehouse> {
  const resolved = resolveOptions(options);
  const logger = createLogger(resolved.logLevel);
  const store = openStore(resolved);
  const app: App = { resolved, logger, store, services: lazyServices() };
  const server = createServer((req, res) => {
    readBody(req)
      .then((body) => route(app, req, body))
      .then((response) => send(res, response))
      .catch((error: unknown) => {
        if (error instanceof ServiceError) {
          if (!res.headersSent) send(res, jsonError(error, newRequestId()));
          return;
        }
        logger.error({ err: error, method: req.method, url: req.url }, 'request failed');
        if (!res.headersSent) send(res, internalError());
        else res.destroy();
      });
  });
  server.keepAliveTimeout = 65_000;
  const port = await listen(server, resolved.port, resolved.host);
  // Load the services while the caller prints its ready line, so the first request rarely waits for them.
  setImmediate(() => void app.services().catch(() => undefined));
  const hostForUrl = resolved.host.includes(':') ? `[${resolved.host}]` : resolved.host;
  let disposed: Promise<void> | undefined;
  return {
    url: `http://${hostForUrl}:${port}`,
    port,
    options: resolved,
    dispose: () => {
      disposed ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }).then(() => store.close());
      return disposed;
    },
  };
}

interface Services {
  endpoints: ServiceEndpoint[];
  bySigningName: Map<string, ServiceEndpoint>;
}

interface App {
  resolved: ResolvedOptions;
  logger: Logger;
  store: Store;
  services: () => Promise<Services>;
}

/**
 * The service registry pulls in every handler and its dependencies (zod alone costs ~70 ms to import), so it
 * is loaded after the server listens, once.
 */
function lazyServices(): () => Promise<Services> {
  let loading: Promise<Services> | undefined;
  return () =>
    (loading ??= import('../services/registry.js').then(({ SERVICES }) => {
      const endpoints = SERVICES.map((d) => new ServiceEndpoint(d));
      return { endpoints, bySigningName: new Map(endpoints.map((e) => [e.definition.signingName, e])) };
    }));
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
  if (request.path.startsWith('/_gatehouse/')) return internalRoute(app, services, request);
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
  };
  const response = await endpoint.handle(request, ctx);
  app.logger.debug({ service: endpoint.definition.signingName, method: request.method, path: request.path, status: response.status }, 'aws request');
  return response;
}

function internalRoute(app: App, loaded: Services, request: WireRequest): WireResponse {
  if (request.path === '/_gatehouse/health' && request.method === 'GET') {
    const services = Object.fromEntries(loaded.endpoints.map((e) => [e.definition.signingName, Object.keys(e.definition.operations).length > 0 ? 'available' : 'model-only']));
    return json(200, { status: 'running', version: VERSION, services });
  }
  if (request.path === '/_gatehouse/reset' && request.method === 'POST') {
    app.store.reset();
    return json(200, { reset: true });
  }
  return json(404, { message: `No Gatehouse route ${request.method} ${request.path}` });
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
