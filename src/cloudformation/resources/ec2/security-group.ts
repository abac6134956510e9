/**
 * AWS::EC2::SecurityGroup with its inline rules, made through Gatehouse's EC2 service. Inline egress rules
 * replace the group's default allow-all rule, as on AWS; an update revokes and authorizes only what changed.
 */
import type { SecurityGroup } from '../../../domain/ec2.js';
import { orUndo, unlessGone } from '../errors.js';
import { compact, parse, type Tag } from '../properties.js';
import { list, obj, str, tagList } from '../schema.js';
import type { Provisioned, ResourceContext, ResourceType } from '../types.js';
import { EGRESS_PROPS, INGRESS_PROPS, permissionOf, type RuleProps } from './security-group-rules.js';
import { retag, tagSpecifications } from './tags.js';

const INGRESS_RULE = obj(INGRESS_PROPS, ['IpProtocol']);
const EGRESS_RULE = obj(EGRESS_PROPS, ['IpProtocol']);

/** What a new group allows out until a template says otherwise (and what it allows again once it stops saying). */
const ALLOW_ALL_OUT = { IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] };

/** Revokes the permissions only in `from`, then authorizes those only in `to`. */
async function syncPermissions(ctx: ResourceContext, groupId: string, egress: boolean, from: readonly Record<string, unknown>[], to: readonly Record<string, unknown>[]): Promise<void> {
  const key = (p: Record<string, unknown>) => JSON.stringify(p);
  const fromKeys = new Set(from.map(key));
  const toKeys = new Set(to.map(key));
  const revoke = from.filter((p) => !toKeys.has(key(p)));
  const grant = to.filter((p) => !fromKeys.has(key(p)));
  const kind = egress ? 'Egress' : 'Ingress';
  if (revoke.length > 0) await unlessGone(ctx.call('ec2', `RevokeSecurityGroup${kind}`, { GroupId: groupId, IpPermissions: revoke }), 'InvalidPermission.NotFound');
  if (grant.length > 0) await ctx.call('ec2', `AuthorizeSecurityGroup${kind}`, { GroupId: groupId, IpPermissions: grant });
}

/** Egress rules in a template replace the group's default allow-all rule; none means the default. */
const egressOf = (rules: RuleProps[] | undefined) => (rules && rules.length > 0 ? rules.map(permissionOf) : [ALLOW_ALL_OUT]);


interface SecurityGroupProps {
  GroupDescription: string;
  GroupName?: string;
  VpcId?: string;
  SecurityGroupIngress?: RuleProps[];
  SecurityGroupEgress?: RuleProps[];
  Tags?: Tag[];
}

const SECURITY_GROUP_SHAPE = obj(
  { GroupDescription: str, GroupName: str, VpcId: str, SecurityGroupIngress: list(INGRESS_RULE), SecurityGroupEgress: list(EGRESS_RULE), Tags: tagList },
  ['GroupDescription'],
);

/** Ref is the group id for a group given a VpcId, and the group name otherwise (a default-VPC group), as AWS documents. */
async function readGroup(ctx: ResourceContext, groupId: string, vpcGiven: boolean): Promise<Provisioned> {
  const g = ((await ctx.call('ec2', 'DescribeSecurityGroups', { GroupIds: [groupId] })).SecurityGroups as SecurityGroup[])[0]!;
  return { physicalId: vpcGiven ? g.GroupId : g.GroupName, attributes: { GroupId: g.GroupId, VpcId: g.VpcId } };
}

export const securityGroup: ResourceType = {
  type: 'AWS::EC2::SecurityGroup',
  replaceOn: ['GroupDescription', 'GroupName', 'VpcId'],
  async create(properties, ctx) {
    const p = parse<SecurityGroupProps>(ctx, properties, SECURITY_GROUP_SHAPE);
    const out = await ctx.call('ec2', 'CreateSecurityGroup', compact({
      GroupName: p.GroupName ?? ctx.physicalName(255),
      Description: p.GroupDescription,
      VpcId: p.VpcId,
      TagSpecifications: tagSpecifications('security-group', p.Tags),
    }));
    const groupId = out.GroupId as string;
    return orUndo(async () => {
      await syncPermissions(ctx, groupId, false, [], (p.SecurityGroupIngress ?? []).map(permissionOf));
      await syncPermissions(ctx, groupId, true, [ALLOW_ALL_OUT], egressOf(p.SecurityGroupEgress));
      return readGroup(ctx, groupId, p.VpcId !== undefined);
    }, () => ctx.call('ec2', 'DeleteSecurityGroup', { GroupId: groupId }));
  },
  async update(current, before, after, ctx) {
    const b = parse<SecurityGroupProps>(ctx, before, SECURITY_GROUP_SHAPE);
    const a = parse<SecurityGroupProps>(ctx, after, SECURITY_GROUP_SHAPE);
    const groupId = current.attributes['GroupId'] as string;
    await syncPermissions(ctx, groupId, false, (b.SecurityGroupIngress ?? []).map(permissionOf), (a.SecurityGroupIngress ?? []).map(permissionOf));
    await syncPermissions(ctx, groupId, true, egressOf(b.SecurityGroupEgress), egressOf(a.SecurityGroupEgress));
    await retag(ctx, groupId, b.Tags, a.Tags);
    return readGroup(ctx, groupId, a.VpcId !== undefined);
  },
  async delete(current, _properties, ctx) {
    await unlessGone(ctx.call('ec2', 'DeleteSecurityGroup', { GroupId: current.attributes['GroupId'] ?? current.physicalId }), 'InvalidGroup.NotFound');
  },
};
