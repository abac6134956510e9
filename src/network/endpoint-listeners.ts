/**
 * The "network interfaces" of execute-api interface endpoints: one real TLS listener on loopback per
 * endpoint (TLS 1.2 minimum, HTTP/1.1 only, as AWS's private API endpoints). Reconciled from the network
 * view: a listener appears when an endpoint does and closes when it goes. The egress proxy hands tunnelled
 * sockets to a listener's server in process (no second TCP hop); a connection to the port itself has no
 * origin.
 */
import { createServer, type Server } from 'node:https';
import type { Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { ConnectionOrigin } from '../domain/ec2.js';
import { attachOrigin, originOf } from './connection-origin.js';
import type { ExecuteApiHandler } from './execute-api-handler.js';
import type { NetworkLogger } from './logger.js';
import type { ExecuteApiEndpoint } from './network-view.js';
import type { TlsMaterial } from './tls-material.js';

export interface ListenerInfo {
  account: string;
  region: string;
  vpcId: string;
  vpceId: string;
  /** The endpoint's private IPs (its network interfaces), all served by this one listener. */
  privateIps: string[];
  host: string;
  port: number;
}

interface Listener {
  server: Server;
  entry: ExecuteApiEndpoint;
  listening: Promise<number>;
  sockets: Set<Socket>;
}

export const LISTENER_HOST = '127.0.0.1';

export function tlsServerOptions(tls: TlsMaterial) {
  return { key: tls.keyPem, cert: tls.certPem, minVersion: 'TLSv1.2' as const, ALPNProtocols: ['http/1.1'] };
}

export class EndpointListeners {
  private readonly listeners = new Map<string, Listener>();

  constructor(
    private tls: TlsMaterial,
    private readonly handler: ExecuteApiHandler,
    private readonly logger: NetworkLogger,
  ) {}

  /** Opens a listener for each endpoint that has none and closes those whose endpoint is gone. */
  reconcile(endpoints: readonly ExecuteApiEndpoint[]): void {
    const wanted = new Set<string>();
    for (const entry of endpoints) {
      const id = entry.endpoint.VpcEndpointId;
      wanted.add(id);
      const existing = this.listeners.get(id);
      if (existing) existing.entry = entry;
      else this.open(entry);
    }
    for (const [id, listener] of this.listeners) {
      if (!wanted.has(id)) {
        this.listeners.delete(id);
        closeListener(listener);
        this.logger.info({ vpceId: id }, 'endpoint listener closed');
      }
    }
  }

  /** Serves a socket the egress proxy tunnelled for an instance, as if it had connected to the listener. */
  handOff(vpceId: string, socket: Socket, origin: ConnectionOrigin): boolean {
    const listener = this.listeners.get(vpceId);
    if (!listener) return false;
    attachOrigin(socket, origin);
    listener.server.emit('connection', socket);
    return true;
  }

  /** A new server certificate (e.g. one that names a new region) for every listener. */
  updateTls(tls: TlsMaterial): void {
    this.tls = tls;
    for (const { server } of this.listeners.values()) server.setSecureContext(tlsServerOptions(tls));
  }

  async list(): Promise<ListenerInfo[]> {
    const all = [...this.listeners.values()];
    const ports = await Promise.all(all.map((l) => l.listening.catch(() => 0)));
    return all.map(({ entry: { scope, endpoint } }, i) => ({
      account: scope.account,
      region: scope.region,
      vpcId: endpoint.VpcId,
      vpceId: endpoint.VpcEndpointId,
      privateIps: endpoint.Interfaces.map((n) => n.PrivateIpAddress),
      host: LISTENER_HOST,
      port: ports[i]!,
    }));
  }

  async close(): Promise<void> {
    const all = [...this.listeners.values()];
    this.listeners.clear();
    await Promise.all(all.map(closeListener));
  }

  private open(entry: ExecuteApiEndpoint): void {
    const handler = this.handler;
    const server = createServer(tlsServerOptions(this.tls), (req, res) => handler(req, res, originOf(req.socket)));
    server.keepAliveTimeout = 65_000;
    const sockets = new Set<Socket>();
    server.on('connection', (socket: Socket) => {
      sockets.add(socket);
      // Hot path: without TCP_NODELAY, Nagle holds back small TLS records; with it, bench/network's keep-alive
      // throughput went from ~9k to ~21k requests/s (direct and proxied alike).
      socket.setNoDelay(true);
      socket.once('close', () => sockets.delete(socket));
    });
    server.on('tlsClientError', (error, socket) => {
      this.logger.debug({ vpceId: entry.endpoint.VpcEndpointId, err: error.message, remote: socket.remoteAddress }, 'TLS handshake refused');
    });
    const listening = new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, LISTENER_HOST, () => {
        server.off('error', reject);
        resolve((server.address() as AddressInfo).port);
      });
    });
    listening.then(
      (port) => this.logger.info({ vpceId: entry.endpoint.VpcEndpointId, vpcId: entry.endpoint.VpcId, port }, 'endpoint listener open'),
      (error: unknown) => this.logger.error({ vpceId: entry.endpoint.VpcEndpointId, err: error }, 'endpoint listener failed to listen'),
    );
    this.listeners.set(entry.endpoint.VpcEndpointId, { server, entry, listening, sockets });
  }
}

function closeListener(listener: Listener): Promise<void> {
  return new Promise<void>((resolve) => {
    listener.server.close(() => resolve());
    for (const socket of listener.sockets) socket.destroy();
  });
}
