/**
 * AWS::Logs::LogGroup (kept by the stack: Gatehouse writes no CloudWatch logs, functions' logs go to
 * `gatehouse logs`), AWS::SSM::Parameter (through Gatehouse's Parameter Store) and AWS::CDK::Metadata (the CDK's
 * analytics record, which does nothing on AWS either).
 */
import { randomUUID } from 'node:crypto';
import { ResourceFailure, isServiceError, unlessGone, validationFailed } from './errors.js';
import { compact, parse } from './properties.js';
import { randomChars } from './service-caller.js';
import { any, int, map, obj, str, tagDiff, tagList } from './schema.js';
import type { ResourceContext, ResourceType } from './types.js';

// ---- AWS::Logs::LogGroup ----

interface LogGroupProps {
  LogGroupName?: string;
  RetentionInDays?: number;
}

/** The retention periods CloudWatch Logs accepts. */
const RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];
const LOG_GROUP_NAME = /^[.\-_/#A-Za-z0-9]{1,512}$/;

const LOG_GROUP_SHAPE = obj(
  { LogGroupName: str, RetentionInDays: int, Tags: tagList },
  [],
  ['KmsKeyArn', 'DataProtectionPolicy', 'LogGroupClass', 'FieldIndexPolicies', 'ResourcePolicyDocument', 'DeletionProtectionEnabled'],
);

function checkLogGroup(ctx: ResourceContext, p: LogGroupProps): void {
  if (p.LogGroupName !== undefined && !LOG_GROUP_NAME.test(p.LogGroupName)) {
    throw validationFailed(ctx.logicalId, `#/LogGroupName: string [${p.LogGroupName}] does not match pattern ^[.\\-_/#A-Za-z0-9]{1,512}\\Z`);
  }
  if (p.RetentionInDays !== undefined && !RETENTION_DAYS.includes(p.RetentionInDays)) {
    throw validationFailed(ctx.logicalId, `#/RetentionInDays: ${p.RetentionInDays} is not a valid enum value`);
  }
}

/** Ref is the group's name; GetAtt Arn is `arn:aws:logs:{region}:{account}:log-group:{name}:*`. */
export const logGroup: ResourceType = {
  type: 'AWS::Logs::LogGroup',
  replaceOn: ['LogGroupName'],
  async create(properties, ctx) {
    const p = parse<LogGroupProps>(ctx, properties, LOG_GROUP_SHAPE);
    checkLogGroup(ctx, p);
    const name = p.LogGroupName ?? ctx.physicalName(512);
    return { physicalId: name, attributes: { Arn: `arn:aws:logs:${ctx.scope.region}:${ctx.scope.account}:log-group:${name}:*` } };
  },
  async update(current, _before, after, ctx) {
    checkLogGroup(ctx, parse<LogGroupProps>(ctx, after, LOG_GROUP_SHAPE));
    return current;
  },
  delete: async () => undefined,
};

// ---- AWS::SSM::Parameter ----

interface ParameterProps {
  Name?: string;
  Type: string;
  Value: string;
  Description?: string;
  AllowedPattern?: string;
  Tier?: string;
  Policies?: string;
  DataType?: string;
  Tags?: Record<string, string>;
}

const PARAMETER_SHAPE = obj(
  { Name: str, Type: str, Value: str, Description: str, AllowedPattern: str, Tier: str, Policies: any, DataType: str, Tags: map(str) },
  ['Type', 'Value'],
);

/** CloudFormation makes String and StringList parameters only (SecureString is not a type it creates). */
const PARAMETER_TYPES = ['String', 'StringList'];

function checkParameter(ctx: ResourceContext, p: ParameterProps): void {
  if (!PARAMETER_TYPES.includes(p.Type)) throw validationFailed(ctx.logicalId, `#/Type: ${p.Type} is not a valid enum value`);
}

/** Parameter Store's fields for `p` (Policies may be given as a JSON array or its text). */
const fieldsOf = (p: ParameterProps) =>
  compact({
    Name: p.Name,
    Value: p.Value,
    Type: p.Type,
    Description: p.Description,
    AllowedPattern: p.AllowedPattern,
    Tier: p.Tier,
    DataType: p.DataType,
    Policies: p.Policies === undefined || typeof p.Policies === 'string' ? p.Policies : JSON.stringify(p.Policies),
  });

/** Without Gatehouse's SSM service (a build that lacks it), the failure says so rather than what the caller saw. */
async function ssmCall(ctx: ResourceContext, operation: string, input: Record<string, unknown>): Promise<Record<string, unknown>> {
  try {
    return await ctx.call('ssm', operation, input);
  } catch (error) {
    if (isServiceError(error, 'NotImplementedException')) throw new ResourceFailure(`AWS::SSM::Parameter needs Gatehouse's SSM Parameter Store (${operation}), which this Gatehouse does not have.`);
    throw error;
  }
}

/**
 * Ref is the parameter's name; GetAtt Type and Value. A parameter the template names none gets the name
 * CloudFormation gives it: `CFN-{logicalId}-{RANDOM}`.
 */
export const ssmParameter: ResourceType = {
  type: 'AWS::SSM::Parameter',
  replaceOn: ['Name'],
  async create(properties, ctx) {
    const p = parse<ParameterProps>(ctx, properties, PARAMETER_SHAPE);
    checkParameter(ctx, p);
    const name = p.Name ?? `CFN-${ctx.logicalId}-${randomChars(12)}`;
    const tags = Object.entries(p.Tags ?? {}).map(([Key, Value]) => ({ Key, Value }));
    await ssmCall(ctx, 'PutParameter', { ...fieldsOf(p), Name: name, ...(tags.length > 0 ? { Tags: tags } : {}) });
    return { physicalId: name, attributes: { Type: p.Type, Value: p.Value } };
  },
  async update(current, before, after, ctx) {
    const b = parse<ParameterProps>(ctx, before, PARAMETER_SHAPE);
    const a = parse<ParameterProps>(ctx, after, PARAMETER_SHAPE);
    checkParameter(ctx, a);
    const name = current.physicalId;
    if (JSON.stringify(fieldsOf({ ...b, Name: name })) !== JSON.stringify(fieldsOf({ ...a, Name: name }))) {
      await ssmCall(ctx, 'PutParameter', { ...fieldsOf(a), Name: name, Overwrite: true });
    }
    const { set, removed } = tagDiff(b.Tags, a.Tags);
    if (removed.length > 0) await ssmCall(ctx, 'RemoveTagsFromResource', { ResourceType: 'Parameter', ResourceId: name, TagKeys: removed });
    const entries = Object.entries(set);
    if (entries.length > 0) await ssmCall(ctx, 'AddTagsToResource', { ResourceType: 'Parameter', ResourceId: name, Tags: entries.map(([Key, Value]) => ({ Key, Value })) });
    return { physicalId: name, attributes: { Type: a.Type, Value: a.Value } };
  },
  async delete(current, _properties, ctx) {
    await unlessGone(ssmCall(ctx, 'DeleteParameter', { Name: current.physicalId }), 'ParameterNotFound');
  },
};

// ---- AWS::CDK::Metadata ----

/** What `cdk synth` adds to every stack (its analytics): nothing to make, on AWS or here. */
export const cdkMetadata: ResourceType = {
  type: 'AWS::CDK::Metadata',
  create: async () => ({ physicalId: randomUUID(), attributes: {} }),
  update: async (current) => current,
  delete: async () => undefined,
};

export const OTHER_TYPES: readonly ResourceType[] = [logGroup, ssmParameter, cdkMetadata];
