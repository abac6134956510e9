/**
 * What Gatehouse does not route, kept by the stack alone: AWS::EC2::InternetGateway, VPCGatewayAttachment,
 * RouteTable, Route and SubnetRouteTableAssociation, and the Elastic IPs and NAT gateways a CDK Vpc makes.
 * Gatehouse's EC2 has no records for them, so each gets an AWS-shaped id after a check that the VPC or subnet
 * it names exists.
 */
import { randomInt } from 'node:crypto';
import { validationFailed } from '../errors.js';
import { ec2StyleId } from '../ids.js';
import { parse, type Tag } from '../properties.js';
import { obj, str, tagList, type ObjectShape } from '../schema.js';
import type { Provisioned, ResourceContext, ResourceType } from '../types.js';

/** Fails with EC2's own NotFound error unless the VPC exists. */
async function requireVpc(ctx: ResourceContext, vpcId: string): Promise<void> {
  await ctx.call('ec2', 'DescribeVpcs', { VpcIds: [vpcId] });
}

/** A record kept by the stack alone: `create` checks and names it, `update` re-checks, `delete` has nothing to remove. */
function stackRecord<P>(type: string, shape: ObjectShape, replaceOn: readonly string[], make: (p: P, ctx: ResourceContext, current?: Provisioned) => Promise<Provisioned>): ResourceType {
  return {
    type,
    replaceOn,
    create: (properties, ctx) => make(parse<P>(ctx, properties, shape), ctx),
    update: (current, _before, after, ctx) => make(parse<P>(ctx, after, shape), ctx, current),
    delete: async () => undefined,
  };
}

export const internetGateway = stackRecord<{ Tags?: Tag[] }>('AWS::EC2::InternetGateway', obj({ Tags: tagList }), [], async (_p, _ctx, current) => {
  const id = current?.physicalId ?? ec2StyleId('igw');
  return { physicalId: id, attributes: { InternetGatewayId: id } };
});

interface AttachmentProps {
  VpcId: string;
  InternetGatewayId?: string;
  VpnGatewayId?: string;
}

/** Its id is AWS's: the attachment type and the VPC, `IGW|vpc-...` (or `VGW|vpc-...`). */
export const vpcGatewayAttachment = stackRecord<AttachmentProps>(
  'AWS::EC2::VPCGatewayAttachment',
  obj({ VpcId: str, InternetGatewayId: str, VpnGatewayId: str }, ['VpcId']),
  ['VpcId'],
  async (p, ctx) => {
    if ((p.InternetGatewayId === undefined) === (p.VpnGatewayId === undefined)) {
      throw validationFailed(ctx.logicalId, '#: only one of [InternetGatewayId, VpnGatewayId] must be specified');
    }
    await requireVpc(ctx, p.VpcId);
    const type = p.InternetGatewayId !== undefined ? 'IGW' : 'VGW';
    return { physicalId: `${type}|${p.VpcId}`, attributes: { AttachmentType: type } };
  },
);

export const routeTable = stackRecord<{ VpcId: string; Tags?: Tag[] }>('AWS::EC2::RouteTable', obj({ VpcId: str, Tags: tagList }, ['VpcId']), ['VpcId'], async (p, ctx, current) => {
  if (!current) await requireVpc(ctx, p.VpcId);
  const id = current?.physicalId ?? ec2StyleId('rtb');
  return { physicalId: id, attributes: { RouteTableId: id } };
});

const ROUTE_DESTINATIONS = ['DestinationCidrBlock', 'DestinationIpv6CidrBlock', 'DestinationPrefixListId'] as const;
const ROUTE_TARGETS = [
  'GatewayId', 'NatGatewayId', 'InstanceId', 'NetworkInterfaceId', 'VpcPeeringConnectionId', 'TransitGatewayId', 'VpcEndpointId',
  'EgressOnlyInternetGatewayId', 'CarrierGatewayId', 'LocalGatewayId', 'CoreNetworkArn',
];

/** Its id is AWS's: the route table and the destination, `rtb-...|0.0.0.0/0`. */
export const route = stackRecord<Record<string, string | undefined>>(
  'AWS::EC2::Route',
  obj(Object.fromEntries(['RouteTableId', ...ROUTE_DESTINATIONS, ...ROUTE_TARGETS].map((k) => [k, str])), ['RouteTableId']),
  ['RouteTableId', ...ROUTE_DESTINATIONS],
  async (p, ctx) => {
    const destinations = ROUTE_DESTINATIONS.filter((d) => p[d] !== undefined);
    if (destinations.length !== 1) throw validationFailed(ctx.logicalId, `#: only one of [${ROUTE_DESTINATIONS.join(', ')}] must be specified`);
    const destination = p[destinations[0]!]!;
    return { physicalId: `${p['RouteTableId']}|${destination}`, attributes: { CidrBlock: destination } };
  },
);

export const subnetRouteTableAssociation = stackRecord<{ SubnetId: string; RouteTableId: string }>(
  'AWS::EC2::SubnetRouteTableAssociation',
  obj({ SubnetId: str, RouteTableId: str }, ['RouteTableId', 'SubnetId']),
  ['RouteTableId', 'SubnetId'],
  async (p, ctx, current) => {
    if (!current) await ctx.call('ec2', 'DescribeSubnets', { SubnetIds: [p.SubnetId] });
    const id = current?.physicalId ?? ec2StyleId('rtbassoc');
    return { physicalId: id, attributes: { Id: id } };
  },
);

/**
 * What a CDK `Vpc` makes for its public subnets' NAT: an Elastic IP (Ref is the address, from TEST-NET-3, since
 * Gatehouse has no public addresses) and a NAT gateway. Gatehouse routes nothing, so both are stack records.
 */
export const eip = stackRecord<{ Domain?: string; InstanceId?: string; Tags?: Tag[] }>(
  'AWS::EC2::EIP',
  obj({ Domain: str, InstanceId: str, Tags: tagList }, [], ['NetworkBorderGroup', 'PublicIpv4Pool', 'TransferAddress', 'IpamPoolId', 'Address']),
  ['Domain', 'NetworkBorderGroup', 'PublicIpv4Pool', 'TransferAddress'],
  async (_p, _ctx, current) => {
    if (current) return current;
    const ip = `203.0.113.${randomInt(1, 255)}`;
    return { physicalId: ip, attributes: { AllocationId: ec2StyleId('eipalloc'), PublicIp: ip } };
  },
);

export const natGateway = stackRecord<{ SubnetId: string; Tags?: Tag[] }>(
  'AWS::EC2::NatGateway',
  obj({ SubnetId: str, AllocationId: str, ConnectivityType: str, PrivateIpAddress: str, Tags: tagList }, ['SubnetId'], ['SecondaryAllocationIds', 'SecondaryPrivateIpAddresses', 'SecondaryPrivateIpAddressCount', 'MaxDrainDurationSeconds']),
  ['SubnetId', 'AllocationId', 'ConnectivityType', 'PrivateIpAddress'],
  async (p, ctx, current) => {
    if (!current) await ctx.call('ec2', 'DescribeSubnets', { SubnetIds: [p.SubnetId] });
    const id = current?.physicalId ?? ec2StyleId('nat');
    return { physicalId: id, attributes: { NatGatewayId: id } };
  },
);
