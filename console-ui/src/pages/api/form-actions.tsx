/** Cancel and the form's action, as the console's forms end (Create resource, Create method, Edit integration). */
export function FormActions(props: { label: string; busy: boolean; onCancel: () => void }) {
  return (
    <div class="form-actions">
      <button type="button" onClick={props.onCancel}>
        Cancel
      </button>
      <button type="submit" class="primary" disabled={props.busy}>
        {props.label}
      </button>
    </div>
  );
}
