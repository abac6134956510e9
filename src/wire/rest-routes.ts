/**
 * The HTTP bindings of a rest protocol's operations (`requestUri` templates such as
 * `/restapis/{restapi_id}/resources/{parent_id}` or `/restapis?mode=import`), compiled once into
 * per-method route lists ordered most-specific first. Routes are data, matched segment by segment.
 * Operations bound to one method and template (S3's PutObject, CopyObject, UploadPart and UploadPartCopy are
 * all `PUT /{Bucket}/{Key+}`) are told apart by their required query and header members: the route with the
 * most of them present wins, and a deprecated operation loses to its successor.
 */
import type { OperationModel } from './model.js';
import type { OperationMatch } from './types.js';

type Segment = { kind: 'literal'; text: string } | { kind: 'label'; name: string; greedy: boolean };

interface Route {
  operation: OperationModel;
  segments: Segment[];
  /** Query parameters the template fixes, e.g. `mode=import`. */
  queryLiterals: Array<[string, string | undefined]>;
  greedy: boolean;
  /** Required query parameters and headers (lower case) that tell this route from others with its template. */
  requiredQuery: string[];
  requiredHeaders: string[];
}

export interface RouteOptions {
  /**
   * 'optional' (rest-json): trailing slashes are ignored. 'significant' (S3): a greedy label keeps them (the key
   * `dir/`), and a route without one accepts a single trailing slash (`/bucket/`).
   */
  trailingSlash: 'optional' | 'significant';
}

export class RouteTable {
  private readonly byMethod = new Map<string, Route[]>();
  private readonly significantSlash: boolean;

  constructor(operations: Iterable<OperationModel>, options: RouteOptions = { trailingSlash: 'optional' }) {
    this.significantSlash = options.trailingSlash === 'significant';
    const byTemplate = new Map<string, Route[]>();
    for (const operation of operations) {
      const route = compile(operation, this.significantSlash);
      const list = this.byMethod.get(operation.http.method) ?? [];
      list.push(route);
      this.byMethod.set(operation.http.method, list);
      const template = `${operation.http.method} ${operation.http.requestUri}`;
      byTemplate.set(template, [...(byTemplate.get(template) ?? []), route]);
    }
    for (const group of byTemplate.values()) if (group.length > 1) for (const route of group) addDiscriminators(route);
    for (const list of this.byMethod.values()) list.sort(bySpecificity);
  }

  match(method: string, rawPath: string, query: URLSearchParams, headers?: Readonly<Record<string, string | undefined>>): OperationMatch | undefined {
    const routes = this.byMethod.get(method);
    if (!routes) return undefined;
    const parts = splitPath(rawPath, this.significantSlash);
    for (const route of routes) {
      const labels = matchSegments(route, parts, this.significantSlash);
      if (
        labels &&
        route.queryLiterals.every(([k, v]) => (v === undefined ? query.has(k) : query.get(k) === v)) &&
        route.requiredQuery.every((k) => query.has(k)) &&
        route.requiredHeaders.every((h) => headers?.[h] !== undefined)
      ) {
        return { operation: route.operation, labels };
      }
    }
    return undefined;
  }
}

function splitPath(rawPath: string, significantSlash: boolean): string[] {
  // Trailing slashes are optional in AWS's (Smithy's) URI patterns: `GET /restapis/` is GetRestApis and
  // `GET /2015-03-31/functions` is ListFunctions, although the models write `/restapis`, `.../functions/`.
  const parts = (significantSlash ? rawPath : rawPath.replace(/\/+$/, '')).split('/');
  parts.shift(); // the empty string before the leading '/'
  return parts;
}

function addDiscriminators(route: Route): void {
  const input = route.operation.input;
  if (!input) return;
  for (const name of input.required) {
    const member = input.members.get(name);
    if (member?.location === 'querystring') route.requiredQuery.push(member.locationName ?? member.name);
    else if (member?.location === 'header') route.requiredHeaders.push((member.locationName ?? member.name).toLowerCase());
  }
}

function compile(operation: OperationModel, significantSlash: boolean): Route {
  const [pathPart = '/', queryPart] = operation.http.requestUri.split('?', 2);
  const segments: Segment[] = splitPath(pathPart, significantSlash).map((text) => {
    const label = /^\{([^}+]+)(\+?)\}$/.exec(text);
    return label ? { kind: 'label', name: label[1]!, greedy: label[2] === '+' } : { kind: 'literal', text };
  });
  const queryLiterals: Array<[string, string | undefined]> = [];
  if (queryPart) {
    for (const pair of queryPart.split('&')) {
      const [k, v] = pair.split('=', 2);
      if (k) queryLiterals.push([k, v]);
    }
  }
  return { operation, segments, queryLiterals, greedy: segments.some((s) => s.kind === 'label' && s.greedy), requiredQuery: [], requiredHeaders: [] };
}

function literalCount(route: Route): number {
  let n = 0;
  for (const s of route.segments) if (s.kind === 'literal') n++;
  return n;
}

function bySpecificity(a: Route, b: Route): number {
  return (
    b.queryLiterals.length - a.queryLiterals.length ||
    Number(a.greedy) - Number(b.greedy) ||
    literalCount(b) - literalCount(a) ||
    b.segments.length - a.segments.length ||
    b.requiredQuery.length + b.requiredHeaders.length - (a.requiredQuery.length + a.requiredHeaders.length) ||
    Number(a.operation.deprecated) - Number(b.operation.deprecated)
  );
}

function matchSegments(route: Route, parts: readonly string[], significantSlash: boolean): Record<string, string> | undefined {
  const labels: Record<string, string> = {};
  const segs = route.segments;
  let j = 0; // the next path segment to read
  for (let i = 0; i < segs.length; i++) {
    const seg = segs[i]!;
    let part: string | undefined;
    if (seg.kind === 'label' && seg.greedy) {
      // A greedy label takes one or more segments: all that the template's later segments leave over
      // (`/prefix/{label+}/suffix` is legal).
      const end = parts.length - (segs.length - i - 1);
      if (end <= j) return undefined;
      part = parts.slice(j, end).join('/');
      j = end;
    } else {
      part = parts[j++];
      if (part === undefined) return undefined;
    }
    if (seg.kind === 'literal') {
      if (part !== seg.text) return undefined;
      continue;
    }
    if (part === '') return undefined;
    const value = decode(part);
    if (value === undefined) return undefined;
    labels[seg.name] = value;
  }
  if (j === parts.length) return labels;
  // `/bucket/` is the bucket: one trailing slash after a route that ends without a greedy label.
  return significantSlash && !route.greedy && j === parts.length - 1 && parts[j] === '' ? labels : undefined;
}

function decode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}
