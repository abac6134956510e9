/**
 * The model's constraints on the members every operation shares, in Coral's words (Cognito answers them as
 * InvalidParameterException): one violation at a time, the first member first.
 */
import { validationError } from './errors.js';

export function required<T>(member: string, value: T | undefined | null): T {
  if (value === undefined || value === null) throw validationError(`Value null at '${member}' failed to satisfy constraint: Member must not be null`);
  return value;
}

function pattern(member: string, value: string, re: RegExp, text: string, min: number, max: number): string {
  if (value.length < min) throw validationError(`Value '${value}' at '${member}' failed to satisfy constraint: Member must have length greater than or equal to ${min}`);
  if (value.length > max) throw validationError(`Value '${value}' at '${member}' failed to satisfy constraint: Member must have length less than or equal to ${max}`);
  if (!re.test(value)) throw validationError(`Value '${value}' at '${member}' failed to satisfy constraint: Member must satisfy regular expression pattern: ${text}`);
  return value;
}

export const checkPoolId = (value: string | undefined, member = 'userPoolId'): string => pattern(member, required(member, value), /^[\w-]+_[0-9a-zA-Z]+$/, '[\\w-]+_[0-9a-zA-Z]+', 1, 55);

export const checkClientId = (value: string | undefined, member = 'clientId'): string => pattern(member, required(member, value), /^[\w+]+$/, '[\\w+]+', 1, 128);

export const checkUsername = (value: string | undefined, member = 'username'): string => pattern(member, required(member, value), /^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$/u, '[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+', 1, 128);

export const checkName = (member: string, value: string | undefined, max: number): string => pattern(member, required(member, value), /^[\w\s+=,.@-]+$/, '[\\w\\s+=,.@-]+', 1, max);

/** A password member: the model's length and pattern (the pool's policy is checked apart, as InvalidPasswordException). */
export function checkPasswordMember(member: string, value: string | undefined): string {
  const v = required(member, value);
  // Coral prints a sensitive member's value as "***" rather than the password.
  if (v.length < 1) throw validationError(`Value at '${member}' failed to satisfy constraint: Member must have length greater than or equal to 1`);
  if (v.length > 256) throw validationError(`Value at '${member}' failed to satisfy constraint: Member must have length less than or equal to 256`);
  if (!/^[\S]+$/u.test(v)) throw validationError(`Value at '${member}' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\S]+`);
  return v;
}

export function checkRange(member: string, value: number | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (value < min) throw validationError(`Value '${value}' at '${member}' failed to satisfy constraint: Member must have value greater than or equal to ${min}`);
  if (value > max) throw validationError(`Value '${value}' at '${member}' failed to satisfy constraint: Member must have value less than or equal to ${max}`);
  return value;
}

export function checkEnum(member: string, value: string | undefined, values: readonly string[]): string | undefined {
  if (value !== undefined && !values.includes(value)) throw validationError(`Value '${value}' at '${member}' failed to satisfy constraint: Member must satisfy enum value set: [${values.join(', ')}]`);
  return value;
}
