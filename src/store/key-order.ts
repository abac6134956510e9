/**
 * How S3 orders keys: by their UTF-8 bytes, which is Unicode code point order. SQLite compares TEXT that way
 * (BINARY collation is memcmp over UTF-8); JavaScript's `<` compares UTF-16 code units, which differs for
 * characters above U+FFFF, hence these helpers.
 */

/** Negative, zero or positive as `a` sorts before, with, or after `b` in UTF-8 byte order. */
export function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/**
 * The smallest string greater than every string that starts with `prefix` (its last code point plus one), or
 * undefined when there is none (`prefix` ends in U+10FFFF, or is empty).
 */
export function prefixEnd(prefix: string): string | undefined {
  const points = Array.from(prefix);
  while (points.length > 0) {
    const last = points.pop()!.codePointAt(0)!;
    if (last < 0x10ffff) {
      // The surrogate range is not a character: the next one after U+D7FF is U+E000.
      const next = last + 1 === 0xd800 ? 0xe000 : last + 1;
      return points.join('') + String.fromCodePoint(next);
    }
  }
  return undefined;
}
