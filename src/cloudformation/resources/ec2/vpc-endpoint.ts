/**
 * AWS::EC2::VPCEndpoint, made through Gatehouse's EC2 service (an interface endpoint for execute-api gets its
 * private IPs and listener there); policy, subnets, security groups and private DNS change in place.
 */
import type { VpcEndpoint } from '../../../domain/ec2.js';
import { compact, parse, type Tag } from '../properties.js';
import { bool, changed, json, obj, policyText, str, strings, tagList } from '../schema.js';
import type { Provisioned, ResourceContext, ResourceType } from '../types.js';
import { retag, tagSpecifications } from './tags.js';

interface VpcEndpointProps {
  VpcId: string;
  ServiceName?: string;
  VpcEndpointType?: string;
  SubnetIds?: string[];
  SecurityGroupIds?: string[];
  RouteTableIds?: string[];
  PrivateDnsEnabled?: boolean;
  PolicyDocument?: unknown;
  IpAddressType?: string;
  DnsOptions?: { DnsRecordIpType?: string };
  Tags?: Tag[];
}

const VPC_ENDPOINT_SHAPE = obj(
  {
    VpcId: str,
    ServiceName: str,
    VpcEndpointType: str,
    SubnetIds: strings,
    SecurityGroupIds: strings,
    RouteTableIds: strings,
    PrivateDnsEnabled: bool,
    PolicyDocument: json,
    IpAddressType: str,
    DnsOptions: obj({ DnsRecordIpType: str }, [], ['PrivateDnsOnlyForInboundResolverEndpoint', 'PrivateDnsPreference', 'PrivateDnsSpecifiedDomains']),
    Tags: tagList,
  },
  ['VpcId'],
);

/** GetAtt DnsEntries as AWS gives them: `hostedZoneId:dnsName` strings, in DescribeVpcEndpoints' order. */
async function readEndpoint(ctx: ResourceContext, endpointId: string, routeTableIds: string[] | undefined): Promise<Provisioned> {
  const e = ((await ctx.call('ec2', 'DescribeVpcEndpoints', { VpcEndpointIds: [endpointId] })).VpcEndpoints as VpcEndpoint[])[0]!;
  return {
    physicalId: endpointId,
    attributes: {
      Id: endpointId,
      CreationTimestamp: e.CreationTimestamp,
      DnsEntries: e.DnsEntries.map((d) => `${d.HostedZoneId}:${d.DnsName}`),
      NetworkInterfaceIds: e.NetworkInterfaceIds,
      ...(routeTableIds && routeTableIds.length > 0 ? { RouteTableIds: routeTableIds } : {}),
    },
  };
}

/**
 * CloudFormation's PrivateDnsEnabled defaults to false (the EC2 API's to true for interface endpoints). Route
 * tables exist only as stack records in Gatehouse, so a gateway endpoint's RouteTableIds are kept by the stack.
 */
const privateDnsOf = (p: VpcEndpointProps) => ((p.VpcEndpointType ?? 'Gateway') === 'Interface' ? (p.PrivateDnsEnabled ?? false) : p.PrivateDnsEnabled);

const added = (before: readonly string[] | undefined, after: readonly string[] | undefined) => (after ?? []).filter((x) => !(before ?? []).includes(x));

export const vpcEndpoint: ResourceType = {
  type: 'AWS::EC2::VPCEndpoint',
  replaceOn: ['VpcId', 'ServiceName', 'VpcEndpointType'],
  async create(properties, ctx) {
    const p = parse<VpcEndpointProps>(ctx, properties, VPC_ENDPOINT_SHAPE);
    const out = await ctx.call('ec2', 'CreateVpcEndpoint', compact({
      VpcId: p.VpcId,
      ServiceName: p.ServiceName,
      VpcEndpointType: p.VpcEndpointType,
      SubnetIds: p.SubnetIds,
      SecurityGroupIds: p.SecurityGroupIds,
      PrivateDnsEnabled: privateDnsOf(p),
      PolicyDocument: policyText(p.PolicyDocument),
      IpAddressType: p.IpAddressType,
      DnsOptions: p.DnsOptions,
      TagSpecifications: tagSpecifications('vpc-endpoint', p.Tags),
    }));
    return readEndpoint(ctx, (out.VpcEndpoint as VpcEndpoint).VpcEndpointId, p.RouteTableIds);
  },
  async update(current, before, after, ctx) {
    const b = parse<VpcEndpointProps>(ctx, before, VPC_ENDPOINT_SHAPE);
    const a = parse<VpcEndpointProps>(ctx, after, VPC_ENDPOINT_SHAPE);
    const input: Record<string, unknown> = { VpcEndpointId: current.physicalId };
    if (changed(b, a, 'PolicyDocument')) {
      if (a.PolicyDocument === undefined) input['ResetPolicy'] = true;
      else input['PolicyDocument'] = policyText(a.PolicyDocument);
    }
    const subnetsIn = added(b.SubnetIds, a.SubnetIds);
    const subnetsOut = added(a.SubnetIds, b.SubnetIds);
    if (subnetsIn.length > 0) input['AddSubnetIds'] = subnetsIn;
    if (subnetsOut.length > 0) input['RemoveSubnetIds'] = subnetsOut;
    const groupsIn = added(b.SecurityGroupIds, a.SecurityGroupIds);
    const groupsOut = added(a.SecurityGroupIds, b.SecurityGroupIds);
    if (groupsIn.length > 0) input['AddSecurityGroupIds'] = groupsIn;
    if (groupsOut.length > 0) input['RemoveSecurityGroupIds'] = groupsOut;
    if (privateDnsOf(b) !== privateDnsOf(a)) input['PrivateDnsEnabled'] = privateDnsOf(a) ?? false;
    if (Object.keys(input).length > 1) await ctx.call('ec2', 'ModifyVpcEndpoint', input);
    await retag(ctx, current.physicalId, b.Tags, a.Tags);
    return readEndpoint(ctx, current.physicalId, a.RouteTableIds);
  },
  async delete(current, _properties, ctx) {
    // DeleteVpcEndpoints reports an unknown id among its Unsuccessful items rather than failing: gone is fine.
    await ctx.call('ec2', 'DeleteVpcEndpoints', { VpcEndpointIds: [current.physicalId] });
  },
};
