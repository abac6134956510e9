/**
 * API Gateway's control-plane entities as Gatehouse stores them. Field names are AWS's (the model's member
 * names), so a stored record is what Get* returns; optional fields are absent, never null.
 */
import type { z } from 'zod';
import type {
  AuthorizerSchema,
  DeploymentSnapshotSchema,
  EndpointConfigurationSchema,
  IntegrationResponseSchema,
  IntegrationSchema,
  MethodResponseSchema,
  MethodSchema,
  ResourceSchema,
  RestApiSchema,
} from './apigateway-schema.js';

export const ENDPOINT_TYPES = ['REGIONAL', 'EDGE', 'PRIVATE'] as const;
export type EndpointType = (typeof ENDPOINT_TYPES)[number];
export const IP_ADDRESS_TYPES = ['ipv4', 'dualstack'] as const;
export type IpAddressType = (typeof IP_ADDRESS_TYPES)[number];
export const AUTHORIZER_TYPES = ['TOKEN', 'REQUEST', 'COGNITO_USER_POOLS'] as const;
export type AuthorizerType = (typeof AUTHORIZER_TYPES)[number];

// The shapes the data plane reads back from a deployment's snapshot are stated once, as schemas
// (apigateway-schema.ts); their types are inferred here. `import type`: this module loads no zod.
export type EndpointConfiguration = z.infer<typeof EndpointConfigurationSchema>;
export type RestApi = z.infer<typeof RestApiSchema>;
export type MethodResponse = z.infer<typeof MethodResponseSchema>;
export type IntegrationResponse = z.infer<typeof IntegrationResponseSchema>;
export type Integration = z.infer<typeof IntegrationSchema>;
export type Method = z.infer<typeof MethodSchema>;
export type Resource = z.infer<typeof ResourceSchema>;
export type Authorizer = z.infer<typeof AuthorizerSchema>;
/** Everything a deployment freezes: what the data plane serves until the next deployment. */
export type DeploymentSnapshot = z.infer<typeof DeploymentSnapshotSchema>;

export interface Deployment {
  id: string;
  description?: string;
  /** epoch seconds */
  createdDate: number;
  apiSummary?: Record<string, Record<string, { authorizationType: string; apiKeyRequired: boolean }>>;
}

export interface MethodSetting {
  metricsEnabled: boolean;
  loggingLevel?: string;
  dataTraceEnabled: boolean;
  throttlingBurstLimit: number;
  throttlingRateLimit: number;
  cachingEnabled: boolean;
  cacheTtlInSeconds: number;
  cacheDataEncrypted: boolean;
  requireAuthorizationForCacheControl: boolean;
  unauthorizedCacheControlHeaderStrategy: string;
}

export interface Stage {
  stageName: string;
  deploymentId: string;
  description?: string;
  clientCertificateId?: string;
  cacheClusterEnabled: boolean;
  cacheClusterSize?: string;
  cacheClusterStatus: string;
  methodSettings: Record<string, MethodSetting>;
  variables?: Record<string, string>;
  documentationVersion?: string;
  accessLogSettings?: { format?: string; destinationArn?: string };
  canarySettings?: Record<string, unknown>;
  tracingEnabled: boolean;
  webAclArn?: string;
  tags?: Record<string, string>;
  /** epoch seconds */
  createdDate: number;
  lastUpdatedDate: number;
}
