/** VPCs: CreateVpc, DescribeVpcs, DeleteVpc, ModifyVpcAttribute, DescribeVpcAttribute. */
import { createHash } from 'node:crypto';
import type { Tag, Vpc } from '../../domain/ec2.js';
import type { OperationContext } from '../types.js';
import { saveAccountAttributes } from './account-attributes.js';
import { formatCidr, parseCidr } from './cidr.js';
import { badCidr, cidrMissing, dependencyViolation, ec2Error, invalidParameterCombination, invalidParameterValue, missingParameter } from './errors.js';
import { tagFields, type FilterFields } from './filters.js';
import type { DescribeInput } from './paging.js';
import { createDefaultGroup, defaultGroupOf } from './security-groups.js';
import { VPC, all, describeKind, ec2Tables, insert, liveInstances, newId, remove, requireOne, save } from './state.js';
import { tagsFromSpecifications, type TagSpecification } from './tags.js';

/** Every account+region has one DHCP options set that its VPCs share; its id is stable for the scope. */
function dhcpOptionsId(ctx: OperationContext): string {
  return `dopt-${createHash('sha256').update(`${ctx.scope.account}:${ctx.scope.region}`).digest('hex').slice(0, 17)}`;
}

/** A VPC with its 'default' security group. New VPCs resolve DNS but give instances no DNS hostnames. */
export function addVpc(ctx: OperationContext, cidr: string, options: { isDefault: boolean; tenancy?: string; tags?: Tag[] }): Vpc {
  const VpcId = newId('vpc', ec2Tables(ctx).vpcs, ctx);
  const vpc: Vpc = {
    VpcId,
    CidrBlock: cidr,
    State: 'available',
    DhcpOptionsId: dhcpOptionsId(ctx),
    InstanceTenancy: options.tenancy ?? 'default',
    IsDefault: options.isDefault,
    OwnerId: ctx.scope.account,
    CidrBlockAssociationSet: [{ AssociationId: newId('vpc-cidr-assoc'), CidrBlock: cidr, CidrBlockState: { State: 'associated' } }],
    EnableDnsSupport: true,
    EnableDnsHostnames: options.isDefault,
  };
  if (options.tags) vpc.Tags = options.tags;
  insert(ctx, 'vpcs', VpcId, vpc);
  createDefaultGroup(ctx, VpcId);
  return vpc;
}

interface CreateVpcInput {
  CidrBlock?: string;
  InstanceTenancy?: string;
  TagSpecifications?: TagSpecification[];
}

export function createVpc(input: CreateVpcInput, ctx: OperationContext) {
  if (input.CidrBlock === undefined || input.CidrBlock === '') throw cidrMissing();
  const cidr = parseCidr(input.CidrBlock);
  if (!cidr) throw badCidr(input.CidrBlock);
  if (cidr.prefix < 16 || cidr.prefix > 28) throw ec2Error('InvalidVpc.Range', `The CIDR '${input.CidrBlock}' is invalid.`);
  if (input.InstanceTenancy !== undefined && !['default', 'dedicated'].includes(input.InstanceTenancy)) {
    throw invalidParameterValue(`Value (${input.InstanceTenancy}) for parameter instanceTenancy is invalid.`);
  }
  const tags = tagsFromSpecifications(input.TagSpecifications, 'vpc');
  const vpc = addVpc(ctx, formatCidr(cidr), { isDefault: false, tenancy: input.InstanceTenancy, tags });
  // AWS answers CreateVpc while the VPC is still being set up; it is available by the next call.
  return { Vpc: { ...vpc, State: 'pending' } };
}

const FIELDS: FilterFields<Vpc> = {
  'vpc-id': (v) => v.VpcId,
  cidr: (v) => v.CidrBlock,
  'cidr-block': (v) => v.CidrBlock,
  'cidr-block-association.cidr-block': (v) => v.CidrBlockAssociationSet.map((a) => a.CidrBlock),
  'cidr-block-association.association-id': (v) => v.CidrBlockAssociationSet.map((a) => a.AssociationId),
  'cidr-block-association.state': (v) => v.CidrBlockAssociationSet.map((a) => a.CidrBlockState.State),
  'dhcp-options-id': (v) => v.DhcpOptionsId,
  'is-default': (v) => v.IsDefault,
  isDefault: (v) => v.IsDefault,
  'owner-id': (v) => v.OwnerId,
  state: (v) => v.State,
  ...tagFields<Vpc>(),
};

export function describeVpcs(input: DescribeInput & { VpcIds?: string[] }, ctx: OperationContext) {
  const page = describeKind(ctx, VPC, input.VpcIds, input, FIELDS);
  return { Vpcs: page.items, NextToken: page.NextToken };
}

/** A VPC can go once only its default security group is left in it; the default VPC too, for good. */
export function deleteVpc(input: { VpcId?: string }, ctx: OperationContext): void {
  const vpc = requireOne(ctx, VPC, input.VpcId, 'vpcId');
  const inVpc = <T extends { VpcId: string }>(items: readonly T[]) => items.some((x) => x.VpcId === vpc.VpcId);
  const dependents =
    inVpc(all(ctx, 'subnets')) ||
    all(ctx, 'groups').some((g) => g.VpcId === vpc.VpcId && g.GroupName !== 'default') ||
    inVpc(all(ctx, 'endpoints')) ||
    inVpc(liveInstances(ctx));
  if (dependents) throw dependencyViolation(`The vpc '${vpc.VpcId}' has dependencies and cannot be deleted.`);
  const group = defaultGroupOf(ctx, vpc.VpcId);
  if (group) remove(ctx, 'groups', group.GroupId);
  remove(ctx, 'vpcs', vpc.VpcId);
  if (vpc.IsDefault) saveAccountAttributes(ctx, { DefaultVpcId: 'none' });
}

type AttributeValue = { Value?: boolean };

interface ModifyVpcAttributeInput {
  VpcId?: string;
  EnableDnsSupport?: AttributeValue;
  EnableDnsHostnames?: AttributeValue;
  EnableNetworkAddressUsageMetrics?: AttributeValue;
}

const ATTRIBUTES = ['EnableDnsSupport', 'EnableDnsHostnames', 'EnableNetworkAddressUsageMetrics'] as const;
const wireName = (member: string) => member.charAt(0).toLowerCase() + member.slice(1);

/** One attribute per call, as on AWS (`--enable-dns-support '{"Value":true}'`). */
export function modifyVpcAttribute(input: ModifyVpcAttributeInput, ctx: OperationContext): void {
  const vpc = requireOne(ctx, VPC, input.VpcId, 'vpcId');
  const given = ATTRIBUTES.filter((a) => input[a] !== undefined);
  if (given.length === 0) throw missingParameter('enableDnsSupport, enableDnsHostnames or enableNetworkAddressUsageMetrics');
  if (given.length > 1) throw invalidParameterCombination(`Fields for multiple attribute types specified: ${given.map(wireName).join(', ')}`);
  const attribute = given[0]!;
  const value = input[attribute]?.Value;
  if (value === undefined) throw missingParameter(`${wireName(attribute)}.value`);
  save(ctx, 'vpcs', vpc.VpcId, { ...vpc, [attribute]: value });
}

export function describeVpcAttribute(input: { VpcId?: string; Attribute?: string }, ctx: OperationContext) {
  if (input.Attribute === undefined) throw missingParameter('attribute');
  const vpc = requireOne(ctx, VPC, input.VpcId, 'vpcId');
  switch (input.Attribute) {
    case 'enableDnsSupport':
      return { VpcId: vpc.VpcId, EnableDnsSupport: { Value: vpc.EnableDnsSupport } };
    case 'enableDnsHostnames':
      return { VpcId: vpc.VpcId, EnableDnsHostnames: { Value: vpc.EnableDnsHostnames } };
    case 'enableNetworkAddressUsageMetrics':
      return { VpcId: vpc.VpcId, EnableNetworkAddressUsageMetrics: { Value: vpc.EnableNetworkAddressUsageMetrics ?? false } };
    default:
      throw invalidParameterValue(`Value (${input.Attribute}) for parameter attribute is invalid. Unknown attribute.`);
  }
}
