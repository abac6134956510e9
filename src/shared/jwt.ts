/**
 * Compact JWS (RFC 7515) as Cognito issues them: RS256 only. Decoding never throws: a token that is not three
 * base64url parts of JSON objects, or larger than any token Cognito issues, is `undefined`.
 */
import { createSign, createVerify, type KeyObject } from 'node:crypto';

export interface DecodedJwt {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  /** `header.payload`, the bytes the signature covers. */
  signingInput: string;
  signature: Buffer;
}

/** Far above Cognito's tokens (an id token with many attributes is a few KiB), and below any harm. */
export const MAX_TOKEN_LENGTH = 16 * 1024;
const BASE64URL = /^[A-Za-z0-9_-]*$/;

const encode = (value: unknown): string => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

export function signJwt(header: Record<string, unknown>, payload: Record<string, unknown>, privateKey: KeyObject | string): string {
  const signingInput = `${encode(header)}.${encode(payload)}`;
  const signature = createSign('RSA-SHA256').update(signingInput).sign(privateKey).toString('base64url');
  return `${signingInput}.${signature}`;
}

function jsonObject(part: string): Record<string, unknown> | undefined {
  if (!BASE64URL.test(part) || part.length === 0) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export function decodeJwt(token: string): DecodedJwt | undefined {
  if (token.length > MAX_TOKEN_LENGTH) return undefined;
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const [h, p, s] = parts as [string, string, string];
  if (!BASE64URL.test(s) || s.length === 0) return undefined;
  const header = jsonObject(h);
  const payload = jsonObject(p);
  if (!header || !payload) return undefined;
  return { header, payload, signingInput: `${h}.${p}`, signature: Buffer.from(s, 'base64url') };
}

/** Whether the RS256 signature is the key's (false for any other key type or a malformed signature). */
export function rs256Verifies(jwt: DecodedJwt, publicKey: KeyObject): boolean {
  if (publicKey.asymmetricKeyType !== 'rsa') return false;
  try {
    return createVerify('RSA-SHA256').update(jwt.signingInput).verify(publicKey, jwt.signature);
  } catch {
    return false;
  }
}
