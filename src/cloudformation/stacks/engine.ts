/**
 * The stack engine: CreateStack, UpdateStack, DeleteStack and change sets as CloudFormation runs them. The
 * request is checked at once (template, parameters, capabilities: AWS's ValidationError before anything
 * changes); the work then runs in the background, wave by wave in dependency order, each resource by its type's
 * record through Gatehouse's own services, with AWS's statuses and events, so the CLI's waiters and
 * `describe-stack-events` work. A failed create rolls back what was made; an update is update.ts; deleting goes
 * in reverse order and keeps what DeletionPolicy Retain keeps.
 */
import { randomUUID } from 'node:crypto';
import type { Scope } from '../../shared/accounts.js';
import type { Clock } from '../../shared/clock.js';
import { ServiceError } from '../../shared/errors.js';
import type { Store } from '../../store/store.js';
import { unsupportedTypes } from '../resources/errors.js';
import type { ServiceCaller } from '../resources/service-caller.js';
import type { ResourceType } from '../resources/types.js';
import { checkCapabilities } from '../template/capabilities.js';
import type { StackEnvironment } from '../template/environment.js';
import { loadTemplate } from '../template/load.js';
import { prepareStack, type PreparedStack } from '../template/stack-template.js';
import { StackJournal, STACK_TYPE } from './journal.js';
import { changedTypes, planUpdate } from './plan.js';
import { createResource, removePhysical, type StackWork } from './provision.js';
import { isLive, STACKS, type ChangeSetRecord, type OrphanRecord, type StackEventRecord, type StackRecord, type StackResourceRecord, type StackStatus } from './records.js';
import { beginUpdate, StackUpdate, type UpdateRequest } from './update.js';

export interface StackEngineOptions {
  store: Store;
  clock: Clock;
  caller: ServiceCaller;
  /** The record for a resource type, or undefined when Gatehouse does not provision it. */
  resourceType(type: string): ResourceType | undefined;
  /** What the template engine needs from the world (AZs, exports, SSM) for a stack in `scope`. */
  environment(scope: Scope, stack: { stackName: string; stackId: string }): StackEnvironment;
  /** Told of failures that are Gatehouse's own, not a resource's. */
  onUnexpectedError?(error: unknown): void;
}

export interface CreateStackInput {
  StackName: string;
  TemplateBody?: string;
  TemplateURL?: string;
  Parameters?: Array<{ ParameterKey: string; ParameterValue?: string; UsePreviousValue?: boolean }>;
  DisableRollback?: boolean;
  OnFailure?: string;
  Capabilities?: string[];
  Tags?: Array<{ Key: string; Value: string }>;
  EnableTerminationProtection?: boolean;
}

const STACK_NAME = /^[a-zA-Z][-a-zA-Z0-9]*$/;

function checkStackName(name: string): void {
  if (!STACK_NAME.test(name) || name.length > 128) {
    throw new ServiceError('ValidationError', `1 validation error detected: Value '${name}' at 'stackName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*`, 400);
  }
}

const newStackId = (scope: Scope, name: string): string => `arn:aws:cloudformation:${scope.region}:${scope.account}:stack/${name}/${randomUUID()}`;

function templateBodyOf(input: { TemplateBody?: string; TemplateURL?: string }): string {
  // A TemplateURL was read into TemplateBody by the CloudFormation service (services/cloudformation) before it got here.
  if (input.TemplateBody === undefined) throw new ServiceError('ValidationError', 'Either Template URL or Template Body must be specified.', 400);
  return input.TemplateBody;
}

export interface UpdateStackInput {
  StackName: string;
  TemplateBody?: string;
  TemplateURL?: string;
  UsePreviousTemplate?: boolean;
  Parameters?: CreateStackInput['Parameters'];
  Capabilities?: string[];
  Tags?: Array<{ Key: string; Value: string }>;
  DisableRollback?: boolean;
}

export interface CreateChangeSetInput extends CreateStackInput {
  ChangeSetName: string;
  ChangeSetType?: string;
  Description?: string;
  UsePreviousTemplate?: boolean;
}

/** Statuses a stack can be updated from (a stack whose create or update failed with rollback disabled included). */
const UPDATABLE: ReadonlySet<StackStatus> = new Set(['CREATE_COMPLETE', 'UPDATE_COMPLETE', 'UPDATE_ROLLBACK_COMPLETE', 'CREATE_FAILED', 'UPDATE_FAILED']);

/** seen: `Stack:arn:aws:cloudformation:...:stack/name/id is in ROLLBACK_COMPLETE state and can not be updated.` (UpdateStack and CreateChangeSet). */
function checkUpdatable(stack: StackRecord): void {
  if (!UPDATABLE.has(stack.StackStatus)) throw new ServiceError('ValidationError', `Stack:${stack.StackId} is in ${stack.StackStatus} state and can not be updated.`, 400);
}

/** The template of an update: the one given, or the stack's own (UsePreviousTemplate). */
function updateBody(input: { TemplateBody?: string; TemplateURL?: string; UsePreviousTemplate?: boolean }, stack: StackRecord): string {
  if (!input.UsePreviousTemplate) return templateBodyOf(input);
  // inferred (Eucalyptus's and moto's wording; no AWS output found).
  if (input.TemplateBody !== undefined || input.TemplateURL !== undefined) throw new ServiceError('ValidationError', 'You cannot specify both usePreviousTemplate and Template Body/Template URL.', 400);
  return stack.TemplateBody;
}

/** seen (the CDK quoting AWS): refused before anything changes. */
function checkTypes(stack: StackRecord, prepared: PreparedStack): void {
  const changed = changedTypes(stack, prepared);
  if (changed.length > 0) {
    throw new ServiceError('ValidationError', `Update of resource type is not permitted. The new template modifies resource type of the following resources: [${changed.join(', ')}]`, 400);
  }
}

/** Every parameter by value, as a request would give them. */
const explicitParameters = (values: Record<string, string>) => Object.entries(values).map(([ParameterKey, ParameterValue]) => ({ ParameterKey, ParameterValue }));

export class StackEngine {
  /** Stacks whose create, update or delete is running, so a second DeleteStack does not start another. */
  private readonly running = new Set<string>();
  private readonly journal: StackJournal;
  private readonly work: StackWork;

  constructor(private readonly options: StackEngineOptions) {
    this.journal = new StackJournal(options.store, options.clock);
    this.work = {
      journal: this.journal,
      caller: options.caller,
      resourceType: (type) => options.resourceType(type),
      ...(options.onUnexpectedError && { onUnexpectedError: options.onUnexpectedError }),
    };
  }

  /**
   * Stacks left in progress by a Gatehouse that stopped mid-operation can never finish: they are marked failed
   * (as AWS marks an operation that failed), so they can be deleted and waiters end. An interrupted update
   * leaves the old physical resources of its replacements as orphans, deleted with the stack.
   */
  recover(): void {
    for (const { scope, doc: stack } of this.options.store.table<StackRecord>(STACKS).scan()) {
      if (!stack.StackStatus.endsWith('_IN_PROGRESS') || stack.StackStatus === 'REVIEW_IN_PROGRESS') continue;
      const status = stack.StackStatus;
      // An update stopped in its cleanup has done its work: only deletions are left (a later update or DeleteStack does them).
      const settled: StackStatus = status.startsWith('DELETE')
        ? 'DELETE_FAILED'
        : status.startsWith('ROLLBACK')
          ? 'ROLLBACK_FAILED'
          : status === 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS'
            ? 'UPDATE_COMPLETE'
            : status === 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS'
              ? 'UPDATE_ROLLBACK_COMPLETE'
              : status.startsWith('UPDATE_ROLLBACK')
                ? 'UPDATE_ROLLBACK_FAILED'
                : status.startsWith('UPDATE')
                  ? 'UPDATE_FAILED'
                  : 'CREATE_FAILED';
      if (stack.update) {
        this.journal.edit(scope, stack.StackId, (s) => {
          for (const step of s.update?.steps ?? []) {
            const old = step.before?.provisioned;
            if (step.action !== 'Replace' || !old || s.resources[step.logicalId]?.provisioned?.physicalId === old.physicalId) continue;
            (s.orphans ??= []).push({ LogicalResourceId: step.logicalId, ResourceType: step.before!.ResourceType, provisioned: old, properties: step.before!.properties });
          }
          delete s.update;
        });
      }
      this.journal.setStatus(scope, stack.StackId, settled, 'Gatehouse stopped while this stack operation was running.');
    }
  }

  /** The live stack named `nameOrId`, or any stack (even deleted) by its id, as DescribeStacks finds them. */
  find(scope: Scope, nameOrId: string): StackRecord | undefined {
    const table = this.options.store.table<StackRecord>(STACKS);
    if (nameOrId.startsWith('arn:')) return table.get(scope, '', nameOrId);
    return table.list(scope, '').find((s) => s.StackName === nameOrId && isLive(s));
  }

  /** AWS's answer for a stack that is not there. */
  static notFound(nameOrId: string): ServiceError {
    return new ServiceError('ValidationError', `Stack with id ${nameOrId} does not exist`, 400);
  }

  /** Checks the request and stores the stack as CREATE_IN_PROGRESS; call `start` once that is committed. */
  createStack(scope: Scope, input: CreateStackInput): { stackId: string; prepared: PreparedStack } {
    const name = input.StackName;
    checkStackName(name);
    if (this.find(scope, name)) throw new ServiceError('AlreadyExistsException', `Stack [${name}] already exists`, 400);
    const stackId = newStackId(scope, name);
    const body = templateBodyOf(input);
    const prepared = this.prepare(scope, name, stackId, body, input.Parameters ?? []);
    const record = this.newRecord(stackId, name, body, prepared, input);
    this.fillResources(record, prepared);
    this.options.store.table<StackRecord>(STACKS).insert(scope, '', stackId, record);
    this.journal.event(scope, record, { logicalId: name, physicalId: stackId, type: STACK_TYPE, status: 'CREATE_IN_PROGRESS', reason: 'User Initiated' });
    return { stackId, prepared };
  }

  /**
   * UpdateStack: checked at once (`Stack [name] does not exist`, a status that cannot be updated, the template,
   * parameters with UsePreviousValue, capabilities, `No updates are to be performed.`), then run in the background.
   */
  updateStack(scope: Scope, input: UpdateStackInput): string {
    const stack = this.find(scope, input.StackName);
    // seen: `Stack [name] does not exist` is UpdateStack's answer (DescribeStacks says `Stack with id ...`).
    if (!stack) throw new ServiceError('ValidationError', `Stack [${input.StackName}] does not exist`, 400);
    checkUpdatable(stack);
    const body = updateBody(input, stack);
    checkCapabilities(loadTemplate(body), input.Capabilities ?? []);
    const prepared = this.prepare(scope, stack.StackName, stack.StackId, body, input.Parameters ?? [], stack);
    checkTypes(stack, prepared);
    // seen: the ValidationError AWS answers an update that changes nothing.
    if (!planUpdate(stack, prepared, this.options.resourceType, input.Tags).hasChanges) throw new ServiceError('ValidationError', 'No updates are to be performed.', 400);
    this.beginUpdate(scope, stack.StackId, prepared, {
      TemplateBody: body,
      suppliedParameters: input.Parameters ?? [],
      Capabilities: input.Capabilities ?? [],
      ...(input.Tags !== undefined && { Tags: input.Tags }),
      ...(input.DisableRollback !== undefined && { DisableRollback: input.DisableRollback }),
    });
    return stack.StackId;
  }

  /** The stack goes UPDATE_IN_PROGRESS (in this transaction); the update runs once it has committed. */
  private beginUpdate(scope: Scope, stackId: string, prepared: PreparedStack, request: UpdateRequest, executing?: string): void {
    this.options.store.transaction(() => {
      const record = this.journal.stack(scope, stackId);
      beginUpdate(this.work, scope, record, prepared, request);
      for (const c of record.changeSets ?? []) {
        if (c.ChangeSetId === executing) c.ExecutionStatus = 'EXECUTE_IN_PROGRESS';
        else if (c.ExecutionStatus === 'AVAILABLE') c.ExecutionStatus = 'OBSOLETE';
      }
      this.options.store.table<StackRecord>(STACKS).update(scope, '', stackId, record);
      this.journal.event(scope, record, { logicalId: record.StackName, physicalId: stackId, type: STACK_TYPE, status: 'UPDATE_IN_PROGRESS', reason: 'User Initiated' });
    });
    this.background(stackId, () => new StackUpdate(this.work, scope, stackId, prepared).run());
  }

  /**
   * CreateChangeSet. CREATE: a new stack waits in REVIEW_IN_PROGRESS with every resource to add. UPDATE: the
   * changes the update would make (plan.ts); a change set without changes fails as AWS's does (`aws
   * cloudformation deploy` then says "No changes to deploy").
   */
  createChangeSet(scope: Scope, input: CreateChangeSetInput): { Id: string; StackId: string } {
    const name = input.StackName;
    checkStackName(name);
    const type = input.ChangeSetType ?? 'UPDATE';
    const existing = this.find(scope, name);
    if (type === 'CREATE' && existing && existing.StackStatus !== 'REVIEW_IN_PROGRESS') {
      throw new ServiceError('ValidationError', `Stack [${name}] already exists and cannot be created again with the changeSet [${input.ChangeSetName}].`, 400);
    }
    if (type === 'UPDATE' && (!existing || existing.StackStatus === 'REVIEW_IN_PROGRESS')) throw StackEngine.notFound(name);
    if (type === 'UPDATE') checkUpdatable(existing!);
    if (existing?.changeSets?.some((c) => c.ChangeSetName === input.ChangeSetName)) {
      throw new ServiceError('AlreadyExistsException', `ChangeSet ${input.ChangeSetName} already exists`, 400);
    }
    const stackId = existing?.StackId ?? newStackId(scope, name);
    const body = type === 'UPDATE' ? updateBody(input, existing!) : templateBodyOf(input);
    checkCapabilities(loadTemplate(body), input.Capabilities ?? []);
    const prepared = this.prepare(scope, name, stackId, body, input.Parameters ?? [], existing);
    const changeSet: ChangeSetRecord = {
      ChangeSetId: `arn:aws:cloudformation:${scope.region}:${scope.account}:changeSet/${input.ChangeSetName}/${randomUUID()}`,
      ChangeSetName: input.ChangeSetName,
      ChangeSetType: type === 'CREATE' ? 'CREATE' : 'UPDATE',
      CreationTime: this.journal.now(),
      Status: 'CREATE_COMPLETE',
      ExecutionStatus: 'AVAILABLE',
      TemplateBody: body,
      Parameters: prepared.describeParameters(),
      suppliedParameters: input.Parameters ?? [],
      Capabilities: input.Capabilities ?? [],
      Tags: input.Tags ?? existing?.Tags ?? [],
      Changes: [],
    };
    if (input.Description !== undefined) changeSet.Description = input.Description;
    if (type === 'CREATE') {
      changeSet.Changes = prepared.creationOrder.map((id) => ({ Type: 'Resource' as const, ResourceChange: { Action: 'Add' as const, LogicalResourceId: id, ResourceType: prepared.resources.get(id)!.declaration.type, Scope: [], Details: [] } }));
    } else {
      checkTypes(existing!, prepared);
      const plan = planUpdate(existing!, prepared, this.options.resourceType, input.Tags);
      changeSet.parameterValues = Object.fromEntries([...prepared.parameters.values()].map((p) => [p.name, p.value]));
      changeSet.Changes = plan.changes;
      if (!plan.hasChanges) {
        // seen: the StatusReason of a change set that changes nothing.
        Object.assign(changeSet, { Status: 'FAILED', ExecutionStatus: 'UNAVAILABLE', StatusReason: "The submitted information didn't contain changes. Submit different information to create a change set." });
      }
    }
    this.options.store.transaction(() => {
      const table = this.options.store.table<StackRecord>(STACKS);
      if (existing) {
        const record = this.journal.stack(scope, stackId);
        (record.changeSets ??= []).push(changeSet);
        table.update(scope, '', stackId, record);
        return;
      }
      const record = this.newRecord(stackId, name, body, prepared, input);
      record.StackStatus = 'REVIEW_IN_PROGRESS';
      record.StackStatusReason = 'User Initiated';
      record.changeSets = [changeSet];
      table.insert(scope, '', stackId, record);
      this.journal.event(scope, record, { logicalId: name, physicalId: stackId, type: STACK_TYPE, status: 'REVIEW_IN_PROGRESS', reason: 'User Initiated' });
    });
    return { Id: changeSet.ChangeSetId, StackId: stackId };
  }

  /** The change set named (by name with its stack, or by ARN), with its stack. */
  findChangeSet(scope: Scope, changeSetName: string, stackName: string | undefined): { stack: StackRecord; changeSet: ChangeSetRecord } {
    const stacks = stackName !== undefined ? [this.find(scope, stackName)].filter((s): s is StackRecord => s !== undefined) : this.options.store.table<StackRecord>(STACKS).list(scope, '');
    for (const stack of stacks) {
      const changeSet = stack.changeSets?.find((c) => c.ChangeSetId === changeSetName || (stackName !== undefined && c.ChangeSetName === changeSetName));
      if (changeSet) return { stack, changeSet };
    }
    if (stackName === undefined && !changeSetName.startsWith('arn:')) throw new ServiceError('ValidationError', 'StackName must be specified if ChangeSetName is not specified as an ARN.', 400);
    throw new ServiceError('ChangeSetNotFound', `ChangeSet [${changeSetName}] does not exist`, 404);
  }

  /** ExecuteChangeSet: a CREATE change set makes its stack; an UPDATE one updates it as UpdateStack would. */
  executeChangeSet(scope: Scope, changeSetName: string, stackName: string | undefined, disableRollback: boolean | undefined): void {
    const { stack, changeSet } = this.findChangeSet(scope, changeSetName, stackName);
    if (changeSet.ExecutionStatus !== 'AVAILABLE') {
      throw new ServiceError('InvalidChangeSetStatus', `ChangeSet [${changeSet.ChangeSetId}] cannot be executed in its current execution status of [${changeSet.ExecutionStatus}]`, 400);
    }
    if (changeSet.ChangeSetType === 'UPDATE') {
      checkUpdatable(stack);
      const prepared = this.prepare(scope, stack.StackName, stack.StackId, changeSet.TemplateBody, explicitParameters(changeSet.parameterValues ?? {}));
      this.beginUpdate(scope, stack.StackId, prepared, {
        TemplateBody: changeSet.TemplateBody,
        suppliedParameters: changeSet.suppliedParameters,
        Capabilities: changeSet.Capabilities,
        Tags: changeSet.Tags,
        ...(disableRollback !== undefined && { DisableRollback: disableRollback }),
      }, changeSet.ChangeSetId);
      return;
    }
    const prepared = this.prepare(scope, stack.StackName, stack.StackId, changeSet.TemplateBody, changeSet.suppliedParameters);
    this.options.store.transaction(() => {
      const record = this.journal.stack(scope, stack.StackId);
      Object.assign(record, this.newRecord(stack.StackId, stack.StackName, changeSet.TemplateBody, prepared, {
        StackName: stack.StackName,
        Parameters: changeSet.suppliedParameters,
        Capabilities: changeSet.Capabilities,
        Tags: changeSet.Tags,
        ...(disableRollback !== undefined && { DisableRollback: disableRollback }),
      }), { CreationTime: stack.CreationTime, changeSets: record.changeSets });
      for (const c of record.changeSets ?? []) c.ExecutionStatus = c.ChangeSetId === changeSet.ChangeSetId ? 'EXECUTE_IN_PROGRESS' : 'OBSOLETE';
      this.fillResources(record, prepared);
      this.options.store.table<StackRecord>(STACKS).update(scope, '', stack.StackId, record);
      this.journal.event(scope, record, { logicalId: record.StackName, physicalId: record.StackId, type: STACK_TYPE, status: 'CREATE_IN_PROGRESS', reason: 'User Initiated' });
    });
    this.start(scope, stack.StackId, prepared);
  }

  deleteChangeSet(scope: Scope, changeSetName: string, stackName: string | undefined): void {
    const { stack, changeSet } = this.findChangeSet(scope, changeSetName, stackName);
    if (changeSet.ExecutionStatus === 'EXECUTE_IN_PROGRESS') {
      throw new ServiceError('InvalidChangeSetStatus', `Cannot delete ChangeSet in status ${changeSet.ExecutionStatus}`, 400);
    }
    this.journal.edit(scope, stack.StackId, (record) => {
      record.changeSets = (record.changeSets ?? []).filter((c) => c.ChangeSetId !== changeSet.ChangeSetId);
    });
  }

  private prepare(scope: Scope, name: string, stackId: string, body: string, parameters: CreateStackInput['Parameters'] & object, previous?: StackRecord): PreparedStack {
    const template = loadTemplate(body);
    const previousParameters = previous ? new Map(Object.entries(previous.parameterValues ?? {})) : undefined;
    const prepared = prepareStack(template, this.options.environment(scope, { stackName: name, stackId }), { parameters, ...(previousParameters && { previousParameters }) });
    // Refused before anything exists, naming every type Gatehouse does not provision (AWS's wording, plus why).
    const unsupported = [...prepared.resources.values()].map((r) => r.declaration.type).filter((type) => !this.options.resourceType(type));
    if (unsupported.length > 0) throw new ServiceError('ValidationError', unsupportedTypes(unsupported).message, 400);
    return prepared;
  }

  private newRecord(stackId: string, name: string, body: string, prepared: PreparedStack, input: Omit<CreateStackInput, 'TemplateBody'>): StackRecord {
    const record: StackRecord = {
      StackId: stackId,
      StackName: name,
      Parameters: prepared.describeParameters(),
      CreationTime: this.journal.now(),
      StackStatus: 'CREATE_IN_PROGRESS',
      DisableRollback: input.DisableRollback === true || input.OnFailure === 'DO_NOTHING',
      Capabilities: input.Capabilities ?? [],
      Outputs: [],
      Tags: input.Tags ?? [],
      EnableTerminationProtection: input.EnableTerminationProtection === true,
      TemplateBody: body,
      suppliedParameters: input.Parameters ?? [],
      parameterValues: Object.fromEntries([...prepared.parameters.values()].map((p) => [p.name, p.value])),
      resources: {},
    };
    if (prepared.template.description !== undefined) record.Description = prepared.template.description;
    return record;
  }

  /** The resources to make, in creation order, not yet started (DescribeStackResources shows them once they are). */
  private fillResources(record: StackRecord, prepared: PreparedStack): void {
    record.resources = {};
    for (const id of prepared.creationOrder) {
      const declaration = prepared.resources.get(id)!.declaration;
      const resource = { LogicalResourceId: id, ResourceType: declaration.type, LastUpdatedTimestamp: this.journal.now(), properties: {} } as unknown as StackResourceRecord;
      if (declaration.deletionPolicy !== undefined && declaration.deletionPolicy !== 'Delete') resource.deletionPolicy = declaration.deletionPolicy;
      if (declaration.updateReplacePolicy !== undefined && declaration.updateReplacePolicy !== 'Delete') resource.updateReplacePolicy = declaration.updateReplacePolicy;
      record.resources[id] = resource;
    }
  }

  /** Makes the stack's resources in the background. */
  start(scope: Scope, stackId: string, prepared: PreparedStack): void {
    this.background(stackId, () => this.runCreate(scope, stackId, prepared));
  }

  /** DeleteStack: a stack that does not exist is no error (AWS answers success). */
  deleteStack(scope: Scope, nameOrId: string): void {
    const stack = this.find(scope, nameOrId);
    if (!stack || stack.StackStatus === 'DELETE_COMPLETE' || stack.StackStatus === 'DELETE_IN_PROGRESS') return;
    if (stack.EnableTerminationProtection) {
      throw new ServiceError('ValidationError', `Stack [${stack.StackName}] cannot be deleted while TerminationProtection is enabled`, 400);
    }
    if (stack.StackStatus === 'REVIEW_IN_PROGRESS') {
      this.journal.setStatus(scope, stack.StackId, 'DELETE_COMPLETE', undefined, 'User Initiated', { DeletionTime: this.journal.now() });
      return;
    }
    if (stack.StackStatus.endsWith('_IN_PROGRESS')) {
      throw new ServiceError('ValidationError', `Stack ${stack.StackId} is in ${stack.StackStatus} state and can not be deleted`, 400);
    }
    this.journal.setStatus(scope, stack.StackId, 'DELETE_IN_PROGRESS', undefined, 'User Initiated');
    this.background(stack.StackId, async () => {
      const ok = await this.removeResources(scope, stack.StackId, 'delete');
      if (ok) this.journal.setStatus(scope, stack.StackId, 'DELETE_COMPLETE', undefined, undefined, { DeletionTime: this.journal.now() });
      else this.journal.setStatus(scope, stack.StackId, 'DELETE_FAILED', 'The following resource(s) failed to delete: [' + this.journal.failed(scope, stack.StackId, 'DELETE_FAILED').join(', ') + ']. ');
    });
  }

  events(scope: Scope, stackId: string): StackEventRecord[] {
    return this.journal.events(scope, stackId);
  }

  private async runCreate(scope: Scope, stackId: string, prepared: PreparedStack): Promise<void> {
    const values = this.journal.values(scope, stackId);
    for (const wave of prepared.creationWaves) {
      const outcomes = await Promise.allSettled(wave.map((id) => createResource(this.work, scope, stackId, prepared, id, values)));
      if (outcomes.some((o) => o.status === 'rejected')) {
        const failed = this.journal.failed(scope, stackId, 'CREATE_FAILED');
        await this.failCreate(scope, stackId, `The following resource(s) failed to create: [${failed.join(', ')}]. `);
        return;
      }
    }
    let outputs: StackRecord['Outputs'];
    try {
      outputs = prepared.resolveOutputs(values);
    } catch (error) {
      await this.failCreate(scope, stackId, (error as Error).message);
      return;
    }
    this.journal.setStatus(scope, stackId, 'CREATE_COMPLETE', undefined, undefined, { Outputs: outputs });
    this.journal.finishChangeSet(scope, stackId, 'EXECUTE_COMPLETE');
  }

  /** A create that failed: rolled back (ROLLBACK_COMPLETE), or left as it is when rollback is disabled. */
  private async failCreate(scope: Scope, stackId: string, reason: string): Promise<void> {
    this.journal.finishChangeSet(scope, stackId, 'EXECUTE_FAILED');
    if (this.journal.stack(scope, stackId).DisableRollback) {
      this.journal.setStatus(scope, stackId, 'CREATE_FAILED', reason);
      return;
    }
    this.journal.setStatus(scope, stackId, 'ROLLBACK_IN_PROGRESS', `${reason}Rollback requested by user.`);
    const ok = await this.removeResources(scope, stackId, 'rollback');
    this.journal.setStatus(scope, stackId, ok ? 'ROLLBACK_COMPLETE' : 'ROLLBACK_FAILED', ok ? undefined : 'The following resource(s) failed to delete: [' + this.journal.failed(scope, stackId, 'DELETE_FAILED').join(', ') + ']. ');
  }

  /**
   * Deletes the stack's resources in reverse creation order, after its orphans (physical resources an update
   * left). A rollback removes only what was made; a delete skips what DeletionPolicy Retain keeps. False when
   * some resource could not be deleted.
   */
  private async removeResources(scope: Scope, stackId: string, why: 'delete' | 'rollback'): Promise<boolean> {
    let ok = await this.removeOrphans(scope, stackId);
    const order = Object.keys(this.journal.stack(scope, stackId).resources).reverse();
    for (const logicalId of order) {
      const resource = this.journal.stack(scope, stackId).resources[logicalId]!;
      if (resource.ResourceStatus === undefined || resource.ResourceStatus === 'DELETE_COMPLETE' || resource.ResourceStatus === 'DELETE_SKIPPED') continue;
      if (!resource.provisioned) {
        // Never made (it failed, or never started): nothing to remove.
        if (resource.ResourceStatus === 'CREATE_FAILED' || resource.ResourceStatus === 'CREATE_IN_PROGRESS') this.journal.setResource(scope, stackId, logicalId, { status: 'DELETE_COMPLETE' });
        continue;
      }
      if (why === 'delete' && resource.deletionPolicy === 'Retain') {
        this.journal.setResource(scope, stackId, logicalId, { status: 'DELETE_SKIPPED' });
        continue;
      }
      this.journal.setResource(scope, stackId, logicalId, { status: 'DELETE_IN_PROGRESS' });
      const failure = await removePhysical(this.work, scope, stackId, logicalId, resource.ResourceType, resource.provisioned, resource.properties);
      if (failure === undefined) this.journal.setResource(scope, stackId, logicalId, { status: 'DELETE_COMPLETE' });
      else {
        ok = false;
        this.journal.setResource(scope, stackId, logicalId, { status: 'DELETE_FAILED', reason: failure });
      }
    }
    return ok;
  }

  /** Physical resources an interrupted or failed update left, newest first. */
  private async removeOrphans(scope: Scope, stackId: string): Promise<boolean> {
    let ok = true;
    const orphans: OrphanRecord[] = [...(this.journal.stack(scope, stackId).orphans ?? [])].reverse();
    for (const orphan of orphans) {
      const event = (status: string, reason?: string) =>
        this.journal.addEvent(scope, stackId, { logicalId: orphan.LogicalResourceId, physicalId: orphan.provisioned.physicalId, type: orphan.ResourceType, status, reason });
      if (orphan.retain) continue;
      event('DELETE_IN_PROGRESS');
      const failure = await removePhysical(this.work, scope, stackId, orphan.LogicalResourceId, orphan.ResourceType, orphan.provisioned, orphan.properties);
      event(failure === undefined ? 'DELETE_COMPLETE' : 'DELETE_FAILED', failure);
      if (failure !== undefined) ok = false;
      else {
        this.journal.edit(scope, stackId, (stack) => {
          stack.orphans = (stack.orphans ?? []).filter((o) => o.provisioned.physicalId !== orphan.provisioned.physicalId || o.LogicalResourceId !== orphan.LogicalResourceId);
          if (stack.orphans.length === 0) delete stack.orphans;
        });
      }
    }
    return ok;
  }

  private background(stackId: string, work: () => Promise<void>): void {
    if (this.running.has(stackId)) return;
    this.running.add(stackId);
    setImmediate(() => {
      work()
        .catch((error: unknown) => this.options.onUnexpectedError?.(error))
        .finally(() => this.running.delete(stackId));
    });
  }
}
