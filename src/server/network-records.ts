/** The records the network layer works from, read from the store across every account and region. */
import type { Instance, SecurityGroup, Vpc, VpcEndpoint } from '../domain/ec2.js';
import type { NetworkRecords } from '../network/network-view.js';
import type { Store } from '../store/store.js';

export function loadNetworkRecords(store: Store): NetworkRecords {
  return {
    vpcs: store.table<Vpc>('ec2_vpcs').scan(),
    securityGroups: store.table<SecurityGroup>('ec2_security_groups').scan(),
    endpoints: store.table<VpcEndpoint>('ec2_vpc_endpoints').scan(),
    instances: store.table<Instance>('ec2_instances').scan(),
  };
}
