/**
 * Routing a request to a (resource, method) pair of a deployed API, as API Gateway (REST) does it
 * (docs/notes/execute-api-data-plane.md §1): a depth-first search over the resource tree trying, at each
 * node, the static child, then the `{x}` child, then the `{x+}` child; a resource is accepted only if it has
 * the request's method (or ANY; a specific method beats ANY), otherwise the search backtracks. Paths are
 * matched raw: segments are never percent-decoded. The tree is compiled once per deployment.
 */
import type { Method, Resource } from '../domain/apigateway.js';

interface Node {
  resource?: Resource;
  statics: Map<string, Node>;
  /** `{name}`: one non-empty segment. */
  param?: { name: string; node: Node };
  /** `{name+}`: one or more segments; has no children. */
  greedy?: { name: string; resource: Resource };
}

export interface RouteMatch {
  resource: Resource;
  method: Method;
  /** Raw (not percent-decoded) values, or null when the template has none, as the Lambda proxy event says. */
  pathParameters: Record<string, string> | null;
}

const emptyNode = (): Node => ({ statics: new Map() });

export class Router {
  private readonly root: Node = emptyNode();

  constructor(resources: readonly Resource[]) {
    const byId = new Map(resources.map((r) => [r.id, r]));
    const nodes = new Map<string, Node>();
    const nodeOf = (resource: Resource): Node => {
      const known = nodes.get(resource.id);
      if (known) return known;
      if (resource.parentId === undefined) {
        this.root.resource = resource;
        nodes.set(resource.id, this.root);
        return this.root;
      }
      const parent = nodeOf(byId.get(resource.parentId)!);
      const part = resource.pathPart ?? '';
      const variable = /^\{(.+?)(\+?)\}$/.exec(part);
      let node: Node;
      if (variable?.[2] === '+') {
        parent.greedy = { name: variable[1]!, resource };
        node = emptyNode();
      } else if (variable) {
        node = { statics: new Map(), resource };
        parent.param = { name: variable[1]!, node };
      } else {
        node = { statics: new Map(), resource };
        parent.statics.set(part, node);
      }
      nodes.set(resource.id, node);
      return node;
    };
    for (const r of resources) nodeOf(r);
  }

  /**
   * `path` is the request path after the stage, raw. Leading slashes are collapsed, a trailing slash is
   * ignored for matching; inner empty segments can only be absorbed by a greedy variable.
   */
  match(httpMethod: string, path: string): RouteMatch | undefined {
    const trimmed = path.replace(/^\/+/, '').replace(/\/$/, '');
    const segments = trimmed === '' ? [] : trimmed.split('/');
    return this.search(this.root, segments, 0, httpMethod, {});
  }

  private search(node: Node, segments: readonly string[], index: number, httpMethod: string, params: Record<string, string>): RouteMatch | undefined {
    if (index === segments.length) return node.resource ? accept(node.resource, httpMethod, params) : undefined;
    const segment = segments[index]!;
    if (segment !== '') {
      const child = node.statics.get(segment);
      if (child) {
        const found = this.search(child, segments, index + 1, httpMethod, params);
        if (found) return found;
      }
      if (node.param) {
        const found = this.search(node.param.node, segments, index + 1, httpMethod, { ...params, [node.param.name]: segment });
        if (found) return found;
      }
    }
    if (node.greedy) {
      const value = segments.slice(index).join('/');
      if (value !== '') return accept(node.greedy.resource, httpMethod, { ...params, [node.greedy.name]: value });
    }
    return undefined;
  }
}

function accept(resource: Resource, httpMethod: string, params: Record<string, string>): RouteMatch | undefined {
  const methods = resource.resourceMethods;
  const method = methods?.[httpMethod] ?? methods?.['ANY'];
  if (!method) return undefined;
  return { resource, method, pathParameters: Object.keys(params).length > 0 ? params : null };
}
