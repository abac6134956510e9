/**
 * What the data plane serves: frozen deployments, read from the store and compiled once per deployment
 * (route table, parsed resource policy: one that no longer parses is kept as unreadable, which denies). A stage can be pointed at another deployment at any time, so which
 * deployment a stage serves is remembered only until the store next changes; a deployment itself never changes.
 */
import type { DeploymentSnapshot, Resource, RestApi, Stage } from '../domain/apigateway.js';
import type { Scope } from '../shared/accounts.js';
import type { Store } from '../store/store.js';
import { Router } from './router.js';
import { readStoredPolicy, type StoredPolicy } from './stored-policy.js';

export interface CompiledDeployment {
  scope: Scope;
  deploymentId: string;
  api: RestApi;
  router: Router;
  /** The deployed resources with their methods (the reachability map goes through each). */
  resources: readonly Resource[];
  /**
   * The resource policy as deployed; undefined when the API had none (a private API then denies every request,
   * a public one is open). One that cannot be read denies every request (stored-policy.ts).
   */
  policy: StoredPolicy | undefined;
  vpcEndpointIds: ReadonlySet<string>;
}

export interface ServedStage {
  stage: Stage;
  deployment: CompiledDeployment;
}

/** At most this many compiled deployments are kept; the oldest go first. */
const CACHE_SIZE = 500;

export class Deployments {
  private readonly cache = new Map<string, CompiledDeployment>();
  /** (api, stage) → what it serves, valid while the store's revision is `servedRevision`. */
  private readonly served = new Map<string, ServedStage | undefined>();
  private servedRevision = -1;

  constructor(private readonly store: Store) {}

  /** The stage of an API (in any account) and the deployment it serves, or undefined. */
  find(apiId: string, stageName: string): ServedStage | undefined {
    const revision = this.store.revision();
    if (revision !== this.servedRevision) {
      this.served.clear();
      this.servedRevision = revision;
    }
    const key = `${apiId}/${stageName}`;
    if (this.served.has(key)) return this.served.get(key);
    const found = this.lookup(apiId, stageName);
    // Unknown names are remembered too (a client probing names costs one lookup per name), within bounds.
    if (this.served.size >= CACHE_SIZE * 4) this.served.clear();
    this.served.set(key, found);
    return found;
  }

  private lookup(apiId: string, stageName: string): ServedStage | undefined {
    const api = this.store.table<RestApi>('rest_apis').locate('', apiId);
    if (!api) return undefined;
    const stage = this.store.table<Stage>('stages').get(api.scope, apiId, stageName);
    if (!stage) return undefined;
    const deployment = this.compiled(api.scope, apiId, stage.deploymentId);
    return deployment ? { stage, deployment } : undefined;
  }

  private compiled(scope: Scope, apiId: string, deploymentId: string): CompiledDeployment | undefined {
    const key = `${scope.account}/${scope.region}/${apiId}/${deploymentId}`;
    const hit = this.cache.get(key);
    if (hit) return hit;
    const snapshot = this.store.table<DeploymentSnapshot>('deployment_snapshots').get(scope, apiId, deploymentId);
    if (!snapshot) return undefined;
    const compiled: CompiledDeployment = {
      scope,
      deploymentId,
      api: snapshot.api,
      router: new Router(snapshot.resources),
      resources: snapshot.resources,
      policy: snapshot.api.policy === undefined ? undefined : readStoredPolicy(snapshot.api.policy),
      vpcEndpointIds: new Set(snapshot.api.endpointConfiguration.vpcEndpointIds ?? []),
    };
    if (this.cache.size >= CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(key, compiled);
    return compiled;
  }
}
