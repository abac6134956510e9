/**
 * JSONPath as `$input.path()` / `$input.json()` evaluate it (Jayway JsonPath, which API Gateway uses):
 * `$`, `.name`, `['name']` (and several names), `[n]` (negative from the end), `[n,m]`, `[a:b]` slices, `*`
 * and `..` (deep scan). A path that does not start with `$` is read as `$.path`. A definite path (names and
 * single indexes only) gives one value, or undefined when it leads nowhere; any other path gives the list of
 * what it matched. Filters (`[?(...)]`) are not supported: a VtlError says so.
 * Paths are compiled once per distinct text.
 */
import { isMap, jsonList, VtlError } from './values.js';

type Segment =
  | { kind: 'names'; names: string[] }
  | { kind: 'indexes'; indexes: number[] }
  | { kind: 'slice'; start: number | undefined; end: number | undefined; step: number }
  | { kind: 'wildcard' }
  | { kind: 'deep'; then: Segment };

interface CompiledPath {
  segments: Segment[];
  definite: boolean;
}

const compiled = new Map<string, CompiledPath | VtlError>();

export function compileJsonPath(text: string): CompiledPath {
  let hit = compiled.get(text);
  if (hit === undefined) {
    try {
      hit = parsePath(text);
    } catch (error) {
      hit = error instanceof VtlError ? error : new VtlError(String(error));
    }
    if (compiled.size > 1000) compiled.clear();
    compiled.set(text, hit);
  }
  if (hit instanceof VtlError) throw hit;
  return hit;
}

/** The value at `path` in `root`: one value (undefined when absent) for a definite path, else a JSON list. */
export function evaluateJsonPath(root: unknown, path: string): unknown {
  const { segments, definite } = compileJsonPath(path);
  let nodes: unknown[] = [root];
  for (const segment of segments) {
    const next: unknown[] = [];
    for (const node of nodes) apply(segment, node, next);
    nodes = next;
    if (definite && nodes.length === 0) return undefined;
  }
  return definite ? nodes[0] : jsonList(nodes);
}

function apply(segment: Segment, node: unknown, out: unknown[]): void {
  switch (segment.kind) {
    case 'names':
      if (!isMap(node)) return;
      if (segment.names.length === 1) {
        const name = segment.names[0]!;
        if (Object.prototype.hasOwnProperty.call(node, name)) out.push(node[name]);
        return;
      }
      // Several names make a map of those present (Jayway).
      out.push(Object.fromEntries(segment.names.filter((n) => Object.prototype.hasOwnProperty.call(node, n)).map((n) => [n, node[n]])));
      return;
    case 'indexes':
      if (!Array.isArray(node)) return;
      for (const i of segment.indexes) {
        const at = i < 0 ? node.length + i : i;
        if (at >= 0 && at < node.length) out.push(node[at]);
      }
      return;
    case 'slice': {
      if (!Array.isArray(node)) return;
      const len = node.length;
      const norm = (n: number): number => (n < 0 ? Math.max(0, len + n) : Math.min(n, len));
      const start = segment.start === undefined ? 0 : norm(segment.start);
      const end = segment.end === undefined ? len : norm(segment.end);
      for (let i = start; i < end; i += segment.step) out.push(node[i]);
      return;
    }
    case 'wildcard':
      if (Array.isArray(node)) out.push(...(node as unknown[]));
      else if (isMap(node)) out.push(...Object.values(node));
      return;
    case 'deep': {
      const visit = (n: unknown): void => {
        apply(segment.then, n, out);
        if (Array.isArray(n)) for (const child of n as unknown[]) visit(child);
        else if (isMap(n)) for (const child of Object.values(n)) visit(child);
      };
      visit(node);
      return;
    }
  }
}

function parsePath(text: string): CompiledPath {
  let src = text.trim();
  if (src.startsWith('$') || src.startsWith('@')) src = src.slice(1);
  else if (src !== '' && !src.startsWith('[') && !src.startsWith('.')) src = `.${src}`;
  const segments: Segment[] = [];
  let i = 0;
  const fail = (why: string): never => {
    throw new VtlError(`Invalid JSONPath ${JSON.stringify(text)}: ${why}`);
  };
  const readName = (): string => {
    const start = i;
    while (i < src.length && src[i] !== '.' && src[i] !== '[') i++;
    const name = src.slice(start, i).trim();
    if (name === '') fail(`empty property name at ${start}`);
    return name;
  };
  while (i < src.length) {
    const c = src[i];
    if (c === '.') {
      const deep = src[i + 1] === '.';
      i += deep ? 2 : 1;
      let segment: Segment;
      if (src[i] === '*') {
        i++;
        segment = { kind: 'wildcard' };
      } else if (src[i] === '[') {
        if (!deep) fail(`unexpected '[' at ${i}`);
        segment = readBracket();
      } else segment = { kind: 'names', names: [readName()] };
      segments.push(deep ? { kind: 'deep', then: segment } : segment);
    } else if (c === '[') segments.push(readBracket());
    else fail(`unexpected ${JSON.stringify(c)} at ${i}`);
  }
  const definite = segments.every((s) => (s.kind === 'names' && s.names.length === 1) || (s.kind === 'indexes' && s.indexes.length === 1));
  return { segments, definite };

  function readBracket(): Segment {
    const close = findClose();
    const inner = src.slice(i + 1, close).trim();
    i = close + 1;
    if (inner === '*') return { kind: 'wildcard' };
    if (inner.startsWith('?')) throw new VtlError(`JSONPath filter expressions are not supported: ${text}`);
    if (inner.startsWith("'") || inner.startsWith('"')) {
      const names: string[] = [];
      const re = /\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")\s*(,|$)/y;
      let at = 0;
      while (at < inner.length) {
        re.lastIndex = at;
        const m = re.exec(inner);
        if (!m) fail(`bad name list [${inner}]`);
        names.push((m![1] ?? m![2] ?? '').replace(/\\(.)/g, '$1'));
        at = re.lastIndex;
      }
      return { kind: 'names', names };
    }
    if (inner.includes(':')) {
      const [a, b, s] = inner.split(':').map((p) => p.trim());
      const num = (p: string | undefined): number | undefined => (p === undefined || p === '' ? undefined : toInt(p));
      const step = num(s) ?? 1;
      if (step <= 0) fail('slice step must be positive');
      return { kind: 'slice', start: num(a), end: num(b), step };
    }
    return { kind: 'indexes', indexes: inner.split(',').map((p) => toInt(p.trim())) };
  }

  function findClose(): number {
    let quote: string | undefined;
    for (let j = i + 1; j < src.length; j++) {
      const ch = src[j];
      if (quote) {
        if (ch === '\\') j++;
        else if (ch === quote) quote = undefined;
      } else if (ch === "'" || ch === '"') quote = ch;
      else if (ch === ']') return j;
    }
    return fail(`unclosed '[' at ${i}`);
  }

  function toInt(p: string): number {
    if (!/^-?\d+$/.test(p)) fail(`bad index ${JSON.stringify(p)}`);
    return Number(p);
  }
}
