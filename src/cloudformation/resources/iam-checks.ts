/**
 * What CloudFormation checks in IAM resources' properties before it calls IAM (its schema's patterns and
 * ranges, worded as its validation does), and the IAM calls the IAM resource types share.
 */
import { isServiceError, resourceAlreadyExists, unlessGone, validationFailed } from './errors.js';
import type { ResourceContext } from './types.js';

/** IAM's path rule: `/`, or slash-delimited printable ASCII starting and ending with `/`. */
const PATH = /^(\/|\/[\u0021-\u007E]+\/)$/;
/** IAM's names for roles, users, policies and instance profiles. */
const NAME = /^[\w+=,.@-]+$/;

export function checkPath(ctx: ResourceContext, path: string | undefined): string {
  const p = path ?? '/';
  if (p.length > 512 || !PATH.test(p)) throw validationFailed(ctx.logicalId, `#/Path: string [${p}] does not match pattern ^/(.+/)*$`);
  return p;
}

export function checkName(ctx: ResourceContext, property: string, name: string | undefined, maxLength: number): void {
  if (name === undefined) return;
  if (name.length > maxLength) throw validationFailed(ctx.logicalId, `#/${property}: expected maxLength: ${maxLength}, actual: ${name.length}`);
  if (!NAME.test(name)) throw validationFailed(ctx.logicalId, `#/${property}: string [${name}] does not match pattern [\\w+=,.@-]+`);
}

/**
 * A policy document must be a JSON object with a Statement (IAM refuses anything else with "Syntax errors in
 * policy"); the rest of IAM's grammar is IAM's to check when the document reaches it.
 */
export function checkDocument(ctx: ResourceContext, property: string, document: unknown): void {
  let value = document;
  if (typeof document === 'string') {
    try {
      value = JSON.parse(document);
    } catch {
      throw validationFailed(ctx.logicalId, `#/${property}: Syntax errors in policy (not JSON)`);
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value) || !('Statement' in value)) {
    throw validationFailed(ctx.logicalId, `#/${property}: Syntax errors in policy (a policy document needs a Statement)`);
  }
}

/** A create whose name IAM already has: CloudFormation's AlreadyExists failure for the type. */
export async function creating(ctx: ResourceContext, type: string, name: string, operation: string, input: Record<string, unknown>): Promise<Record<string, unknown>> {
  try {
    return await ctx.call('iam', operation, input);
  } catch (error) {
    if (isServiceError(error, 'EntityAlreadyExists')) throw resourceAlreadyExists(type, name);
    throw error;
  }
}

export type HolderKind = 'Role' | 'User';

/** Sets the inline policies of a role or user to `wanted` (by name), removing the ones no longer there. */
export async function syncInline(ctx: ResourceContext, kind: HolderKind, name: string, wanted: ReadonlyArray<{ PolicyName: string; PolicyDocument: string }>, before: readonly string[]): Promise<void> {
  for (const p of wanted) await ctx.call('iam', `Put${kind}Policy`, { [`${kind}Name`]: name, PolicyName: p.PolicyName, PolicyDocument: p.PolicyDocument });
  for (const old of before) {
    if (!wanted.some((p) => p.PolicyName === old)) await unlessGone(ctx.call('iam', `Delete${kind}Policy`, { [`${kind}Name`]: name, PolicyName: old }), 'NoSuchEntity');
  }
}

/** Attaches `wanted` managed policies to a role or user and detaches the ones of `before` no longer wanted. */
export async function syncAttached(ctx: ResourceContext, kind: HolderKind, name: string, wanted: readonly string[], before: readonly string[]): Promise<void> {
  for (const arn of wanted) if (!before.includes(arn)) await ctx.call('iam', `Attach${kind}Policy`, { [`${kind}Name`]: name, PolicyArn: arn });
  for (const arn of before) if (!wanted.includes(arn)) await unlessGone(ctx.call('iam', `Detach${kind}Policy`, { [`${kind}Name`]: name, PolicyArn: arn }), 'NoSuchEntity');
}

/** Removes every inline and attached policy of a role or user (before it is deleted; IAM refuses otherwise). */
export async function emptyHolder(ctx: ResourceContext, kind: HolderKind, name: string): Promise<void> {
  const key = `${kind}Name`;
  const inline = (await ctx.call('iam', `List${kind}Policies`, { [key]: name, MaxItems: 1000 }))['PolicyNames'] as string[] | undefined;
  for (const p of inline ?? []) await unlessGone(ctx.call('iam', `Delete${kind}Policy`, { [key]: name, PolicyName: p }), 'NoSuchEntity');
  const attached = (await ctx.call('iam', `ListAttached${kind}Policies`, { [key]: name, MaxItems: 1000 }))['AttachedPolicies'] as Array<{ PolicyArn: string }> | undefined;
  for (const p of attached ?? []) await unlessGone(ctx.call('iam', `Detach${kind}Policy`, { [key]: name, PolicyArn: p.PolicyArn }), 'NoSuchEntity');
}

/** Deletes a role or user with what is attached to it; one already gone is skipped, as AWS skips it. */
export async function deleteHolder(ctx: ResourceContext, kind: HolderKind, name: string): Promise<void> {
  await unlessGone(emptyHolder(ctx, kind, name), 'NoSuchEntity');
  await unlessGone(ctx.call('iam', `Delete${kind}`, { [`${kind}Name`]: name }), 'NoSuchEntity');
}
