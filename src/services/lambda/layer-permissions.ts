/**
 * A layer version's resource policy: AddLayerVersionPermission, RemoveLayerVersionPermission and
 * GetLayerVersionPolicy. Statements are stored in the version's document as AddPermission stores a
 * function's; the policy has its own RevisionId. Another account may use a version whose policy grants it
 * (`Principal` its account id or `*`).
 */
import { randomUUID } from 'node:crypto';
import type { Operations } from '../../wire/models/lambda-2015-03-31.js';
import type { LayerPermissionStatement, LayerVersionRecord } from '../../domain/lambda.js';
import { lambdaLayerVersionArn } from '../../shared/arns.js';
import { validationError } from '../../shared/errors.js';
import type { OperationContext } from '../types.js';
import { preconditionFailed, resourceConflict, resourceNotFound } from './errors.js';
import { layerAccessDenied, layerRef, type LayerRef } from './layers.js';
import { tables } from './state.js';
import { requiredMember } from './validation.js';

type Input<Op extends keyof Operations> = Operations[Op]['input'];

/** The model's patterns, in the words of the ValidationException that quotes them. */
const STATEMENT_ID = { text: '([a-zA-Z0-9-_]+)', re: /^[a-zA-Z0-9-_]+$/ };
const ACTION = { text: 'lambda:GetLayerVersion', re: /^lambda:GetLayerVersion$/ };
const PRINCIPAL = { text: '\\d{12}|\\*|arn:(aws[a-zA-Z-]*):iam::\\d{12}:root', re: /^(?:\d{12}|\*|arn:(aws[a-zA-Z-]*):iam::\d{12}:root)$/ };
const ORGANIZATION = { text: 'o-[a-z0-9]{10,32}', re: /^o-[a-z0-9]{10,32}$/ };

const REVISION_MISMATCH = 'The Revision Id provided does not match the latest Revision Id. Call the GetLayerPolicy API to retrieve the latest Revision Id';

interface Held {
  ref: LayerRef;
  version: number;
  record: LayerVersionRecord;
  save(record: LayerVersionRecord): void;
}

/** The caller's own layer version named by LayerName and VersionNumber, or Lambda's not-found answer. */
function ownVersion(ctx: OperationContext, layerName: string, version: number, action: string): Held {
  const ref = layerRef(ctx, layerName);
  const arn = lambdaLayerVersionArn(ref.scope, ref.name, version);
  if (ref.scope.account !== ctx.scope.account) throw layerAccessDenied(ctx, action, arn);
  const t = tables(ctx).layerVersions;
  const record = t.get(ref.scope, ref.name, String(version));
  if (record === undefined) throw resourceNotFound(`Layer version ${arn} does not exist.`);
  return { ref, version, record, save: (r) => t.update(ref.scope, ref.name, String(version), r) };
}

function principalOf(value: string): LayerPermissionStatement['Principal'] {
  if (value === '*') return '*';
  return { AWS: /^\d{12}$/.test(value) ? `arn:aws:iam::${value}:root` : value };
}

export function addLayerVersionPermission(input: Input<'AddLayerVersionPermission'>, ctx: OperationContext) {
  const statementId = requiredMember('statementId', input.StatementId);
  const action = requiredMember('action', input.Action);
  const principal = requiredMember('principal', input.Principal);
  const clauses: string[] = [];
  const check = (at: string, value: string | undefined, pattern: { text: string; re: RegExp }): void => {
    if (value !== undefined && !pattern.re.test(value)) clauses.push(`Value '${value}' at '${at}' failed to satisfy constraint: Member must satisfy regular expression pattern: ${pattern.text}`);
  };
  check('statementId', statementId, STATEMENT_ID);
  check('action', action, ACTION);
  check('principal', principal, PRINCIPAL);
  check('organizationId', input.OrganizationId, ORGANIZATION);
  if (clauses.length > 0) throw validationError(clauses);
  const held = ownVersion(ctx, input.LayerName, input.VersionNumber, 'AddLayerVersionPermission');
  const statements = held.record.policy ?? [];
  if (statements.some((s) => s.Sid === statementId)) {
    throw resourceConflict(`The statement id (${statementId}) provided already exists. Please provide a new statement id, or remove the existing statement.`);
  }
  if (input.RevisionId !== undefined && input.RevisionId !== held.record.policyRevisionId) throw preconditionFailed(REVISION_MISMATCH);
  const statement: LayerPermissionStatement = { Sid: statementId, Effect: 'Allow', Principal: principalOf(principal), Action: action, Resource: held.record.LayerVersionArn };
  if (input.OrganizationId !== undefined) statement.Condition = { StringEquals: { 'aws:PrincipalOrgID': input.OrganizationId } };
  const revisionId = randomUUID();
  held.save({ ...held.record, policy: [...statements, statement], policyRevisionId: revisionId });
  return { Statement: JSON.stringify(statement), RevisionId: revisionId };
}

export function removeLayerVersionPermission(input: Input<'RemoveLayerVersionPermission'>, ctx: OperationContext): void {
  const held = ownVersion(ctx, input.LayerName, input.VersionNumber, 'RemoveLayerVersionPermission');
  const statements = held.record.policy ?? [];
  if (input.RevisionId !== undefined && input.RevisionId !== held.record.policyRevisionId) throw preconditionFailed(REVISION_MISMATCH);
  if (!statements.some((s) => s.Sid === input.StatementId)) throw resourceNotFound(`Statement ${input.StatementId} is not found in resource policy.`);
  held.save({ ...held.record, policy: statements.filter((s) => s.Sid !== input.StatementId), policyRevisionId: randomUUID() });
}

export function getLayerVersionPolicy(input: Input<'GetLayerVersionPolicy'>, ctx: OperationContext) {
  const held = ownVersion(ctx, input.LayerName, input.VersionNumber, 'GetLayerVersionPolicy');
  const statements = held.record.policy ?? [];
  if (statements.length === 0) throw resourceNotFound('No policy is associated with the given resource.');
  return { Policy: JSON.stringify({ Version: '2012-10-17', Id: 'default', Statement: statements }), RevisionId: held.record.policyRevisionId };
}
