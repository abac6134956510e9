/** A stack's overview: its status (and why), id, description and creation time. */
import type { Stack } from '../../cloudformation';
import { formatTime } from './format-time';
import { Status } from './status';

export function StackOverview({ stack, status }: { stack: Stack; status: string | undefined }) {
  return (
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
  );
}
