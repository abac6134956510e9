/**
 * IAM's names, paths, ARNs and unique ids. IAM is global: Gatehouse keeps an account's IAM entities under the
 * fixed region us-east-1, whatever region a request was signed for, so every region sees the same roles.
 */
import { randomBytes } from 'node:crypto';
import type { Scope } from '../../shared/accounts.js';
import { Clauses } from '../../shared/validation-clauses.js';
import type { OperationContext } from '../types.js';
import { invalidPath } from './errors.js';

export const IAM_REGION = 'us-east-1';

export const iamScope = (account: string): Scope => ({ account, region: IAM_REGION });
export const scopeOf = (ctx: OperationContext): Scope => iamScope(ctx.scope.account);

const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** `length` characters of IAM's id alphabet (upper-case letters and digits 2-7, as AWS's ids use). */
export function idChars(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const b of bytes) out += UPPER_ALNUM[b % 32];
  return out;
}

/** IAM's unique ids: four letters naming the kind and 17 characters (AROA role, AIDA user, ANPA policy, AIPA profile). */
export type IdKind = 'AROA' | 'AIDA' | 'ANPA' | 'AIPA';
export const uniqueId = (kind: IdKind): string => `${kind}${idChars(17)}`;

export const iamArn = (account: string, kind: 'role' | 'user' | 'policy' | 'instance-profile', path: string, name: string): string =>
  `arn:aws:iam::${account}:${kind}${path}${name}`;

/** IAM's name rule for roles, users, policies and instance profiles. */
export const NAME = /^[\w+=,.@-]+$/;
const NAME_TEXT = '[\\w+=,.@-]+';

/** A required name member: Coral's clauses (null, length, pattern) in one ValidationError. */
export function checkName(at: string, value: string | undefined, max: number): string {
  new Clauses('ValidationError').required(at, value).length(at, value, 1, max).pattern(at, value, NAME, NAME_TEXT).throwIfAny();
  return value!;
}

export function required<T>(at: string, value: T | undefined): T {
  new Clauses('ValidationError').required(at, value).throwIfAny();
  return value!;
}

/** `/`, or slash-delimited printable ASCII starting and ending with `/`, at most 512 characters. */
export function checkPath(value: string | undefined): string {
  const path = value ?? '/';
  if (path.length > 512 || !/^(\/|\/[\u0021-\u007E]+\/)$/.test(path)) throw invalidPath();
  return path;
}

/** Whether `path` starts with `prefix` (ListRoles, ListUsers, ListPolicies' PathPrefix; `/` by default). */
export function checkPathPrefix(prefix: string | undefined): string {
  const p = prefix ?? '/';
  new Clauses('ValidationError').length('pathPrefix', p, 1, 512).pattern('pathPrefix', p, /^\u002F[\u0021-\u007F]*$/, '\\u002F[\\u0021-\\u007F]*').throwIfAny();
  return p;
}

/** The parts of a role, user, policy or instance profile ARN: its account, path and name. */
export function parseIamArn(arn: string, kind: string): { account: string; path: string; name: string } | undefined {
  const m = /^arn:aws:iam::(\d{12}|aws):([a-z-]+)(\/(?:.*\/)?)([^/]+)$/.exec(arn);
  if (!m || m[2] !== kind) return undefined;
  return { account: m[1]!, path: m[3]!, name: m[4]! };
}

/** IAM's dates have whole seconds (`2026-12-06T15:52:40Z`). */
export const nowSeconds = (ctx: OperationContext): string => ctx.clock.now().toISOString().replace(/\.\d{3}Z$/, 'Z');
