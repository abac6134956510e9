/** Stacks: CloudFormation's stacks of the region, Create stack from a template, a stack's events, resources and outputs. */
import { useEffect, useRef, useState } from 'preact/hooks';
import { errorMessage } from '../aws';
import {
  createStack,
  deleteStack,
  describeStackEvents,
  describeStacks,
  getTemplateSummary,
  listStackResources,
  type Stack,
  type StackEvent,
  type StackResource,
  type TemplateSummary,
} from '../cloudformation';
import { signalFlash } from '../flash-state';
import { link, navigate } from '../router';
import { useAction } from '../use-action';
import { useLoaded } from '../use-loaded';
import { EmptyRows } from './empty-rows';
import { ErrorAlert } from './error-alert';

export type StackTab = 'events' | 'resources' | 'outputs';

function formatTime(iso: string): string {
  const d = new Date(iso);
  return iso === '' || Number.isNaN(d.getTime()) ? iso || '-' : d.toLocaleString();
}

function statusClass(status: string): string {
  if (status.endsWith('_IN_PROGRESS')) return 'stack-status in-progress';
  if (status.endsWith('_FAILED') || status.includes('ROLLBACK')) return 'stack-status failed';
  if (status.endsWith('_COMPLETE')) return 'stack-status complete';
  return 'stack-status';
}

function Status({ status, testId }: { status: string; testId?: string }) {
  return (
    <span class={statusClass(status)} data-testid={testId}>
      {status}
    </span>
  );
}

export function StacksPage() {
  const { value: stacks, error: loadError, reload: load } = useLoaded(async () => (await describeStacks()).sort((a, b) => b.created.localeCompare(a.created)), []);
  return (
    <section>
      <div class="page-header">
        <h1>
          Stacks <span class="count">({stacks?.length ?? 0})</span>
        </h1>
        <div class="actions">
          <button type="button" aria-label="Refresh" onClick={load}>
            ↻
          </button>
          <a class="button primary" {...link('stacks/create')}>
            Create stack
          </a>
        </div>
      </div>
      <ErrorAlert message={loadError} />
      <table class="table" aria-label="Stacks">
        <thead>
          <tr>
            <th>Stack name</th>
            <th>Status</th>
            <th>Created time</th>
            <th>Description</th>
          </tr>
        </thead>
        <tbody>
          <EmptyRows items={stacks} colSpan={4} loading={loadError ? undefined : 'Loading stacks'}>
            <strong>No stacks</strong>
            <br />
            You don't have any stacks.
          </EmptyRows>
          {stacks?.map((s) => (
            <tr key={s.id} data-stack-name={s.name}>
              <td>
                <a {...link(`stacks/${encodeURIComponent(s.name)}/events`)}>{s.name}</a>
              </td>
              <td>
                <Status status={s.status} />
              </td>
              <td>{formatTime(s.created)}</td>
              <td>{s.description || '-'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export function CreateStackPage() {
  const [name, setName] = useState('');
  const [template, setTemplate] = useState('');
  const [summary, setSummary] = useState<TemplateSummary | undefined>(undefined);
  const [summaryError, setSummaryError] = useState<string | undefined>(undefined);
  const [values, setValues] = useState<Record<string, string>>({});
  const [acknowledged, setAcknowledged] = useState(false);
  const { busy, error, run } = useAction();

  // The template's parameters, from GetTemplateSummary, shortly after the template stops changing.
  useEffect(() => {
    setSummaryError(undefined);
    if (template.trim() === '') {
      setSummary(undefined);
      return;
    }
    let current = true;
    const timer = setTimeout(() => {
      getTemplateSummary(template).then(
        (s) => {
          if (!current) return;
          setSummary(s);
          setValues((old) => Object.fromEntries(s.parameters.map((p) => [p.key, old[p.key] ?? p.defaultValue ?? ''])));
        },
        (e: unknown) => {
          if (!current) return;
          setSummary(undefined);
          setSummaryError(errorMessage(e));
        },
      );
    }, 250);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [template]);

  const setParameter = (key: string, value: string): void => setValues((old) => ({ ...old, [key]: value }));

  const onFile = (e: Event): void => {
    const file = (e.currentTarget as HTMLInputElement).files?.[0];
    if (file) void file.text().then(setTemplate);
  };

  const submit = (e: Event): void => {
    e.preventDefault();
    const needed = summary?.capabilities.length ? summary.capabilities : ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM'];
    const parameters = Object.fromEntries(Object.entries(values).filter(([key]) => summary?.parameters.some((p) => p.key === key)));
    run(
      () => createStack({ name, templateBody: template, parameters, capabilities: acknowledged ? needed : [] }),
      () => {
        signalFlash({ type: 'success', message: `Stack creation initiated for '${name}'.` });
        navigate(`stacks/${encodeURIComponent(name)}/events`);
      },
    );
  };

  return (
    <section>
      <div class="breadcrumbs">
        <a {...link('stacks')}>Stacks</a> › Create stack
      </div>
      <h1>Create stack</h1>
      <form class="panel stack-form" aria-label="Create stack" onSubmit={(e) => void submit(e)}>
        <label>
          Stack name
          <input type="text" value={name} onInput={(e) => setName(e.currentTarget.value)} />
          <small>Letters (A-Z and a-z), numbers (0-9) and dashes (-).</small>
        </label>
        <label>
          Upload a template file
          <input type="file" accept=".json,.yaml,.yml,.template,.txt" onChange={onFile} />
        </label>
        <label>
          Template
          <textarea class="template-editor" rows={14} spellcheck={false} value={template} onInput={(e) => setTemplate(e.currentTarget.value)} />
          <small>JSON or YAML, pasted or uploaded.</small>
        </label>
        {summaryError && (
          <p class="field-error" data-testid="template-error">
            {summaryError}
          </p>
        )}
        {summary && summary.parameters.length > 0 && (
          <fieldset>
            <legend>Parameters</legend>
            {summary.parameters.map((p) => (
              <label key={p.key} class="parameter">
                {p.key}
                {p.noEcho ? (
                  <input type="password" value={values[p.key] ?? ''} onInput={(e) => setParameter(p.key, e.currentTarget.value)} />
                ) : (
                  <input type="text" value={values[p.key] ?? ''} onInput={(e) => setParameter(p.key, e.currentTarget.value)} />
                )}
                <small>
                  {p.description ? `${p.description} ` : ''}({p.type})
                </small>
              </label>
            ))}
          </fieldset>
        )}
        <fieldset>
          <legend>Capabilities</legend>
          <label class="choice">
            <input type="checkbox" checked={acknowledged} onChange={(e) => setAcknowledged(e.currentTarget.checked)} />
            <span>
              I acknowledge that AWS CloudFormation might create IAM resources with custom names.
              <br />
              <small>{summary?.capabilities.length ? `Required: ${summary.capabilities.join(', ')}` : 'CAPABILITY_IAM, CAPABILITY_NAMED_IAM'}</small>
            </span>
          </label>
        </fieldset>
        <ErrorAlert message={error} />
        <div class="form-actions">
          <a class="button" {...link('stacks')}>
            Cancel
          </a>
          <button type="submit" class="primary" disabled={busy}>
            Submit
          </button>
        </div>
      </form>
    </section>
  );
}

export function StackPage({ name, tab }: { name: string; tab: StackTab }) {
  const [stack, setStack] = useState<Stack | undefined>(undefined);
  const [events, setEvents] = useState<StackEvent[] | undefined>(undefined);
  const [resources, setResources] = useState<StackResource[] | undefined>(undefined);
  const [loadError, setLoadError] = useState<string | undefined>(undefined);
  const [gone, setGone] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [tick, setTick] = useState(0);
  // Once known, the stack id: a deleted stack is still described by its id.
  const idRef = useRef<string | undefined>(undefined);

  useEffect(() => {
    let current = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const ref = idRef.current ?? name;
    void (async () => {
      try {
        const found = (await describeStacks(ref))[0];
        if (!current) return;
        if (!found) throw new Error(`Stack with id ${name} does not exist`);
        idRef.current = found.id;
        setStack(found);
        setLoadError(undefined);
        const [ev, res] = await Promise.all([describeStackEvents(found.id), listStackResources(found.id).catch(() => [] as StackResource[])]);
        if (!current) return;
        setEvents(ev);
        setResources(res);
        if (found.status.endsWith('_IN_PROGRESS')) timer = setTimeout(() => setTick((t) => t + 1), 1000);
      } catch (error) {
        if (!current) return;
        if (idRef.current) setGone(true);
        else setLoadError(errorMessage(error));
      }
    })();
    return () => {
      current = false;
      if (timer) clearTimeout(timer);
    };
  }, [name, tick]);

  const status = gone ? 'DELETE_COMPLETE' : stack?.status;
  const base = `stacks/${encodeURIComponent(name)}`;
  return (
    <section>
      <div class="breadcrumbs">
        <a {...link('stacks')}>Stacks</a> › {name}
      </div>
      <div class="page-header">
        <h1>{name}</h1>
        <div class="actions">
          <button type="button" aria-label="Refresh" onClick={() => setTick((t) => t + 1)}>
            ↻
          </button>
          <button type="button" disabled={!stack || gone || stack.status === 'DELETE_COMPLETE' || stack.status === 'DELETE_IN_PROGRESS'} onClick={() => setDeleting(true)}>
            Delete
          </button>
        </div>
      </div>
      <ErrorAlert message={loadError} />
      {stack && (
        <div class="panel stack-overview">
          <dl class="kv">
            <dt>Status</dt>
            <dd>{status && <Status status={status} testId="stack-status" />}</dd>
            {stack.statusReason && (
              <>
                <dt>Status reason</dt>
                <dd>{stack.statusReason}</dd>
              </>
            )}
            <dt>Stack ID</dt>
            <dd>
              <code>{stack.id}</code>
            </dd>
            <dt>Description</dt>
            <dd>{stack.description || '-'}</dd>
            <dt>Created time</dt>
            <dd>{formatTime(stack.created)}</dd>
          </dl>
        </div>
      )}
      <nav class="tabs" aria-label="Stack">
        <a {...link(`${base}/events`)} aria-current={tab === 'events' ? 'page' : undefined}>
          Events
        </a>
        <a {...link(`${base}/resources`)} aria-current={tab === 'resources' ? 'page' : undefined}>
          Resources
        </a>
        <a {...link(`${base}/outputs`)} aria-current={tab === 'outputs' ? 'page' : undefined}>
          Outputs
        </a>
      </nav>
      {tab === 'events' && (
        <table class="table" aria-label="Events">
          <thead>
            <tr>
              <th>Timestamp</th>
              <th>Logical ID</th>
              <th>Status</th>
              <th>Status reason</th>
            </tr>
          </thead>
          <tbody>
            <EmptyRows items={events} colSpan={4}>
              No events
            </EmptyRows>
            {events?.map((e) => (
              <tr key={e.id} data-logical-id={e.logicalId}>
                <td>{formatTime(e.timestamp)}</td>
                <td>
                  {e.logicalId}
                  <br />
                  <small class="muted">{e.type}</small>
                </td>
                <td>
                  <Status status={e.status} />
                </td>
                <td>{e.reason ?? '-'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {tab === 'resources' && (
        <table class="table" aria-label="Resources">
          <thead>
            <tr>
              <th>Logical ID</th>
              <th>Physical ID</th>
              <th>Type</th>
              <th>Status</th>
            </tr>
          </thead>
          <tbody>
            <EmptyRows items={resources} colSpan={4}>
              No resources
            </EmptyRows>
            {resources?.map((r) => (
              <tr key={r.logicalId} data-logical-id={r.logicalId}>
                <td>{r.logicalId}</td>
                <td>
                  <code>{r.physicalId || '-'}</code>
                </td>
                <td>{r.type}</td>
                <td>
                  <Status status={r.status} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {tab === 'outputs' && (
        <table class="table" aria-label="Outputs">
          <thead>
            <tr>
              <th>Key</th>
              <th>Value</th>
              <th>Description</th>
              <th>Export name</th>
            </tr>
          </thead>
          <tbody>
            <EmptyRows items={stack?.outputs} colSpan={4}>
              No outputs
            </EmptyRows>
            {stack?.outputs.map((o) => (
              <tr key={o.key} data-output-key={o.key}>
                <td>{o.key}</td>
                <td>
                  <code>{o.value}</code>
                </td>
                <td>{o.description ?? '-'}</td>
                <td>{o.exportName ?? '-'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {deleting && stack && (
        <DeleteStackModal
          stack={stack}
          onClose={() => setDeleting(false)}
          onDeleted={() => {
            setDeleting(false);
            signalFlash({ type: 'success', message: `Deletion initiated for stack '${stack.name}'.` });
            setTick((t) => t + 1);
          }}
        />
      )}
    </section>
  );
}

function DeleteStackModal({ stack, onClose, onDeleted }: { stack: Stack; onClose: () => void; onDeleted: () => void }) {
  const { busy, error, run } = useAction();
  const confirm = (): void => run(() => deleteStack(stack.id), onDeleted);
  return (
    <div class="modal-backdrop">
      <div class="modal" role="dialog" aria-modal="true" aria-labelledby="delete-stack-title">
        <h2 id="delete-stack-title">Delete stack</h2>
        <p>
          Deleting <strong>{stack.name}</strong> deletes all its resources (except those retained).
        </p>
        <ErrorAlert message={error} />
        <div class="modal-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="button" class="danger" disabled={busy} onClick={() => void confirm()}>
            Delete
          </button>
        </div>
      </div>
    </div>
  );
}
