/** Create resource: a path part (a name, `{param}` or `{proxy+}`) under the selected resource. */
import { useState } from 'preact/hooks';
import { createResource, type Resource, type RestApi } from '../../apigateway';
import { useAction } from '../../use-action';
import { ErrorAlert } from '../error-alert';
import { FormActions } from './form-actions';

export function CreateResourcePanel(props: { restApi: RestApi; parent: Resource; onCancel: () => void; onCreated: (r: Resource) => void }) {
  const [name, setName] = useState('');
  const { busy, error, run } = useAction();
  const submit = (e: Event): void => {
    e.preventDefault();
    run(() => createResource(props.restApi.id, props.parent.id, name), props.onCreated);
  };
  return (
    <form class="panel" onSubmit={submit} aria-label="Create resource">
      <h2>Create resource</h2>
      <label>
        <span>Resource path</span>
        <input value={props.parent.path} readOnly />
      </label>
      <label>
        <span>Resource name</span>
        <input name="pathPart" value={name} onInput={(e) => setName(e.currentTarget.value)} placeholder="my-resource" />
        <small>
          A path part: a name, a path parameter such as <code>{'{petId}'}</code>, or the greedy <code>{'{proxy+}'}</code>.
        </small>
      </label>
      <ErrorAlert message={error} />
      <FormActions label="Create resource" busy={busy} onCancel={props.onCancel} />
    </form>
  );
}
