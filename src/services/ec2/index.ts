/**
 * Amazon EC2 (ec2 2016-11-15), the subset private APIs need: VPCs, subnets, Availability Zones, security
 * groups, VPC endpoints, instances, tags and account attributes.
 *
 * Two things hold for every operation, so they wrap each handler rather than living in it:
 * - the account+region's default VPC exists before the operation looks at anything;
 * - `DryRun=true` runs the whole operation, checks included, then answers AWS's DryRunOperation (412): the
 *   error rolls back the operation's transaction, so a dry run stores nothing.
 */
import type { OperationContext, OperationHandler, ServiceDefinition } from '../types.js';
import { describeAccountAttributes } from './account-attributes.js';
import { describeAvailabilityZones } from './availability-zones.js';
import { ensureDefaultVpc } from './default-vpc.js';
import { describeVpcEndpointServices } from './endpoint-services.js';
import { dryRunOperation } from './errors.js';
import { describeInstances, runInstances, terminateInstances } from './instances.js';
import { authorizeSecurityGroupEgress, authorizeSecurityGroupIngress, revokeSecurityGroupEgress, revokeSecurityGroupIngress } from './security-group-rules.js';
import { createSecurityGroup, deleteSecurityGroup, describeSecurityGroups } from './security-groups.js';
import { createSubnet, deleteSubnet, describeSubnets } from './subnets.js';
import { createTags, deleteTags, describeTags } from './tags.js';
import { createVpcEndpoint, deleteVpcEndpoints, describeVpcEndpoints, modifyVpcEndpoint } from './vpc-endpoints.js';
import { createVpc, deleteVpc, describeVpcAttribute, describeVpcs, modifyVpcAttribute } from './vpcs.js';

function ec2Operation(handler: (input: any, ctx: OperationContext) => unknown): OperationHandler {
  return (input: { DryRun?: boolean }, ctx) => {
    ensureDefaultVpc(ctx);
    const output = handler(input, ctx);
    if (input.DryRun === true) throw dryRunOperation();
    return output;
  };
}

const HANDLERS: Record<string, (input: any, ctx: OperationContext) => unknown> = {
  CreateVpc: createVpc,
  DescribeVpcs: describeVpcs,
  DeleteVpc: deleteVpc,
  ModifyVpcAttribute: modifyVpcAttribute,
  DescribeVpcAttribute: describeVpcAttribute,
  CreateSubnet: createSubnet,
  DescribeSubnets: describeSubnets,
  DeleteSubnet: deleteSubnet,
  DescribeAvailabilityZones: describeAvailabilityZones,
  CreateSecurityGroup: createSecurityGroup,
  DescribeSecurityGroups: describeSecurityGroups,
  DeleteSecurityGroup: deleteSecurityGroup,
  AuthorizeSecurityGroupIngress: authorizeSecurityGroupIngress,
  AuthorizeSecurityGroupEgress: authorizeSecurityGroupEgress,
  RevokeSecurityGroupIngress: revokeSecurityGroupIngress,
  RevokeSecurityGroupEgress: revokeSecurityGroupEgress,
  CreateVpcEndpoint: createVpcEndpoint,
  DescribeVpcEndpoints: describeVpcEndpoints,
  ModifyVpcEndpoint: modifyVpcEndpoint,
  DeleteVpcEndpoints: deleteVpcEndpoints,
  DescribeVpcEndpointServices: describeVpcEndpointServices,
  RunInstances: runInstances,
  DescribeInstances: describeInstances,
  TerminateInstances: terminateInstances,
  CreateTags: createTags,
  DeleteTags: deleteTags,
  DescribeTags: describeTags,
  DescribeAccountAttributes: describeAccountAttributes,
};

export const ec2: ServiceDefinition = {
  signingName: 'ec2',
  modelFile: 'ec2-2016-11-15',
  operations: Object.fromEntries(Object.entries(HANDLERS).map(([name, handler]) => [name, ec2Operation(handler)])),
};
