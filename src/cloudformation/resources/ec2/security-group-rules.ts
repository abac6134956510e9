/**
 * A security group rule as CloudFormation writes it (inline in AWS::EC2::SecurityGroup, or as its own
 * SecurityGroupIngress/Egress resource) and as the IpPermission EC2 takes, shared by both kinds of resource.
 */
import { compact } from '../properties.js';
import { int, str } from '../schema.js';

export interface RuleProps {
  IpProtocol: string;
  FromPort?: number;
  ToPort?: number;
  CidrIp?: string;
  CidrIpv6?: string;
  Description?: string;
  SourceSecurityGroupId?: string;
  SourceSecurityGroupName?: string;
  SourceSecurityGroupOwnerId?: string;
  SourcePrefixListId?: string;
  DestinationSecurityGroupId?: string;
  DestinationPrefixListId?: string;
}

const RULE_PROPS = { IpProtocol: str, FromPort: int, ToPort: int, CidrIp: str, CidrIpv6: str, Description: str };
export const INGRESS_PROPS = { ...RULE_PROPS, SourceSecurityGroupId: str, SourceSecurityGroupName: str, SourceSecurityGroupOwnerId: str, SourcePrefixListId: str };
export const EGRESS_PROPS = { ...RULE_PROPS, DestinationSecurityGroupId: str, DestinationPrefixListId: str };

/** One CloudFormation rule as the IpPermission EC2 takes (one source, the rule's description on it). */
export function permissionOf(rule: RuleProps): Record<string, unknown> {
  const description = rule.Description !== undefined ? { Description: rule.Description } : {};
  const perm: Record<string, unknown> = compact({ IpProtocol: rule.IpProtocol, FromPort: rule.FromPort, ToPort: rule.ToPort });
  if (rule.CidrIp !== undefined) perm['IpRanges'] = [{ CidrIp: rule.CidrIp, ...description }];
  if (rule.CidrIpv6 !== undefined) perm['Ipv6Ranges'] = [{ CidrIpv6: rule.CidrIpv6, ...description }];
  const groupId = rule.SourceSecurityGroupId ?? rule.DestinationSecurityGroupId;
  if (groupId !== undefined) perm['UserIdGroupPairs'] = [compact({ GroupId: groupId, UserId: rule.SourceSecurityGroupOwnerId, ...description })];
  else if (rule.SourceSecurityGroupName !== undefined) perm['UserIdGroupPairs'] = [compact({ GroupName: rule.SourceSecurityGroupName, UserId: rule.SourceSecurityGroupOwnerId, ...description })];
  const prefixList = rule.SourcePrefixListId ?? rule.DestinationPrefixListId;
  if (prefixList !== undefined) perm['PrefixListIds'] = [{ PrefixListId: prefixList, ...description }];
  return perm;
}
