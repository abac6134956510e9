/**
 * What the data plane serves: frozen deployments, read from the store and compiled once per deployment
 * (snapshot parsed with its schema, route table, parsed resource policy: one that no longer parses is kept as
 * unreadable, which denies). A snapshot that does not parse (a store from another Gatehouse version, or edited by
 * hand) is kept as unreadable too: its stages are served as such, and every request to them is refused (fail
 * closed). A stage can be pointed at another deployment at any time, so which deployment a stage serves is
 * remembered only until the store next changes; a deployment itself never changes.
 */
import { parseDeploymentSnapshot } from '../domain/apigateway-schema.js';
import type { Resource, RestApi, Stage } from '../domain/apigateway.js';
import type { Scope } from '../shared/accounts.js';
import type { Store } from '../store/store.js';
import { compileAuthorizers, type CompiledAuthorizer } from './authorizers/compiled.js';
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
  /** The API's authorizers as deployed, by id, compiled. */
  authorizers: ReadonlyMap<string, CompiledAuthorizer>;
}

export interface ServedStage {
  stage: Stage;
  deployment: CompiledDeployment;
}

/** A deployment whose stored snapshot does not parse. */
export interface UnreadableDeployment {
  deploymentId: string;
  /** Why, as the schema says it (`resources: Invalid input: expected array, received undefined`). */
  reason: string;
}

/** A stage whose deployment cannot be read: nothing about it is known but its name, and it serves nothing. */
export interface UnreadableStage {
  scope: Scope;
  apiId: string;
  stage: Stage;
  unreadable: UnreadableDeployment;
}

/** At most this many compiled deployments are kept; the oldest go first. */
const CACHE_SIZE = 500;

export class Deployments {
  private readonly cache = new Map<string, CompiledDeployment | UnreadableDeployment>();
  /** (api, stage) → what it serves, valid while the store's revision is `servedRevision`. */
  private readonly served = new Map<string, ServedStage | UnreadableStage | undefined>();
  private servedRevision = -1;

  constructor(private readonly store: Store) {}

  /** The stage of an API (in any account) and the deployment it serves (or why it cannot be read), or undefined. */
  find(apiId: string, stageName: string): ServedStage | UnreadableStage | undefined {
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

  private lookup(apiId: string, stageName: string): ServedStage | UnreadableStage | undefined {
    const api = this.store.table<RestApi>('rest_apis').locate('', apiId);
    if (!api) return undefined;
    const stage = this.store.table<Stage>('stages').get(api.scope, apiId, stageName);
    if (!stage) return undefined;
    const deployment = this.compiled(api.scope, apiId, stage.deploymentId);
    if (!deployment) return undefined;
    return 'reason' in deployment ? { scope: api.scope, apiId, stage, unreadable: deployment } : { stage, deployment };
  }

  private compiled(scope: Scope, apiId: string, deploymentId: string): CompiledDeployment | UnreadableDeployment | undefined {
    const key = `${scope.account}/${scope.region}/${apiId}/${deploymentId}`;
    const hit = this.cache.get(key);
    if (hit) return hit;
    // The store hands back JSON as it was written; the schema says whether it is a snapshot (once per deployment).
    const doc = this.store.table<unknown>('deployment_snapshots').get(scope, apiId, deploymentId);
    if (doc === undefined) return undefined;
    const parsed = parseDeploymentSnapshot(doc);
    if (!parsed.ok) return this.keep(key, { deploymentId, reason: parsed.reason });
    const { snapshot } = parsed;
    return this.keep(key, {
      scope,
      deploymentId,
      api: snapshot.api,
      router: new Router(snapshot.resources),
      resources: snapshot.resources,
      policy: snapshot.api.policy === undefined ? undefined : readStoredPolicy(snapshot.api.policy),
      vpcEndpointIds: new Set(snapshot.api.endpointConfiguration.vpcEndpointIds ?? []),
      authorizers: compileAuthorizers(scope, apiId, deploymentId, snapshot.authorizers),
    });
  }

  private keep<T extends CompiledDeployment | UnreadableDeployment>(key: string, deployment: T): T {
    if (this.cache.size >= CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(key, deployment);
    return deployment;
  }
}
