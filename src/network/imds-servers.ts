/**
 * Where instances' metadata services answer. Nothing ever connects to the real 169.254.169.254 (a link-local
 * address, not loopback): `gatehouse exec` points SDKs at a loopback listener of the instance's own
 * (`AWS_EC2_METADATA_SERVICE_ENDPOINT=http://127.0.0.1:{port}/`, opened on first need and kept until the
 * network closes), and the egress proxy answers requests to 169.254.169.254 in process, from the instance its
 * credentials name. Both serve imds.ts's answers with one token store: a token is good for its instance only.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Instance } from '../domain/ec2.js';
import type { Scoped } from '../shared/accounts.js';
import { answerImds, imdsInstance, ImdsTokens, type ImdsInstance, type ImdsRole } from './imds.js';

/** The addresses an instance reaches its metadata service at (IPv4, and the Nitro IPv6 one). */
export const IMDS_ADDRESSES: ReadonlySet<string> = new Set(['169.254.169.254', 'fd00:ec2::254']);

export const IMDS_HOST = '127.0.0.1';

export interface ImdsSource {
  /** The instance as the network sees it now (undefined: there is none, or it is not running). */
  instance(instanceId: string): Scoped<Instance> | undefined;
  /** The role's credentials for the instance (the server's: it issues STS sessions). */
  role(instance: ImdsInstance): ImdsRole;
  now(): Date;
}

export class ImdsServers {
  private readonly tokens = new ImdsTokens();
  private readonly listeners = new Map<string, Promise<{ server: Server; port: number }>>();
  /** Serves sockets the egress proxy tunnels (CONNECT 169.254.169.254:80), per instance, never listening. */
  private readonly inProcess = new Map<string, Server>();
  private readonly sockets = new Set<Socket>();

  constructor(private readonly source: ImdsSource) {}

  /** The loopback endpoint of `instanceId`'s metadata service (opened on first need). */
  async endpoint(instanceId: string): Promise<{ host: string; port: number }> {
    let opening = this.listeners.get(instanceId);
    if (!opening) {
      opening = this.open(instanceId);
      this.listeners.set(instanceId, opening);
    }
    return { host: IMDS_HOST, port: (await opening).port };
  }

  /** A plain request the egress proxy took for 169.254.169.254, answered as `instanceId`'s IMDS. */
  serve(instanceId: string, req: IncomingMessage, res: ServerResponse): void {
    req.resume();
    const found = this.source.instance(instanceId);
    // HttpEndpoint=disabled: nothing answers, as on EC2.
    if (found?.doc.MetadataOptions?.HttpEndpoint === 'disabled') {
      res.socket?.destroy();
      return;
    }
    const answer = found
      ? answerImds({ method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers }, { instance: imdsInstance(found), tokens: this.tokens, role: () => this.source.role(imdsInstance(found)), now: this.source.now() })
      : { status: 404, headers: { 'Content-Type': 'text/plain' }, body: '' };
    res.writeHead(answer.status, answer.headers);
    res.end(answer.body);
  }

  /** A tunnel the egress proxy was asked for to 169.254.169.254:80: plain HTTP served in process. */
  serveSocket(instanceId: string, socket: Socket): void {
    let server = this.inProcess.get(instanceId);
    if (!server) {
      server = createServer((req, res) => this.serve(instanceId, req, res));
      this.inProcess.set(instanceId, server);
    }
    this.track(socket);
    server.emit('connection', socket);
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    const opened = await Promise.all([...this.listeners.values()].map((p) => p.catch(() => undefined)));
    await Promise.all(
      opened.map(
        (o) =>
          o &&
          new Promise<void>((resolve) => {
            o.server.close(() => resolve());
            o.server.closeAllConnections();
          }),
      ),
    );
    this.listeners.clear();
    this.inProcess.clear();
  }

  private open(instanceId: string): Promise<{ server: Server; port: number }> {
    const server = createServer((req, res) => this.serve(instanceId, req, res));
    server.on('connection', (socket: Socket) => this.track(socket));
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, IMDS_HOST, () => {
        server.off('error', reject);
        resolve({ server, port: (server.address() as AddressInfo).port });
      });
    });
  }

  private track(socket: Socket): void {
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
  }
}
