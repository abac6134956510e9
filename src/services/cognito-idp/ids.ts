/** Cognito's identifiers: pool ids' suffix (mixed case), client ids and secrets (lower case), codes. */
import { randomBytes } from 'node:crypto';
import { lowerAlnumId } from '../../shared/ids.js';

const MIXED = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** `length` letters of both cases and digits (the part of a pool id after `{region}_`). */
export function mixedId(length: number): string {
  let id = '';
  // 248 = 4 * 62: bytes above it are skipped so every character is equally likely.
  while (id.length < length) for (const b of randomBytes(length)) if (b < 248 && id.length < length) id += MIXED[b % 62];
  return id;
}

/** 26 lower-case letters and digits, as Cognito's app client ids. */
export const newClientId = (): string => lowerAlnumId(26);

/** 51 lower-case letters and digits, as Cognito's app client secrets. */
export const newClientSecret = (): string => lowerAlnumId(51);

/** Six digits: a sign-up confirmation code. */
export const newConfirmationCode = (): string => String(randomBytes(4).readUInt32BE(0) % 1_000_000).padStart(6, '0');
