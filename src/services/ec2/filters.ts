/**
 * Describe*'s `Filter.N.Name` / `Filter.N.Value.M`: a document matches when, for every filter, one of its
 * values for that name matches one of the filter's values. Values may use `*` (any run of characters) and `?`
 * (one character); `\*`, `\?` and `\\` are literal. Matching is case-sensitive, as on AWS.
 * Each Describe operation names its filters as a table of accessors; `tag:KEY`, `tag-key` and `tag-value` work
 * on every taggable document.
 */
import type { Tag } from '../../domain/ec2.js';
import { invalidFilter } from './errors.js';

export interface FilterInput {
  Name?: string;
  Values?: string[];
}

type Scalar = string | number | boolean | undefined;

/** What a document offers to one filter name: a value or several. */
export type FilterField<T> = (doc: T) => Scalar | readonly Scalar[];
export type FilterFields<T> = Readonly<Record<string, FilterField<T>>>;

/** `tag:KEY`, `tag-key`, `tag-value` for any document with AWS's Tags list. */
export function tagFields<T extends { Tags?: Tag[] }>(): FilterFields<T> {
  return {
    'tag-key': (d) => (d.Tags ?? []).map((t) => t.Key),
    'tag-value': (d) => (d.Tags ?? []).map((t) => t.Value),
  };
}

/** `tag:KEY`: the values of that key's tags (documents without tags have none). */
function tagKeyField<T extends object>(key: string): FilterField<T> {
  return (d) => ((d as { Tags?: Tag[] }).Tags ?? []).filter((t) => t.Key === key).map((t) => t.Value);
}

/** `a*b?` as an anchored RegExp. */
export function wildcard(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\' && i + 1 < pattern.length && '*?\\'.includes(pattern[i + 1]!)) {
      source += escapeRegExp(pattern[++i]!);
    } else if (c === '*') source += '.*';
    else if (c === '?') source += '.';
    else source += escapeRegExp(c);
  }
  return new RegExp(`^${source}$`, 's');
}

function escapeRegExp(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function texts(v: Scalar | readonly Scalar[]): string[] {
  const list: readonly Scalar[] = Array.isArray(v) ? v : [v as Scalar];
  return list.filter((x): x is string | number | boolean => x !== undefined).map(String);
}

/**
 * The documents that pass every filter. A filter name the operation does not know is AWS's
 * InvalidParameterValue "The filter 'x' is invalid", raised even when there is nothing to filter.
 */
export function applyFilters<T extends object>(docs: readonly T[], filters: readonly FilterInput[] | undefined, fields: FilterFields<T>): T[] {
  if (!filters || filters.length === 0) return [...docs];
  const compiled = filters.map((f) => {
    const name = f.Name ?? 'null';
    const field = fields[name] ?? (name.startsWith('tag:') && name.length > 4 ? tagKeyField<T>(name.slice(4)) : undefined);
    if (!field) throw invalidFilter(name);
    return { field, patterns: (f.Values ?? []).map(wildcard) };
  });
  return docs.filter((doc) => compiled.every(({ field, patterns }) => texts(field(doc)).some((value) => patterns.some((p) => p.test(value)))));
}
