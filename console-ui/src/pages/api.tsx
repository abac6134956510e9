/**
 * An API: Resources (the resource tree, Create resource, Create method, the selected method's integration),
 * Deploy API, and Stages with every invoke URL of each stage.
 */
import { useCallback, useEffect, useState } from 'preact/hooks';
import {
  createDeployment,
  createMethod,
  createResource,
  deleteMethod,
  deleteResource,
  getResources,
  getRestApi,
  getStages,
  listFunctions,
  putIntegration,
  type IntegrationChoice,
  type LambdaFunction,
  type Method,
  type Resource,
  type RestApi,
  type Stage,
} from '../apigateway';
import { errorMessage } from '../aws';
import { signalFlash } from '../flash-state';
import { link } from '../router';
import { useAction } from '../use-action';
import { ApiSettingsView } from './api-settings';
import { DeleteModal } from './delete-modal';
import { ErrorAlert } from './error-alert';
import { clearPolicyPending, ResourcePolicyView } from './resource-policy';
import { StagesView } from './stages';
import { TestView } from './test';

const METHOD_TYPES = ['ANY', 'DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'];
const INTEGRATION_LABEL: Record<string, string> = {
  AWS_PROXY: 'Lambda proxy',
  AWS: 'AWS service',
  HTTP: 'HTTP',
  HTTP_PROXY: 'HTTP proxy',
  MOCK: 'Mock',
};

type Panel = 'none' | 'create-resource' | 'create-method' | 'edit-integration' | 'deploy' | 'delete';

export type ApiTab = 'resources' | 'stages' | 'resource-policy' | 'test' | 'settings';
const TAB_LABEL: Record<ApiTab, string> = { resources: 'Resources', stages: 'Stages', 'resource-policy': 'Resource policy', test: 'Test', settings: 'API settings' };

export function ApiPage({ apiId, tab }: { apiId: string; tab: ApiTab }) {
  const [restApi, setRestApi] = useState<RestApi | undefined>(undefined);
  const [resources, setResources] = useState<Resource[] | undefined>(undefined);
  const [stages, setStages] = useState<Stage[] | undefined>(undefined);
  const [loadError, setLoadError] = useState<string | undefined>(undefined);
  const [selected, setSelected] = useState<{ resourceId: string; method?: string } | undefined>(undefined);
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
  const done = (message: string, select?: { resourceId: string; method?: string }): void => {
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
        <div class="split">
          <div class="tree-panel">
            <div class="actions">
              <button type="button" disabled={!resource} onClick={() => setPanel('create-resource')}>
                Create resource
              </button>
            </div>
            <ul class="tree" aria-label="Resources">
              {resources.map((r) => (
                <li key={r.id} style={{ paddingLeft: `${depth(r) * 16}px` }}>
                  <a
                    href="#"
                    class={selected?.resourceId === r.id && !selected.method ? 'selected' : undefined}
                    data-resource-path={r.path}
                    onClick={(e) => {
                      e.preventDefault();
                      setSelected({ resourceId: r.id });
                    }}
                  >
                    {r.path === '/' ? '/' : `/${r.pathPart ?? ''}`}
                  </a>
                  <ul>
                    {Object.keys(r.resourceMethods ?? {})
                      .sort()
                      .map((m) => (
                        <li key={m}>
                          <a
                            href="#"
                            class={`method${selected?.resourceId === r.id && selected.method === m ? ' selected' : ''}`}
                            data-method={`${m} ${r.path}`}
                            onClick={(e) => {
                              e.preventDefault();
                              setSelected({ resourceId: r.id, method: m });
                            }}
                          >
                            {m}
                          </a>
                        </li>
                      ))}
                  </ul>
                </li>
              ))}
            </ul>
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
            {(panel === 'none' || panel === 'delete' || panel === 'deploy') && resource && !method && (
              <div class="panel" aria-label="Resource details">
                <div class="page-header">
                  <h2>Resource details</h2>
                  <div class="actions">
                    {resource.path !== '/' && (
                      <button type="button" onClick={() => setPanel('delete')}>
                        Delete resource
                      </button>
                    )}
                    <button type="button" onClick={() => setPanel('create-method')}>
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
            )}
            {(panel === 'none' || panel === 'delete' || panel === 'deploy') && resource && method && (
              <MethodDetails resource={resource} method={method} onEdit={() => setPanel('edit-integration')} onDelete={() => setPanel('delete')} />
            )}
          </div>
        </div>
      )}
      {tab === 'stages' && restApi && stages && <StagesView restApi={restApi} stages={stages} onChanged={load} />}
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

function depth(r: Resource): number {
  return r.path === '/' ? 0 : r.path.split('/').length - 1;
}

function MethodDetails({ resource, method, onEdit, onDelete }: { resource: Resource; method: Method; onEdit: () => void; onDelete: () => void }) {
  const integration = method.methodIntegration;
  return (
    <div class="panel" aria-label="Method details">
      <div class="page-header">
        <h2>
          {resource.path} - {method.httpMethod} - Method execution
        </h2>
        <div class="actions">
          <button type="button" onClick={onDelete}>
            Delete method
          </button>
          <button type="button" onClick={onEdit}>
            Edit integration
          </button>
        </div>
      </div>
      <dl class="kv">
        <dt>Authorization</dt>
        <dd>{method.authorizationType ?? 'NONE'}</dd>
        <dt>Integration type</dt>
        <dd data-testid="integration-type">{integration ? (INTEGRATION_LABEL[integration.type] ?? integration.type) : 'No integration'}</dd>
        {integration?.httpMethod && (
          <>
            <dt>Integration HTTP method</dt>
            <dd>{integration.httpMethod}</dd>
          </>
        )}
        {integration?.uri && (
          <>
            <dt>{integration.type === 'AWS_PROXY' ? 'Lambda function' : 'Endpoint URL'}</dt>
            <dd>
              <code>{integration.type === 'AWS_PROXY' ? lambdaArnOf(integration.uri) : integration.uri}</code>
            </dd>
          </>
        )}
        {integration && (
          <>
            <dt>Integration timeout</dt>
            <dd data-testid="integration-timeout">{integration.timeoutInMillis ?? DEFAULT_TIMEOUT_MS} ms</dd>
          </>
        )}
      </dl>
    </div>
  );
}

function lambdaArnOf(uri: string): string {
  return /functions\/(.+)\/invocations$/.exec(uri)?.[1] ?? uri;
}

function CreateResourcePanel(props: { restApi: RestApi; parent: Resource; onCancel: () => void; onCreated: (r: Resource) => void }) {
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

const KIND_OF: Record<string, 'LAMBDA' | 'HTTP' | 'MOCK'> = { AWS_PROXY: 'LAMBDA', AWS: 'LAMBDA', HTTP: 'HTTP', HTTP_PROXY: 'HTTP', MOCK: 'MOCK' };
const DEFAULT_TIMEOUT_MS = 29_000;

/** Create method, or (given `editing`) Edit integration of an existing method: PutIntegration replaces it. */
function MethodPanel(props: { restApi: RestApi; resource: Resource; editing?: Method; onCancel: () => void; onSaved: (method: string) => void }) {
  const current = props.editing?.methodIntegration;
  const [methodType, setMethodType] = useState(props.editing?.httpMethod ?? '');
  const [kind, setKind] = useState<'LAMBDA' | 'HTTP' | 'MOCK'>(current ? (KIND_OF[current.type] ?? 'LAMBDA') : 'LAMBDA');
  const [functions, setFunctions] = useState<LambdaFunction[] | undefined>(undefined);
  const [functionsError, setFunctionsError] = useState<string | undefined>(undefined);
  const [functionArn, setFunctionArn] = useState(current?.type === 'AWS_PROXY' && current.uri ? lambdaArnOf(current.uri) : '');
  const [httpProxy, setHttpProxy] = useState(current?.type === 'HTTP_PROXY');
  const [httpMethod, setHttpMethod] = useState(current?.type.startsWith('HTTP') ? (current.httpMethod ?? 'GET') : 'GET');
  const [endpointUrl, setEndpointUrl] = useState(current?.type.startsWith('HTTP') ? (current.uri ?? '') : '');
  const [timeout, setTimeoutMs] = useState(String(current?.timeoutInMillis ?? DEFAULT_TIMEOUT_MS));
  const { busy, error, setError, run } = useAction();

  useEffect(() => {
    if (kind !== 'LAMBDA' || functions) return;
    listFunctions().then(setFunctions, (err: unknown) => setFunctionsError(errorMessage(err)));
  }, [kind, functions]);

  const taken = Object.keys(props.resource.resourceMethods ?? {});
  const submit = (e: Event): void => {
    e.preventDefault();
    if (!methodType) return setError('Choose a method type.');
    if (kind === 'LAMBDA' && !functionArn) return setError('Choose a Lambda function.');
    if (kind === 'HTTP' && !endpointUrl) return setError('Enter an endpoint URL.');
    const choice: IntegrationChoice =
      kind === 'LAMBDA' ? { kind, functionArn } : kind === 'HTTP' ? { kind, proxy: httpProxy, httpMethod, endpointUrl } : { kind };
    // The timeout goes as typed: API Gateway's own validation message says what it accepts (50 to 29,000 ms).
    const save = props.editing ? putIntegration : createMethod;
    run(
      () => save(props.restApi, props.resource, methodType, choice, Number(timeout)),
      () => props.onSaved(methodType),
    );
  };
  return (
    <form class="panel" onSubmit={submit} aria-label={props.editing ? 'Edit integration' : 'Create method'}>
      <h2>{props.editing ? 'Edit integration request' : 'Create method'}</h2>
      <p class="muted">
        On <code>{props.resource.path}</code>
      </p>
      <label>
        <span>Method type</span>
        <select name="methodType" value={methodType} disabled={props.editing !== undefined} onChange={(e) => setMethodType(e.currentTarget.value)}>
          <option value="">Select method type</option>
          {METHOD_TYPES.map((m) => (
            <option key={m} value={m} disabled={taken.includes(m) && m !== props.editing?.httpMethod}>
              {m}
            </option>
          ))}
        </select>
      </label>
      <fieldset>
        <legend>Integration type</legend>
        {(
          [
            ['LAMBDA', 'Lambda function', 'Integrate your API with a Lambda function.'],
            ['HTTP', 'HTTP', 'Integrate with an existing HTTP endpoint.'],
            ['MOCK', 'Mock', 'Generate a response based on API Gateway mappings and transformations.'],
          ] as const
        ).map(([value, label, help]) => (
          <label class="choice" key={value}>
            <input type="radio" name="integrationType" checked={kind === value} onChange={() => setKind(value)} />
            {label}
            <small>{help}</small>
          </label>
        ))}
      </fieldset>
      {kind === 'LAMBDA' && (
        <>
          <label class="choice">
            <input type="checkbox" checked disabled />
            Lambda proxy integration
            <small>Send the request to your Lambda function as a structured event.</small>
          </label>
          <label>
            <span>Lambda function</span>
            <select name="functionArn" aria-label="Lambda function" value={functionArn} onChange={(e) => setFunctionArn(e.currentTarget.value)}>
              <option value="">{functions === undefined ? 'Loading functions' : 'Choose a function'}</option>
              {functions?.map((f) => (
                <option key={f.FunctionArn} value={f.FunctionArn}>
                  {f.FunctionName}
                  {f.Runtime ? ` (${f.Runtime})` : ''}
                </option>
              ))}
            </select>
            <small>API Gateway is granted permission to invoke the function (Lambda AddPermission).</small>
          </label>
          <ErrorAlert message={functionsError} />
        </>
      )}
      {kind === 'HTTP' && (
        <>
          <label class="choice">
            <input type="checkbox" checked={httpProxy} onChange={(e) => setHttpProxy(e.currentTarget.checked)} />
            HTTP proxy integration
            <small>Send the request to the endpoint and its response back as they are.</small>
          </label>
          <label>
            <span>HTTP method</span>
            <select name="httpMethod" value={httpMethod} onChange={(e) => setHttpMethod(e.currentTarget.value)}>
              {METHOD_TYPES.map((m) => (
                <option key={m} value={m}>
                  {m}
                </option>
              ))}
            </select>
          </label>
          <label>
            <span>Endpoint URL</span>
            <input name="endpointUrl" value={endpointUrl} onInput={(e) => setEndpointUrl(e.currentTarget.value)} placeholder="https://example.com/{proxy}" />
          </label>
        </>
      )}
      <label>
        <span>Integration timeout</span>
        <input name="timeoutInMillis" inputMode="numeric" value={timeout} onInput={(e) => setTimeoutMs(e.currentTarget.value)} />
        <small>In milliseconds, from 50 to 29,000.</small>
      </label>
      <ErrorAlert message={error} />
      <FormActions label={props.editing ? 'Save' : 'Create method'} busy={busy} onCancel={props.onCancel} />
    </form>
  );
}

const NEW_STAGE = '*new*';

function DeployModal(props: { restApi: RestApi; stages: Stage[]; onClose: () => void; onDeployed: (stageName: string) => void }) {
  const [stage, setStage] = useState(props.stages[0]?.stageName ?? NEW_STAGE);
  const [newName, setNewName] = useState('');
  const [description, setDescription] = useState('');
  const { busy, error, run } = useAction();
  const submit = (e: Event): void => {
    e.preventDefault();
    const stageName = stage === NEW_STAGE ? newName : stage;
    run(
      () => createDeployment(props.restApi.id, stageName, description),
      () => props.onDeployed(stageName),
    );
  };
  return (
    <div class="modal-backdrop">
      <div class="modal" role="dialog" aria-modal="true" aria-labelledby="deploy-api-title">
        <form onSubmit={submit}>
          <h2 id="deploy-api-title">Deploy API</h2>
          <p>Create or select a stage where your API will be deployed.</p>
          <label>
            <span>Stage</span>
            <select name="stage" aria-label="Stage" value={stage} onChange={(e) => setStage(e.currentTarget.value)}>
              {props.stages.map((s) => (
                <option key={s.stageName} value={s.stageName}>
                  {s.stageName}
                </option>
              ))}
              <option value={NEW_STAGE}>*New stage*</option>
            </select>
          </label>
          {stage === NEW_STAGE && (
            <label>
              <span>Stage name</span>
              <input name="stageName" value={newName} onInput={(e) => setNewName(e.currentTarget.value)} />
            </label>
          )}
          <label>
            <span>
              Deployment description - <em>optional</em>
            </span>
            <textarea name="description" value={description} rows={2} onInput={(e) => setDescription(e.currentTarget.value)} />
          </label>
          <ErrorAlert message={error} />
          <div class="modal-actions">
            <button type="button" onClick={props.onClose}>
              Cancel
            </button>
            <button type="submit" class="primary" disabled={busy}>
              Deploy
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}

/** Every URL a stage answers on: the private forms (and one alias per VPC endpoint), or the public forms on Gatehouse. */
/** Cancel and the form's action, as the console's forms end. */
function FormActions(props: { label: string; busy: boolean; onCancel: () => void }) {
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
