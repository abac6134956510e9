/** The AWS console's confirmation before deleting a resource, a method or a stage: the question, Cancel, Delete. */
import { useState } from 'preact/hooks';
import { errorMessage } from '../aws';
import { ErrorAlert } from './error-alert';

export function DeleteModal(props: { what: string; message: string; onClose: () => void; onDelete: () => Promise<void>; onDeleted: () => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const title = `Delete ${props.what}`;
  const submit = (e: Event): void => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    props.onDelete().then(props.onDeleted, (err: unknown) => {
      setBusy(false);
      setError(errorMessage(err));
    });
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
