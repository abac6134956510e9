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
  result: boolean;
  note: string;
}

export interface StatementTrace {
  index: number;
  sid?: string;
  effect: 'Allow' | 'Deny';
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
    if (aws === principal.account || aws === `arn:aws:iam::${principal.account}:root` || aws === principal.arn) return true;
    // A role session is the role: arn:aws:sts::A:assumed-role/R/s is arn:aws:iam::A:role/R.
    const session = /^arn:aws:sts::(\d{12}):assumed-role\/([^/]+)\//.exec(principal.arn);
    if (session && aws === `arn:aws:iam::${session[1]}:role/${session[2]}`) return true;
  }
  for (const service of asList(spec.Service)) if (principal.kind === 'service' && service === principal.service) return true;
  return false;
}

function anyMatch(patterns: readonly string[], value: string, ignoreCase: boolean, request: PolicyRequest): boolean {
  return patterns.some((p) => {
    const s = ignoreCase ? p : substitute(p, request.keys);
    return s !== undefined && wildcardMatch(s, value, ignoreCase);
  });
}

function traceStatement(statement: PolicyStatement, index: number, request: PolicyRequest): StatementTrace {
  const principal = statement.NotPrincipal !== undefined
    ? !principalMatches(statement.NotPrincipal, request.principal)
    // No Principal at all: an identity-based policy, which applies to its own caller.
    : statement.Principal === undefined || principalMatches(statement.Principal, request.principal);
  const action = statement.NotAction !== undefined
    ? !anyMatch(asList(statement.NotAction), request.action, true, request)
    : anyMatch(asList(statement.Action), request.action, true, request);
  const resource = statement.NotResource !== undefined
    ? !anyMatch(asList(statement.NotResource), request.resource, false, request)
    : anyMatch(asList(statement.Resource), request.resource, false, request);
  const conditions: ConditionTrace[] = [];
  for (const [operatorName, entries] of Object.entries(statement.Condition ?? {})) {
    const operator = parseOperator(operatorName);
    for (const [key, raw] of Object.entries(entries)) {
      if (!operator) {
        conditions.push({ operator: operatorName, key, result: false, note: `${operatorName} is not an IAM condition operator` });
        continue;
      }
      const values = (Array.isArray(raw) ? raw : [raw]).map(String);
      conditions.push({ operator: operatorName, key, ...evaluateCondition(operator, key, values, request.keys) });
    }
  }
  const trace: StatementTrace = { index, effect: statement.Effect, principal, action, resource, conditions, applies: principal && action && resource && conditions.every((c) => c.result) };
  if (statement.Sid !== undefined) trace.sid = statement.Sid;
  return trace;
}

export function evaluatePolicy(document: PolicyDocument, request: PolicyRequest): Evaluation {
  const statements = statementsOf(document).map((s, i) => traceStatement(s, i, request));
  const deny = statements.find((s) => s.applies && s.effect === 'Deny');
  if (deny) return { decision: 'ExplicitDeny', decidedBy: deny.index, statements };
  const allow = statements.find((s) => s.applies && s.effect === 'Allow');
  if (allow) return { decision: 'Allow', decidedBy: allow.index, statements };
  return { decision: 'ImplicitDeny', statements };
}

/** The evaluation in sentences: what decided, and why each statement did or did not apply. */
export function explain(evaluation: Evaluation): string[] {
  const name = (s: StatementTrace): string => `statement ${s.index}${s.sid !== undefined ? ` (${s.sid})` : ''}`;
  const lines: string[] = [];
  const decider = evaluation.decidedBy === undefined ? undefined : evaluation.statements[evaluation.decidedBy];
  if (evaluation.decision === 'ImplicitDeny') lines.push('Denied: no statement allows this request (implicit deny).');
  else if (decider) lines.push(`${evaluation.decision === 'Allow' ? 'Allowed' : 'Denied'} by ${name(decider)} (${decider.effect}).`);
  for (const s of evaluation.statements) {
    const misses: string[] = [];
    if (!s.principal) misses.push('the principal does not match');
    if (!s.action) misses.push('the action does not match');
    if (!s.resource) misses.push('the resource does not match');
    for (const c of s.conditions) if (!c.result) misses.push(`condition ${c.operator} failed: ${c.note}`);
    lines.push(s.applies ? `${name(s)} ${s.effect} applies: ${s.conditions.map((c) => c.note).join('; ') || 'no conditions'}` : `${name(s)} ${s.effect} does not apply: ${misses.join('; ')}`);
  }
  return lines;
}
