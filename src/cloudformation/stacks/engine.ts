/**
 * The stack engine: CreateStack and DeleteStack as CloudFormation runs them. The request is checked at once
 * (template, parameters, capabilities: AWS's ValidationError before anything exists); the stack is then made
 * in the background, wave by wave in dependency order, each resource by its type's record through Gatehouse's
 * own services, with AWS's statuses and events, so the CLI's waiters and `describe-stack-events` work. A
 * failure rolls back what was made; deleting goes in reverse order and keeps what DeletionPolicy Retain keeps.
 */
import { randomUUID } from 'node:crypto';
import type { Scope } from '../../shared/accounts.js';
import type { Clock } from '../../shared/clock.js';
import { ServiceError } from '../../shared/errors.js';
import type { Store } from '../../store/store.js';
import { failureReason, unsupportedTypes } from '../resources/errors.js';
import { resourceContext, type ServiceCaller } from '../resources/service-caller.js';
import type { Provisioned, ResourceType } from '../resources/types.js';
import type { ResourceValues, StackEnvironment } from '../template/environment.js';
import { loadTemplate } from '../template/load.js';
import { prepareStack, type PreparedStack } from '../template/stack-template.js';
import { isLive, STACK_EVENTS, STACKS, type ChangeSetRecord, type ResourceStatus, type StackEventRecord, type StackRecord, type StackResourceRecord, type StackStatus } from './records.js';

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
  if (input.TemplateURL !== undefined && input.TemplateBody === undefined) throw new ServiceError('ValidationError', 'Gatehouse cannot read templates from S3 (TemplateURL): pass the template as TemplateBody (--template-body file://...).', 400);
  if (input.TemplateBody === undefined) throw new ServiceError('ValidationError', 'Either Template URL or Template Body must be specified.', 400);
  return input.TemplateBody;
}

const samePairs = (a: Array<{ ParameterKey: string; ParameterValue: string }>, b: Array<{ ParameterKey: string; ParameterValue: string }>): boolean =>
  JSON.stringify([...a].sort((x, y) => x.ParameterKey.localeCompare(y.ParameterKey))) === JSON.stringify([...b].sort((x, y) => x.ParameterKey.localeCompare(y.ParameterKey)));
const STACK_TYPE = 'AWS::CloudFormation::Stack';

export class StackEngine {
  /** Stacks whose create or delete is running, so a second DeleteStack does not start another. */
  private readonly running = new Set<string>();

  constructor(private readonly options: StackEngineOptions) {}

  /**
   * Stacks left in progress by a Gatehouse that stopped mid-operation can never finish: they are marked failed
   * (as AWS marks an operation that failed), so they can be deleted and waiters end.
   */
  recover(): void {
    for (const { scope, doc: stack } of this.options.store.table<StackRecord>(STACKS).scan()) {
      if (!stack.StackStatus.endsWith('_IN_PROGRESS')) continue;
      const failed: StackStatus = stack.StackStatus.startsWith('DELETE') ? 'DELETE_FAILED' : stack.StackStatus.startsWith('ROLLBACK') ? 'ROLLBACK_FAILED' : stack.StackStatus.startsWith('UPDATE') ? 'UPDATE_FAILED' : 'CREATE_FAILED';
      this.setStatus(scope, stack.StackId, failed, 'Gatehouse stopped while this stack operation was running.');
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
    this.event(scope, record, { logicalId: name, physicalId: stackId, type: STACK_TYPE, status: 'CREATE_IN_PROGRESS', reason: 'User Initiated' });
    return { stackId, prepared };
  }

  /**
   * CreateChangeSet. CREATE: a new stack waits in REVIEW_IN_PROGRESS with every resource to add. UPDATE: a change
   * set without changes fails as AWS's does (`aws cloudformation deploy` says "No changes to deploy"); updating
   * resources is not supported yet and says so.
   */
  createChangeSet(scope: Scope, input: CreateStackInput & { ChangeSetName: string; ChangeSetType?: string; Description?: string; UsePreviousTemplate?: boolean }): { Id: string; StackId: string } {
    const name = input.StackName;
    checkStackName(name);
    const type = input.ChangeSetType ?? 'UPDATE';
    const existing = this.find(scope, name);
    if (type === 'CREATE' && existing && existing.StackStatus !== 'REVIEW_IN_PROGRESS') {
      throw new ServiceError('ValidationError', `Stack [${name}] already exists and cannot be created again with the changeSet [${input.ChangeSetName}].`, 400);
    }
    if (type === 'UPDATE' && (!existing || existing.StackStatus === 'REVIEW_IN_PROGRESS')) throw StackEngine.notFound(name);
    if (existing?.changeSets?.some((c) => c.ChangeSetName === input.ChangeSetName)) {
      throw new ServiceError('AlreadyExistsException', `ChangeSet ${input.ChangeSetName} already exists`, 400);
    }
    const stackId = existing?.StackId ?? newStackId(scope, name);
    const body = input.UsePreviousTemplate && existing ? existing.TemplateBody : templateBodyOf(input);
    const prepared = this.prepare(scope, name, stackId, body, input.Parameters ?? [], existing);
    const changeSet: ChangeSetRecord = {
      ChangeSetId: `arn:aws:cloudformation:${scope.region}:${scope.account}:changeSet/${input.ChangeSetName}/${randomUUID()}`,
      ChangeSetName: input.ChangeSetName,
      ChangeSetType: type === 'CREATE' ? 'CREATE' : 'UPDATE',
      CreationTime: this.now(),
      Status: 'CREATE_COMPLETE',
      ExecutionStatus: 'AVAILABLE',
      TemplateBody: body,
      Parameters: prepared.describeParameters(),
      suppliedParameters: input.Parameters ?? [],
      Capabilities: input.Capabilities ?? [],
      Tags: input.Tags ?? [],
      Changes: [],
    };
    if (input.Description !== undefined) changeSet.Description = input.Description;
    if (type === 'CREATE') {
      changeSet.Changes = prepared.creationOrder.map((id) => ({ Type: 'Resource' as const, ResourceChange: { Action: 'Add' as const, LogicalResourceId: id, ResourceType: prepared.resources.get(id)!.declaration.type, Scope: [], Details: [] } }));
    } else if (body === existing!.TemplateBody && samePairs(changeSet.Parameters, existing!.Parameters)) {
      Object.assign(changeSet, { Status: 'FAILED', ExecutionStatus: 'UNAVAILABLE', StatusReason: "The submitted information didn't contain changes. Submit different information to create a change set." });
    } else {
      Object.assign(changeSet, { Status: 'FAILED', ExecutionStatus: 'UNAVAILABLE', StatusReason: 'Gatehouse cannot update stacks yet: delete the stack and create it again.' });
    }
    this.options.store.transaction(() => {
      const table = this.options.store.table<StackRecord>(STACKS);
      if (existing) {
        (existing.changeSets ??= []).push(changeSet);
        table.update(scope, '', stackId, existing);
        return;
      }
      const record = this.newRecord(stackId, name, body, prepared, input);
      record.StackStatus = 'REVIEW_IN_PROGRESS';
      record.StackStatusReason = 'User Initiated';
      record.changeSets = [changeSet];
      table.insert(scope, '', stackId, record);
      this.event(scope, record, { logicalId: name, physicalId: stackId, type: STACK_TYPE, status: 'REVIEW_IN_PROGRESS', reason: 'User Initiated' });
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

  /** ExecuteChangeSet: a CREATE change set makes its stack. */
  executeChangeSet(scope: Scope, changeSetName: string, stackName: string | undefined, disableRollback: boolean | undefined): void {
    const { stack, changeSet } = this.findChangeSet(scope, changeSetName, stackName);
    if (changeSet.ExecutionStatus !== 'AVAILABLE') {
      throw new ServiceError('InvalidChangeSetStatus', `ChangeSet [${changeSet.ChangeSetId}] cannot be executed in its current execution status of [${changeSet.ExecutionStatus}]`, 400);
    }
    const prepared = this.prepare(scope, stack.StackName, stack.StackId, changeSet.TemplateBody, changeSet.suppliedParameters);
    this.options.store.transaction(() => {
      const record = this.stack(scope, stack.StackId);
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
      this.event(scope, record, { logicalId: record.StackName, physicalId: record.StackId, type: STACK_TYPE, status: 'CREATE_IN_PROGRESS', reason: 'User Initiated' });
    });
    this.start(scope, stack.StackId, prepared);
  }

  deleteChangeSet(scope: Scope, changeSetName: string, stackName: string | undefined): void {
    const { stack, changeSet } = this.findChangeSet(scope, changeSetName, stackName);
    if (changeSet.ExecutionStatus === 'EXECUTE_IN_PROGRESS') {
      throw new ServiceError('InvalidChangeSetStatus', `Cannot delete ChangeSet in status ${changeSet.ExecutionStatus}`, 400);
    }
    this.options.store.transaction(() => {
      const record = this.stack(scope, stack.StackId);
      record.changeSets = (record.changeSets ?? []).filter((c) => c.ChangeSetId !== changeSet.ChangeSetId);
      this.options.store.table<StackRecord>(STACKS).update(scope, '', stack.StackId, record);
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
      CreationTime: this.now(),
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
      const resource = { LogicalResourceId: id, ResourceType: declaration.type, LastUpdatedTimestamp: this.now(), properties: {} } as StackResourceRecord;
      if (declaration.deletionPolicy !== undefined) resource.deletionPolicy = declaration.deletionPolicy;
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
      this.setStatus(scope, stack.StackId, 'DELETE_COMPLETE', undefined, 'User Initiated', { DeletionTime: this.now() });
      return;
    }
    if (stack.StackStatus.endsWith('_IN_PROGRESS')) {
      throw new ServiceError('ValidationError', `Stack ${stack.StackId} is in ${stack.StackStatus} state and can not be deleted`, 400);
    }
    this.setStatus(scope, stack.StackId, 'DELETE_IN_PROGRESS', undefined, 'User Initiated');
    this.background(stack.StackId, async () => {
      const ok = await this.removeResources(scope, stack.StackId, 'delete');
      if (ok) this.setStatus(scope, stack.StackId, 'DELETE_COMPLETE', undefined, undefined, { DeletionTime: this.now() });
      else this.setStatus(scope, stack.StackId, 'DELETE_FAILED', 'The following resource(s) failed to delete: [' + this.failed(scope, stack.StackId, 'DELETE_FAILED').join(', ') + ']. ');
    });
  }

  events(scope: Scope, stackId: string): StackEventRecord[] {
    return this.options.store.table<StackEventRecord>(STACK_EVENTS).list(scope, stackId).reverse();
  }

  private async runCreate(scope: Scope, stackId: string, prepared: PreparedStack): Promise<void> {
    const values = this.values(scope, stackId);
    for (const wave of prepared.creationWaves) {
      const outcomes = await Promise.allSettled(wave.map((id) => this.createResource(scope, stackId, prepared, id, values)));
      if (outcomes.some((o) => o.status === 'rejected')) {
        const failed = this.failed(scope, stackId, 'CREATE_FAILED');
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
    this.setStatus(scope, stackId, 'CREATE_COMPLETE', undefined, undefined, { Outputs: outputs });
    this.finishChangeSet(scope, stackId, 'EXECUTE_COMPLETE');
  }

  private finishChangeSet(scope: Scope, stackId: string, status: 'EXECUTE_COMPLETE' | 'EXECUTE_FAILED'): void {
    this.options.store.transaction(() => {
      const stack = this.stack(scope, stackId);
      const running = stack.changeSets?.find((c) => c.ExecutionStatus === 'EXECUTE_IN_PROGRESS');
      if (!running) return;
      running.ExecutionStatus = status;
      this.options.store.table<StackRecord>(STACKS).update(scope, '', stackId, stack);
    });
  }

  private async createResource(scope: Scope, stackId: string, prepared: PreparedStack, logicalId: string, values: ResourceValues): Promise<void> {
    const declaration = prepared.resources.get(logicalId)!.declaration;
    const type = this.options.resourceType(declaration.type)!;
    this.setResource(scope, stackId, logicalId, { status: 'CREATE_IN_PROGRESS' });
    try {
      const properties = prepared.resolveProperties(logicalId, values);
      this.setResource(scope, stackId, logicalId, { status: 'CREATE_IN_PROGRESS', properties, quiet: true });
      const stack = this.stack(scope, stackId);
      const provisioned = await type.create(properties, resourceContext(this.options.caller, { scope, stackName: stack.StackName, stackId, logicalId }));
      this.setResource(scope, stackId, logicalId, { status: 'CREATE_IN_PROGRESS', provisioned, reason: 'Resource creation Initiated', eventOnly: true });
      this.setResource(scope, stackId, logicalId, { status: 'CREATE_COMPLETE', provisioned });
    } catch (error) {
      if (!(error instanceof ServiceError) && !(error instanceof Error && error.name === 'ResourceFailure')) this.options.onUnexpectedError?.(error);
      this.setResource(scope, stackId, logicalId, { status: 'CREATE_FAILED', reason: failureReason(error) });
      throw error;
    }
  }

  /** A create that failed: rolled back (ROLLBACK_COMPLETE), or left as it is when rollback is disabled. */
  private async failCreate(scope: Scope, stackId: string, reason: string): Promise<void> {
    this.finishChangeSet(scope, stackId, 'EXECUTE_FAILED');
    if (this.stack(scope, stackId).DisableRollback) {
      this.setStatus(scope, stackId, 'CREATE_FAILED', reason);
      return;
    }
    this.setStatus(scope, stackId, 'ROLLBACK_IN_PROGRESS', `${reason}Rollback requested by user.`);
    const ok = await this.removeResources(scope, stackId, 'rollback');
    this.setStatus(scope, stackId, ok ? 'ROLLBACK_COMPLETE' : 'ROLLBACK_FAILED', ok ? undefined : 'The following resource(s) failed to delete: [' + this.failed(scope, stackId, 'DELETE_FAILED').join(', ') + ']. ');
  }

  /**
   * Deletes the stack's resources in reverse creation order. A rollback removes only what was made; a delete
   * skips what DeletionPolicy Retain keeps. False when some resource could not be deleted.
   */
  private async removeResources(scope: Scope, stackId: string, why: 'delete' | 'rollback'): Promise<boolean> {
    let ok = true;
    const order = Object.keys(this.stack(scope, stackId).resources).reverse();
    for (const logicalId of order) {
      const resource = this.stack(scope, stackId).resources[logicalId]!;
      if (resource.ResourceStatus === undefined || resource.ResourceStatus === 'DELETE_COMPLETE' || resource.ResourceStatus === 'DELETE_SKIPPED') continue;
      if (!resource.provisioned) {
        // Never made (it failed, or never started): nothing to remove.
        if (resource.ResourceStatus === 'CREATE_FAILED' || resource.ResourceStatus === 'CREATE_IN_PROGRESS') this.setResource(scope, stackId, logicalId, { status: 'DELETE_COMPLETE' });
        continue;
      }
      if (why === 'delete' && resource.deletionPolicy === 'Retain') {
        this.setResource(scope, stackId, logicalId, { status: 'DELETE_SKIPPED' });
        continue;
      }
      const type = this.options.resourceType(resource.ResourceType);
      this.setResource(scope, stackId, logicalId, { status: 'DELETE_IN_PROGRESS' });
      try {
        await type?.delete(resource.provisioned, resource.properties, resourceContext(this.options.caller, { scope, stackName: this.stack(scope, stackId).StackName, stackId, logicalId }));
        this.setResource(scope, stackId, logicalId, { status: 'DELETE_COMPLETE' });
      } catch (error) {
        ok = false;
        this.setResource(scope, stackId, logicalId, { status: 'DELETE_FAILED', reason: failureReason(error) });
      }
    }
    return ok;
  }

  /** Ref and GetAtt values of this stack's resources as they are made (read from the store each time). */
  private values(scope: Scope, stackId: string): ResourceValues {
    const provisioned = (id: string): Provisioned | undefined => this.stack(scope, stackId).resources[id]?.provisioned;
    return {
      ref: (id) => {
        const p = provisioned(id);
        return p ? (p.ref ?? p.physicalId) : undefined;
      },
      getAtt: (id, attribute) => provisioned(id)?.attributes[attribute],
    };
  }

  private failed(scope: Scope, stackId: string, status: ResourceStatus): string[] {
    return Object.values(this.stack(scope, stackId).resources).filter((r) => r.ResourceStatus === status).map((r) => r.LogicalResourceId);
  }

  private stack(scope: Scope, stackId: string): StackRecord {
    const stack = this.options.store.table<StackRecord>(STACKS).get(scope, '', stackId);
    if (!stack) throw new Error(`stack ${stackId} vanished`);
    return stack;
  }

  private setStatus(scope: Scope, stackId: string, status: StackStatus, reason: string | undefined, eventReason?: string, extra: Partial<StackRecord> = {}): void {
    this.options.store.transaction(() => {
      const stack = this.stack(scope, stackId);
      stack.StackStatus = status;
      if (reason === undefined) delete stack.StackStatusReason;
      else stack.StackStatusReason = reason;
      if (status.startsWith('DELETE') || status.startsWith('ROLLBACK')) stack.LastUpdatedTime ??= this.now();
      Object.assign(stack, extra);
      this.options.store.table<StackRecord>(STACKS).update(scope, '', stackId, stack);
      this.event(scope, stack, { logicalId: stack.StackName, physicalId: stackId, type: STACK_TYPE, status, reason: eventReason ?? reason });
    });
  }

  private setResource(
    scope: Scope,
    stackId: string,
    logicalId: string,
    change: { status: ResourceStatus; reason?: string; properties?: Record<string, unknown>; provisioned?: Provisioned; quiet?: boolean; eventOnly?: boolean },
  ): void {
    this.options.store.transaction(() => {
      const stack = this.stack(scope, stackId);
      const resource = stack.resources[logicalId]!;
      if (!change.eventOnly) {
        resource.ResourceStatus = change.status;
        resource.LastUpdatedTimestamp = this.now();
        if (change.reason === undefined) delete resource.ResourceStatusReason;
        else resource.ResourceStatusReason = change.reason;
        if (change.properties) resource.properties = change.properties;
        if (change.provisioned) {
          resource.provisioned = change.provisioned;
          resource.PhysicalResourceId = change.provisioned.physicalId;
        }
        this.options.store.table<StackRecord>(STACKS).update(scope, '', stackId, stack);
      }
      if (change.quiet) return;
      const event: Parameters<StackEngine['event']>[2] = { logicalId, physicalId: resource.PhysicalResourceId ?? '', type: resource.ResourceType, status: change.status, reason: change.reason };
      if (Object.keys(resource.properties).length > 0) event.properties = JSON.stringify(resource.properties);
      this.event(scope, stack, event);
    });
  }

  private event(scope: Scope, stack: StackRecord, e: { logicalId: string; physicalId: string; type: string; status: string; reason?: string | undefined; properties?: string }): void {
    const record: StackEventRecord = {
      StackId: stack.StackId,
      EventId: e.type === STACK_TYPE ? randomUUID() : `${e.logicalId}-${e.status}-${this.now()}`,
      StackName: stack.StackName,
      LogicalResourceId: e.logicalId,
      PhysicalResourceId: e.physicalId,
      ResourceType: e.type,
      Timestamp: this.now(),
      ResourceStatus: e.status,
    };
    if (e.reason !== undefined) record.ResourceStatusReason = e.reason;
    if (e.properties !== undefined) record.ResourceProperties = e.properties;
    const events = this.options.store.table<StackEventRecord>(STACK_EVENTS);
    // Two events of one resource in the same millisecond keep distinct ids.
    while (events.has(scope, stack.StackId, record.EventId)) record.EventId += '+';
    events.insert(scope, stack.StackId, record.EventId, record);
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

  private now(): string {
    return this.options.clock.now().toISOString();
  }
}
