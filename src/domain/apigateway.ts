/**
 * API Gateway's control-plane entities as Gatehouse stores them. Field names are AWS's (the model's member
 * names), so a stored record is what Get* returns; optional fields are absent, never null.
 */

export const ENDPOINT_TYPES = ['REGIONAL', 'EDGE', 'PRIVATE'] as const;
export type EndpointType = (typeof ENDPOINT_TYPES)[number];
export const IP_ADDRESS_TYPES = ['ipv4', 'dualstack'] as const;
export type IpAddressType = (typeof IP_ADDRESS_TYPES)[number];

export interface EndpointConfiguration {
  types: EndpointType[];
  ipAddressType: IpAddressType;
  vpcEndpointIds?: string[];
}

export interface RestApi {
  id: string;
  name: string;
  description?: string;
  version?: string;
  /** epoch seconds */
  createdDate: number;
  binaryMediaTypes?: string[];
  minimumCompressionSize?: number;
  apiKeySource: string;
  endpointConfiguration: EndpointConfiguration;
  /** The policy as compact JSON, shorthand already expanded (see policy-field.ts for the wire form). */
  policy?: string;
  tags?: Record<string, string>;
  disableExecuteApiEndpoint: boolean;
  rootResourceId: string;
  securityPolicy?: string;
  endpointAccessMode?: string;
}

export interface MethodResponse {
  statusCode: string;
  responseParameters?: Record<string, boolean>;
  responseModels?: Record<string, string>;
}

export interface IntegrationResponse {
  statusCode: string;
  selectionPattern?: string;
  responseParameters?: Record<string, string>;
  responseTemplates?: Record<string, string | null>;
  contentHandling?: string;
}

export interface Integration {
  type: string;
  httpMethod?: string;
  uri?: string;
  connectionType?: string;
  connectionId?: string;
  credentials?: string;
  requestParameters?: Record<string, string>;
  requestTemplates?: Record<string, string | null>;
  passthroughBehavior: string;
  contentHandling?: string;
  timeoutInMillis: number;
  cacheNamespace: string;
  cacheKeyParameters: string[];
  integrationResponses?: Record<string, IntegrationResponse>;
  tlsConfig?: { insecureSkipVerification?: boolean };
}

export interface Method {
  httpMethod: string;
  authorizationType: string;
  authorizerId?: string;
  apiKeyRequired: boolean;
  requestValidatorId?: string;
  operationName?: string;
  requestParameters?: Record<string, boolean>;
  requestModels?: Record<string, string>;
  authorizationScopes?: string[];
  methodResponses?: Record<string, MethodResponse>;
  methodIntegration?: Integration;
}

export interface Resource {
  id: string;
  parentId?: string;
  pathPart?: string;
  path: string;
  resourceMethods?: Record<string, Method>;
}

/** Everything a deployment freezes: what the data plane serves until the next deployment. */
export interface DeploymentSnapshot {
  api: RestApi;
  resources: Resource[];
}

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
