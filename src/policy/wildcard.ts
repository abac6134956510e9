/**
 * IAM's wildcard matching (`*` any run of characters, `?` one character) for actions, resources, ARNs and
 * StringLike. Patterns are compiled to anchored regular expressions once and cached: policies are
 * evaluated per request, their patterns change only when a policy is saved.
 */
const cache = new Map<string, RegExp>();

function compile(pattern: string, ignoreCase: boolean): RegExp {
  const key = (ignoreCase ? 'i:' : 's:') + pattern;
  let re = cache.get(key);
  if (!re) {
    let source = '^';
    let literal = false;
    for (const ch of pattern) {
      // A NUL marks the next character as literal: the `${*}` and `${?}` policy variables (see variables.ts).
      if (ch === '\u0000') literal = true;
      else if (!literal && ch === '*') source += '[\\s\\S]*';
      else if (!literal && ch === '?') source += '[\\s\\S]';
      else {
        source += ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
        literal = false;
      }
    }
    re = new RegExp(`${source}$`, ignoreCase ? 'iu' : 'u');
    if (cache.size > 10_000) cache.clear();
    cache.set(key, re);
  }
  return re;
}

export function wildcardMatch(pattern: string, value: string, ignoreCase = false): boolean {
  if (pattern === '*') return true;
  if (!pattern.includes('*') && !pattern.includes('?')) {
    const text = literalText(pattern);
    return ignoreCase ? text.toLowerCase() === value.toLowerCase() : text === value;
  }
  return compile(pattern, ignoreCase).test(value);
}

/** A substituted policy value read as plain text: escaped literals lose their marks. */
export function literalText(text: string): string {
  return text.includes('\u0000') ? text.replace(/\u0000/g, '') : text;
}
