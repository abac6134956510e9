/**
 * What every resource type does with its Properties: parses them in the resource's name (failures name its
 * logical id), drops the members a template left out before a service call, and refuses those Gatehouse has
 * no counterpart for. Also CloudFormation's tag, `{Key, Value}`.
 */
import { notSupported } from './errors.js';
import { parseProperties, type ObjectShape } from './schema.js';
import type { ResourceContext } from './types.js';

export interface Tag {
  Key: string;
  Value: string;
}

/** The resource's Properties as `T`, or its failure with AWS's validation wording. */
export const parse = <T>(ctx: ResourceContext, properties: Record<string, unknown>, shape: ObjectShape): T => parseProperties<T>(ctx.logicalId, properties, shape);

/** The input without its undefined members. */
export function compact(input: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
}

/** Fails clearly when a template sets a property Gatehouse has no counterpart for. */
export function refuse(properties: object, names: readonly string[], why: string): void {
  const given = names.filter((n) => (properties as Record<string, unknown>)[n] !== undefined);
  if (given.length > 0) throw notSupported(`${given.join(', ')}: ${why}`);
}
