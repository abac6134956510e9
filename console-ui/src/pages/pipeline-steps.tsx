/**
 * A request's pipeline steps, in order, each with its decision: resolve, route, VPC endpoint policy,
 * authorization (the method's type, the authorizer's outcome, cached or not, principal and reason, and the
 * policies combined) and integration (its status, the Lambda event and log).
 */
import { authorizerFacts, pipelineSteps, POLICY_NAME, type Evaluation, type ExplainedPolicy, type RequestEntry, type Step } from '../request-steps';
import { pretty } from './functions';

const STATE_TEXT: Record<Step['state'], string> = { passed: 'Passed', refused: 'Refused', skipped: 'Not applicable', 'not-reached': 'Not reached' };

function decidingStatement(e: Evaluation | undefined): string | undefined {
  if (!e || e.decidedBy === undefined) return undefined;
  const s = e.statements[e.decidedBy];
  return `statement ${e.decidedBy}${s?.sid ? ` (${s.sid})` : ''}${s?.effect ? `: ${s.effect}` : ''}`;
}

function PolicyExplanation({ policy: p }: { policy: ExplainedPolicy }) {
  const decider = decidingStatement(p.evaluation);
  return (
    <div class={`policy-explanation decision-${p.decision}`} data-policy={p.policy}>
      <h4>
        {POLICY_NAME[p.policy] ?? p.policy}
        {p.owner ? ` of ${p.owner}` : ''}: <span class="decision">{p.decision}</span>
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
  if (!a) return null;
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
            <PolicyExplanation key={p.policy} policy={p} />
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
