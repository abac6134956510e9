/**
 * An execute-api request's record (GET /_gatehouse/requests/{id}) as the pipeline's steps, in the order API
 * Gateway takes them (src/gateway/steps/order.ts: resolve, route, endpoint-policy, authorization, api-key, throttle,
 * integration),
 * each with what it decided; and the request's decision in a few words. The words are `gatehouse explain`'s
 * (src/cli/explain-format.ts: authorizationLines, decisionOf), so the console and the CLI say the same thing.
 */

export interface StatementTrace {
  index?: number;
  sid?: string;
  effect?: string;
  applies?: boolean;
}

export interface Evaluation {
  decision: string;
  decidedBy?: number;
  statements: StatementTrace[];
}

export type PolicyKind = 'vpc-endpoint' | 'resource' | 'authorizer' | 'identity';

export interface ExplainedPolicy {
  policy: PolicyKind;
  owner: string;
  decision: string;
  explanation: string[];
  evaluation?: Evaluation;
}

export interface AuthorizerEntry {
  id: string;
  name: string;
  type: string;
  outcome: 'not-called' | 'unauthorized' | 'failed' | 'answered';
  reason?: string;
  cached?: boolean;
  principalId?: string;
  functionArn?: string;
  log?: string;
  latencyMs?: number;
}

export interface AuthorizationEntry {
  type: 'CUSTOM' | 'COGNITO_USER_POOLS' | 'AWS_IAM';
  combine: 'either' | 'both' | 'resource-allow';
  authorizer?: AuthorizerEntry;
}

export interface IamEntry {
  caller: string;
  table: 'A' | 'B';
  identity: string;
  root: boolean;
  unknownPolicies: string[];
  resource: string;
  decision: string;
}

export interface RequestEntry {
  requestId: string;
  time: string;
  /** `private` through a VPC endpoint; `public` on Gatehouse's main port. */
  door?: 'private' | 'public';
  method: string;
  host: string;
  url: string;
  status: number;
  errorType?: string;
  sourceIp: string;
  instanceId?: string;
  vpceId?: string;
  apiId?: string;
  stage?: string;
  resource?: string;
  integration?: string;
  integrationError?: string;
  durationMs: number;
  policies: ExplainedPolicy[];
  /** How the method's authorization was decided, when it has any beyond the resource policy. */
  authorization?: AuthorizationEntry;
  /** Who signed the request (SigV4), when a step asked. */
  caller?: { arn: string; accessKeyId: string; verified: boolean };
  /** An AWS_IAM method's decision: the identity side, the resource side, and the table that combined them. */
  iam?: IamEntry;
  /** A method requiring an API key, and why the request's did not do. */
  apiKey?: { required: true; reason: string };
  throttle?: { setting: string; rateLimit: number; burstLimit: number; refused: boolean };
  /** The stage's deployment, whose stored snapshot Gatehouse cannot read: every request to it is refused. */
  unreadableDeployment?: { deploymentId: string; reason: string };
  /** A Lambda integration's call (only in a single request's record, not in the list). */
  lambda?: { functionArn: string; event: string; log?: string };
  reason?: string;
  /** The request's fate in a word or three, as the server decided it (request-log.ts decisionOf). */
  decision: string;
}

/** explain-format's POLICY_TITLE. */
export const POLICY_NAME: Record<PolicyKind, string> = {
  'vpc-endpoint': 'VPC endpoint policy',
  resource: 'Resource policy',
  authorizer: 'Policy returned by authorizer',
  identity: "Caller's identity-based policy",
};

/** explain-format's COMBINE_TEXT. */
export const COMBINE_TEXT: Record<AuthorizationEntry['combine'], string> = {
  either: "its policy and the resource policy combine as AWS's Table A: an explicit deny in either refuses, else an Allow in either admits",
  both: 'the caller needs an Allow from both its policies and the resource policy (Table B)',
  'resource-allow': 'the resource policy must allow explicitly',
};

/** explain-format's OUTCOME_TEXT. */
export const OUTCOME_TEXT: Record<AuthorizerEntry['outcome'], string> = { 'not-called': 'not called', unauthorized: 'refused the caller (Unauthorized)', failed: 'failed', answered: 'answered' };

const doorOf = (r: RequestEntry): 'private' | 'public' => r.door ?? (r.vpceId !== undefined ? 'private' : 'public');

/**
 * `allowed`, `-` (no policy was evaluated), `{policy}:{decision}`, `authorizer:{outcome}`, `api-key:Forbidden`,
 * `throttle:TooManyRequests` or `deployment:Unreadable`: what the server decided it was (request-log.ts
 * decisionOf, the word `gatehouse explain --last` prints).
 */
export const decisionOf = (r: RequestEntry): string => r.decision;

/** The list's Decision column: Allowed, or denied and by what. */
export function verdict(r: RequestEntry): { denied: boolean; text: string } {
  if (r.unreadableDeployment) return { denied: true, text: `Denied: deployment ${r.unreadableDeployment.deploymentId} cannot be read` };
  const decision = decisionOf(r);
  if (decision === 'allowed') return { denied: false, text: 'Allowed' };
  if (decision === '-') return r.status === 403 ? { denied: true, text: `Denied (${r.errorType ?? 'Forbidden'})` } : { denied: false, text: '—' };
  const authorizer = r.authorization?.authorizer;
  if (decision.startsWith('authorizer:') && authorizer && authorizer.outcome !== 'answered') return { denied: true, text: `Denied by authorizer ${authorizer.name} (${OUTCOME_TEXT[authorizer.outcome]})` };
  if (decision === 'api-key:Forbidden') return { denied: true, text: 'Denied: no valid API key' };
  if (decision === 'throttle:TooManyRequests') return { denied: true, text: 'Throttled by the stage' };
  const policy = decision.split(':')[0] as PolicyKind;
  return { denied: true, text: `Denied by ${(POLICY_NAME[policy] ?? policy).toLowerCase()}` };
}

export type StepName = 'resolve' | 'route' | 'endpoint-policy' | 'authorization' | 'api-key' | 'throttle' | 'integration';
/** passed; refused the request; not applicable to it; never reached (an earlier step answered). */
export type StepState = 'passed' | 'refused' | 'skipped' | 'not-reached';

export interface Step {
  name: StepName;
  title: string;
  state: StepState;
  /** What the step decided, in a line. */
  summary: string;
  /** The policies this step evaluated, in order. */
  policies: ExplainedPolicy[];
}

const STEP_TITLE: Record<StepName, string> = { resolve: 'Resolve', route: 'Route', 'endpoint-policy': 'VPC endpoint policy', authorization: 'Authorization', 'api-key': 'API key', throttle: 'Throttle', integration: 'Integration' };
const NOT_REACHED = 'Not reached: an earlier step answered.';
const answered = (r: RequestEntry): string => `${r.status}${r.errorType ? ` ${r.errorType}` : ''}`;
const goesOn = (s: Step): boolean => s.state === 'passed' || s.state === 'skipped';

/** The seven steps of one request, each with its decision. */
export function pipelineSteps(r: RequestEntry): Step[] {
  const step = (name: StepName, state: StepState, summary: string, policies: ExplainedPolicy[] = []): Step => ({ name, title: STEP_TITLE[name], state, summary, policies });
  const steps: Step[] = [];
  const reached = (): boolean => steps.every(goesOn);
  const push = (name: StepName, make: () => Step): void => void steps.push(reached() ? make() : step(name, 'not-reached', NOT_REACHED));

  push('resolve', () => {
    if (r.unreadableDeployment) return step('resolve', 'refused', `API ${r.apiId ?? '-'}, stage ${r.stage ?? '-'}: deployment ${r.unreadableDeployment.deploymentId} cannot be read (${r.unreadableDeployment.reason}); ${answered(r)}.`);
    if (r.apiId !== undefined && r.stage !== undefined) return step('resolve', 'passed', `API ${r.apiId}, stage ${r.stage}.`);
    return step('resolve', 'refused', `${answered(r)}: no API and stage this ${doorOf(r) === 'private' ? 'endpoint' : 'port'} may call by this name.`);
  });
  push('route', () => (r.resource !== undefined ? step('route', 'passed', `Resource ${r.resource}.`) : step('route', 'refused', `${answered(r)}: no resource and method of the deployed API match this method and path.`)));
  push('endpoint-policy', () => {
    const endpoint = r.policies.filter((p) => p.policy === 'vpc-endpoint');
    if (doorOf(r) === 'public' || r.vpceId === undefined) return step('endpoint-policy', 'skipped', 'The request did not come through a VPC endpoint.');
    if (endpoint.length === 0) return step('endpoint-policy', 'refused', `${answered(r)}: the endpoint is gone.`);
    const allowed = endpoint.every((p) => p.decision === 'Allow');
    return step('endpoint-policy', allowed ? 'passed' : 'refused', `${allowed ? 'Allowed' : `Refused: ${answered(r)}`} by the policy of ${r.vpceId}.`, endpoint);
  });
  push('authorization', () => {
    const policies = r.policies.filter((p) => p.policy !== 'vpc-endpoint');
    const a = r.authorization;
    const how = a ? `${a.type}: ${COMBINE_TEXT[a.combine]}.` : r.iam ? `AWS_IAM: ${iamText(r.iam)}.` : 'The resource policy alone.';
    const decision = decisionOf(r);
    // A refusal by the API key step comes after this one: authorization let the request through.
    if (decision === 'allowed' || decision === 'api-key:Forbidden' || decision === 'throttle:TooManyRequests' || (decision === '-' && r.status < 400)) return step('authorization', 'passed', `Allowed. ${how}`, policies);
    if (policies.length === 0 && !a) return step('authorization', 'refused', `${answered(r)}. ${how}`);
    return step('authorization', 'refused', `Refused: ${answered(r)}. ${how}`, policies);
  });
  push('api-key', () => (r.apiKey ? step('api-key', 'refused', `Refused: ${answered(r)}: ${r.apiKey.reason}.`) : step('api-key', 'skipped', 'The method requires no API key.')));
  push('throttle', () =>
    !r.throttle
      ? step('throttle', 'skipped', 'The stage sets no throttling limits for this method.')
      : r.throttle.refused
        ? step('throttle', 'refused', `Refused: ${answered(r)}: the stage's setting ${r.throttle.setting} allows ${r.throttle.rateLimit} requests per second with bursts of ${r.throttle.burstLimit}.`)
        : step('throttle', 'passed', `Within the stage's setting ${r.throttle.setting}: ${r.throttle.rateLimit} requests per second, bursts of ${r.throttle.burstLimit}.`),
  );
  push('integration', () => {
    if (r.integrationError !== undefined) return step('integration', 'refused', `${r.integration ?? 'The'} integration failed: ${answered(r)}.`);
    if (r.integration === undefined) return step('integration', r.status < 400 ? 'passed' : 'refused', answered(r));
    return step('integration', r.status < 500 ? 'passed' : 'refused', `${r.integration} integration answered ${r.status}.`);
  });
  return steps;
}

/** explain-format's AWS_IAM line: each side's decision and the table that combined them. */
function iamText(iam: IamEntry): string {
  const table = iam.table === 'A' ? 'Table A (same account: either policy may allow)' : 'Table B (cross-account: both policies must allow)';
  return `identity-based policies ${iam.root ? 'Allow (the account root)' : iam.identity}, resource policy ${iam.resource}, combined by ${table}: ${iam.decision}`;
}

/** The authorizer's line as `gatehouse explain` prints it: `TOKEN authorizer tokens (abc123): answered, in 12 ms, principal alice`. */
export function authorizerFacts(z: AuthorizerEntry): string {
  const facts = [`${z.type} authorizer ${z.name} (${z.id}): ${OUTCOME_TEXT[z.outcome]}`];
  if (z.cached) facts.push('from the stage cache');
  else if (z.latencyMs !== undefined) facts.push(`in ${z.latencyMs} ms`);
  if (z.principalId !== undefined) facts.push(`principal ${z.principalId}`);
  return facts.join(', ');
}
