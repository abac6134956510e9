/** Integrations and integration responses: Put/Get/Update/Delete of both. */
import type { Integration, IntegrationResponse } from '../../domain/apigateway.js';
import type { OperationContext } from '../types.js';
import { badRequest, integrationNotFound, methodNotFound, statusCodeNotFound } from './errors.js';
import { HTTP_METHODS, mappingExpressionError } from './methods.js';
import { loadMethod, pruneEmpty, requireResource, saveResource, unescapeSegment, type MethodKey } from './state.js';
import { ENUM_TEXT, STATUS_CODE, STATUS_CODE_TEXT, Violations, type PatchOperation } from './validation.js';
import type { Operations } from '../../wire/models/apigateway-2015-07-09.js';

const INTEGRATION_TYPES = ['HTTP', 'AWS', 'MOCK', 'HTTP_PROXY', 'AWS_PROXY'];
const CONNECTION_TYPES = ['INTERNET', 'VPC_LINK'];
const CONTENT_HANDLING = ['CONVERT_TO_BINARY', 'CONVERT_TO_TEXT'];
const PASSTHROUGH = ['WHEN_NO_MATCH', 'WHEN_NO_TEMPLATES', 'NEVER'];
const DEFAULT_TIMEOUT = 29000;
/** `arn:aws:apigateway:{region}:{service}:{path|action}/{rest}` */
const AWS_INTEGRATION_ARN = /^arn:aws[a-z-]*:apigateway:[a-z0-9-]+:([a-z0-9.-]+):(path|action)\/(.+)$/;
const LAMBDA_INVOCATION = /^2015-03-31\/functions\/(.+)\/invocations$/;

type PutIntegrationInput = Operations['PutIntegration']['input'];


/** The URI an integration of `type` calls, checked as AWS checks it. */
function checkUri(type: string, uri: string | undefined, connectionType: string | undefined): void {
  if (type === 'HTTP' || type === 'HTTP_PROXY') {
    // A VPC link integration may name its target through stage variables; AWS checks only the scheme then.
    if (uri === undefined || !isHttpUrl(uri, connectionType === 'VPC_LINK')) throw badRequest('Invalid HTTP endpoint specified for URI');
    return;
  }
  if (type === 'AWS' || type === 'AWS_PROXY') {
    if (uri === undefined || !uri.startsWith('arn:')) throw badRequest('Invalid ARN specified in the request');
    const m = AWS_INTEGRATION_ARN.exec(uri);
    if (!m) throw badRequest('AWS ARN for integration must contain path or action');
    if (type === 'AWS_PROXY') {
      const [, service, kind, rest] = m;
      const lambda = service === 'lambda' && kind === 'path' && LAMBDA_INVOCATION.test(rest!);
      const firehose = service === 'firehose' && kind === 'action';
      if (!lambda && !firehose) throw badRequest("Integrations of type 'AWS_PROXY' currently only supports Lambda function and Firehose stream invocations.");
    }
  }
}

function isHttpUrl(uri: string, lenient: boolean): boolean {
  if (lenient && /^https?:\/\//.test(uri)) return true;
  try {
    const url = new URL(uri);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

function checkTemplates(templates: Record<string, string | null> | undefined): void {
  for (const type of Object.keys(templates ?? {})) {
    if (!type.includes('/')) throw badRequest(`Validation Result: warnings : [], errors : [Invalid content type specified: ${type}]`);
  }
}

/** Empty templates are stored as null, as AWS stores them. */
function normalizeTemplates(templates: Record<string, string> | undefined): Record<string, string | null> | undefined {
  if (templates === undefined) return undefined;
  return Object.fromEntries(Object.entries(templates).map(([k, v]) => [k, v === '' ? null : v]));
}

function checkIntegrationSettings(integration: Integration): void {
  if (integration.type !== 'MOCK' && integration.httpMethod === undefined) throw badRequest('Enumeration value for HttpMethod must be non-empty');
  if (integration.httpMethod !== undefined && !HTTP_METHODS.includes(integration.httpMethod)) {
    throw badRequest(`Invalid HttpMethod specified. Valid options are ${HTTP_METHODS.join(',')}`);
  }
  checkUri(integration.type, integration.uri, integration.connectionType);
  if (integration.timeoutInMillis < 50 || integration.timeoutInMillis > DEFAULT_TIMEOUT || !Number.isInteger(integration.timeoutInMillis)) {
    throw badRequest('Timeout should be between 50 ms and 29000 ms');
  }
  if (!PASSTHROUGH.includes(integration.passthroughBehavior)) {
    throw badRequest(`Invalid passthrough behavior specified: ${integration.passthroughBehavior}. Valid options are ${PASSTHROUGH.join(',')}`);
  }
  if (integration.connectionType === 'VPC_LINK' && !integration.connectionId) throw badRequest('Connection id must be specified for VPC_LINK connection type');
  checkTemplates(integration.requestTemplates);
}

export function putIntegration(input: PutIntegrationInput, ctx: OperationContext) {
  const v = new Violations();
  v.enumValue('putIntegrationInput.type', input.type, INTEGRATION_TYPES, ENUM_TEXT.integrationType);
  v.enumValue('putIntegrationInput.connectionType', input.connectionType, CONNECTION_TYPES, ENUM_TEXT.connectionType);
  v.enumValue('putIntegrationInput.contentHandling', input.contentHandling, CONTENT_HANDLING, ENUM_TEXT.contentHandling);
  v.required('putIntegrationInput.type', input.type);
  v.throwIfAny();
  const { resource, method } = loadMethod(ctx, input);
  const type = input.type!;
  const integration: Integration = {
    type,
    passthroughBehavior: input.passthroughBehavior ?? 'WHEN_NO_MATCH',
    timeoutInMillis: input.timeoutInMillis ?? DEFAULT_TIMEOUT,
    cacheNamespace: input.cacheNamespace ?? resource.id,
    cacheKeyParameters: input.cacheKeyParameters ?? [],
  };
  if (input.integrationHttpMethod !== undefined) integration.httpMethod = input.integrationHttpMethod;
  // MOCK integrations call nothing: AWS drops a uri sent with one.
  if (input.uri !== undefined && type !== 'MOCK') integration.uri = input.uri;
  if (type === 'HTTP' || type === 'HTTP_PROXY' || input.connectionType !== undefined) integration.connectionType = input.connectionType ?? 'INTERNET';
  if (input.connectionId !== undefined) integration.connectionId = input.connectionId;
  if (input.credentials !== undefined) integration.credentials = input.credentials;
  if (input.requestParameters !== undefined) integration.requestParameters = input.requestParameters;
  const templates = normalizeTemplates(input.requestTemplates);
  if (templates !== undefined) integration.requestTemplates = templates;
  if (input.contentHandling !== undefined) integration.contentHandling = input.contentHandling;
  if (input.tlsConfig !== undefined) integration.tlsConfig = input.tlsConfig;
  checkIntegrationSettings(integration);
  method.methodIntegration = integration;
  saveResource(ctx, input.restApiId, resource);
  return integration;
}

function loadIntegration(ctx: OperationContext, input: MethodKey) {
  const { resource, method } = loadMethod(ctx, input);
  const integration = method.methodIntegration;
  if (!integration) throw integrationNotFound();
  return { resource, method, integration };
}

export function getIntegration(input: MethodKey, ctx: OperationContext) {
  return loadIntegration(ctx, input).integration;
}

export function updateIntegration(input: MethodKey & { patchOperations?: PatchOperation[] }, ctx: OperationContext) {
  const v = new Violations();
  v.patchOperations('updateIntegrationInput', input.patchOperations);
  v.throwIfAny();
  const { resource, integration } = loadIntegration(ctx, input);
  for (const op of input.patchOperations ?? []) applyIntegrationPatch(integration, op);
  checkIntegrationSettings(integration);
  saveResource(ctx, input.restApiId, resource);
  return integration;
}

const SCALAR_PATHS: Record<string, keyof Integration> = {
  '/uri': 'uri',
  '/httpMethod': 'httpMethod',
  '/connectionType': 'connectionType',
  '/connectionId': 'connectionId',
  '/credentials': 'credentials',
  '/passthroughBehavior': 'passthroughBehavior',
  '/contentHandling': 'contentHandling',
  '/cacheNamespace': 'cacheNamespace',
};

function applyIntegrationPatch(integration: Integration, op: PatchOperation): void {
  const path = op.path ?? '';
  const scalar = SCALAR_PATHS[path];
  const record = integration as unknown as Record<string, unknown>;
  if (scalar !== undefined) {
    if (op.op === 'remove' || op.value === undefined || op.value === '') delete record[scalar];
    else record[scalar] = op.value;
    if (integration.passthroughBehavior === undefined) integration.passthroughBehavior = 'WHEN_NO_MATCH';
    if (integration.cacheNamespace === undefined) integration.cacheNamespace = '';
    return;
  }
  if (path === '/timeoutInMillis') {
    integration.timeoutInMillis = op.op === 'remove' || !op.value ? DEFAULT_TIMEOUT : Number(op.value);
    return;
  }
  if (path === '/tlsConfig/insecureSkipVerification') {
    integration.tlsConfig = { insecureSkipVerification: op.value === 'true' };
    return;
  }
  const [, head = '', ...rest] = path.split('/');
  const key = unescapeSegment(rest.join('/'));
  if (rest.length !== 1) throw badRequest(`Invalid patch path ${path}`);
  if (head === 'requestTemplates') {
    const templates = (integration.requestTemplates ??= {});
    if (op.op === 'remove') delete templates[key];
    else templates[key] = op.value ? op.value : null;
    pruneEmpty(integration, 'requestTemplates');
  } else if (head === 'requestParameters') {
    const params = (integration.requestParameters ??= {});
    if (op.op === 'remove') delete params[key];
    else params[key] = op.value ?? '';
    pruneEmpty(integration, 'requestParameters');
  } else if (head === 'cacheKeyParameters') {
    integration.cacheKeyParameters = integration.cacheKeyParameters.filter((p) => p !== key);
    if (op.op !== 'remove') integration.cacheKeyParameters.push(key);
  } else {
    throw badRequest(`Invalid patch path ${path}`);
  }
}

export function deleteIntegration(input: MethodKey, ctx: OperationContext): void {
  const { resource, method } = loadIntegration(ctx, input);
  delete method.methodIntegration;
  saveResource(ctx, input.restApiId, resource);
}

// ---- integration responses ----

type ResponseKey = MethodKey & { statusCode: string };

interface PutIntegrationResponseInput extends ResponseKey {
  selectionPattern?: string;
  responseParameters?: Record<string, string>;
  responseTemplates?: Record<string, string>;
  contentHandling?: string;
}

function checkStatus(input: ResponseKey, extra?: (v: Violations) => void): void {
  const v = new Violations();
  extra?.(v);
  v.pattern('statusCode', input.statusCode, STATUS_CODE, STATUS_CODE_TEXT);
  v.throwIfAny();
}

export function putIntegrationResponse(input: PutIntegrationResponseInput, ctx: OperationContext) {
  checkStatus(input, (v) => v.enumValue('putIntegrationResponseInput.contentHandling', input.contentHandling, CONTENT_HANDLING, ENUM_TEXT.contentHandling));
  const { resource, integration } = loadIntegrationForResponse(ctx, input, 'method');
  checkTemplates(input.responseTemplates);
  for (const key of Object.keys(input.responseParameters ?? {})) if (!/^method\.response\.header\.\S+$/.test(key)) throw mappingExpressionError(key);
  const response: IntegrationResponse = { statusCode: input.statusCode };
  if (input.selectionPattern !== undefined) response.selectionPattern = input.selectionPattern;
  if (input.responseParameters !== undefined) response.responseParameters = input.responseParameters;
  const templates = normalizeTemplates(input.responseTemplates);
  if (templates !== undefined) response.responseTemplates = templates;
  if (input.contentHandling !== undefined) response.contentHandling = input.contentHandling;
  integration.integrationResponses = { ...integration.integrationResponses, [input.statusCode]: response };
  saveResource(ctx, input.restApiId, resource);
  return response;
}

/**
 * Integration-response operations find the method first. DeleteIntegrationResponse reports a missing method
 * as a missing integration; the others report it as a missing method (both recorded from AWS).
 */
function loadIntegrationForResponse(ctx: OperationContext, input: MethodKey, missingMethod: 'method' | 'integration') {
  const resource = requireResource(ctx, input.restApiId, input.resourceId);
  const method = resource.resourceMethods?.[input.httpMethod];
  if (!method) throw missingMethod === 'method' ? methodNotFound() : integrationNotFound();
  const integration = method.methodIntegration;
  if (!integration) throw integrationNotFound();
  return { resource, method, integration };
}

function loadIntegrationResponse(ctx: OperationContext, input: ResponseKey, missingMethod: 'method' | 'integration') {
  const found = loadIntegrationForResponse(ctx, input, missingMethod);
  const response = found.integration.integrationResponses?.[input.statusCode];
  if (!response) throw statusCodeNotFound();
  return { ...found, response };
}

export function getIntegrationResponse(input: ResponseKey, ctx: OperationContext) {
  checkStatus(input);
  return loadIntegrationResponse(ctx, input, 'method').response;
}

export function updateIntegrationResponse(input: ResponseKey & { patchOperations?: PatchOperation[] }, ctx: OperationContext) {
  checkStatus(input, (v) => v.patchOperations('updateIntegrationResponseInput', input.patchOperations));
  const { resource, response } = loadIntegrationResponse(ctx, input, 'method');
  for (const op of input.patchOperations ?? []) {
    const path = op.path ?? '';
    if (path === '/selectionPattern' || path === '/contentHandling') {
      const key = path.slice(1) as 'selectionPattern' | 'contentHandling';
      if (op.op === 'remove' || op.value === undefined) delete response[key];
      else response[key] = op.value;
      continue;
    }
    const [, head = '', ...rest] = path.split('/');
    if (rest.length !== 1) throw badRequest(`Invalid patch path ${path}`);
    const key = unescapeSegment(rest[0]!);
    if (head === 'responseTemplates') {
      const templates = (response.responseTemplates ??= {});
      if (op.op === 'remove') delete templates[key];
      else templates[key] = op.value ? op.value : null;
      pruneEmpty(response, 'responseTemplates');
    } else if (head === 'responseParameters') {
      const params = (response.responseParameters ??= {});
      if (op.op === 'remove') delete params[key];
      else params[key] = op.value ?? '';
      pruneEmpty(response, 'responseParameters');
    } else {
      throw badRequest(`Invalid patch path ${path}`);
    }
  }
  saveResource(ctx, input.restApiId, resource);
  return response;
}

export function deleteIntegrationResponse(input: ResponseKey, ctx: OperationContext): void {
  checkStatus(input);
  const { resource, integration } = loadIntegrationResponse(ctx, input, 'integration');
  delete integration.integrationResponses![input.statusCode];
  pruneEmpty(integration, 'integrationResponses');
  saveResource(ctx, input.restApiId, resource);
}
