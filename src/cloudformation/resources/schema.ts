/**
 * The shape of a resource type's Properties, and the parse that turns resolved template values into typed
 * ones or fails with AWS's wording (`#/Tags/0/Key: expected type: String, found: JSONObject`, `#: required key
 * [VpcId] not found`, `#: extraneous key [Foo] is not permitted`).
 *
 * Like CloudFormation, it converts scalars a template gives as strings: `"443"` for an Integer, `"true"` for a
 * Boolean (parameters are always strings), and numbers or booleans for a String (`StatusCode: 200`).
 */
import { validationFailed } from './errors.js';

export type Shape =
  | { readonly kind: 'string' | 'integer' | 'number' | 'boolean' | 'any' }
  /** A JSON object, or a string holding one (policy documents). */
  | { readonly kind: 'json' }
  | { readonly kind: 'list'; readonly of: Shape }
  | { readonly kind: 'map'; readonly of: Shape }
  | ObjectShape;

export interface ObjectShape {
  readonly kind: 'object';
  readonly props: Readonly<Record<string, Shape>>;
  readonly required?: readonly string[];
  /** Properties AWS defines that Gatehouse accepts and has no use for (UserData, KmsKeyArn, ...): dropped. */
  readonly ignored?: readonly string[];
}

export const str: Shape = { kind: 'string' };
export const int: Shape = { kind: 'integer' };
export const num: Shape = { kind: 'number' };
export const bool: Shape = { kind: 'boolean' };
export const json: Shape = { kind: 'json' };
export const any: Shape = { kind: 'any' };
export const list = (of: Shape): Shape => ({ kind: 'list', of });
export const map = (of: Shape): Shape => ({ kind: 'map', of });
export const obj = (props: Record<string, Shape>, required: readonly string[] = [], ignored: readonly string[] = []): ObjectShape => ({ kind: 'object', props, required, ignored });
export const strings = list(str);
/** CloudFormation's resource tags: `[{Key, Value}]`. */
export const tagList = list(obj({ Key: str, Value: str }, ['Key', 'Value']));

/** The type names AWS's schema validator prints for what it found. */
function typeName(value: unknown): string {
  if (value === null) return 'Null';
  if (Array.isArray(value)) return 'JSONArray';
  switch (typeof value) {
    case 'string':
      return 'String';
    case 'boolean':
      return 'Boolean';
    case 'number':
      return Number.isInteger(value) ? 'Integer' : 'BigDecimal';
    case 'object':
      return 'JSONObject';
    default:
      return typeof value;
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function parseValue(value: unknown, shape: Shape, path: string, errors: string[]): unknown {
  const wrong = (expected: string): undefined => {
    errors.push(`${path}: expected type: ${expected}, found: ${typeName(value)}`);
    return undefined;
  };
  switch (shape.kind) {
    case 'any':
      return value;
    case 'string':
      if (typeof value === 'string') return value;
      if (typeof value === 'number' || typeof value === 'boolean') return String(value);
      return wrong('String');
    case 'integer':
      if (typeof value === 'number' && Number.isInteger(value)) return value;
      if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return Number(value.trim());
      return wrong('Integer');
    case 'number':
      if (typeof value === 'number') return value;
      if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
      return wrong('Number');
    case 'boolean':
      if (typeof value === 'boolean') return value;
      if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
      return wrong('Boolean');
    case 'json':
      if (isRecord(value) || typeof value === 'string') return value;
      return wrong('JSONObject');
    case 'list':
      if (!Array.isArray(value)) return wrong('JSONArray');
      return value.map((item, i) => parseValue(item, shape.of, `${path}/${i}`, errors));
    case 'map':
      if (!isRecord(value)) return wrong('JSONObject');
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, parseValue(v, shape.of, `${path}/${k}`, errors)]));
    case 'object':
      return parseObject(value, shape, path, errors);
  }
}

function parseObject(value: unknown, shape: ObjectShape, path: string, errors: string[]): Record<string, unknown> | undefined {
  if (!isRecord(value)) {
    errors.push(`${path}: expected type: JSONObject, found: ${typeName(value)}`);
    return undefined;
  }
  const out: Record<string, unknown> = {};
  for (const key of shape.required ?? []) {
    if (value[key] === undefined || value[key] === null) errors.push(`${path}: required key [${key}] not found`);
  }
  for (const [key, v] of Object.entries(value)) {
    if (v === undefined || v === null) continue;
    const propShape = shape.props[key];
    if (propShape) out[key] = parseValue(v, propShape, `${path}/${key}`, errors);
    else if (!(shape.ignored ?? []).includes(key)) errors.push(`${path}: extraneous key [${key}] is not permitted`);
  }
  return out;
}

/**
 * A resource's Properties as `T`, or the resource's failure: `Properties validation failed for resource
 * {logicalId} with message: ...` listing every violation.
 */
export function parseProperties<T>(logicalId: string, properties: Record<string, unknown> | undefined, shape: ObjectShape): T {
  const errors: string[] = [];
  const parsed = parseObject(properties ?? {}, shape, '#', errors);
  if (errors.length === 1) throw validationFailed(logicalId, errors[0]!);
  if (errors.length > 1) throw validationFailed(logicalId, `#: ${errors.length} schema violations found, ${errors.join(', ')}`);
  return parsed as T;
}

/** `[{Key, Value}]` → `{Key: Value}` (Lambda and API Gateway take tags as a map). */
export function tagMap(tags: ReadonlyArray<{ Key: string; Value: string }> | undefined): Record<string, string> | undefined {
  if (tags === undefined || tags.length === 0) return undefined;
  return Object.fromEntries(tags.map((t) => [t.Key, t.Value]));
}

/** A policy document property as the text the service takes: objects are serialised, strings kept as given. */
export function policyText(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Whether a property changed between two parses (deep, by JSON). */
export function changed<T extends object>(before: T, after: T, key: keyof T): boolean {
  return JSON.stringify(before[key]) !== JSON.stringify(after[key]);
}

/** The tag changes to go from `before` to `after`: keys to set (new or changed values) and keys to remove. */
export function tagDiff(before: Record<string, string> | undefined, after: Record<string, string> | undefined): { set: Record<string, string>; removed: string[] } {
  const b = before ?? {};
  const a = after ?? {};
  const set = Object.fromEntries(Object.entries(a).filter(([k, v]) => b[k] !== v));
  const removed = Object.keys(b).filter((k) => !(k in a));
  return { set, removed };
}
