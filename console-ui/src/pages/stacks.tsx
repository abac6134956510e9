/** Stacks: CloudFormation's stacks of the region. Create stack and a stack's own page are in stacks/. */
import { describeStacks } from '../cloudformation';
import { link } from '../router';
import { useLoaded } from '../use-loaded';
import { EmptyRows } from './empty-rows';
import { ErrorAlert } from './error-alert';
import { formatTime } from './stacks/format-time';
import { Status } from './stacks/status';

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
