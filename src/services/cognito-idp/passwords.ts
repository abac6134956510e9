/**
 * Passwords: kept only as salted scrypt hashes, checked in constant time; the pool's password policy in
 * Cognito's words; SECRET_HASH as Cognito computes it.
 */
import { createHmac, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { invalidPassword } from './errors.js';
import type { PasswordHash, PasswordPolicy } from './state.js';

const SCRYPT = { N: 16384, r: 8, p: 1 } as const;

export function hashPassword(password: string): PasswordHash {
  const salt = randomBytes(16);
  const hash = scryptSync(password.normalize('NFC'), salt, 32, SCRYPT);
  return { hash: `scrypt$${salt.toString('base64')}$${hash.toString('base64')}` };
}

export function passwordMatches(stored: PasswordHash | undefined, password: string): boolean {
  if (!stored) return false;
  const [kind, salt, hash] = stored.hash.split('$');
  if (kind !== 'scrypt' || salt === undefined || hash === undefined) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = scryptSync(password.normalize('NFC'), Buffer.from(salt, 'base64'), expected.length, SCRYPT);
  return timingSafeEqual(expected, actual);
}

/** Cognito's symbols: `^ $ * . [ ] { } ( ) ? " ! @ # % & / \ , > < ' : ; | _ ~ ` = + -` and the space. */
const SYMBOLS = /[\^$*.[\]{}()?"!@#%&/\\,><':;|_~`=+\- ]/;

/** The first rule of the pool's policy the password breaks, in Cognito's order, or undefined. */
export function policyViolation(policy: PasswordPolicy, password: string): string | undefined {
  if (password.length < policy.MinimumLength) return 'Password not long enough';
  if (policy.RequireLowercase && !/[a-z]/.test(password)) return 'Password must have lowercase characters';
  if (policy.RequireUppercase && !/[A-Z]/.test(password)) return 'Password must have uppercase characters';
  if (policy.RequireNumbers && !/[0-9]/.test(password)) return 'Password must have numeric characters';
  if (policy.RequireSymbols && !SYMBOLS.test(password)) return 'Password must have symbol characters';
  return undefined;
}

export function checkPolicy(policy: PasswordPolicy, password: string, wording: 'policy' | 'password policy'): void {
  const violation = policyViolation(policy, password);
  if (violation !== undefined) throw invalidPassword(wording, violation);
}

/** Base64(HMAC-SHA256(key = client secret, message = username + client id)). */
export function secretHash(clientSecret: string, username: string, clientId: string): string {
  return createHmac('sha256', clientSecret).update(username + clientId, 'utf8').digest('base64');
}

/** A temporary password that meets the pool's policy (AdminCreateUser without TemporaryPassword). */
export function temporaryPassword(policy: PasswordPolicy): string {
  const body = randomBytes(12).toString('base64url').replace(/[-_]/g, 'x');
  return `${body}aA1!`.padEnd(policy.MinimumLength, 'x');
}
