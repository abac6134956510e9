/**
 * `$util` in mapping templates, as the API Gateway developer guide defines it ("Variables for data
 * transformations", $util): escapeJavaScript, parseJson, urlEncode, urlDecode, base64Encode, base64Decode.
 * AWS runs Java: the escaping is Apache Commons Lang's escapeJavaScript, the URL functions are Java's
 * URLEncoder/URLDecoder (form encoding, UTF-8), base64 is over UTF-8.
 */
import { parseJsonValue, renderValue, VtlError } from './values.js';

const hex = (code: number): string => code.toString(16).toUpperCase();

/**
 * JavaScript string escaping as Commons Lang 2 does it: quotes (single too), backslash and `/` escaped,
 * control characters as `\b \n \t \f \r` or `\u00XX`, and every non-ASCII UTF-16 unit as `\uXXXX`.
 */
export function escapeJavaScript(input: string): string {
  let out = '';
  for (let i = 0; i < input.length; i++) {
    const code = input.charCodeAt(i);
    if (code > 0x7f) out += `\\u${hex(code).padStart(4, '0')}`;
    else if (code < 32) {
      switch (code) {
        case 8:
          out += '\\b';
          break;
        case 9:
          out += '\\t';
          break;
        case 10:
          out += '\\n';
          break;
        case 12:
          out += '\\f';
          break;
        case 13:
          out += '\\r';
          break;
        default:
          out += `\\u${hex(code).padStart(4, '0')}`;
      }
    } else {
      const ch = input[i]!;
      out += ch === "'" || ch === '"' || ch === '\\' || ch === '/' ? `\\${ch}` : ch;
    }
  }
  return out;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Java's URLEncoder.encode(s, "UTF-8"): letters, digits and `.-*_` kept, space as `+`, the rest %XX. */
export function urlEncode(input: string): string {
  // A lone surrogate cannot be encoded: Java writes '?' in its place.
  return encodeURIComponent(input.replace(LONE_SURROGATE, '?'))
    .replace(/[!'()~]/g, (c) => `%${hex(c.charCodeAt(0))}`)
    .replace(/%20/g, '+');
}

/** Java's URLDecoder.decode(s, "UTF-8"): `+` is a space; a malformed escape is an error. */
export function urlDecode(input: string): string {
  try {
    return decodeURIComponent(input.replace(/\+/g, ' '));
  } catch {
    throw new VtlError(`URLDecoder: Illegal hex characters in escape (%) pattern: ${input}`);
  }
}

/** `$util`: one per rendering (the template engine writes onto the objects it calls methods of). */
export class VtlUtil {
  escapeJavaScript(value: unknown): string {
    return escapeJavaScript(renderValue(value));
  }

  parseJson(value: unknown): unknown {
    const text = renderValue(value);
    try {
      return parseJsonValue(text);
    } catch (error) {
      throw new VtlError(`$util.parseJson: ${(error as Error).message}`);
    }
  }

  urlEncode(value: unknown): string {
    return urlEncode(renderValue(value));
  }

  urlDecode(value: unknown): string {
    return urlDecode(renderValue(value));
  }

  base64Encode(value: unknown): string {
    return Buffer.from(renderValue(value), 'utf8').toString('base64');
  }

  base64Decode(value: unknown): string {
    return Buffer.from(renderValue(value), 'base64').toString('utf8');
  }
}
