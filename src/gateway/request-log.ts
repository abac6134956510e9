/**
 * The recent execute-api requests with the facts needed to explain them: who called, through which endpoint,
 * what each policy decided. Evaluations are kept as computed; they are put into sentences only when someone
 * asks (`gatehouse explain`, the log), so the request path pays nothing for the explanation.
 */
import { explain, reason, type Decision, type Evaluation } from '../policy/evaluate.js';
import type { UnreadableDeployment } from './deployments.js';

export interface PolicyDecision {
  /**
   * The VPC endpoint's policy (evaluated first), the API's resource policy, the policy a Lambda authorizer
   * returned (evaluated with the resource policy: Table A), or one of an AWS_IAM caller's identity-based
   * policies (combined with the resource policy by Table A or B).
   */
  policy: 'vpc-endpoint' | 'resource' | 'authorizer' | 'identity';
  /** The endpoint id, the API id or the authorizer id the policy belongs to; for an identity policy, `inline:{name}` or the managed policy's ARN. */
  owner: string;
  /** Undefined when there was no policy to evaluate (a public API without a resource policy), or it was unreadable. */
  evaluation: Evaluation | undefined;
  /** Why the stored policy could not be read: it denied the request (fail closed, gateway/stored-policy.ts). */
  unreadable?: string;
}

export interface RequestRecord {
  requestId: string;
  /** ISO 8601. */
  time: string;
  /** `private` through a VPC endpoint; `public` on Gatehouse's main port. */
  door: 'private' | 'public';
  method: string;
  host: string;
  url: string;
  sourceIp: string;
  instanceId?: string;
  vpcId?: string;
  vpceId?: string;
  apiId?: string;
  stage?: string;
  /** The resource path and method the request was routed to. */
  resource?: string;
  resourceArn?: string;
  integration?: string;
  policies: PolicyDecision[];
  status: number;
  /** The gateway response's `x-amzn-ErrorType` when the request failed. */
  errorType?: string;
  /** Why an integration failed (a refused backend, a template error ...), as AWS's execution log says it. */
  integrationError?: string;
  /** The stage's deployment, whose stored snapshot cannot be read: the request was refused (fail closed). */
  unreadableDeployment?: UnreadableDeployment;
  durationMs: number;
  /** A Lambda integration's call: the event sent and the function's log (the console's Test shows both). */
  lambda?: LambdaCall;
  /** The stage's throttling setting the request met (absent: none applies), and whether it refused it (429). */
  throttle?: { setting: string; rateLimit: number; burstLimit: number; refused: boolean };
  /** A method requiring an API key, and why the request's did not do. */
  apiKey?: { required: true; reason: string };
  /** How the method's authorization was decided, when it has any beyond the resource policy. */
  authorization?: AuthorizationRecord;
  /** Who signed the request (SigV4), when a step asked: `verified` is false for a key Gatehouse does not know. */
  caller?: { arn: string; accessKeyId: string; verified: boolean };
  /** An AWS_IAM method's decision: the identity side, the resource side, and the table that combined them. */
  iam?: IamFacts;
}

/** How an AWS_IAM request was decided (docs/aws-facts.md §2.1, Tables A and B). */
export interface IamFacts {
  caller: string;
  /** A: the caller is in the API's account (either policy may allow); B: another account's (both must allow). */
  table: 'A' | 'B';
  /** The identity policies combined (an account root allows by itself: `root`). */
  identity: Decision;
  root: boolean;
  /** Attached AWS managed policies Gatehouse has no documents for (not evaluated). */
  unknownPolicies: string[];
  /** The resource policy for the caller; `None` when there is none or it neither allows nor denies. */
  resource: Decision | 'None';
  decision: Decision;
}

/**
 * The method's authorization: its type, how its policies combine (`either`: AWS's Table A, an explicit deny in
 * any refuses, else an Allow in either admits), and what the authorizer did.
 */
export interface AuthorizationRecord {
  type: 'CUSTOM' | 'COGNITO_USER_POOLS' | 'AWS_IAM';
  combine: 'either' | 'both' | 'resource-allow';
  authorizer?: AuthorizerRecord;
}

export interface AuthorizerRecord {
  id: string;
  name: string;
  type: string;
  /** `not-called`: no identity (401); `unauthorized`: the function said so (401); `failed`: 500; `answered`: its policy decides. */
  outcome: 'not-called' | 'unauthorized' | 'failed' | 'answered';
  /** Why, in one sentence (the execution log's words). */
  reason?: string;
  /** The result came from the stage's authorizer cache. */
  cached?: boolean;
  principalId?: string;
  functionArn?: string;
  /** The authorizer function's invocation log. */
  log?: string;
  latencyMs?: number;
}

export interface LambdaCall {
  functionArn: string;
  /** The event as sent to the function (JSON text). */
  event: string;
  /** The invocation's log, START to REPORT, once the function has answered. */
  log?: string;
}

type Listener = (record: RequestRecord) => void;

export interface RequestLogLimits {
  /** How many requests are kept. */
  capacity: number;
  /** The most characters of one Lambda event or log kept; the rest is cut, and says so. */
  maxLambdaText: number;
  /**
   * The most characters of Lambda events and logs kept across all records: past it, the oldest records lose
   * theirs first (a request body may be megabytes, and a function may log as much).
   */
  lambdaBudget: number;
}

const DEFAULT_LIMITS: RequestLogLimits = { capacity: 1000, maxLambdaText: 256 * 1024, lambdaBudget: 32 * 1024 * 1024 };

export class RequestLog {
  private readonly records = new Map<string, RequestRecord>();
  private readonly listeners = new Set<Listener>();
  private readonly limits: RequestLogLimits;
  /** Records holding a Lambda call, oldest first, and the characters those calls hold. */
  private readonly withLambda: RequestRecord[] = [];
  private lambdaChars = 0;

  constructor(limits: Partial<RequestLogLimits> = {}) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
  }

  add(record: RequestRecord): void {
    if (this.records.size >= this.limits.capacity) {
      const oldest = this.records.keys().next().value!;
      // Both lists are in arrival order, so a record leaving the log is first among those with a Lambda call.
      if (this.withLambda[0]?.requestId === oldest) this.dropOldestLambda();
      this.records.delete(oldest);
    }
    this.records.set(record.requestId, record);
    if (record.lambda) this.keepLambda(record, record.lambda);
    for (const listener of this.listeners) listener(record);
  }

  get(requestId: string): RequestRecord | undefined {
    return this.records.get(requestId);
  }

  /** The newest `limit` records (those `which` keeps, when given), oldest first. */
  recent(limit = 100, which?: (record: RequestRecord) => boolean): RequestRecord[] {
    const all = [...this.records.values()];
    return (which ? all.filter(which) : all).slice(-limit);
  }

  follow(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  clear(): void {
    this.records.clear();
    this.withLambda.length = 0;
    this.lambdaChars = 0;
  }

  private keepLambda(record: RequestRecord, call: LambdaCall): void {
    const max = this.limits.maxLambdaText;
    const kept: LambdaCall = { functionArn: call.functionArn, event: cut(call.event, max) };
    if (call.log !== undefined) kept.log = cut(call.log, max);
    record.lambda = kept;
    this.withLambda.push(record);
    this.lambdaChars += size(kept);
    // The oldest records give theirs up until the budget holds.
    while (this.lambdaChars > this.limits.lambdaBudget && this.withLambda.length > 0) this.dropOldestLambda();
  }

  private dropOldestLambda(): void {
    const oldest = this.withLambda.shift()!;
    this.lambdaChars -= size(oldest.lambda!);
    delete oldest.lambda;
  }
}

const size = (call: LambdaCall): number => call.event.length + (call.log?.length ?? 0);

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}\n… (${text.length - max} more characters not kept by Gatehouse)`;
}

/** One policy decision as `gatehouse explain` receives it. */
export interface ExplainedPolicy {
  policy: PolicyDecision['policy'];
  owner: string;
  decision: Decision | 'NoPolicy' | 'Unreadable';
  /** The decision in sentences (evaluate.ts explain()). */
  explanation: string[];
  /** What the decision was made from; absent when there was no policy. */
  evaluation?: Evaluation;
}

/** A record as JSON for `gatehouse explain` (GET /_gatehouse/requests/{id}). */
export interface ExplainedRecord extends Omit<RequestRecord, 'policies'> {
  policies: ExplainedPolicy[];
  /** The policy decision (or why the stage's deployment cannot be read) in one sentence; absent when no policy was evaluated. */
  reason?: string;
  /**
   * The request's fate in a word or three (`allowed`, `resource:ExplicitDeny`, `authorizer:not-called` ... :
   * decisionOf), made here once so `gatehouse explain` and the console say the same thing.
   */
  decision: string;
}

const NO_POLICY = {
  'vpc-endpoint': 'The endpoint has no policy.',
  resource: 'The deployed API has no resource policy.',
  authorizer: 'The authorizer returned no policy.',
  identity: 'The identity has no such policy.',
} as const;
const POLICY_NAME = { 'vpc-endpoint': 'VPC endpoint policy', resource: 'resource policy', authorizer: 'policy returned by authorizer', identity: 'identity-based policy' } as const;

/**
 * A record as JSON for `gatehouse explain`: each policy decision with its explanation in sentences and the
 * evaluation it was made from (per statement: what matched, each condition with the request's value and the
 * policy's), and the request's decision in one sentence.
 */
export function explainedRecord(record: RequestRecord): ExplainedRecord {
  const out: ExplainedRecord = {
    ...record,
    decision: '',
    policies: record.policies.map((p) => {
      if (p.unreadable !== undefined) return { policy: p.policy, owner: p.owner, decision: 'Unreadable', explanation: [`${capitalized(unreadablePolicy(p.unreadable))}.`] };
      const explained: ExplainedPolicy = { policy: p.policy, owner: p.owner, decision: p.evaluation?.decision ?? 'NoPolicy', explanation: p.evaluation ? explain(p.evaluation) : [NO_POLICY[p.policy]] };
      if (p.evaluation) explained.evaluation = p.evaluation;
      return explained;
    }),
  };
  out.decision = decisionOf(out);
  const why = decisionReason(record);
  if (why !== undefined) out.reason = why;
  return out;
}

/** What the policies made of the request, in a word or three (or that the stage's deployment cannot be read). */
export function decisionOf(record: Pick<ExplainedRecord, 'policies' | 'door' | 'unreadableDeployment' | 'authorization' | 'apiKey' | 'iam' | 'throttle'>): string {
  if (record.unreadableDeployment !== undefined) return 'deployment:Unreadable';
  const authorizer = record.authorization?.authorizer;
  if (authorizer && authorizer.outcome !== 'answered') return `authorizer:${authorizer.outcome}`;
  if (record.apiKey !== undefined) return 'api-key:Forbidden';
  if (record.throttle?.refused) return 'throttle:TooManyRequests';
  if (record.policies.length === 0) return '-';
  if (record.authorization?.combine === 'either') return eitherDecision(record.policies);
  if (record.iam !== undefined) {
    // AWS_IAM: the endpoint policy, then the table's own decision (Table A or B), not either side alone.
    const endpoint = record.policies.find((p) => p.policy === 'vpc-endpoint' && p.decision !== 'Allow');
    if (endpoint) return `${endpoint.policy}:${endpoint.decision}`;
    if (record.iam.decision === 'Allow') return 'allowed';
    // Denied: the explicit deny's policy, else the resource policy's.
    const decider = record.policies.find((p) => p.decision === 'ExplicitDeny' || p.decision === 'Unreadable') ?? record.policies.find((p) => p.policy === 'resource');
    return `${decider?.policy ?? 'resource'}:${record.iam.decision}`;
  }
  for (const p of record.policies) {
    if (p.decision === 'ExplicitDeny' || p.decision === 'ImplicitDeny' || p.decision === 'Unreadable') return `${p.policy}:${p.decision}`;
    if (p.decision === 'NoPolicy' && record.door === 'private') return `${p.policy}:NoPolicy`;
  }
  return 'allowed';
}

/** Table A: the endpoint policy first, then an explicit deny among the rest, else an Allow in either. */
function eitherDecision(policies: ExplainedRecord['policies']): string {
  const endpoint = policies.find((p) => p.policy === 'vpc-endpoint' && p.decision !== 'Allow');
  if (endpoint) return `${endpoint.policy}:${endpoint.decision}`;
  const rest = policies.filter((p) => p.policy !== 'vpc-endpoint');
  const explicit = rest.find((p) => p.decision === 'ExplicitDeny' || p.decision === 'Unreadable');
  if (explicit) return `${explicit.policy}:${explicit.decision}`;
  if (rest.some((p) => p.decision === 'Allow')) return 'allowed';
  return `${rest.find((p) => p.policy !== 'resource')?.policy ?? 'resource'}:ImplicitDeny`;
}


/** Why a stage whose deployment cannot be read refuses every request, in one sentence (the request log's and the reachability map's). */
export function unreadableDeploymentReason(apiId: string | undefined, stage: string | undefined, deployment: UnreadableDeployment): string {
  const served = `${apiId === undefined ? '' : ` of ${apiId}`}${stage === undefined ? '' : `, served by stage ${stage}`}`;
  return `deployment ${deployment.deploymentId}${served}: the stored deployment cannot be read (${deployment.reason}), so every request to the stage is refused with 403 Forbidden (Gatehouse fails closed)`;
}

const capitalized = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/** What an unreadable policy did, in the words the explanation line and the one-sentence reason share. */
const unreadablePolicy = (why: string): string => `the stored policy cannot be read (${why}), so it denies every request (Gatehouse fails closed)`;

const policyName = (p: PolicyDecision): string => `${POLICY_NAME[p.policy]}${p.owner === '' ? '' : ` of ${p.owner}`}`;

/**
 * The policy that refused the request, if one did: the first not to allow it; but where the method's policies
 * combine by Table A (a Lambda authorizer's with the resource policy), an explicit deny among them, else the
 * authorizer's when neither allowed. An AWS_IAM request's identity and resource policies combine by Table A or
 * B: the endpoint policy may have refused it; else the policy whose explicit deny decided, else (an implicit
 * deny) the resource policy.
 */
export function denyingPolicy(record: Pick<RequestRecord, 'door' | 'policies' | 'authorization' | 'iam'>): PolicyDecision | undefined {
  if (record.iam) return iamDenyingPolicy(record.iam, record.policies);
  const refuses = (p: PolicyDecision): boolean => p.unreadable !== undefined || (p.evaluation?.decision !== 'Allow' && !(p.evaluation === undefined && record.door === 'public'));
  if (record.authorization?.combine !== 'either') return record.policies.find(refuses);
  const sequential = record.policies.filter((p) => p.policy === 'vpc-endpoint');
  const combined = record.policies.filter((p) => p.policy !== 'vpc-endpoint');
  const first = sequential.find(refuses);
  if (first) return first;
  const explicit = combined.find((p) => p.unreadable !== undefined || p.evaluation?.decision === 'ExplicitDeny');
  if (explicit) return explicit;
  const decided = combined.filter((p) => p.policy !== 'resource' || p.evaluation !== undefined);
  if (decided.some((p) => p.evaluation?.decision === 'Allow')) return undefined;
  // Neither allowed: the authorizer's policy (the resource policy when the authorizer never answered).
  return combined.find((p) => p.policy !== 'resource') ?? combined.find(refuses);
}

/** What the authorizer did when it decided the answer before any policy could (401, 500), in one sentence. */
function authorizerReason(record: Pick<RequestRecord, 'authorization'>): string | undefined {
  const a = record.authorization?.authorizer;
  if (!a || a.outcome === 'answered') return undefined;
  return `authorizer ${a.name} (${a.id}): ${a.reason ?? a.outcome}`;
}

/**
 * The request's policy decision in one sentence: which policy refused it and why (deciding statement or
 * implicit deny with the first mismatch), or which statements allowed it; or that the stage's deployment cannot
 * be read. Undefined when no policy was evaluated (the request failed before, or a public API has no resource
 * policy).
 */
export function decisionReason(record: Pick<RequestRecord, 'door' | 'policies' | 'unreadableDeployment' | 'apiId' | 'stage' | 'authorization' | 'iam' | 'apiKey' | 'throttle'>): string | undefined {
  if (record.unreadableDeployment !== undefined) return unreadableDeploymentReason(record.apiId, record.stage, record.unreadableDeployment);
  if (record.iam && !record.policies.some((p) => p.policy === 'vpc-endpoint' && p.evaluation?.decision !== 'Allow')) return iamReason(record.iam, record.policies);
  const byAuthorizer = authorizerReason(record);
  if (byAuthorizer !== undefined) return byAuthorizer;
  if (record.apiKey !== undefined) return `API key: ${record.apiKey.reason}`;
  if (record.throttle?.refused) return `throttled: the stage's setting ${record.throttle.setting} allows ${record.throttle.rateLimit} requests per second with bursts of ${record.throttle.burstLimit}, and this request was past them`;
  if (record.policies.length === 0) return undefined;
  const denied = denyingPolicy(record);
  if (denied) {
    const name = policyName(denied);
    if (denied.unreadable !== undefined) return `${name}: ${unreadablePolicy(denied.unreadable)}`;
    if (!denied.evaluation) return `${name}: there is none, and a private API without one denies every request (implicit deny)`;
    return `${name}: ${reason(denied.evaluation)}`;
  }
  return record.policies.map((p) => `${policyName(p)}: ${p.evaluation ? reason(p.evaluation) : 'none'}`).join('; ');
}

function iamDenyingPolicy(iam: IamFacts, policies: readonly PolicyDecision[]): PolicyDecision | undefined {
  const endpoint = policies.find((p) => p.policy === 'vpc-endpoint' && (p.unreadable !== undefined || p.evaluation?.decision !== 'Allow'));
  if (endpoint || iam.decision === 'Allow') return endpoint;
  return policies.find((p) => p.unreadable !== undefined || p.evaluation?.decision === 'ExplicitDeny') ?? policies.find((p) => p.policy === 'resource') ?? policies[policies.length - 1];
}

const VERDICT = { Allow: 'allowed', ExplicitDeny: 'denied (explicit deny)', ImplicitDeny: 'denied (implicit deny)' } as const;
const SIDE = { Allow: 'Allow', ExplicitDeny: 'explicit Deny', ImplicitDeny: 'neither allows nor denies', None: 'none' } as const;

/**
 * An AWS_IAM request's decision in one sentence: the caller, the table, each side's decision and what decided
 * it (the deciding identity policy and resource statement, evaluate.ts reason()).
 */
function iamReason(iam: IamFacts, policies: readonly PolicyDecision[]): string {
  const table = iam.table === 'A' ? 'same account, Table A: either policy may allow, an explicit deny denies' : 'cross-account, Table B: both policies must allow';
  const identities = policies.filter((p) => p.policy === 'identity' && p.evaluation);
  const decider = identities.find((p) => p.evaluation!.decision === 'ExplicitDeny') ?? identities.find((p) => p.evaluation!.decision === 'Allow');
  let identity = iam.root
    ? 'the account root may do anything in its own account (Allow)'
    : identities.length === 0
      ? 'the caller has no identity-based policy (neither allows nor denies)'
      : `${SIDE[iam.identity]}${decider ? ` (${decider.owner}: ${reason(decider.evaluation!)})` : ''}`;
  if (iam.unknownPolicies.length > 0) identity += `; AWS managed policies not evaluated (Gatehouse does not have their documents): ${iam.unknownPolicies.join(', ')}`;
  const resourcePolicy = policies.find((p) => p.policy === 'resource');
  const resource =
    resourcePolicy?.unreadable !== undefined
      ? unreadablePolicy(resourcePolicy.unreadable)
      : resourcePolicy?.evaluation
        ? `${SIDE[resourcePolicy.evaluation.decision]} (${reason(resourcePolicy.evaluation)})`
        : 'none';
  return `AWS_IAM caller ${iam.caller} (${table}): identity-based policies: ${identity}; resource policy: ${resource}; ${VERDICT[iam.decision]}`;
}
