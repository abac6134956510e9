/**
 * AWS::EC2::Subnet, made through Gatehouse's EC2 service. Gatehouse subnets are IPv4 only, so the IPv6 and IPAM
 * properties fail clearly; only tags change in place.
 */
import type { Subnet } from '../../../domain/ec2.js';
import { unlessGone } from '../errors.js';
import { derivedEc2Id } from '../ids.js';
import { compact, parse, refuse, type Tag } from '../properties.js';
import { bool, int, obj, str, strings, tagList } from '../schema.js';
import type { Provisioned, ResourceContext, ResourceType } from '../types.js';
import { retag, tagSpecifications } from './tags.js';

interface SubnetProps {
  VpcId: string;
  CidrBlock?: string;
  AvailabilityZone?: string;
  AvailabilityZoneId?: string;
  MapPublicIpOnLaunch?: boolean;
  Tags?: Tag[];
}

const IPV6_SUBNET_PROPS = ['Ipv6CidrBlock', 'Ipv6CidrBlocks', 'Ipv6Native', 'Ipv6IpamPoolId', 'Ipv6NetmaskLength', 'Ipv4IpamPoolId', 'Ipv4NetmaskLength'];

const SUBNET_SHAPE = obj(
  {
    VpcId: str,
    CidrBlock: str,
    AvailabilityZone: str,
    AvailabilityZoneId: str,
    MapPublicIpOnLaunch: bool,
    Tags: tagList,
    Ipv6CidrBlock: str,
    Ipv6CidrBlocks: strings,
    Ipv6Native: bool,
    Ipv6IpamPoolId: str,
    Ipv6NetmaskLength: int,
    Ipv4IpamPoolId: str,
    Ipv4NetmaskLength: int,
  },
  ['VpcId'],
  ['AssignIpv6AddressOnCreation', 'EnableDns64', 'OutpostArn', 'PrivateDnsNameOptionsOnLaunch', 'EnableLniAtDeviceIndex'],
);

async function readSubnet(ctx: ResourceContext, subnetId: string): Promise<Provisioned> {
  const s = ((await ctx.call('ec2', 'DescribeSubnets', { SubnetIds: [subnetId] })).Subnets as Subnet[])[0]!;
  return {
    physicalId: subnetId,
    attributes: {
      SubnetId: subnetId,
      VpcId: s.VpcId,
      CidrBlock: s.CidrBlock,
      AvailabilityZone: s.AvailabilityZone,
      AvailabilityZoneId: s.AvailabilityZoneId,
      Ipv6CidrBlocks: [],
      NetworkAclAssociationId: derivedEc2Id('aclassoc', subnetId),
    },
  };
}

export const subnet: ResourceType = {
  type: 'AWS::EC2::Subnet',
  replaceOn: ['VpcId', 'CidrBlock', 'AvailabilityZone', 'AvailabilityZoneId', 'Ipv6CidrBlock', 'Ipv4IpamPoolId', 'Ipv4NetmaskLength', 'Ipv6Native', 'OutpostArn'],
  async create(properties, ctx) {
    const p = parse<SubnetProps>(ctx, properties, SUBNET_SHAPE);
    refuse(p, IPV6_SUBNET_PROPS, 'Gatehouse subnets are IPv4 only, with a CidrBlock');
    // MapPublicIpOnLaunch is accepted and has nothing to act on: Gatehouse gives instances no public addresses.
    const out = await ctx.call('ec2', 'CreateSubnet', compact({
      VpcId: p.VpcId,
      CidrBlock: p.CidrBlock,
      AvailabilityZone: p.AvailabilityZone,
      AvailabilityZoneId: p.AvailabilityZoneId,
      TagSpecifications: tagSpecifications('subnet', p.Tags),
    }));
    return readSubnet(ctx, (out.Subnet as Subnet).SubnetId);
  },
  async update(current, before, after, ctx) {
    const b = parse<SubnetProps>(ctx, before, SUBNET_SHAPE);
    const a = parse<SubnetProps>(ctx, after, SUBNET_SHAPE);
    refuse(a, IPV6_SUBNET_PROPS, 'Gatehouse subnets are IPv4 only, with a CidrBlock');
    await retag(ctx, current.physicalId, b.Tags, a.Tags);
    return readSubnet(ctx, current.physicalId);
  },
  async delete(current, _properties, ctx) {
    await unlessGone(ctx.call('ec2', 'DeleteSubnet', { SubnetId: current.physicalId }), 'InvalidSubnetID.NotFound');
  },
};
