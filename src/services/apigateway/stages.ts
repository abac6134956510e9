/** Stages: named pointers at deployments, with variables and method settings. */
import type { MethodSetting, Stage } from '../../domain/apigateway.js';
import { epochSeconds } from '../../shared/clock.js';
import type { OperationContext } from '../types.js';
import { badRequest, conflict, notFound } from './errors.js';
import { requireApi, tables } from './state.js';
import { Violations, type PatchOperation } from './validation.js';

const STAGE_NAME = /^[a-zA-Z0-9_]+$/;
const VARIABLE_NAME = /^[a-zA-Z0-9_]+$/;

const INVALID_STAGE_PATH = (path: string): string =>
  `Invalid method setting path: ${path}. Must be one of: [/deploymentId, /description, /cacheClusterEnabled, /cacheClusterSize, /clientCertificateId, /accessLogSettings, /accessLogSettings/destinationArn, /accessLogSettings/format, /{resourcePath}/{httpMethod}/metrics/enabled, /{resourcePath}/{httpMethod}/logging/dataTrace, /{resourcePath}/{httpMethod}/logging/loglevel, /{resourcePath}/{httpMethod}/throttling/burstLimit/{resourcePath}/{httpMethod}/throttling/rateLimit/{resourcePath}/{httpMethod}/caching/ttlInSeconds, /{resourcePath}/{httpMethod}/caching/enabled, /{resourcePath}/{httpMethod}/caching/dataEncrypted, /{resourcePath}/{httpMethod}/caching/requireAuthorizationForCacheControl, /{resourcePath}/{httpMethod}/caching/unauthorizedCacheControlHeaderStrategy, /*/*/metrics/enabled, /*/*/logging/dataTrace, /*/*/logging/loglevel, /*/*/throttling/burstLimit /*/*/throttling/rateLimit /*/*/caching/ttlInSeconds, /*/*/caching/enabled, /*/*/caching/dataEncrypted, /*/*/caching/requireAuthorizationForCacheControl, /*/*/caching/unauthorizedCacheControlHeaderStrategy, /variables/{variable_name}, /tracingEnabled]`;
const INVALID_ACCESS_LOG_PATH = 'Invalid accessLogSettings path. Must be one of : [/accessLogSettings/destinationArn, /accessLogSettings/format]';
const cannotRemove = (what: string) => badRequest(`Cannot remove method setting ${what} because there is no method setting for this method `);

/** A method setting as AWS creates it the first time any of its fields is patched. */
const DEFAULT_METHOD_SETTING: MethodSetting = {
  metricsEnabled: false,
  dataTraceEnabled: false,
  throttlingBurstLimit: 5000,
  throttlingRateLimit: 10000.0,
  cachingEnabled: false,
  cacheTtlInSeconds: 300,
  cacheDataEncrypted: false,
  requireAuthorizationForCacheControl: true,
  unauthorizedCacheControlHeaderStrategy: 'SUCCEED_WITH_RESPONSE_HEADER',
};

type SettingKind = 'boolean' | 'integer' | 'number' | 'string';
const SETTINGS: Record<string, [keyof MethodSetting, SettingKind]> = {
  'metrics/enabled': ['metricsEnabled', 'boolean'],
  'logging/dataTrace': ['dataTraceEnabled', 'boolean'],
  'logging/loglevel': ['loggingLevel', 'string'],
  'throttling/burstLimit': ['throttlingBurstLimit', 'integer'],
  'throttling/rateLimit': ['throttlingRateLimit', 'number'],
  'caching/enabled': ['cachingEnabled', 'boolean'],
  'caching/ttlInSeconds': ['cacheTtlInSeconds', 'integer'],
  'caching/dataEncrypted': ['cacheDataEncrypted', 'boolean'],
  'caching/requireAuthorizationForCacheControl': ['requireAuthorizationForCacheControl', 'boolean'],
  'caching/unauthorizedCacheControlHeaderStrategy': ['unauthorizedCacheControlHeaderStrategy', 'string'],
};

export function checkStageName(name: string): void {
  if (!STAGE_NAME.test(name)) throw badRequest('Stage name only allows a-zA-Z0-9_');
}

export function checkVariables(variables: Record<string, string> | undefined): void {
  for (const name of Object.keys(variables ?? {})) {
    if (!VARIABLE_NAME.test(name)) throw badRequest(`Stage variable name ${name} is invalid. Only a-zA-Z0-9_ are allowed.`);
  }
}

interface StageFields {
  stageName: string;
  deploymentId: string;
  description?: string | undefined;
  cacheClusterEnabled?: boolean | undefined;
  cacheClusterSize?: string | undefined;
  variables?: Record<string, string> | undefined;
  documentationVersion?: string | undefined;
  tracingEnabled?: boolean | undefined;
  tags?: Record<string, string> | undefined;
}

export function createStageRecord(ctx: OperationContext, fields: StageFields): Stage {
  const now = epochSeconds(ctx.clock.now());
  const stage: Stage = {
    stageName: fields.stageName,
    deploymentId: fields.deploymentId,
    cacheClusterEnabled: fields.cacheClusterEnabled ?? false,
    cacheClusterStatus: fields.cacheClusterEnabled ? 'AVAILABLE' : 'NOT_AVAILABLE',
    methodSettings: {},
    tracingEnabled: fields.tracingEnabled ?? false,
    createdDate: now,
    lastUpdatedDate: now,
  };
  if (fields.description !== undefined) stage.description = fields.description;
  if (fields.cacheClusterSize !== undefined) stage.cacheClusterSize = fields.cacheClusterSize;
  if (fields.variables !== undefined && Object.keys(fields.variables).length > 0) stage.variables = fields.variables;
  if (fields.documentationVersion !== undefined) stage.documentationVersion = fields.documentationVersion;
  if (fields.tags !== undefined) stage.tags = fields.tags;
  return stage;
}

function requireDeploymentId(ctx: OperationContext, restApiId: string, deploymentId: string): void {
  if (!tables(ctx).deployments.has(ctx.scope, restApiId, deploymentId)) throw notFound('Invalid Deployment identifier specified');
}

export function createStage(input: Partial<StageFields> & { restApiId: string }, ctx: OperationContext) {
  const v = new Violations();
  v.required('createStageInput.stageName', input.stageName);
  v.required('createStageInput.deploymentId', input.deploymentId);
  v.throwIfAny();
  // The Violations passed: both are present.
  const fields: StageFields = { ...input, stageName: input.stageName!, deploymentId: input.deploymentId! };
  requireApi(ctx, input.restApiId);
  checkStageName(fields.stageName);
  checkVariables(input.variables);
  requireDeploymentId(ctx, input.restApiId, fields.deploymentId);
  const t = tables(ctx);
  if (t.stages.has(ctx.scope, input.restApiId, fields.stageName)) throw conflict('Stage already exists');
  const stage = createStageRecord(ctx, fields);
  t.stages.insert(ctx.scope, input.restApiId, stage.stageName, stage);
  return stage;
}

export function requireStage(ctx: OperationContext, restApiId: string, stageName: string): Stage {
  requireApi(ctx, restApiId);
  const stage = tables(ctx).stages.get(ctx.scope, restApiId, stageName);
  if (!stage) throw notFound('Invalid Stage identifier specified');
  return stage;
}

export function getStage(input: { restApiId: string; stageName: string }, ctx: OperationContext) {
  return requireStage(ctx, input.restApiId, input.stageName);
}

export function getStages(input: { restApiId: string; deploymentId?: string }, ctx: OperationContext) {
  requireApi(ctx, input.restApiId);
  const all = tables(ctx).stages.list(ctx.scope, input.restApiId);
  return { item: input.deploymentId === undefined ? all : all.filter((s) => s.deploymentId === input.deploymentId) };
}

export function deleteStage(input: { restApiId: string; stageName: string }, ctx: OperationContext): void {
  requireStage(ctx, input.restApiId, input.stageName);
  tables(ctx).stages.delete(ctx.scope, input.restApiId, input.stageName);
}

export function updateStage(input: { restApiId: string; stageName: string; patchOperations?: PatchOperation[] }, ctx: OperationContext) {
  const v = new Violations();
  v.patchOperations('updateStageInput', input.patchOperations);
  v.throwIfAny();
  const stage = requireStage(ctx, input.restApiId, input.stageName);
  for (const op of input.patchOperations ?? []) applyStagePatch(ctx, input.restApiId, stage, op);
  stage.lastUpdatedDate = epochSeconds(ctx.clock.now());
  tables(ctx).stages.update(ctx.scope, input.restApiId, stage.stageName, stage);
  return stage;
}

function applyStagePatch(ctx: OperationContext, restApiId: string, stage: Stage, op: PatchOperation): void {
  const path = op.path ?? '';
  const value = op.value ?? '';
  switch (path) {
    case '/deploymentId':
      requireDeploymentId(ctx, restApiId, value);
      stage.deploymentId = value;
      return;
    case '/description':
    case '/clientCertificateId':
    case '/cacheClusterSize': {
      const key = path.slice(1) as 'description' | 'clientCertificateId' | 'cacheClusterSize';
      if (op.op === 'remove' || value === '') delete stage[key];
      else stage[key] = value;
      return;
    }
    case '/cacheClusterEnabled':
      stage.cacheClusterEnabled = value === 'true';
      stage.cacheClusterStatus = stage.cacheClusterEnabled ? 'AVAILABLE' : 'NOT_AVAILABLE';
      return;
    case '/tracingEnabled':
      stage.tracingEnabled = value === 'true';
      return;
    default:
      break;
  }
  if (path === '/accessLogSettings' || path.startsWith('/accessLogSettings/')) return patchAccessLog(stage, op);
  if (path.startsWith('/variables/')) {
    const name = path.slice('/variables/'.length);
    const variables = (stage.variables ??= {});
    if (op.op === 'remove') delete variables[name];
    else {
      checkVariables({ [name]: value });
      variables[name] = value;
    }
    if (Object.keys(variables).length === 0) delete stage.variables;
    return;
  }
  patchMethodSetting(stage, op);
}

function patchAccessLog(stage: Stage, op: PatchOperation): void {
  const path = op.path ?? '';
  if (op.op === 'remove') {
    if (path === '/accessLogSettings') {
      delete stage.accessLogSettings;
      return;
    }
    // AWS refuses to remove a single access log field, even one that is set.
    throw cannotRemove(path.slice(1));
  }
  const field = path.slice('/accessLogSettings/'.length);
  if (field !== 'destinationArn' && field !== 'format') throw badRequest(INVALID_ACCESS_LOG_PATH);
  if (!op.value) throw badRequest('Access Log value must not be empty');
  stage.accessLogSettings = { ...stage.accessLogSettings, [field]: op.value };
}

/** `/{resourcePath}/{httpMethod}/{group}/{setting}`, or `remove /{resourcePath}/{httpMethod}`. */
function patchMethodSetting(stage: Stage, op: PatchOperation): void {
  const path = op.path ?? '';
  const parts = path.split('/');
  const key = parts.length >= 3 ? `${parts[1]}/${parts[2]}` : '';
  if (op.op === 'remove' && parts.length === 3) {
    if (!stage.methodSettings[key]) throw cannotRemove(key);
    delete stage.methodSettings[key];
    return;
  }
  const setting = SETTINGS[parts.slice(3).join('/')];
  if (parts.length !== 5 || !setting || op.op === 'remove') throw badRequest(INVALID_STAGE_PATH(path));
  const [field, kind] = setting;
  const entry = stage.methodSettings[key] ?? { ...(stage.methodSettings['*/*'] ?? DEFAULT_METHOD_SETTING) };
  const value = op.value ?? '';
  const record = entry as unknown as Record<string, unknown>;
  if (kind === 'boolean') record[field] = value === 'true';
  else if (kind === 'string') record[field] = value;
  else {
    const n = Number(value);
    if (value === '' || !Number.isFinite(n) || (kind === 'integer' && !Number.isInteger(n))) {
      throw badRequest(`Invalid value for ${parts.slice(3).join('/')}: ${value}`);
    }
    record[field] = n;
  }
  stage.methodSettings[key] = entry;
}
