/**
 * What the composition root builds and the routes are handed: the store, the logger, and the layers that load
 * after the server listens (the services with the Lambda host and stack engine, the execute-api pipeline, the
 * network). Types only: gatehouse.ts builds an App, front-door.ts and internal-routes.ts use it.
 */
import type { StackEngine } from '../cloudformation/stacks/engine.js';
import type { Network } from '../network/network.js';
import type { AuthorizerRuntime } from '../services/apigateway/authorizer-runtime.js';
import type { BlobStore } from '../store/blob-store.js';
import type { Store } from '../store/store.js';
import type { LazyPipeline } from './execute-api.js';
import type { FunctionLogs } from './function-logs.js';
import type { LocalLambdaHost } from './lambda-host.js';
import type { Logger } from './logger.js';
import type { ResolvedOptions } from './options.js';
import type { ServiceEndpoint } from './service-endpoint.js';

export interface App {
  resolved: ResolvedOptions;
  logger: Logger;
  store: Store;
  functionLogs: FunctionLogs;
  services: LazyServices;
  pipeline: LazyPipeline;
  /** The data plane's authorizers, as the control plane asks of them (flush, test invoke). */
  authorizers: AuthorizerRuntime;
  network: LazyNetwork;
}

export interface Services {
  endpoints: ServiceEndpoint[];
  bySigningName: Map<string, ServiceEndpoint>;
  lambdaHost: LocalLambdaHost;
  /** S3's object bodies (object-storage.ts). */
  objects: BlobStore;
  stacks: StackEngine;
}

export interface LazyServices {
  (): Promise<Services>;
  /** Stops every Lambda execution environment (and removes in-memory code). */
  dispose(): Promise<void>;
}

export interface LazyNetwork {
  get(): Promise<Network>;
  /** Starts it in the background (unless the server is already disposed). */
  warm(): void;
  /** The store changed: the network layer re-reads it (nothing to do before it has started: it reads it then). */
  changed(): void;
  dispose(): Promise<void>;
}
