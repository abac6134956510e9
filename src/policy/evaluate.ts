/**
 * Policy evaluation as IAM does it for one policy: a statement applies when its principal, action, resource
 * and every condition match; an applying Deny decides (explicit deny), else an applying Allow (allow), else
 * nothing does (implicit deny). Every decision carries its explanation: which statement decided and, for
 * each statement, what matched and which condition failed.
 */
import { evaluateCondition, parseOperator } from './conditions.js';
import type { PolicyDocument, PolicyStatement } from './document.js';
import { statementsOf } from './document.js';
import type { PolicyRequest, Principal } from './request.js';
import { substitute } from './variables.js';
import { wildcardMatch } from './wildcard.js';

export type Decision = 'Allow' | 'ExplicitDeny' | 'ImplicitDeny';

export interface ConditionTrace {
  operator: string;
  key: string;
  /** The policy's values for the key, as written. */
  values: string[];
  /** The request's value for the key; absent when the request does not carry it. */
  requestValue?: string | readonly string[];
  result: boolean;
  note: string;
}

export interface StatementTrace {
  index: number;
  sid?: string;
  effect: 'Allow' | 'Deny';
  /** The statement itself, so an explanation can show what did not match. */
  statement: PolicyStatement;
  principal: boolean;
  action: boolean;
  resource: boolean;
  conditions: ConditionTrace[];
  /** All of the above matched: the statement takes part in the decision. */
  applies: boolean;
}

export interface Evaluation {
  decision: Decision;
  /** The index of the statement that decided (undefined for an implicit deny). */
  decidedBy?: number;
  statements: StatementTrace[];
}

const asList = (v: string | readonly string[] | undefined): readonly string[] => (v === undefined ? [] : typeof v === 'string' ? [v] : v);

function principalMatches(spec: PolicyStatement['Principal'], principal: Principal): boolean {
  if (spec === '*') return true;
  if (spec === undefined) return false;
  for (const aws of asList(spec.AWS)) {
    if (aws === '*') return true;
    if (principal.kind !== 'aws') continue;
    if (aws === principal.account || aws === `arn:aws:iam::${principal.account}:root` || aws === principal.arn || aws === principal.issuer) return true;
    // A role session is the role: arn:aws:sts::A:assumed-role/R/s is arn:aws:iam::A:role/R.
    const session = /^arn:aws:sts::(\d{12}):assumed-role\/([^/]+)\//.exec(principal.arn);
    if (session && aws === `arn:aws:iam::${session[1]}:role/${session[2]}`) return true;
  }
  for (const service of asList(spec.Service)) if (principal.kind === 'service' && service === principal.service) return true;
  return false;
}

function anyMatch(patterns: readonly string[], value: string, ignoreCase: boolean, request: PolicyRequest, variables: boolean): boolean {
  return patterns.some((p) => {
    const s = ignoreCase || !variables ? p : substitute(p, request.keys);
    return s !== undefined && wildcardMatch(s, value, ignoreCase);
  });
}

/** `variables`: whether policy variables are variables (policy language 2012-10-17) or literal text (2008-10-17). */
function traceStatement(statement: PolicyStatement, index: number, request: PolicyRequest, variables: boolean): StatementTrace {
  const principal = statement.NotPrincipal !== undefined
    ? !principalMatches(statement.NotPrincipal, request.principal)
    // No Principal at all: an identity-based policy, which applies to its own caller.
    : statement.Principal === undefined || principalMatches(statement.Principal, request.principal);
  const action = statement.NotAction !== undefined
    ? !anyMatch(asList(statement.NotAction), request.action, true, request, variables)
    : anyMatch(asList(statement.Action), request.action, true, request, variables);
  const resource = statement.NotResource !== undefined
    ? !anyMatch(asList(statement.NotResource), request.resource, false, request, variables)
    // Neither: a trust policy, whose resource is the role that holds it.
    : statement.Resource === undefined || anyMatch(asList(statement.Resource), request.resource, false, request, variables);
  const conditions: ConditionTrace[] = [];
  for (const [operatorName, entries] of Object.entries(statement.Condition ?? {})) {
    const operator = parseOperator(operatorName);
    for (const [key, raw] of Object.entries(entries)) {
      const values = (Array.isArray(raw) ? raw : [raw]).map(String);
      if (!operator) {
        conditions.push({ operator: operatorName, key, values, result: false, note: `${operatorName} is not an IAM condition operator` });
        continue;
      }
      const { result, note, requestValue } = evaluateCondition(operator, key, values, request.keys, variables);
      const trace: ConditionTrace = { operator: operatorName, key, values, result, note };
      if (requestValue !== undefined) trace.requestValue = requestValue;
      conditions.push(trace);
    }
  }
  const trace: StatementTrace = { index, effect: statement.Effect, statement, principal, action, resource, conditions, applies: principal && action && resource && conditions.every((c) => c.result) };
  if (statement.Sid !== undefined) trace.sid = statement.Sid;
  return trace;
}

export function evaluatePolicy(document: PolicyDocument, request: PolicyRequest): Evaluation {
  // Policy variables exist only in the 2012-10-17 language; without that Version (the default is 2008-10-17)
  // IAM treats `${aws:SourceVpc}` as literal text.
  const variables = document.Version === '2012-10-17';
  const statements = statementsOf(document).map((s, i) => traceStatement(s, i, request, variables));
  const deny = statements.find((s) => s.applies && s.effect === 'Deny');
  if (deny) return { decision: 'ExplicitDeny', decidedBy: deny.index, statements };
  const allow = statements.find((s) => s.applies && s.effect === 'Allow');
  if (allow) return { decision: 'Allow', decidedBy: allow.index, statements };
  return { decision: 'ImplicitDeny', statements };
}

const statementName = (s: StatementTrace): string => `statement ${s.index}${s.sid !== undefined ? ` (${s.sid})` : ''}`;

/** The principal, action and resource mismatches of a statement. */
function elementMisses(s: StatementTrace): string[] {
  const out: string[] = [];
  if (!s.principal) out.push('the principal does not match');
  if (!s.action) out.push('the action does not match');
  if (!s.resource) out.push('the resource does not match');
  return out;
}

const failedCondition = (c: ConditionTrace): string => `condition ${c.operator} failed: ${c.note}`;

/** Why a statement does not apply, most basic mismatch first: principal, action, resource, then conditions. */
const misses = (s: StatementTrace): string[] => [...elementMisses(s), ...s.conditions.filter((c) => !c.result).map(failedCondition)];

/** The evaluation in sentences: what decided, and why each statement did or did not apply. */
export function explain(evaluation: Evaluation): string[] {
  const lines: string[] = [];
  const decider = evaluation.decidedBy === undefined ? undefined : evaluation.statements[evaluation.decidedBy];
  if (evaluation.decision === 'ImplicitDeny') lines.push('Denied: no statement allows this request (implicit deny).');
  else if (decider) lines.push(`${evaluation.decision === 'Allow' ? 'Allowed' : 'Denied'} by ${statementName(decider)} (${decider.effect}).`);
  for (const s of evaluation.statements) {
    lines.push(s.applies ? `${statementName(s)} ${s.effect} applies: ${s.conditions.map((c) => c.note).join('; ') || 'no conditions'}` : `${statementName(s)} ${s.effect} does not apply: ${misses(s).join('; ')}`);
  }
  return lines;
}

/**
 * The decision in one sentence, for a log line: the deciding statement and the conditions that made it apply,
 * or, for an implicit deny, why the closest Allow statement does not apply (its principal, action or resource
 * mismatches and its first failed condition; an Allow whose action and resource match is the one the author
 * most likely meant).
 */
export function reason(evaluation: Evaluation): string {
  const decider = evaluation.decidedBy === undefined ? undefined : evaluation.statements[evaluation.decidedBy];
  if (decider) {
    const what = evaluation.decision === 'Allow' ? 'allowed' : 'explicit deny';
    const held = decider.conditions.map((c) => c.note).join('; ');
    return `${what} by ${statementName(decider)}${held === '' ? '' : `: ${held}`}`;
  }
  const allows = evaluation.statements.filter((s) => s.effect === 'Allow');
  const closest = allows.find((s) => s.action && s.resource) ?? allows[0];
  if (!closest) return 'implicit deny: the policy has no Allow statement';
  // Every element that does not match, and the first failed condition.
  const shown = elementMisses(closest);
  const failed = closest.conditions.find((c) => !c.result);
  if (failed) shown.push(failedCondition(failed));
  return `implicit deny: no statement allows this request; ${statementName(closest)} Allow does not apply: ${shown.join('; ') || 'it does not match'}`;
}
