/**
 * Functions: the Lambda functions of the region as the Lambda console lists them, and a function's page with
 * its configuration, Code (the deployment package's files, read-only), Test (Invoke with the log tail) and Logs
 * (the recent invocations, from Gatehouse).
 */
import { useCallback, useEffect, useState } from 'preact/hooks';
import { errorMessage } from '../aws';
import {
  fetchPackage,
  functionLogs,
  getFunction,
  getFunctionConfiguration,
  handlerFile,
  invoke,
  listFunctions,
  MAX_INLINE_PACKAGE,
  PackageTooLarge,
  type InvokeResult,
  type PackageFile,
} from '../lambda';
import { link } from '../router';
import { useLoaded } from '../use-loaded';
import { EmptyRows } from './empty-rows';
import { ErrorAlert } from './error-alert';
import { CountHeader } from './count-header';

export function FunctionsPage() {
  const { value: functions, error: loadError, reload: load } = useLoaded(async () => (await listFunctions()).sort((a, b) => a.FunctionName.localeCompare(b.FunctionName)), []);

  return (
    <section>
      <CountHeader title="Functions" count={functions?.length} onRefresh={load} />
      <ErrorAlert message={loadError} />
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
          <EmptyRows items={functions} colSpan={5} loading={loadError ? undefined : 'Loading functions'}>
            There is no data to display.
          </EmptyRows>
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
      <ErrorAlert message={loadError} />
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
          <h3>Layers</h3>
          {(config.Layers ?? []).length === 0 ? (
            <p class="muted">No layers</p>
          ) : (
            <table class="table" aria-label="Layers">
              <thead>
                <tr>
                  <th>Order</th>
                  <th>Layer</th>
                  <th>Version</th>
                  <th>Size</th>
                </tr>
              </thead>
              <tbody>
                {(config.Layers ?? []).map((layer, i) => (
                  <tr key={layer.Arn}>
                    <td>{i + 1}</td>
                    <td class="mono" title={layer.Arn}>{layer.Arn.split(':')[6]}</td>
                    <td>{layer.Arn.split(':')[7]}</td>
                    <td>{layer.CodeSize ?? '–'} bytes</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
      {config && <CodePanel name={name} handler={config.Handler} codeSha256={config.CodeSha256} codeSize={config.CodeSize} packageType={config.PackageType} />}
      <TestPanel name={name} />
      <LogsPanel name={name} />
    </section>
  );
}

type CodeState =
  | { kind: 'loading' }
  | { kind: 'files'; files: PackageFile[] }
  | { kind: 'too-large' }
  | { kind: 'image' }
  | { kind: 'error'; message: string };

/**
 * Code source, as the Lambda console shows it: the deployment package's files and the chosen one's text,
 * read-only, the handler's file first. The package comes from GetFunction's Code.Location, unzipped here.
 */
function CodePanel({ name, handler, codeSha256, codeSize, packageType }: { name: string; handler?: string; codeSha256?: string; codeSize?: number; packageType?: string }) {
  const [state, setState] = useState<CodeState>({ kind: 'loading' });
  const [selected, setSelected] = useState<string | undefined>(undefined);

  useEffect(() => {
    let current = true;
    setState({ kind: 'loading' });
    setSelected(undefined);
    const load = async (): Promise<CodeState> => {
      if (packageType === 'Image') return { kind: 'image' };
      if (codeSize !== undefined && codeSize > MAX_INLINE_PACKAGE) return { kind: 'too-large' };
      const fn = await getFunction(name);
      if (!fn.Code?.Location) return { kind: 'image' };
      return { kind: 'files', files: await fetchPackage(fn.Code.Location) };
    };
    load().then(
      (next) => {
        if (!current) return;
        setState(next);
        if (next.kind === 'files') setSelected(handlerFile(handler, next.files.map((f) => f.path)));
      },
      (err: unknown) => {
        if (current) setState(err instanceof PackageTooLarge ? { kind: 'too-large' } : { kind: 'error', message: errorMessage(err) });
      },
    );
    return () => {
      current = false;
    };
    // codeSha256 is not read, but a new package (UpdateFunctionCode, then Refresh) loads the files again.
  }, [name, handler, codeSha256, codeSize, packageType]);

  const file = state.kind === 'files' ? state.files.find((f) => f.path === selected) : undefined;
  return (
    <div class="panel function-code" aria-label="Code">
      <h2>Code source</h2>
      {state.kind === 'loading' && <p class="muted">Loading the deployment package</p>}
      {state.kind === 'too-large' && (
        <div class="code-note" role="status" data-testid="code-message">
          The deployment package of your Lambda function "{name}" is too large to enable inline code editing. However, you can still invoke your function.
        </div>
      )}
      {state.kind === 'image' && (
        <div class="code-note" role="status" data-testid="code-message">
          The function "{name}" is deployed as a container image: its code cannot be shown here.
        </div>
      )}
      {state.kind === 'error' && (
        <div class="flash flash-error" role="alert" data-testid="code-message">
          {state.message}
        </div>
      )}
      {state.kind === 'files' && state.files.length === 0 && <p class="muted">The deployment package has no files.</p>}
      {state.kind === 'files' && state.files.length > 0 && (
        <div class="code-source">
          <ul class="code-files" aria-label="Files">
            {state.files.map((f) => (
              <li key={f.path}>
                <button type="button" class={f.path === selected ? 'selected' : ''} aria-pressed={f.path === selected} data-path={f.path} onClick={() => setSelected(f.path)}>
                  {f.path}
                </button>
              </li>
            ))}
          </ul>
          <div class="code-view">
            <div class="code-file-name mono" data-testid="code-file-name">
              {file?.path ?? ''}
            </div>
            {file &&
              (file.text === undefined ? (
                <p class="muted code-binary" data-testid="code-binary">
                  {file.path} is a binary file ({file.size} bytes): it is not shown.
                </p>
              ) : (
                <pre class="code-text" aria-label={`Code of ${file.path}`} data-testid="code-text">
                  {file.text}
                </pre>
              ))}
          </div>
        </div>
      )}
    </div>
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
      <ErrorAlert message={error} />
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
      <ErrorAlert message={error} />
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
