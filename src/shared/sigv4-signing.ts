/**
 * The pure pieces of AWS Signature Version 4 that every verifier shares (S3's in wire/, execute-api's in
 * gateway/): key derivation, hashing, AWS's UriEncode, the canonical query string, and the signing time's
 * two spellings. No request handling and no AWS answers: each verifier words its own refusals.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export const SIGV4_ALGORITHM = 'AWS4-HMAC-SHA256';

/**
 * Signing keys by secret, day, region and service: a key serves a client for a whole day, and deriving it is
 * four HMACs (bench/sigv4: a query request's verification 35 -> 9-10 µs with the cache and the path fast path
 * of wire/sigv4-verify.ts, a rest-json one with an encoded path 13 µs). Bounded: emptied past 1000 keys.
 */
const signingKeys = new Map<string, Buffer>();

export function deriveKey(secret: string, date: string, region: string, service: string): Buffer {
  const id = `${secret}\0${date}\0${region}\0${service}`;
  const cached = signingKeys.get(id);
  if (cached) return cached;
  const kDate = hmac(`AWS4${secret}`, date);
  const key = hmac(hmac(hmac(kDate, region), service), 'aws4_request');
  if (signingKeys.size >= 1000) signingKeys.clear();
  signingKeys.set(id, key);
  return key;
}

export function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** AWS's UriEncode: every byte but the unreserved `A-Za-z0-9-_.~` as `%XX` (upper-case hex). */
export function uriEncode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function sameHex(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

/** Percent-decoding without the form rule `+` = space: signers encode a space as `%20`. */
export function decodeLoose(text: string): string {
  if (!text.includes('%')) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * The canonical query string: each name and value decoded and UriEncoded again, sorted by name then value.
 * `skip` names a parameter left out (a presigned URL's own `X-Amz-Signature`).
 */
export function canonicalQuery(query: string, skip?: string): string {
  if (query === '') return '';
  const pairs: Array<[string, string]> = [];
  for (const part of query.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const key = uriEncode(decodeLoose(eq < 0 ? part : part.slice(0, eq)));
    if (key === skip) continue;
    pairs.push([key, uriEncode(decodeLoose(eq < 0 ? '' : part.slice(eq + 1)))]);
  }
  pairs.sort(([ka, va], [kb, vb]) => (ka < kb ? -1 : ka > kb ? 1 : va < vb ? -1 : va > vb ? 1 : 0));
  return pairs.map(([k, v]) => `${k}=${v}`).join('&');
}

/**
 * Node reads header bytes as latin1; a client signs its header text as UTF-8 (SDK v3 sends a metadata value
 * `ü` as its two UTF-8 bytes): the text signed is those bytes read as UTF-8.
 */
export function utf8Header(value: string): string {
  // eslint-disable-next-line no-control-regex
  return /[^\x00-\x7f]/.test(value) ? Buffer.from(value, 'latin1').toString('utf8') : value;
}

/** A header value as the canonical request holds it: trimmed, inner runs of spaces as one. */
export function canonicalHeaderValue(value: string): string {
  return utf8Header(value).trim().replace(/\s+/g, ' ');
}

/** `20250101T000000Z` as a date, or undefined when it is not one. */
export function parseAmzDate(text: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  return m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]))) : undefined;
}

/** A date as `20250101T000000Z`. */
export const amzDate = (date: Date): string => date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

/** An RFC 1123 `Date` header as `20250101T000000Z` (the signing time of a request without `X-Amz-Date`). */
export function amzDateOf(date: string | undefined): string | undefined {
  if (date === undefined) return undefined;
  const d = new Date(date);
  return Number.isNaN(d.getTime()) ? undefined : amzDate(d);
}
