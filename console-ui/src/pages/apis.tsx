/** APIs: the REST APIs of the region, as the AWS console lists them; Create API and Delete. */
import { useCallback, useEffect, useState } from 'preact/hooks';
import { deleteRestApi, getRestApis, type EndpointType, type RestApi } from '../apigateway';
import { errorMessage } from '../aws';
import { signalFlash } from '../flash-state';
import { link } from '../router';
import { useAction } from '../use-action';
import { EmptyRows } from './empty-rows';
import { ErrorAlert } from './error-alert';

export const ENDPOINT_TYPE_LABEL: Record<EndpointType, string> = { REGIONAL: 'Regional', EDGE: 'Edge-optimized', PRIVATE: 'Private' };

export function ApisPage() {
  const [apis, setApis] = useState<RestApi[] | undefined>(undefined);
  const [loadError, setLoadError] = useState<string | undefined>(undefined);
  const [selected, setSelected] = useState<string | undefined>(undefined);
  const [deleting, setDeleting] = useState<RestApi | undefined>(undefined);

  const load = useCallback(() => {
    setLoadError(undefined);
    getRestApis().then(
      (list) => {
        setApis(list.sort((a, b) => (b.createdDate ?? 0) - (a.createdDate ?? 0) || a.name.localeCompare(b.name)));
        setSelected((id) => (list.some((a) => a.id === id) ? id : undefined));
      },
      (error: unknown) => setLoadError(errorMessage(error)),
    );
  }, []);
  useEffect(load, [load]);

  const selectedApi = apis?.find((a) => a.id === selected);
  return (
    <section>
      <div class="page-header">
        <h1>
          APIs <span class="count">({apis?.length ?? 0})</span>
        </h1>
        <div class="actions">
          <button type="button" aria-label="Refresh" onClick={load}>
            ↻
          </button>
          <button type="button" disabled={!selectedApi} onClick={() => setDeleting(selectedApi)}>
            Delete
          </button>
          <a class="button primary" {...link('apis/create')}>
            Create API
          </a>
        </div>
      </div>
      <ErrorAlert message={loadError} />
      <table class="table" aria-label="APIs">
        <thead>
          <tr>
            <th class="select" />
            <th>Name</th>
            <th>Description</th>
            <th>ID</th>
            <th>Protocol</th>
            <th>API endpoint type</th>
            <th>VPC endpoint IDs</th>
            <th>Created</th>
          </tr>
        </thead>
        <tbody>
          <EmptyRows items={apis} colSpan={8} loading={loadError ? undefined : 'Loading APIs'}>
            <strong>No APIs</strong>
            <br />
            You don't have any APIs.
          </EmptyRows>
          {apis?.map((api) => (
            <tr key={api.id} data-api-id={api.id} class={api.id === selected ? 'selected' : undefined} onClick={() => setSelected(api.id)}>
              <td class="select">
                <input type="radio" name="api" aria-label={`Select ${api.name}`} checked={api.id === selected} onChange={() => setSelected(api.id)} />
              </td>
              <td>
                <a {...link(`apis/${encodeURIComponent(api.id)}/resources`)}>{api.name}</a>
              </td>
              <td>{api.description ?? '-'}</td>
              <td>
                <code>{api.id}</code>
              </td>
              <td>REST</td>
              <td>{(api.endpointConfiguration?.types ?? []).map((t) => ENDPOINT_TYPE_LABEL[t] ?? t).join(', ') || '-'}</td>
              <td>{api.endpointConfiguration?.vpcEndpointIds?.join(', ') || '-'}</td>
              <td>{api.createdDate === undefined ? '-' : formatDate(api.createdDate)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {deleting && (
        <DeleteApiModal
          api={deleting}
          onClose={() => setDeleting(undefined)}
          onDeleted={() => {
            setDeleting(undefined);
            signalFlash({ type: 'success', message: `Successfully deleted API '${deleting.name}'.` });
            load();
          }}
        />
      )}
    </section>
  );
}

/** The AWS console's delete confirmation: type `confirm`, then Delete. */
function DeleteApiModal({ api, onClose, onDeleted }: { api: RestApi; onClose: () => void; onDeleted: () => void }) {
  const [confirmText, setConfirmText] = useState('');
  const { busy, error, run } = useAction();
  const submit = (e: Event): void => {
    e.preventDefault();
    run(() => deleteRestApi(api.id), onDeleted);
  };
  return (
    <div class="modal-backdrop">
      <div class="modal" role="dialog" aria-modal="true" aria-labelledby="delete-api-title">
      <form onSubmit={submit}>
        <h2 id="delete-api-title">Delete API</h2>
        <p>
          Are you sure you want to delete <strong>{api.name}</strong>? Deleting an API also deletes its resources, methods, deployments and stages.
        </p>
        <label>
          <span>
            To confirm deletion, type <em>confirm</em> in the field.
          </span>
          <input value={confirmText} placeholder="confirm" onInput={(e) => setConfirmText(e.currentTarget.value)} autoFocus />
        </label>
        <ErrorAlert message={error} />
        <div class="modal-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" class="danger" disabled={busy || confirmText !== 'confirm'}>
            Delete
          </button>
        </div>
      </form>
      </div>
    </div>
  );
}

/** createdDate is epoch seconds (rest-json timestamps). */
function formatDate(seconds: number): string {
  const d = new Date(seconds * 1000);
  return d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
}
