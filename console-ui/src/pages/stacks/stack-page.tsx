/** A stack: its overview and its Events, Resources and Outputs, refreshed each second while it is in progress; Delete. */
import { useEffect, useRef, useState } from 'preact/hooks';
import { errorMessage } from '../../aws';
import { describeStackEvents, describeStacks, listStackResources, type Stack, type StackEvent, type StackResource } from '../../cloudformation';
import { signalFlash } from '../../flash-state';
import { link } from '../../router';
import { ErrorAlert } from '../error-alert';
import { DeleteStackModal } from './delete-stack-modal';
import { StackOverview } from './stack-overview';
import { StackEventsTable, StackOutputsTable, StackResourcesTable } from './stack-tables';

export type StackTab = 'events' | 'resources' | 'outputs';

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
      {stack && <StackOverview stack={stack} status={status} />}
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
      {tab === 'events' && <StackEventsTable events={events} />}
      {tab === 'resources' && <StackResourcesTable resources={resources} />}
      {tab === 'outputs' && <StackOutputsTable outputs={stack?.outputs} />}
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
