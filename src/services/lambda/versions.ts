/** Versions: PublishVersion and ListVersionsByFunction. A version is a frozen copy of $LATEST. */
import { randomUUID } from 'node:crypto';
import type { FunctionVersion, LambdaFunction } from '../../domain/lambda.js';
import type { OperationContext } from '../types.js';
import { invalidParameter } from './errors.js';
import { listView } from './views.js';
import { lambdaFunctionArn } from '../../shared/arns.js';
import { lastModified } from './names.js';
import { refOf, requireFunction, tables } from './state.js';

/**
 * Publishes $LATEST as the next version, unless nothing changed since the last one: then Lambda returns that
 * version again.
 */
export function publish(ctx: OperationContext, fn: LambdaFunction, description: string | undefined): FunctionVersion {
  const t = tables(ctx);
  const name = fn.configuration.FunctionName;
  const last = fn.nextVersion > 1 ? t.versions.get(ctx.scope, name, String(fn.nextVersion - 1)) : undefined;
  if (last && sameAs(last, fn)) return last;
  const version = String(fn.nextVersion);
  const record: FunctionVersion = {
    configuration: {
      ...structuredClone(fn.configuration),
      FunctionArn: lambdaFunctionArn(ctx.scope, name, version),
      Version: version,
      Description: description ?? fn.configuration.Description,
      RevisionId: randomUUID(),
      LastModified: lastModified(ctx.clock.now()),
    },
    codeKey: fn.codeKey,
  };
  if (fn.layerKeys !== undefined) record.layerKeys = [...fn.layerKeys];
  t.versions.insert(ctx.scope, name, version, record);
  fn.nextVersion++;
  t.functions.update(ctx.scope, '', name, fn);
  return record;
}

/** Whether $LATEST still equals a published version (code and every setting but the bookkeeping). */
function sameAs(version: FunctionVersion, fn: LambdaFunction): boolean {
  const strip = ({ FunctionArn: _a, Version: _v, RevisionId: _r, LastModified: _m, Description: _d, ...rest }: typeof fn.configuration) => rest;
  return version.codeKey === fn.codeKey && JSON.stringify(strip(version.configuration)) === JSON.stringify(strip(fn.configuration));
}

export function publishVersion(input: { FunctionName: string; CodeSha256?: string; Description?: string; RevisionId?: string }, ctx: OperationContext) {
  const fn = requireFunction(ctx, refOf(ctx, input.FunctionName));
  if (input.CodeSha256 !== undefined && input.CodeSha256 !== fn.configuration.CodeSha256) {
    throw invalidParameter(`CodeSHA256 (${input.CodeSha256}) is different from current CodeSHA256 in $LATEST (${fn.configuration.CodeSha256}). Please try again with the CodeSHA256 in $LATEST.`);
  }
  return publish(ctx, fn, input.Description).configuration;
}

export function listVersionsByFunction(input: { FunctionName: string; Marker?: string; MaxItems?: number }, ctx: OperationContext) {
  const ref = refOf(ctx, input.FunctionName);
  const fn = requireFunction(ctx, ref);
  const t = tables(ctx);
  const latest = { ...listView(fn.configuration), FunctionArn: lambdaFunctionArn(ctx.scope, ref.name, '$LATEST') };
  const all = [latest, ...t.versions.list(ctx.scope, ref.name).map((v) => listView(v.configuration))];
  const limit = Math.min(input.MaxItems ?? 50, 50);
  const start = input.Marker === undefined ? 0 : Math.max(0, Number.parseInt(Buffer.from(input.Marker, 'base64url').toString('utf8'), 10) || 0);
  const versions = all.slice(start, start + limit);
  const next = start + limit < all.length ? Buffer.from(String(start + limit)).toString('base64url') : undefined;
  return next === undefined ? { Versions: versions } : { Versions: versions, NextMarker: next };
}
