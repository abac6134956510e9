/**
 * The AWS::EC2::* resource types, one record each, for the registry. VPCs, subnets, security groups (and their
 * rules), VPC endpoints and instances are made through Gatehouse's EC2 service; what Gatehouse does not route
 * (internet gateways, route tables, NAT ...) and launch templates are kept by the stack itself.
 */
import type { ResourceType } from '../types.js';
import { instance } from './instance.js';
import { launchTemplate } from './launch-template.js';
import { eip, internetGateway, natGateway, route, routeTable, subnetRouteTableAssociation, vpcGatewayAttachment } from './routing.js';
import { securityGroup } from './security-group.js';
import { securityGroupEgress, securityGroupIngress } from './security-group-ingress-egress.js';
import { subnet } from './subnet.js';
import { vpc } from './vpc.js';
import { vpcEndpoint } from './vpc-endpoint.js';

export const EC2_TYPES: readonly ResourceType[] = [
  vpc, subnet, securityGroup, securityGroupIngress, securityGroupEgress, vpcEndpoint, instance,
  internetGateway, vpcGatewayAttachment, routeTable, route, subnetRouteTableAssociation, eip, natGateway, launchTemplate,
];
