/**
 * AWS::EC2::SecurityGroupIngress and AWS::EC2::SecurityGroupEgress: one rule of an existing group as its own
 * resource, authorized and revoked through Gatehouse's EC2 service by its rule id.
 */
import { unlessGone, validationFailed } from '../errors.js';
import { compact, parse } from '../properties.js';
import { obj, str } from '../schema.js';
import type { Provisioned, ResourceContext, ResourceType } from '../types.js';
import { EGRESS_PROPS, INGRESS_PROPS, permissionOf, type RuleProps } from './security-group-rules.js';

interface StandaloneRuleProps extends RuleProps {
  GroupId?: string;
  GroupName?: string;
}

/**
 * One rule of an existing group, as its own resource. Ref (and GetAtt Id) is the rule's SecurityGroupRuleId
 * (`sgr-...`); only its Description can change in place.
 */
function ruleResource(egress: boolean): ResourceType {
  const shape = egress ? obj({ ...EGRESS_PROPS, GroupId: str }, ['IpProtocol', 'GroupId']) : obj({ ...INGRESS_PROPS, GroupId: str, GroupName: str }, ['IpProtocol']);
  const kind = egress ? 'Egress' : 'Ingress';
  const authorize = async (p: StandaloneRuleProps, ctx: ResourceContext): Promise<Provisioned> => {
    if (!egress && (p.GroupId === undefined) === (p.GroupName === undefined)) {
      throw validationFailed(ctx.logicalId, '#: only one of [GroupId, GroupName] must be specified');
    }
    const out = await ctx.call('ec2', `AuthorizeSecurityGroup${kind}`, compact({ GroupId: p.GroupId, GroupName: p.GroupName, IpPermissions: [permissionOf(p)] }));
    const rule = (out.SecurityGroupRules as Array<{ SecurityGroupRuleId: string; GroupId: string }>)[0]!;
    return { physicalId: rule.SecurityGroupRuleId, attributes: { Id: rule.SecurityGroupRuleId, GroupId: rule.GroupId } };
  };
  const revoke = (current: Provisioned, ctx: ResourceContext) =>
    unlessGone(
      ctx.call('ec2', `RevokeSecurityGroup${kind}`, { GroupId: current.attributes['GroupId'], SecurityGroupRuleIds: [current.physicalId] }),
      'InvalidGroup.NotFound',
      'InvalidSecurityGroupRuleId.NotFound',
      'InvalidPermission.NotFound',
    );
  const keys = Object.keys(shape.props).filter((k) => k !== 'Description');
  return {
    type: `AWS::EC2::SecurityGroup${kind}`,
    replaceOn: keys,
    create: (properties, ctx) => authorize(parse<StandaloneRuleProps>(ctx, properties, shape), ctx),
    async update(current, _before, after, ctx) {
      // Only the description changed: the rule is the same rule (same id), told again with its new words.
      const a = parse<StandaloneRuleProps>(ctx, after, shape);
      await revoke(current, ctx);
      return authorize(a, ctx);
    },
    delete: (current, _properties, ctx) => revoke(current, ctx),
  };
}

export const securityGroupIngress = ruleResource(false);
export const securityGroupEgress = ruleResource(true);
