/** IAM tags on roles, users, policies and instance profiles: at most 50, keys of 1-128 and values of 0-256 characters. */
import { Clauses } from '../../shared/validation-clauses.js';
import { tooManyTags } from './errors.js';
import type { Tag } from './state.js';

export function checkTags(tags: ReadonlyArray<{ Key?: string; Value?: string }> | undefined, at = 'tags'): Tag[] {
  const list = tags ?? [];
  tagClauses(new Clauses('ValidationError'), list, at).throwIfAny();
  return list.map((t) => ({ Key: t.Key!, Value: t.Value! }));
}

/** The clauses a list of tags adds to a request's validation (IAM's, and STS's session tags). */
export function tagClauses(clauses: Clauses, list: ReadonlyArray<{ Key?: string; Value?: string }>, at = 'tags'): Clauses {
  clauses.count(at, list, 0, 50);
  list.forEach((t, i) => {
    clauses.required(`${at}.${i + 1}.member.key`, t.Key).length(`${at}.${i + 1}.member.key`, t.Key, 1, 128).required(`${at}.${i + 1}.member.value`, t.Value).length(`${at}.${i + 1}.member.value`, t.Value, 0, 256);
  });
  return clauses;
}

/** `existing` with `added` put over it (a tag with the same key is replaced), refused past 50. */
export function mergeTags(existing: readonly Tag[], added: readonly Tag[]): Tag[] {
  const out = existing.filter((t) => !added.some((a) => a.Key === t.Key)).concat(added);
  if (out.length > 50) throw tooManyTags();
  return out;
}

export const withoutTags = (existing: readonly Tag[], keys: readonly string[]): Tag[] => existing.filter((t) => !keys.includes(t.Key));
