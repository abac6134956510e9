/** Delete stack: the confirmation before DeleteStack, which deletes all its resources but those retained. */
import { deleteStack, type Stack } from '../../cloudformation';
import { useAction } from '../../use-action';
import { ErrorAlert } from '../error-alert';

export function DeleteStackModal({ stack, onClose, onDeleted }: { stack: Stack; onClose: () => void; onDeleted: () => void }) {
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
