/**
 * The console's reachability map: which instances can call which deployed private APIs, through which
 * endpoint and under which names, computed from what decides it for a real request: the instance's VPC DNS,
 * the security groups on both ends (network/connection-route.ts) and the endpoint and resource policies of
 * the deployed API for each of its methods (gateway/access.ts). Nothing is sent.
 */
import type { RestApi } from '../domain/apigateway.js';
import type { Instance } from '../domain/ec2.js';
import { methodAccess, type MethodAccess } from '../gateway/access.js';
import { Deployments, type ServedStage, type UnreadableStage } from '../gateway/deployments.js';
import { unreadableDeploymentReason } from '../gateway/request-log.js';
import { readStoredPolicy } from '../gateway/stored-policy.js';
import { routeConnection } from '../network/connection-route.js';
import type { NetworkView } from '../network/network-view.js';
import type { Scope, Scoped } from '../shared/accounts.js';
import type { Store } from '../store/store.js';

export interface MapInstance {
  instanceId: string;
  name?: string;
  vpcId: string;
  privateIpAddress: string;
  state: string;
}

export interface MapApi {
  apiId: string;
  name: string;
  stage: string;
  account: string;
  region: string;
}

/** One way in: an endpoint the instance can open connections to, the names that reach the API there, and what the policies say. */
export interface MapRoute {
  vpceId: string;
  /** How to name the API through this endpoint, as a client on the instance would. */
  names: string[];
  methods: MethodAccess[];
}

export interface MapCell {
  instanceId: string;
  apiId: string;
  stage: string;
  /** Every method allowed through some endpoint, some of them, or none. */
  verdict: 'reachable' | 'partly' | 'unreachable';
  routes: MapRoute[];
  /** Why nothing gets through, when the network stops it before any policy is asked. */
  reason?: string;
}

export interface ReachabilityMap {
  instances: MapInstance[];
  apis: MapApi[];
  cells: MapCell[];
}

export function reachabilityMap(store: Store, view: NetworkView, now: Date): ReachabilityMap {
  const apis = deployedPrivateStages(store);
  const instances = view.instances.filter((i) => i.doc.State.Name !== 'terminated');
  const cells: MapCell[] = [];
  for (const instance of instances) {
    for (const { served, api } of apis) cells.push(cell(view, instance, served, api, now));
  }
  return {
    instances: instances.map(({ doc }) => {
      const name = doc.Tags?.find((t) => t.Key === 'Name')?.Value;
      return { instanceId: doc.InstanceId, ...(name !== undefined ? { name } : {}), vpcId: doc.VpcId, privateIpAddress: doc.PrivateIpAddress, state: doc.State.Name };
    }),
    apis: apis.map(({ served, api, scope }) => ({ apiId: api.id, name: api.name, stage: served.stage.stageName, account: scope.account, region: scope.region })),
    cells,
  };
}

/**
 * Every stage of every API whose deployment is private (the deployed endpoint type is what is served). A stage
 * whose deployment cannot be read is listed when the API is private now: it serves nothing (fail closed).
 */
function deployedPrivateStages(store: Store): Array<{ api: RestApi; scope: Scope; served: ServedStage | UnreadableStage }> {
  const deployments = new Deployments(store);
  const out: Array<{ api: RestApi; scope: Scope; served: ServedStage | UnreadableStage }> = [];
  for (const { scope, doc: api } of store.table<RestApi>('rest_apis').scan()) {
    for (const stage of store.table<{ stageName: string }>('stages').list(scope, api.id)) {
      const served = deployments.find(api.id, stage.stageName);
      if (!served) continue;
      const deployed = 'unreadable' in served ? api : served.deployment.api;
      if (deployed.endpointConfiguration.types[0] === 'PRIVATE') out.push({ api, scope, served });
    }
  }
  return out;
}

function cell(view: NetworkView, instance: Scoped<Instance>, served: ServedStage | UnreadableStage, api: RestApi, now: Date): MapCell {
  const { doc } = instance;
  const base = { instanceId: doc.InstanceId, apiId: api.id, stage: served.stage.stageName };
  if (doc.State.Name !== 'running') return { ...base, verdict: 'unreachable', routes: [], reason: `${doc.InstanceId} is ${doc.State.Name}, not running` };
  if ('unreadable' in served) return { ...base, verdict: 'unreachable', routes: [], reason: unreadableDeploymentReason(api.id, served.stage.stageName, served.unreadable) };
  const region = served.deployment.scope.region;
  const privateName = `${api.id}.execute-api.${region}.amazonaws.com`;
  const byPrivateName = routeConnection(view, instance, privateName, 443);
  const routes: MapRoute[] = [];
  const networkReasons: string[] = [];
  // An endpoint serves the APIs of its own region; only the instance's own VPC's endpoints are routable.
  for (const endpoint of view.endpointsInVpc(instance.scope, doc.VpcId)) {
    if (instance.scope.region !== region) continue;
    const dnsName = endpoint.DnsEntries[0]?.DnsName;
    if (dnsName === undefined) continue;
    let connection = routeConnection(view, instance, dnsName, 443);
    const names: string[] = [];
    if (connection.action === 'refuse') {
      // No name resolves (the VPC's DNS is off), but the endpoint's address still takes connections.
      const ip = endpoint.Interfaces[0]?.PrivateIpAddress;
      const byIp = ip === undefined ? connection : routeConnection(view, instance, ip, 443);
      if (byIp.action === 'endpoint') {
        names.push(`${ip} with x-apigw-api-id: ${api.id} (by address only: ${connection.reason}; the certificate names no address)`);
        connection = byIp;
      }
    }
    if (connection.action !== 'endpoint') {
      networkReasons.push('reason' in connection ? connection.reason : `${dnsName} is not an endpoint`);
      continue;
    }
    if (names.length === 0) {
      if (byPrivateName.action === 'endpoint' && byPrivateName.origin.vpceId === endpoint.VpcEndpointId) names.push(privateName);
      if (served.deployment.vpcEndpointIds.has(endpoint.VpcEndpointId)) names.push(`${api.id}-${endpoint.VpcEndpointId}.execute-api.${region}.amazonaws.com`);
      names.push(`${dnsName} with Host: ${privateName}`, `${dnsName} with x-apigw-api-id: ${api.id}`);
    }
    routes.push({ vpceId: endpoint.VpcEndpointId, names, methods: methodAccess(served, connection.origin, readStoredPolicy(endpoint.PolicyDocument), now) });
  }
  const methods = routes.flatMap((r) => r.methods);
  const allowed = methods.filter((m) => m.allowed).length;
  const verdict = routes.some((r) => r.methods.length > 0 && r.methods.every((m) => m.allowed)) ? 'reachable' : allowed > 0 ? 'partly' : 'unreachable';
  const out: MapCell = { ...base, verdict, routes };
  if (routes.length === 0) {
    if (instance.scope.region !== region) out.reason = `${api.id} is in ${region} and ${doc.InstanceId} in ${instance.scope.region}: an execute-api endpoint serves only its own region's APIs`;
    else out.reason = networkReasons[0] ?? ('reason' in byPrivateName ? byPrivateName.reason : `${doc.VpcId} has no execute-api interface endpoint`);
  }
  return out;
}
