/**
 * An API's Stages tab: each stage with its deployment and every invoke URL form, and for the chosen stage its
 * stage variables (UpdateStage `/variables/{name}`, in effect at once, as on AWS: they belong to the stage,
 * not to a deployment) and Delete stage.
 */
import { useState } from 'preact/hooks';
import { deleteStage, updateStage, type RestApi, type Stage } from '../apigateway';
import { REGION } from '../aws';
import { describeVpcEndpoints } from '../ec2';
import { signalFlash } from '../flash-state';
import { useAction } from '../use-action';
import { useLoaded } from '../use-loaded';
import { ENDPOINT_TYPE_LABEL } from './apis';
import { DeleteModal } from './delete-modal';
import { EmptyRows } from './empty-rows';
import { ErrorAlert } from './error-alert';

/** The URLs a client names a stage by: a private API's DNS name and aliases, or a public API's on Gatehouse's port. */
export function invokeUrls(restApi: RestApi, stageName: string): string[] {
  const types = restApi.endpointConfiguration?.types ?? [];
  if (types.includes('PRIVATE')) {
    return [
      `https://${restApi.id}.execute-api.${REGION}.amazonaws.com/${stageName}`,
      ...(restApi.endpointConfiguration?.vpcEndpointIds ?? []).map((vpce) => `https://${restApi.id}-${vpce}.execute-api.${REGION}.amazonaws.com/${stageName}`),
    ];
  }
  const port = location.port ? `:${location.port}` : '';
  return [`${location.protocol}//${restApi.id}.execute-api.localhost${port}/${stageName}`, `${location.origin}/_aws/execute-api/${restApi.id}/${stageName}`];
}

export function StagesView({ restApi, stages, onChanged }: { restApi: RestApi; stages: Stage[]; onChanged: () => void }) {
  const types = restApi.endpointConfiguration?.types ?? [];
  const isPrivate = types.includes('PRIVATE');
  const listed = restApi.endpointConfiguration?.vpcEndpointIds ?? [];
  // A private API is also reached through an endpoint's own DNS names, naming the API in Host or x-apigw-api-id.
  const endpoints = useLoaded(() => (isPrivate && listed.length > 0 ? describeVpcEndpoints() : Promise.resolve([])), [isPrivate, listed.join(',')]);
  const [chosen, setChosen] = useState<string | undefined>(undefined);
  const stage = stages.find((s) => s.stageName === chosen) ?? stages[0];
  const endpointNames = (endpoints.value ?? []).filter((e) => listed.includes(e.id)).map((e) => e.dnsNames[0] ?? '').filter((n) => n !== '');
  return (
    <div>
      <p class="muted">
        API endpoint type: {types.map((t) => ENDPOINT_TYPE_LABEL[t] ?? t).join(', ') || '-'}.{' '}
        {isPrivate ? 'A private API answers only inside a VPC, through its interface endpoints.' : 'Gatehouse serves this API on its own port.'}
      </p>
      <table class="table" aria-label="Stages">
        <thead>
          <tr>
            <th>Stage</th>
            <th>Deployment ID</th>
            <th>Invoke URL</th>
          </tr>
        </thead>
        <tbody>
          <EmptyRows items={stages} colSpan={3}>
            <strong>No stages</strong>
            <br />
            Deploy the API to create a stage.
          </EmptyRows>
          {stages.map((s) => (
            <tr key={s.stageName} data-stage={s.stageName} class={s === stage ? 'selected' : undefined} onClick={() => setChosen(s.stageName)}>
              <td>
                <a href="#" onClick={(e) => (e.preventDefault(), setChosen(s.stageName))}>
                  {s.stageName}
                </a>
              </td>
              <td>
                <code>{s.deploymentId ?? '-'}</code>
              </td>
              <td>
                {invokeUrls(restApi, s.stageName).map((url) => (
                  <div key={url}>
                    <code class="invoke-url">{url}</code>
                  </div>
                ))}
                {endpointNames.map((name) => (
                  <div key={name} class="endpoint-urls">
                    <code class="invoke-url">{`https://${name}/${s.stageName}`}</code> with <code>{`Host: ${restApi.id}.execute-api.${REGION}.amazonaws.com`}</code> or{' '}
                    <code>{`x-apigw-api-id: ${restApi.id}`}</code>
                  </div>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {stage && <StageDetail key={stage.stageName} restApi={restApi} stage={stage} onChanged={onChanged} />}
    </div>
  );
}

function StageDetail({ restApi, stage, onChanged }: { restApi: RestApi; stage: Stage; onChanged: () => void }) {
  const [name, setName] = useState('');
  const [value, setValue] = useState('');
  const { busy, error, run } = useAction();
  const [deleting, setDeleting] = useState(false);
  const variables = Object.entries(stage.variables ?? {}).sort(([a], [b]) => a.localeCompare(b));

  const patch = (ops: Parameters<typeof updateStage>[2], message: string): void => {
    run(
      () => updateStage(restApi.id, stage.stageName, ops),
      () => {
        setName('');
        setValue('');
        signalFlash({ type: 'success', message });
        onChanged();
      },
    );
  };
  const save = (e: Event): void => {
    e.preventDefault();
    patch([{ op: 'replace', path: `/variables/${name}`, value }], `Successfully saved stage variable '${name}' of ${stage.stageName}.`);
  };

  return (
    <div class="panel" role="region" aria-label={`Stage ${stage.stageName}`}>
      <div class="page-header">
        <h2>Stage details: {stage.stageName}</h2>
        <button type="button" onClick={() => setDeleting(true)}>
          Delete stage
        </button>
      </div>
      <h3>Stage variables</h3>
      <table class="table" aria-label="Stage variables">
        <thead>
          <tr>
            <th>Name</th>
            <th>Value</th>
            <th />
          </tr>
        </thead>
        <tbody>
          <EmptyRows items={variables} colSpan={3}>
            No stage variables
          </EmptyRows>
          {variables.map(([n, v]) => (
            <tr key={n} data-variable={n}>
              <td class="mono">{n}</td>
              <td class="mono">{v}</td>
              <td>
                <button type="button" class="small" onClick={() => (setName(n), setValue(v))}>
                  Edit
                </button>{' '}
                <button type="button" class="small" disabled={busy} onClick={() => patch([{ op: 'remove', path: `/variables/${n}` }], `Successfully deleted stage variable '${n}' of ${stage.stageName}.`)}>
                  Remove
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form class="row variable-form" onSubmit={save} aria-label="Stage variable">
        <label>
          <span>Name</span>
          <input value={name} onInput={(e) => setName(e.currentTarget.value)} />
        </label>
        <label class="grow">
          <span>Value</span>
          <input value={value} onInput={(e) => setValue(e.currentTarget.value)} />
        </label>
        <button type="submit" class="primary" disabled={busy}>
          Save variable
        </button>
      </form>
      <p class="muted">Stage variables take effect at once, without a deployment; Lambda proxy events carry them as stageVariables.</p>
      <ErrorAlert message={error} />
      {deleting && (
        <DeleteModal
          what="stage"
          message={`Are you sure you want to delete the stage ${stage.stageName}? Its invoke URLs stop answering at once.`}
          onClose={() => setDeleting(false)}
          onDelete={() => deleteStage(restApi.id, stage.stageName)}
          onDeleted={() => {
            setDeleting(false);
            signalFlash({ type: 'success', message: `Successfully deleted stage ${stage.stageName}.` });
            onChanged();
          }}
        />
      )}
    </div>
  );
}
