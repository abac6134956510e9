/**
 * A function's resource policy: AddPermission, RemovePermission, GetPolicy, and the check the execute-api
 * pipeline makes before it invokes a function (`isInvokeAllowed`). Each qualifier ($LATEST, a version, an
 * alias) has its own policy, as on Lambda.
 */
import type { Operations } from '../../wire/models/lambda-2015-03-31.js';
import { validationError } from '../../shared/errors.js';
import { evaluatePolicy } from '../../policy/evaluate.js';
import { requestKeys, type Principal } from '../../policy/request.js';
import type { PermissionStatement } from '../../domain/lambda.js';
import type { OperationContext } from '../types.js';
import { invalidParameter, resourceConflict, resourceNotFound } from './errors.js';
import { lambdaFunctionArn } from '../../shared/arns.js';
import { refOf, resolve, tables, type Resolved } from './state.js';
import { requiredMember } from './validation.js';

const STATEMENT_ID = /^[a-zA-Z0-9-_]+$/;

/** The request as the model shapes it (wire/models). */
type AddPermissionInput = Operations['AddPermission']['input'];

function principalOf(value: string): PermissionStatement['Principal'] {
  if (value === '*') return '*';
  if (/^\d{12}$/.test(value)) return { AWS: `arn:aws:iam::${value}:root` };
  if (value.startsWith('arn:')) return { AWS: value };
  if (/^[a-z0-9.-]+\.amazonaws\.com(\.cn)?$/.test(value)) return { Service: value };
  throw invalidParameter('The provided principal was invalid. Please check the principal and try again.');
}

/** Where the policy of what a qualifier names is kept, and how to save it. */
function policyHolder(ctx: OperationContext, resolved: Resolved) {
  const t = tables(ctx);
  const name = resolved.fn.configuration.FunctionName;
  if (resolved.kind === 'alias') {
    const alias = resolved.alias!;
    return { statements: alias.policy ?? [], save: (s: PermissionStatement[]) => t.aliases.update(ctx.scope, name, alias.Name, { ...alias, policy: s }) };
  }
  if (resolved.kind === 'version') {
    const v = resolved.versionRecord!;
    return { statements: v.policy ?? [], save: (s: PermissionStatement[]) => t.versions.update(ctx.scope, name, resolved.version, { ...v, policy: s }) };
  }
  const fn = resolved.fn;
  return { statements: fn.policy ?? [], save: (s: PermissionStatement[]) => t.functions.update(ctx.scope, '', name, { ...fn, policy: s }) };
}

export function addPermission(input: AddPermissionInput, ctx: OperationContext) {
  const statementId = requiredMember('statementId', input.StatementId);
  const action = requiredMember('action', input.Action);
  const principal = requiredMember('principal', input.Principal);
  if (!STATEMENT_ID.test(statementId)) {
    throw validationError([`Value '${statementId}' at 'statementId' failed to satisfy constraint: Member must satisfy regular expression pattern: ([a-zA-Z0-9-_]+)`]);
  }
  const ref = refOf(ctx, input.FunctionName, input.Qualifier);
  if (ref.qualifier === '$LATEST') throw invalidParameter('We currently do not support adding policies for $LATEST.');
  const resolved = resolve(ctx, ref);
  const holder = policyHolder(ctx, resolved);
  if (holder.statements.some((s) => s.Sid === statementId)) {
    throw resourceConflict(`The statement id (${statementId}) provided already exists. Please provide a new statement id, or remove the existing statement.`);
  }
  const statement: PermissionStatement = {
    Sid: statementId,
    Effect: 'Allow',
    Principal: principalOf(principal),
    Action: action,
    Resource: lambdaFunctionArn(ctx.scope, ref.name, ref.qualifier),
  };
  const equals: Record<string, string> = {};
  if (input.SourceAccount !== undefined) equals['AWS:SourceAccount'] = input.SourceAccount;
  if (input.PrincipalOrgID !== undefined) equals['aws:PrincipalOrgID'] = input.PrincipalOrgID;
  if (input.EventSourceToken !== undefined) equals['lambda:EventSourceToken'] = input.EventSourceToken;
  if (input.FunctionUrlAuthType !== undefined) equals['lambda:FunctionUrlAuthType'] = input.FunctionUrlAuthType;
  const condition: Record<string, Record<string, string>> = {};
  if (Object.keys(equals).length > 0) condition['StringEquals'] = equals;
  if (input.SourceArn !== undefined) condition['ArnLike'] = { 'AWS:SourceArn': input.SourceArn };
  if (Object.keys(condition).length > 0) statement.Condition = condition;
  holder.save([...holder.statements, statement]);
  return { Statement: JSON.stringify(statement) };
}

export function removePermission(input: { FunctionName: string; StatementId: string; Qualifier?: string }, ctx: OperationContext): void {
  const ref = refOf(ctx, input.FunctionName, input.Qualifier);
  if (!tables(ctx).functions.has(ctx.scope, '', ref.name)) throw resourceNotFound(`No policy found for: ${lambdaFunctionArn(ctx.scope, ref.name, ref.qualifier)}`);
  const holder = policyHolder(ctx, resolve(ctx, ref));
  if (holder.statements.length === 0) throw resourceNotFound('No policy is associated with the given resource.');
  if (!holder.statements.some((s) => s.Sid === input.StatementId)) throw resourceNotFound(`Statement ${input.StatementId} is not found in resource policy.`);
  holder.save(holder.statements.filter((s) => s.Sid !== input.StatementId));
}

export function getPolicy(input: { FunctionName: string; Qualifier?: string }, ctx: OperationContext) {
  const resolved = resolve(ctx, refOf(ctx, input.FunctionName, input.Qualifier));
  const statements = policyHolder(ctx, resolved).statements;
  if (statements.length === 0) throw resourceNotFound('The resource you requested does not exist.');
  return { Policy: JSON.stringify({ Version: '2012-10-17', Id: 'default', Statement: statements }), RevisionId: resolved.fn.configuration.RevisionId };
}

/**
 * Whether `principal` may invoke what `resolved` names, by its resource policy (Lambda evaluates the
 * qualifier's own policy; same-account IAM callers are not checked here, as Gatehouse has no IAM).
 */
export function isInvokeAllowed(ctx: OperationContext, resolved: Resolved, principal: Principal, sourceArn: string | undefined): boolean {
  const statements = policyHolder(ctx, resolved).statements;
  if (statements.length === 0) return false;
  // AddPermission builds every statement, so they are well-formed policy statements already: no parse needed.
  const evaluation = evaluatePolicy({ Version: '2012-10-17', Statement: statements }, {
    principal,
    action: 'lambda:InvokeFunction',
    resource: resolved.configuration.FunctionArn,
    keys: requestKeys({ 'aws:SourceArn': sourceArn, 'aws:SourceAccount': sourceArn?.split(':')[4] }),
  });
  return evaluation.decision === 'Allow';
}
