/**
 * The decision for one connection an instance opens (CONNECT host:port, or a proxied http:// request):
 * resolution in the instance's VPC, then the security groups on both ends, then whether anything listens
 * on that port. Pure; the egress proxy carries the decision out.
 */
import type { ConnectionOrigin, Instance } from '../domain/ec2.js';
import type { Scoped } from '../shared/accounts.js';
import type { NetworkView } from './network-view.js';
import { resolveFromInstance } from './resolve.js';
import { egressAllows, ingressAllows } from './security-groups.js';

/** An execute-api endpoint listens on 443 only, as on AWS. */
export const ENDPOINT_PORT = 443;

export type ConnectionRoute =
  /** Hand the connection to the endpoint's TLS listener, attributed to the instance. */
  | { action: 'endpoint'; origin: ConnectionOrigin }
  /** Gatehouse's own AWS endpoint (AWS service names): TLS on 443, plain HTTP on 80. */
  | { action: 'aws-service'; tls: boolean; region: string | undefined }
  | { action: 'loopback'; address: string; port: number }
  /** Nothing answers there, said at once (a name that does not resolve, a closed port). */
  | { action: 'refuse'; reason: string }
  /** A security group drops the packets: the client hears nothing until it gives up. */
  | { action: 'drop'; reason: string };

export function routeConnection(view: NetworkView, from: Scoped<Instance>, host: string, port: number): ConnectionRoute {
  const resolution = resolveFromInstance(view, from, host);
  switch (resolution.kind) {
    case 'unreachable':
      return { action: 'refuse', reason: resolution.reason };
    case 'loopback':
      return { action: 'loopback', address: resolution.address, port };
    case 'aws-service':
      if (port === 443 || port === 80) return { action: 'aws-service', tls: port === 443, region: resolution.region };
      return { action: 'refuse', reason: `${host}:${port}: AWS service endpoints answer on ports 443 and 80 only` };
    case 'endpoint': {
      const { scope, endpoint, networkInterface } = resolution;
      const instance = from.doc;
      const instanceGroupIds = instance.SecurityGroups.map((g) => g.GroupId);
      const endpointGroupIds = endpoint.Groups.map((g) => g.GroupId);
      const flow = { protocol: 'tcp' as const, port };
      const target = `${endpoint.VpcEndpointId} (${networkInterface.PrivateIpAddress}:${port})`;
      if (!egressAllows(view.securityGroups(scope, instanceGroupIds), { ip: networkInterface.PrivateIpAddress, groupIds: endpointGroupIds }, flow)) {
        return { action: 'drop', reason: `no egress rule of ${instance.InstanceId}'s security groups (${instanceGroupIds.join(', ') || 'none'}) allows TCP ${port} to ${target}` };
      }
      if (!ingressAllows(view.securityGroups(scope, endpointGroupIds), { ip: instance.PrivateIpAddress, groupIds: instanceGroupIds }, flow)) {
        return { action: 'drop', reason: `no ingress rule of ${endpoint.VpcEndpointId}'s security groups (${endpointGroupIds.join(', ') || 'none'}) admits TCP ${port} from ${instance.InstanceId} (${instance.PrivateIpAddress})` };
      }
      if (port !== ENDPOINT_PORT) return { action: 'refuse', reason: `connection refused: ${target} listens on port ${ENDPOINT_PORT} only` };
      return {
        action: 'endpoint',
        origin: {
          account: scope.account,
          region: scope.region,
          vpcId: endpoint.VpcId,
          vpceId: endpoint.VpcEndpointId,
          sourceIp: instance.PrivateIpAddress,
          instanceId: instance.InstanceId,
        },
      };
    }
  }
}
