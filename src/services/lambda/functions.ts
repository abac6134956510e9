/**
 * Functions: CreateFunction, GetFunction, GetFunctionConfiguration, ListFunctions, UpdateFunctionCode,
 * UpdateFunctionConfiguration, DeleteFunction. A new function is Active at once (Gatehouse has nothing to
 * provision); CreateFunction answers Pending as Lambda does, and the next Get shows Active.
 */
import { randomUUID } from 'node:crypto';
import type { FunctionConfiguration, LambdaFunction } from '../../domain/lambda.js';
import { validationError } from '../../shared/errors.js';
import type { OperationContext } from '../types.js';
import { invalidParameter, preconditionFailed, resourceConflict } from './errors.js';
import type { LambdaHost, StoredCode } from './host.js';
import { lambdaFunctionArn } from '../../shared/arns.js';
import { resolveFunctionLayers, type FunctionLayers } from './layers.js';
import { lastModified } from './names.js';
import { refOf, requireFunction, resolve, tables } from './state.js';
import { checkConfiguration, type ConfigurationInput } from './validation.js';
import { storePackage, type PackageSource } from './package-source.js';
import { publish } from './versions.js';
import { listView } from './views.js';

type CodeInput = PackageSource;

interface CreateFunctionInput extends ConfigurationInput {
  FunctionName?: string;
  Code?: CodeInput;
  Publish?: boolean;
  PackageType?: string;
  Architectures?: string[];
  Tags?: Record<string, string>;
}

export function host(ctx: OperationContext): LambdaHost {
  if (!ctx.lambdaHost) throw new Error('the Lambda service needs a LambdaHost');
  return ctx.lambdaHost;
}

function storeCode(ctx: OperationContext, code: PackageSource): StoredCode {
  if (code.ZipFile === undefined && code.S3Bucket === undefined && code.ImageUri !== undefined) {
    throw invalidParameter('Gatehouse runs Zip packages only: container images are not supported.');
  }
  return storePackage(ctx, host(ctx), code, 'Please provide a source for function code.');
}

/** Lambda's runtime version ARN: a stable hash per runtime. */
function runtimeVersionArn(ctx: OperationContext, runtime: string): string {
  const hash = Buffer.from(runtime.padEnd(32, '.')).toString('hex').slice(0, 64).padEnd(64, '0');
  return `arn:aws:lambda:${ctx.scope.region}::runtime:${hash}`;
}

export function createFunction(input: CreateFunctionInput, ctx: OperationContext) {
  const missing = ['FunctionName', 'Role', 'Code'].filter((k) => input[k as keyof CreateFunctionInput] === undefined);
  if (missing.length > 0) throw validationError(missing.map((k) => `Value null at '${k.charAt(0).toLowerCase()}${k.slice(1)}' failed to satisfy constraint: Member must not be null`));
  const ref = refOf(ctx, input.FunctionName!);
  checkConfiguration(input);
  if (input.PackageType === 'Image') throw invalidParameter('Gatehouse runs Zip packages only: container images are not supported.');
  if (input.Runtime === undefined || input.Handler === undefined) throw invalidParameter('Runtime and Handler are mandatory parameters for functions created with deployment packages.');
  const t = tables(ctx);
  if (t.functions.has(ctx.scope, '', ref.name)) throw resourceConflict(`Function already exist: ${input.FunctionName}`);
  const layers = input.Layers === undefined ? undefined : resolveFunctionLayers(ctx, input.Layers);
  const code = storeCode(ctx, input.Code!);
  const configuration: FunctionConfiguration = {
    FunctionName: ref.name,
    FunctionArn: lambdaFunctionArn(ctx.scope, ref.name),
    Runtime: input.Runtime,
    Role: input.Role!,
    Handler: input.Handler,
    CodeSize: code.size,
    Description: input.Description ?? '',
    Timeout: input.Timeout ?? 3,
    MemorySize: input.MemorySize ?? 128,
    LastModified: lastModified(ctx.clock.now()),
    CodeSha256: code.sha256,
    Version: '$LATEST',
    TracingConfig: { Mode: 'PassThrough' },
    RevisionId: randomUUID(),
    State: 'Active',
    LastUpdateStatus: 'Successful',
    PackageType: 'Zip',
    Architectures: input.Architectures ?? ['x86_64'],
    EphemeralStorage: { Size: 512 },
    SnapStart: { ApplyOn: 'None', OptimizationStatus: 'Off' },
    LoggingConfig: { LogFormat: 'Text', LogGroup: `/aws/lambda/${ref.name}` },
    RuntimeVersionConfig: { RuntimeVersionArn: runtimeVersionArn(ctx, input.Runtime) },
  };
  if (input.Environment !== undefined) configuration.Environment = { Variables: input.Environment.Variables ?? {} };
  const fn: LambdaFunction = { configuration, codeKey: code.key, nextVersion: 1 };
  if (layers !== undefined) useLayers(fn, layers);
  if (input.Tags !== undefined && Object.keys(input.Tags).length > 0) fn.tags = input.Tags;
  t.functions.insert(ctx.scope, '', ref.name, fn);
  const shown = input.Publish ? publish(ctx, fn, undefined).configuration : configuration;
  // Lambda answers the create while the function is still Pending; the stored function is Active.
  const { LastUpdateStatus: _status, ...rest } = shown;
  return { ...rest, FunctionArn: configuration.FunctionArn, RevisionId: randomUUID(), State: 'Pending', StateReason: 'The function is being created.', StateReasonCode: 'Creating' };
}

export function getFunctionConfiguration(input: { FunctionName: string; Qualifier?: string }, ctx: OperationContext) {
  return resolve(ctx, refOf(ctx, input.FunctionName, input.Qualifier)).configuration;
}

export function getFunction(input: { FunctionName: string; Qualifier?: string }, ctx: OperationContext) {
  const resolved = resolve(ctx, refOf(ctx, input.FunctionName, input.Qualifier));
  const out: Record<string, unknown> = {
    Configuration: resolved.configuration,
    Code: { RepositoryType: 'S3', Location: host(ctx).codeLocation(resolved.codeKey, { kind: 'tasks', ...ctx.scope, name: resolved.configuration.FunctionName }) },
  };
  if (resolved.fn.tags !== undefined) out['Tags'] = resolved.fn.tags;
  if (resolved.fn.reservedConcurrency !== undefined) out['Concurrency'] = { ReservedConcurrentExecutions: resolved.fn.reservedConcurrency };
  return out;
}

export function listFunctions(input: { FunctionVersion?: string; Marker?: string; MaxItems?: number }, ctx: OperationContext) {
  if (input.FunctionVersion !== undefined && input.FunctionVersion !== 'ALL') {
    throw validationError([`Value '${input.FunctionVersion}' at 'functionVersion' failed to satisfy constraint: Member must satisfy enum value set: [ALL]`]);
  }
  const t = tables(ctx);
  const limit = Math.min(input.MaxItems ?? 50, 50);
  const page = t.functions.page(ctx.scope, '', limit, input.Marker);
  const functions = page.items.flatMap((fn) => {
    if (input.FunctionVersion !== 'ALL') return [listView(fn.configuration)];
    const latest = { ...listView(fn.configuration), FunctionArn: lambdaFunctionArn(ctx.scope, fn.configuration.FunctionName, '$LATEST') };
    return [latest, ...t.versions.list(ctx.scope, fn.configuration.FunctionName).map((v) => listView(v.configuration))];
  });
  return page.next === undefined ? { Functions: functions } : { Functions: functions, NextMarker: page.next };
}

/** Sets the function's layers (none: `Layers` leaves the configuration, as on Lambda). */
function useLayers(fn: LambdaFunction, layers: FunctionLayers): void {
  if (layers.layers.length === 0) {
    delete fn.configuration.Layers;
    delete fn.layerKeys;
    return;
  }
  fn.configuration.Layers = layers.layers;
  fn.layerKeys = layers.keys;
}

/** After an update: Lambda answers InProgress, and the next Get shows Successful with a new RevisionId. */
function inProgress(configuration: FunctionConfiguration) {
  return { ...configuration, RevisionId: randomUUID(), LastUpdateStatus: 'InProgress', LastUpdateStatusReason: 'The function is being created.', LastUpdateStatusReasonCode: 'Creating' };
}

export function save(ctx: OperationContext, fn: LambdaFunction): void {
  fn.configuration.RevisionId = randomUUID();
  fn.configuration.LastModified = lastModified(ctx.clock.now());
  tables(ctx).functions.update(ctx.scope, '', fn.configuration.FunctionName, fn);
  host(ctx).retire(fn.configuration.FunctionArn);
}

export function checkRevision(current: string, revisionId: string | undefined): void {
  if (revisionId !== undefined && revisionId !== current) {
    throw preconditionFailed('The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id');
  }
}

export function updateFunctionCode(input: CodeInput & { FunctionName: string; Publish?: boolean; DryRun?: boolean; RevisionId?: string }, ctx: OperationContext) {
  const ref = refOf(ctx, input.FunctionName);
  const fn = requireFunction(ctx, ref);
  checkRevision(fn.configuration.RevisionId, input.RevisionId);
  const code = storeCode(ctx, input);
  if (input.DryRun) return { ...fn.configuration, CodeSha256: code.sha256, CodeSize: code.size };
  fn.codeKey = code.key;
  fn.configuration.CodeSha256 = code.sha256;
  fn.configuration.CodeSize = code.size;
  save(ctx, fn);
  if (input.Publish) return publish(ctx, fn, undefined).configuration;
  return inProgress(fn.configuration);
}

export function updateFunctionConfiguration(input: ConfigurationInput & { FunctionName: string; RevisionId?: string }, ctx: OperationContext) {
  const ref = refOf(ctx, input.FunctionName);
  const fn = requireFunction(ctx, ref);
  checkRevision(fn.configuration.RevisionId, input.RevisionId);
  checkConfiguration(input);
  const layers = input.Layers === undefined ? undefined : resolveFunctionLayers(ctx, input.Layers);
  const c = fn.configuration;
  if (input.Role !== undefined) c.Role = input.Role;
  if (input.Runtime !== undefined) c.Runtime = input.Runtime;
  if (input.Handler !== undefined) c.Handler = input.Handler;
  if (input.Timeout !== undefined) c.Timeout = input.Timeout;
  if (input.MemorySize !== undefined) c.MemorySize = input.MemorySize;
  if (input.Description !== undefined) c.Description = input.Description;
  if (input.Environment !== undefined) c.Environment = { Variables: input.Environment.Variables ?? {} };
  if (layers !== undefined) useLayers(fn, layers);
  save(ctx, fn);
  return inProgress(c);
}

export function deleteFunction(input: { FunctionName: string; Qualifier?: string }, ctx: OperationContext): void {
  const ref = refOf(ctx, input.FunctionName, input.Qualifier);
  if (ref.qualifier === '$LATEST') throw invalidParameter('$LATEST version cannot be deleted without deleting the function.');
  const fn = requireFunction(ctx, ref);
  const t = tables(ctx);
  if (ref.qualifier !== undefined) {
    // Deleting a version that does not exist is a no-op, as on Lambda.
    t.versions.delete(ctx.scope, ref.name, ref.qualifier);
    return;
  }
  t.functions.delete(ctx.scope, '', ref.name);
  t.versions.deleteByParent(ctx.scope, ref.name);
  t.aliases.deleteByParent(ctx.scope, ref.name);
  host(ctx).retire(fn.configuration.FunctionArn);
}
