/**
 * The values a template holds and the values evaluation produces, and the small predicates everything
 * else uses to tell them apart. A template is JSON; evaluation may also carry values a resource type
 * returned (any JSON) and the `AWS::NoValue` marker until it is pruned away.
 */

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** What `Ref: AWS::NoValue` evaluates to: removed from the object or list that holds it. */
export const NO_VALUE: unique symbol = Symbol('AWS::NoValue');

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The single key CloudFormation reads as a function call: `Ref`, `Condition` or any `Fn::` name. */
export function isFunctionName(key: string): boolean {
  return key === 'Ref' || key === 'Condition' || key.startsWith('Fn::');
}

/** `{Ref: x}` / `{"Fn::Join": [...]}`: an object with exactly one key that names a function. */
export function functionCall(value: unknown): { name: string; argument: unknown } | undefined {
  if (!isObject(value)) return undefined;
  const keys = Object.keys(value);
  if (keys.length !== 1) return undefined;
  const name = keys[0] as string;
  return isFunctionName(name) ? { name, argument: value[name] } : undefined;
}

/**
 * How a scalar reads where CloudFormation wants a string: templates write numbers and YAML 1.1 booleans
 * bare (`Port: 443`, `Default: Yes`), and CloudFormation takes their text.
 */
export function scalarText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return undefined;
}

export function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

/** Logical ids of resources, parameters, outputs, conditions and mappings: A-Za-z0-9 only. */
export const ALPHANUMERIC = /^[A-Za-z0-9]+$/;
