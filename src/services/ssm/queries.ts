/** GetParametersByPath and DescribeParameters: parameters found by where they are and what they are, in pages. */
import { z } from 'zod';
import { decodePageToken, encodePageToken } from '../../shared/page-token.js';
import type { OperationContext } from '../types.js';
import { invalidFilterKey, invalidFilterOption, invalidNextToken, missingFilterValues, validation } from './errors.js';
import { isUnderPath, readPath } from './names.js';
import { isPublicNamespace, publicParameters } from './public-parameters.js';
import { current, metadataView, parameterView, parameters, type StoredParameter } from './state.js';
import { Clauses } from '../../shared/validation-clauses.js';

export interface ParameterStringFilter {
  Key?: string;
  Option?: string;
  Values?: string[];
}

const FILTER_KEY = /^(tag:.+|Name|Type|KeyId|Path|Label|Tier|DataType)$/;
const FILTER_KEY_TEXT = 'tag:.+|Name|Type|KeyId|Path|Label|Tier|DataType';

/** Coral's checks of ParameterFilters against the model (ParameterStringFilter). */
function filterClauses(c: Clauses, filters: readonly ParameterStringFilter[] | undefined): void {
  filters?.forEach((f, i) => {
    const at = `parameterFilters.${i + 1}.member`;
    c.required(`${at}.key`, f.Key).length(`${at}.key`, f.Key, 1, 132).pattern(`${at}.key`, f.Key, FILTER_KEY, FILTER_KEY_TEXT);
    c.length(`${at}.option`, f.Option, 1, 10).count(`${at}.values`, f.Values, 1, 50);
    f.Values?.forEach((v, j) => c.length(`${at}.values.${j + 1}.member`, v, 1, 1024));
  });
}

/** The keys and options each operation takes. Texts of the refusals are inferred (moto's). */
interface FilterRules {
  /** Which keys the operation takes, and the text its refusal lists them with. */
  keys: (key: string) => boolean;
  keysText: string;
  options: (key: string) => readonly string[];
  defaultOption: (key: string) => string;
}

const BY_PATH_RULES: FilterRules = {
  keys: (k) => k === 'Type' || k === 'KeyId' || k === 'Label',
  keysText: '[Type, KeyId]',
  options: (k) => (k === 'Label' ? ['Equals'] : ['BeginsWith', 'Equals']),
  defaultOption: () => 'Equals',
};

const DESCRIBE_RULES: FilterRules = {
  keys: (k) => k !== 'Label',
  keysText: '[Path, Name, Type, KeyId, Tier]',
  options: (k) => (k === 'Path' ? ['Recursive', 'OneLevel'] : k === 'Name' ? ['BeginsWith', 'Equals', 'Contains'] : k.startsWith('tag:') ? ['Equals'] : ['BeginsWith', 'Equals']),
  defaultOption: (k) => (k === 'Path' ? 'OneLevel' : 'Equals'),
};

interface Filter {
  key: string;
  option: string;
  values: readonly string[] | undefined;
}

function readFilters(filters: readonly ParameterStringFilter[] | undefined, rules: FilterRules): Filter[] {
  return (filters ?? []).map((f) => {
    const key = f.Key!;
    if (!rules.keys(key)) throw invalidFilterKey(key, rules.keysText);
    // A tag filter without values matches every parameter that has the tag.
    if (f.Values === undefined && !key.startsWith('tag:')) throw missingFilterValues(key);
    const option = f.Option ?? rules.defaultOption(key);
    const options = rules.options(key);
    if (!options.includes(option)) throw invalidFilterOption(option, `[${options.join(', ')}]`);
    return { key, option, values: f.Values };
  });
}

/** The text a filter key compares, for one parameter (undefined: the parameter has no such attribute). */
function attribute(p: StoredParameter, key: string): string[] {
  const v = current(p);
  switch (key) {
    case 'Name':
      return [p.Name];
    case 'Type':
      return [v.Type];
    case 'KeyId':
      return v.KeyId === undefined ? [] : [v.KeyId];
    case 'Tier':
      return [v.Tier];
    case 'DataType':
      return [v.DataType];
    case 'Label':
      return v.Labels ?? [];
    default: {
      const tag = p.Tags.find((t) => `tag:${t.Key}` === key);
      return tag ? [tag.Value] : [];
    }
  }
}

function matches(p: StoredParameter, f: Filter): boolean {
  if (f.key === 'Path') {
    return (f.values ?? []).some((path) => isUnderPath(p.Name, path.endsWith('/') ? path : `${path}/`, f.option === 'Recursive'));
  }
  const have = attribute(p, f.key);
  if (f.values === undefined) return have.length > 0;
  return have.some((a) => f.values!.some((v) => (f.option === 'BeginsWith' ? a.startsWith(v) : f.option === 'Contains' ? a.includes(v) : a === v)));
}

// ---- paging: a token is the last name of the page, so pages stay right when parameters come and go ----

function pageAfter<T extends StoredParameter>(items: readonly T[], limit: number, token: string | undefined): { page: T[]; next?: string } {
  let start = 0;
  if (token !== undefined) {
    const after = decodeToken(token);
    start = items.findIndex((p) => p.Name > after);
    if (start < 0) start = items.length;
  }
  const page = items.slice(start, start + limit);
  const last = page[page.length - 1];
  return start + limit < items.length && last ? { page, next: encodePageToken({ after: last.Name }) } : { page };
}

const TOKEN = z.object({ after: z.string() });

function decodeToken(token: string): string {
  const value = decodePageToken(token, TOKEN);
  if (!value) throw invalidNextToken();
  return value.after;
}

const byName = (a: StoredParameter, b: StoredParameter): number => (a.Name < b.Name ? -1 : a.Name > b.Name ? 1 : 0);

// ---- operations ----

export interface GetParametersByPathInput {
  Path?: string;
  Recursive?: boolean;
  ParameterFilters?: ParameterStringFilter[];
  WithDecryption?: boolean;
  MaxResults?: number;
  NextToken?: string;
}

/**
 * The parameters under a path, in name order (AWS's order is unspecified). Under `/aws/` are AWS's public
 * parameters, elsewhere the account's own; a name without a leading slash is at the root.
 */
export function getParametersByPath(input: GetParametersByPathInput, ctx: OperationContext) {
  const c = new Clauses().required('path', input.Path).length('path', input.Path, 1, 2048).range('maxResults', input.MaxResults, 1, 10);
  filterClauses(c, input.ParameterFilters);
  c.throwIfAny();
  const path = readPath(input.Path!);
  const filters = readFilters(input.ParameterFilters, BY_PATH_RULES);
  const recursive = input.Recursive === true;
  const candidates = isPublicNamespace(path) ? publicParameters(ctx.scope) : parameters(ctx).list(ctx.scope, '').sort(byName);
  const selected = candidates.filter((p) => isUnderPath(p.Name, path, recursive) && filters.every((f) => matches(p, f)));
  const { page, next } = pageAfter(selected, input.MaxResults ?? 10, input.NextToken);
  const withDecryption = input.WithDecryption === true;
  return { Parameters: page.map((p) => parameterView(ctx.scope, p, current(p), withDecryption)), ...(next === undefined ? {} : { NextToken: next }) };
}

export interface DescribeParametersInput {
  Filters?: Array<{ Key?: string; Values?: string[] }>;
  ParameterFilters?: ParameterStringFilter[];
  MaxResults?: number;
  NextToken?: string;
  Shared?: boolean;
}

/** The account's parameters' metadata (never values), in name order; AWS's public parameters are not listed. */
export function describeParameters(input: DescribeParametersInput, ctx: OperationContext) {
  const c = new Clauses().range('maxResults', input.MaxResults, 1, 50);
  input.Filters?.forEach((f, i) => {
    c.required(`filters.${i + 1}.member.key`, f.Key).enumValue(`filters.${i + 1}.member.key`, f.Key, ['Name', 'Type', 'KeyId'], '[Name, Type, KeyId]');
    c.required(`filters.${i + 1}.member.values`, f.Values).count(`filters.${i + 1}.member.values`, f.Values, 1, 50);
  });
  filterClauses(c, input.ParameterFilters);
  c.throwIfAny();
  // Inferred text: the API reference says the two cannot be combined.
  if (input.Filters !== undefined && input.ParameterFilters !== undefined) throw validation('You can use either Filters or ParameterFilters in a single request, not both.');
  // The older Filters: Name compares as a prefix, Type and KeyId exactly (inferred).
  const filters =
    input.Filters !== undefined
      ? input.Filters.map((f): Filter => ({ key: f.Key!, option: f.Key === 'Name' ? 'BeginsWith' : 'Equals', values: f.Values }))
      : readFilters(input.ParameterFilters, DESCRIBE_RULES);
  // Shared parameters are other accounts' (Advanced tier, shared through RAM): Gatehouse has none.
  const all = input.Shared === true ? [] : parameters(ctx).list(ctx.scope, '').sort(byName);
  const selected = all.filter((p) => filters.every((f) => matches(p, f)));
  const { page, next } = pageAfter(selected, input.MaxResults ?? 10, input.NextToken);
  return { Parameters: page.map((p) => metadataView(ctx.scope, p)), ...(next === undefined ? {} : { NextToken: next }) };
}
