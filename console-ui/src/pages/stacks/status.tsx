/** A CloudFormation status (`CREATE_COMPLETE`, `ROLLBACK_IN_PROGRESS` ...), coloured by how it stands: in progress, failed, complete. */
function statusClass(status: string): string {
  if (status.endsWith('_IN_PROGRESS')) return 'stack-status in-progress';
  if (status.endsWith('_FAILED') || status.includes('ROLLBACK')) return 'stack-status failed';
  if (status.endsWith('_COMPLETE')) return 'stack-status complete';
  return 'stack-status';
}

export function Status({ status, testId }: { status: string; testId?: string }) {
  return (
    <span class={statusClass(status)} data-testid={testId}>
      {status}
    </span>
  );
}
