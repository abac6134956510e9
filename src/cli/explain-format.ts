/**
 * How `gatehouse explain` and `gatehouse policy simulate` put a policy decision in front of a person: the
 * request, then each policy in the order API Gateway evaluates them (VPC endpoint policy, resource policy)
 * with the deciding statement and, per statement, what matched and each condition with the request's value
 * and the policy's, then the answer the client got. Pure: text in, text out.
 */
import { accessDenied, authorizerDenied } from '../gateway/gateway-error.js';
import type { ExplainedPolicy, ExplainedRecord } from '../gateway/request-log.js';

export { decisionOf } from '../gateway/request-log.js';
import { parseOperator } from '../policy/conditions.js';
import type { PolicyStatement } from '../policy/document.js';
import type { ConditionTrace, Evaluation, StatementTrace } from '../policy/evaluate.js';

const POLICY_TITLE: Record<ExplainedPolicy['policy'], string> = {
  'vpc-endpoint': 'VPC endpoint policy',
  resource: 'Resource policy',
  authorizer: 'Policy returned by authorizer',
  identity: "Caller's identity-based policy",
};

const DECISION_TEXT: Record<ExplainedPolicy['decision'], string> = {
  Allow: 'ALLOW',
  ExplicitDeny: 'DENY (explicit deny)',
  ImplicitDeny: 'DENY (implicit deny)',
  NoPolicy: 'none',
  Unreadable: 'DENY (the stored policy cannot be read: Gatehouse fails closed)',
};

/** What API Gateway's answers mean when no policy was reached. */
const ERROR_HINTS: Record<string, string> = {
  ForbiddenException:
    'no policy was evaluated: the request did not reach a private API this endpoint may call (unknown API or stage, a stage name in the wrong case, an {api}-{vpce} alias for another endpoint, a public API, or a connection without a VPC origin)',
  MissingAuthenticationTokenException: 'no policy was evaluated: no resource and method of the deployed API match this method and path',
};

const list = (values: readonly string[]): string => (values.length === 1 ? values[0]! : `[${values.join(', ')}]`);
const asList = (v: string | readonly string[] | undefined): readonly string[] => (v === undefined ? [] : typeof v === 'string' ? [v] : v);

/** The URL the client used, as near as the record can say. */
export function requestUrl(record: Pick<ExplainedRecord, 'door' | 'host' | 'url' | 'apiId'>): string {
  if (record.door === 'private') return `https://${record.host}${record.url}`;
  // Public APIs on the main port: by host, or by the /_aws/execute-api/{api} prefix the pipeline stripped.
  if (/\.execute-api\.localhost(:\d+)?$/i.test(record.host) || record.apiId === undefined) return `http://${record.host}${record.url}`;
  return `http://${record.host}/_aws/execute-api/${record.apiId}${record.url}`;
}

function principalText(spec: PolicyStatement['Principal']): string {
  if (spec === undefined) return '(none: applies to its own caller)';
  if (spec === '*') return '*';
  return Object.entries(spec)
    .map(([kind, values]) => `${kind}: ${list(asList(values as string | string[]))}`)
    .join('; ');
}

/** `principal  matches  *`, with the statement's own words so a mismatch shows what it wanted. */
function elementLines(trace: StatementTrace): string[] {
  const s = trace.statement;
  const row = (name: string, matched: boolean, negated: boolean, shown: string): string =>
    `     ${name.padEnd(10)} ${(matched ? 'matches' : 'does not match').padEnd(15)} ${negated ? `(Not${name[0]!.toUpperCase()}${name.slice(1)}) ` : ''}${shown}`;
  return [
    row('principal', trace.principal, s.NotPrincipal !== undefined, principalText(s.NotPrincipal ?? s.Principal)),
    row('action', trace.action, s.NotAction !== undefined, list(asList(s.NotAction ?? s.Action))),
    row('resource', trace.resource, s.NotResource !== undefined, list(asList(s.NotResource ?? s.Resource))),
  ];
}

/**
 * When the request does not carry the key, the rule of IAM's that decided the condition, as the engine's note
 * states it (`... is absent, so StringEquals [x] is false: <rule>`, or Null's `(<rule>)`).
 */
function absentRule(note: string): string {
  return / is (?:true|false): (.+)$/.exec(note)?.[1] ?? /\(([^()]+)\)$/.exec(note)?.[1] ?? note;
}

/** `condition  StringNotEquals aws:sourceVpce: request vpce-1, policy vpce-2 → true`. */
export function conditionLine(c: ConditionTrace): string {
  // An operator IAM does not have is never evaluated: no request value to show.
  if (parseOperator(c.operator) === undefined) return `     condition  ${c.operator} ${c.key}: policy ${list(c.values)} → false (${c.operator} is not an IAM condition operator)`;
  const request = c.requestValue === undefined ? 'absent' : list(asList(c.requestValue));
  let tail = '';
  if (c.requestValue === undefined) tail = ` (${absentRule(c.note)})`;
  // Policy variables: the note says what they stood for.
  else if (c.values.some((v) => v.includes('${'))) tail = ` (${c.note})`;
  return `     condition  ${c.operator} ${c.key}: request ${request}, policy ${list(c.values)} → ${c.result}${tail}`;
}

const statementName = (s: StatementTrace): string => `statement ${s.index}${s.sid !== undefined ? ` (${s.sid})` : ''}`;

function statementStatus(trace: StatementTrace, evaluation: Evaluation): string {
  if (trace.index === evaluation.decidedBy) return 'applies, and decides';
  if (!trace.applies) return 'does not apply';
  if (evaluation.decision === 'ExplicitDeny' && trace.effect === 'Allow') return 'applies, but an explicit deny wins';
  return 'applies (an earlier statement decides)';
}

/** One policy's section: its decision, the deciding statement, and every statement's matches. */
export function policyLines(policy: ExplainedPolicy, position: number, door: ExplainedRecord['door'] = 'private'): string[] {
  const lines = [`${position}. ${POLICY_TITLE[policy.policy]}${policy.owner === '' ? '' : ` of ${policy.owner}`}: ${DECISION_TEXT[policy.decision]}`];
  const evaluation = policy.evaluation;
  if (policy.decision === 'Unreadable') {
    lines.push(`   ${policy.explanation[0] ?? ''}`);
    return lines;
  }
  if (!evaluation) {
    const consequence = policy.policy !== 'resource' ? '' : door === 'private' ? ' A private API without one denies every request (implicit deny).' : ' A public API without one is open to everyone.';
    lines.push(`   ${policy.explanation[0] ?? 'There was no policy.'}${consequence}`);
    return lines;
  }
  const decider = evaluation.decidedBy === undefined ? undefined : evaluation.statements[evaluation.decidedBy];
  lines.push(decider ? `   Decided by ${statementName(decider)} (${decider.effect}).` : '   No statement allows this request, so it is denied (implicit deny).');
  for (const trace of evaluation.statements) {
    lines.push(`   ${statementName(trace)} ${trace.effect}: ${statementStatus(trace, evaluation)}`);
    lines.push(...elementLines(trace));
    for (const c of trace.conditions) lines.push(conditionLine(c));
  }
  return lines;
}

/**
 * Every policy section, with a note when the endpoint policy refused and the resource policy was never reached.
 * For an AWS_IAM request an identity or resource policy that allows nothing does not deny by itself (the
 * table combines them): its heading says so.
 */
export function policiesLines(record: Pick<ExplainedRecord, 'policies' | 'door' | 'iam' | 'authorization'>): string[] {
  const lines: string[] = [];
  record.policies.forEach((p, i) => {
    const section = policyLines(p, i + 1, record.door);
    if ((record.iam !== undefined || record.authorization?.combine === 'either') && p.policy !== 'vpc-endpoint' && p.decision === 'ImplicitDeny') section[0] = section[0]!.replace(DECISION_TEXT.ImplicitDeny, 'NEITHER (no statement allows or denies; the table decides)');
    lines.push('', ...section);
  });
  const last = record.policies[record.policies.length - 1];
  if (last?.policy === 'vpc-endpoint' && last.decision !== 'Allow') lines.push('', '   (The resource policy was not evaluated: the VPC endpoint policy refused the request first.)');
  return lines;
}

/** `gatehouse explain <id>`: the whole story of one request. */
export function formatExplanation(record: ExplainedRecord): string {
  const lines = [`Request ${record.requestId} at ${record.time} (${record.durationMs} ms)`, `  ${record.method} ${requestUrl(record)}`];
  if (record.door === 'private') {
    const who = record.instanceId !== undefined ? `instance ${record.instanceId} (${record.sourceIp})` : record.sourceIp;
    lines.push(record.vpceId !== undefined ? `  from ${who} in ${record.vpcId ?? 'its VPC'}, through VPC endpoint ${record.vpceId}` : `  from ${who}, with no VPC identity (not through an instance)`);
  } else lines.push(`  from ${record.sourceIp}, on Gatehouse's main port (a public API)`);
  if (record.apiId !== undefined) {
    const reached = [`API ${record.apiId}`];
    if (record.stage !== undefined) reached.push(`stage ${record.stage}`);
    if (record.resource !== undefined) reached.push(`resource ${record.resource}`);
    lines.push(`  reached ${reached.join(', ')}`);
  }
  if (record.resourceArn !== undefined) lines.push(`  resource ARN ${record.resourceArn}`);
  lines.push(...authorizationLines(record));
  if (record.caller !== undefined) lines.push(`  signed by ${record.caller.arn} with ${record.caller.accessKeyId}${record.caller.verified ? '' : ' (a key Gatehouse does not know: accepted as its account root, the signature not checked)'}`);
  if (record.iam !== undefined) {
    const table = record.iam.table === 'A' ? 'Table A (same account: either policy may allow)' : 'Table B (cross-account: both policies must allow)';
    lines.push(`  AWS_IAM: identity-based policies ${record.iam.root ? 'Allow (the account root)' : record.iam.identity}, resource policy ${record.iam.resource}, combined by ${table}: ${record.iam.decision}`);
  }
  lines.push(...policiesLines(record));
  lines.push('', `Answer: ${answerText(record)}`);
  if (record.reason !== undefined && record.decision !== 'allowed') lines.push(`  Why: ${record.reason}`);
  else if (record.policies.length === 0 && record.errorType !== undefined && ERROR_HINTS[record.errorType] !== undefined) lines.push(`  ${ERROR_HINTS[record.errorType]}`);
  if (record.integrationError !== undefined) lines.push(`  Integration: ${record.integrationError}`);
  return `${lines.join('\n')}\n`;
}

const COMBINE_TEXT = {
  either: "its policy and the resource policy combine as AWS's Table A: an explicit deny in either refuses, else an Allow in either admits",
  both: 'the caller needs an Allow from both its policies and the resource policy (Table B)',
  'resource-allow': 'the resource policy must allow explicitly',
} as const;

const OUTCOME_TEXT = { 'not-called': 'not called', unauthorized: 'refused the caller (Unauthorized)', failed: 'failed', answered: 'answered' } as const;

/** The method's authorization, when it has more than the resource policy: the authorizer and what it did. */
export function authorizationLines(record: Pick<ExplainedRecord, 'authorization'>): string[] {
  const a = record.authorization;
  if (!a) return [];
  const lines = ['', `Authorization ${a.type}: ${COMBINE_TEXT[a.combine]}.`];
  const z = a.authorizer;
  if (!z) return [...lines, '   (The authorizer was not reached: the resource policy denied explicitly first.)'];
  const facts = [`${z.type} authorizer ${z.name} (${z.id}): ${OUTCOME_TEXT[z.outcome]}`];
  if (z.cached) facts.push('from the stage cache');
  else if (z.latencyMs !== undefined) facts.push(`in ${z.latencyMs} ms`);
  if (z.principalId !== undefined) facts.push(`principal ${z.principalId}`);
  lines.push(`   ${facts.join(', ')}`);
  if (z.reason !== undefined) lines.push(`   ${z.reason}`);
  if (z.functionArn !== undefined) lines.push(`   function ${z.functionArn}`);
  return lines;
}

/** `403 AccessDeniedException {"Message":...}` (a policy denial's body is known from the record), or the status. */
function answerText(record: ExplainedRecord): string {
  if (record.errorType === undefined) return `${record.status}${record.integration !== undefined ? ` (from the ${record.integration} integration)` : ''}`;
  if (record.errorType === 'AccessDeniedException' && record.authorization?.combine === 'either' && record.policies.some((p) => p.policy === 'authorizer') && !record.policies.some((p) => p.policy !== 'authorizer' && p.decision === 'ExplicitDeny')) {
    const denial = authorizerDenied(record.policies.some((p) => p.decision === 'ExplicitDeny'));
    return `${denial.status} ${denial.errorType} ${denial.body}`;
  }
  if (record.errorType === 'AccessDeniedException' && record.resourceArn !== undefined) {
    // The denial names whom the deciding policy saw: an AWS_IAM caller, a signed caller at the endpoint policy, else anonymous.
    const byEndpoint = record.policies.some((p) => p.policy === 'vpc-endpoint' && p.decision !== 'Allow');
    const caller = record.iam?.caller ?? (byEndpoint ? record.caller?.arn : undefined);
    const denial = accessDenied(record.resourceArn, record.policies.some((p) => p.decision === 'ExplicitDeny'), caller);
    return `${denial.status} ${denial.errorType} ${denial.body}`;
  }
  return `${record.status} ${record.errorType}`;
}

/** `gatehouse explain --last`: one line per request. */
export function formatRecentLine(record: ExplainedRecord): string {
  return [record.time, record.requestId, record.method.padEnd(6), requestUrl(record), String(record.status), record.decision].join('  ');
}
