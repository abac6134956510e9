/**
 * One resource of a stack made or removed through its type's record, with the statuses and events
 * CloudFormation shows for it. Shared by create, update and delete.
 */
import type { Scope } from '../../shared/accounts.js';
import { ServiceError } from '../../shared/errors.js';
import { failureReason } from '../resources/errors.js';
import { resourceContext, type ServiceCaller } from '../resources/service-caller.js';
import type { Provisioned, ResourceContext, ResourceType } from '../resources/types.js';
import type { ResourceValues } from '../template/environment.js';
import type { PreparedStack } from '../template/stack-template.js';
import type { StackJournal } from './journal.js';

/** What the stack engine works with. */
export interface StackWork {
  journal: StackJournal;
  caller: ServiceCaller;
  resourceType(type: string): ResourceType | undefined;
  /** Told of failures that are Gatehouse's own, not a resource's. */
  onUnexpectedError?(error: unknown): void;
}

export function contextFor(work: StackWork, scope: Scope, stackId: string, logicalId: string): ResourceContext {
  return resourceContext(work.caller, { scope, stackName: work.journal.stack(scope, stackId).StackName, stackId, logicalId });
}

/** Gatehouse's own failures (a bug, not a resource's refusal) are reported as well as recorded. */
export function reportUnexpected(work: StackWork, error: unknown): void {
  if (!(error instanceof ServiceError) && !(error instanceof Error && error.name === 'ResourceFailure')) work.onUnexpectedError?.(error);
}

/** Creates one resource: CREATE_IN_PROGRESS, `Resource creation Initiated`, CREATE_COMPLETE, or CREATE_FAILED and a rejection. */
export async function createResource(work: StackWork, scope: Scope, stackId: string, prepared: PreparedStack, logicalId: string, values: ResourceValues): Promise<void> {
  const { journal } = work;
  const declaration = prepared.resources.get(logicalId)!.declaration;
  const type = work.resourceType(declaration.type)!;
  journal.setResource(scope, stackId, logicalId, { status: 'CREATE_IN_PROGRESS' });
  try {
    const properties = prepared.resolveProperties(logicalId, values);
    journal.setResource(scope, stackId, logicalId, { status: 'CREATE_IN_PROGRESS', properties, quiet: true });
    const provisioned = await type.create(properties, contextFor(work, scope, stackId, logicalId));
    journal.setResource(scope, stackId, logicalId, { status: 'CREATE_IN_PROGRESS', provisioned, reason: 'Resource creation Initiated', eventOnly: true });
    journal.setResource(scope, stackId, logicalId, { status: 'CREATE_COMPLETE', provisioned });
  } catch (error) {
    reportUnexpected(work, error);
    journal.setResource(scope, stackId, logicalId, { status: 'CREATE_FAILED', reason: failureReason(error) });
    throw error;
  }
}

/** Removes one physical resource through its type; undefined when done, else the failure's reason. */
export async function removePhysical(work: StackWork, scope: Scope, stackId: string, logicalId: string, resourceType: string, provisioned: Provisioned, properties: Record<string, unknown>): Promise<string | undefined> {
  try {
    await work.resourceType(resourceType)?.delete(provisioned, properties, contextFor(work, scope, stackId, logicalId));
    return undefined;
  } catch (error) {
    reportUnexpected(work, error);
    return failureReason(error);
  }
}
