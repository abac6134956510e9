/**
 * The network layer as the server sees it: the egress proxy, the endpoint listeners, the TLS side of
 * Gatehouse's AWS endpoint (for AWS service names called from instances) and the local CA, kept in step with
 * the store. The proxy listens at start; the CA is read or made after the ready line (in the background for a
 * data dir, on first need in memory), so nothing here delays it; listeners open once the CA is there, and
 * follow every change the server reports.
 */
import type { RequestListener, Server as HttpServer } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { Socket } from 'node:net';
import { createSecureContext, rootCertificates, type SecureContext } from 'node:tls';
import type { ProxyAgent } from 'undici';
import type { ConnectionOrigin } from '../domain/ec2.js';
import { routeConnection, type ConnectionRoute } from './connection-route.js';
import { EgressProxy, PROXY_HOST } from './egress-proxy.js';
import { EndpointListeners, tlsServerOptions, type ListenerInfo } from './endpoint-listeners.js';
import type { ImdsInstance, ImdsRole } from './imds.js';
import { ImdsServers } from './imds-servers.js';
import type { ExecuteApiHandler } from './execute-api-handler.js';
import type { NetworkLogger } from './logger.js';
import { NetworkView, type NetworkRecords } from './network-view.js';
import { proxyAuthorization } from './proxy-credentials.js';
import { AWS_REGIONS } from './aws-regions.js';
import type { TlsMaterial } from './tls-material.js';

export interface NetworkOptions {
  /** Where the CA and server certificate live (`{dataDir}/tls`, or a per-process temp dir). */
  tlsDir: string;
  /** Regions the server certificate must name beyond AWS's list (the default region, at least). */
  regions: readonly string[];
  dropWaitMs: number;
  /** Make the CA right after start (a data dir), rather than on first need (in memory, where most runs never do). */
  eagerTls: boolean;
  logger: NetworkLogger;
  /** Reads every VPC, security group, endpoint and instance from the store. */
  loadRecords: () => NetworkRecords;
  /** What endpoint listeners do with requests (the execute-api pipeline). */
  executeApi: ExecuteApiHandler;
  /** Gatehouse's AWS endpoint: its request handler and its HTTP server. */
  aws: { requestListener: RequestListener; server: HttpServer };
  /** The role credentials an instance's metadata service hands out (the server issues STS sessions). */
  imdsRole: (instance: ImdsInstance) => ImdsRole;
}

/** What GET /_gatehouse/network answers: how a client gets "onto" an instance. */
export interface NetworkInfo {
  proxy: { host: string; port: number };
  caFile: string;
  endpoints: ListenerInfo[];
}

export interface InstanceSummary {
  instanceId: string;
  account: string;
  region: string;
  vpcId: string;
  subnetId: string;
  privateIpAddress: string;
  state: string;
  /** Whether it was launched with an instance profile (its metadata service then hands out the role's credentials). */
  hasInstanceProfile: boolean;
}

export class Network {
  private view: NetworkView | undefined;
  private listenersInStep = false;
  private listeners: EndpointListeners | undefined;
  private awsTls: HttpsServer | undefined;
  /** Settles once the CA and server certificate are read or made (started on first need, see tls()). */
  private tlsLoading: Promise<TlsMaterial> | undefined;
  /** The latest material (a re-issue for a new region replaces the server certificate). */
  private material: TlsMaterial | undefined;
  private readonly regions: Set<string>;
  private regionReissue: Promise<void> = Promise.resolve();
  private pendingRefresh: NodeJS.Immediate | undefined;
  private readonly awsTlsSockets = new Set<Socket>();
  private clientContextLoading: Promise<SecureContext> | undefined;

  private constructor(
    private readonly options: NetworkOptions,
    private readonly proxy: EgressProxy,
    readonly proxyPort: number,
    private readonly imds: ImdsServers,
  ) {
    this.regions = new Set([...options.regions, ...AWS_REGIONS]);
    // After the caller's ready line, never before it: open the listeners of the endpoints already stored
    // (which needs the CA), and make the CA of a new data dir so the first `gatehouse exec` need not wait.
    this.pendingRefresh = setImmediate(() => {
      this.pendingRefresh = undefined;
      if (options.eagerTls) void this.tls().catch(() => undefined);
      this.currentView();
    });
  }

  static async start(options: NetworkOptions): Promise<Network> {
    let network: Network | undefined;
    const imds = new ImdsServers({
      instance: (instanceId) => {
        const found = network?.currentView().instance(instanceId);
        return found?.doc.State.Name === 'running' ? found : undefined;
      },
      role: options.imdsRole,
      now: () => new Date(),
    });
    const proxy = new EgressProxy({
      dropWaitMs: options.dropWaitMs,
      logger: options.logger,
      targets: {
        view: () => network!.currentView(),
        toEndpoint: (socket, origin) => network!.toEndpoint(socket, origin),
        toAwsEndpoint: (socket, tls, region) => network!.toAwsEndpoint(socket, tls, region),
        awsRequest: options.aws.requestListener,
        imds,
      },
    });
    const port = await proxy.listen();
    network = new Network(options, proxy, port, imds);
    return network;
  }

  /** The store changed (an EC2 operation committed, or a reset): re-read it and bring the listeners in step. */
  changed(): void {
    this.view = undefined;
    this.listenersInStep = false;
    this.pendingRefresh ??= setImmediate(() => {
      this.pendingRefresh = undefined;
      this.currentView();
    });
  }

  async info(): Promise<NetworkInfo> {
    const tls = await this.tls();
    this.currentView();
    return { proxy: { host: PROXY_HOST, port: this.proxyPort }, caFile: tls.caFile, endpoints: (await this.listeners?.list()) ?? [] };
  }

  /** An instance as the network knows it (gatehouse exec checks the one it is asked for). */
  instance(instanceId: string): InstanceSummary | undefined {
    const found = this.currentView().instance(instanceId);
    if (!found) return undefined;
    const { scope, doc } = found;
    return { instanceId, account: scope.account, region: scope.region, vpcId: doc.VpcId, subnetId: doc.SubnetId, privateIpAddress: doc.PrivateIpAddress, state: doc.State.Name, hasInstanceProfile: doc.IamInstanceProfile !== undefined };
  }

  /** The loopback endpoint of the instance's metadata service, opened on first need (`gatehouse exec` points SDKs at it). */
  imdsEndpoint(instanceId: string): Promise<{ host: string; port: number }> {
    return this.imds.endpoint(instanceId);
  }

  /** Every VPC, endpoint and instance as the network sees them now (the reachability map reads it). */
  snapshot(): NetworkView {
    return this.currentView();
  }

  /** What the network does with a connection `instanceId` opens to host:port (undefined: no such instance). */
  connectionRoute(instanceId: string, host: string, port: number): ConnectionRoute | undefined {
    const view = this.currentView();
    const from = view.instance(instanceId);
    return from && routeConnection(view, from, host, port);
  }

  /** The local CA certificate (PEM) clients on instances trust. */
  async caPem(): Promise<string> {
    return (await this.tls()).caPem;
  }

  /** An undici dispatcher that sends fetch's requests from `instanceId`, trusting the local CA. */
  async instanceDispatcher(instanceId: string): Promise<ProxyAgent> {
    const secureContext = await this.clientContext();
    const { ProxyAgent } = await import('undici');
    return new ProxyAgent({ uri: `http://${PROXY_HOST}:${this.proxyPort}`, token: proxyAuthorization(instanceId), requestTls: { secureContext } });
  }

  /**
   * The public roots plus the local CA, parsed once: a `ca` list given per connection would be parsed again
   * for every TLS handshake (~140 certificates, which capped new connections at a few dozen a second).
   */
  private clientContext(): Promise<SecureContext> {
    this.clientContextLoading ??= this.caPem().then((ca) => createSecureContext({ ca: [...rootCertificates, ca] }));
    return this.clientContextLoading;
  }

  async dispose(): Promise<void> {
    if (this.pendingRefresh) clearImmediate(this.pendingRefresh);
    await this.proxy.close();
    await this.imds.close();
    await this.tlsLoading?.catch(() => undefined);
    await this.regionReissue;
    await this.listeners?.close();
    const aws = this.awsTls;
    if (aws) {
      for (const socket of this.awsTlsSockets) socket.destroy();
      await new Promise<void>((resolve) => aws.close(() => resolve()));
    }
  }

  /** The view of the store, rebuilt after a change; listeners follow it once TLS is there. */
  private currentView(): NetworkView {
    this.view ??= new NetworkView(this.options.loadRecords());
    if (!this.listeners && this.view.executeApiEndpoints.length > 0) void this.tls().catch(() => undefined);
    if (this.listeners && !this.listenersInStep) {
      this.listenersInStep = true;
      this.listeners.reconcile(this.view.executeApiEndpoints);
      for (const { scope } of this.view.executeApiEndpoints) this.ensureRegion(scope.region);
    }
    return this.view;
  }

  /** The CA and server certificate, read or made once; endpoint listeners open when they are there. */
  private tls(): Promise<TlsMaterial> {
    this.tlsLoading ??= this.loadTls().then(
      (tls) => {
        this.material = tls;
        this.listeners = new EndpointListeners(tls, this.options.executeApi, this.options.logger);
        this.listenersInStep = false;
        this.currentView();
        return tls;
      },
      (error: unknown) => {
        this.options.logger.error({ err: error, dir: this.options.tlsDir }, 'local CA unavailable: endpoint listeners cannot open');
        throw error;
      },
    );
    return this.tlsLoading;
  }

  private async toEndpoint(socket: Socket, origin: ConnectionOrigin): Promise<void> {
    await this.tls();
    this.currentView();
    if (!this.listeners?.handOff(origin.vpceId, socket, origin)) socket.destroy();
  }

  private async toAwsEndpoint(socket: Socket, tls: boolean, region: string | undefined): Promise<void> {
    if (!tls) {
      this.options.aws.server.emit('connection', socket);
      return;
    }
    await this.tls();
    if (region !== undefined) await this.ensureRegion(region);
    if (!this.awsTls) {
      this.awsTls = createHttpsServer(tlsServerOptions(this.material!), this.options.aws.requestListener);
      this.awsTls.keepAliveTimeout = 65_000;
      this.awsTls.on('connection', (s: Socket) => {
        s.setNoDelay(true);
        this.awsTlsSockets.add(s);
        s.once('close', () => this.awsTlsSockets.delete(s));
      });
    }
    this.awsTls.emit('connection', socket);
  }

  /** node-forge and the certificate code load only here: importing them would cost the ready line ~40 ms. */
  private async loadTls(): Promise<TlsMaterial> {
    const { loadTlsMaterial } = await import('./tls-material.js');
    return loadTlsMaterial(this.options.tlsDir, this.regions);
  }

  /** Re-issues the server certificate when a region outside AWS's list comes into use. */
  private ensureRegion(region: string): Promise<void> {
    if (this.regions.has(region)) return this.regionReissue;
    this.regions.add(region);
    this.regionReissue = this.regionReissue
      .then(() => this.tls())
      .then(() => this.loadTls())
      .then((tls) => {
        this.material = tls;
        this.listeners?.updateTls(tls);
        this.awsTls?.setSecureContext(tlsServerOptions(tls));
      })
      .catch((error: unknown) => this.options.logger.error({ err: error, region }, 'could not re-issue the server certificate'));
    return this.regionReissue;
  }
}
