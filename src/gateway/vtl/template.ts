/**
 * API Gateway mapping templates: Velocity (VTL) run by velocityjs, with the variables API Gateway gives a
 * template ($context, $input, $stageVariables, $util) and the Java behaviour templates are written against:
 * nulls and unknown references print as nothing, maps print `{k=v}`, JSON lists print as JSON, and the
 * String/Map/List methods templates call (`length()`, `contains()`, `replaceAll()` with a Java regex,
 * `keySet()`, `containsKey()`, `put()` returning the previous value ...).
 *
 * Hot path: a template is parsed once per distinct text (a deployment's templates never change), and a
 * template without `$` or `#` is static text that is never run through the engine (bench/dataplane, MOCK).
 */
import { Compile, parse } from 'velocityjs';
import type { VtlContext } from './context.js';
import type { VtlInput } from './input.js';
import type { VtlUtil } from './util.js';
import { isMap, javaString, renderValue, VtlError } from './values.js';

type Ast = ReturnType<typeof parse>;
type Config = NonNullable<ConstructorParameters<typeof Compile>[1]>;
type MethodHandler = NonNullable<Config['customMethodHandlers']>[number];

export type CompiledTemplate = { text: string; kind: 'static' } | { text: string; kind: 'vtl'; ast: Ast } | { text: string; kind: 'invalid'; error: VtlError };

export interface TemplateVariables {
  context: VtlContext;
  input: VtlInput;
  stageVariables: Record<string, string>;
  util: VtlUtil;
}

const cache = new Map<string, CompiledTemplate>();
const CACHE_SIZE = 1000;

export function compileTemplate(text: string): CompiledTemplate {
  let hit = cache.get(text);
  if (hit) return hit;
  if (!text.includes('$') && !text.includes('#')) hit = { text, kind: 'static' };
  else {
    try {
      hit = { text, kind: 'vtl', ast: parse(text) };
    } catch (error) {
      hit = { text, kind: 'invalid', error: new VtlError(`Invalid mapping template: ${(error as Error).message.split('\n')[0]}`) };
    }
  }
  if (cache.size >= CACHE_SIZE) cache.clear();
  cache.set(text, hit);
  return hit;
}

/** The template's output. Throws a VtlError when the template cannot be parsed or fails while running. */
export function renderTemplate(template: CompiledTemplate, variables: TemplateVariables): string {
  if (template.kind === 'static') return template.text;
  if (template.kind === 'invalid') throw template.error;
  try {
    const engine = new AwsVelocity(template.ast, CONFIG);
    return engine.render({ context: variables.context, input: variables.input, stageVariables: variables.stageVariables, util: variables.util }, undefined, true);
  } catch (error) {
    if (error instanceof VtlError) throw error;
    throw new VtlError(`Mapping template failed: ${(error as Error).message ?? String(error)}`);
  }
}

/** A template runs for at most this long: the event loop is Gatehouse's, and a runaway loop must not hold it. */
const TIME_BUDGET_MS = 1_000;
/** The longest `[a..b]` range a template may make (velocityjs builds it as an array). */
const MAX_RANGE = 100_000;

type RangeLiteral = { isRange?: boolean; value: unknown[] };
const baseGetArray = (Compile.prototype as unknown as { getArray(literal: RangeLiteral): unknown[] }).getArray;

/**
 * velocityjs with API Gateway's printing (a reference printed in the output is made a string here), and
 * bounds: a time budget checked each time a block renders (every loop iteration, branch and macro), and a
 * cap on ranges.
 */
class AwsVelocity extends Compile {
  private readonly deadline = performance.now() + TIME_BUDGET_MS;

  protected override getReferences(ast: Ast[number], isVal?: boolean): string {
    const value = super.getReferences(ast, isVal) as unknown;
    return isVal ? renderValue(value) : (value as string);
  }

  override renderAstList(asts?: Ast, contextId?: string): string {
    if (performance.now() > this.deadline) throw new VtlError(`Mapping template ran for more than ${TIME_BUDGET_MS} ms`);
    return super.renderAstList(asts, contextId);
  }

  getArray(literal: RangeLiteral): unknown[] {
    if (literal.isRange === true) {
      const [begin, end] = literal.value.map((exp) => (typeof exp === 'string' ? parseInt(exp, 10) : typeof exp === 'number' ? exp : Number(this.getReferences(exp as Ast[number]))));
      if (Number.isFinite(begin) && Number.isFinite(end) && Math.abs(end! - begin!) >= MAX_RANGE) throw new VtlError(`Range [${begin}..${end}] is longer than ${MAX_RANGE}`);
    }
    return baseGetArray.call(this, literal);
  }
}

// ---- Java methods templates call on strings, maps and lists ----

type JavaMethod = (self: never, ...args: unknown[]) => unknown;

const regexCache = new Map<string, RegExp>();

/** A Java regex as a JavaScript one (the common subset; an inline `(?i)` prefix becomes the `i` flag). */
function javaRegex(pattern: unknown, mode: 'full' | 'global' | 'first'): RegExp {
  const source = renderValue(pattern);
  const key = `${mode}:${source}`;
  let re = regexCache.get(key);
  if (!re) {
    let body = source;
    let flags = '';
    const inline = /^\(\?([imsx]+)\)/.exec(body);
    if (inline) {
      body = body.slice(inline[0].length);
      if (inline[1]!.includes('i')) flags += 'i';
      if (inline[1]!.includes('s')) flags += 's';
      if (inline[1]!.includes('m')) flags += 'm';
    }
    try {
      re = new RegExp(mode === 'full' ? `^(?:${body})$` : body, mode === 'global' ? `${flags}g` : flags);
    } catch (error) {
      throw new VtlError(`Invalid regular expression ${JSON.stringify(source)}: ${(error as Error).message}`);
    }
    if (regexCache.size > 1000) regexCache.clear();
    regexCache.set(key, re);
  }
  re.lastIndex = 0;
  return re;
}

/** A Java replacement string (`$1`, `\$`) as a JavaScript one (`$1`, `$$`). */
function javaReplacement(replacement: unknown): string {
  return renderValue(replacement).replace(/\\(.)|\$(?!\d)/g, (_m, escaped: string | undefined) => (escaped === undefined ? '$$' : escaped === '$' ? '$$' : escaped));
}

/** Java's String.split: a regex, trailing empty strings removed (no limit given). */
function javaSplit(s: string, pattern: unknown, limit?: unknown): string[] {
  const parts = s.split(javaRegex(pattern, 'global'));
  const max = typeof limit === 'number' ? limit : 0;
  if (max > 0 && parts.length > max) {
    const re = javaRegex(pattern, 'global');
    const head: string[] = [];
    let last = 0;
    let m: RegExpExecArray | null;
    while (head.length < max - 1 && (m = re.exec(s)) !== null) {
      head.push(s.slice(last, m.index));
      last = m.index + m[0].length;
      if (m[0] === '') re.lastIndex++;
    }
    return [...head, s.slice(last)];
  }
  if (max === 0) while (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}

const javaTrim = (s: string): string => s.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '');
const looseEquals = (a: unknown, b: unknown): boolean => a === b || (a !== null && b !== null && typeof a === 'object' && typeof b === 'object' && javaString(a) === javaString(b));

const STRING_METHODS = new Map<string, JavaMethod>(
  Object.entries({
    length: (s: string) => s.length,
    isEmpty: (s: string) => s.length === 0,
    contains: (s: string, x: unknown) => s.includes(renderValue(x)),
    equals: (s: string, x: unknown) => s === x,
    equalsIgnoreCase: (s: string, x: unknown) => typeof x === 'string' && s.toLowerCase() === x.toLowerCase(),
    matches: (s: string, re: unknown) => javaRegex(re, 'full').test(s),
    replaceAll: (s: string, re: unknown, rep: unknown) => s.replace(javaRegex(re, 'global'), javaReplacement(rep)),
    replaceFirst: (s: string, re: unknown, rep: unknown) => s.replace(javaRegex(re, 'first'), javaReplacement(rep)),
    replace: (s: string, a: unknown, b: unknown) => s.split(renderValue(a)).join(renderValue(b)),
    split: (s: string, re: unknown, limit?: unknown) => javaSplit(s, re, limit),
    trim: javaTrim,
    toString: (s: string) => s,
    substring: (s: string, from: unknown, to?: unknown) => s.substring(Number(from), to === undefined ? undefined : Number(to)),
    indexOf: (s: string, x: unknown, from?: unknown) => s.indexOf(renderValue(x), from === undefined ? undefined : Number(from)),
    lastIndexOf: (s: string, x: unknown) => s.lastIndexOf(renderValue(x)),
    startsWith: (s: string, x: unknown) => s.startsWith(renderValue(x)),
    endsWith: (s: string, x: unknown) => s.endsWith(renderValue(x)),
    toLowerCase: (s: string) => s.toLowerCase(),
    toUpperCase: (s: string) => s.toUpperCase(),
    charAt: (s: string, i: unknown) => s.charAt(Number(i)),
    concat: (s: string, x: unknown) => s + renderValue(x),
  }) as Array<[string, JavaMethod]>,
);

const MAP_METHODS = new Map<string, JavaMethod>(
  Object.entries({
    get: (m: Record<string, unknown>, k: unknown) => (Object.prototype.hasOwnProperty.call(m, String(k)) ? m[String(k)] : undefined),
    put: (m: Record<string, unknown>, k: unknown, v: unknown) => {
      const key = String(k);
      const previous = Object.prototype.hasOwnProperty.call(m, key) ? m[key] : undefined;
      if (key !== '__proto__') m[key] = v;
      return previous;
    },
    putAll: (m: Record<string, unknown>, other: unknown) => {
      if (isMap(other)) for (const [k, v] of Object.entries(other)) if (k !== '__proto__') m[k] = v;
      return undefined;
    },
    containsKey: (m: Record<string, unknown>, k: unknown) => Object.prototype.hasOwnProperty.call(m, String(k)),
    containsValue: (m: Record<string, unknown>, v: unknown) => Object.values(m).some((x) => looseEquals(x, v)),
    isEmpty: (m: Record<string, unknown>) => Object.keys(m).length === 0,
    values: (m: Record<string, unknown>) => Object.values(m),
    toString: (m: Record<string, unknown>) => javaString(m),
  }) as Array<[string, JavaMethod]>,
);

const LIST_METHODS = new Map<string, JavaMethod>(
  Object.entries({
    isEmpty: (l: unknown[]) => l.length === 0,
    contains: (l: unknown[], x: unknown) => l.some((v) => looseEquals(v, x)),
    add: (l: unknown[], x: unknown) => {
      l.push(x);
      return true;
    },
    get: (l: unknown[], i: unknown) => l[Number(i)],
    toString: (l: unknown[]) => javaString(l),
  }) as Array<[string, JavaMethod]>,
);

function javaMethod(context: unknown, property: string): JavaMethod | undefined {
  if (typeof context === 'string') return STRING_METHODS.get(property);
  if (Array.isArray(context)) return LIST_METHODS.get(property);
  if (isMap(context)) return MAP_METHODS.get(property);
  if ((typeof context === 'number' || typeof context === 'boolean') && property === 'toString') return (v: never) => String(v);
  return undefined;
}

const JAVA_METHODS: MethodHandler = {
  uid: 'gatehouse: java methods',
  match: ({ property, context }) => javaMethod(context, property) !== undefined,
  resolve: ({ property, context, params }) => javaMethod(context, property)!(context as never, ...params),
};

const CONFIG: Config = { customMethodHandlers: [JAVA_METHODS] };
