/**
 * An API's settings: name, description, endpoint type and a private API's VPC endpoints, saved with one
 * UpdateRestApi. The API applies AWS's rules (PRIVATE cannot become EDGE, VPC endpoint ids only on a private
 * API) and its message is what the page shows; like the policy, a change reaches clients at the next deployment.
 */
import { useState } from 'preact/hooks';
import { updateRestApi, type EndpointType, type PatchOperation, type RestApi } from '../apigateway';
import { signalFlash } from '../flash-state';
import { useAction } from '../use-action';
import { EndpointTypeFields } from './endpoint-type-fields';
import { ErrorAlert } from './error-alert';

export function ApiSettingsView({ restApi, onSaved }: { restApi: RestApi; onSaved: () => void }) {
  const currentType = restApi.endpointConfiguration?.types?.[0] ?? 'REGIONAL';
  const currentIds = restApi.endpointConfiguration?.vpcEndpointIds ?? [];
  const [name, setName] = useState(restApi.name);
  const [description, setDescription] = useState(restApi.description ?? '');
  const [endpointType, setEndpointType] = useState<EndpointType>(currentType);
  const [vpcEndpointIds, setVpcEndpointIds] = useState<string[]>(currentIds);
  const { busy, error, setError, run } = useAction();

  const submit = (e: Event): void => {
    e.preventDefault();
    const ops: PatchOperation[] = [];
    if (name !== restApi.name) ops.push({ op: 'replace', path: '/name', value: name });
    if (description !== (restApi.description ?? '')) ops.push({ op: 'replace', path: '/description', value: description });
    // Endpoint ids first: leaving PRIVATE drops them, so the configuration is whole once every operation applied.
    const ids = endpointType === 'PRIVATE' ? vpcEndpointIds : [];
    if (ids.join(',') !== currentIds.join(',')) ops.push({ op: 'replace', path: '/endpointConfiguration/vpcEndpointIds', value: ids.join(',') });
    if (endpointType !== currentType) ops.push({ op: 'replace', path: `/endpointConfiguration/types/${currentType}`, value: endpointType });
    if (ops.length === 0) return setError('Nothing to save: no setting changed.');
    run(
      () => updateRestApi(restApi.id, ops),
      () => {
        signalFlash({ type: 'success', message: `Successfully updated the settings of ${name}.` });
        onSaved();
      },
    );
  };

  return (
    <form class="panel" onSubmit={submit} aria-label="API settings">
      <h2>API details</h2>
      <label>
        <span>API name</span>
        <input name="name" value={name} onInput={(e) => setName(e.currentTarget.value)} />
      </label>
      <label>
        <span>
          Description - <em>optional</em>
        </span>
        <textarea name="description" value={description} onInput={(e) => setDescription(e.currentTarget.value)} rows={2} />
      </label>
      <EndpointTypeFields endpointType={endpointType} onEndpointType={setEndpointType} vpcEndpointIds={vpcEndpointIds} onVpcEndpointIds={setVpcEndpointIds} />
      <p class="muted">Clients see a new endpoint type or endpoint list after the next deployment.</p>
      <ErrorAlert message={error} />
      <div class="form-actions">
        <button type="submit" class="primary" disabled={busy}>
          Save changes
        </button>
      </div>
    </form>
  );
}
