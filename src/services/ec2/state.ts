/**
 * Typed access to EC2's tables, AWS-shaped ids, and the lookups every operation does, which fail with AWS's
 * Malformed / NotFound errors. Every entity lives under parent '' in its account+region scope.
 */
import type { Instance, SecurityGroup, Subnet, Vpc, VpcEndpoint } from '../../domain/ec2.js';
import { hexId } from '../../shared/ids.js';
import type { ServiceError } from '../../shared/errors.js';
import type { DocumentTable } from '../../store/store.js';
import type { OperationContext } from '../types.js';
import { filteredPage, type DescribeInput } from './paging.js';
import type { FilterFields } from './filters.js';
import { endpointNotFound, groupNotFound, instancesNotFound, malformedId, missingParameter, subnetNotFound, vpcNotFound } from './errors.js';

export interface Ec2Tables {
  vpcs: DocumentTable<Vpc>;
  subnets: DocumentTable<Subnet>;
  groups: DocumentTable<SecurityGroup>;
  endpoints: DocumentTable<VpcEndpoint>;
  instances: DocumentTable<Instance>;
}

export function ec2Tables(ctx: OperationContext): Ec2Tables {
  const s = ctx.store;
  return {
    vpcs: s.table('ec2_vpcs'),
    subnets: s.table('ec2_subnets'),
    groups: s.table('ec2_security_groups'),
    endpoints: s.table('ec2_vpc_endpoints'),
    instances: s.table('ec2_instances'),
  };
}

/** Every document of a table in this scope, in creation order. */
export function all<K extends keyof Ec2Tables>(ctx: OperationContext, kind: K): ReturnType<Ec2Tables[K]['list']> {
  return ec2Tables(ctx)[kind].list(ctx.scope, '') as ReturnType<Ec2Tables[K]['list']>;
}

/** `vpc-` and 17 lowercase hex digits, as AWS's long ids are; unique in the table it is for. */
export function newId(prefix: string, table?: DocumentTable<unknown>, ctx?: OperationContext): string {
  for (;;) {
    const id = `${prefix}-${hexId(17)}`;
    if (!table || !ctx || !table.has(ctx.scope, '', id)) return id;
  }
}

/** What the lookups need to know of an entity kind: its table, id prefix, errors and id member. */
export interface Kind<T> {
  table: keyof Ec2Tables;
  prefix: string;
  malformedCode: string;
  /** The error for ids that do not exist; most kinds name only the first, instances name them all. */
  notFound: (ids: readonly string[]) => ServiceError;
  idOf: (doc: T) => string;
}

const first = (error: (id: string) => ServiceError) => (ids: readonly string[]) => error(ids[0]!);

export const VPC: Kind<Vpc> = { table: 'vpcs', prefix: 'vpc', malformedCode: 'InvalidVpcID.Malformed', notFound: first(vpcNotFound), idOf: (v) => v.VpcId };
export const SUBNET: Kind<Subnet> = { table: 'subnets', prefix: 'subnet', malformedCode: 'InvalidSubnetID.Malformed', notFound: first(subnetNotFound), idOf: (s) => s.SubnetId };
export const GROUP: Kind<SecurityGroup> = { table: 'groups', prefix: 'sg', malformedCode: 'InvalidGroupId.Malformed', notFound: first(groupNotFound), idOf: (g) => g.GroupId };
export const ENDPOINT: Kind<VpcEndpoint> = { table: 'endpoints', prefix: 'vpce', malformedCode: 'InvalidVpcEndpointId.Malformed', notFound: first(endpointNotFound), idOf: (e) => e.VpcEndpointId };
export const INSTANCE: Kind<Instance> = { table: 'instances', prefix: 'i', malformedCode: 'InvalidInstanceID.Malformed', notFound: instancesNotFound, idOf: (i) => i.InstanceId };

export function checkIdFormat<T>(kind: Kind<T>, id: string): void {
  if (!id.startsWith(`${kind.prefix}-`)) throw malformedId(kind.malformedCode, id, kind.prefix);
}

/** The document with this id, or AWS's Malformed / NotFound error for its kind. */
export function requireOne<T>(ctx: OperationContext, kind: Kind<T>, id: string | undefined, parameter: string): T {
  if (id === undefined || id === '') throw missingParameter(parameter);
  checkIdFormat(kind, id);
  const doc = (ec2Tables(ctx)[kind.table] as unknown as DocumentTable<T>).get(ctx.scope, '', id);
  if (!doc) throw kind.notFound([id]);
  return doc;
}

/**
 * Describe*'s id lists: the documents with these ids, in creation order. Any unknown id fails the whole call
 * with its kind's NotFound error (instances name every missing id at once, as AWS does).
 */
export function selectIds<T>(ctx: OperationContext, kind: Kind<T>, docs: readonly T[], ids: readonly string[] | undefined): T[] {
  if (ids === undefined || ids.length === 0) return [...docs];
  for (const id of ids) checkIdFormat(kind, id);
  const known = new Set(docs.map(kind.idOf));
  const missing = [...new Set(ids.filter((id) => !known.has(id)))];
  if (missing.length > 0) throw kind.notFound(missing);
  const wanted = new Set(ids);
  return docs.filter((d) => wanted.has(kind.idOf(d)));
}

/** A Describe* of one kind: the documents named by `ids` (all without), filtered, paged. */
export function describeKind<T extends object>(ctx: OperationContext, kind: Kind<T>, ids: readonly string[] | undefined, input: DescribeInput, fields: FilterFields<T>) {
  const docs = (ec2Tables(ctx)[kind.table] as unknown as DocumentTable<T>).list(ctx.scope, '');
  return filteredPage(selectIds(ctx, kind, docs, ids), input, fields);
}

export function save<K extends keyof Ec2Tables>(ctx: OperationContext, kind: K, id: string, doc: Parameters<Ec2Tables[K]['update']>[3]): void {
  (ec2Tables(ctx)[kind] as DocumentTable<unknown>).update(ctx.scope, '', id, doc);
}

export function insert<K extends keyof Ec2Tables>(ctx: OperationContext, kind: K, id: string, doc: Parameters<Ec2Tables[K]['insert']>[3]): void {
  (ec2Tables(ctx)[kind] as DocumentTable<unknown>).insert(ctx.scope, '', id, doc);
}

export function remove(ctx: OperationContext, kind: keyof Ec2Tables, id: string): void {
  ec2Tables(ctx)[kind].delete(ctx.scope, '', id);
}

/** The account+region's default VPC, unless the user deleted it. */
export function defaultVpcOf(ctx: OperationContext): Vpc | undefined {
  return all(ctx, 'vpcs').find((v) => v.IsDefault);
}

/** Instances that still occupy their address and count as dependents (not terminated). */
export function liveInstances(ctx: OperationContext): Instance[] {
  return all(ctx, 'instances').filter((i) => i.State.Name !== 'terminated');
}
