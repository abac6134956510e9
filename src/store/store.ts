/**
 * The storage contract the services see. Every entity is a JSON document in a table of its kind, keyed by
 * (account, region, parent, id) and ordered by creation. SQL lives only in the adapters under this folder.
 */
import type { Scope, Scoped } from '../shared/accounts.js';

export interface Page<T> {
  items: T[];
  /** Opaque cursor for the next page; undefined on the last page. */
  next?: string;
}

export interface DocumentTable<T> {
  get(scope: Scope, parent: string, id: string): T | undefined;
  has(scope: Scope, parent: string, id: string): boolean;
  /** Documents under `parent` in creation order. */
  list(scope: Scope, parent: string): T[];
  page(scope: Scope, parent: string, limit: number, cursor: string | undefined): Page<T>;
  insert(scope: Scope, parent: string, id: string, doc: T): void;
  /** Replaces a document, keeping its place in creation order. */
  update(scope: Scope, parent: string, id: string, doc: T): void;
  delete(scope: Scope, parent: string, id: string): boolean;
  deleteByParent(scope: Scope, parent: string): number;
  /** The document with this parent and id in any account and region (ids that AWS makes globally unique). */
  locate(parent: string, id: string): Scoped<T> | undefined;
  /** Every document in every account and region, in creation order (the network layer's view of all VPCs). */
  scan(): Array<Scoped<T>>;
}


/** The kinds of document Gatehouse keeps; each maps to one table. */
export const TABLES = [
  'rest_apis', 'api_resources', 'deployments', 'deployment_snapshots', 'stages',
  'ec2_vpcs', 'ec2_subnets', 'ec2_security_groups', 'ec2_vpc_endpoints', 'ec2_instances', 'ec2_account_attributes',
  'lambda_functions', 'lambda_versions', 'lambda_aliases',
  'ssm_parameters',
  'cfn_stacks', 'cfn_stack_events',
] as const;
export type TableName = (typeof TABLES)[number];

export interface Store {
  /** Runs `fn` atomically: everything it writes is stored, or nothing is. `fn` must be synchronous. */
  transaction<T>(fn: () => T): T;
  table<T>(name: TableName): DocumentTable<T>;
  /** Empties every table (POST /_gatehouse/reset). */
  reset(): void;
  /**
   * A number that changes whenever anything is written (also by a write later rolled back): readers that
   * compile what they read (the data plane) keep their work until it moves.
   */
  revision(): number;
  close(): void;
}
