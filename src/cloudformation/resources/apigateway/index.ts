/**
 * The AWS::ApiGateway::* resource types, one record each, for the registry: RestApi, Resource, Method,
 * Deployment, Stage and Authorizer made through Gatehouse's API Gateway service with the model's member names
 * (`restApiId`, `parentId`, `pathPart`, patch operations), and Account, kept by the stack.
 */
import type { ResourceType } from '../types.js';
import { account } from './account.js';
import { authorizer } from './authorizer.js';
import { deployment } from './deployment.js';
import { method } from './method.js';
import { apiResource } from './resource.js';
import { restApi } from './rest-api.js';
import { stage } from './stage.js';

export const APIGATEWAY_TYPES: readonly ResourceType[] = [restApi, apiResource, authorizer, method, deployment, stage, account];
