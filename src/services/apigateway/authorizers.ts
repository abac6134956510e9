/**
 * Authorizers: Create/Get/GetAuthorizers/Update/Delete, TestInvokeAuthorizer and FlushStageAuthorizersCache.
 * An authorizer is kept under its API and frozen into each deployment with the methods that name it; the data
 * plane (gateway/authorizers/) runs what a deployment froze.
 */
import { AUTHORIZER_TYPES, type Authorizer } from '../../domain/apigateway.js';
import { requestSources, tokenSource } from '../../domain/identity-source.js';
import { ServiceError } from '../../shared/errors.js';
import type { Operations } from '../../wire/models/apigateway-2015-07-09.js';
import type { OperationContext } from '../types.js';
import { badRequest, conflict, notFound } from './errors.js';
import { pageOf } from './paging.js';
import { uniqueId } from './rest-apis.js';
import { requireStage } from './stages.js';
import { requireApi, tables } from './state.js';
import { Violations, type PatchOperation } from './validation.js';

type CreateAuthorizerInput = Operations['CreateAuthorizer']['input'];

const TYPES_TEXT = '[TOKEN, REQUEST, COGNITO_USER_POOLS]';
/** API Gateway's default cache time for an authorizer's results. */
export const DEFAULT_AUTHORIZER_TTL = 300;
const MAX_TTL = 3600;
const LAMBDA_URI = /^arn:aws[a-z-]*:apigateway:[a-z0-9-]+:lambda:path\/2015-03-31\/functions\/arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[^/]+\/invocations$/;
const USER_POOL_ARN = /^arn:aws[a-z-]*:cognito-idp:[a-z0-9-]+:\d{12}:userpool\/[a-z0-9-]+_[0-9a-zA-Z]+$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/;

export const authorizerNotFound = (): ServiceError => notFound('Invalid Authorizer identifier specified');

export function requireAuthorizer(ctx: OperationContext, restApiId: string, authorizerId: string): Authorizer {
  requireApi(ctx, restApiId);
  const found = tables(ctx).authorizers.get(ctx.scope, restApiId, authorizerId);
  if (!found) throw authorizerNotFound();
  return found;
}

/**
 * What every authorizer must be, checked on create and after each update: a Lambda function URI for TOKEN and
 * REQUEST, user pool ARNs for COGNITO_USER_POOLS, identity sources API Gateway can read, a TTL of 0–3600
 * seconds. (AWS's exact texts are recorded for the token source; the others are Gatehouse's words.)
 */
function checkAuthorizer(a: Authorizer): void {
  if (a.type === 'COGNITO_USER_POOLS') {
    if (!a.providerARNs || a.providerARNs.length === 0) throw badRequest('ProviderARNs must be specified for COGNITO_USER_POOLS authorizers.');
    const bad = a.providerARNs.find((arn) => !USER_POOL_ARN.test(arn));
    if (bad !== undefined) throw badRequest(`Invalid ProviderARN specified: ${bad}. It must be a Cognito user pool ARN, as in arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_AbCdEf123.`);
  } else {
    if (a.authorizerUri === undefined) throw badRequest(`Authorizer URI must be specified for ${a.type} authorizers.`);
    if (!LAMBDA_URI.test(a.authorizerUri)) throw badRequest(`Invalid Authorizer URI specified: ${a.authorizerUri}. It must name a Lambda function, as in arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:auth/invocations.`);
  }
  if (a.authorizerCredentials !== undefined && !ROLE_ARN.test(a.authorizerCredentials)) throw badRequest(`Invalid Authorizer credentials specified: ${a.authorizerCredentials}. It must be an IAM role ARN.`);
  const ttl = a.authorizerResultTtlInSeconds ?? DEFAULT_AUTHORIZER_TTL;
  if (!Number.isInteger(ttl) || ttl < 0 || ttl > MAX_TTL) throw badRequest(`Invalid Authorizer TTL specified: ${ttl}. It must be between 0 and ${MAX_TTL} seconds.`);
  if (a.type === 'REQUEST') {
    const sources = requestSources(a.identitySource ?? '');
    if (!sources.ok) throw badRequest(sources.message);
    if (ttl > 0 && sources.sources.length === 0) throw badRequest('Identity source must be specified for REQUEST authorizers when caching is enabled (authorizerResultTtlInSeconds greater than 0).');
    return;
  }
  if (a.identitySource === undefined || a.identitySource.trim() === '') throw badRequest(`Identity source must be specified for ${a.type} authorizers.`);
  const token = tokenSource(a.identitySource);
  if (!token.ok) throw badRequest(token.message);
  if (a.identityValidationExpression !== undefined) {
    try {
      new RegExp(a.identityValidationExpression);
    } catch {
      throw badRequest(`Invalid identity validation expression specified: ${a.identityValidationExpression}`);
    }
  }
}

export function createAuthorizer(input: CreateAuthorizerInput, ctx: OperationContext) {
  const v = new Violations();
  v.required('createAuthorizerInput.name', input.name);
  v.required('createAuthorizerInput.type', input.type);
  v.enumValue('createAuthorizerInput.type', input.type, AUTHORIZER_TYPES, TYPES_TEXT);
  v.throwIfAny();
  requireApi(ctx, input.restApiId);
  const t = tables(ctx);
  const authorizer: Authorizer = {
    id: uniqueId(6, (c) => t.authorizers.has(ctx.scope, input.restApiId, c)),
    name: input.name!,
    type: input.type as Authorizer['type'],
  };
  if (input.providerARNs !== undefined) authorizer.providerARNs = input.providerARNs;
  if (input.authType !== undefined) authorizer.authType = input.authType;
  if (input.authorizerUri !== undefined) authorizer.authorizerUri = input.authorizerUri;
  if (input.authorizerCredentials !== undefined) authorizer.authorizerCredentials = input.authorizerCredentials;
  if (input.identitySource !== undefined) authorizer.identitySource = input.identitySource;
  if (input.identityValidationExpression !== undefined) authorizer.identityValidationExpression = input.identityValidationExpression;
  authorizer.authorizerResultTtlInSeconds = input.authorizerResultTtlInSeconds ?? DEFAULT_AUTHORIZER_TTL;
  checkAuthorizer(authorizer);
  t.authorizers.insert(ctx.scope, input.restApiId, authorizer.id, authorizer);
  return authorizer;
}

export function getAuthorizer(input: { restApiId: string; authorizerId: string }, ctx: OperationContext) {
  return requireAuthorizer(ctx, input.restApiId, input.authorizerId);
}

export function getAuthorizers(input: { restApiId: string; limit?: number; position?: string }, ctx: OperationContext) {
  requireApi(ctx, input.restApiId);
  const page = pageOf(tables(ctx).authorizers, ctx.scope, input.restApiId, input.limit, input.position);
  return page.position === undefined ? { items: page.items } : { items: page.items, position: page.position };
}

export function updateAuthorizer(input: { restApiId: string; authorizerId: string; patchOperations?: PatchOperation[] }, ctx: OperationContext) {
  const v = new Violations();
  v.patchOperations('updateAuthorizerInput', input.patchOperations);
  v.throwIfAny();
  const authorizer = requireAuthorizer(ctx, input.restApiId, input.authorizerId);
  for (const op of input.patchOperations ?? []) applyPatch(authorizer, op);
  checkAuthorizer(authorizer);
  tables(ctx).authorizers.update(ctx.scope, input.restApiId, authorizer.id, authorizer);
  return authorizer;
}

const PATCH_PATHS = '/name, /type, /authorizerUri, /authorizerCredentials, /identitySource, /identityValidationExpression, /authorizerResultTtlInSeconds, /authType, /providerARNs';

function applyPatch(a: Authorizer, op: PatchOperation): void {
  const path = op.path ?? '';
  if (path === '/providerARNs' || path.startsWith('/providerARNs/')) return patchProviders(a, op);
  if (op.op !== 'replace') throw badRequest(`Invalid patch operation specified. Must be 'add'|'remove'|'replace'`);
  const value = op.value;
  switch (path) {
    case '/name':
      if (!value) throw badRequest('Authorizer name must be specified.');
      a.name = value;
      return;
    case '/type':
      if (!AUTHORIZER_TYPES.includes(value as Authorizer['type'])) throw badRequest(`Invalid authorizer type specified: ${value ?? 'null'}. Must be one of ${TYPES_TEXT}`);
      a.type = value as Authorizer['type'];
      return;
    case '/authorizerResultTtlInSeconds': {
      const ttl = Number(value);
      if (value === undefined || value === '' || !Number.isInteger(ttl)) throw badRequest(`Invalid Authorizer TTL specified: ${value ?? 'null'}. It must be between 0 and ${MAX_TTL} seconds.`);
      a.authorizerResultTtlInSeconds = ttl;
      return;
    }
    case '/authorizerUri':
    case '/authorizerCredentials':
    case '/identitySource':
    case '/identityValidationExpression':
    case '/authType': {
      const key = path.slice(1) as 'authorizerUri' | 'authorizerCredentials' | 'identitySource' | 'identityValidationExpression' | 'authType';
      if (value === undefined || value === '') delete a[key];
      else a[key] = value;
      return;
    }
    default:
      throw badRequest(`Invalid patch path ${path} specified. Must be one of: ${PATCH_PATHS}`);
  }
}

/** `add`/`remove` with the ARN as the value (or in the path, `/providerARNs/{arn}`), or `replace` of the whole list. */
function patchProviders(a: Authorizer, op: PatchOperation): void {
  const arn = op.path === '/providerARNs' ? op.value : op.path!.slice('/providerARNs/'.length).replace(/~1/g, '/').replace(/~0/g, '~');
  const current = a.providerARNs ?? [];
  if (op.op === 'add' && arn) a.providerARNs = current.includes(arn) ? current : [...current, arn];
  else if (op.op === 'remove' && arn) a.providerARNs = current.filter((x) => x !== arn);
  else if (op.op === 'replace' && op.value) a.providerARNs = op.value.split(',').map((s) => s.trim()).filter(Boolean);
  else throw badRequest(`Invalid patch operation specified. Must be 'add'|'remove'|'replace'`);
  if (a.providerARNs?.length === 0) delete a.providerARNs;
}

/** An authorizer a method names cannot be deleted (ConflictException, naming the first such method). */
export function deleteAuthorizer(input: { restApiId: string; authorizerId: string }, ctx: OperationContext): void {
  const authorizer = requireAuthorizer(ctx, input.restApiId, input.authorizerId);
  const t = tables(ctx);
  for (const resource of t.resources.list(ctx.scope, input.restApiId)) {
    for (const method of Object.values(resource.resourceMethods ?? {})) {
      if (method.authorizerId === authorizer.id) throw conflict(`Cannot delete authorizer '${authorizer.name}', is referenced in method: ${method.httpMethod} ${resource.path}`);
    }
  }
  t.authorizers.delete(ctx.scope, input.restApiId, authorizer.id);
}

export function flushStageAuthorizersCache(input: { restApiId: string; stageName: string }, ctx: OperationContext): void {
  requireStage(ctx, input.restApiId, input.stageName);
  ctx.authorizers?.flush(ctx.scope, input.restApiId, input.stageName);
}

export async function testInvokeAuthorizer(input: Operations['TestInvokeAuthorizer']['input'], ctx: OperationContext) {
  const authorizer = requireAuthorizer(ctx, input.restApiId, input.authorizerId);
  if (!ctx.authorizers) throw new ServiceError('ServiceUnavailableException', 'Authorizers cannot be run here.', 503);
  return ctx.authorizers.testInvoke(ctx.scope, input.restApiId, authorizer, input);
}
