/**
 * EC2's errors, with the codes and message texts AWS sends (sources: AWS's EC2 error-code reference and real
 * responses people recorded; see the test files for the exact strings asserted). All are HTTP 400 except
 * DryRunOperation (412). Note AWS's inconsistent casing: `InvalidVpcID`, `InvalidVpcEndpointId`.
 */
import { ServiceError } from '../../shared/errors.js';

export const ec2Error = (code: string, message: string): ServiceError => new ServiceError(code, message, 400);

export const invalidParameterValue = (message: string): ServiceError => ec2Error('InvalidParameterValue', message);
export const invalidParameter = (message: string): ServiceError => ec2Error('InvalidParameter', message);
export const invalidParameterCombination = (message: string): ServiceError => ec2Error('InvalidParameterCombination', message);
export const missingParameter = (name: string): ServiceError => ec2Error('MissingParameter', `The request must contain the parameter ${name}`);

export const dryRunOperation = (): ServiceError => new ServiceError('DryRunOperation', 'Request would have succeeded, but DryRun flag is set.', 412);

/** `Invalid id: "abc" (expecting "vpc-...")`: an id that does not even have the resource's prefix. */
export const malformedId = (code: string, id: string, prefix: string): ServiceError => ec2Error(code, `Invalid id: "${id}" (expecting "${prefix}-...")`);

export const vpcNotFound = (id: string): ServiceError => ec2Error('InvalidVpcID.NotFound', `The vpc ID '${id}' does not exist`);
export const subnetNotFound = (id: string): ServiceError => ec2Error('InvalidSubnetID.NotFound', `The subnet ID '${id}' does not exist`);
export const groupNotFound = (id: string): ServiceError => ec2Error('InvalidGroup.NotFound', `The security group '${id}' does not exist`);
export const groupNameNotFound = (name: string, defaultVpcId: string): ServiceError =>
  ec2Error('InvalidGroup.NotFound', `The security group '${name}' does not exist in default VPC '${defaultVpcId}'`);
export const endpointNotFound = (id: string): ServiceError => ec2Error('InvalidVpcEndpointId.NotFound', `The Vpc Endpoint Id '${id}' does not exist`);

/** AWS names every missing instance at once: "The instance IDs 'i-1, i-2' do not exist". */
export function instancesNotFound(ids: readonly string[]): ServiceError {
  return ids.length === 1
    ? ec2Error('InvalidInstanceID.NotFound', `The instance ID '${ids[0]}' does not exist`)
    : ec2Error('InvalidInstanceID.NotFound', `The instance IDs '${ids.join(', ')}' do not exist`);
}

export const badCidr = (cidr: string): ServiceError => invalidParameterValue(`Value (${cidr}) for parameter cidrBlock is invalid. This is not a valid CIDR block.`);
export const cidrMissing = (): ServiceError => ec2Error('MissingParameter', "Either 'cidrBlock' or 'ipv4IpamPoolId' should be provided.");

export const dependencyViolation = (message: string): ServiceError => ec2Error('DependencyViolation', message);

export const invalidFilter = (name: string): ServiceError => invalidParameterValue(`The filter '${name}' is invalid`);
