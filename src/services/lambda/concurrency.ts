/** Reserved concurrency: PutFunctionConcurrency, GetFunctionConcurrency, DeleteFunctionConcurrency. */
import { validationError } from '../../shared/errors.js';
import type { OperationContext } from '../types.js';
import { functionNotFound, invalidParameter } from './errors.js';
import { host } from './functions.js';
import { lambdaFunctionArn } from '../../shared/arns.js';
import { refOf, tables } from './state.js';
import { requiredMember } from './validation.js';

/** Gatehouse's account concurrency, as on a fresh AWS account: reserved concurrency may leave 100 unreserved. */
export const ACCOUNT_CONCURRENCY = 1000;

function loadUnqualified(ctx: OperationContext, functionName: string) {
  const ref = refOf(ctx, functionName);
  if (ref.qualifier !== undefined) {
    throw invalidParameter('This operation is permitted on Lambda functions only. Aliases and versions do not support this operation. Please specify either a function name or an unqualified function ARN.');
  }
  const fn = tables(ctx).functions.get(ctx.scope, '', ref.name);
  if (!fn) throw functionNotFound(lambdaFunctionArn(ctx.scope, ref.name, '$LATEST'));
  return fn;
}

export function putFunctionConcurrency(input: { FunctionName: string; ReservedConcurrentExecutions?: number }, ctx: OperationContext) {
  const n = requiredMember('reservedConcurrentExecutions', input.ReservedConcurrentExecutions);
  if (!Number.isInteger(n) || n < 0) {
    throw validationError([`Value '${n}' at 'reservedConcurrentExecutions' failed to satisfy constraint: Member must have value greater than or equal to 0`]);
  }
  const fn = loadUnqualified(ctx, input.FunctionName);
  const t = tables(ctx);
  const othersReserved = t.functions.list(ctx.scope, '').filter((f) => f.configuration.FunctionName !== fn.configuration.FunctionName).reduce((sum, f) => sum + (f.reservedConcurrency ?? 0), 0);
  if (ACCOUNT_CONCURRENCY - othersReserved - n < 100) {
    throw invalidParameter("Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [100].");
  }
  fn.reservedConcurrency = n;
  t.functions.update(ctx.scope, '', fn.configuration.FunctionName, fn);
  host(ctx).retire(fn.configuration.FunctionArn);
  return { ReservedConcurrentExecutions: n };
}

export function getFunctionConcurrency(input: { FunctionName: string }, ctx: OperationContext) {
  const fn = loadUnqualified(ctx, input.FunctionName);
  return fn.reservedConcurrency === undefined ? {} : { ReservedConcurrentExecutions: fn.reservedConcurrency };
}

export function deleteFunctionConcurrency(input: { FunctionName: string }, ctx: OperationContext): void {
  const fn = loadUnqualified(ctx, input.FunctionName);
  delete fn.reservedConcurrency;
  tables(ctx).functions.update(ctx.scope, '', fn.configuration.FunctionName, fn);
  host(ctx).retire(fn.configuration.FunctionArn);
}
