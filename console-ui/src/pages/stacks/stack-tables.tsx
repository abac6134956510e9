/** A stack's three tabs, each a table: its Events, its Resources and its Outputs. */
import type { Stack, StackEvent, StackResource } from '../../cloudformation';
import { EmptyRows } from '../empty-rows';
import { formatTime } from './format-time';
import { Status } from './status';

export function StackEventsTable({ events }: { events: StackEvent[] | undefined }) {
  return (
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
  );
}

export function StackResourcesTable({ resources }: { resources: StackResource[] | undefined }) {
  return (
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
  );
}

export function StackOutputsTable({ outputs }: { outputs: Stack['outputs'] | undefined }) {
  return (
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
        <EmptyRows items={outputs} colSpan={4}>
          No outputs
        </EmptyRows>
        {outputs?.map((o) => (
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
  );
}
