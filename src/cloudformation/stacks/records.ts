/**
 * What Gatehouse keeps of a stack: the stack as DescribeStacks shows it, the template and parameters it was
 * made from, each resource as DescribeStackResources shows it together with what its type needs to update or
 * delete it, and the stack's events (their own table, newest read first).
 */
import type { Provisioned } from '../resources/types.js';

export type StackStatus =
  | 'REVIEW_IN_PROGRESS'
  | 'CREATE_IN_PROGRESS' | 'CREATE_FAILED' | 'CREATE_COMPLETE'
  | 'ROLLBACK_IN_PROGRESS' | 'ROLLBACK_FAILED' | 'ROLLBACK_COMPLETE'
  | 'DELETE_IN_PROGRESS' | 'DELETE_FAILED' | 'DELETE_COMPLETE'
  | 'UPDATE_IN_PROGRESS' | 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS' | 'UPDATE_COMPLETE'
  | 'UPDATE_FAILED' | 'UPDATE_ROLLBACK_IN_PROGRESS' | 'UPDATE_ROLLBACK_FAILED'
  | 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS' | 'UPDATE_ROLLBACK_COMPLETE';

export type ResourceStatus =
  | 'CREATE_IN_PROGRESS' | 'CREATE_FAILED' | 'CREATE_COMPLETE'
  | 'DELETE_IN_PROGRESS' | 'DELETE_FAILED' | 'DELETE_COMPLETE' | 'DELETE_SKIPPED'
  | 'UPDATE_IN_PROGRESS' | 'UPDATE_FAILED' | 'UPDATE_COMPLETE';

export interface StackResourceRecord {
  LogicalResourceId: string;
  PhysicalResourceId?: string;
  ResourceType: string;
  ResourceStatus: ResourceStatus;
  ResourceStatusReason?: string;
  /** ISO 8601. */
  LastUpdatedTimestamp: string;
  /** The resolved Properties it was made with. */
  properties: Record<string, unknown>;
  /** Its Ref and GetAtt values, once it exists. */
  provisioned?: Provisioned;
  /** `Retain`: deleting the stack leaves it. */
  deletionPolicy?: string;
  /** `Retain`: a replacement leaves the old physical resource. */
  updateReplacePolicy?: string;
}

/**
 * A physical resource the stack still owns but no longer records as a resource: the old one of a replacement
 * (deleted once an update completes), or the new one of a replacement an update rolled back. Deleted in the
 * cleanup phase, or with the stack.
 */
export interface OrphanRecord {
  LogicalResourceId: string;
  ResourceType: string;
  provisioned: Provisioned;
  properties: Record<string, unknown>;
  /** Kept rather than deleted (UpdateReplacePolicy Retain). */
  retain?: boolean;
}

/** One resource an update changed, in the order the update changed them: what rollback undoes. */
export interface UpdateStep {
  logicalId: string;
  action: 'Add' | 'Modify' | 'Replace';
  /** The resource as it was before the update (Modify and Replace). */
  before?: StackResourceRecord;
  /** The properties the update gave it. */
  after: Record<string, unknown>;
  /** `refused`: the type refused the new properties before changing anything. */
  outcome: 'running' | 'done' | 'failed' | 'refused';
}

/** What an update started from, so a rollback can put the stack back. */
export interface UpdateState {
  previous: Pick<StackRecord, 'TemplateBody' | 'Parameters' | 'suppliedParameters' | 'parameterValues' | 'Outputs' | 'Tags' | 'Capabilities' | 'Description' | 'resources'>;
  /** Resources the new template no longer has: deleted in the cleanup phase. */
  removed: string[];
  steps: UpdateStep[];
  /** A failure leaves the stack UPDATE_FAILED instead of rolling back. */
  disableRollback: boolean;
}

export interface StackParameter {
  ParameterKey: string;
  ParameterValue: string;
  ResolvedValue?: string;
}

export interface StackRecord {
  StackId: string;
  StackName: string;
  Description?: string;
  Parameters: StackParameter[];
  /** ISO 8601. */
  CreationTime: string;
  LastUpdatedTime?: string;
  DeletionTime?: string;
  StackStatus: StackStatus;
  StackStatusReason?: string;
  DisableRollback: boolean;
  Capabilities: string[];
  Outputs: Array<{ OutputKey: string; OutputValue: string; Description?: string; ExportName?: string }>;
  Tags: Array<{ Key: string; Value: string }>;
  EnableTerminationProtection: boolean;
  TemplateBody: string;
  /** The parameters as supplied (SSM names unresolved). */
  suppliedParameters: Array<{ ParameterKey: string; ParameterValue?: string; UsePreviousValue?: boolean }>;
  /** Every parameter's value as supplied or defaulted, unmasked: what UsePreviousValue reuses. */
  parameterValues: Record<string, string>;
  /** Template order. */
  resources: Record<string, StackResourceRecord>;
  /** Change sets made for this stack, oldest first. */
  changeSets?: ChangeSetRecord[];
  /** The update running (or failed with rollback disabled). */
  update?: UpdateState;
  /** Physical resources awaiting deletion (see OrphanRecord). */
  orphans?: OrphanRecord[];
}

export interface ChangeSetRecord {
  ChangeSetId: string;
  ChangeSetName: string;
  ChangeSetType: 'CREATE' | 'UPDATE';
  Description?: string;
  /** ISO 8601. */
  CreationTime: string;
  Status: 'CREATE_PENDING' | 'CREATE_IN_PROGRESS' | 'CREATE_COMPLETE' | 'DELETE_COMPLETE' | 'FAILED';
  StatusReason?: string;
  ExecutionStatus: 'UNAVAILABLE' | 'AVAILABLE' | 'EXECUTE_IN_PROGRESS' | 'EXECUTE_COMPLETE' | 'EXECUTE_FAILED' | 'OBSOLETE';
  TemplateBody: string;
  Parameters: StackParameter[];
  suppliedParameters: StackRecord['suppliedParameters'];
  Capabilities: string[];
  Tags: Array<{ Key: string; Value: string }>;
  /** UPDATE: every parameter's value (as UsePreviousValue found it), so executing uses what was reviewed. */
  parameterValues?: Record<string, string>;
  Changes: ResourceChangeRecord[];
}

export interface ResourceChangeDetail {
  Target: { Attribute: 'Properties' | 'Tags'; Name?: string; RequiresRecreation: 'Never' | 'Conditionally' | 'Always' };
  Evaluation: 'Static' | 'Dynamic';
  ChangeSource: 'ResourceReference' | 'ParameterReference' | 'ResourceAttribute' | 'DirectModification' | 'Automatic';
  CausingEntity?: string;
}

export interface ResourceChangeRecord {
  Type: 'Resource';
  ResourceChange: {
    PolicyAction?: 'Delete' | 'Retain' | 'ReplaceAndDelete' | 'ReplaceAndRetain';
    Action: 'Add' | 'Modify' | 'Remove';
    LogicalResourceId: string;
    PhysicalResourceId?: string;
    ResourceType: string;
    Replacement?: 'True' | 'False' | 'Conditional';
    Scope: Array<'Properties' | 'Tags'>;
    Details: ResourceChangeDetail[];
  };
}

export interface StackEventRecord {
  StackId: string;
  EventId: string;
  StackName: string;
  LogicalResourceId: string;
  PhysicalResourceId: string;
  ResourceType: string;
  /** ISO 8601. */
  Timestamp: string;
  ResourceStatus: string;
  ResourceStatusReason?: string;
  ResourceProperties?: string;
}

export const STACKS = 'cfn_stacks';
export const STACK_EVENTS = 'cfn_stack_events';

/** Live stacks are those not yet deleted; a deleted one stays visible by its id (ListStacks, DescribeStacks). */
export const isLive = (s: StackRecord): boolean => s.StackStatus !== 'DELETE_COMPLETE';
