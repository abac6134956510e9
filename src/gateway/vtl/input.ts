/**
 * `$input` in mapping templates (developer guide, "Variables for data transformations"): `$input.body` (the
 * raw payload), `$input.json(x)` (a JSONPath result as a JSON string), `$input.path(x)` (the result as an
 * object the template can walk), `$input.params()` (all request parameters: path, querystring, header) and
 * `$input.params(x)` (one parameter, searched in path, query string, then headers). In a request template the
 * payload is the method request's body; in a response template it is the integration response's body, while
 * the parameters stay the method request's.
 */
import { evaluateJsonPath } from './jsonpath.js';
import { parseJsonValue, toJson, VtlError } from './values.js';

/** The method request's parameters as `$input.params()` returns them (path values raw, query values decoded). */
export interface VtlParams {
  path: Record<string, string>;
  querystring: Record<string, string>;
  header: Record<string, string>;
}

/** The payload is not JSON, and the template asked for it as JSON. */
export class VtlBodyError extends VtlError {
  constructor(readonly detail: string) {
    super(`Could not parse request body into json: ${detail}`);
    this.name = 'VtlBodyError';
  }
}

const NOT_PARSED = Symbol('not parsed');

export class VtlInput {
  private parsed: unknown = NOT_PARSED;

  constructor(
    private readonly payload: string,
    private readonly parameters: VtlParams,
  ) {}

  get body(): string {
    return this.payload;
  }

  /**
   * An empty payload reads as `{}` for `$input.json('$')` (what a GET's "body-json" shows on AWS) and as ""
   * for `$input.path('$')`; deeper paths find nothing in it.
   */
  json(path: unknown): string | undefined {
    const p = String(path ?? '$');
    const root = this.root();
    if (root === NOT_PARSED) return isRoot(p) ? '{}' : undefined;
    const value = evaluateJsonPath(root, p);
    return value === undefined ? undefined : toJson(value);
  }

  path(path: unknown): unknown {
    const p = String(path ?? '$');
    const root = this.root();
    if (root === NOT_PARSED) return isRoot(p) ? '' : undefined;
    return evaluateJsonPath(root, p);
  }

  params(name?: unknown): unknown {
    if (name === undefined) return this.parameters;
    const key = String(name);
    const { path, querystring, header } = this.parameters;
    if (Object.prototype.hasOwnProperty.call(path, key)) return path[key];
    if (Object.prototype.hasOwnProperty.call(querystring, key)) return querystring[key];
    if (Object.prototype.hasOwnProperty.call(header, key)) return header[key];
    // Header names are case-insensitive.
    const lower = key.toLowerCase();
    for (const h of Object.keys(header)) if (h.toLowerCase() === lower) return header[h];
    return '';
  }

  /** The payload parsed once; NOT_PARSED for an empty one. */
  private root(): unknown {
    if (this.parsed !== NOT_PARSED) return this.parsed;
    if (this.payload.trim() === '') return NOT_PARSED;
    try {
      this.parsed = parseJsonValue(this.payload);
    } catch (error) {
      throw new VtlBodyError((error as Error).message);
    }
    return this.parsed;
  }
}

const isRoot = (p: string): boolean => p.trim() === '$';
