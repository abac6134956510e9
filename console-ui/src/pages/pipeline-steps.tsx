/**
 * A request's pipeline steps, in order, each with its decision: resolve, route, VPC endpoint policy,
 * authorization (the method's type, the authorizer's outcome, cached or not, principal and reason, or an
 * AWS_IAM caller and its table, and the policies combined), API key and integration (its status, the Lambda
 * event and log).
 */
import { authorizerFacts, pipelineSteps, POLICY_NAME, type Evaluation, type ExplainedPolicy, type RequestEntry, type Step } from '../request-steps';
import { pretty } from './functions';

const STATE_TEXT: Record<Step['state'], string> = { passed: 'Passed', refused: 'Refused', skipped: 'Not applicable', 'not-reached': 'Not reached' };

function decidingStatement(e: Evaluation | undefined): string | undefined {
  if (!e || e.decidedBy === undefined) return undefined;
  const s = e.statements[e.decidedBy];
  return `statement ${e.decidedBy}${s?.sid ? ` (${s.sid})` : ''}${s?.effect ? `: ${s.effect}` : ''}`;
}

/**
 * One policy's decision, the deciding statement and its explanation. Where the method's policies are combined
 * by a table (a Lambda authorizer's or an AWS_IAM caller's with the resource policy), one that neither allows
 * nor denies refuses nothing by itself: explain's NEITHER.
 */
function PolicyExplanation({ policy: p, combined }: { policy: ExplainedPolicy; combined: boolean }) {
  const decider = decidingStatement(p.evaluation);
  const neither = combined && p.policy !== 'vpc-endpoint' && p.decision === 'ImplicitDeny';
  return (
    <div class={`policy-explanation decision-${neither ? 'Neither' : p.decision}`} data-policy={p.policy}>
      <h4>
        {POLICY_NAME[p.policy] ?? p.policy}
        {p.owner ? ` of ${p.owner}` : ''}: <span class="decision">{p.decision}</span>
        {neither && <span class="decision-note"> (neither allows nor denies: the table decides)</span>}
      </h4>
      {decider && <p class="decider">Deciding statement: {decider}</p>}
      <ul>
        {p.explanation.map((line, i) => (
          <li key={i}>{line}</li>
        ))}
      </ul>
    </div>
  );
}

/** The authorizer's part of the authorization step: what it did, why, which function, and its log. */
function AuthorizerPart({ request: r }: { request: RequestEntry }) {
  const a = r.authorization;
  if (!a) return r.caller ? <CallerLine caller={r.caller} /> : null;
  const z = a.authorizer;
  if (!z) return <p class="muted">(The authorizer was not reached: the resource policy denied explicitly first.)</p>;
  return (
    <div class={`authorizer-outcome outcome-${z.outcome}`} data-testid="authorizer-outcome">
      <p>
        <strong data-testid="authorizer-facts">{authorizerFacts(z)}</strong>
      </p>
      {z.reason && <p data-testid="authorizer-reason">{z.reason}</p>}
      {z.functionArn && (
        <p class="muted">
          Function <code>{z.functionArn}</code>
        </p>
      )}
      {z.log && (
        <details>
          <summary>Authorizer log</summary>
          <pre class="function-output" data-testid="authorizer-log">
            {z.log}
          </pre>
        </details>
      )}
    </div>
  );
}

/** Who signed an AWS_IAM request, as `gatehouse explain` says it. */
function CallerLine({ caller }: { caller: NonNullable<RequestEntry['caller']> }) {
  return (
    <p data-testid="request-caller">
      Signed by <code>{caller.arn}</code> with <code>{caller.accessKeyId}</code>
      {caller.verified ? '' : ' (a key Gatehouse does not know: accepted as its account root, the signature not checked)'}
    </p>
  );
}

export function PipelineSteps({ request: r }: { request: RequestEntry }) {
  const steps = pipelineSteps(r);
  return (
    <ol class="pipeline-steps" aria-label="Pipeline steps">
      {steps.map((s) => (
        <li key={s.name} class={`pipeline-step step-${s.state}`} data-step={s.name} data-state={s.state}>
          <h3>
            {s.title}: <span class="step-state">{STATE_TEXT[s.state]}</span>
          </h3>
          <p class="step-summary">{s.summary}</p>
          {s.name === 'authorization' && s.state !== 'not-reached' && <AuthorizerPart request={r} />}
          {s.policies.map((p) => (
            <PolicyExplanation key={`${p.policy} ${p.owner}`} policy={p} combined={r.iam !== undefined || r.authorization?.combine === 'either'} />
          ))}
          {s.name === 'integration' && r.integrationError && <div class="flash flash-error integration-error">Integration error: {r.integrationError}</div>}
          {s.name === 'integration' && r.lambda && (
            <>
              <h4>Lambda event</h4>
              <p class="muted">
                Sent to <code>{r.lambda.functionArn}</code>
              </p>
              <pre class="function-output" data-testid="lambda-event">
                {pretty(r.lambda.event)}
              </pre>
              <h4>Log</h4>
              <pre class="function-output" data-testid="lambda-log">
                {r.lambda.log ?? '(the function did not answer)'}
              </pre>
            </>
          )}
        </li>
      ))}
    </ol>
  );
}
