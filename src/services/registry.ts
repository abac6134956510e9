/**
 * Every AWS service Gatehouse answers, as records. A service whose model is listed but whose operations
 * are not (yet) implemented still parses requests and answers each operation with a clear 501.
 */
import { apigateway } from './apigateway/index.js';
import { cloudformation } from './cloudformation/index.js';
import { cognitoIdp } from './cognito-idp/index.js';
import { ec2 } from './ec2/index.js';
import { ecr } from './ecr/index.js';
import { iam } from './iam/index.js';
import { lambda } from './lambda/index.js';
import { s3 } from './s3/index.js';
import { ssm } from './ssm/index.js';
import { sts } from './sts/index.js';
import type { AnyServiceDefinition } from './types.js';


export const SERVICES: readonly AnyServiceDefinition[] = [
  apigateway,
  sts,
  lambda,
  ec2,
  ssm,
  ecr,
  iam,
  cloudformation,
  s3,
  cognitoIdp,
];
