/**
 * AWS::Lambda::Function, Permission, Version, Alias, LayerVersion and LayerVersionPermission, made through
 * Gatehouse's Lambda service.
 *
 * A function's inline `Code.ZipFile` becomes a deployment package as CloudFormation makes it: the source in a
 * file named `index` with the runtime's extension (`index.js`, `index.py`), zipped, so a handler `index.handler`
 * finds it. `S3Bucket`/`S3Key` (a function's code, a layer version's content) are read from Gatehouse's S3, as
 * Lambda reads them; Gatehouse runs no container images, so `ImageUri` fails clearly.
 */
import { strToU8, zipSync } from 'fflate';
import { notSupported, orUndo, unlessGone, validationFailed } from './errors.js';
import { compact, parse, type Tag } from './properties.js';
import { changed, int, json, list, map, num, obj, str, strings, tagDiff, tagList, tagMap } from './schema.js';
import type { Provisioned, ResourceContext, ResourceType } from './types.js';

const GONE = 'ResourceNotFoundException';

// ---- AWS::Lambda::Function ----

interface CodeProps {
  ZipFile?: string;
  S3Bucket?: string;
  S3Key?: string;
  S3ObjectVersion?: string;
  ImageUri?: string;
}

interface FunctionProps {
  Code: CodeProps;
  Role: string;
  FunctionName?: string;
  Handler?: string;
  Runtime?: string;
  Environment?: { Variables?: Record<string, string> };
  Timeout?: number;
  MemorySize?: number;
  Description?: string;
  Tags?: Tag[];
  ReservedConcurrentExecutions?: number;
  Architectures?: string[];
  PackageType?: string;
  Layers?: string[];
  FileSystemConfigs?: unknown[];
  ImageConfig?: unknown;
}

const FUNCTION_SHAPE = obj(
  {
    Code: obj({ ZipFile: str, S3Bucket: str, S3Key: str, S3ObjectVersion: str, ImageUri: str }, [], ['SourceKMSKeyArn']),
    Role: str,
    FunctionName: str,
    Handler: str,
    Runtime: str,
    Environment: obj({ Variables: map(str) }),
    Timeout: int,
    MemorySize: int,
    Description: str,
    Tags: tagList,
    ReservedConcurrentExecutions: int,
    Architectures: strings,
    PackageType: str,
    Layers: strings,
    FileSystemConfigs: list(json),
    ImageConfig: json,
  },
  ['Code', 'Role'],
  // Settings of the machinery around a function that Gatehouse has no counterpart for: accepted, not acted on.
  ['VpcConfig', 'TracingConfig', 'LoggingConfig', 'EphemeralStorage', 'KmsKeyArn', 'DeadLetterConfig', 'SnapStart', 'RuntimeManagementConfig', 'CodeSigningConfigArn'],
);

/** Deterministic zips: the same source always makes the same package (and CodeSha256), whenever it is zipped. */
const ZIP_TIME = new Date('1980-01-01T00:00:00Z');

/** The extension CloudFormation gives the inline source's `index` file for a runtime, if inline code is allowed. */
function inlineExtension(runtime: string | undefined): string | undefined {
  if (runtime?.startsWith('nodejs')) return 'js';
  if (runtime?.startsWith('python')) return 'py';
  return undefined;
}

/**
 * Lambda's code source for `Code`: the S3 object it names (Lambda reads it, with its own errors), or the inline
 * source zipped as CloudFormation zips it; or the resource's failure when Gatehouse cannot run it.
 */
function codeOf(ctx: ResourceContext, p: FunctionProps): Record<string, unknown> {
  const code = p.Code;
  if (code.ImageUri !== undefined || p.ImageConfig !== undefined || p.PackageType === 'Image') {
    throw notSupported('Code.ImageUri: Gatehouse runs .zip functions only, not container images; give the code as Code.ZipFile or Code.S3Bucket/S3Key');
  }
  if (code.S3Bucket !== undefined || code.S3Key !== undefined) return compact({ S3Bucket: code.S3Bucket, S3Key: code.S3Key, S3ObjectVersion: code.S3ObjectVersion });
  if (code.ZipFile === undefined) throw validationFailed(ctx.logicalId, '#/Code: one of [ZipFile, S3Bucket, ImageUri] must be specified');
  const extension = inlineExtension(p.Runtime);
  if (extension === undefined) {
    throw validationFailed(ctx.logicalId, `#/Code/ZipFile: inline code can only be used with a Node.js or Python runtime, not ${p.Runtime ?? 'none'}`);
  }
  return { ZipFile: Buffer.from(zipSync({ [`index.${extension}`]: strToU8(code.ZipFile) }, { mtime: ZIP_TIME })) };
}

function refuseUnsupported(p: FunctionProps): void {
  if (p.FileSystemConfigs !== undefined && p.FileSystemConfigs.length > 0) throw notSupported('FileSystemConfigs: Gatehouse has no EFS');
}

/** Lambda's configuration for `p`; a setting the template dropped goes back to Lambda's default. */
function configurationOf(p: FunctionProps): Record<string, unknown> {
  return {
    Role: p.Role,
    Runtime: p.Runtime,
    Handler: p.Handler,
    Description: p.Description ?? '',
    Timeout: p.Timeout ?? 3,
    MemorySize: p.MemorySize ?? 128,
    Environment: { Variables: p.Environment?.Variables ?? {} },
    Layers: p.Layers ?? [],
  };
}

async function readFunction(ctx: ResourceContext, name: string): Promise<Provisioned> {
  const out = await ctx.call('lambda', 'GetFunction', { FunctionName: name });
  const arn = (out.Configuration as { FunctionArn: string }).FunctionArn;
  return { physicalId: name, attributes: { Arn: arn } };
}

export const lambdaFunction: ResourceType = {
  type: 'AWS::Lambda::Function',
  replaceOn: ['FunctionName', 'PackageType', 'Architectures'],
  async create(properties, ctx) {
    const p = parse<FunctionProps>(ctx, properties, FUNCTION_SHAPE);
    refuseUnsupported(p);
    const code = codeOf(ctx, p);
    const name = p.FunctionName ?? ctx.physicalName(64);
    await ctx.call('lambda', 'CreateFunction', compact({
      FunctionName: name,
      Role: p.Role,
      Runtime: p.Runtime,
      Handler: p.Handler,
      Code: code,
      Description: p.Description,
      Timeout: p.Timeout,
      MemorySize: p.MemorySize,
      Environment: p.Environment !== undefined ? { Variables: p.Environment.Variables ?? {} } : undefined,
      Tags: tagMap(p.Tags),
      Architectures: p.Architectures,
      PackageType: p.PackageType,
      Layers: p.Layers,
    }));
    return orUndo(async () => {
      if (p.ReservedConcurrentExecutions !== undefined) {
        await ctx.call('lambda', 'PutFunctionConcurrency', { FunctionName: name, ReservedConcurrentExecutions: p.ReservedConcurrentExecutions });
      }
      return readFunction(ctx, name);
    }, () => ctx.call('lambda', 'DeleteFunction', { FunctionName: name }));
  },
  async update(current, before, after, ctx) {
    const b = parse<FunctionProps>(ctx, before, FUNCTION_SHAPE);
    const a = parse<FunctionProps>(ctx, after, FUNCTION_SHAPE);
    refuseUnsupported(a);
    const name = current.physicalId;
    // A new runtime may need the inline source under another name (index.py for index.js): new code too.
    if (changed(b, a, 'Code') || inlineExtension(b.Runtime) !== inlineExtension(a.Runtime)) {
      await ctx.call('lambda', 'UpdateFunctionCode', { FunctionName: name, ...codeOf(ctx, a) });
    }
    if (JSON.stringify(configurationOf(b)) !== JSON.stringify(configurationOf(a))) {
      await ctx.call('lambda', 'UpdateFunctionConfiguration', compact({ FunctionName: name, ...configurationOf(a) }));
    }
    if (changed(b, a, 'ReservedConcurrentExecutions')) {
      if (a.ReservedConcurrentExecutions === undefined) await ctx.call('lambda', 'DeleteFunctionConcurrency', { FunctionName: name });
      else await ctx.call('lambda', 'PutFunctionConcurrency', { FunctionName: name, ReservedConcurrentExecutions: a.ReservedConcurrentExecutions });
    }
    const { set, removed } = tagDiff(tagMap(b.Tags), tagMap(a.Tags));
    const arn = current.attributes['Arn'] as string;
    if (removed.length > 0) await ctx.call('lambda', 'UntagResource', { Resource: arn, TagKeys: removed });
    if (Object.keys(set).length > 0) await ctx.call('lambda', 'TagResource', { Resource: arn, Tags: set });
    return readFunction(ctx, name);
  },
  async delete(current, _properties, ctx) {
    await unlessGone(ctx.call('lambda', 'DeleteFunction', { FunctionName: current.physicalId }), GONE);
  },
};

// ---- AWS::Lambda::Permission ----

interface PermissionProps {
  FunctionName: string;
  Action: string;
  Principal: string;
  SourceArn?: string;
  SourceAccount?: string;
  EventSourceToken?: string;
  PrincipalOrgID?: string;
  FunctionUrlAuthType?: string;
}

const PERMISSION_SHAPE = obj(
  { FunctionName: str, Action: str, Principal: str, SourceArn: str, SourceAccount: str, EventSourceToken: str, PrincipalOrgID: str, FunctionUrlAuthType: str },
  ['FunctionName', 'Action', 'Principal'],
  ['InvokedViaFunctionUrl'],
);

/**
 * One statement of a function's policy. Its statement id is the name CloudFormation generates
 * (`{stack}-{logicalId}-{RANDOM}`), and that id is the resource's Ref and GetAtt Id. Every property
 * requires replacement.
 */
export const lambdaPermission: ResourceType = {
  type: 'AWS::Lambda::Permission',
  replaceOn: Object.keys(PERMISSION_SHAPE.props),
  async create(properties, ctx) {
    const p = parse<PermissionProps>(ctx, properties, PERMISSION_SHAPE);
    const statementId = ctx.physicalName(100);
    await ctx.call('lambda', 'AddPermission', compact({ ...p, StatementId: statementId }));
    return { physicalId: statementId, attributes: { Id: statementId } };
  },
  async delete(current, properties, ctx) {
    const functionName = properties['FunctionName'];
    if (typeof functionName !== 'string') return;
    await unlessGone(ctx.call('lambda', 'RemovePermission', { FunctionName: functionName, StatementId: current.physicalId }), GONE);
  },
};

// ---- AWS::Lambda::Version ----

const VERSION_SHAPE = obj({ FunctionName: str, Description: str, CodeSha256: str }, ['FunctionName'], ['ProvisionedConcurrencyConfig', 'RuntimePolicy']);

/** A published version; Ref is its ARN (`...:function:name:1`), GetAtt Version its number. Updates replace it. */
export const lambdaVersion: ResourceType = {
  type: 'AWS::Lambda::Version',
  replaceOn: Object.keys(VERSION_SHAPE.props),
  async create(properties, ctx) {
    const p = parse<{ FunctionName: string; Description?: string; CodeSha256?: string }>(ctx, properties, VERSION_SHAPE);
    const out = await ctx.call('lambda', 'PublishVersion', compact({ FunctionName: p.FunctionName, Description: p.Description, CodeSha256: p.CodeSha256 }));
    const arn = out.FunctionArn as string;
    return { physicalId: arn, attributes: { Version: out.Version as string, FunctionArn: arn } };
  },
  async delete(current, _properties, ctx) {
    // The qualified ARN names the function and the version to delete.
    await unlessGone(ctx.call('lambda', 'DeleteFunction', { FunctionName: current.physicalId }), GONE);
  },
};

// ---- AWS::Lambda::Alias ----

interface AliasProps {
  FunctionName: string;
  FunctionVersion: string;
  Name: string;
  Description?: string;
  RoutingConfig?: { AdditionalVersionWeights?: Array<{ FunctionVersion: string; FunctionWeight: number }> };
}

const ALIAS_SHAPE = obj(
  {
    FunctionName: str,
    FunctionVersion: str,
    Name: str,
    Description: str,
    RoutingConfig: obj({ AdditionalVersionWeights: list(obj({ FunctionVersion: str, FunctionWeight: num }, ['FunctionVersion', 'FunctionWeight'])) }),
  },
  ['FunctionName', 'FunctionVersion', 'Name'],
  ['ProvisionedConcurrencyConfig'],
);

/** CloudFormation lists the weights; Lambda takes them as a map from version to weight. */
const routingOf = (p: AliasProps) => ({
  AdditionalVersionWeights: Object.fromEntries((p.RoutingConfig?.AdditionalVersionWeights ?? []).map((w) => [w.FunctionVersion, w.FunctionWeight])),
});

/** The function and alias names in an alias ARN (`arn:aws:lambda:{region}:{account}:function:{name}:{alias}`). */
function aliasParts(arn: string): { FunctionName: string; Name: string } {
  const parts = arn.split(':');
  return { FunctionName: parts[6] ?? '', Name: parts[7] ?? '' };
}

export const lambdaAlias: ResourceType = {
  type: 'AWS::Lambda::Alias',
  replaceOn: ['FunctionName', 'Name'],
  async create(properties, ctx) {
    const p = parse<AliasProps>(ctx, properties, ALIAS_SHAPE);
    const out = await ctx.call('lambda', 'CreateAlias', compact({
      FunctionName: p.FunctionName,
      Name: p.Name,
      FunctionVersion: p.FunctionVersion,
      Description: p.Description,
      RoutingConfig: p.RoutingConfig !== undefined ? routingOf(p) : undefined,
    }));
    const arn = out.AliasArn as string;
    return { physicalId: arn, attributes: { AliasArn: arn } };
  },
  async update(current, _before, after, ctx) {
    const a = parse<AliasProps>(ctx, after, ALIAS_SHAPE);
    await ctx.call('lambda', 'UpdateAlias', { ...aliasParts(current.physicalId), FunctionVersion: a.FunctionVersion, Description: a.Description ?? '', RoutingConfig: routingOf(a) });
    return current;
  },
  async delete(current, _properties, ctx) {
    await unlessGone(ctx.call('lambda', 'DeleteAlias', aliasParts(current.physicalId)), GONE);
  },
};

// ---- AWS::Lambda::LayerVersion ----

/** The layer and the version number in a layer version ARN. */
function layerVersionParts(arn: string): { LayerName: string; VersionNumber: number } {
  const parts = arn.split(':');
  return { LayerName: parts.slice(0, 7).join(':'), VersionNumber: Number(parts[7]) };
}

const LAYER_VERSION_SHAPE = obj(
  {
    LayerName: str,
    Description: str,
    Content: obj({ S3Bucket: str, S3Key: str, S3ObjectVersion: str }, ['S3Bucket', 'S3Key']),
    CompatibleRuntimes: strings,
    CompatibleArchitectures: strings,
    LicenseInfo: str,
  },
  ['Content'],
);

interface LayerVersionProps {
  LayerName?: string;
  Description?: string;
  Content: { S3Bucket: string; S3Key: string; S3ObjectVersion?: string };
  CompatibleRuntimes?: string[];
  CompatibleArchitectures?: string[];
  LicenseInfo?: string;
}

/**
 * A layer version, published from the S3 object `Content` names (CloudFormation has no inline form); Ref is its
 * LayerVersionArn. A layer without LayerName is named as CloudFormation names it. Every property replaces a
 * version (a new one is published, the old one deleted), as on AWS.
 */
export const lambdaLayerVersion: ResourceType = {
  type: 'AWS::Lambda::LayerVersion',
  replaceOn: Object.keys(LAYER_VERSION_SHAPE.props),
  async create(properties, ctx) {
    const p = parse<LayerVersionProps>(ctx, properties, LAYER_VERSION_SHAPE);
    const out = await ctx.call('lambda', 'PublishLayerVersion', compact({
      LayerName: p.LayerName ?? ctx.physicalName(64),
      Description: p.Description,
      Content: compact({ S3Bucket: p.Content.S3Bucket, S3Key: p.Content.S3Key, S3ObjectVersion: p.Content.S3ObjectVersion }),
      CompatibleRuntimes: p.CompatibleRuntimes,
      CompatibleArchitectures: p.CompatibleArchitectures,
      LicenseInfo: p.LicenseInfo,
    }));
    const arn = out.LayerVersionArn as string;
    return { physicalId: arn, attributes: { LayerVersionArn: arn } };
  },
  async delete(current, _properties, ctx) {
    await unlessGone(ctx.call('lambda', 'DeleteLayerVersion', layerVersionParts(current.physicalId)), GONE);
  },
};

// ---- AWS::Lambda::LayerVersionPermission ----

interface LayerPermissionProps {
  LayerVersionArn: string;
  Action: string;
  Principal: string;
  OrganizationId?: string;
}

const LAYER_PERMISSION_SHAPE = obj({ LayerVersionArn: str, Action: str, Principal: str, OrganizationId: str }, ['LayerVersionArn', 'Action', 'Principal']);

/**
 * One statement of a layer version's policy, with a statement id CloudFormation generates; the resource's Id
 * (its Ref) is `{LayerVersionArn}#{statement id}`. Every property requires replacement.
 */
export const lambdaLayerVersionPermission: ResourceType = {
  type: 'AWS::Lambda::LayerVersionPermission',
  replaceOn: Object.keys(LAYER_PERMISSION_SHAPE.props),
  async create(properties, ctx) {
    const p = parse<LayerPermissionProps>(ctx, properties, LAYER_PERMISSION_SHAPE);
    const statementId = ctx.physicalName(100);
    await ctx.call('lambda', 'AddLayerVersionPermission', compact({ ...layerVersionParts(p.LayerVersionArn), StatementId: statementId, Action: p.Action, Principal: p.Principal, OrganizationId: p.OrganizationId }));
    const id = `${p.LayerVersionArn}#${statementId}`;
    return { physicalId: id, attributes: { Id: id } };
  },
  async delete(current, _properties, ctx) {
    const hash = current.physicalId.lastIndexOf('#');
    const StatementId = current.physicalId.slice(hash + 1);
    await unlessGone(ctx.call('lambda', 'RemoveLayerVersionPermission', { ...layerVersionParts(current.physicalId.slice(0, hash)), StatementId }), GONE);
  },
};

export const LAMBDA_TYPES: readonly ResourceType[] = [lambdaFunction, lambdaPermission, lambdaVersion, lambdaAlias, lambdaLayerVersion, lambdaLayerVersionPermission];
