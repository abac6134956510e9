/**
 * Name resolution as an instance's VPC sees it (the Amazon-provided DNS with the private hosted zones of its
 * interface endpoints), plus whether the answer is reachable from there. Pure over a NetworkView:
 * - `{api}.execute-api.{region}.amazonaws.com` and the bare `execute-api.{region}.amazonaws.com` are answered
 *   by the private hosted zone of the VPC's execute-api endpoint, which exists only when private DNS is on for
 *   it and both VPC DNS attributes are on; otherwise they are public names of the real AWS;
 * - the endpoint's own names (`vpce-….vpce.amazonaws.com`, regional and zonal) and the alias
 *   `{api-id}-{vpce-id}.execute-api.{region}.amazonaws.com` are public records that point at the endpoint's
 *   private IPs, so they work without private DNS but only from the endpoint's own VPC;
 * - AWS service names go to Gatehouse's own AWS endpoint; loopback stays loopback;
 * - everything else is the internet, which Gatehouse never reaches.
 */
import type { EndpointInterface, Instance, VpcEndpoint } from '../domain/ec2.js';
import type { Scope, Scoped } from '../shared/accounts.js';
import { classifyHost } from './host-names.js';
import type { NetworkView } from './network-view.js';

/** Where a connection from an instance goes, or why it goes nowhere. */
export type Resolution =
  | { kind: 'endpoint'; scope: Scope; endpoint: VpcEndpoint; networkInterface: EndpointInterface }
  | { kind: 'aws-service'; region: string | undefined }
  | { kind: 'loopback'; address: string }
  /** The name has no answer in this VPC, or its answer cannot be reached from it. */
  | { kind: 'unreachable'; reason: string };

export function resolveFromInstance(view: NetworkView, from: Scoped<Instance>, host: string): Resolution {
  const { scope, doc: instance } = from;
  const name = classifyHost(host);
  if (name.kind === 'loopback') return { kind: 'loopback', address: name.address };
  const vpc = view.vpc(scope, instance.VpcId);
  if (name.kind === 'ip') return resolveAddress(view, from, name.address);
  if (vpc && !vpc.EnableDnsSupport) {
    return unreachable(`${host} does not resolve in ${instance.VpcId}: its enableDnsSupport attribute is false, so the Amazon-provided DNS server is off`);
  }
  switch (name.kind) {
    case 'execute-api': {
      const privateDns = vpc !== undefined && vpc.EnableDnsHostnames && name.region === scope.region;
      const endpoint = privateDns ? view.endpointsInVpc(scope, instance.VpcId).find((e) => e.PrivateDnsEnabled) : undefined;
      if (!endpoint) {
        return unreachable(
          `${host} is a public name from ${instance.VpcId}: no execute-api interface endpoint with private DNS answers it there ` +
            `(private DNS needs PrivateDnsEnabled on the endpoint and both enableDnsSupport and enableDnsHostnames on the VPC), ` +
            `and Gatehouse never connects to the internet`,
        );
      }
      return atEndpoint(scope, endpoint, instance);
    }
    case 'execute-api-alias':
    case 'vpce': {
      const target = name.kind === 'vpce' ? view.endpointByDnsName(name.name) : view.endpoint(name.vpceId);
      if (!target || target.scope.region !== name.region) return unreachable(`${host} does not resolve: no execute-api interface endpoint has that name`);
      if (!sameVpc(target.scope, target.endpoint.VpcId, scope, instance.VpcId)) {
        return unreachable(`${host} resolves to ${target.endpoint.VpcEndpointId} in ${target.endpoint.VpcId}, whose private IPs are not reachable from ${instance.VpcId}`);
      }
      return atEndpoint(scope, target.endpoint, instance, name.kind === 'vpce' ? zoneOf(name.name, target.endpoint) : undefined);
    }
    case 'aws-service':
      return { kind: 'aws-service', region: name.region };
    case 'other':
      return unreachable(`${host} is not a name Gatehouse resolves from ${instance.VpcId} (execute-api and VPC endpoint names, AWS service names and loopback are), and it never connects to the internet`);
  }
}

/** An IP literal: an endpoint's interface in the instance's own VPC, or nothing Gatehouse will connect to. */
function resolveAddress(view: NetworkView, from: Scoped<Instance>, address: string): Resolution {
  for (const endpoint of view.endpointsInVpc(from.scope, from.doc.VpcId)) {
    const networkInterface = endpoint.Interfaces.find((i) => i.PrivateIpAddress === address);
    if (networkInterface) return { kind: 'endpoint', scope: from.scope, endpoint, networkInterface };
  }
  return unreachable(`${address} is not the private IP of an execute-api endpoint in ${from.doc.VpcId}, and Gatehouse connects only to those and to loopback`);
}

function atEndpoint(scope: Scope, endpoint: VpcEndpoint, instance: Instance, zone?: string): Resolution {
  const networkInterface = pickInterface(endpoint, zone ?? instance.Placement.AvailabilityZone, zone !== undefined);
  if (!networkInterface) return unreachable(`${endpoint.VpcEndpointId} has no network interface${zone ? ` in ${zone}` : ''}`);
  return { kind: 'endpoint', scope, endpoint, networkInterface };
}

/**
 * DNS answers with every interface's IP; a client takes one. Gatehouse takes the one in the instance's own
 * Availability Zone when there is one (what a client that prefers nearby addresses would get). A zonal name
 * answers only with its zone's interface.
 */
function pickInterface(endpoint: VpcEndpoint, zone: string, zonal: boolean): EndpointInterface | undefined {
  const inZone = endpoint.Interfaces.find((i) => i.AvailabilityZone === zone);
  return zonal ? inZone : (inZone ?? endpoint.Interfaces[0]);
}

/** The AZ a zonal DNS name names: `vpce-…-{suffix}-{az}.execute-api…` ends its first label with an AZ of the endpoint. */
function zoneOf(name: string, endpoint: VpcEndpoint): string | undefined {
  const label = name.slice(0, name.indexOf('.'));
  return endpoint.Interfaces.map((i) => i.AvailabilityZone).find((az) => label.endsWith(`-${az}`));
}

function sameVpc(a: Scope, aVpc: string, b: Scope, bVpc: string): boolean {
  return a.account === b.account && a.region === b.region && aVpc === bVpc;
}

function unreachable(reason: string): Resolution {
  return { kind: 'unreachable', reason };
}
