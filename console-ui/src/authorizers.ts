/**
 * API Gateway authorizers and a method's authorization, as the console calls them: GetAuthorizers,
 * CreateAuthorizer (granting API Gateway the right to call a Lambda authorizer's function, as the AWS console
 * does), UpdateAuthorizer, DeleteAuthorizer, TestInvokeAuthorizer, FlushStageAuthorizersCache and UpdateMethod's
 * `/authorizationType`, `/authorizerId` and `/authorizationScopes`. Cognito user pools are listed when the
 * account's `cognito-idp` answers.
 */
import type { PatchOperation } from './apigateway';
import { apigateway, awsJson, lambda, REGION } from './aws';
import { listUserPools } from './cognito';

export type AuthorizerType = 'TOKEN' | 'REQUEST' | 'COGNITO_USER_POOLS';

export const AUTHORIZER_TYPE_LABEL: Record<string, string> = { TOKEN: 'Lambda (Token)', REQUEST: 'Lambda (Request)', COGNITO_USER_POOLS: 'Cognito' };

export interface Authorizer {
  id: string;
  name: string;
  type: AuthorizerType;
  providerARNs?: string[];
  authorizerUri?: string;
  authorizerCredentials?: string;
  identitySource?: string;
  identityValidationExpression?: string;
  authorizerResultTtlInSeconds?: number;
}

/** What the create and edit forms send: the fields of the authorizer's type only. */
export interface AuthorizerInput {
  name: string;
  type: AuthorizerType;
  /** TOKEN and REQUEST: the function API Gateway calls. */
  functionArn?: string;
  identitySource?: string;
  identityValidationExpression?: string;
  authorizerResultTtlInSeconds?: number;
  providerARNs?: string[];
}

export interface TestInvokeInput {
  headers?: Record<string, string>;
  pathWithQueryString?: string;
  stageVariables?: Record<string, string>;
}

export interface TestInvokeOutput {
  clientStatus?: number;
  log?: string;
  latency?: number;
  principalId?: string;
  policy?: string;
  claims?: Record<string, string>;
}

const authorizersPath = (apiId: string): string => `/restapis/${encodeURIComponent(apiId)}/authorizers`;
const authorizerPath = (apiId: string, id: string): string => `${authorizersPath(apiId)}/${encodeURIComponent(id)}`;

/** The Lambda URI API Gateway calls a function by. */
export const functionUri = (functionArn: string): string => `arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/${functionArn}/invocations`;

/** GetAuthorizers, every page of it. */
export async function getAuthorizers(apiId: string): Promise<Authorizer[]> {
  const all: Authorizer[] = [];
  let position: string | undefined;
  do {
    const query = new URLSearchParams({ limit: '500' });
    if (position) query.set('position', position);
    const page = await apigateway<{ item?: Authorizer[]; position?: string }>('GET', `${authorizersPath(apiId)}?${query.toString()}`);
    all.push(...(page.item ?? []));
    position = page.position;
  } while (position);
  return all;
}

/** CreateAuthorizer, then (for a Lambda authorizer) the permission for API Gateway to call its function from the authorizer. */
export async function createAuthorizer(apiId: string, input: AuthorizerInput): Promise<Authorizer> {
  const body: Record<string, unknown> = { name: input.name, type: input.type };
  if (input.type === 'COGNITO_USER_POOLS') body['providerARNs'] = input.providerARNs ?? [];
  else if (input.functionArn) body['authorizerUri'] = functionUri(input.functionArn);
  if (input.identitySource) body['identitySource'] = input.identitySource;
  if (input.identityValidationExpression && input.type !== 'REQUEST') body['identityValidationExpression'] = input.identityValidationExpression;
  if (input.authorizerResultTtlInSeconds !== undefined) body['authorizerResultTtlInSeconds'] = input.authorizerResultTtlInSeconds;
  const created = await apigateway<Authorizer>('POST', authorizersPath(apiId), body);
  if (input.type !== 'COGNITO_USER_POOLS' && input.functionArn) await allowInvoke(apiId, created.id, input.functionArn);
  return created;
}

/**
 * UpdateAuthorizer with `replace` of each field that changed (an empty value removes an optional one), and the
 * permission on the new function when it changed.
 */
export async function updateAuthorizer(apiId: string, current: Authorizer, input: AuthorizerInput): Promise<Authorizer> {
  const ops: PatchOperation[] = [];
  const replace = (path: string, before: string | undefined, after: string | undefined): void => {
    if ((before ?? '') !== (after ?? '')) ops.push({ op: 'replace', path, value: after ?? '' });
  };
  replace('/name', current.name, input.name);
  const uri = input.type === 'COGNITO_USER_POOLS' || !input.functionArn ? undefined : functionUri(input.functionArn);
  replace('/authorizerUri', current.authorizerUri, uri);
  replace('/identitySource', current.identitySource, input.identitySource);
  replace('/identityValidationExpression', current.identityValidationExpression, input.type === 'REQUEST' ? undefined : input.identityValidationExpression);
  if (input.authorizerResultTtlInSeconds !== undefined) replace('/authorizerResultTtlInSeconds', String(current.authorizerResultTtlInSeconds ?? ''), String(input.authorizerResultTtlInSeconds));
  if (input.type === 'COGNITO_USER_POOLS') {
    // Each user pool added or removed by its ARN, as AWS's patch of `/providerARNs` takes them; additions first, so the list is never empty between them.
    const pools = input.providerARNs ?? [];
    const before = current.providerARNs ?? [];
    for (const arn of pools) if (!before.includes(arn)) ops.push({ op: 'add', path: '/providerARNs', value: arn });
    for (const arn of before) if (!pools.includes(arn)) ops.push({ op: 'remove', path: '/providerARNs', value: arn });
  }
  const updated = ops.length === 0 ? current : await apigateway<Authorizer>('PATCH', authorizerPath(apiId, current.id), { patchOperations: ops });
  if (uri !== undefined && uri !== current.authorizerUri && input.functionArn) await allowInvoke(apiId, current.id, input.functionArn);
  return updated;
}

export async function deleteAuthorizer(apiId: string, id: string): Promise<void> {
  await apigateway<unknown>('DELETE', authorizerPath(apiId, id));
}

export function testInvokeAuthorizer(apiId: string, id: string, input: TestInvokeInput): Promise<TestInvokeOutput> {
  return apigateway<TestInvokeOutput>('POST', authorizerPath(apiId, id), input);
}

export async function flushStageAuthorizersCache(apiId: string, stageName: string): Promise<void> {
  await apigateway<unknown>('DELETE', `/restapis/${encodeURIComponent(apiId)}/stages/${encodeURIComponent(stageName)}/cache/authorizers`);
}

/** Lambda AddPermission: API Gateway may call the function from this authorizer (`{api}/authorizers/{id}`). */
async function allowInvoke(apiId: string, authorizerId: string, functionArn: string): Promise<void> {
  const account = functionArn.split(':')[4] ?? '';
  await lambda<unknown>('POST', `/2015-03-31/functions/${encodeURIComponent(functionArn)}/policy`, {
    StatementId: `apigateway-authorizer-${authorizerId}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`,
    Action: 'lambda:InvokeFunction',
    Principal: 'apigateway.amazonaws.com',
    SourceArn: `arn:aws:execute-api:${REGION}:${account}:${apiId}/authorizers/${authorizerId}`,
  });
}

/** The function ARN of a Lambda authorizer's URI (`.../functions/{arn}/invocations`). */
export function functionArnOf(uri: string | undefined): string {
  return /functions\/(.+)\/invocations$/.exec(uri ?? '')?.[1] ?? uri ?? '';
}

export const AUTHORIZATION_TYPES = ['NONE', 'AWS_IAM', 'CUSTOM', 'COGNITO_USER_POOLS'] as const;
export type AuthorizationType = (typeof AUTHORIZATION_TYPES)[number];

/** Which authorizers a method of this authorization type may name: Lambda ones for CUSTOM, user-pool ones for COGNITO_USER_POOLS. */
export function fitsAuthorization(type: string, authorizer: Authorizer): boolean {
  if (type === 'CUSTOM') return authorizer.type !== 'COGNITO_USER_POOLS';
  return type === 'COGNITO_USER_POOLS' && authorizer.type === 'COGNITO_USER_POOLS';
}

/**
 * UpdateMethod as AWS takes a method's authorization: `replace /authorizationType` and `/authorizerId` (one call,
 * so the API checks the pair), and the scopes as `add`/`remove /authorizationScopes` of each value that changed
 * (scopes mean something for COGNITO_USER_POOLS only: other types drop them).
 */
export async function updateMethodAuthorization(
  apiId: string,
  resourceId: string,
  httpMethod: string,
  current: { authorizationType?: string; authorizerId?: string; authorizationScopes?: string[] },
  next: { authorizationType: string; authorizerId?: string; authorizationScopes: string[] },
): Promise<void> {
  const ops: PatchOperation[] = [];
  if ((current.authorizationType ?? 'NONE') !== next.authorizationType) ops.push({ op: 'replace', path: '/authorizationType', value: next.authorizationType });
  const needsAuthorizer = next.authorizationType === 'CUSTOM' || next.authorizationType === 'COGNITO_USER_POOLS';
  if (needsAuthorizer && next.authorizerId !== current.authorizerId) ops.push({ op: 'replace', path: '/authorizerId', value: next.authorizerId ?? '' });
  const scopes = next.authorizationType === 'COGNITO_USER_POOLS' ? next.authorizationScopes : [];
  const before = current.authorizationScopes ?? [];
  for (const s of before) if (!scopes.includes(s)) ops.push({ op: 'remove', path: '/authorizationScopes', value: s });
  for (const s of scopes) if (!before.includes(s)) ops.push({ op: 'add', path: '/authorizationScopes', value: s });
  if (ops.length === 0) return;
  await apigateway<unknown>('PATCH', `/restapis/${encodeURIComponent(apiId)}/resources/${encodeURIComponent(resourceId)}/methods/${encodeURIComponent(httpMethod)}`, { patchOperations: ops });
}

export interface UserPool {
  id: string;
  name: string;
  arn: string;
}

/** The account's Cognito user pools (ListUserPools), each with its ARN (DescribeUserPool), for a Cognito authorizer's picker. */
export async function userPoolsWithArns(): Promise<UserPool[]> {
  const pools = await listUserPools();
  return Promise.all(
    pools.map(async (p) => {
      const described = await awsJson<{ UserPool?: { Arn?: string } }>('cognito-idp', 'AWSCognitoIdentityProviderService.DescribeUserPool', { UserPoolId: p.Id });
      return { id: p.Id, name: p.Name, arn: described.UserPool?.Arn ?? '' };
    }),
  );
}
