/**
 * How the stack engine writes down what happens to a stack: its status, each resource's status, and the
 * events DescribeStackEvents lists, each change in its own store transaction so a client polling meanwhile
 * (the CLI's waiters) sees every step. Create, update and delete all go through here.
 */
import { randomUUID } from 'node:crypto';
import type { Scope } from '../../shared/accounts.js';
import type { Clock } from '../../shared/clock.js';
import type { Store } from '../../store/store.js';
import type { Provisioned } from '../resources/types.js';
import type { ResourceValues } from '../template/environment.js';
import { STACK_EVENTS, STACKS, type ChangeSetRecord, type ResourceStatus, type StackEventRecord, type StackRecord, type StackStatus } from './records.js';

export const STACK_TYPE = 'AWS::CloudFormation::Stack';

export interface ResourceChange {
  status: ResourceStatus;
  reason?: string;
  properties?: Record<string, unknown>;
  provisioned?: Provisioned;
  /** Record the change without an event. */
  quiet?: boolean;
  /** An event only; the resource's record stays as it is. */
  eventOnly?: boolean;
  /** The properties the event shows, when they are not (yet) the record's. */
  eventProperties?: Record<string, unknown>;
}

export interface StackEvent {
  logicalId: string;
  physicalId: string;
  type: string;
  status: string;
  reason?: string | undefined;
  properties?: string;
}

export class StackJournal {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  now(): string {
    return this.clock.now().toISOString();
  }

  stack(scope: Scope, stackId: string): StackRecord {
    const stack = this.store.table<StackRecord>(STACKS).get(scope, '', stackId);
    if (!stack) throw new Error(`stack ${stackId} vanished`);
    return stack;
  }

  /** Reads the stack, lets `change` edit it, and stores it, in one transaction. */
  edit(scope: Scope, stackId: string, change: (stack: StackRecord) => void): void {
    this.store.transaction(() => {
      const stack = this.stack(scope, stackId);
      change(stack);
      this.store.table<StackRecord>(STACKS).update(scope, '', stackId, stack);
    });
  }

  setStatus(scope: Scope, stackId: string, status: StackStatus, reason: string | undefined, eventReason?: string, extra: Partial<StackRecord> = {}): void {
    this.store.transaction(() => {
      const stack = this.stack(scope, stackId);
      stack.StackStatus = status;
      if (reason === undefined) delete stack.StackStatusReason;
      else stack.StackStatusReason = reason;
      if (status.startsWith('DELETE') || status.startsWith('ROLLBACK')) stack.LastUpdatedTime ??= this.now();
      Object.assign(stack, extra);
      this.store.table<StackRecord>(STACKS).update(scope, '', stackId, stack);
      this.event(scope, stack, { logicalId: stack.StackName, physicalId: stackId, type: STACK_TYPE, status, reason: eventReason ?? reason });
    });
  }

  /** A resource's new status (and properties or provisioned values), with its event. */
  setResource(scope: Scope, stackId: string, logicalId: string, change: ResourceChange): void {
    this.store.transaction(() => {
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
        this.store.table<StackRecord>(STACKS).update(scope, '', stackId, stack);
      }
      if (change.quiet) return;
      const properties = change.eventProperties ?? resource.properties;
      const physicalId = change.eventOnly && change.provisioned ? change.provisioned.physicalId : (resource.PhysicalResourceId ?? '');
      const event: StackEvent = { logicalId, physicalId, type: resource.ResourceType, status: change.status, reason: change.reason };
      if (Object.keys(properties).length > 0) event.properties = JSON.stringify(properties);
      this.event(scope, stack, event);
    });
  }

  /** An event of the stack's, in its own transaction (a resource the stack no longer records, an old physical resource). */
  addEvent(scope: Scope, stackId: string, e: StackEvent): void {
    this.store.transaction(() => this.event(scope, this.stack(scope, stackId), e));
  }

  event(scope: Scope, stack: StackRecord, e: StackEvent): void {
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
    const events = this.store.table<StackEventRecord>(STACK_EVENTS);
    // Two events of one resource in the same millisecond keep distinct ids.
    while (events.has(scope, stack.StackId, record.EventId)) record.EventId += '+';
    events.insert(scope, stack.StackId, record.EventId, record);
  }

  events(scope: Scope, stackId: string): StackEventRecord[] {
    return this.store.table<StackEventRecord>(STACK_EVENTS).list(scope, stackId).reverse();
  }

  /** Ref and GetAtt values of this stack's resources as they are now (read from the store each time). */
  values(scope: Scope, stackId: string): ResourceValues {
    const provisioned = (id: string): Provisioned | undefined => this.stack(scope, stackId).resources[id]?.provisioned;
    return {
      ref: (id) => {
        const p = provisioned(id);
        return p ? (p.ref ?? p.physicalId) : undefined;
      },
      getAtt: (id, attribute) => provisioned(id)?.attributes[attribute],
    };
  }

  /** Logical ids of the stack's resources in `status`, in the stack's order. */
  failed(scope: Scope, stackId: string, status: ResourceStatus): string[] {
    return Object.values(this.stack(scope, stackId).resources).filter((r) => r.ResourceStatus === status).map((r) => r.LogicalResourceId);
  }

  /** The change set being executed, if any, ends with `status`. */
  finishChangeSet(scope: Scope, stackId: string, status: Extract<ChangeSetRecord['ExecutionStatus'], 'EXECUTE_COMPLETE' | 'EXECUTE_FAILED'>): void {
    this.edit(scope, stackId, (stack) => {
      const running = stack.changeSets?.find((c) => c.ExecutionStatus === 'EXECUTE_IN_PROGRESS');
      if (running) running.ExecutionStatus = status;
    });
  }
}
