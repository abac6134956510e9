/**
 * Reading a Lambda proxy integration's answer (payload format 1.0) as API Gateway does: what it accepts,
 * what makes it a 502, how `headers` and `multiValueHeaders` merge, and when `isBase64Encoded` is decoded.
 * Every rule here is recorded from real AWS (docs/aws-facts.md §3.2, test_aws_proxy_response_payload_format_validation).
 */
import { internalServerError } from './gateway-error.js';

export interface ProxyResponse {
  statusCode: number;
  /** Header name (first spelling seen) → values, multiValueHeaders first. */
  headers: Array<[string, string[]]>;
  body: Buffer;
}

const ALLOWED_KEYS = new Set(['statusCode', 'headers', 'multiValueHeaders', 'body', 'isBase64Encoded', 'cookies']);

const malformed = () => internalServerError(502);

/** A header value as API Gateway writes it: booleans and numbers become their text. */
function headerText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw malformed();
}

/**
 * The function's JSON answer → the client's response. `binary` says whether the request's Accept matches the
 * API's binaryMediaTypes: only then is a base64 body decoded.
 */
export function readProxyResponse(payload: string, binary: boolean): ProxyResponse {
  let value: unknown;
  try {
    value = JSON.parse(payload);
  } catch {
    throw malformed();
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw malformed();
  const out = value as Record<string, unknown>;
  if (Object.keys(out).length === 0) throw malformed();
  for (const key of Object.keys(out)) if (!ALLOWED_KEYS.has(key)) throw malformed();

  let statusCode = 200;
  if (out['statusCode'] !== undefined && out['statusCode'] !== null) {
    const n = typeof out['statusCode'] === 'number' ? out['statusCode'] : typeof out['statusCode'] === 'string' && /^\d+$/.test(out['statusCode']) ? Number(out['statusCode']) : Number.NaN;
    if (!Number.isInteger(n) || n < 100 || n > 599) throw malformed();
    statusCode = n;
  }

  const merged = new Map<string, [string, string[]]>();
  const multi = out['multiValueHeaders'];
  if (multi !== undefined && multi !== null) {
    if (typeof multi !== 'object' || Array.isArray(multi)) throw malformed();
    for (const [name, values] of Object.entries(multi as Record<string, unknown>)) {
      if (!Array.isArray(values)) throw malformed();
      merged.set(name.toLowerCase(), [name, values.map(headerText)]);
    }
  }
  const single = out['headers'];
  if (single !== undefined && single !== null) {
    if (typeof single !== 'object' || Array.isArray(single)) throw malformed();
    for (const [name, raw] of Object.entries(single as Record<string, unknown>)) {
      const text = headerText(raw);
      const existing = merged.get(name.toLowerCase());
      // Merged case-insensitively: multiValueHeaders' spelling and values first, then the single value.
      if (existing) {
        if (!existing[1].includes(text)) existing[1].push(text);
      } else merged.set(name.toLowerCase(), [name, [text]]);
    }
  }

  const rawBody = out['body'];
  let body = Buffer.alloc(0);
  if (rawBody !== undefined && rawBody !== null) {
    const text = typeof rawBody === 'string' ? rawBody : JSON.stringify(rawBody);
    body = out['isBase64Encoded'] === true && binary ? Buffer.from(text, 'base64') : Buffer.from(text);
  }
  return { statusCode, headers: [...merged.values()], body };
}
