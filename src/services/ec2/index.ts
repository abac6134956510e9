/**
 * Amazon EC2 (ec2 2016-11-15), the subset private APIs need: VPCs, subnets, Availability Zones, security
 * groups, VPC endpoints, instances, tags and account attributes.
 *
 * Two things hold for every operation, so they wrap each handler rather than living in it:
 * - the account+region's default VPC exists before the operation looks at anything;
 * - `DryRun=true` runs the whole operation, checks included, then answers AWS's DryRunOperation (412): the
 *   error rolls back the operation's transaction, so a dry run stores nothing.
 */
import type { Operations } from '../../wire/models/ec2-2016-11-15.js';
import type { AnyServiceDefinition, OperationContext, ServiceDefinition } from '../types.js';
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

function ec2Operation<I, O>(handler: (input: I, ctx: OperationContext) => O): (input: I & { DryRun?: boolean }, ctx: OperationContext) => O {
  return (input, ctx) => {
    ensureDefaultVpc(ctx);
    const output = handler(input, ctx);
    if (input.DryRun === true) throw dryRunOperation();
    return output;
  };
}

const definition: ServiceDefinition<Operations> = {
  signingName: 'ec2',
  modelFile: 'ec2-2016-11-15',
  operations: {
    CreateVpc: ec2Operation(createVpc),
    DescribeVpcs: ec2Operation(describeVpcs),
    DeleteVpc: ec2Operation(deleteVpc),
    ModifyVpcAttribute: ec2Operation(modifyVpcAttribute),
    DescribeVpcAttribute: ec2Operation(describeVpcAttribute),
    CreateSubnet: ec2Operation(createSubnet),
    DescribeSubnets: ec2Operation(describeSubnets),
    DeleteSubnet: ec2Operation(deleteSubnet),
    DescribeAvailabilityZones: ec2Operation(describeAvailabilityZones),
    CreateSecurityGroup: ec2Operation(createSecurityGroup),
    DescribeSecurityGroups: ec2Operation(describeSecurityGroups),
    DeleteSecurityGroup: ec2Operation(deleteSecurityGroup),
    AuthorizeSecurityGroupIngress: ec2Operation(authorizeSecurityGroupIngress),
    AuthorizeSecurityGroupEgress: ec2Operation(authorizeSecurityGroupEgress),
    RevokeSecurityGroupIngress: ec2Operation(revokeSecurityGroupIngress),
    RevokeSecurityGroupEgress: ec2Operation(revokeSecurityGroupEgress),
    CreateVpcEndpoint: ec2Operation(createVpcEndpoint),
    DescribeVpcEndpoints: ec2Operation(describeVpcEndpoints),
    ModifyVpcEndpoint: ec2Operation(modifyVpcEndpoint),
    DeleteVpcEndpoints: ec2Operation(deleteVpcEndpoints),
    DescribeVpcEndpointServices: ec2Operation(describeVpcEndpointServices),
    RunInstances: ec2Operation(runInstances),
    DescribeInstances: ec2Operation(describeInstances),
    TerminateInstances: ec2Operation(terminateInstances),
    CreateTags: ec2Operation(createTags),
    DeleteTags: ec2Operation(deleteTags),
    DescribeTags: ec2Operation(describeTags),
    DescribeAccountAttributes: ec2Operation(describeAccountAttributes),
  },
};

export const ec2: AnyServiceDefinition = definition;
