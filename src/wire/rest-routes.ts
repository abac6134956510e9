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
  const parts = rawPath.split('/');
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
  for (let i = 0; i < segs.length; i++) {
    const seg = segs[i]!;
    if (seg.kind === 'label' && seg.greedy) {
      const rest = parts.slice(i).join('/');
      if (rest === '') return undefined;
      const value = decode(rest);
      if (value === undefined) return undefined;
      labels[seg.name] = value;
      return labels;
    }
    const part = parts[i];
    if (part === undefined) return undefined;
    if (seg.kind === 'literal') {
      if (part !== seg.text) return undefined;
    } else {
      if (part === '') return undefined;
      const value = decode(part);
      if (value === undefined) return undefined;
      labels[seg.name] = value;
    }
  }
  return parts.length === segs.length ? labels : undefined;
}

function decode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}
