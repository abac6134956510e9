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
  Changes: Array<{ Type: 'Resource'; ResourceChange: { Action: 'Add' | 'Modify' | 'Remove'; LogicalResourceId: string; ResourceType: string; Scope: string[]; Details: unknown[]; PhysicalResourceId?: string; Replacement?: string } }>;
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
