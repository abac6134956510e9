/**
 * The shapes of API Gateway's stored entities that the data plane reads back (a deployment's frozen snapshot:
 * the API and its resources with their methods, integrations and responses), as zod schemas. They are the one
 * statement of those shapes: apigateway.ts infers its types from them (`import type`, so a module that only
 * needs the types loads no zod: importing it costs ~70 ms, and the server loads it after it listens).
 * Unknown fields are dropped, not refused (a store written by a newer Gatehouse still reads); a missing
 * required field or a value of the wrong type fails the parse (gateway/deployments.ts: the stage then fails
 * closed).
 */
import { z } from 'zod';
import { AUTHORIZER_TYPES, ENDPOINT_TYPES, IP_ADDRESS_TYPES, type DeploymentSnapshot } from './apigateway.js';

const stringMap = z.record(z.string(), z.string());

export const EndpointConfigurationSchema = z.object({
  types: z.array(z.enum(ENDPOINT_TYPES)),
  ipAddressType: z.enum(IP_ADDRESS_TYPES),
  vpcEndpointIds: z.array(z.string()).optional(),
});

export const RestApiSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().optional(),
  version: z.string().optional(),
  /** epoch seconds */
  createdDate: z.number(),
  binaryMediaTypes: z.array(z.string()).optional(),
  minimumCompressionSize: z.number().optional(),
  apiKeySource: z.string(),
  endpointConfiguration: EndpointConfigurationSchema,
  /** The policy as compact JSON, shorthand already expanded (see policy-field.ts for the wire form). */
  policy: z.string().optional(),
  tags: stringMap.optional(),
  disableExecuteApiEndpoint: z.boolean(),
  rootResourceId: z.string(),
  securityPolicy: z.string().optional(),
  endpointAccessMode: z.string().optional(),
});

export const MethodResponseSchema = z.object({
  statusCode: z.string(),
  responseParameters: z.record(z.string(), z.boolean()).optional(),
  responseModels: stringMap.optional(),
});

export const IntegrationResponseSchema = z.object({
  statusCode: z.string(),
  selectionPattern: z.string().optional(),
  responseParameters: stringMap.optional(),
  responseTemplates: z.record(z.string(), z.string().nullable()).optional(),
  contentHandling: z.string().optional(),
});

export const IntegrationSchema = z.object({
  type: z.string(),
  httpMethod: z.string().optional(),
  uri: z.string().optional(),
  connectionType: z.string().optional(),
  connectionId: z.string().optional(),
  credentials: z.string().optional(),
  requestParameters: stringMap.optional(),
  requestTemplates: z.record(z.string(), z.string().nullable()).optional(),
  passthroughBehavior: z.string(),
  contentHandling: z.string().optional(),
  timeoutInMillis: z.number(),
  cacheNamespace: z.string(),
  cacheKeyParameters: z.array(z.string()),
  integrationResponses: z.record(z.string(), IntegrationResponseSchema).optional(),
  tlsConfig: z.object({ insecureSkipVerification: z.boolean().optional() }).optional(),
});

export const MethodSchema = z.object({
  httpMethod: z.string(),
  authorizationType: z.string(),
  authorizerId: z.string().optional(),
  apiKeyRequired: z.boolean(),
  requestValidatorId: z.string().optional(),
  operationName: z.string().optional(),
  requestParameters: z.record(z.string(), z.boolean()).optional(),
  requestModels: stringMap.optional(),
  authorizationScopes: z.array(z.string()).optional(),
  methodResponses: z.record(z.string(), MethodResponseSchema).optional(),
  methodIntegration: IntegrationSchema.optional(),
});

export const ResourceSchema = z.object({
  id: z.string(),
  parentId: z.string().optional(),
  pathPart: z.string().optional(),
  path: z.string(),
  resourceMethods: z.record(z.string(), MethodSchema).optional(),
});

export const AuthorizerSchema = z.object({
  id: z.string(),
  name: z.string(),
  type: z.enum(AUTHORIZER_TYPES),
  providerARNs: z.array(z.string()).optional(),
  authType: z.string().optional(),
  authorizerUri: z.string().optional(),
  authorizerCredentials: z.string().optional(),
  identitySource: z.string().optional(),
  identityValidationExpression: z.string().optional(),
  authorizerResultTtlInSeconds: z.number().int().min(0).max(3600).optional(),
});

/** Everything a deployment freezes: what the data plane serves until the next deployment. */
export const DeploymentSnapshotSchema = z.object({
  api: RestApiSchema,
  resources: z.array(ResourceSchema),
  /** Absent from snapshots taken before Gatehouse had authorizers: none. */
  authorizers: z.array(AuthorizerSchema).optional(),
});

/**
 * A stored snapshot, parsed; or why it is not one, in one line (each problem as `path: message`, the first
 * few only: a document from elsewhere may be wrong everywhere).
 */
export function parseDeploymentSnapshot(doc: unknown): { ok: true; snapshot: DeploymentSnapshot } | { ok: false; reason: string } {
  const parsed = DeploymentSnapshotSchema.safeParse(doc);
  if (parsed.success) return { ok: true, snapshot: parsed.data };
  const issues = parsed.error.issues;
  const shown = issues.slice(0, 3).map((issue) => `${issue.path.length === 0 ? '(the document)' : issue.path.map(String).join('.')}: ${issue.message}`);
  if (issues.length > shown.length) shown.push(`and ${issues.length - shown.length} more`);
  return { ok: false, reason: shown.join('; ') };
}
