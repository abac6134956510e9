/**
 * Security groups: CreateSecurityGroup, DescribeSecurityGroups, DeleteSecurityGroup, and the 'default' group
 * every VPC gets. A new group allows all outbound traffic and no inbound traffic; a VPC's default group also
 * admits all traffic from its own members.
 */
import type { SecurityGroup, Tag } from '../../domain/ec2.js';
import type { OperationContext } from '../types.js';
import { dependencyViolation, ec2Error, invalidParameterValue, missingParameter } from './errors.js';
import { tagFields, type FilterFields } from './filters.js';
import { filteredPage, type DescribeInput } from './paging.js';
import { explode, permissionsView } from './security-group-rules.js';
import { groupByNameInDefaultVpc, requireGroupByIdOrName } from './security-group-lookup.js';
import { GROUP, VPC, all, defaultVpcOf, ec2Tables, insert, liveInstances, newId, remove, requireOne, selectIds } from './state.js';
import { tagsFromSpecifications, type TagSpecification } from './tags.js';

const ALLOW_ALL_OUT = { IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] };

function newGroup(ctx: OperationContext, vpcId: string, name: string, description: string, tags: Tag[] | undefined): SecurityGroup {
  const GroupId = newId('sg', ec2Tables(ctx).groups, ctx);
  const group: SecurityGroup = {
    GroupId,
    GroupName: name,
    Description: description,
    VpcId: vpcId,
    OwnerId: ctx.scope.account,
    IpPermissions: [],
    IpPermissionsEgress: [ALLOW_ALL_OUT],
  };
  if (tags) group.Tags = tags;
  return group;
}

/** The 'default' group of a new VPC: all traffic from the group itself in, all traffic out. */
export function createDefaultGroup(ctx: OperationContext, vpcId: string): SecurityGroup {
  const group = newGroup(ctx, vpcId, 'default', 'default VPC security group', undefined);
  group.IpPermissions = [{ IpProtocol: '-1', UserIdGroupPairs: [{ GroupId: group.GroupId, UserId: ctx.scope.account }] }];
  insert(ctx, 'groups', group.GroupId, group);
  return group;
}

export function defaultGroupOf(ctx: OperationContext, vpcId: string): SecurityGroup | undefined {
  return all(ctx, 'groups').find((g) => g.VpcId === vpcId && g.GroupName === 'default');
}

interface CreateSecurityGroupInput {
  GroupName?: string;
  Description?: string;
  VpcId?: string;
  TagSpecifications?: TagSpecification[];
}

export function createSecurityGroup(input: CreateSecurityGroupInput, ctx: OperationContext) {
  if (input.GroupName === undefined || input.GroupName === '') throw missingParameter('groupName');
  if (input.Description === undefined || input.Description === '') throw missingParameter('groupDescription');
  if (input.GroupName.toLowerCase().startsWith('sg-')) {
    throw invalidParameterValue(`Value (${input.GroupName}) for parameter GroupName is invalid. Group names may not be in the format sg-*.`);
  }
  const tags = tagsFromSpecifications(input.TagSpecifications, 'security-group');
  const vpc = input.VpcId !== undefined ? requireOne(ctx, VPC, input.VpcId, 'vpcId') : defaultVpcOf(ctx);
  if (!vpc) throw ec2Error('VPCIdNotSpecified', 'No default VPC for this user');
  if (all(ctx, 'groups').some((g) => g.VpcId === vpc.VpcId && g.GroupName === input.GroupName)) {
    throw ec2Error('InvalidGroup.Duplicate', `The security group '${input.GroupName}' already exists for VPC '${vpc.VpcId}'`);
  }
  const group = newGroup(ctx, vpc.VpcId, input.GroupName, input.Description, tags);
  insert(ctx, 'groups', group.GroupId, group);
  return tags ? { GroupId: group.GroupId, Tags: tags } : { GroupId: group.GroupId };
}

function securityGroupView(g: SecurityGroup) {
  return { ...g, IpPermissions: permissionsView(g.IpPermissions), IpPermissionsEgress: permissionsView(g.IpPermissionsEgress) };
}

const cidrs = (perms: SecurityGroup['IpPermissions']) => explode(perms).flatMap((r) => ('CidrIp' in r.source ? [r.source.CidrIp] : []));

const FIELDS: FilterFields<SecurityGroup> = {
  'group-id': (g) => g.GroupId,
  'group-name': (g) => g.GroupName,
  description: (g) => g.Description,
  'vpc-id': (g) => g.VpcId,
  'owner-id': (g) => g.OwnerId,
  'ip-permission.cidr': (g) => cidrs(g.IpPermissions),
  'ip-permission.protocol': (g) => g.IpPermissions.map((p) => p.IpProtocol),
  'ip-permission.from-port': (g) => g.IpPermissions.map((p) => p.FromPort),
  'ip-permission.to-port': (g) => g.IpPermissions.map((p) => p.ToPort),
  'ip-permission.group-id': (g) => g.IpPermissions.flatMap((p) => (p.UserIdGroupPairs ?? []).map((u) => u.GroupId)),
  'egress.ip-permission.cidr': (g) => cidrs(g.IpPermissionsEgress),
  'egress.ip-permission.protocol': (g) => g.IpPermissionsEgress.map((p) => p.IpProtocol),
  'egress.ip-permission.group-id': (g) => g.IpPermissionsEgress.flatMap((p) => (p.UserIdGroupPairs ?? []).map((u) => u.GroupId)),
  ...tagFields<SecurityGroup>(),
};

interface DescribeSecurityGroupsInput extends DescribeInput {
  GroupIds?: string[];
  GroupNames?: string[];
}

export function describeSecurityGroups(input: DescribeSecurityGroupsInput, ctx: OperationContext) {
  let groups = selectIds(ctx, GROUP, all(ctx, 'groups'), input.GroupIds);
  if (input.GroupNames && input.GroupNames.length > 0) {
    const named = new Set(input.GroupNames.map((name) => groupByNameInDefaultVpc(ctx, name).GroupId));
    groups = groups.filter((g) => named.has(g.GroupId));
  }
  const page = filteredPage(groups, input, FIELDS);
  return { SecurityGroups: page.items.map(securityGroupView), NextToken: page.NextToken };
}

/** Whether anything but the group itself still needs it: another group's rule, an instance, an endpoint. */
function isReferenced(ctx: OperationContext, groupId: string): boolean {
  const referencedBy = (perms: SecurityGroup['IpPermissions']) => perms.some((p) => (p.UserIdGroupPairs ?? []).some((u) => u.GroupId === groupId));
  if (all(ctx, 'groups').some((g) => g.GroupId !== groupId && (referencedBy(g.IpPermissions) || referencedBy(g.IpPermissionsEgress)))) return true;
  if (liveInstances(ctx).some((i) => i.SecurityGroups.some((s) => s.GroupId === groupId))) return true;
  return all(ctx, 'endpoints').some((e) => e.Groups.some((s) => s.GroupId === groupId));
}

export function deleteSecurityGroup(input: { GroupId?: string; GroupName?: string }, ctx: OperationContext): void {
  const group = requireGroupByIdOrName(ctx, input.GroupId, input.GroupName);
  if (group.GroupName === 'default') throw ec2Error('CannotDelete', `the specified group: "${group.GroupId}" name: "default" cannot be deleted by a user`);
  if (isReferenced(ctx, group.GroupId)) throw dependencyViolation(`resource ${group.GroupId} has a dependent object`);
  remove(ctx, 'groups', group.GroupId);
}
