/** The API Gateway and EC2 operations the console's pages use, typed as the APIs answer them. */
import { apigateway, AwsError, ec2, lambda, REGION } from './aws';

export type EndpointType = 'REGIONAL' | 'EDGE' | 'PRIVATE';

export interface RestApi {
  id: string;
  name: string;
  description?: string;
  createdDate?: number;
  endpointConfiguration?: { types?: EndpointType[]; vpcEndpointIds?: string[] };
}

export interface VpcEndpoint {
  id: string;
  vpcId: string;
  serviceName: string;
  state: string;
  name?: string;
}

/** GetRestApis, every page of it. */
export async function getRestApis(): Promise<RestApi[]> {
  const apis: RestApi[] = [];
  let position: string | undefined;
  do {
    const query = new URLSearchParams({ limit: '500' });
    if (position) query.set('position', position);
    const page = await apigateway<{ item?: RestApi[]; position?: string }>('GET', `/restapis?${query.toString()}`);
    apis.push(...(page.item ?? []));
    position = page.position;
  } while (position);
  return apis;
}

export interface CreateRestApiInput {
  name: string;
  description?: string;
  endpointType: EndpointType;
  vpcEndpointIds: string[];
}

export function createRestApi(input: CreateRestApiInput): Promise<RestApi> {
  const endpointConfiguration: RestApi['endpointConfiguration'] = { types: [input.endpointType] };
  if (input.endpointType === 'PRIVATE' && input.vpcEndpointIds.length > 0) endpointConfiguration.vpcEndpointIds = input.vpcEndpointIds;
  return apigateway<RestApi>('POST', '/restapis', {
    name: input.name,
    ...(input.description ? { description: input.description } : {}),
    endpointConfiguration,
  });
}

export async function deleteRestApi(id: string): Promise<void> {
  await apigateway<unknown>('DELETE', `/restapis/${encodeURIComponent(id)}`);
}

/** DescribeVpcEndpoints: the interface endpoints API Gateway can use (execute-api), with their Name tags. */
export async function describeVpcEndpoints(): Promise<VpcEndpoint[]> {
  const doc = await ec2('DescribeVpcEndpoints');
  const items = Array.from(doc.getElementsByTagName('vpcEndpointSet')[0]?.children ?? []);
  return items.map((item) => {
    const text = (tag: string): string => directChild(item, tag)?.textContent ?? '';
    const tags = Array.from(directChild(item, 'tagSet')?.children ?? []);
    const name = tags.find((t) => directChild(t, 'key')?.textContent === 'Name');
    return {
      id: text('vpcEndpointId'),
      vpcId: text('vpcId'),
      serviceName: text('serviceName'),
      state: text('state'),
      ...(name ? { name: directChild(name, 'value')?.textContent ?? '' } : {}),
    };
  });
}

function directChild(parent: Element, tag: string): Element | undefined {
  return Array.from(parent.children).find((c) => c.tagName === tag);
}

export interface Integration {
  type: 'AWS_PROXY' | 'AWS' | 'HTTP' | 'HTTP_PROXY' | 'MOCK';
  httpMethod?: string;
  uri?: string;
  requestTemplates?: Record<string, string>;
  timeoutInMillis?: number;
}

export interface Method {
  httpMethod: string;
  authorizationType?: string;
  /** The authorizer of a CUSTOM or COGNITO_USER_POOLS method. */
  authorizerId?: string;
  /** The OAuth scopes a COGNITO_USER_POOLS method requires of an access token. */
  authorizationScopes?: string[];
  methodIntegration?: Integration;
}

export interface Resource {
  id: string;
  parentId?: string;
  pathPart?: string;
  path: string;
  resourceMethods?: Record<string, Method>;
}

export interface Stage {
  stageName: string;
  deploymentId?: string;
  description?: string;
  variables?: Record<string, string>;
  createdDate?: number;
  lastUpdatedDate?: number;
}

export interface LambdaFunction {
  FunctionName: string;
  FunctionArn: string;
  Runtime?: string;
}

const api = (id: string): string => `/restapis/${encodeURIComponent(id)}`;
const methodPath = (apiId: string, resourceId: string, httpMethod: string): string =>
  `${api(apiId)}/resources/${encodeURIComponent(resourceId)}/methods/${encodeURIComponent(httpMethod)}`;

export function getRestApi(id: string): Promise<RestApi> {
  return apigateway<RestApi>('GET', api(id));
}

/** GetResources with embed=methods (each method with its integration), every page of it. */
export async function getResources(apiId: string): Promise<Resource[]> {
  const resources: Resource[] = [];
  let position: string | undefined;
  do {
    const query = new URLSearchParams({ limit: '500', embed: 'methods' });
    if (position) query.set('position', position);
    const page = await apigateway<{ item?: Resource[]; position?: string }>('GET', `${api(apiId)}/resources?${query.toString()}`);
    resources.push(...(page.item ?? []));
    position = page.position;
  } while (position);
  return resources;
}

export function createResource(apiId: string, parentId: string, pathPart: string): Promise<Resource> {
  return apigateway<Resource>('POST', `${api(apiId)}/resources/${encodeURIComponent(parentId)}`, { pathPart });
}

export type IntegrationChoice =
  | { kind: 'LAMBDA'; functionArn: string }
  | { kind: 'HTTP'; proxy: boolean; httpMethod: string; endpointUrl: string }
  | { kind: 'MOCK' };

/**
 * Create method as the console does it: PutMethod, then the integration (putIntegration).
 */
export async function createMethod(restApi: RestApi, resource: Resource, httpMethod: string, choice: IntegrationChoice, timeoutInMillis: number): Promise<void> {
  await apigateway<Method>('PUT', methodPath(restApi.id, resource.id, httpMethod), { authorizationType: 'NONE' });
  await putIntegration(restApi, resource, httpMethod, choice, timeoutInMillis);
}

/**
 * PutIntegration (which replaces a method's integration) as the console sets it up: for a Lambda proxy, the
 * permission for API Gateway to call the function; for Mock and (non-proxy) HTTP, the 200 method response
 * and integration response, kept when the method already has them.
 */
export async function putIntegration(restApi: RestApi, resource: Resource, httpMethod: string, choice: IntegrationChoice, timeoutInMillis: number): Promise<void> {
  const path = methodPath(restApi.id, resource.id, httpMethod);
  if (choice.kind === 'LAMBDA') {
    await apigateway<Integration>('PUT', `${path}/integration`, {
      type: 'AWS_PROXY',
      httpMethod: 'POST',
      uri: `arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/${choice.functionArn}/invocations`,
      timeoutInMillis,
    });
    const account = choice.functionArn.split(':')[4] ?? '';
    const sourcePath = resource.path.replace(/\{[^}]+\}/g, '*');
    await lambda<unknown>('POST', `/2015-03-31/functions/${encodeURIComponent(choice.functionArn)}/policy`, {
      StatementId: `apigateway-${restApi.id}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`,
      Action: 'lambda:InvokeFunction',
      Principal: 'apigateway.amazonaws.com',
      SourceArn: `arn:aws:execute-api:${REGION}:${account}:${restApi.id}/*/${httpMethod === 'ANY' ? '*' : httpMethod}${sourcePath}`,
    });
    return;
  }
  if (choice.kind === 'HTTP') {
    await apigateway<Integration>('PUT', `${path}/integration`, { type: choice.proxy ? 'HTTP_PROXY' : 'HTTP', httpMethod: choice.httpMethod, uri: choice.endpointUrl, timeoutInMillis });
    if (choice.proxy) return;
  } else {
    await apigateway<Integration>('PUT', `${path}/integration`, { type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' }, timeoutInMillis });
  }
  await keepExisting(apigateway<unknown>('PUT', `${path}/responses/200`, { responseModels: { 'application/json': 'Empty' } }));
  await apigateway<unknown>('PUT', `${path}/integration/responses/200`, { responseTemplates: { 'application/json': '' } });
}

/** A create that may find its object already there (ConflictException), which is as good. */
async function keepExisting(call: Promise<unknown>): Promise<void> {
  try {
    await call;
  } catch (error) {
    if (!(error instanceof AwsError && error.code === 'ConflictException')) throw error;
  }
}

export function deleteResource(apiId: string, resourceId: string): Promise<void> {
  return apigateway<void>('DELETE', `${api(apiId)}/resources/${encodeURIComponent(resourceId)}`);
}

export function deleteMethod(apiId: string, resourceId: string, httpMethod: string): Promise<void> {
  return apigateway<void>('DELETE', methodPath(apiId, resourceId, httpMethod));
}

export interface PatchOperation {
  op: 'add' | 'remove' | 'replace';
  path: string;
  value?: string;
}

/** UpdateRestApi: the API applies AWS's rules (endpoint type changes, VPC endpoint ids) and says why not. */
export function updateRestApi(id: string, patchOperations: PatchOperation[]): Promise<RestApi> {
  return apigateway<RestApi>('PATCH', api(id), { patchOperations });
}

/** UpdateStage: stage variables are `/variables/{name}`. */
export function updateStage(apiId: string, stageName: string, patchOperations: PatchOperation[]): Promise<Stage> {
  return apigateway<Stage>('PATCH', `${api(apiId)}/stages/${encodeURIComponent(stageName)}`, { patchOperations });
}

export function deleteStage(apiId: string, stageName: string): Promise<void> {
  return apigateway<void>('DELETE', `${api(apiId)}/stages/${encodeURIComponent(stageName)}`);
}

export async function getStages(apiId: string): Promise<Stage[]> {
  const page = await apigateway<{ item?: Stage[] }>('GET', `${api(apiId)}/stages`);
  return page.item ?? [];
}

/** CreateDeployment with stageName: creates the stage, or points an existing one at the new deployment. */
export function createDeployment(apiId: string, stageName: string, description: string): Promise<{ id: string }> {
  return apigateway<{ id: string }>('POST', `${api(apiId)}/deployments`, { stageName, ...(description ? { description } : {}) });
}

/** Lambda ListFunctions, every page of it. */
export async function listFunctions(): Promise<LambdaFunction[]> {
  const functions: LambdaFunction[] = [];
  let marker: string | undefined;
  do {
    const query = new URLSearchParams({ MaxItems: '50' });
    if (marker) query.set('Marker', marker);
    const page = await lambda<{ Functions?: LambdaFunction[]; NextMarker?: string }>('GET', `/2015-03-31/functions/?${query.toString()}`);
    functions.push(...(page.Functions ?? []));
    marker = page.NextMarker;
  } while (marker);
  return functions;
}

/** A RestApi with its resource policy, in AWS's escaped form (`{\"Version\":...}`) as GetRestApi returns it. */
export interface RestApiWithPolicy extends RestApi {
  policy?: string;
}

export function getRestApiWithPolicy(id: string): Promise<RestApiWithPolicy> {
  return apigateway<RestApiWithPolicy>('GET', api(id));
}

/**
 * GetRestApi's `policy` as a document to edit: the escapes undone (`\"` → `"`, `\/` → `/`, `\\` → `\`) and the
 * JSON indented. Empty when the API has no policy.
 */
export function decodePolicy(wire: string | undefined): string {
  if (!wire) return '';
  const text = wire.replace(/\\(.)/g, '$1');
  try {
    return JSON.stringify(JSON.parse(text) as unknown, null, 2);
  } catch {
    return text;
  }
}

/** UpdateRestApi `replace /policy`: the API validates the document; an empty value deletes the policy. */
export function updateRestApiPolicy(id: string, policy: string): Promise<RestApiWithPolicy> {
  return apigateway<RestApiWithPolicy>('PATCH', api(id), { patchOperations: [{ op: 'replace', path: '/policy', value: policy }] });
}
