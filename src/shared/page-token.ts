/**
 * The opaque NextToken of a paged listing: a small JSON value, base64url-encoded. Decoding is a trust
 * boundary (a client sends the token back, altered or not), so the value is parsed with the listing's schema:
 * a token that is not one of ours is undefined, and the service answers with its own error for it.
 */
import type { z } from 'zod';

export function encodePageToken(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export function decodePageToken<T>(token: string, schema: z.ZodType<T>): T | undefined {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  const parsed = schema.safeParse(json);
  return parsed.success ? parsed.data : undefined;
}
