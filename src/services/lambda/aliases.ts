/** Aliases: CreateAlias, GetAlias, ListAliases, UpdateAlias, DeleteAlias. */
import { randomUUID } from 'node:crypto';
import type { FunctionAlias } from '../../domain/lambda.js';
import { validationError } from '../../shared/errors.js';
import type { OperationContext } from '../types.js';
import { functionNotFound, resourceConflict } from './errors.js';
import { checkRevision } from './functions.js';
import { lambdaFunctionArn } from '../../shared/arns.js';
import { aliasNotFound, refOf, requireFunction, tables } from './state.js';
import { requiredMember } from './validation.js';

const ALIAS_PATTERN_TEXT = '(?!^[0-9]+$)([a-zA-Z0-9-_]+)';
const ALIAS_PATTERN = /^(?!^[0-9]+$)([a-zA-Z0-9-_]+)$/;

/** The alias as Lambda shows it (its own policy is not part of the answer). */
function view(alias: FunctionAlias): Omit<FunctionAlias, 'policy'> {
  const { policy: _p, ...rest } = alias;
  return rest;
}

function checkTarget(ctx: OperationContext, name: string, version: string): void {
  if (version !== '$LATEST' && !tables(ctx).versions.has(ctx.scope, name, version)) throw functionNotFound(lambdaFunctionArn(ctx.scope, name, version));
}

export function createAlias(input: { FunctionName: string; Name?: string; FunctionVersion?: string; Description?: string; RoutingConfig?: FunctionAlias['RoutingConfig'] }, ctx: OperationContext) {
  const name = requiredMember('name', input.Name);
  const functionVersion = requiredMember('functionVersion', input.FunctionVersion);
  if (!ALIAS_PATTERN.test(name) || name.length > 128) {
    throw validationError([`Value '${name}' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: ${ALIAS_PATTERN_TEXT}`]);
  }
  const ref = refOf(ctx, input.FunctionName);
  requireFunction(ctx, ref);
  checkTarget(ctx, ref.name, functionVersion);
  const t = tables(ctx);
  const arn = lambdaFunctionArn(ctx.scope, ref.name, name);
  if (t.aliases.has(ctx.scope, ref.name, name)) throw resourceConflict(`Alias already exists: ${arn}`);
  const alias: FunctionAlias = { AliasArn: arn, Name: name, FunctionVersion: functionVersion, Description: input.Description ?? '', RevisionId: randomUUID() };
  if (input.RoutingConfig !== undefined) alias.RoutingConfig = input.RoutingConfig;
  t.aliases.insert(ctx.scope, ref.name, name, alias);
  return view(alias);
}

function requireAlias(ctx: OperationContext, functionName: string, name: string): { fnName: string; alias: FunctionAlias } {
  const ref = refOf(ctx, functionName);
  requireFunction(ctx, ref);
  const alias = tables(ctx).aliases.get(ctx.scope, ref.name, name);
  if (!alias) throw aliasNotFound(ctx, ref.name, name);
  return { fnName: ref.name, alias };
}

export function getAlias(input: { FunctionName: string; Name: string }, ctx: OperationContext) {
  return view(requireAlias(ctx, input.FunctionName, input.Name).alias);
}

export function listAliases(input: { FunctionName: string; FunctionVersion?: string }, ctx: OperationContext) {
  const ref = refOf(ctx, input.FunctionName);
  requireFunction(ctx, ref);
  const all = tables(ctx).aliases.list(ctx.scope, ref.name);
  return { Aliases: all.filter((a) => input.FunctionVersion === undefined || a.FunctionVersion === input.FunctionVersion).map(view) };
}

export function updateAlias(input: { FunctionName: string; Name: string; FunctionVersion?: string; Description?: string; RoutingConfig?: FunctionAlias['RoutingConfig']; RevisionId?: string }, ctx: OperationContext) {
  const { fnName, alias } = requireAlias(ctx, input.FunctionName, input.Name);
  checkRevision(alias.RevisionId, input.RevisionId);
  if (input.FunctionVersion !== undefined) {
    checkTarget(ctx, fnName, input.FunctionVersion);
    alias.FunctionVersion = input.FunctionVersion;
  }
  if (input.Description !== undefined) alias.Description = input.Description;
  if (input.RoutingConfig !== undefined) alias.RoutingConfig = input.RoutingConfig;
  alias.RevisionId = randomUUID();
  tables(ctx).aliases.update(ctx.scope, fnName, alias.Name, alias);
  return view(alias);
}

export function deleteAlias(input: { FunctionName: string; Name: string }, ctx: OperationContext): void {
  const ref = refOf(ctx, input.FunctionName);
  requireFunction(ctx, ref);
  tables(ctx).aliases.delete(ctx.scope, ref.name, input.Name);
}
