/**
 * Parameter mappings, compiled once per integration: `requestParameters` (integration request path, query
 * string and header parameters from the method request, its body, stage variables, context variables or
 * 'static' values) and an integration response's `responseParameters` (method response headers from the
 * integration response's headers or body, stage and context variables, or static values). The expressions
 * are the developer guide's ("Amazon API Gateway API request and response data mapping reference").
 * A source with no value maps to nothing.
 */
import { evaluateJsonPath } from '../vtl/jsonpath.js';
import { isMap, parseJsonValue, toJson } from '../vtl/values.js';
import type { Exchange } from './exchange.js';

type Location = 'path' | 'querystring' | 'header' | 'multivaluequerystring' | 'multivalueheader';

type Source =
  | { kind: 'static'; value: string }
  | { kind: 'method'; location: Location; name: string }
  | { kind: 'method-body'; path: string | undefined }
  | { kind: 'stage'; name: string }
  | { kind: 'context'; path: string[] }
  | { kind: 'integration-header'; name: string; multi: boolean }
  | { kind: 'integration-body'; path: string | undefined };

export interface Mapping<T> {
  target: T;
  source: Source;
}

/** Where a request mapping writes: `integration.request.{location}.{name}`. */
export interface RequestTarget {
  location: 'path' | 'querystring' | 'header';
  multi: boolean;
  name: string;
}

const LOCATIONS = new Set<string>(['path', 'querystring', 'header', 'multivaluequerystring', 'multivalueheader']);

export function parseSource(expression: string): Source | undefined {
  const e = expression.trim();
  if (e.length >= 2 && e.startsWith("'") && e.endsWith("'")) return { kind: 'static', value: e.slice(1, -1) };
  let m = /^method\.request\.([a-z]+)\.(.+)$/.exec(e);
  if (m && LOCATIONS.has(m[1]!)) return { kind: 'method', location: m[1] as Location, name: m[2]! };
  if (e === 'method.request.body') return { kind: 'method-body', path: undefined };
  if (e.startsWith('method.request.body.')) return { kind: 'method-body', path: `$.${e.slice('method.request.body.'.length)}` };
  if (e.startsWith('stageVariables.')) return { kind: 'stage', name: e.slice('stageVariables.'.length) };
  if (e.startsWith('context.')) return { kind: 'context', path: e.slice('context.'.length).split('.') };
  m = /^integration\.response\.(header|multivalueheader)\.(.+)$/.exec(e);
  if (m) return { kind: 'integration-header', name: m[2]!, multi: m[1] === 'multivalueheader' };
  if (e === 'integration.response.body') return { kind: 'integration-body', path: undefined };
  if (e.startsWith('integration.response.body.')) return { kind: 'integration-body', path: `$.${e.slice('integration.response.body.'.length)}` };
  return undefined;
}

/** `requestParameters`, compiled; keys that are not integration request parameters are left out. */
export function compileRequestParameters(parameters: Record<string, string> | undefined): Array<Mapping<RequestTarget>> {
  const out: Array<Mapping<RequestTarget>> = [];
  for (const [key, expression] of Object.entries(parameters ?? {})) {
    const m = /^integration\.request\.(path|querystring|header|multivaluequerystring|multivalueheader)\.(.+)$/.exec(key);
    const source = parseSource(expression);
    if (!m || !source) continue;
    const location = m[1]!;
    const multi = location.startsWith('multivalue');
    out.push({ target: { location: (multi ? location.slice('multivalue'.length) : location) as RequestTarget['location'], multi, name: m[2]! }, source });
  }
  return out;
}

/** `responseParameters`, compiled: method response header name → source. */
export function compileResponseParameters(parameters: Record<string, string> | undefined): Array<Mapping<string>> {
  const out: Array<Mapping<string>> = [];
  for (const [key, expression] of Object.entries(parameters ?? {})) {
    const m = /^method\.response\.header\.(.+)$/.exec(key);
    const source = parseSource(expression);
    if (m && source) out.push({ target: m[1]!, source });
  }
  return out;
}

/** What an integration response offers response mappings. */
export interface IntegrationResult {
  /** Raw header pairs, name then value. */
  headers: readonly string[];
  body: string;
  /** Lambda custom errors: a JSON `errorMessage` is read as JSON for body-to-header mappings. */
  deserializeErrorMessage?: boolean;
}

/** A source's values: one for single-valued sources, all of them for multi-value ones; undefined when absent. */
export function sourceValues(source: Source, exchange: Exchange, result?: IntegrationResult): string[] | undefined {
  switch (source.kind) {
    case 'static':
      return [source.value];
    case 'method': {
      const mr = exchange.methodRequest;
      switch (source.location) {
        case 'path':
          return one(mr.path[source.name]);
        case 'querystring':
          return one(mr.querystring[source.name]);
        case 'multivaluequerystring':
          return mr.multivaluequerystring[source.name];
        case 'header':
          return one(exchange.header(source.name));
        case 'multivalueheader': {
          const lower = source.name.toLowerCase();
          const values = Object.entries(mr.multivalueheader).filter(([k]) => k.toLowerCase() === lower).flatMap(([, v]) => v);
          return values.length > 0 ? values : undefined;
        }
      }
      return undefined;
    }
    case 'method-body':
      return bodyValue(exchange.inv.body.toString('utf8'), source.path, false);
    case 'stage':
      return one(exchange.inv.served.stage.variables?.[source.name]);
    case 'context': {
      let node: unknown = exchange.context;
      for (const key of source.path) node = isMap(node) && Object.prototype.hasOwnProperty.call(node, key) ? node[key] : undefined;
      if (node === undefined || node === null) return undefined;
      try {
        return [typeof node === 'string' ? node : toJson(node)];
      } catch {
        return undefined;
      }
    }
    case 'integration-header': {
      if (!result) return undefined;
      const lower = source.name.toLowerCase();
      const values: string[] = [];
      for (let i = 0; i + 1 < result.headers.length; i += 2) if (result.headers[i]!.toLowerCase() === lower) values.push(result.headers[i + 1]!);
      if (values.length === 0) return undefined;
      return source.multi ? values : [values[values.length - 1]!];
    }
    case 'integration-body':
      return result ? bodyValue(result.body, source.path, result.deserializeErrorMessage === true) : undefined;
  }
}

const one = (value: string | undefined): string[] | undefined => (value === undefined ? undefined : [value]);

function bodyValue(body: string, path: string | undefined, deserializeErrorMessage: boolean): string[] | undefined {
  if (path === undefined) return [body];
  let root: unknown;
  try {
    root = parseJsonValue(body);
  } catch {
    return undefined;
  }
  if (deserializeErrorMessage && isMap(root) && typeof root['errorMessage'] === 'string') {
    try {
      root = { ...root, errorMessage: parseJsonValue(root['errorMessage']) };
    } catch {
      // A plain message stays a string.
    }
  }
  let value: unknown;
  try {
    value = evaluateJsonPath(root, path);
  } catch {
    return undefined;
  }
  if (value === undefined || value === null) return undefined;
  return [typeof value === 'string' ? value : toJson(value)];
}

/** The integration request parameters the mappings produce, by location. */
export interface MappedRequest {
  path: Record<string, string>;
  querystring: Array<[string, string]>;
  header: Array<[string, string]>;
}

export function mapRequestParameters(mappings: ReadonlyArray<Mapping<RequestTarget>>, exchange: Exchange): MappedRequest {
  const mapped: MappedRequest = { path: {}, querystring: [], header: [] };
  for (const { target, source } of mappings) {
    const values = sourceValues(source, exchange);
    if (values === undefined || values.length === 0) continue;
    if (target.location === 'path') mapped.path[target.name] = values.join(',');
    else {
      const list = mapped[target.location];
      // A later mapping of the same name replaces an earlier one (header names in any case).
      const same = target.location === 'header' ? (n: string): boolean => n.toLowerCase() === target.name.toLowerCase() : (n: string): boolean => n === target.name;
      for (let i = list.length - 1; i >= 0; i--) if (same(list[i]![0])) list.splice(i, 1);
      if (target.multi) for (const v of values) list.push([target.name, v]);
      else list.push([target.name, values.join(',')]);
    }
  }
  return mapped;
}
