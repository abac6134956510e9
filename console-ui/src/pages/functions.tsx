/**
 * Functions: the Lambda functions of the region as the Lambda console lists them, and a function's page with
 * its configuration, Test (Invoke with the log tail) and Logs (the recent invocations, from Gatehouse).
 */
import { useCallback, useEffect, useState } from 'preact/hooks';
import { errorMessage } from '../aws';
import { functionLogs, getFunctionConfiguration, invoke, listFunctions, type InvokeResult } from '../lambda';
import { link } from '../router';
import { useLoaded } from '../use-loaded';

export function FunctionsPage() {
  const { value: functions, error: loadError, reload: load } = useLoaded(async () => (await listFunctions()).sort((a, b) => a.FunctionName.localeCompare(b.FunctionName)), []);

  return (
    <section>
      <div class="page-header">
        <h1>
          Functions <span class="count">({functions?.length ?? 0})</span>
        </h1>
        <div class="actions">
          <button type="button" aria-label="Refresh" onClick={load}>
            ↻
          </button>
        </div>
      </div>
      {loadError && (
        <div class="flash flash-error" role="alert">
          {loadError}
        </div>
      )}
      <table class="table" aria-label="Functions">
        <thead>
          <tr>
            <th>Function name</th>
            <th>Runtime</th>
            <th>Last modified</th>
            <th>Memory (MB)</th>
            <th>Timeout</th>
          </tr>
        </thead>
        <tbody>
          {functions === undefined && !loadError && (
            <tr>
              <td colSpan={5} class="empty">
                Loading functions
              </td>
            </tr>
          )}
          {functions?.length === 0 && (
            <tr>
              <td colSpan={5} class="empty">
                There is no data to display.
              </td>
            </tr>
          )}
          {functions?.map((f) => (
            <tr key={f.FunctionName} data-function-name={f.FunctionName}>
              <td>
                <a {...link(`functions/${encodeURIComponent(f.FunctionName)}`)}>{f.FunctionName}</a>
              </td>
              <td>{f.Runtime ?? (f.PackageType === 'Image' ? 'Image' : '–')}</td>
              <td>{lastModified(f.LastModified)}</td>
              <td>{f.MemorySize ?? '–'}</td>
              <td>{timeout(f.Timeout)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function lastModified(value: string | undefined): string {
  if (!value) return '–';
  const date = new Date(value.replace(/\+0000$/, 'Z'));
  return Number.isNaN(date.getTime()) ? value : date.toLocaleString();
}

function timeout(seconds: number | undefined): string {
  if (seconds === undefined) return '–';
  const min = Math.floor(seconds / 60);
  const sec = seconds % 60;
  return min > 0 ? `${min} min ${sec} sec` : `${sec} sec`;
}

export function FunctionPage({ name }: { name: string }) {
  const { value: config, error: loadError, reload: load } = useLoaded(() => getFunctionConfiguration(name), [name]);

  const variables = Object.entries(config?.Environment?.Variables ?? {});
  return (
    <section class="function-page">
      <div class="breadcrumbs">
        <a {...link('functions')}>Functions</a> › {name}
      </div>
      <div class="page-header">
        <h1>{name}</h1>
        <div class="actions">
          <button type="button" aria-label="Refresh" onClick={load}>
            ↻
          </button>
        </div>
      </div>
      {loadError && (
        <div class="flash flash-error" role="alert">
          {loadError}
        </div>
      )}
      {config && (
        <div class="panel" aria-label="Configuration">
          <h2>Configuration</h2>
          <dl class="kv">
            <dt>Runtime</dt>
            <dd>{config.Runtime ?? '–'}</dd>
            <dt>Handler</dt>
            <dd class="mono">{config.Handler ?? '–'}</dd>
            <dt>Role</dt>
            <dd class="mono">{config.Role ?? '–'}</dd>
            <dt>Memory</dt>
            <dd>{config.MemorySize ?? '–'} MB</dd>
            <dt>Timeout</dt>
            <dd>{timeout(config.Timeout)}</dd>
            <dt>State</dt>
            <dd data-testid="function-state">
              {config.State ?? '–'}
              {config.StateReason ? ` (${config.StateReason})` : ''}
            </dd>
            <dt>Last modified</dt>
            <dd>{lastModified(config.LastModified)}</dd>
          </dl>
          <h3>Environment variables</h3>
          {variables.length === 0 ? (
            <p class="muted">No environment variables</p>
          ) : (
            <table class="table" aria-label="Environment variables">
              <thead>
                <tr>
                  <th>Key</th>
                  <th>Value</th>
                </tr>
              </thead>
              <tbody>
                {variables.map(([k, v]) => (
                  <tr key={k}>
                    <td class="mono">{k}</td>
                    <td class="mono">{v}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
      <TestPanel name={name} />
      <LogsPanel name={name} />
    </section>
  );
}

function TestPanel({ name }: { name: string }) {
  const [event, setEvent] = useState('{\n  "key1": "value1"\n}');
  const [result, setResult] = useState<InvokeResult | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [running, setRunning] = useState(false);

  const test = (e: Event): void => {
    e.preventDefault();
    setError(undefined);
    try {
      JSON.parse(event);
    } catch {
      setError('The event is not valid JSON.');
      return;
    }
    setRunning(true);
    setResult(undefined);
    invoke(name, event).then(
      (r) => {
        setResult(r);
        setRunning(false);
      },
      (err: unknown) => {
        setError(errorMessage(err));
        setRunning(false);
      },
    );
  };

  return (
    <form class="panel function-test" aria-label="Test" onSubmit={test}>
      <h2>Test</h2>
      <label>
        Event JSON
        <textarea class="policy-editor" rows={8} spellcheck={false} value={event} onInput={(e) => setEvent(e.currentTarget.value)} />
      </label>
      <div class="actions">
        <button type="submit" class="primary" disabled={running}>
          {running ? 'Testing…' : 'Test'}
        </button>
      </div>
      {error && (
        <div class="flash flash-error" role="alert">
          {error}
        </div>
      )}
      {result && (
        <div class={`test-result ${result.functionError ? 'test-failed' : 'test-succeeded'}`} data-testid="test-result">
          <p class="test-status">
            {result.functionError ? `Executing function: failed (${result.functionError})` : 'Executing function: succeeded'}
          </p>
          <h3>Response</h3>
          <pre class="function-output" data-testid="test-payload">
            {pretty(result.payload)}
          </pre>
          <h3>Log output</h3>
          <pre class="function-output" data-testid="test-log">
            {result.logTail ?? ''}
          </pre>
        </div>
      )}
    </form>
  );
}

/** JSON text indented for reading; anything else as it is. */
export function pretty(payload: string): string {
  try {
    return JSON.stringify(JSON.parse(payload), null, 2);
  } catch {
    return payload;
  }
}

function LogsPanel({ name }: { name: string }) {
  const [logs, setLogs] = useState<string | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const load = useCallback(() => {
    setError(undefined);
    functionLogs(name).then(setLogs, (err: unknown) => setError(errorMessage(err)));
  }, [name]);
  useEffect(load, [load]);

  return (
    <div class="panel function-logs" aria-label="Logs">
      <div class="page-header">
        <h2>Logs</h2>
        <button type="button" onClick={load}>
          Refresh logs
        </button>
      </div>
      {error && (
        <div class="flash flash-error" role="alert">
          {error}
        </div>
      )}
      {logs !== undefined &&
        (logs === '' ? (
          <p class="muted">No recent invocations</p>
        ) : (
          <pre class="function-output" data-testid="function-logs">
            {logs}
          </pre>
        ))}
    </div>
  );
}
