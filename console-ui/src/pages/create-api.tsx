/** Create REST API: New API, name, description, endpoint type, and for Private the VPC endpoints it accepts. */
import { useState } from 'preact/hooks';
import { createRestApi, type EndpointType } from '../apigateway';
import { signalFlash } from '../flash-state';
import { link, navigate } from '../router';
import { useAction } from '../use-action';
import { EndpointTypeFields } from './endpoint-type-fields';
import { ErrorAlert } from './error-alert';

export function CreateApiPage() {
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [endpointType, setEndpointType] = useState<EndpointType>('REGIONAL');
  const [vpcEndpointIds, setVpcEndpointIds] = useState<string[]>([]);
  const { busy, error, run } = useAction();

  const submit = (e: Event): void => {
    e.preventDefault();
    run(
      () => createRestApi({ name, description, endpointType, vpcEndpointIds: endpointType === 'PRIVATE' ? vpcEndpointIds : [] }),
      (api) => {
        signalFlash({ type: 'success', message: `Successfully created REST API '${api.name} (${api.id})'.` });
        navigate('apis');
      },
    );
  };

  return (
    <section>
      <nav class="breadcrumbs" aria-label="Breadcrumbs">
        <a {...link('apis')}>APIs</a> › Create API › Create REST API
      </nav>
      <h1>Create REST API</h1>
      <form class="panel" onSubmit={submit} aria-label="Create REST API">
        <h2>API details</h2>
        <fieldset>
          <label class="choice">
            <input type="radio" name="api-kind" checked />
            New API
            <small>Create a new REST API.</small>
          </label>
        </fieldset>
        <label>
          <span>API name</span>
          <input name="name" value={name} onInput={(e) => setName(e.currentTarget.value)} placeholder="My REST API" />
        </label>
        <label>
          <span>
            Description - <em>optional</em>
          </span>
          <textarea name="description" value={description} onInput={(e) => setDescription(e.currentTarget.value)} rows={2} />
        </label>
        <EndpointTypeFields endpointType={endpointType} onEndpointType={setEndpointType} vpcEndpointIds={vpcEndpointIds} onVpcEndpointIds={setVpcEndpointIds} />
        <ErrorAlert message={error} />
        <div class="form-actions">
          <a class="button" {...link('apis')}>
            Cancel
          </a>
          <button type="submit" class="primary" disabled={busy}>
            Create API
          </button>
        </div>
      </form>
    </section>
  );
}
