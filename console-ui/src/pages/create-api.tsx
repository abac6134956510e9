/** Create REST API: New API, name, description, endpoint type, and for Private the VPC endpoints it accepts. */
import { useEffect, useState } from 'preact/hooks';
import { createRestApi, describeVpcEndpoints, type EndpointType, type VpcEndpoint } from '../apigateway';
import { errorMessage, REGION } from '../aws';
import { signalFlash } from '../flash-state';
import { link, navigate } from '../router';
import { ENDPOINT_TYPE_LABEL } from './apis';

const ENDPOINT_TYPES: EndpointType[] = ['REGIONAL', 'EDGE', 'PRIVATE'];

export function CreateApiPage() {
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [endpointType, setEndpointType] = useState<EndpointType>('REGIONAL');
  const [vpcEndpointIds, setVpcEndpointIds] = useState<string[]>([]);
  const [endpoints, setEndpoints] = useState<VpcEndpoint[] | undefined>(undefined);
  const [endpointsError, setEndpointsError] = useState<string | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (endpointType !== 'PRIVATE' || endpoints) return;
    describeVpcEndpoints().then(
      (all) => setEndpoints(all.filter((e) => e.serviceName === `com.amazonaws.${REGION}.execute-api`)),
      (err: unknown) => setEndpointsError(errorMessage(err)),
    );
  }, [endpointType, endpoints]);

  const toggle = (id: string, on: boolean): void => setVpcEndpointIds((ids) => (on ? [...ids, id] : ids.filter((i) => i !== id)));

  const submit = (e: Event): void => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    createRestApi({ name, description, endpointType, vpcEndpointIds: endpointType === 'PRIVATE' ? vpcEndpointIds : [] }).then(
      (api) => {
        signalFlash({ type: 'success', message: `Successfully created REST API '${api.name} (${api.id})'.` });
        navigate('apis');
      },
      (err: unknown) => {
        setBusy(false);
        setError(errorMessage(err));
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
        <label>
          <span>API endpoint type</span>
          <select name="endpointType" value={endpointType} onChange={(e) => setEndpointType(e.currentTarget.value as EndpointType)}>
            {ENDPOINT_TYPES.map((t) => (
              <option key={t} value={t}>
                {ENDPOINT_TYPE_LABEL[t]}
              </option>
            ))}
          </select>
          <small>
            {endpointType === 'REGIONAL' && 'APIs deployed in the current AWS Region.'}
            {endpointType === 'EDGE' && 'APIs deployed to the CloudFront network.'}
            {endpointType === 'PRIVATE' && 'APIs accessible only from VPCs.'}
          </small>
        </label>
        {endpointType === 'PRIVATE' && (
          <fieldset class="vpce">
            <legend>
              VPC endpoint IDs - <em>optional</em>
            </legend>
            {endpointsError && (
              <div class="flash flash-error" role="alert">
                {endpointsError}
              </div>
            )}
            {endpoints === undefined && !endpointsError && <p class="muted">Loading VPC endpoints</p>}
            {endpoints?.length === 0 && <p class="muted">No VPC endpoints for execute-api in {REGION}. Create one with EC2 CreateVpcEndpoint.</p>}
            {endpoints?.map((vpce) => (
              <label class="choice" key={vpce.id}>
                <input type="checkbox" value={vpce.id} checked={vpcEndpointIds.includes(vpce.id)} onChange={(e) => toggle(vpce.id, e.currentTarget.checked)} />
                <code>{vpce.id}</code>
                {vpce.name ? ` (${vpce.name})` : ''}
                <small>
                  {vpce.vpcId} · {vpce.state}
                </small>
              </label>
            ))}
          </fieldset>
        )}
        {error && (
          <div class="flash flash-error" role="alert">
            {error}
          </div>
        )}
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
