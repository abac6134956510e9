/**
 * JSON bodies read into and written from model shapes: wire names (`locationName`) to member names and
 * back, JSON types checked the way AWS's Coral framework checks them, timestamps as epoch seconds.
 */
import { serializationError } from '../shared/errors.js';
import type { Member, Shape } from './model.js';

/** Coral's words for a JSON value of the wrong type where a string was expected. */
function javaClassOf(value: unknown): string {
  if (typeof value === 'boolean') return 'java.lang.Boolean';
  if (typeof value === 'number') return 'com.amazon.coral.value.json.numbers.TruncatingBigNumber';
  if (typeof value === 'string') return 'java.lang.String';
  if (Array.isArray(value)) return 'java.util.ArrayList';
  return 'java.util.LinkedHashMap';
}

function expectedName(shape: Shape): string {
  switch (shape.type) {
    case 'string': return 'String';
    case 'integer': return 'Integer';
    case 'long': return 'Long';
    case 'boolean': return 'Boolean';
    case 'list': return 'List';
    case 'map': return 'Map';
    case 'structure': return 'Structure';
    default: return shape.type;
  }
}

function wrongType(value: unknown, shape: Shape): never {
  throw serializationError(`class ${javaClassOf(value)} can not be converted to an ${expectedName(shape)}`);
}

/** Reads one JSON value as `shape`; null and undefined mean "absent". */
export function readJson(shape: Shape, value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  switch (shape.type) {
    case 'structure': {
      if (typeof value !== 'object' || Array.isArray(value)) wrongType(value, shape);
      return readStructure(shape, value as Record<string, unknown>, undefined);
    }
    case 'list': {
      if (!Array.isArray(value)) wrongType(value, shape);
      const element = shape.member!.shape;
      const out: unknown[] = [];
      for (const v of value) {
        const parsed = readJson(element, v);
        if (parsed !== undefined) out.push(parsed);
      }
      return out;
    }
    case 'map': {
      if (typeof value !== 'object' || Array.isArray(value)) wrongType(value, shape);
      const out: Record<string, unknown> = {};
      const element = shape.value!.shape;
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        // AWS keeps null map values (`"responseTemplates": {"application/json": null}`).
        const parsed = v === null ? null : readJson(element, v);
        if (parsed !== undefined) out[k] = parsed;
      }
      return out;
    }
    case 'string':
      if (typeof value !== 'string') wrongType(value, shape);
      return value;
    case 'boolean':
      if (typeof value === 'boolean') return value;
      if (value === 'true' || value === 'false') return value === 'true';
      return wrongType(value, shape);
    case 'integer':
    case 'long':
    case 'float':
    case 'double':
      if (typeof value === 'number') return value;
      // Coral converts numeric strings; anything else reaches the service as NaN, which fails its range check.
      if (typeof value === 'string') return value.trim() === '' ? Number.NaN : Number(value);
      return wrongType(value, shape);
    case 'timestamp':
      if (typeof value === 'number') return new Date(value * 1000);
      if (typeof value === 'string') return new Date(value);
      return wrongType(value, shape);
    case 'blob':
      if (typeof value !== 'string') wrongType(value, shape);
      return Buffer.from(value, 'base64');
  }
}

/**
 * Reads the members of a structure from a JSON object. `only` limits it to body members (rest protocols
 * bind the others to the URI, query string and headers).
 */
export function readStructure(shape: Shape, json: Record<string, unknown>, only: ((m: Member) => boolean) | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const member of shape.members.values()) {
    if (only && !only(member)) continue;
    const raw = json[member.locationName ?? member.name];
    const parsed = member.jsonvalue && typeof raw === 'string' ? safeParse(raw) : readJson(member.shape, raw);
    if (parsed !== undefined) out[member.name] = parsed;
  }
  copyUnmodelled(shape, json, out);
  return out;
}

/**
 * The aws-sdk v2 models stopped growing in 2024, while AWS keeps adding members (`ipAddressType`,
 * `securityPolicy`, ...). A JSON key the model does not know is passed through as sent, so newer clients'
 * fields reach the service and its answers reach them, instead of vanishing silently.
 */
function copyUnmodelled(shape: Shape, from: Record<string, unknown>, to: Record<string, unknown>): void {
  const known = wireNames(shape);
  for (const [key, value] of Object.entries(from)) {
    // JSON.parse makes `__proto__` an own key; assigning it would set `to`'s prototype instead, and the
    // object would then answer for members the client never sent.
    if (!known.has(key) && key !== '__proto__' && value !== null && value !== undefined) to[key] = value;
  }
}

const wireNamesCache = new WeakMap<Shape, Set<string>>();

/** Every name a member of `shape` may go by, on the wire or in the model. */
function wireNames(shape: Shape): Set<string> {
  let names = wireNamesCache.get(shape);
  if (!names) {
    names = new Set();
    for (const m of shape.members.values()) {
      names.add(m.name);
      if (m.locationName !== undefined) names.add(m.locationName);
    }
    wireNamesCache.set(shape, names);
  }
  return names;
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw serializationError('Invalid JSON value');
  }
}

/** Writes a value of `shape` as a JSON-ready value (wire names, epoch-second timestamps, base64 blobs). */
export function writeJson(shape: Shape, value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  switch (shape.type) {
    case 'structure':
      return writeStructure(shape, value as Record<string, unknown>, undefined);
    case 'list': {
      const element = shape.member!.shape;
      return (value as unknown[]).map((v) => writeJson(element, v));
    }
    case 'map': {
      const element = shape.value!.shape;
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        const w = v === null ? null : writeJson(element, v);
        if (w !== undefined) out[k] = w;
      }
      return out;
    }
    case 'timestamp':
      return value instanceof Date ? Math.floor(value.getTime() / 1000) : value;
    case 'double':
    case 'float':
      return typeof value === 'number' && Number.isInteger(value) && Math.abs(value) < 1e15 ? `${WHOLE_DOUBLE}${value}` : value;
    case 'blob':
      return Buffer.isBuffer(value) ? value.toString('base64') : value;
    default:
      return value;
  }
}

export function writeStructure(shape: Shape, value: Record<string, unknown>, only: ((m: Member) => boolean) | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const member of shape.members.values()) {
    if (only && !only(member)) continue;
    const v = value[member.name];
    if (v === undefined || v === null) continue;
    const w = member.jsonvalue ? JSON.stringify(v) : writeJson(member.shape, v);
    if (w !== undefined) out[member.locationName ?? member.name] = w;
  }
  copyUnmodelled(shape, value, out);
  return out;
}

/**
 * AWS's Java services write a whole double as `10000.0`; JSON.stringify writes `10000`, which Python clients
 * read as an int. writeJson marks such values and stringifyJson puts the `.0` back.
 */
const WHOLE_DOUBLE = '\u0000double:';
const WHOLE_DOUBLE_JSON = /"\\u0000double:(-?\d+)"/g;

export function stringifyJson(value: unknown): string {
  const json = JSON.stringify(value);
  return json.includes('\\u0000double:') ? json.replace(WHOLE_DOUBLE_JSON, '$1.0') : json;
}
