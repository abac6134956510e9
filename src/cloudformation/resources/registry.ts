/**
 * Every CloudFormation resource type Gatehouse provisions, as records by type name (DESIGN: a resource type is
 * a record in a registry). A type not here fails the stack with a message naming it (`unsupportedTypes`).
 */
import { APIGATEWAY_TYPES } from './apigateway/index.js';
import { COGNITO_TYPES } from './cognito.js';
import { EC2_TYPES } from './ec2/index.js';
import { ECR_TYPES } from './ecr.js';
import { unsupportedTypes, type ResourceFailure } from './errors.js';
import { IAM_TYPES } from './iam.js';
import { LAMBDA_TYPES } from './lambda.js';
import { OTHER_TYPES } from './other.js';
import { S3_TYPES } from './s3.js';
import type { ResourceType } from './types.js';

export const RESOURCE_TYPES: ReadonlyMap<string, ResourceType> = new Map(
  [...EC2_TYPES, ...IAM_TYPES, ...LAMBDA_TYPES, ...APIGATEWAY_TYPES, ...S3_TYPES, ...OTHER_TYPES, ...ECR_TYPES, ...COGNITO_TYPES].map((t) => [t.type, t]),
);

/** The record for a type, or undefined when Gatehouse does not provision it. */
export function resourceType(type: string): ResourceType | undefined {
  return RESOURCE_TYPES.get(type);
}

/** The failure for a type Gatehouse does not provision, naming it (AWS's template-validation wording). */
export function unsupportedType(type: string): ResourceFailure {
  return unsupportedTypes([type]);
}

/** The types of a template Gatehouse cannot provision, for one failure naming them all (as AWS's validation does). */
export function unsupportedTypesOf(types: Iterable<string>): string[] {
  return [...new Set(types)].filter((t) => !RESOURCE_TYPES.has(t));
}

export { unsupportedTypes };
