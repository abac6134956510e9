/** The AWS console's confirmation before deleting a resource, a method or a stage: the question, Cancel, Delete. */
import { useAction } from '../use-action';
import { ErrorAlert } from './error-alert';

export function DeleteModal(props: { what: string; message: string; onClose: () => void; onDelete: () => Promise<void>; onDeleted: () => void }) {
  const { busy, error, run } = useAction();
  const title = `Delete ${props.what}`;
  const submit = (e: Event): void => {
    e.preventDefault();
    run(props.onDelete, props.onDeleted);
  };
  return (
    <div class="modal-backdrop">
      <div class="modal" role="dialog" aria-modal="true" aria-label={title}>
        <form onSubmit={submit}>
          <h2>{title}</h2>
          <p>{props.message}</p>
          <ErrorAlert message={error} />
          <div class="modal-actions">
            <button type="button" onClick={props.onClose}>
              Cancel
            </button>
            <button type="submit" class="danger" disabled={busy} autoFocus>
              Delete
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}
