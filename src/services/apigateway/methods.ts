/** Methods and method responses: Put/Get/Update/Delete of both. */
import type { Method, MethodResponse } from '../../domain/apigateway.js';
import type { OperationContext } from '../types.js';
import { badRequest, conflict, notFound, statusCodeNotFound } from './errors.js';
import { loadMethod, pruneEmpty, requireResource, saveResource, tables, unescapeSegment, type MethodKey } from './state.js';
import { STATUS_CODE, STATUS_CODE_TEXT, Violations, type PatchOperation } from './validation.js';
import type { Operations } from '../../wire/models/apigateway-2015-07-09.js';

export const HTTP_METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'ANY'];
const AUTHORIZATION_TYPES = ['NONE', 'AWS_IAM', 'CUSTOM', 'COGNITO_USER_POOLS'];
/** Every REST API has these two models from the start. */
const BUILT_IN_MODELS = new Set(['Empty', 'Error']);
const BAD_AUTHORIZER = 'Invalid authorizer ID specified. Setting the authorization type to CUSTOM or COGNITO_USER_POOLS requires a valid authorizer.';
const REQUEST_PARAMETER = /^method\.request\.(querystring|path|header|multivalueheader|multivaluequerystring)\.[^\s]+$/;
const RESPONSE_PARAMETER = /^method\.response\.header\.[^\s]+$/;

export function mappingExpressionError(expression: string) {
  return badRequest(`Invalid mapping expression specified: Validation Result: warnings : [], errors : [Invalid mapping expression specified: ${expression}]`);
}

function checkHttpMethod(httpMethod: string): void {
  if (!HTTP_METHODS.includes(httpMethod)) throw badRequest(`Invalid HttpMethod specified. Valid options are ${HTTP_METHODS.join(',')}`);
}

function checkRequestParameters(parameters: Record<string, boolean> | undefined): void {
  if (!parameters) return;
  const names = new Set<string>();
  for (const key of Object.keys(parameters)) {
    if (!REQUEST_PARAMETER.test(key)) throw mappingExpressionError(key);
    const name = key.split('.').slice(3).join('.');
    const where = key.split('.')[2]!;
    if (where === 'querystring' || where === 'header' || where === 'path') {
      if (names.has(name)) throw badRequest('Parameter names must be unique across querystring, header and path');
      names.add(name);
    }
  }
}

function checkModels(models: Record<string, string> | undefined): void {
  for (const name of Object.values(models ?? {})) if (!BUILT_IN_MODELS.has(name)) throw badRequest(`Invalid model identifier specified: ${name}`);
}

/**
 * CUSTOM needs a Lambda (TOKEN or REQUEST) authorizer of the API, COGNITO_USER_POOLS a user-pool one; other
 * types take no authorizer.
 */
function checkAuthorization(ctx: OperationContext, restApiId: string, method: Method): void {
  if (!AUTHORIZATION_TYPES.includes(method.authorizationType)) {
    throw badRequest(`Invalid authorization type specified. Valid options are ${AUTHORIZATION_TYPES.join(',')}`);
  }
  if (method.authorizationType !== 'CUSTOM' && method.authorizationType !== 'COGNITO_USER_POOLS') return;
  const authorizer = method.authorizerId === undefined ? undefined : tables(ctx).authorizers.get(ctx.scope, restApiId, method.authorizerId);
  const fits = authorizer !== undefined && (method.authorizationType === 'COGNITO_USER_POOLS') === (authorizer.type === 'COGNITO_USER_POOLS');
  if (!fits) throw badRequest(BAD_AUTHORIZER);
}

type PutMethodInput = Operations['PutMethod']['input'];

/** PutMethod's answer: the method without its responses and integration. */
function methodSummary(method: Method): Method {
  const { methodResponses: _r, methodIntegration: _i, ...rest } = method;
  return rest;
}

export function putMethod(input: PutMethodInput, ctx: OperationContext) {
  const v = new Violations();
  v.required('putMethodInput.authorizationType', input.authorizationType);
  v.throwIfAny();
  const resource = requireResource(ctx, input.restApiId, input.resourceId);
  checkHttpMethod(input.httpMethod);
  const method: Method = {
    httpMethod: input.httpMethod,
    authorizationType: input.authorizationType!.toUpperCase(),
    apiKeyRequired: input.apiKeyRequired ?? false,
  };
  if (input.authorizerId !== undefined) method.authorizerId = input.authorizerId;
  checkAuthorization(ctx, input.restApiId, method);
  if (input.authorizerId !== undefined && method.authorizationType !== 'CUSTOM' && method.authorizationType !== 'COGNITO_USER_POOLS') delete method.authorizerId;
  if (input.requestValidatorId !== undefined) throw badRequest('Invalid Request Validator identifier specified');
  checkModels(input.requestModels);
  checkRequestParameters(input.requestParameters);
  if (resource.resourceMethods?.[input.httpMethod]) throw conflict('Method already exists for this resource');
  if (input.operationName !== undefined) method.operationName = input.operationName;
  if (input.requestParameters !== undefined) method.requestParameters = input.requestParameters;
  if (input.requestModels !== undefined) method.requestModels = input.requestModels;
  if (input.authorizationScopes !== undefined) method.authorizationScopes = input.authorizationScopes;
  resource.resourceMethods = { ...resource.resourceMethods, [input.httpMethod]: method };
  saveResource(ctx, input.restApiId, resource);
  return methodSummary(method);
}


export function getMethod(input: MethodKey, ctx: OperationContext) {
  return loadMethod(ctx, input).method;
}

export function updateMethod(input: MethodKey & { patchOperations?: PatchOperation[] }, ctx: OperationContext) {
  const v = new Violations();
  v.patchOperations('updateMethodInput', input.patchOperations);
  v.throwIfAny();
  const { resource, method } = loadMethod(ctx, input);
  for (const op of input.patchOperations ?? []) applyMethodPatch(method, op);
  checkAuthorizationAfterPatch(ctx, input.restApiId, method);
  saveResource(ctx, input.restApiId, resource);
  return method;
}

function checkAuthorizationAfterPatch(ctx: OperationContext, restApiId: string, method: Method): void {
  checkAuthorization(ctx, restApiId, method);
  // An authorizer id means nothing without CUSTOM or COGNITO authorization: AWS drops it silently.
  if (method.authorizationType !== 'CUSTOM' && method.authorizationType !== 'COGNITO_USER_POOLS') delete method.authorizerId;
}

function onlyReplace(op: PatchOperation): void {
  if (op.op !== 'replace') throw badRequest('Invalid patch operation specified. Must be one of: [replace]');
}

function applyMethodPatch(method: Method, op: PatchOperation): void {
  const path = op.path ?? '';
  const [, head = '', ...rest] = path.split('/');
  switch (head) {
    case 'authorizationType':
      onlyReplace(op);
      method.authorizationType = (op.value ?? '').toUpperCase();
      return;
    case 'authorizerId':
      onlyReplace(op);
      if (op.value) method.authorizerId = op.value;
      else delete method.authorizerId;
      return;
    case 'apiKeyRequired':
      onlyReplace(op);
      method.apiKeyRequired = op.value === 'true';
      return;
    case 'operationName':
      onlyReplace(op);
      if (op.value) method.operationName = op.value;
      else delete method.operationName;
      return;
    case 'requestValidatorId':
      onlyReplace(op);
      if (op.value) throw badRequest('Invalid Request Validator identifier specified');
      delete method.requestValidatorId;
      return;
    case 'authorizationScopes':
      method.authorizationScopes = patchList(method.authorizationScopes ?? [], op);
      if (method.authorizationScopes.length === 0) delete method.authorizationScopes;
      return;
    case 'requestParameters': {
      if (rest.length !== 1) throw badRequest(`Invalid patch path ${path}`);
      const name = unescapeSegment(rest[0]!);
      const params = (method.requestParameters ??= {});
      if (op.op === 'remove') delete params[name];
      else {
        params[name] = op.value === 'true';
        checkRequestParameters(params);
      }
      pruneEmpty(method, 'requestParameters');
      return;
    }
    case 'requestModels': {
      if (rest.length !== 1) throw badRequest(`Invalid patch path ${path}`);
      const type = unescapeSegment(rest[0]!);
      const models = (method.requestModels ??= {});
      if (op.op === 'remove') delete models[type];
      else {
        models[type] = op.value ?? '';
        checkModels(models);
      }
      pruneEmpty(method, 'requestModels');
      return;
    }
    default:
      throw badRequest(`Invalid patch path ${path}`);
  }
}

function patchList(list: string[], op: PatchOperation): string[] {
  const value = op.value ?? '';
  if (op.op === 'add') return list.includes(value) ? list : [...list, value];
  if (op.op === 'remove') return list.filter((x) => x !== value);
  throw badRequest(`Invalid patch operation specified. Must be 'add'|'remove'`);
}

export function deleteMethod(input: MethodKey, ctx: OperationContext): void {
  const { resource } = loadMethod(ctx, input);
  delete resource.resourceMethods![input.httpMethod];
  pruneEmpty(resource, 'resourceMethods');
  saveResource(ctx, input.restApiId, resource);
}

// ---- method responses ----

type ResponseKey = MethodKey & { statusCode: string };

function checkStatusCode(v: Violations, statusCode: string): void {
  v.pattern('statusCode', statusCode, STATUS_CODE, STATUS_CODE_TEXT);
}

function checkResponseParameters(parameters: Record<string, boolean> | undefined): void {
  for (const key of Object.keys(parameters ?? {})) if (!RESPONSE_PARAMETER.test(key)) throw mappingExpressionError(key);
}

export function putMethodResponse(input: ResponseKey & { responseParameters?: Record<string, boolean>; responseModels?: Record<string, string> }, ctx: OperationContext) {
  const v = new Violations();
  checkStatusCode(v, input.statusCode);
  v.throwIfAny();
  const { resource, method } = loadMethod(ctx, input);
  checkResponseParameters(input.responseParameters);
  checkModels(input.responseModels);
  const response: MethodResponse = { statusCode: input.statusCode };
  if (input.responseParameters !== undefined) response.responseParameters = input.responseParameters;
  if (input.responseModels !== undefined) response.responseModels = input.responseModels;
  method.methodResponses = { ...method.methodResponses, [input.statusCode]: response };
  saveResource(ctx, input.restApiId, resource);
  return response;
}

function loadMethodResponse(ctx: OperationContext, input: ResponseKey) {
  const { resource, method } = loadMethod(ctx, input);
  const response = method.methodResponses?.[input.statusCode];
  if (!response) throw statusCodeNotFound();
  return { resource, method, response };
}

export function getMethodResponse(input: ResponseKey, ctx: OperationContext) {
  const v = new Violations();
  checkStatusCode(v, input.statusCode);
  v.throwIfAny();
  return loadMethodResponse(ctx, input).response;
}

export function updateMethodResponse(input: ResponseKey & { patchOperations?: PatchOperation[] }, ctx: OperationContext) {
  const v = new Violations();
  v.patchOperations('updateMethodResponseInput', input.patchOperations);
  checkStatusCode(v, input.statusCode);
  v.throwIfAny();
  const { resource, response } = loadMethodResponse(ctx, input);
  for (const op of input.patchOperations ?? []) {
    const path = op.path ?? '';
    const [, head = '', ...rest] = path.split('/');
    const key = unescapeSegment(rest.join('/'));
    if (head === 'responseParameters' && rest.length === 1) {
      const params = (response.responseParameters ??= {});
      if (!RESPONSE_PARAMETER.test(key) || (op.op === 'remove' && !(key in params))) throw notFound('Invalid parameter name specified');
      if (op.op === 'remove') delete params[key];
      else params[key] = op.value === 'true';
      pruneEmpty(response, 'responseParameters');
    } else if (head === 'responseModels' && rest.length === 1) {
      const models = (response.responseModels ??= {});
      if (!key.includes('/') || (op.op === 'remove' && !(key in models))) {
        pruneEmpty(response, 'responseModels');
        throw notFound('Content-Type specified was not found');
      }
      if (op.op === 'remove') delete models[key];
      else models[key] = op.value ?? '';
      pruneEmpty(response, 'responseModels');
    } else {
      throw badRequest(`Invalid patch path ${path}`);
    }
  }
  saveResource(ctx, input.restApiId, resource);
  return response;
}

export function deleteMethodResponse(input: ResponseKey, ctx: OperationContext): void {
  const v = new Violations();
  checkStatusCode(v, input.statusCode);
  v.throwIfAny();
  const { resource, method } = loadMethodResponse(ctx, input);
  delete method.methodResponses![input.statusCode];
  pruneEmpty(method, 'methodResponses');
  saveResource(ctx, input.restApiId, resource);
}
