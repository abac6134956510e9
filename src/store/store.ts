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

/** Which documents `DocumentTable.range` reads: ids starting with `prefix`, after `after` or from `from`. */
export interface KeyRange {
  prefix?: string;
  /** Only ids greater than this one. */
  after?: string;
  /** Only ids greater than or equal to this one. */
  from?: string;
  limit: number;
}

/** A document with its id (what `range` returns). */
export interface Keyed<T> {
  id: string;
  doc: T;
}

export interface DocumentTable<T> {
  get(scope: Scope, parent: string, id: string): T | undefined;
  has(scope: Scope, parent: string, id: string): boolean;
  /** Documents under `parent` in creation order. */
  list(scope: Scope, parent: string): T[];
  page(scope: Scope, parent: string, limit: number, cursor: string | undefined): Page<T>;
  /**
   * Documents under `parent` in id order, ids compared as UTF-8 bytes (S3's key order: ListObjectsV2), within
   * `range`, at most `range.limit` of them.
   */
  range(scope: Scope, parent: string, range: KeyRange): Array<Keyed<T>>;
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


/**
 * The kinds of document Gatehouse keeps, each one table, with the schema version that added it: the one list
 * of tables, which every adapter's migrations create from (a new kind is a line here and a migration there).
 */
export const TABLE_VERSIONS = {
  rest_apis: 1, api_resources: 1, deployments: 1, deployment_snapshots: 1, stages: 1,
  ec2_vpcs: 2, ec2_subnets: 2, ec2_security_groups: 2, ec2_vpc_endpoints: 2, ec2_instances: 2,
  lambda_functions: 3, lambda_versions: 3, lambda_aliases: 3,
  ec2_account_attributes: 4,
  ssm_parameters: 6,
  cfn_stacks: 7, cfn_stack_events: 7,
  lambda_layers: 8, lambda_layer_versions: 8,
  ecr_repositories: 9,
  s3_buckets: 10, s3_objects: 10, s3_object_versions: 10, s3_uploads: 10, s3_parts: 10,
  iam_roles: 11, iam_users: 11, iam_policies: 11, iam_instance_profiles: 11, iam_credentials: 11,
  api_authorizers: 12,
  cognito_user_pools: 13, cognito_clients: 13, cognito_users: 13, cognito_resource_servers: 13, cognito_refresh_tokens: 13,
} as const;
export type TableName = keyof typeof TABLE_VERSIONS;
export const TABLES = Object.keys(TABLE_VERSIONS) as readonly TableName[];

/** The tables a schema version added, in the order declared. */
export const tablesAddedIn = (version: number): TableName[] => TABLES.filter((t) => TABLE_VERSIONS[t] === version);

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
