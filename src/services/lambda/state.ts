/** Lambda's tables and the lookups every operation shares: a function, and a qualifier within it. */
import type { FunctionAlias, FunctionConfiguration, FunctionVersion, LambdaFunction, LambdaLayer, LayerVersionRecord } from '../../domain/lambda.js';
import type { DocumentTable } from '../../store/store.js';
import type { OperationContext } from '../types.js';
import { functionNotFound, resourceNotFound } from './errors.js';
import { lambdaFunctionArn } from '../../shared/arns.js';
import { parseFunctionName, type FunctionRef } from './names.js';

export interface Tables {
  functions: DocumentTable<LambdaFunction>;
  /** parent = function name, id = version number */
  versions: DocumentTable<FunctionVersion>;
  /** parent = function name, id = alias name */
  aliases: DocumentTable<FunctionAlias>;
  /** parent = '', id = layer name */
  layers: DocumentTable<LambdaLayer>;
  /** parent = layer name, id = version number */
  layerVersions: DocumentTable<LayerVersionRecord>;
}

export function tables(ctx: OperationContext): Tables {
  return {
    functions: ctx.store.table('lambda_functions'),
    versions: ctx.store.table('lambda_versions'),
    aliases: ctx.store.table('lambda_aliases'),
    layers: ctx.store.table('lambda_layers'),
    layerVersions: ctx.store.table('lambda_layer_versions'),
  };
}

export function requireFunction(ctx: OperationContext, ref: FunctionRef): LambdaFunction {
  const fn = tables(ctx).functions.get(ctx.scope, '', ref.name);
  if (!fn) throw functionNotFound(lambdaFunctionArn(ctx.scope, ref.name, ref.qualifier === '$LATEST' ? '$LATEST' : undefined));
  return fn;
}

/** What a qualifier names: the configuration to show or run, and where its own policy lives. */
export interface Resolved {
  fn: LambdaFunction;
  configuration: FunctionConfiguration;
  codeKey: string;
  /** The code keys of the configuration's layers, in order. */
  layerKeys: readonly string[];
  /** The version that runs ($LATEST or a number). */
  version: string;
  kind: 'latest' | 'version' | 'alias';
  alias?: FunctionAlias;
  versionRecord?: FunctionVersion;
}

export function resolve(ctx: OperationContext, ref: FunctionRef): Resolved {
  const fn = requireFunction(ctx, ref);
  const q = ref.qualifier;
  if (q === undefined || q === '$LATEST') {
    const configuration = q === undefined ? fn.configuration : { ...fn.configuration, FunctionArn: lambdaFunctionArn(ctx.scope, ref.name, '$LATEST') };
    return { fn, configuration, codeKey: fn.codeKey, layerKeys: fn.layerKeys ?? [], version: '$LATEST', kind: 'latest' };
  }
  const t = tables(ctx);
  if (/^\d+$/.test(q)) {
    const versionRecord = t.versions.get(ctx.scope, ref.name, q);
    if (!versionRecord) throw functionNotFound(lambdaFunctionArn(ctx.scope, ref.name, q));
    return { fn, configuration: versionRecord.configuration, codeKey: versionRecord.codeKey, layerKeys: versionRecord.layerKeys ?? [], version: q, kind: 'version', versionRecord };
  }
  const alias = t.aliases.get(ctx.scope, ref.name, q);
  if (!alias) throw functionNotFound(lambdaFunctionArn(ctx.scope, ref.name, q));
  const target = resolve(ctx, { name: ref.name, qualifier: alias.FunctionVersion });
  return { ...target, configuration: { ...target.configuration, FunctionArn: alias.AliasArn }, kind: 'alias', alias };
}

export function aliasNotFound(ctx: OperationContext, name: string, alias: string) {
  return resourceNotFound(`Cannot find alias arn: ${lambdaFunctionArn(ctx.scope, name, alias)}`);
}

export function refOf(ctx: OperationContext, functionName: string, qualifier?: string): FunctionRef {
  return parseFunctionName(ctx.scope, functionName, qualifier);
}
