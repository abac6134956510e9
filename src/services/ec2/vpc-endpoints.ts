/**
 * VPC endpoints: CreateVpcEndpoint, DescribeVpcEndpoints, ModifyVpcEndpoint, DeleteVpcEndpoints.
 *
 * An Interface endpoint has one network interface (`eni-`) in each of its subnets, at most one subnet per
 * Availability Zone, each with a private IP drawn from its subnet; the network layer serves those addresses.
 * Private DNS (on by default for Interface endpoints) needs both DNS attributes of the VPC, and only one
 * endpoint per VPC may claim a service's private names. Gateway endpoints (the default type, as on AWS) have
 * route tables instead, which Gatehouse does not model.
 */
import type { Operations } from '../../wire/models/ec2-2016-11-15.js';
import type { EndpointInterface, SecurityGroup, Subnet, Vpc, VpcEndpoint } from '../../domain/ec2.js';
import type { OperationContext } from '../types.js';
import { ec2Error, endpointNotFound, invalidParameter, invalidParameterValue, missingParameter } from './errors.js';
import { dnsEntries, newDnsSuffix, newPrivateHostedZoneId } from './endpoint-dns.js';
import { DEFAULT_ENDPOINT_POLICY, checkedEndpointPolicy } from './endpoint-policy.js';
import { invalidServiceName, servicesNamed, type EndpointService, type EndpointType } from './endpoint-services.js';
import { tagFields, type FilterFields } from './filters.js';
import { AddressPool, refreshAvailableCounts } from './ip-allocation.js';
import type { DescribeInput } from './paging.js';
import { defaultGroupOf } from './security-groups.js';
import { ENDPOINT, GROUP, SUBNET, VPC, all, describeKind, ec2Tables, insert, newId, remove, requireOne, save } from './state.js';
import { tagsFromSpecifications, type TagSpecification } from './tags.js';

const TYPES: readonly string[] = ['Interface', 'Gateway', 'GatewayLoadBalancer', 'Resource', 'ServiceNetwork'];

/** The VPC endpoint API words malformed ids its own way (and spells the code `InvalidVpcId`). */
function requireVpcForEndpoint(ctx: OperationContext, id: string | undefined): Vpc {
  if (id === undefined || id === '') throw missingParameter('VpcId');
  if (!/^vpc-[a-z0-9]+$/.test(id)) {
    throw ec2Error('InvalidVpcId.Malformed', `Invalid Id: '${id}' (expecting 'vpc-...; the Id may only contain lowercase alphanumeric characters and a single dash')`);
  }
  return requireOne(ctx, VPC, id, 'VpcId');
}

function requireSubnetForEndpoint(ctx: OperationContext, vpc: Vpc, id: string): Subnet {
  if (!/^subnet-[a-z0-9]+$/.test(id)) {
    throw ec2Error('InvalidSubnetId.Malformed', `Invalid Subnet Id: '${id}' (expecting 'subnet-...; the Id may only contain lowercase alphanumeric characters and a single dash')`);
  }
  const subnet = requireOne(ctx, SUBNET, id, 'SubnetId');
  if (subnet.VpcId !== vpc.VpcId) throw invalidParameter('You have specified two resources that belong to different networks.');
  return subnet;
}

function requireGroupForEndpoint(ctx: OperationContext, vpc: Vpc, id: string): SecurityGroup {
  const group = requireOne(ctx, GROUP, id, 'SecurityGroupId');
  if (group.VpcId !== vpc.VpcId) throw invalidParameter('You have specified two resources that belong to different networks.');
  return group;
}

/** At most one subnet per Availability Zone; AWS names the subnet already holding the zone. */
function checkOnePerZone(subnets: readonly Subnet[]): void {
  const byZone = new Map<string, string>();
  for (const s of subnets) {
    const other = byZone.get(s.AvailabilityZone);
    if (other !== undefined) {
      throw ec2Error(
        'DuplicateSubnetsInSameZone',
        `Found another VPC endpoint subnet in the availability zone of ${other}. VPC endpoint subnets should be in different availability zones supported by the VPC endpoint service.`,
      );
    }
    byZone.set(s.AvailabilityZone, s.SubnetId);
  }
}

function checkPrivateDns(ctx: OperationContext, vpc: Vpc, service: EndpointService, endpointId: string | undefined): void {
  if (!vpc.EnableDnsSupport || !vpc.EnableDnsHostnames) {
    throw invalidParameter(`Enabling private DNS requires both enableDnsSupport and enableDnsHostnames VPC attributes set to true for ${vpc.VpcId}`);
  }
  const name = service.privateDnsNames(ctx.scope.region)[0];
  const conflict = all(ctx, 'endpoints').some(
    (e) => e.VpcId === vpc.VpcId && e.VpcEndpointId !== endpointId && e.PrivateDnsEnabled && e.ServiceName === `com.amazonaws.${ctx.scope.region}.${service.service}`,
  );
  if (name !== undefined && conflict) {
    throw invalidParameter(`private-dns-enabled cannot be set because there is already a conflicting DNS domain for ${name} in the VPC ${vpc.VpcId}`);
  }
}

/** Only ipv4 endpoints: Gatehouse subnets have no IPv6 ranges. */
function checkIpv4(ipAddressType: string | undefined, dnsRecordIpType: string | undefined): void {
  if (ipAddressType !== undefined && ipAddressType !== 'ipv4') {
    throw invalidParameter(`The IP address type ${ipAddressType} requires subnets with IPv6 CIDR blocks; only ipv4 is supported in this VPC.`);
  }
  if (dnsRecordIpType !== undefined && dnsRecordIpType !== 'ipv4') {
    throw invalidParameter(`The DNS record IP type ${dnsRecordIpType} is not supported by an endpoint with IP address type ipv4.`);
  }
}

/** There are no route tables in Gatehouse, so any route table named is unknown. */
function checkRouteTables(ids: readonly string[] | undefined): void {
  const id = ids?.[0];
  if (id !== undefined) throw ec2Error('InvalidRouteTableID.NotFound', `The routeTable ID '${id}' does not exist`);
}

function serviceOf(ctx: OperationContext, e: Pick<VpcEndpoint, 'ServiceName' | 'VpcEndpointType'>): EndpointService {
  return servicesNamed(ctx.scope.region, e.ServiceName).find((s) => s.type === e.VpcEndpointType)!;
}

function newInterface(pool: AddressPool): EndpointInterface {
  return {
    NetworkInterfaceId: newId('eni'),
    SubnetId: pool.subnet.SubnetId,
    AvailabilityZone: pool.subnet.AvailabilityZone,
    PrivateIpAddress: pool.take(),
  };
}

/** The derived members: subnet and interface ids, and the DNS names, from the interfaces and the flags. */
function withDerived(ctx: OperationContext, e: VpcEndpoint): VpcEndpoint {
  const service = serviceOf(ctx, e);
  const out: VpcEndpoint = {
    ...e,
    SubnetIds: e.Interfaces.map((nic) => nic.SubnetId),
    NetworkInterfaceIds: e.Interfaces.map((nic) => nic.NetworkInterfaceId),
  };
  if (e.VpcEndpointType === 'Interface') {
    out.DnsEntries = dnsEntries(ctx.scope.region, service, { ...out, DnsSuffix: e.DnsSuffix!, PrivateHostedZoneId: e.PrivateHostedZoneId! });
  }
  return out;
}

/** What Describe* shows: AWS's members only, with an empty tag list rather than none. */
export function endpointView(e: VpcEndpoint) {
  const { Interfaces: _interfaces, DnsSuffix: _suffix, PrivateHostedZoneId: _zone, ...members } = e;
  return { ...members, Tags: e.Tags ?? [] };
}

interface CreateVpcEndpointInput {
  VpcId?: string;
  ServiceName?: string;
  VpcEndpointType?: string;
  PolicyDocument?: string;
  RouteTableIds?: string[];
  SubnetIds?: string[];
  SecurityGroupIds?: string[];
  IpAddressType?: string;
  DnsOptions?: { DnsRecordIpType?: string };
  PrivateDnsEnabled?: boolean;
  ClientToken?: string;
  TagSpecifications?: TagSpecification[];
}

export function createVpcEndpoint(input: CreateVpcEndpointInput, ctx: OperationContext) {
  const vpc = requireVpcForEndpoint(ctx, input.VpcId);
  if (input.ServiceName === undefined || input.ServiceName === '') throw missingParameter('ServiceName');
  const offered = servicesNamed(ctx.scope.region, input.ServiceName);
  if (offered.length === 0) throw invalidServiceName(input.ServiceName);
  const type = input.VpcEndpointType ?? 'Gateway';
  if (!TYPES.includes(type)) throw invalidParameterValue(`Value (${type}) for parameter VpcEndpointType is invalid. Valid values: ${TYPES.join(', ')}.`);
  const service = offered.find((s) => s.type === type);
  if (!service) throw invalidParameter(`Endpoint type (${type}) does not match available service types ([${offered.map((s) => s.type).join(', ')}]).`);
  const tags = tagsFromSpecifications(input.TagSpecifications, 'vpc-endpoint');
  const policy = input.PolicyDocument === undefined ? DEFAULT_ENDPOINT_POLICY : checkedEndpointPolicy(input.PolicyDocument);
  const endpoint = type === 'Interface' ? newInterfaceEndpoint(ctx, vpc, service, input, policy) : newGatewayEndpoint(ctx, vpc, service.type, input, policy);
  if (tags) endpoint.Tags = tags;
  const stored = withDerived(ctx, endpoint);
  insert(ctx, 'endpoints', stored.VpcEndpointId, stored);
  refreshAvailableCounts(ctx, stored.SubnetIds);
  // AWS answers while an Interface endpoint's network interfaces are still being set up.
  const view = endpointView(stored);
  return { VpcEndpoint: type === 'Interface' ? { ...view, State: 'pending' } : view, ClientToken: input.ClientToken };
}

function baseEndpoint(ctx: OperationContext, vpc: Vpc, type: EndpointType, serviceName: string, policy: string): VpcEndpoint {
  return {
    VpcEndpointId: newId('vpce', ec2Tables(ctx).endpoints, ctx),
    VpcEndpointType: type,
    VpcId: vpc.VpcId,
    ServiceName: serviceName,
    State: 'available',
    PolicyDocument: policy,
    RouteTableIds: [],
    SubnetIds: [],
    Groups: [],
    PrivateDnsEnabled: false,
    RequesterManaged: false,
    NetworkInterfaceIds: [],
    DnsEntries: [],
    CreationTimestamp: ctx.clock.now().toISOString(),
    OwnerId: ctx.scope.account,
    Interfaces: [],
  };
}

function newInterfaceEndpoint(ctx: OperationContext, vpc: Vpc, service: EndpointService, input: CreateVpcEndpointInput, policy: string): VpcEndpoint {
  if (input.RouteTableIds && input.RouteTableIds.length > 0) throw invalidParameter('Route table IDs are only supported for Gateway type VPC Endpoint.');
  checkIpv4(input.IpAddressType, input.DnsOptions?.DnsRecordIpType);
  const subnets = (input.SubnetIds ?? []).map((id) => requireSubnetForEndpoint(ctx, vpc, id));
  checkOnePerZone(subnets);
  const groups = input.SecurityGroupIds && input.SecurityGroupIds.length > 0
    ? input.SecurityGroupIds.map((id) => requireGroupForEndpoint(ctx, vpc, id))
    : [defaultGroupOf(ctx, vpc.VpcId)].filter((g): g is SecurityGroup => g !== undefined);
  const privateDns = input.PrivateDnsEnabled ?? true;
  if (privateDns) checkPrivateDns(ctx, vpc, service, undefined);
  const endpoint = baseEndpoint(ctx, vpc, 'Interface', input.ServiceName!, policy);
  endpoint.IpAddressType = 'ipv4';
  endpoint.DnsOptions = { DnsRecordIpType: 'ipv4' };
  endpoint.Groups = uniqueGroups(groups);
  endpoint.PrivateDnsEnabled = privateDns;
  endpoint.Interfaces = subnets.map((s) => newInterface(new AddressPool(ctx, s)));
  endpoint.DnsSuffix = newDnsSuffix();
  endpoint.PrivateHostedZoneId = newPrivateHostedZoneId();
  return endpoint;
}

function newGatewayEndpoint(ctx: OperationContext, vpc: Vpc, type: EndpointType, input: CreateVpcEndpointInput, policy: string): VpcEndpoint {
  if (input.SubnetIds && input.SubnetIds.length > 0) throw invalidParameter('Subnet IDs are only supported for Interface and GatewayLoadBalancer type VPC Endpoints.');
  if (input.SecurityGroupIds && input.SecurityGroupIds.length > 0) throw invalidParameter('Security group IDs are only supported for Interface type VPC Endpoints.');
  if (input.PrivateDnsEnabled === true) throw invalidParameter('Private DNS can only be enabled for Interface type VPC Endpoints.');
  checkRouteTables(input.RouteTableIds);
  return baseEndpoint(ctx, vpc, type, input.ServiceName!, policy);
}

function uniqueGroups(groups: readonly SecurityGroup[]): VpcEndpoint['Groups'] {
  const seen = new Map(groups.map((g) => [g.GroupId, { GroupId: g.GroupId, GroupName: g.GroupName }]));
  return [...seen.values()];
}

const FIELDS: FilterFields<VpcEndpoint> = {
  'vpc-endpoint-id': (e) => e.VpcEndpointId,
  'vpc-endpoint-type': (e) => e.VpcEndpointType,
  'vpc-endpoint-state': (e) => e.State,
  'vpc-id': (e) => e.VpcId,
  'service-name': (e) => e.ServiceName,
  'ip-address-type': (e) => e.IpAddressType,
  ...tagFields<VpcEndpoint>(),
};

export function describeVpcEndpoints(input: DescribeInput & { VpcEndpointIds?: string[] }, ctx: OperationContext) {
  const page = describeKind(ctx, ENDPOINT, input.VpcEndpointIds, input, FIELDS);
  return { VpcEndpoints: page.items.map(endpointView), NextToken: page.NextToken };
}

/** The request as the model shapes it (wire/models). */
type ModifyVpcEndpointInput = Operations['ModifyVpcEndpoint']['input'];

/** Subnets are removed before new ones are added, so one call can move the endpoint to another subnet of a zone. */
export function modifyVpcEndpoint(input: ModifyVpcEndpointInput, ctx: OperationContext) {
  const endpoint = requireOne(ctx, ENDPOINT, input.VpcEndpointId, 'VpcEndpointId');
  const vpc = requireOne(ctx, VPC, endpoint.VpcId, 'VpcId');
  const service = serviceOf(ctx, endpoint);
  const next: VpcEndpoint = structuredClone(endpoint);
  const interfaceOnly = endpoint.VpcEndpointType === 'Interface';

  if (input.ResetPolicy === true && input.PolicyDocument !== undefined) {
    throw ec2Error('InvalidParameterCombination', 'The parameters ResetPolicy and PolicyDocument cannot be used together.');
  }
  if (input.ResetPolicy === true) next.PolicyDocument = DEFAULT_ENDPOINT_POLICY;
  if (input.PolicyDocument !== undefined) next.PolicyDocument = checkedEndpointPolicy(input.PolicyDocument);

  if (interfaceOnly) {
    if (input.AddRouteTableIds?.length || input.RemoveRouteTableIds?.length) throw invalidParameter('Route table IDs are only supported for Gateway type VPC Endpoint.');
    checkIpv4(input.IpAddressType, input.DnsOptions?.DnsRecordIpType);
    changeSubnets(ctx, vpc, next, input.AddSubnetIds ?? [], input.RemoveSubnetIds ?? []);
    changeGroups(ctx, vpc, next, input.AddSecurityGroupIds ?? [], input.RemoveSecurityGroupIds ?? []);
    if (input.PrivateDnsEnabled === true && !endpoint.PrivateDnsEnabled) checkPrivateDns(ctx, vpc, service, endpoint.VpcEndpointId);
    if (input.PrivateDnsEnabled !== undefined) next.PrivateDnsEnabled = input.PrivateDnsEnabled;
  } else {
    if (input.AddSubnetIds?.length || input.RemoveSubnetIds?.length) throw invalidParameter('Subnet IDs are only supported for Interface and GatewayLoadBalancer type VPC Endpoints.');
    if (input.AddSecurityGroupIds?.length || input.RemoveSecurityGroupIds?.length) throw invalidParameter('Security group IDs are only supported for Interface type VPC Endpoints.');
    if (input.PrivateDnsEnabled === true) throw invalidParameter('Private DNS can only be enabled for Interface type VPC Endpoints.');
    checkRouteTables(input.AddRouteTableIds);
    const notAttached = (input.RemoveRouteTableIds ?? []).find((id) => !next.RouteTableIds.includes(id));
    if (notAttached !== undefined) throw ec2Error('InvalidRouteTableID.NotFound', `The routeTable ID '${notAttached}' does not exist`);
  }

  const stored = withDerived(ctx, next);
  save(ctx, 'endpoints', stored.VpcEndpointId, stored);
  refreshAvailableCounts(ctx, [...endpoint.SubnetIds, ...stored.SubnetIds]);
  return { Return: true };
}

function changeSubnets(ctx: OperationContext, vpc: Vpc, e: VpcEndpoint, add: readonly string[], removeIds: readonly string[]): void {
  for (const id of removeIds) {
    if (!e.Interfaces.some((nic) => nic.SubnetId === id)) throw invalidParameter(`The subnet ID '${id}' is not associated with the VPC endpoint ${e.VpcEndpointId}.`);
  }
  const kept = e.Interfaces.filter((nic) => !removeIds.includes(nic.SubnetId));
  const added = add.filter((id) => !kept.some((nic) => nic.SubnetId === id)).map((id) => requireSubnetForEndpoint(ctx, vpc, id));
  const subnetsById = new Map(all(ctx, 'subnets').map((s) => [s.SubnetId, s]));
  checkOnePerZone([...kept.map((nic) => subnetsById.get(nic.SubnetId)!), ...added]);
  e.Interfaces = [...kept, ...added.map((s) => newInterface(new AddressPool(ctx, s)))];
}

function changeGroups(ctx: OperationContext, vpc: Vpc, e: VpcEndpoint, add: readonly string[], removeIds: readonly string[]): void {
  for (const id of removeIds) {
    if (!e.Groups.some((g) => g.GroupId === id)) throw invalidParameter(`The security group '${id}' is not associated with the VPC endpoint ${e.VpcEndpointId}.`);
  }
  const kept = e.Groups.filter((g) => !removeIds.includes(g.GroupId));
  const added = add.map((id) => requireGroupForEndpoint(ctx, vpc, id)).map((g) => ({ GroupId: g.GroupId, GroupName: g.GroupName }));
  const groups = [...new Map([...kept, ...added].map((g) => [g.GroupId, g])).values()];
  if (groups.length === 0) throw invalidParameter('An Interface VPC endpoint must have at least one security group.');
  e.Groups = groups;
}

/** Unknown ids do not fail the call: they come back as Unsuccessful items, and the others are deleted. */
export function deleteVpcEndpoints(input: { VpcEndpointIds?: string[] }, ctx: OperationContext) {
  if (!input.VpcEndpointIds || input.VpcEndpointIds.length === 0) throw missingParameter('VpcEndpointId');
  const unsuccessful: Array<{ Error: { Code: string; Message: string }; ResourceId: string }> = [];
  const touched: string[] = [];
  for (const id of input.VpcEndpointIds) {
    const endpoint = ec2Tables(ctx).endpoints.get(ctx.scope, '', id);
    if (!endpoint) {
      const error = endpointNotFound(id);
      unsuccessful.push({ Error: { Code: error.code, Message: error.message }, ResourceId: id });
      continue;
    }
    touched.push(...endpoint.SubnetIds);
    remove(ctx, 'endpoints', id);
  }
  refreshAvailableCounts(ctx, touched);
  return { Unsuccessful: unsuccessful };
}
