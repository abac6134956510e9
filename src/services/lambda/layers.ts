/**
 * Layers: PublishLayerVersion, GetLayerVersion, GetLayerVersionByArn, ListLayers, ListLayerVersions and
 * DeleteLayerVersion, and how a function's `Layers` are checked and resolved (CreateFunction,
 * UpdateFunctionConfiguration). A layer's archive is kept by content like a deployment package; a deleted
 * version stays usable by the functions that already reference it, as on Lambda.
 */
import type { Operations } from '../../wire/models/lambda-2015-03-31.js';
import { evaluatePolicy } from '../../policy/evaluate.js';
import { requestKeys } from '../../policy/request.js';
import type { LambdaLayer, LayerVersionRecord } from '../../domain/lambda.js';
import type { Scope } from '../../shared/accounts.js';
import { lambdaLayerArn, lambdaLayerVersionArn } from '../../shared/arns.js';
import { ServiceError, validationError } from '../../shared/errors.js';
import type { OperationContext } from '../types.js';
import { invalidParameter, resourceNotFound } from './errors.js';
import { host } from './functions.js';
import { lastModified } from './names.js';
import { storePackage } from './package-source.js';
import { tables } from './state.js';
import { requiredMember } from './validation.js';

/** The LayerName pattern of the model and of Lambda's API reference (a name, or a layer ARN without version). */
export const LAYER_NAME_PATTERN_TEXT = '(arn:[a-zA-Z0-9-]+:lambda:[a-zA-Z0-9-]+:\\d{12}:layer:[a-zA-Z0-9-_]+)|[a-zA-Z0-9-_]+';
const LAYER_NAME = new RegExp(`^(?:${LAYER_NAME_PATTERN_TEXT})$`);
/** GetLayerVersionByArn's Arn, as Lambda prints it in the ValidationException (recorded by LocalStack's AWS-validated tests). */
const ARN_PATTERN_TEXT = 'arn:(aws[a-zA-Z-]*)?:lambda:[a-z]{2}((-gov)|(-iso(b?)))?-[a-z]+-\\d{1}:\\d{12}:layer:[a-zA-Z0-9-_]+:[0-9]+';
const ARN_PATTERN = new RegExp(`^${ARN_PATTERN_TEXT}$`);
/** A function's Layers entry, as Lambda printed it in June 2024 (appleboy/lambda-action#83). */
const LAYERS_PATTERN_TEXT = '(arn:(aws[a-zA-Z-]*)?:lambda:[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:\\d{12}:layer:[a-zA-Z0-9-_]+:[0-9]+)|(arn:[a-zA-Z0-9-]+:lambda:::awslayer:[a-zA-Z0-9-_]+)';
const LAYERS_PATTERN = new RegExp(`^(?:${LAYERS_PATTERN_TEXT})$`);
/** Layers one function may use. */
export const MAX_LAYERS = 5;

type Input<Op extends keyof Operations> = Operations[Op]['input'];

/** A layer named by a LayerName parameter: where it lives (an ARN may name another account or region) and its name. */
export interface LayerRef {
  scope: Scope;
  name: string;
}

export function layerRef(ctx: OperationContext, value: string): LayerRef {
  const clauses: string[] = [];
  if (value.length > 140) clauses.push(`Value '${value}' at 'layerName' failed to satisfy constraint: Member must have length less than or equal to 140`);
  if (!LAYER_NAME.test(value)) clauses.push(`Value '${value}' at 'layerName' failed to satisfy constraint: Member must satisfy regular expression pattern: ${LAYER_NAME_PATTERN_TEXT}`);
  if (clauses.length > 0) throw validationError(clauses);
  if (!value.startsWith('arn:')) return { scope: ctx.scope, name: value };
  const parts = value.split(':');
  return { scope: { region: parts[3]!, account: parts[4]! }, name: parts[6]! };
}

function checkVersionNumber(version: number): void {
  // LocalStack's AWS-validated provider: the text Lambda answers for 0 and negative numbers.
  if (!(version >= 1)) throw invalidParameter('Layer Version Cannot be less than 1');
}

/** Lambda's answer when the caller's account may not use another account's layer version. */
export function layerAccessDenied(ctx: OperationContext, action: string, arn: string): ServiceError {
  const message = `User: arn:aws:iam::${ctx.scope.account}:root is not authorized to perform: lambda:${action} on resource: ${arn} because no resource-based policy allows the lambda:${action} action`;
  return new ServiceError('AccessDeniedException', message, 403, { body: { Message: message } });
}

/**
 * Whether a layer version's policy lets `account` use it, by the policy engine (as function policies are): an
 * organization condition never holds, as Gatehouse has no organizations.
 */
function grants(record: LayerVersionRecord, account: string): boolean {
  const statements = record.policy ?? [];
  if (statements.length === 0) return false;
  // AddLayerVersionPermission builds every statement, so they are well-formed policy statements: no parse needed.
  const evaluation = evaluatePolicy({ Version: '2012-10-17', Statement: statements }, {
    principal: { kind: 'aws', account, arn: `arn:aws:iam::${account}:root` },
    action: 'lambda:GetLayerVersion',
    resource: record.LayerVersionArn,
    keys: requestKeys({}),
  });
  return evaluation.decision === 'Allow';
}

/** A version the caller may read: its own, or another account's that the version's policy shares with it. */
function readableVersion(ctx: OperationContext, ref: LayerRef, version: number): LayerVersionRecord | undefined {
  const record = tables(ctx).layerVersions.get(ref.scope, ref.name, String(version));
  if (record === undefined || ref.scope.account === ctx.scope.account) return record;
  if (!grants(record, ctx.scope.account)) throw layerAccessDenied(ctx, 'GetLayerVersion', lambdaLayerVersionArn(ref.scope, ref.name, version));
  return record;
}

/** A version as GetLayerVersion and PublishLayerVersion answer it. */
function versionView(ctx: OperationContext, ref: LayerRef, v: LayerVersionRecord) {
  return {
    Content: { Location: host(ctx).codeLocation(v.codeKey, { kind: 'layers', ...ref.scope, name: ref.name }), CodeSha256: v.CodeSha256, CodeSize: v.CodeSize },
    LayerArn: lambdaLayerArn(ref.scope, ref.name),
    ...listItem(v),
  };
}

/** A version as ListLayerVersions and ListLayers' LatestMatchingVersion show it. */
function listItem(v: LayerVersionRecord) {
  const out: Record<string, unknown> = { LayerVersionArn: v.LayerVersionArn, Version: v.Version, Description: v.Description, CreatedDate: v.CreatedDate };
  if (v.CompatibleRuntimes !== undefined) out['CompatibleRuntimes'] = v.CompatibleRuntimes;
  if (v.LicenseInfo !== undefined) out['LicenseInfo'] = v.LicenseInfo;
  if (v.CompatibleArchitectures !== undefined) out['CompatibleArchitectures'] = v.CompatibleArchitectures;
  return out;
}

function checkPublished(input: Input<'PublishLayerVersion'>): void {
  const clauses: string[] = [];
  if (input.Description !== undefined && input.Description.length > 256) clauses.push(`Value '${input.Description}' at 'description' failed to satisfy constraint: Member must have length less than or equal to 256`);
  if (input.LicenseInfo !== undefined && input.LicenseInfo.length > 512) clauses.push(`Value '${input.LicenseInfo}' at 'licenseInfo' failed to satisfy constraint: Member must have length less than or equal to 512`);
  if ((input.CompatibleRuntimes?.length ?? 0) > 15) clauses.push(`Value '[${input.CompatibleRuntimes!.join(', ')}]' at 'compatibleRuntimes' failed to satisfy constraint: Member must have length less than or equal to 15`);
  const architectures = input.CompatibleArchitectures ?? [];
  if (architectures.length > 2) clauses.push(`Value '[${architectures.join(', ')}]' at 'compatibleArchitectures' failed to satisfy constraint: Member must have length less than or equal to 2`);
  else if (architectures.some((a) => a !== 'x86_64' && a !== 'arm64')) {
    clauses.push(`Value '[${architectures.join(', ')}]' at 'compatibleArchitectures' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [x86_64, arm64]]`);
  }
  if (clauses.length > 0) throw validationError(clauses);
}

export function publishLayerVersion(input: Input<'PublishLayerVersion'>, ctx: OperationContext) {
  const ref = layerRef(ctx, input.LayerName);
  const content = requiredMember('content', input.Content);
  checkPublished(input);
  if (ref.scope.account !== ctx.scope.account || ref.scope.region !== ctx.scope.region) {
    throw layerAccessDenied(ctx, 'PublishLayerVersion', lambdaLayerArn(ref.scope, ref.name));
  }
  // Kept by content before the transaction commits: a rollback leaves an unreferenced file, never a reference to none.
  // [U] Lambda's text for a Content with no source is not recorded; this follows CreateFunction's.
  const code = storePackage(ctx, host(ctx), content, 'Please provide a source for layer content.');
  const t = tables(ctx);
  const layer: LambdaLayer = t.layers.get(ctx.scope, '', ref.name) ?? { LayerName: ref.name, LayerArn: lambdaLayerArn(ctx.scope, ref.name), nextVersion: 1 };
  const version = layer.nextVersion;
  const record: LayerVersionRecord = {
    LayerVersionArn: lambdaLayerVersionArn(ctx.scope, ref.name, version),
    Version: version,
    Description: input.Description ?? '',
    CreatedDate: lastModified(ctx.clock.now()),
    CodeSha256: code.sha256,
    CodeSize: code.size,
    codeKey: code.key,
  };
  if (input.CompatibleRuntimes !== undefined && input.CompatibleRuntimes.length > 0) record.CompatibleRuntimes = input.CompatibleRuntimes;
  if (input.LicenseInfo !== undefined) record.LicenseInfo = input.LicenseInfo;
  if (input.CompatibleArchitectures !== undefined && input.CompatibleArchitectures.length > 0) record.CompatibleArchitectures = input.CompatibleArchitectures;
  if (t.layers.has(ctx.scope, '', ref.name)) t.layers.update(ctx.scope, '', ref.name, { ...layer, nextVersion: version + 1 });
  else t.layers.insert(ctx.scope, '', ref.name, { ...layer, nextVersion: version + 1 });
  t.layerVersions.insert(ctx.scope, ref.name, String(version), record);
  return versionView(ctx, ref, record);
}

export function getLayerVersion(input: Input<'GetLayerVersion'>, ctx: OperationContext) {
  const ref = layerRef(ctx, input.LayerName);
  checkVersionNumber(input.VersionNumber);
  const record = readableVersion(ctx, ref, input.VersionNumber);
  if (record === undefined) throw resourceNotFound('The resource you requested does not exist.');
  return versionView(ctx, ref, record);
}

export function getLayerVersionByArn(input: Input<'GetLayerVersionByArn'>, ctx: OperationContext) {
  const arn = requiredMember('arn', input.Arn);
  if (arn.length > 140 || !ARN_PATTERN.test(arn)) {
    throw validationError([`Value '${arn}' at 'arn' failed to satisfy constraint: Member must satisfy regular expression pattern: ${ARN_PATTERN_TEXT}`]);
  }
  const parts = arn.split(':');
  const ref: LayerRef = { scope: { region: parts[3]!, account: parts[4]! }, name: parts[6]! };
  const record = readableVersion(ctx, ref, Number(parts[7]));
  if (record === undefined) throw resourceNotFound('The resource you requested does not exist.');
  return versionView(ctx, ref, record);
}

/** Whether a version says it suits the runtime and architecture a list was filtered by. */
function matches(v: LayerVersionRecord, runtime: string | undefined, architecture: string | undefined): boolean {
  return (runtime === undefined || (v.CompatibleRuntimes ?? []).includes(runtime)) && (architecture === undefined || (v.CompatibleArchitectures ?? []).includes(architecture));
}

/** One page of `all` from an index marker (as ListVersionsByFunction pages). */
function pageOf<T>(all: T[], marker: string | undefined, maxItems: number | undefined): { items: T[]; next?: string } {
  const limit = Math.min(maxItems ?? 50, 50);
  const start = marker === undefined ? 0 : Math.max(0, Number.parseInt(Buffer.from(marker, 'base64url').toString('utf8'), 10) || 0);
  const items = all.slice(start, start + limit);
  return start + limit < all.length ? { items, next: Buffer.from(String(start + limit)).toString('base64url') } : { items };
}

export function listLayers(input: Input<'ListLayers'>, ctx: OperationContext) {
  const t = tables(ctx);
  const layers = t.layers.list(ctx.scope, '').flatMap((layer) => {
    const latest = t.layerVersions.list(ctx.scope, layer.LayerName).filter((v) => matches(v, input.CompatibleRuntime, input.CompatibleArchitecture)).at(-1);
    return latest === undefined ? [] : [{ LayerName: layer.LayerName, LayerArn: layer.LayerArn, LatestMatchingVersion: listItem(latest) }];
  });
  const page = pageOf(layers, input.Marker, input.MaxItems);
  return page.next === undefined ? { Layers: page.items } : { Layers: page.items, NextMarker: page.next };
}

export function listLayerVersions(input: Input<'ListLayerVersions'>, ctx: OperationContext) {
  const ref = layerRef(ctx, input.LayerName);
  // Newest first; a layer that has no versions (or never existed) lists none.
  const versions = tables(ctx).layerVersions.list(ref.scope, ref.name)
    .filter((v) => ref.scope.account === ctx.scope.account || grants(v, ctx.scope.account))
    .filter((v) => matches(v, input.CompatibleRuntime, input.CompatibleArchitecture))
    .reverse()
    .map(listItem);
  const page = pageOf(versions, input.Marker, input.MaxItems);
  return page.next === undefined ? { LayerVersions: page.items } : { LayerVersions: page.items, NextMarker: page.next };
}

/** Deleting a version that does not exist answers 204 too; the layer keeps counting, so numbers are never reused. */
export function deleteLayerVersion(input: Input<'DeleteLayerVersion'>, ctx: OperationContext): void {
  const ref = layerRef(ctx, input.LayerName);
  checkVersionNumber(input.VersionNumber);
  if (ref.scope.account !== ctx.scope.account) throw layerAccessDenied(ctx, 'DeleteLayerVersion', lambdaLayerVersionArn(ref.scope, ref.name, input.VersionNumber));
  tables(ctx).layerVersions.delete(ref.scope, ref.name, String(input.VersionNumber));
}

/** What a function's `Layers` resolve to: the configuration's entries and the archives to extract, in order. */
export interface FunctionLayers {
  layers: Array<{ Arn: string; CodeSize: number }>;
  keys: string[];
}

/**
 * Checks a function's `Layers` as Lambda does, in its order: the framework's pattern check over the whole
 * list, then at most five, then each one in the function's region, existing (or shared with the caller), and
 * no layer twice.
 */
export function resolveFunctionLayers(ctx: OperationContext, arns: readonly string[]): FunctionLayers {
  if (arns.some((arn) => arn.length > 2048 || !LAYERS_PATTERN.test(arn))) {
    throw validationError([
      `Value '[${arns.join(', ')}]' at 'layers' failed to satisfy constraint: Member must satisfy constraint: [Member must have length less than or equal to 2048, Member must have length greater than or equal to 1, Member must satisfy regular expression pattern: ${LAYERS_PATTERN_TEXT}, Member must not be null]`,
    ]);
  }
  if (arns.length > MAX_LAYERS) throw invalidParameter(`Cannot reference more than ${MAX_LAYERS} layers.`);
  const seen = new Map<string, string>();
  const out: FunctionLayers = { layers: [], keys: [] };
  for (const arn of arns) {
    const parts = arn.split(':');
    // `arn:aws:lambda:::awslayer:…` names one of AWS's own old layers, which Gatehouse does not have.
    if (parts[5] !== 'layer') throw invalidParameter(`Layer version ${arn} does not exist.`);
    const ref: LayerRef = { scope: { region: parts[3]!, account: parts[4]! }, name: parts[6]! };
    if (ref.scope.region !== ctx.scope.region) {
      throw invalidParameter(`Layers are not in the same region as the function. Layers are expected to be in region ${ctx.scope.region}.`);
    }
    const record = tables(ctx).layerVersions.get(ref.scope, ref.name, parts[7]!);
    if (ref.scope.account !== ctx.scope.account && (record === undefined || !grants(record, ctx.scope.account))) throw layerAccessDenied(ctx, 'GetLayerVersion', arn);
    if (record === undefined) throw invalidParameter(`Layer version ${arn} does not exist.`);
    const layerArn = parts.slice(0, 7).join(':');
    const first = seen.get(layerArn);
    if (first !== undefined) {
      throw invalidParameter(`Two different versions of the same layer are not allowed to be referenced in the same function. ${first} and ${arn} are versions of the same layer.`);
    }
    seen.set(layerArn, arn);
    out.layers.push({ Arn: record.LayerVersionArn, CodeSize: record.CodeSize });
    out.keys.push(record.codeKey);
  }
  return out;
}
