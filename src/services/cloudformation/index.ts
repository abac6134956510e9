/**
 * CloudFormation (query protocol): stacks made, updated and deleted by the stack engine (src/cloudformation/stacks),
 * and the reads the CLI's waiters and `describe-stack-events` use, in AWS's shapes.
 */
import { ServiceError } from '../../shared/errors.js';
import { checkCapabilities } from '../../cloudformation/template/capabilities.js';
import { loadTemplate } from '../../cloudformation/template/load.js';
import { templateSummary, validateTemplateOutput } from '../../cloudformation/template/summary.js';
import { StackEngine, type CreateChangeSetInput, type CreateStackInput, type UpdateStackInput } from '../../cloudformation/stacks/engine.js';
import { isLive, STACKS, type StackRecord, type StackResourceRecord } from '../../cloudformation/stacks/records.js';
import type { Operations } from '../../wire/models/cloudformation-2010-05-15.js';
import { ObjectTooLarge, readObjectBytes } from '../s3/object-bytes.js';
import { objectAtUrl } from '../s3/object-urls.js';
import type { AnyServiceDefinition, OperationContext, ServiceDefinition } from '../types.js';

function engine(ctx: OperationContext): StackEngine {
  if (!ctx.stacks) throw new ServiceError('InternalFailure', 'This Gatehouse runs no stack engine.', 500);
  return ctx.stacks;
}

/**
 * A member the model requires. The wire layer does not check presence, so the service does, with the
 * answer UpdateStack has always given for a missing StackName.
 */
function required(name: string, value: string | undefined): string {
  if (value === undefined) throw new ServiceError('ValidationError', `${name} is required`, 400);
  return value;
}

interface ParametersAndTags {
  Parameters?: Array<{ ParameterKey?: string; ParameterValue?: string; UsePreviousValue?: boolean }>;
  Tags?: Array<{ Key?: string; Value?: string }>;
}

/**
 * Parameters and tags as the engine takes them: each parameter names its key, each tag its key and value.
 * The wire layer checks neither; a missing one was passed on as `undefined` (a stack parameter with no key).
 */
function keyed<I extends ParametersAndTags>(input: I): Omit<I, 'Parameters' | 'Tags'> & Pick<CreateStackInput, 'Parameters' | 'Tags'> {
  const clauses: string[] = [];
  const parameters = input.Parameters?.flatMap((p, i) => {
    if (p.ParameterKey !== undefined) return [{ ...p, ParameterKey: p.ParameterKey }];
    clauses.push(`Value null at 'parameters.${i + 1}.member.parameterKey' failed to satisfy constraint: Member must not be null`);
    return [];
  });
  const tags = input.Tags?.flatMap((t, i) => {
    if (t.Key !== undefined && t.Value !== undefined) return [{ ...t, Key: t.Key, Value: t.Value }];
    for (const [name, value] of [['key', t.Key], ['value', t.Value]] as const) {
      if (value === undefined) clauses.push(`Value null at 'tags.${i + 1}.member.${name}' failed to satisfy constraint: Member must not be null`);
    }
    return [];
  });
  if (clauses.length > 0) throw new ServiceError('ValidationError', `${clauses.length} validation error${clauses.length > 1 ? 's' : ''} detected: ${clauses.join('; ')}`, 400);
  const { Parameters: _parameters, Tags: _tags, ...rest } = input;
  return { ...rest, ...(parameters !== undefined && { Parameters: parameters }), ...(tags !== undefined && { Tags: tags }) };
}

function stackNamed(ctx: OperationContext, name: string | undefined): StackRecord {
  if (name === undefined || name === '') throw new ServiceError('ValidationError', 'StackName is required', 400);
  const stack = engine(ctx).find(ctx.scope, name);
  if (!stack) throw StackEngine.notFound(name);
  return stack;
}

/** DescribeStacks' view: the record without what only Gatehouse needs. */
function stackView(s: StackRecord) {
  return {
    StackId: s.StackId,
    StackName: s.StackName,
    Parameters: s.Parameters,
    CreationTime: s.CreationTime,
    RollbackConfiguration: {},
    StackStatus: s.StackStatus,
    DisableRollback: s.DisableRollback,
    NotificationARNs: [],
    Capabilities: s.Capabilities,
    Tags: s.Tags,
    EnableTerminationProtection: s.EnableTerminationProtection,
    DriftInformation: { StackDriftStatus: 'NOT_CHECKED' },
    ...(s.Description !== undefined && { Description: s.Description }),
    ...(s.DeletionTime !== undefined && { DeletionTime: s.DeletionTime }),
    ...(s.LastUpdatedTime !== undefined && { LastUpdatedTime: s.LastUpdatedTime }),
    ...(s.StackStatusReason !== undefined && { StackStatusReason: s.StackStatusReason }),
    ...(s.Outputs.length > 0 && { Outputs: s.Outputs }),
  };
}

/** Resources that have started: one not yet begun is not shown. */
const started = (s: StackRecord): StackResourceRecord[] => Object.values(s.resources).filter((r) => r.ResourceStatus !== undefined);

function resourceFields(r: StackResourceRecord) {
  return {
    LogicalResourceId: r.LogicalResourceId,
    ...(r.PhysicalResourceId !== undefined && { PhysicalResourceId: r.PhysicalResourceId }),
    ResourceType: r.ResourceType,
    ResourceStatus: r.ResourceStatus,
    ...(r.ResourceStatusReason !== undefined && { ResourceStatusReason: r.ResourceStatusReason }),
  };
}

/** CloudFormation's limit on a template read from S3. */
const MAX_TEMPLATE_URL_BYTES = 1000000;

/**
 * The template a TemplateURL names, read from Gatehouse's S3 as CloudFormation reads it (with the caller's
 * access), into TemplateBody; S3's refusal in CloudFormation's words.
 */
function withTemplateUrlRead<I extends { TemplateBody?: string; TemplateURL?: string }>(input: I, ctx: OperationContext): I {
  if (input.TemplateURL === undefined || input.TemplateBody !== undefined) return input;
  const at = objectAtUrl(input.TemplateURL);
  if (!at || !ctx.objects) throw new ServiceError('ValidationError', 'TemplateURL must be a supported URL.', 400);
  let body: string;
  try {
    body = readObjectBytes(ctx, at, MAX_TEMPLATE_URL_BYTES).toString('utf8');
  } catch (error) {
    if (error instanceof ObjectTooLarge) throw new ServiceError('ValidationError', `Template may not exceed ${MAX_TEMPLATE_URL_BYTES} bytes in size.`, 400);
    if (!(error instanceof ServiceError)) throw error;
    throw new ServiceError('ValidationError', `S3 error: ${error.message} For more information check http://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html`, 400);
  }
  const { TemplateURL: _read, ...rest } = input;
  return { ...rest, TemplateBody: body } as I;
}

function createStack(rawInput: Operations['CreateStack']['input'], ctx: OperationContext) {
  const input = withTemplateUrlRead(rawInput, ctx);
  const stackInput: CreateStackInput = { ...keyed(input), StackName: required('StackName', input.StackName) };
  if (input.TemplateBody !== undefined) checkCapabilities(loadTemplate(input.TemplateBody), input.Capabilities ?? []);
  const { stackId, prepared } = engine(ctx).createStack(ctx.scope, stackInput);
  // The stack is made once this request's transaction has committed (setImmediate inside).
  engine(ctx).start(ctx.scope, stackId, prepared);
  return { StackId: stackId };
}

function updateStack(rawInput: Operations['UpdateStack']['input'], ctx: OperationContext) {
  const input = withTemplateUrlRead(rawInput, ctx);
  if (input.StackName === undefined || input.StackName === '') throw new ServiceError('ValidationError', 'StackName is required', 400);
  const stackInput: UpdateStackInput = { ...keyed(input), StackName: input.StackName };
  // The update runs once this request's transaction has committed (setImmediate inside).
  return { StackId: engine(ctx).updateStack(ctx.scope, stackInput) };
}

function deleteStack(input: { StackName?: string }, ctx: OperationContext): void {
  engine(ctx).deleteStack(ctx.scope, required('StackName', input.StackName));
}

function describeStacks(input: { StackName?: string }, ctx: OperationContext) {
  if (input.StackName !== undefined) return { Stacks: [stackView(stackNamed(ctx, input.StackName))] };
  const stacks = ctx.store.table<StackRecord>(STACKS).list(ctx.scope, '').filter(isLive).reverse();
  return { Stacks: stacks.map(stackView) };
}

function listStacks(input: { StackStatusFilter?: string[] }, ctx: OperationContext) {
  const filter = input.StackStatusFilter && input.StackStatusFilter.length > 0 ? new Set(input.StackStatusFilter) : undefined;
  const stacks = ctx.store.table<StackRecord>(STACKS).list(ctx.scope, '').reverse().filter((s) => !filter || filter.has(s.StackStatus));
  return {
    StackSummaries: stacks.map((s) => ({
      StackId: s.StackId,
      StackName: s.StackName,
      ...(s.Description !== undefined && { TemplateDescription: s.Description }),
      CreationTime: s.CreationTime,
      ...(s.LastUpdatedTime !== undefined && { LastUpdatedTime: s.LastUpdatedTime }),
      ...(s.DeletionTime !== undefined && { DeletionTime: s.DeletionTime }),
      StackStatus: s.StackStatus,
      ...(s.StackStatusReason !== undefined && { StackStatusReason: s.StackStatusReason }),
      DriftInformation: { StackDriftStatus: 'NOT_CHECKED' },
    })),
  };
}

function describeStackEvents(input: { StackName?: string }, ctx: OperationContext) {
  const stack = stackNamed(ctx, input.StackName);
  return { StackEvents: engine(ctx).events(ctx.scope, stack.StackId) };
}

function describeStackResources(input: { StackName?: string; LogicalResourceId?: string }, ctx: OperationContext) {
  const stack = stackNamed(ctx, input.StackName);
  const resources = started(stack).filter((r) => input.LogicalResourceId === undefined || r.LogicalResourceId === input.LogicalResourceId);
  return {
    StackResources: resources.map((r) => ({
      StackName: stack.StackName,
      StackId: stack.StackId,
      ...resourceFields(r),
      Timestamp: r.LastUpdatedTimestamp,
      DriftInformation: { StackResourceDriftStatus: 'NOT_CHECKED' },
    })),
  };
}

function describeStackResource(input: { StackName?: string; LogicalResourceId?: string }, ctx: OperationContext) {
  const stack = stackNamed(ctx, input.StackName);
  const r = started(stack).find((x) => x.LogicalResourceId === input.LogicalResourceId);
  if (!r) throw new ServiceError('ValidationError', `Resource ${input.LogicalResourceId} does not exist for stack ${input.StackName}`, 400);
  return {
    StackResourceDetail: {
      StackName: stack.StackName,
      StackId: stack.StackId,
      ...resourceFields(r),
      LastUpdatedTimestamp: r.LastUpdatedTimestamp,
      Metadata: '{}',
      DriftInformation: { StackResourceDriftStatus: 'NOT_CHECKED' },
    },
  };
}

function listStackResources(input: { StackName?: string }, ctx: OperationContext) {
  const stack = stackNamed(ctx, input.StackName);
  return {
    StackResourceSummaries: started(stack).map((r) => ({
      ...resourceFields(r),
      LastUpdatedTimestamp: r.LastUpdatedTimestamp,
      DriftInformation: { StackResourceDriftStatus: 'NOT_CHECKED' },
    })),
  };
}

function getTemplate(input: { StackName?: string }, ctx: OperationContext) {
  const stack = stackNamed(ctx, input.StackName);
  return { TemplateBody: stack.TemplateBody, StagesAvailable: ['Original', 'Processed'] };
}

function templateBody(input: { TemplateBody?: string; TemplateURL?: string; StackName?: string }, ctx: OperationContext): string {
  if (input.TemplateBody !== undefined) return input.TemplateBody;
  if (input.StackName !== undefined) return stackNamed(ctx, input.StackName).TemplateBody;
  if (input.TemplateURL !== undefined) return withTemplateUrlRead<{ TemplateBody?: string; TemplateURL?: string }>({ TemplateURL: input.TemplateURL }, ctx).TemplateBody!;
  throw new ServiceError('ValidationError', 'Either Template URL or Template Body must be specified.', 400);
}

function validateTemplate(input: { TemplateBody?: string; TemplateURL?: string }, ctx: OperationContext) {
  return validateTemplateOutput(loadTemplate(templateBody(input, ctx)));
}

function getTemplateSummary(input: { TemplateBody?: string; TemplateURL?: string; StackName?: string }, ctx: OperationContext) {
  return templateSummary(loadTemplate(templateBody(input, ctx)));
}

function createChangeSet(rawInput: Operations['CreateChangeSet']['input'], ctx: OperationContext) {
  const input = withTemplateUrlRead(rawInput, ctx);
  const changeSetInput: CreateChangeSetInput = { ...keyed(input), StackName: required('StackName', input.StackName), ChangeSetName: required('ChangeSetName', input.ChangeSetName) };
  return engine(ctx).createChangeSet(ctx.scope, changeSetInput);
}

function describeChangeSet(input: { ChangeSetName?: string; StackName?: string }, ctx: OperationContext) {
  const { stack, changeSet: c } = engine(ctx).findChangeSet(ctx.scope, required('ChangeSetName', input.ChangeSetName), input.StackName);
  return {
    ChangeSetName: c.ChangeSetName,
    ChangeSetId: c.ChangeSetId,
    StackId: stack.StackId,
    StackName: stack.StackName,
    ...(c.Description !== undefined && { Description: c.Description }),
    Parameters: c.Parameters,
    CreationTime: c.CreationTime,
    ExecutionStatus: c.ExecutionStatus,
    Status: c.Status,
    ...(c.StatusReason !== undefined && { StatusReason: c.StatusReason }),
    NotificationARNs: [],
    RollbackConfiguration: {},
    Capabilities: c.Capabilities,
    Tags: c.Tags,
    Changes: c.Changes,
    IncludeNestedStacks: false,
  };
}

function executeChangeSet(input: { ChangeSetName?: string; StackName?: string; DisableRollback?: boolean }, ctx: OperationContext): Record<string, never> {
  engine(ctx).executeChangeSet(ctx.scope, required('ChangeSetName', input.ChangeSetName), input.StackName, input.DisableRollback);
  return {};
}

function deleteChangeSet(input: { ChangeSetName?: string; StackName?: string }, ctx: OperationContext): Record<string, never> {
  engine(ctx).deleteChangeSet(ctx.scope, required('ChangeSetName', input.ChangeSetName), input.StackName);
  return {};
}

function listChangeSets(input: { StackName?: string }, ctx: OperationContext) {
  const stack = stackNamed(ctx, input.StackName);
  return {
    Summaries: (stack.changeSets ?? []).map((c) => ({
      StackId: stack.StackId,
      StackName: stack.StackName,
      ChangeSetId: c.ChangeSetId,
      ChangeSetName: c.ChangeSetName,
      ExecutionStatus: c.ExecutionStatus,
      Status: c.Status,
      ...(c.StatusReason !== undefined && { StatusReason: c.StatusReason }),
      CreationTime: c.CreationTime,
      ...(c.Description !== undefined && { Description: c.Description }),
      IncludeNestedStacks: false,
    })),
  };
}

function listExports(_input: unknown, ctx: OperationContext) {
  const stacks = ctx.store.table<StackRecord>(STACKS).list(ctx.scope, '').filter((s) => isLive(s));
  return {
    Exports: stacks.flatMap((s) => s.Outputs.filter((o) => o.ExportName !== undefined).map((o) => ({ ExportingStackId: s.StackId, Name: o.ExportName!, Value: o.OutputValue }))),
  };
}

const definition: ServiceDefinition<Operations> = {
  signingName: 'cloudformation',
  modelFile: 'cloudformation-2010-05-15',
  operations: {
    CreateStack: createStack,
    UpdateStack: updateStack,
    DeleteStack: deleteStack,
    DescribeStacks: describeStacks,
    ListStacks: listStacks,
    DescribeStackEvents: describeStackEvents,
    DescribeStackResources: describeStackResources,
    DescribeStackResource: describeStackResource,
    ListStackResources: listStackResources,
    GetTemplate: getTemplate,
    ValidateTemplate: validateTemplate,
    GetTemplateSummary: getTemplateSummary,
    ListExports: listExports,
    CreateChangeSet: createChangeSet,
    DescribeChangeSet: describeChangeSet,
    ExecuteChangeSet: executeChangeSet,
    DeleteChangeSet: deleteChangeSet,
    ListChangeSets: listChangeSets,
  },
};

export const cloudformation: AnyServiceDefinition = definition;
