/**
 * Test authorizer (TestInvokeAuthorizer): the token, or a REQUEST authorizer's headers and query string, and
 * stage variables; the answer as the AWS console shows it: the client status, the principal, the policy the
 * authorizer returned, the latency and the execution log.
 */
import { useState } from 'preact/hooks';
import type { RestApi } from '../../apigateway';
import { testInvokeAuthorizer, type Authorizer, type TestInvokeInput, type TestInvokeOutput } from '../../authorizers';
import { useAction } from '../../use-action';
import { ErrorAlert } from '../error-alert';
import { pretty } from '../functions';
import { parseHeaders, QueryAndHeaders } from '../request-fields';

/** `name=value` lines (stage variables). */
function parsePairs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) out[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  return out;
}

export function AuthorizerTest({ restApi, authorizer }: { restApi: RestApi; authorizer: Authorizer }) {
  const tokenHeader = authorizer.type === 'REQUEST' ? undefined : (authorizer.identitySource ?? '').replace(/^method\.request\.header\./, '');
  const [token, setToken] = useState('');
  const [headers, setHeaders] = useState('');
  const [query, setQuery] = useState('');
  const [variables, setVariables] = useState('');
  const { busy, error, run } = useAction();
  const [result, setResult] = useState<TestInvokeOutput | undefined>(undefined);

  const submit = (e: Event): void => {
    e.preventDefault();
    setResult(undefined);
    const input: TestInvokeInput = {};
    const sent = tokenHeader === undefined ? parseHeaders(headers) : token === '' ? {} : { [tokenHeader]: token };
    if (Object.keys(sent).length > 0) input.headers = sent;
    if (query.trim()) input.pathWithQueryString = `/?${query.trim().replace(/^\?/, '')}`;
    const stageVariables = parsePairs(variables);
    if (Object.keys(stageVariables).length > 0) input.stageVariables = stageVariables;
    run(() => testInvokeAuthorizer(restApi.id, authorizer.id, input), setResult);
  };

  return (
    <div class="test-view">
      <form class="panel" onSubmit={submit} aria-label="Test authorizer">
        <h2>Test authorizer: {authorizer.name}</h2>
        {tokenHeader !== undefined ? (
          <label>
            <span>Token value</span>
            <input name="token" value={token} onInput={(e) => setToken(e.currentTarget.value)} />
            <small>
              Sent in the <code>{tokenHeader}</code> header.
            </small>
          </label>
        ) : (
          <QueryAndHeaders query={query} setQuery={setQuery} headers={headers} setHeaders={setHeaders} />
        )}
        <label>
          <span>Stage variables</span>
          <textarea rows={2} value={variables} onInput={(e) => setVariables(e.currentTarget.value)} placeholder="name=value" />
        </label>
        <ErrorAlert message={error} />
        <div class="form-actions">
          <button type="submit" class="primary" disabled={busy}>
            Test authorizer
          </button>
        </div>
      </form>
      {result && (
        <div class="panel" role="region" aria-label="Authorizer test result" data-testid="authorizer-test-result">
          <h2>Result</h2>
          <dl class="kv">
            <dt>Response</dt>
            <dd data-testid="authorizer-test-status">{result.clientStatus ?? '-'}</dd>
            <dt>Principal ID</dt>
            <dd data-testid="authorizer-test-principal">{result.principalId ?? '-'}</dd>
            <dt>Latency</dt>
            <dd>{result.latency ?? 0} ms</dd>
          </dl>
          {result.policy && (
            <>
              <h3>Policy statement</h3>
              <pre class="function-output" data-testid="authorizer-test-policy">
                {pretty(result.policy)}
              </pre>
            </>
          )}
          {result.claims && Object.keys(result.claims).length > 0 && (
            <>
              <h3>Claims</h3>
              <pre class="function-output">{JSON.stringify(result.claims, null, 2)}</pre>
            </>
          )}
          <h3>Log</h3>
          <pre class="function-output" data-testid="authorizer-test-log">
            {result.log ?? ''}
          </pre>
        </div>
      )}
    </div>
  );
}
