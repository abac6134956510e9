/** The selected resource: its path, id and methods, with Delete resource (not for the root) and Create method. */
import type { Resource } from '../../apigateway';

export function ResourceDetails({ resource, onDelete, onCreateMethod }: { resource: Resource; onDelete: () => void; onCreateMethod: () => void }) {
  return (
    <div class="panel" aria-label="Resource details">
      <div class="page-header">
        <h2>Resource details</h2>
        <div class="actions">
          {resource.path !== '/' && (
            <button type="button" onClick={onDelete}>
              Delete resource
            </button>
          )}
          <button type="button" onClick={onCreateMethod}>
            Create method
          </button>
        </div>
      </div>
      <dl class="kv">
        <dt>Path</dt>
        <dd>
          <code>{resource.path}</code>
        </dd>
        <dt>Resource ID</dt>
        <dd>
          <code>{resource.id}</code>
        </dd>
        <dt>Methods</dt>
        <dd>{Object.keys(resource.resourceMethods ?? {}).sort().join(', ') || '-'}</dd>
      </dl>
    </div>
  );
}
