/**
 * Values as API Gateway's mapping templates see them. AWS parses JSON with json-smart (through Jayway
 * JsonPath): objects become Java maps, arrays become json-smart lists. Printed in a template, a map reads
 * `{foo=bar, n=1}` (Java's Map.toString) while a list reads as compact JSON `[{"foo":"bar"}]` (json-smart's
 * toString), also when nested in a map: `{foo=[{"nested":"bar"}]}` (recorded: test_input_path_template_formatting).
 * Lists made in a template (`#set($l = [1, 2])`) are Java ArrayLists and print `[1, 2]`.
 */

/** Arrays that came from JSON (request/response bodies, $util.parseJson): they print as JSON. */
const JSON_LISTS = new WeakSet<unknown[]>();

export class VtlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VtlError';
  }
}

/** A body or string parsed as JSON, its arrays marked as JSON lists. Throws SyntaxError on bad JSON. */
export function parseJsonValue(text: string): unknown {
  return JSON.parse(text, (_key, value: unknown) => {
    if (Array.isArray(value)) JSON_LISTS.add(value);
    return value;
  });
}

/** Marks an array built from JSON data (a JSONPath result list) so that it prints as JSON. */
export function jsonList(values: unknown[]): unknown[] {
  JSON_LISTS.add(values);
  return values;
}

export const isJsonList = (value: unknown): boolean => Array.isArray(value) && JSON_LISTS.has(value);

/** A plain data object (a JSON object or a `{}` map literal), as opposed to $input, $util and the like. */
export function isMap(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** What `$value` prints at the top of a template: null and undefined print nothing (AWS renders nulls as ""). */
export function renderValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  return javaString(value);
}

/** Java's String.valueOf for the values a template handles (a map or list inside itself prints as Java does). */
export function javaString(value: unknown, within: readonly object[] = []): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value)) {
    if (JSON_LISTS.has(value)) return toJson(value);
    const inner = [...within, value];
    return `[${value.map((v) => (inner.includes(v as object) ? '(this Collection)' : javaString(v, inner))).join(', ')}]`;
  }
  if (isMap(value)) {
    const inner = [...within, value];
    return `{${Object.keys(value).map((k) => `${k}=${inner.includes(value[k] as object) ? '(this Map)' : javaString(value[k], inner)}`).join(', ')}}`;
  }
  return String(value);
}

/** Compact JSON of a template value (undefined members dropped, as JSON has no such thing). */
export function toJson(value: unknown): string {
  try {
    return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? Number(v) : v)) ?? 'null';
  } catch (error) {
    throw new VtlError(`Cannot write the value as JSON: ${(error as Error).message}`);
  }
}
