/**
 * An API: Resources (the resource tree, Create resource, Create method, the selected method's integration and
 * authorization), Deploy API, Stages with every invoke URL of each stage, and Authorizers. The Resources and
 * Authorizers tabs' parts are in api/.
 */
import { useCallback, useEffect, useState } from 'preact/hooks';
import { deleteMethod, deleteResource, getResources, getRestApi, getStages, type Resource, type RestApi, type Stage } from '../apigateway';
import { errorMessage } from '../aws';
import { signalFlash } from '../flash-state';
import { link } from '../router';
import { AuthorizersView } from './api/authorizers-view';
import { DeployModal } from './api/deploy-modal';
import type { Selection } from './api/resource-tree';
import { ResourcesView, type Panel } from './api/resources-view';
import { ApiSettingsView } from './api-settings';
import { DeleteModal } from './delete-modal';
import { ErrorAlert } from './error-alert';
import { clearPolicyPending, ResourcePolicyView } from './resource-policy';
import { StagesView } from './stages';
import { TestView } from './test';

export type ApiTab = 'resources' | 'stages' | 'authorizers' | 'resource-policy' | 'test' | 'settings';
const TAB_LABEL: Record<ApiTab, string> = { resources: 'Resources', stages: 'Stages', authorizers: 'Authorizers', 'resource-policy': 'Resource policy', test: 'Test', settings: 'API settings' };

export function ApiPage({ apiId, tab }: { apiId: string; tab: ApiTab }) {
  const [restApi, setRestApi] = useState<RestApi | undefined>(undefined);
  const [resources, setResources] = useState<Resource[] | undefined>(undefined);
  const [stages, setStages] = useState<Stage[] | undefined>(undefined);
  const [loadError, setLoadError] = useState<string | undefined>(undefined);
  const [selected, setSelected] = useState<Selection | undefined>(undefined);
  const [panel, setPanel] = useState<Panel>('none');

  const load = useCallback(() => {
    setLoadError(undefined);
    Promise.all([getRestApi(apiId), getResources(apiId), getStages(apiId)]).then(
      ([a, r, s]) => {
        setRestApi(a);
        setResources(r.sort((x, y) => x.path.localeCompare(y.path)));
        setStages(s.sort((x, y) => x.stageName.localeCompare(y.stageName)));
        setSelected((sel) => (sel && r.some((res) => res.id === sel.resourceId) ? sel : { resourceId: r.find((res) => res.path === '/')?.id ?? '' }));
      },
      (error: unknown) => setLoadError(errorMessage(error)),
    );
  }, [apiId]);
  useEffect(load, [load]);

  const resource = resources?.find((r) => r.id === selected?.resourceId);
  const method = selected?.method ? resource?.resourceMethods?.[selected.method] : undefined;
  const done = (message: string, select?: Selection): void => {
    setPanel('none');
    signalFlash({ type: 'success', message });
    if (select) setSelected(select);
    load();
  };

  return (
    <section>
      <nav class="breadcrumbs" aria-label="Breadcrumbs">
        <a {...link('apis')}>APIs</a> › {restApi ? `${restApi.name} (${restApi.id})` : apiId} › {TAB_LABEL[tab]}
      </nav>
      <div class="page-header">
        <h1>{restApi?.name ?? apiId}</h1>
        <div class="actions">
          <button type="button" class="primary" disabled={!restApi} onClick={() => setPanel('deploy')}>
            Deploy API
          </button>
        </div>
      </div>
      <nav class="tabs" aria-label="API">
        <a {...link(`apis/${apiId}/resources`)} aria-current={tab === 'resources' ? 'page' : undefined}>
          Resources
        </a>
        <a {...link(`apis/${apiId}/stages`)} aria-current={tab === 'stages' ? 'page' : undefined}>
          Stages
        </a>
        <a {...link(`apis/${apiId}/authorizers`)} aria-current={tab === 'authorizers' ? 'page' : undefined}>
          Authorizers
        </a>
        <a {...link(`apis/${apiId}/resource-policy`)} aria-current={tab === 'resource-policy' ? 'page' : undefined}>
          Resource policy
        </a>
        <a {...link(`apis/${apiId}/test`)} aria-current={tab === 'test' ? 'page' : undefined}>
          Test
        </a>
        <a {...link(`apis/${apiId}/settings`)} aria-current={tab === 'settings' ? 'page' : undefined}>
          API settings
        </a>
      </nav>
      <ErrorAlert message={loadError} />
      {tab === 'resources' && resources && (
        <ResourcesView
          restApi={restApi}
          resources={resources}
          selected={selected}
          onSelect={setSelected}
          resource={resource}
          method={method}
          panel={panel}
          setPanel={setPanel}
          done={done}
        />
      )}
      {tab === 'stages' && restApi && stages && <StagesView restApi={restApi} stages={stages} onChanged={load} />}
      {tab === 'authorizers' && restApi && stages && <AuthorizersView restApi={restApi} stages={stages} />}
      {tab === 'resource-policy' && restApi && <ResourcePolicyView restApi={restApi} />}
      {tab === 'test' && restApi && stages && <TestView restApi={restApi} stages={stages} />}
      {tab === 'settings' && restApi && <ApiSettingsView key={JSON.stringify(restApi)} restApi={restApi} onSaved={load} />}
      {panel === 'delete' && restApi && resource && (
        <DeleteModal
          what={method ? 'method' : 'resource'}
          message={method ? `Are you sure you want to delete the ${method.httpMethod} method of ${resource.path}?` : `Are you sure you want to delete ${resource.path} and all of its child resources and methods?`}
          onClose={() => setPanel('none')}
          onDelete={() => (method ? deleteMethod(apiId, resource.id, method.httpMethod) : deleteResource(apiId, resource.id))}
          onDeleted={() =>
            method
              ? done(`Successfully deleted method '${method.httpMethod}' in '${resource.path}'.`, { resourceId: resource.id })
              : done(`Successfully deleted resource '${resource.path}'.`, { resourceId: resource.parentId ?? '' })
          }
        />
      )}
      {panel === 'deploy' && restApi && stages && (
        <DeployModal
          restApi={restApi}
          stages={stages}
          onClose={() => setPanel('none')}
          onDeployed={(stageName) => (clearPolicyPending(restApi.id), done(`Successfully created deployment for ${restApi.name}. This deployment is active for ${stageName}.`))}
        />
      )}
    </section>
  );
}
