/**
 * A stack update as CloudFormation runs it (UpdateStack, or a change set of type UPDATE):
 *
 *   UPDATE_IN_PROGRESS                      the new template, wave by wave in dependency order: resources it adds
 *                                           are created; each existing one is resolved again against the
 *                                           resources as they are now and, if its properties differ, updated in
 *                                           place by its type, or replaced (a new physical resource is created;
 *                                           dependents then see its new Ref and attributes) when the type has no
 *                                           update or a property in its `replaceOn` changed; the rest are left alone
 *   UPDATE_COMPLETE_CLEANUP_IN_PROGRESS     Outputs recomputed; the old physical resources of replacements and the
 *                                           resources the template dropped are deleted (DeletionPolicy /
 *                                           UpdateReplacePolicy Retain keep theirs)
 *   UPDATE_COMPLETE
 *
 * A failure rolls back: UPDATE_ROLLBACK_IN_PROGRESS puts each changed resource back in reverse order (its
 * previous properties applied again; a replaced one goes back to its old physical resource), the stack gets its
 * previous template, parameters and outputs, and UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS deletes what the
 * update made (added resources, new physical resources of replacements); then UPDATE_ROLLBACK_COMPLETE. With
 * DisableRollback the stack stays UPDATE_FAILED as it is.
 */
import type { Scope } from '../../shared/accounts.js';
import { failureReason, ResourceFailure } from '../resources/errors.js';
import type { Provisioned } from '../resources/types.js';
import type { ResourceValues } from '../template/environment.js';
import type { PreparedStack } from '../template/stack-template.js';
import type { StackJournal } from './journal.js';
import { changedProperties, needsReplacement } from './plan.js';
import { contextFor, createResource, removePhysical, reportUnexpected, type StackWork } from './provision.js';
import type { OrphanRecord, StackRecord, StackResourceRecord, UpdateState, UpdateStep } from './records.js';

/** AWS's reason on the event of a resource about to be replaced (seen in real describe-stack-events output). */
export const REPLACING = 'Requested update requires the creation of a new physical resource; hence creating one.';
/** The stack's reason when the cleanup could not delete everything (seen, quoted in rvedotrc/aws-cloudformation-stack-states#2). */
export const CLEANUP_INCOMPLETE = 'Update successful. One or more resources could not be deleted.';
/** inferred, after the text above: a rollback whose cleanup could not delete everything. */
export const ROLLBACK_CLEANUP_INCOMPLETE = 'Update rollback successful. One or more resources could not be deleted.';

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
const clone = <T>(value: T): T => structuredClone(value);

/** `The following resource(s) failed to create: [A]. The following resource(s) failed to update: [B]. ` (seen, both halves). */
export function failedResourcesReason(created: readonly string[], updated: readonly string[]): string {
  return [
    ...(created.length > 0 ? [`The following resource(s) failed to create: [${created.join(', ')}]. `] : []),
    ...(updated.length > 0 ? [`The following resource(s) failed to update: [${updated.join(', ')}]. `] : []),
  ].join('');
}

export interface UpdateRequest {
  TemplateBody: string;
  suppliedParameters: StackRecord['suppliedParameters'];
  Capabilities: string[];
  /** Undefined: the stack keeps its tags (as UpdateStack does without Tags). */
  Tags?: Array<{ Key: string; Value: string }>;
  DisableRollback?: boolean;
}

/**
 * Puts `stack` into UPDATE_IN_PROGRESS with the new template (the caller stores it, in its transaction):
 * what the update starts from is kept for a rollback, and the resources are listed in the new creation order,
 * the ones the template drops after them.
 */
export function beginUpdate(work: StackWork, scope: Scope, stack: StackRecord, prepared: PreparedStack, request: UpdateRequest): void {
  const now = work.journal.now();
  const previous: UpdateState['previous'] = {
    TemplateBody: stack.TemplateBody,
    Parameters: stack.Parameters,
    suppliedParameters: stack.suppliedParameters,
    parameterValues: stack.parameterValues,
    Outputs: stack.Outputs,
    Tags: stack.Tags,
    Capabilities: stack.Capabilities,
    resources: clone(stack.resources),
  };
  if (stack.Description !== undefined) previous.Description = stack.Description;
  const removed = Object.keys(stack.resources).filter((id) => !prepared.resources.has(id));
  const resources: Record<string, StackResourceRecord> = {};
  for (const id of prepared.creationOrder) {
    const declaration = prepared.resources.get(id)!.declaration;
    const resource = stack.resources[id] ?? ({ LogicalResourceId: id, ResourceType: declaration.type, LastUpdatedTimestamp: now, properties: {} } as unknown as StackResourceRecord);
    // One that never came to exist (its create failed with rollback disabled) is made afresh, as the template now says.
    if (resource.provisioned === undefined) resource.ResourceType = declaration.type;
    setPolicies(resource, declaration.deletionPolicy, declaration.updateReplacePolicy);
    resources[id] = resource;
  }
  for (const id of removed) resources[id] = stack.resources[id]!;
  stack.update = { previous, removed, steps: [], disableRollback: request.DisableRollback === true };
  stack.resources = resources;
  stack.TemplateBody = request.TemplateBody;
  stack.Parameters = prepared.describeParameters();
  stack.suppliedParameters = request.suppliedParameters;
  stack.parameterValues = Object.fromEntries([...prepared.parameters.values()].map((p) => [p.name, p.value]));
  stack.Capabilities = request.Capabilities;
  if (request.Tags !== undefined) stack.Tags = request.Tags;
  if (prepared.template.description !== undefined) stack.Description = prepared.template.description;
  else delete stack.Description;
  stack.StackStatus = 'UPDATE_IN_PROGRESS';
  delete stack.StackStatusReason;
  stack.LastUpdatedTime = now;
}

function setPolicies(resource: StackResourceRecord, deletionPolicy: string | undefined, updateReplacePolicy: string | undefined): void {
  if (deletionPolicy !== undefined && deletionPolicy !== 'Delete') resource.deletionPolicy = deletionPolicy;
  else delete resource.deletionPolicy;
  if (updateReplacePolicy !== undefined && updateReplacePolicy !== 'Delete') resource.updateReplacePolicy = updateReplacePolicy;
  else delete resource.updateReplacePolicy;
}

export class StackUpdate {
  private readonly journal: StackJournal;

  constructor(
    private readonly work: StackWork,
    private readonly scope: Scope,
    private readonly stackId: string,
    private readonly prepared: PreparedStack,
  ) {
    this.journal = work.journal;
  }

  /** Runs the update begun by `beginUpdate` to UPDATE_COMPLETE, UPDATE_ROLLBACK_COMPLETE or a failed status. */
  async run(): Promise<void> {
    const values = this.journal.values(this.scope, this.stackId);
    for (const wave of this.prepared.creationWaves) {
      const outcomes = await Promise.allSettled(wave.map((id) => this.updateResource(id, values)));
      if (outcomes.some((o) => o.status === 'rejected')) {
        await this.fail(this.failedReason());
        return;
      }
    }
    let outputs: StackRecord['Outputs'];
    try {
      outputs = this.prepared.resolveOutputs(values);
    } catch (error) {
      await this.fail((error as Error).message);
      return;
    }
    this.journal.setStatus(this.scope, this.stackId, 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', undefined, undefined, { Outputs: outputs });
    const ok = await this.cleanUp();
    this.journal.edit(this.scope, this.stackId, (stack) => {
      const removed = new Set(stack.update?.removed ?? []);
      stack.resources = Object.fromEntries(Object.entries(stack.resources).filter(([id]) => !removed.has(id)));
      delete stack.update;
    });
    this.journal.setStatus(this.scope, this.stackId, 'UPDATE_COMPLETE', ok ? undefined : CLEANUP_INCOMPLETE);
    this.journal.finishChangeSet(this.scope, this.stackId, 'EXECUTE_COMPLETE');
  }

  private stack(): StackRecord {
    return this.journal.stack(this.scope, this.stackId);
  }

  private state(): UpdateState {
    return this.stack().update!;
  }

  private setStep(step: UpdateStep): void {
    this.journal.edit(this.scope, this.stackId, (stack) => {
      const steps = stack.update!.steps;
      const at = steps.findIndex((s) => s.logicalId === step.logicalId);
      if (at < 0) steps.push(step);
      else steps[at] = step;
    });
  }

  /** One resource of the new template: created, left alone, updated in place or replaced. */
  private async updateResource(logicalId: string, values: ResourceValues): Promise<void> {
    const resource = this.stack().resources[logicalId]!;
    if (resource.provisioned === undefined) {
      this.setStep({ logicalId, action: 'Add', after: {}, outcome: 'running' });
      try {
        await createResource(this.work, this.scope, this.stackId, this.prepared, logicalId, values);
      } catch (error) {
        this.setStep({ logicalId, action: 'Add', after: {}, outcome: 'failed' });
        throw error;
      }
      this.setStep({ logicalId, action: 'Add', after: this.stack().resources[logicalId]!.properties, outcome: 'done' });
      return;
    }
    const before = clone(resource);
    const current = resource.provisioned;
    let after: Record<string, unknown>;
    try {
      after = this.prepared.resolveProperties(logicalId, values);
    } catch (error) {
      this.journal.setResource(this.scope, this.stackId, logicalId, { status: 'UPDATE_FAILED', reason: failureReason(error) });
      this.setStep({ logicalId, action: 'Modify', before, after: before.properties, outcome: 'refused' });
      throw error;
    }
    if (same(after, resource.properties)) return;
    const type = this.work.resourceType(resource.ResourceType)!;
    const ctx = contextFor(this.work, this.scope, this.stackId, logicalId);
    if (needsReplacement(type, changedProperties(resource.properties, after))) {
      this.setStep({ logicalId, action: 'Replace', before, after, outcome: 'running' });
      this.journal.setResource(this.scope, this.stackId, logicalId, { status: 'UPDATE_IN_PROGRESS', reason: REPLACING, eventProperties: after });
      try {
        const provisioned = await type.create(after, ctx);
        this.journal.setResource(this.scope, this.stackId, logicalId, { status: 'UPDATE_IN_PROGRESS', reason: 'Resource creation Initiated', provisioned, eventProperties: after, eventOnly: true });
        this.journal.setResource(this.scope, this.stackId, logicalId, { status: 'UPDATE_COMPLETE', provisioned, properties: after });
      } catch (error) {
        reportUnexpected(this.work, error);
        this.journal.setResource(this.scope, this.stackId, logicalId, { status: 'UPDATE_FAILED', reason: failureReason(error) });
        this.setStep({ logicalId, action: 'Replace', before, after, outcome: 'failed' });
        throw error;
      }
      this.setStep({ logicalId, action: 'Replace', before, after, outcome: 'done' });
      return;
    }
    this.setStep({ logicalId, action: 'Modify', before, after, outcome: 'running' });
    this.journal.setResource(this.scope, this.stackId, logicalId, { status: 'UPDATE_IN_PROGRESS', eventProperties: after });
    try {
      const provisioned = await type.update!(current, before.properties, after, ctx);
      this.journal.setResource(this.scope, this.stackId, logicalId, { status: 'UPDATE_COMPLETE', provisioned, properties: after });
    } catch (error) {
      reportUnexpected(this.work, error);
      this.journal.setResource(this.scope, this.stackId, logicalId, { status: 'UPDATE_FAILED', reason: failureReason(error) });
      // A ResourceFailure is the type refusing the properties before it changed anything.
      this.setStep({ logicalId, action: 'Modify', before, after, outcome: error instanceof ResourceFailure ? 'refused' : 'failed' });
      throw error;
    }
    this.setStep({ logicalId, action: 'Modify', before, after, outcome: 'done' });
  }

  /** The resources this update failed to create or update, in the stack's order. */
  private failedReason(): string {
    const failed = this.state().steps.filter((s) => s.outcome === 'failed' || s.outcome === 'refused');
    const order = Object.keys(this.stack().resources);
    const named = (add: boolean) => order.filter((id) => failed.some((s) => s.logicalId === id && (s.action === 'Add') === add));
    return failedResourcesReason(named(true), named(false));
  }

  /**
   * The cleanup after a successful update: physical resources left from earlier failed updates, then the old
   * resources (the dropped ones and the old physical resources of replacements) dependents first, as the
   * previous template ordered them. False when one could not be deleted.
   */
  private async cleanUp(): Promise<boolean> {
    let ok = await this.deleteOrphans();
    const { previous, removed, steps } = this.state();
    const replaced = new Map(steps.filter((s) => s.action === 'Replace' && s.outcome === 'done').map((s) => [s.logicalId, s.before!]));
    for (const id of Object.keys(previous.resources).reverse()) {
      const old = replaced.get(id);
      if (old?.provisioned) {
        const retain = this.stack().resources[id]?.updateReplacePolicy === 'Retain';
        ok = (await this.deleteOld(id, old.ResourceType, old.provisioned, old.properties, retain)) && ok;
      }
      if (removed.includes(id)) ok = (await this.deleteRemoved(id)) && ok;
    }
    return ok;
  }

  /** A physical resource the stack no longer records (events under its logical id and its own physical id). */
  private async deleteOld(logicalId: string, resourceType: string, provisioned: Provisioned, properties: Record<string, unknown>, retain: boolean): Promise<boolean> {
    const event = (status: string, reason?: string) =>
      this.journal.addEvent(this.scope, this.stackId, { logicalId, physicalId: provisioned.physicalId, type: resourceType, status, reason, ...(Object.keys(properties).length > 0 && { properties: JSON.stringify(properties) }) });
    if (retain) {
      event('DELETE_SKIPPED');
      return true;
    }
    event('DELETE_IN_PROGRESS');
    const failure = await removePhysical(this.work, this.scope, this.stackId, logicalId, resourceType, provisioned, properties);
    event(failure === undefined ? 'DELETE_COMPLETE' : 'DELETE_FAILED', failure);
    return failure === undefined;
  }

  /** A resource the new template dropped: deleted (or skipped, DeletionPolicy Retain) under its own record. */
  private async deleteRemoved(logicalId: string): Promise<boolean> {
    const resource = this.stack().resources[logicalId];
    if (!resource?.provisioned) return true;
    if (resource.deletionPolicy === 'Retain') {
      this.journal.setResource(this.scope, this.stackId, logicalId, { status: 'DELETE_SKIPPED' });
      return true;
    }
    this.journal.setResource(this.scope, this.stackId, logicalId, { status: 'DELETE_IN_PROGRESS' });
    const failure = await removePhysical(this.work, this.scope, this.stackId, logicalId, resource.ResourceType, resource.provisioned, resource.properties);
    this.journal.setResource(this.scope, this.stackId, logicalId, failure === undefined ? { status: 'DELETE_COMPLETE' } : { status: 'DELETE_FAILED', reason: failure });
    return failure === undefined;
  }

  /** Deletes the stack's orphans (newest first); the ones that could not be deleted are let go, as the cleanup does. */
  private async deleteOrphans(): Promise<boolean> {
    let ok = true;
    for (const orphan of [...(this.stack().orphans ?? [])].reverse()) {
      ok = (await this.deleteOld(orphan.LogicalResourceId, orphan.ResourceType, orphan.provisioned, orphan.properties, orphan.retain === true)) && ok;
      this.journal.edit(this.scope, this.stackId, (stack) => {
        stack.orphans = (stack.orphans ?? []).filter((o) => o.provisioned.physicalId !== orphan.provisioned.physicalId || o.LogicalResourceId !== orphan.LogicalResourceId);
        if (stack.orphans.length === 0) delete stack.orphans;
      });
    }
    return ok;
  }

  /** The update failed: rolled back, or (DisableRollback) left UPDATE_FAILED. */
  private async fail(reason: string): Promise<void> {
    this.journal.finishChangeSet(this.scope, this.stackId, 'EXECUTE_FAILED');
    if (this.state().disableRollback) {
      this.journal.edit(this.scope, this.stackId, (stack) => {
        // What the update made stays; the old physical resources of replacements wait for a later update's cleanup.
        const replaced = stack.update!.steps.filter((s) => s.action === 'Replace' && s.outcome === 'done' && s.before?.provisioned);
        const orphans: OrphanRecord[] = replaced.map((s) => ({
          LogicalResourceId: s.logicalId,
          ResourceType: s.before!.ResourceType,
          provisioned: s.before!.provisioned!,
          properties: s.before!.properties,
          ...(stack.resources[s.logicalId]?.updateReplacePolicy === 'Retain' && { retain: true }),
        }));
        if (orphans.length > 0) stack.orphans = [...(stack.orphans ?? []), ...orphans];
        delete stack.update;
      });
      this.journal.setStatus(this.scope, this.stackId, 'UPDATE_FAILED', reason);
      return;
    }
    this.journal.setStatus(this.scope, this.stackId, 'UPDATE_ROLLBACK_IN_PROGRESS', reason);
    const failed: string[] = [];
    for (const step of [...this.state().steps].reverse()) {
      if (step.action === 'Add') continue; // deleted in the cleanup
      if (!(await this.restore(step))) failed.push(step.logicalId);
    }
    const { previous } = this.state();
    const addSteps = this.state().steps.filter((s) => s.action === 'Add');
    this.journal.edit(this.scope, this.stackId, (stack) => {
      Object.assign(stack, {
        TemplateBody: previous.TemplateBody,
        Parameters: previous.Parameters,
        suppliedParameters: previous.suppliedParameters,
        parameterValues: previous.parameterValues,
        Outputs: previous.Outputs,
        Tags: previous.Tags,
        Capabilities: previous.Capabilities,
      });
      if (previous.Description !== undefined) stack.Description = previous.Description;
      else delete stack.Description;
      // The previous resources in their order (as they are now), then the added ones until the cleanup deletes them.
      const resources: Record<string, StackResourceRecord> = {};
      for (const [id, old] of Object.entries(previous.resources)) {
        const now = stack.resources[id] ?? old;
        setPolicies(now, old.deletionPolicy, old.updateReplacePolicy);
        resources[id] = now;
      }
      for (const step of addSteps) {
        const added = stack.resources[step.logicalId];
        if (added && !(step.logicalId in resources)) resources[step.logicalId] = added;
      }
      stack.resources = resources;
    });
    if (failed.length > 0) {
      // What could not be put back stays as it is; the new physical resources wait as orphans (deleted with the stack).
      this.journal.edit(this.scope, this.stackId, (stack) => delete stack.update);
      this.journal.setStatus(this.scope, this.stackId, 'UPDATE_ROLLBACK_FAILED', failedResourcesReason([], failed));
      return;
    }
    this.journal.setStatus(this.scope, this.stackId, 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS', undefined);
    const ok = await this.rollbackCleanUp();
    this.journal.edit(this.scope, this.stackId, (stack) => delete stack.update);
    this.journal.setStatus(this.scope, this.stackId, 'UPDATE_ROLLBACK_COMPLETE', ok ? undefined : ROLLBACK_CLEANUP_INCOMPLETE);
  }

  /**
   * Puts one changed resource back: its previous properties applied again (nothing to do when its type refused
   * the new ones), or, for a replacement, its old physical resource in place again and the new one an orphan.
   */
  private async restore(step: UpdateStep): Promise<boolean> {
    const { logicalId } = step;
    const before = step.before!;
    const resource = this.stack().resources[logicalId]!;
    try {
      if (step.action === 'Replace') {
        const made = resource.provisioned;
        if (step.outcome === 'done' && made && made.physicalId !== before.provisioned?.physicalId) {
          this.journal.edit(this.scope, this.stackId, (stack) => {
            (stack.orphans ??= []).push({ LogicalResourceId: logicalId, ResourceType: resource.ResourceType, provisioned: made, properties: step.after });
          });
        }
        this.journal.setResource(this.scope, this.stackId, logicalId, { status: 'UPDATE_IN_PROGRESS', provisioned: before.provisioned!, properties: before.properties });
        this.journal.setResource(this.scope, this.stackId, logicalId, { status: 'UPDATE_COMPLETE' });
        return true;
      }
      this.journal.setResource(this.scope, this.stackId, logicalId, { status: 'UPDATE_IN_PROGRESS', eventProperties: before.properties });
      let provisioned = resource.provisioned!;
      if (step.outcome !== 'refused') {
        const type = this.work.resourceType(resource.ResourceType)!;
        provisioned = await type.update!(provisioned, step.after, before.properties, contextFor(this.work, this.scope, this.stackId, logicalId));
      }
      this.journal.setResource(this.scope, this.stackId, logicalId, { status: 'UPDATE_COMPLETE', provisioned, properties: before.properties });
      return true;
    } catch (error) {
      reportUnexpected(this.work, error);
      this.journal.setResource(this.scope, this.stackId, logicalId, { status: 'UPDATE_FAILED', reason: failureReason(error) });
      return false;
    }
  }

  /** After a rollback: what the update made (added resources, new physical resources of replacements) is deleted, newest first. */
  private async rollbackCleanUp(): Promise<boolean> {
    let ok = true;
    for (const step of [...this.state().steps].reverse()) {
      if (step.action === 'Add') {
        ok = (await this.deleteAdded(step.logicalId)) && ok;
        continue;
      }
      const orphan = this.stack().orphans?.find((o) => o.LogicalResourceId === step.logicalId);
      if (step.action !== 'Replace' || !orphan) continue;
      ok = (await this.deleteOld(orphan.LogicalResourceId, orphan.ResourceType, orphan.provisioned, orphan.properties, false)) && ok;
      this.journal.edit(this.scope, this.stackId, (stack) => {
        stack.orphans = (stack.orphans ?? []).filter((o) => o !== orphan && !(o.LogicalResourceId === orphan.LogicalResourceId && o.provisioned.physicalId === orphan.provisioned.physicalId));
        if (stack.orphans.length === 0) delete stack.orphans;
      });
    }
    return ok;
  }

  /** A resource the update added, deleted again and dropped from the stack. */
  private async deleteAdded(logicalId: string): Promise<boolean> {
    const resource = this.stack().resources[logicalId];
    if (!resource) return true;
    let ok = true;
    if (resource.provisioned) {
      this.journal.setResource(this.scope, this.stackId, logicalId, { status: 'DELETE_IN_PROGRESS' });
      const failure = await removePhysical(this.work, this.scope, this.stackId, logicalId, resource.ResourceType, resource.provisioned, resource.properties);
      this.journal.setResource(this.scope, this.stackId, logicalId, failure === undefined ? { status: 'DELETE_COMPLETE' } : { status: 'DELETE_FAILED', reason: failure });
      ok = failure === undefined;
    } else if (resource.ResourceStatus !== undefined) {
      // It never came to exist (its creation failed): nothing to remove.
      this.journal.setResource(this.scope, this.stackId, logicalId, { status: 'DELETE_COMPLETE' });
    }
    this.journal.edit(this.scope, this.stackId, (stack) => {
      delete stack.resources[logicalId];
    });
    return ok;
  }
}
