/**
 * How an instance's traffic leaves it: one HTTP proxy on loopback (CONNECT tunnels and plain absolute-URI
 * forwarding). The proxy credentials name the instance; each connection is routed as that instance's VPC
 * would route it (connection-route.ts) and carried out here: handed in process to an endpoint listener with
 * its origin attached, to Gatehouse's own AWS endpoint, or to loopback. Refusals answer at once with the
 * reason; security-group drops answer nothing for `dropWaitMs`, then close. No connection ever leaves loopback:
 * requests and tunnels to the instance metadata service (169.254.169.254, fd00:ec2::254) are answered in process.
 */
import { createServer, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import { connect as netConnect, type AddressInfo, type Socket } from 'node:net';
import type { ConnectionOrigin, Instance } from '../domain/ec2.js';
import type { Scoped } from '../shared/accounts.js';
import { routeConnection, type ConnectionRoute } from './connection-route.js';
import type { NetworkLogger } from './logger.js';
import type { NetworkView } from './network-view.js';
import { IMDS_ADDRESSES } from './imds-servers.js';
import { instanceIdFromProxyAuthorization } from './proxy-credentials.js';

/** What the proxy hands connections to; the Network wires these to the listeners and the AWS endpoint. */
export interface ProxyTargets {
  view(): NetworkView;
  /** Serves a tunnelled socket on the endpoint's listener, attributed to `origin`. */
  toEndpoint(socket: Socket, origin: ConnectionOrigin): Promise<void>;
  /** Serves a tunnelled socket on Gatehouse's AWS endpoint, over TLS (443) or plain HTTP (80). */
  toAwsEndpoint(socket: Socket, tls: boolean, region: string | undefined): Promise<void>;
  /** Gatehouse's AWS request handler, for plain `http://{service}.amazonaws.com/...` requests. */
  awsRequest: RequestListener;
  /** The instance's metadata service, answering in process what is sent to 169.254.169.254 (never connected to). */
  imds: { serve(instanceId: string, req: IncomingMessage, res: ServerResponse): void; serveSocket(instanceId: string, socket: Socket): void };
}

export interface EgressProxyOptions {
  targets: ProxyTargets;
  dropWaitMs: number;
  logger: NetworkLogger;
  /** How the proxy opens connections to loopback (tests watch it: it is never called for anything else). */
  connect?: typeof netConnect;
  request?: typeof httpRequest;
}

export const PROXY_HOST = '127.0.0.1';

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-authorization', 'proxy-connection', 'proxy-authenticate', 'te', 'trailer', 'transfer-encoding', 'upgrade']);

type Refusal = { status: number; message: string; headers?: Record<string, string> };

export class EgressProxy {
  private readonly server: Server;
  private readonly tunnels = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly options: EgressProxyOptions) {
    this.server = createServer((req, res) => this.forward(req, res));
    this.server.on('connect', (req: IncomingMessage, socket: Socket, head: Buffer) => this.tunnel(req, socket, head));
    this.server.keepAliveTimeout = 65_000;
  }

  listen(): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, PROXY_HOST, () => {
        this.server.off('error', reject);
        resolve((this.server.address() as AddressInfo).port);
      });
    });
  }

  close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    for (const socket of this.tunnels) socket.destroy();
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  /** Who is asking: the instance the proxy credentials name, or why the proxy will not serve them. */
  private authenticate(req: IncomingMessage): Scoped<Instance> | Refusal {
    const instanceId = instanceIdFromProxyAuthorization(req.headers['proxy-authorization']);
    const challenge = { 'Proxy-Authenticate': 'Basic realm="Gatehouse instances"' };
    if (instanceId === undefined) {
      return { status: 407, headers: challenge, message: `Gatehouse egress proxy: name the instance in the proxy credentials, as in http://i-0123456789abcdef0@${PROXY_HOST}:${this.port()} (gatehouse exec and gatehouse env do this)` };
    }
    const instance = this.options.targets.view().instance(instanceId);
    if (!instance) return { status: 407, headers: challenge, message: `Gatehouse egress proxy: there is no instance ${instanceId} (RunInstances creates one; DescribeInstances lists them)` };
    if (instance.doc.State.Name !== 'running') return { status: 407, headers: challenge, message: `Gatehouse egress proxy: instance ${instanceId} is ${instance.doc.State.Name}, not running` };
    return instance;
  }

  private tunnel(req: IncomingMessage, socket: Socket, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    const target = parseAuthority(req.url ?? '');
    if (!target) return refuseTunnel(socket, { status: 400, message: `Gatehouse egress proxy: CONNECT needs host:port, not ${req.url}` });
    const from = this.authenticate(req);
    if ('status' in from) return refuseTunnel(socket, from);
    if (IMDS_ADDRESSES.has(target.host)) {
      // The metadata service is answered here, in process: nothing connects to the link-local address.
      if (target.port !== 80) return refuseTunnel(socket, { status: 502, message: `Gatehouse egress proxy: connection refused: the instance metadata service at ${target.host} listens on port 80 only` });
      this.track(socket);
      established(socket, head);
      return this.options.targets.imds.serveSocket(from.doc.InstanceId, socket);
    }
    const route = routeConnection(this.options.targets.view(), from, target.host, target.port);
    const where = { instanceId: from.doc.InstanceId, host: target.host, port: target.port };
    this.carryOut(route, where, socket, head).catch((error: unknown) => {
      this.options.logger.error({ ...where, err: error }, 'egress proxy failed to connect');
      socket.destroy();
    });
  }

  private async carryOut(route: ConnectionRoute, where: object, socket: Socket, head: Buffer): Promise<void> {
    const { targets, logger } = this.options;
    switch (route.action) {
      case 'refuse':
        logger.info({ ...where, reason: route.reason }, 'egress proxy refused a connection');
        return refuseTunnel(socket, { status: 502, message: `Gatehouse egress proxy: ${route.reason}` });
      case 'drop':
        return this.drop(socket, where, route.reason);
      case 'loopback':
        return this.tunnelToLoopback(socket, head, route.address, route.port);
      case 'endpoint':
        logger.debug({ ...where, origin: route.origin }, 'egress proxy: tunnel to endpoint');
        this.track(socket);
        established(socket, head);
        return targets.toEndpoint(socket, route.origin);
      case 'aws-service':
        this.track(socket);
        established(socket, head);
        return targets.toAwsEndpoint(socket, route.tls, route.region);
    }
  }

  /**
   * A tunnel handed to a listener still counts as one of the proxy's connections, so close() must end it too:
   * otherwise closing waits for the listener's keep-alive timeout (a minute) before it returns.
   */
  private track(socket: Socket): void {
    this.tunnels.add(socket);
    socket.once('close', () => this.tunnels.delete(socket));
  }

  /** A security group drops the packets: no answer, then the connection closes after the configured wait. */
  private drop(socket: Socket, where: object, reason: string): void {
    this.options.logger.warn({ ...where, reason, waitMs: this.options.dropWaitMs }, 'security group dropped a connection');
    this.tunnels.add(socket);
    const timer = setTimeout(() => socket.destroy(), this.options.dropWaitMs);
    this.timers.add(timer);
    socket.once('close', () => {
      clearTimeout(timer);
      this.timers.delete(timer);
      this.tunnels.delete(socket);
    });
  }

  private tunnelToLoopback(socket: Socket, head: Buffer, address: string, port: number): void {
    const upstream = (this.options.connect ?? netConnect)({ host: address, port });
    this.tunnels.add(socket);
    socket.once('close', () => this.tunnels.delete(socket));
    upstream.once('connect', () => {
      established(socket, head);
      upstream.on('error', () => socket.destroy());
      socket.on('close', () => upstream.destroy());
      upstream.on('close', () => socket.destroy());
      socket.pipe(upstream).pipe(socket);
    });
    upstream.once('error', (error: NodeJS.ErrnoException) => {
      if (upstream.connecting || !socket.writable) return socket.destroy();
      refuseTunnel(socket, { status: 502, message: `Gatehouse egress proxy: ${address}:${port}: ${error.code ?? error.message}` });
    });
  }

  /** A plain request with an absolute URI (HTTP_PROXY for http:// URLs). */
  private forward(req: IncomingMessage, res: ServerResponse): void {
    const target = parseAbsoluteUrl(req.url ?? '');
    if (!target) {
      return refuseRequest(req, res, { status: 400, message: `This is Gatehouse's egress proxy for instances: send it proxied requests (absolute http:// URIs or CONNECT), with the instance as the proxy user.` });
    }
    const from = this.authenticate(req);
    if ('status' in from) return refuseRequest(req, res, from);
    if (IMDS_ADDRESSES.has(target.host)) {
      if (target.port !== 80) return refuseRequest(req, res, { status: 502, message: `Gatehouse egress proxy: connection refused: the instance metadata service at ${target.host} listens on port 80 only` });
      req.url = target.path;
      stripProxyHeaders(req.headers);
      return this.options.targets.imds.serve(from.doc.InstanceId, req, res);
    }
    const route = routeConnection(this.options.targets.view(), from, target.host, target.port);
    const where = { instanceId: from.doc.InstanceId, host: target.host, port: target.port };
    switch (route.action) {
      case 'refuse':
        this.options.logger.info({ ...where, reason: route.reason }, 'egress proxy refused a request');
        return refuseRequest(req, res, { status: 502, message: `Gatehouse egress proxy: ${route.reason}` });
      case 'drop':
        return this.drop(req.socket, where, route.reason);
      case 'endpoint':
        return refuseRequest(req, res, { status: 502, message: `Gatehouse egress proxy: ${target.host}:${target.port} speaks TLS only: use https://` });
      case 'aws-service':
        if (route.tls) return refuseRequest(req, res, { status: 502, message: `Gatehouse egress proxy: ${target.host}:443 speaks TLS only: use https://` });
        req.url = target.path;
        stripProxyHeaders(req.headers);
        return this.options.targets.awsRequest(req, res);
      case 'loopback':
        return forwardToLoopback(this.options.request ?? httpRequest, req, res, route.address, route.port, target.path);
    }
  }

  private port(): number {
    return (this.server.address() as AddressInfo | null)?.port ?? 0;
  }
}

function established(socket: Socket, head: Buffer): void {
  socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
  // Bytes the client sent right after its CONNECT (an eager TLS ClientHello) belong to the tunnel.
  if (head.length > 0) socket.unshift(head);
}

const REASONS: Record<number, string> = { 400: 'Bad Request', 407: 'Proxy Authentication Required', 502: 'Bad Gateway' };

function refuseTunnel(socket: Socket, refusal: Refusal): void {
  const body = `${refusal.message}\n`;
  const headers = { ...refusal.headers, 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': String(Buffer.byteLength(body)), Connection: 'close' };
  const lines = Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('');
  socket.end(`HTTP/1.1 ${refusal.status} ${REASONS[refusal.status] ?? 'Error'}\r\n${lines}\r\n${body}`);
}

function refuseRequest(req: IncomingMessage, res: ServerResponse, refusal: Refusal): void {
  req.resume();
  const body = `${refusal.message}\n`;
  res.writeHead(refusal.status, { ...refusal.headers, 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': String(Buffer.byteLength(body)) });
  res.end(body);
}

function forwardToLoopback(request: typeof httpRequest, req: IncomingMessage, res: ServerResponse, address: string, port: number, path: string): void {
  const headers = { ...req.headers };
  stripProxyHeaders(headers);
  const upstream = request({ host: address, port, method: req.method, path, headers }, (answer) => {
    const back = { ...answer.headers };
    stripProxyHeaders(back);
    res.writeHead(answer.statusCode ?? 502, back);
    answer.pipe(res);
  });
  upstream.on('error', (error: NodeJS.ErrnoException) => {
    if (!res.headersSent) refuseRequest(req, res, { status: 502, message: `Gatehouse egress proxy: ${address}:${port}: ${error.code ?? error.message}` });
    else res.destroy();
  });
  req.pipe(upstream);
}

function stripProxyHeaders(headers: IncomingHttpHeaders): void {
  for (const name of Object.keys(headers)) if (HOP_BY_HOP.has(name)) delete headers[name];
}

/** `host:port` of a CONNECT, with IPv6 literals in brackets. */
export function parseAuthority(authority: string): { host: string; port: number } | undefined {
  const m = /^(\[[0-9a-fA-F:.]+\]|[^:[\]/\s]+):(\d{1,5})$/.exec(authority);
  if (!m) return undefined;
  const port = Number(m[2]);
  return port > 0 && port < 65536 ? { host: m[1]!.replace(/^\[|\]$/g, ''), port } : undefined;
}

function parseAbsoluteUrl(raw: string): { host: string; port: number; path: string } | undefined {
  if (!/^https?:\/\//i.test(raw)) return undefined;
  try {
    const url = new URL(raw);
    const port = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
    return { host: url.hostname.replace(/^\[|\]$/g, ''), port, path: `${url.pathname}${url.search}` };
  } catch {
    return undefined;
  }
}
