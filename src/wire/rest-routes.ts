/**
 * The HTTP bindings of a rest protocol's operations (`requestUri` templates such as
 * `/restapis/{restapi_id}/resources/{parent_id}` or `/restapis?mode=import`), compiled once into
 * per-method route lists ordered most-specific first. Routes are data, matched segment by segment.
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
}

export class RouteTable {
  private readonly byMethod = new Map<string, Route[]>();

  constructor(operations: Iterable<OperationModel>) {
    for (const operation of operations) {
      const route = compile(operation);
      const list = this.byMethod.get(operation.http.method) ?? [];
      list.push(route);
      this.byMethod.set(operation.http.method, list);
    }
    for (const list of this.byMethod.values()) list.sort(bySpecificity);
  }

  match(method: string, rawPath: string, query: URLSearchParams): OperationMatch | undefined {
    const routes = this.byMethod.get(method);
    if (!routes) return undefined;
    const parts = splitPath(rawPath);
    for (const route of routes) {
      const labels = matchSegments(route, parts);
      if (labels && route.queryLiterals.every(([k, v]) => (v === undefined ? query.has(k) : query.get(k) === v))) {
        return { operation: route.operation, labels };
      }
    }
    return undefined;
  }
}

function splitPath(rawPath: string): string[] {
  // Trailing slashes are optional in AWS's (Smithy's) URI patterns: `GET /restapis/` is GetRestApis and
  // `GET /2015-03-31/functions` is ListFunctions, although the models write `/restapis`, `.../functions/`.
  const parts = rawPath.replace(/\/+$/, '').split('/');
  parts.shift(); // the empty string before the leading '/'
  return parts;
}

function compile(operation: OperationModel): Route {
  const [pathPart = '/', queryPart] = operation.http.requestUri.split('?', 2);
  const segments: Segment[] = splitPath(pathPart).map((text) => {
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
  return { operation, segments, queryLiterals, greedy: segments.some((s) => s.kind === 'label' && s.greedy) };
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
    b.segments.length - a.segments.length
  );
}

function matchSegments(route: Route, parts: readonly string[]): Record<string, string> | undefined {
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
  return j === parts.length ? labels : undefined;
}

function decode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}
