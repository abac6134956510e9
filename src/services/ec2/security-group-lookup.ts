/**
 * Finding a security group the way EC2's older parameters name one: by id anywhere, or by name, which AWS
 * resolves in the default VPC only ("[Default VPC]" in its API reference).
 */
import type { SecurityGroup } from '../../domain/ec2.js';
import type { OperationContext } from '../types.js';
import { ec2Error, groupNameNotFound } from './errors.js';
import { GROUP, all, defaultVpcOf, requireOne } from './state.js';

export function groupByNameInDefaultVpc(ctx: OperationContext, name: string): SecurityGroup {
  const vpc = defaultVpcOf(ctx);
  const group = vpc ? all(ctx, 'groups').find((g) => g.VpcId === vpc.VpcId && g.GroupName === name) : undefined;
  if (!group) throw groupNameNotFound(name, vpc?.VpcId ?? 'none');
  return group;
}

export function requireGroupByIdOrName(ctx: OperationContext, groupId: string | undefined, groupName: string | undefined): SecurityGroup {
  if (groupId !== undefined && groupId !== '') return requireOne(ctx, GROUP, groupId, 'groupId');
  if (groupName !== undefined && groupName !== '') return groupByNameInDefaultVpc(ctx, groupName);
  throw ec2Error('MissingParameter', 'The request must contain the parameter groupName or groupId');
}
