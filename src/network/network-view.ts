/**
 * Every VPC, security group, interface endpoint and instance Gatehouse knows, in every account and
 * region, indexed for the egress proxy and the endpoint listeners. Built from the store's records after each
 * committed EC2 change (never per connection), and immutable: a connection reads one consistent view.
 */
import type { Scope, Scoped } from '../shared/accounts.js';
import type { Instance, SecurityGroup, Vpc, VpcEndpoint } from '../domain/ec2.js';

/** What the network layer reads from the store. */
export interface NetworkRecords {
  vpcs: Array<Scoped<Vpc>>;
  securityGroups: Array<Scoped<SecurityGroup>>;
  endpoints: Array<Scoped<VpcEndpoint>>;
  instances: Array<Scoped<Instance>>;
}

/** An interface endpoint for execute-api, the kind that gets a TLS listener. */
export interface ExecuteApiEndpoint {
  scope: Scope;
  endpoint: VpcEndpoint;
}

const GONE_ENDPOINT_STATES = new Set(['deleting', 'deleted', 'failed', 'rejected', 'expired']);

export function isExecuteApiEndpoint(scope: Scope, endpoint: VpcEndpoint): boolean {
  return (
    endpoint.VpcEndpointType === 'Interface' &&
    endpoint.ServiceName === `com.amazonaws.${scope.region}.execute-api` &&
    !GONE_ENDPOINT_STATES.has(endpoint.State.toLowerCase())
  );
}

const key = (scope: Scope, id: string): string => `${scope.account}/${scope.region}/${id}`;

export class NetworkView {
  private readonly vpcs = new Map<string, Vpc>();
  private readonly groups = new Map<string, SecurityGroup>();
  private readonly instancesById = new Map<string, Scoped<Instance>>();
  private readonly endpointsByVpc = new Map<string, VpcEndpoint[]>();
  private readonly endpointsById = new Map<string, ExecuteApiEndpoint>();
  /** Lower-cased `vpce-….vpce.amazonaws.com` names → the endpoint they belong to. */
  private readonly endpointsByDnsName = new Map<string, ExecuteApiEndpoint>();
  readonly executeApiEndpoints: readonly ExecuteApiEndpoint[];
  readonly instances: ReadonlyArray<Scoped<Instance>>;

  constructor(records: NetworkRecords) {
    for (const { scope, doc } of records.vpcs) this.vpcs.set(key(scope, doc.VpcId), doc);
    for (const { scope, doc } of records.securityGroups) this.groups.set(key(scope, doc.GroupId), doc);
    for (const entry of records.instances) if (!this.instancesById.has(entry.doc.InstanceId)) this.instancesById.set(entry.doc.InstanceId, entry);
    this.instances = [...this.instancesById.values()];
    const executeApi: ExecuteApiEndpoint[] = [];
    for (const { scope, doc } of records.endpoints) {
      if (!isExecuteApiEndpoint(scope, doc)) continue;
      const entry = { scope, endpoint: doc };
      executeApi.push(entry);
      this.endpointsById.set(doc.VpcEndpointId, entry);
      const inVpc = this.endpointsByVpc.get(key(scope, doc.VpcId));
      if (inVpc) inVpc.push(doc);
      else this.endpointsByVpc.set(key(scope, doc.VpcId), [doc]);
      for (const entryName of doc.DnsEntries) {
        const name = entryName.DnsName.toLowerCase();
        if (name.startsWith('vpce-') && name.endsWith('.vpce.amazonaws.com')) this.endpointsByDnsName.set(name, entry);
      }
    }
    this.executeApiEndpoints = executeApi;
  }

  /** Instance ids are unique across accounts and regions, so the proxy credentials need name only the id. */
  instance(instanceId: string): Scoped<Instance> | undefined {
    return this.instancesById.get(instanceId);
  }

  vpc(scope: Scope, vpcId: string): Vpc | undefined {
    return this.vpcs.get(key(scope, vpcId));
  }

  /** The groups that still exist among `groupIds` (a deleted group no longer applies). */
  securityGroups(scope: Scope, groupIds: readonly string[]): SecurityGroup[] {
    const found: SecurityGroup[] = [];
    for (const id of groupIds) {
      const group = this.groups.get(key(scope, id));
      if (group) found.push(group);
    }
    return found;
  }

  /** The execute-api interface endpoints in a VPC, in creation order. */
  endpointsInVpc(scope: Scope, vpcId: string): readonly VpcEndpoint[] {
    return this.endpointsByVpc.get(key(scope, vpcId)) ?? [];
  }

  endpoint(vpceId: string): ExecuteApiEndpoint | undefined {
    return this.endpointsById.get(vpceId);
  }

  endpointByDnsName(name: string): ExecuteApiEndpoint | undefined {
    return this.endpointsByDnsName.get(name);
  }
}
