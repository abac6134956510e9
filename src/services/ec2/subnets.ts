/** Subnets: CreateSubnet, DescribeSubnets, DeleteSubnet. A subnet's CIDR lies inside its VPC's and overlaps no other. */
import type { Subnet, Tag, Vpc } from '../../domain/ec2.js';
import type { OperationContext } from '../types.js';
import { zoneById, zoneByName, zonesOf, type Zone } from './availability-zones.js';
import { containsCidr, formatCidr, overlaps, parseCidr, type Cidr } from './cidr.js';
import { badCidr, cidrMissing, dependencyViolation, ec2Error, invalidParameterValue } from './errors.js';
import { tagFields, type FilterFields } from './filters.js';
import { usableCount } from './ip-allocation.js';
import type { DescribeInput } from './paging.js';
import { SUBNET, VPC, all, describeKind, ec2Tables, insert, liveInstances, newId, remove, requireOne } from './state.js';
import { tagsFromSpecifications, type TagSpecification } from './tags.js';

export function addSubnet(ctx: OperationContext, vpc: Vpc, cidr: Cidr, zone: Zone, options: { defaultForAz: boolean; tags?: Tag[] }): Subnet {
  const SubnetId = newId('subnet', ec2Tables(ctx).subnets, ctx);
  const subnet: Subnet = {
    SubnetId,
    SubnetArn: `arn:aws:ec2:${ctx.scope.region}:${ctx.scope.account}:subnet/${SubnetId}`,
    VpcId: vpc.VpcId,
    CidrBlock: formatCidr(cidr),
    AvailabilityZone: zone.ZoneName,
    AvailabilityZoneId: zone.ZoneId,
    AvailableIpAddressCount: usableCount(cidr),
    DefaultForAz: options.defaultForAz,
    MapPublicIpOnLaunch: options.defaultForAz,
    State: 'available',
    OwnerId: ctx.scope.account,
  };
  if (options.tags) subnet.Tags = options.tags;
  insert(ctx, 'subnets', SubnetId, subnet);
  return subnet;
}

/** The zone asked for by name or id; without either, the zone where this VPC has the fewest subnets. */
function pickZone(ctx: OperationContext, vpc: Vpc, name: string | undefined, id: string | undefined): Zone {
  const region = ctx.scope.region;
  const zones = zonesOf(region);
  if (name !== undefined) {
    const zone = zoneByName(region, name);
    if (!zone) throw invalidParameterValue(`Value (${name}) for parameter availabilityZone is invalid. Subnets can currently only be created in the following availability zones: ${zones.map((z) => z.ZoneName).join(', ')}.`);
    if (id !== undefined && zone.ZoneId !== id) throw ec2Error('InvalidParameterCombination', 'The parameters availabilityZone and availabilityZoneId do not refer to the same zone.');
    return zone;
  }
  if (id !== undefined) {
    const zone = zoneById(region, id);
    if (!zone) throw invalidParameterValue(`Value (${id}) for parameter availabilityZoneId is invalid. Subnets can currently only be created in the following availability zone ids: ${zones.map((z) => z.ZoneId).join(', ')}.`);
    return zone;
  }
  const count = (z: Zone) => all(ctx, 'subnets').filter((s) => s.VpcId === vpc.VpcId && s.AvailabilityZone === z.ZoneName).length;
  return zones.reduce((best, z) => (count(z) < count(best) ? z : best));
}

interface CreateSubnetInput {
  VpcId?: string;
  CidrBlock?: string;
  AvailabilityZone?: string;
  AvailabilityZoneId?: string;
  TagSpecifications?: TagSpecification[];
}

export function createSubnet(input: CreateSubnetInput, ctx: OperationContext) {
  const vpc = requireOne(ctx, VPC, input.VpcId, 'vpcId');
  if (input.CidrBlock === undefined || input.CidrBlock === '') throw cidrMissing();
  const cidr = parseCidr(input.CidrBlock);
  if (!cidr) throw badCidr(input.CidrBlock);
  if (cidr.prefix < 16 || cidr.prefix > 28 || !containsCidr(parseCidr(vpc.CidrBlock)!, cidr)) throw ec2Error('InvalidSubnet.Range', `The CIDR '${input.CidrBlock}' is invalid.`);
  if (all(ctx, 'subnets').some((s) => s.VpcId === vpc.VpcId && overlaps(parseCidr(s.CidrBlock)!, cidr))) {
    throw ec2Error('InvalidSubnet.Conflict', `The CIDR '${input.CidrBlock}' conflicts with another subnet`);
  }
  const zone = pickZone(ctx, vpc, input.AvailabilityZone, input.AvailabilityZoneId);
  const tags = tagsFromSpecifications(input.TagSpecifications, 'subnet');
  return { Subnet: subnetView(addSubnet(ctx, vpc, cidr, zone, { defaultForAz: false, tags })) };
}

/** A subnet with the members AWS always shows for an IPv4-only subnet. */
export function subnetView(s: Subnet) {
  return {
    ...s,
    MapCustomerOwnedIpOnLaunch: false,
    AssignIpv6AddressOnCreation: false,
    Ipv6CidrBlockAssociationSet: [],
    EnableDns64: false,
    Ipv6Native: false,
    PrivateDnsNameOptionsOnLaunch: { HostnameType: 'ip-name', EnableResourceNameDnsARecord: false, EnableResourceNameDnsAAAARecord: false },
  };
}

const FIELDS: FilterFields<Subnet> = {
  'subnet-id': (s) => s.SubnetId,
  'subnet-arn': (s) => s.SubnetArn,
  'vpc-id': (s) => s.VpcId,
  'cidr-block': (s) => s.CidrBlock,
  cidr: (s) => s.CidrBlock,
  cidrBlock: (s) => s.CidrBlock,
  'availability-zone': (s) => s.AvailabilityZone,
  availabilityZone: (s) => s.AvailabilityZone,
  'availability-zone-id': (s) => s.AvailabilityZoneId,
  availabilityZoneId: (s) => s.AvailabilityZoneId,
  'available-ip-address-count': (s) => s.AvailableIpAddressCount,
  'default-for-az': (s) => s.DefaultForAz,
  defaultForAz: (s) => s.DefaultForAz,
  'map-public-ip-on-launch': (s) => s.MapPublicIpOnLaunch,
  'owner-id': (s) => s.OwnerId,
  state: (s) => s.State,
  ...tagFields<Subnet>(),
};

export function describeSubnets(input: DescribeInput & { SubnetIds?: string[] }, ctx: OperationContext) {
  const page = describeKind(ctx, SUBNET, input.SubnetIds, input, FIELDS);
  return { Subnets: page.items.map(subnetView), NextToken: page.NextToken };
}

/** A subnet with running instances or endpoint network interfaces in it cannot be deleted. */
export function deleteSubnet(input: { SubnetId?: string }, ctx: OperationContext): void {
  const subnet = requireOne(ctx, SUBNET, input.SubnetId, 'subnetId');
  const used =
    liveInstances(ctx).some((i) => i.SubnetId === subnet.SubnetId) ||
    all(ctx, 'endpoints').some((e) => e.Interfaces.some((nic) => nic.SubnetId === subnet.SubnetId));
  if (used) throw dependencyViolation(`The subnet '${subnet.SubnetId}' has dependencies and cannot be deleted.`);
  remove(ctx, 'subnets', subnet.SubnetId);
}
