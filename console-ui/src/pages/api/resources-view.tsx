/**
 * An API's Resources tab: the resource tree with Create resource, and beside it the panel of the moment (Create
 * resource, Create method, Edit integration) or the selected resource's or method's details.
 */
import type { Method, Resource, RestApi } from '../../apigateway';
import { CreateResourcePanel } from './create-resource-panel';
import { MethodDetails } from './method-details';
import { MethodPanel } from './method-panel';
import { MethodRequestPanel } from './method-request-panel';
import { ResourceDetails } from './resource-details';
import { ResourceTree, type Selection } from './resource-tree';

/** Which form or modal the API page shows: none, a form beside the tree, or a modal (delete, deploy) over the details. */
export type Panel = 'none' | 'create-resource' | 'create-method' | 'edit-integration' | 'edit-method-request' | 'deploy' | 'delete';

export function ResourcesView(props: {
  restApi: RestApi | undefined;
  resources: Resource[];
  selected: Selection | undefined;
  onSelect: (selection: Selection) => void;
  resource: Resource | undefined;
  method: Method | undefined;
  panel: Panel;
  setPanel: (panel: Panel) => void;
  done: (message: string, select?: Selection) => void;
}) {
  const { restApi, resources, selected, resource, method, panel, setPanel, done } = props;
  return (
    <div class="split">
      <div class="tree-panel">
        <div class="actions">
          <button type="button" disabled={!resource} onClick={() => setPanel('create-resource')}>
            Create resource
          </button>
        </div>
        <ResourceTree resources={resources} selected={selected} onSelect={props.onSelect} />
      </div>
      <div class="detail">
        {panel === 'create-resource' && resource && restApi && (
          <CreateResourcePanel
            restApi={restApi}
            parent={resource}
            onCancel={() => setPanel('none')}
            onCreated={(r) => done(`Successfully created resource '${r.path}'.`, { resourceId: r.id })}
          />
        )}
        {panel === 'create-method' && resource && restApi && (
          <MethodPanel
            restApi={restApi}
            resource={resource}
            onCancel={() => setPanel('none')}
            onSaved={(m) => done(`Successfully created method '${m}' in '${resource.path}'.`, { resourceId: resource.id, method: m })}
          />
        )}
        {panel === 'edit-integration' && resource && method && restApi && (
          <MethodPanel
            key={`${resource.id} ${method.httpMethod}`}
            restApi={restApi}
            resource={resource}
            editing={method}
            onCancel={() => setPanel('none')}
            onSaved={(m) => done(`Successfully edited the integration of '${m}' in '${resource.path}'.`, { resourceId: resource.id, method: m })}
          />
        )}
        {panel === 'edit-method-request' && resource && method && restApi && (
          <MethodRequestPanel
            key={`${resource.id} ${method.httpMethod}`}
            restApi={restApi}
            resource={resource}
            method={method}
            onCancel={() => setPanel('none')}
            onSaved={() => done(`Successfully edited the method request of '${method.httpMethod}' in '${resource.path}'.`, { resourceId: resource.id, method: method.httpMethod })}
          />
        )}
        {(panel === 'none' || panel === 'delete' || panel === 'deploy') && resource && !method && (
          <ResourceDetails resource={resource} onDelete={() => setPanel('delete')} onCreateMethod={() => setPanel('create-method')} />
        )}
        {(panel === 'none' || panel === 'delete' || panel === 'deploy') && resource && method && (
          <MethodDetails
            restApi={restApi}
            resource={resource}
            method={method}
            onEdit={() => setPanel('edit-integration')}
            onEditRequest={() => setPanel('edit-method-request')}
            onDelete={() => setPanel('delete')}
          />
        )}
      </div>
    </div>
  );
}
