/**
 * Identifiers for what a stack keeps by itself (resources Gatehouse has no service for), in the forms AWS
 * gives them: EC2's `igw-` + 17 hex digits, and the short physical ids of resources that have no name of
 * their own (`mysta-metho-01234b567890`, from the stack name and logical id).
 */
import { createHash } from 'node:crypto';
import { hexId } from '../../shared/ids.js';
import { randomChars } from './service-caller.js';
import type { ResourceContext } from './types.js';

/** `{prefix}-` and 17 lowercase hex digits, as EC2's long resource ids. */
export function ec2StyleId(prefix: string): string {
  return `${prefix}-${hexId(17)}`;
}

/**
 * The physical id CloudFormation gives resources that have no name or id of their own (an API Gateway Method,
 * Account): the first five characters of the stack name and of the logical id, lowercased, and a random tail.
 */
export function shortPhysicalId(ctx: Pick<ResourceContext, 'stackName' | 'logicalId'>): string {
  return `${ctx.stackName.slice(0, 5).toLowerCase()}-${ctx.logicalId.slice(0, 5).toLowerCase()}-${randomChars(12, 'abcdefghijklmnopqrstuvwxyz0123456789')}`;
}

/**
 * An EC2-style id derived from another (`acl-` for a VPC's default network ACL, which Gatehouse does not model):
 * the same VPC always gets the same one.
 */
export function derivedEc2Id(prefix: string, from: string): string {
  return `${prefix}-${createHash('sha256').update(`${prefix}:${from}`).digest('hex').slice(0, 17)}`;
}
