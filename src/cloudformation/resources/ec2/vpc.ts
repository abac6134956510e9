/**
 * AWS::EC2::VPC, made through Gatehouse's EC2 service: CreateVpc, then its DNS attributes (one
 * ModifyVpcAttribute each); GetAtt reads the VPC back with its default security group. Gatehouse has no IPAM.
 */
import type { SecurityGroup, Vpc } from '../../../domain/ec2.js';
import { orUndo, unlessGone } from '../errors.js';
import { derivedEc2Id } from '../ids.js';
import { compact, parse, refuse, type Tag } from '../properties.js';
import { bool, changed, int, obj, str, tagList } from '../schema.js';
import type { Provisioned, ResourceContext, ResourceType } from '../types.js';
import { retag, tagSpecifications } from './tags.js';

interface VpcProps {
  CidrBlock?: string;
  EnableDnsSupport?: boolean;
  EnableDnsHostnames?: boolean;
  InstanceTenancy?: string;
  Ipv4IpamPoolId?: string;
  Ipv4NetmaskLength?: number;
  Tags?: Tag[];
}

const VPC_SHAPE = obj({ CidrBlock: str, EnableDnsSupport: bool, EnableDnsHostnames: bool, InstanceTenancy: str, Ipv4IpamPoolId: str, Ipv4NetmaskLength: int, Tags: tagList });

async function readVpc(ctx: ResourceContext, vpcId: string): Promise<Provisioned> {
  const vpc = ((await ctx.call('ec2', 'DescribeVpcs', { VpcIds: [vpcId] })).Vpcs as Vpc[])[0]!;
  const groups = await ctx.call('ec2', 'DescribeSecurityGroups', {
    Filters: [
      { Name: 'vpc-id', Values: [vpcId] },
      { Name: 'group-name', Values: ['default'] },
    ],
  });
  return {
    physicalId: vpcId,
    attributes: {
      VpcId: vpcId,
      CidrBlock: vpc.CidrBlock,
      CidrBlockAssociations: vpc.CidrBlockAssociationSet.map((a) => a.AssociationId),
      DefaultSecurityGroup: (groups.SecurityGroups as SecurityGroup[])[0]?.GroupId,
      // Gatehouse has no network ACLs; the VPC's default one gets a stable id of AWS's form.
      DefaultNetworkAcl: derivedEc2Id('acl', vpcId),
      Ipv6CidrBlocks: [],
    },
  };
}

/** The DNS attributes, one ModifyVpcAttribute each as the API wants; support first, since hostnames need it. */
async function setDnsAttributes(ctx: ResourceContext, vpcId: string, support: boolean | undefined, hostnames: boolean | undefined): Promise<void> {
  if (support !== undefined) await ctx.call('ec2', 'ModifyVpcAttribute', { VpcId: vpcId, EnableDnsSupport: { Value: support } });
  if (hostnames !== undefined) await ctx.call('ec2', 'ModifyVpcAttribute', { VpcId: vpcId, EnableDnsHostnames: { Value: hostnames } });
}

export const vpc: ResourceType = {
  type: 'AWS::EC2::VPC',
  replaceOn: ['CidrBlock', 'Ipv4IpamPoolId', 'Ipv4NetmaskLength', 'InstanceTenancy'],
  async create(properties, ctx) {
    const p = parse<VpcProps>(ctx, properties, VPC_SHAPE);
    refuse(p, ['Ipv4IpamPoolId', 'Ipv4NetmaskLength'], 'Gatehouse has no IPAM; give the VPC a CidrBlock');
    const out = await ctx.call('ec2', 'CreateVpc', compact({ CidrBlock: p.CidrBlock, InstanceTenancy: p.InstanceTenancy, TagSpecifications: tagSpecifications('vpc', p.Tags) }));
    const vpcId = (out.Vpc as Vpc).VpcId;
    return orUndo(async () => {
      await setDnsAttributes(ctx, vpcId, p.EnableDnsSupport, p.EnableDnsHostnames);
      return readVpc(ctx, vpcId);
    }, () => ctx.call('ec2', 'DeleteVpc', { VpcId: vpcId }));
  },
  async update(current, before, after, ctx) {
    const b = parse<VpcProps>(ctx, before, VPC_SHAPE);
    const a = parse<VpcProps>(ctx, after, VPC_SHAPE);
    // A removed attribute goes back to AWS's default for a new VPC (DNS support on, hostnames off).
    const support = changed(b, a, 'EnableDnsSupport') ? (a.EnableDnsSupport ?? true) : undefined;
    const hostnames = changed(b, a, 'EnableDnsHostnames') ? (a.EnableDnsHostnames ?? false) : undefined;
    // Turning hostnames off before support, and support on before hostnames, keeps the pair valid throughout.
    if (hostnames === false) await setDnsAttributes(ctx, current.physicalId, undefined, false);
    await setDnsAttributes(ctx, current.physicalId, support, hostnames === true ? true : undefined);
    await retag(ctx, current.physicalId, b.Tags, a.Tags);
    return readVpc(ctx, current.physicalId);
  },
  async delete(current, _properties, ctx) {
    await unlessGone(ctx.call('ec2', 'DeleteVpc', { VpcId: current.physicalId }), 'InvalidVpcID.NotFound');
  },
};
