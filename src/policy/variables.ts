/**
 * Policy variables: `${aws:SourceVpc}` in a condition value or resource is replaced by the request's value
 * for that key; `${key, 'default'}` gives a default; `${*}`, `${?}` and `${$}` are the literal characters.
 * A variable with no value and no default makes the string unusable (the comparison does not match).
 * Only policies in the 2012-10-17 language have variables; evaluate.ts does not substitute in older ones.
 */
import type { RequestKeys } from './request.js';
import { keyValue } from './request.js';

const VARIABLE = /\$\{([^}]*)\}/g;

/** The string with its variables replaced, or undefined when a variable has no value. */
export function substitute(text: string, keys: RequestKeys): string | undefined {
  if (!text.includes('${')) return text;
  let missing = false;
  const out = text.replace(VARIABLE, (_all, inner: string) => {
    const body = inner.trim();
    // Marked so wildcard matching takes them literally (wildcard.ts); literalText drops the mark.
    if (body === '*' || body === '?' || body === '$') return `\u0000${body}`;
    const m = /^([^,]+?)\s*(?:,\s*'([^']*)')?$/.exec(body);
    const name = m?.[1]?.trim() ?? body;
    const value = keyValue(keys, name);
    const single = Array.isArray(value) ? value[0] : value;
    if (single !== undefined) return single;
    if (m?.[2] !== undefined) return m[2];
    missing = true;
    return '';
  });
  return missing ? undefined : out;
}
