/**
 * An API's Test tab: a request to a deployed stage sent *from* a chosen instance, through its VPC's DNS, its
 * security groups and the endpoint (Gatehouse's POST /_gatehouse/send, what `gatehouse exec -- curl` does),
 * and what came back: the response and API Gateway's record of the request (why the policies allowed or
 * denied it, the Lambda event it sent and the function's log). A connection the network never makes is
 * said as curl would meet it.
 */
import { useState } from 'preact/hooks';
import type { RestApi, Stage } from '../apigateway';
import { describeInstances } from '../ec2';
import { sendFromInstance, type SendResult } from '../send';
import { useAction } from '../use-action';
import { useLoaded } from '../use-loaded';
import { ErrorAlert } from './error-alert';
import { parseHeaders, QueryAndHeaders, StageSelect } from './request-fields';
import { RequestDetail } from './requests';
import { invokeUrls } from './stages';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];
const HOST = '*host*';

export function TestView({ restApi, stages }: { restApi: RestApi; stages: Stage[] }) {
  const instances = useLoaded(describeInstances, []);
  const running = (instances.value ?? []).filter((i) => i.state === 'running');
  const [stageName, setStageName] = useState('');
  const [instanceId, setInstanceId] = useState('');
  const [urlIndex, setUrlIndex] = useState(0);
  const [method, setMethod] = useState('GET');
  const [path, setPath] = useState('/');
  const [query, setQuery] = useState('');
  const [headers, setHeaders] = useState('');
  const [body, setBody] = useState('');
  const { busy, error, run } = useAction();
  const [result, setResult] = useState<SendResult | undefined>(undefined);

  if (stages.length === 0) return <p class="muted">Deploy the API to a stage to test it.</p>;
  // The chosen stage, or the first when none is chosen yet or the chosen one is gone (deployed or deleted since).
  const stage = stages.find((s) => s.stageName === stageName) ?? stages[0]!;
  // From this machine (outside any VPC) a request reaches Gatehouse's own port only: a private API is Forbidden there.
  const chosenInstance = instanceId || running[0]?.id || HOST;
  const fromHost = chosenInstance === HOST;
  const bases = fromHost ? [`${location.origin}/_aws/execute-api/${restApi.id}/${stage.stageName}`] : invokeUrls(restApi, stage.stageName);
  const base = bases[Math.min(urlIndex, bases.length - 1)] ?? '';
  const url = `${base}${path.startsWith('/') ? path : `/${path}`}${query ? `?${query.replace(/^\?/, '')}` : ''}`;

  const submit = (e: Event): void => {
    e.preventDefault();
    setResult(undefined);
    run(() => sendFromInstance({ ...(fromHost ? {} : { instanceId: chosenInstance }), method, url, headers: parseHeaders(headers), body }), setResult);
  };

  return (
    <div class="test-view">
      <form class="panel" onSubmit={submit} aria-label="Test">
        <p class="muted">
          Sends the request from an instance, through its VPC, as <code>gatehouse exec INSTANCE -- curl</code> would, or from this machine to
          Gatehouse's own port.
        </p>
        <StageSelect stages={stages} value={stage.stageName} onChange={(name) => (setStageName(name), setUrlIndex(0))} />
        <label>
          <span>Send from</span>
          <select value={chosenInstance} onChange={(e) => (setInstanceId(e.currentTarget.value), setUrlIndex(0))}>
            {running.map((i) => (
              <option key={i.id} value={i.id}>
                {i.id}
                {i.name ? ` (${i.name})` : ''} in {i.vpcId}, {i.privateIp}
              </option>
            ))}
            <option value={HOST}>This machine, outside any VPC (Gatehouse's port)</option>
          </select>
        </label>
        <label>
          <span>Invoke URL</span>
          <select value={String(urlIndex)} onChange={(e) => setUrlIndex(Number(e.currentTarget.value))}>
            {bases.map((b, i) => (
              <option key={b} value={String(i)}>
                {b}
              </option>
            ))}
          </select>
        </label>
        <div class="row">
          <label>
            <span>Method</span>
            <select value={method} onChange={(e) => setMethod(e.currentTarget.value)}>
              {METHODS.map((m) => (
                <option key={m} value={m}>
                  {m}
                </option>
              ))}
            </select>
          </label>
          <label class="grow">
            <span>Path</span>
            <input value={path} onInput={(e) => setPath(e.currentTarget.value)} />
          </label>
        </div>
        <QueryAndHeaders query={query} setQuery={setQuery} headers={headers} setHeaders={setHeaders} />
        <label>
          <span>Request body</span>
          <textarea rows={4} value={body} onInput={(e) => setBody(e.currentTarget.value)} />
        </label>
        <p class="muted">
          <code data-testid="test-url">
            {method} {url}
          </code>
        </p>
        <ErrorAlert message={error} />
        <div class="form-actions">
          <button type="submit" class="primary" disabled={busy}>
            Test
          </button>
        </div>
      </form>
      {result && <TestResult result={result} />}
    </div>
  );
}

function TestResult({ result }: { result: SendResult }) {
  if (result.outcome !== 'response') {
    return (
      <div class="panel" role="region" aria-label="Test result" data-testid="test-result">
        <h2>{result.outcome === 'refused' ? 'Could not connect' : 'Connection timed out'}</h2>
        <p data-testid="test-network-reason">{result.reason}</p>
      </div>
    );
  }
  const { response, request } = result;
  return (
    <div class="panel" role="region" aria-label="Test result" data-testid="test-result">
      <h2>Response</h2>
      <dl class="kv">
        <dt>Status</dt>
        <dd data-testid="test-status">{response.status}</dd>
        <dt>Latency</dt>
        <dd>{response.durationMs} ms</dd>
        <dt>Through</dt>
        <dd>{result.via}</dd>
      </dl>
      <h3>Response body</h3>
      <pre class="function-output" data-testid="test-body">
        {response.bodyEncoding === 'base64' ? `(base64) ${response.body}` : response.body}
      </pre>
      <h3>Response headers</h3>
      <pre class="function-output">{response.headers.map(([n, v]) => `${n}: ${v}`).join('\n')}</pre>
      {request && <RequestDetail request={request} />}
    </div>
  );
}
