/**
 * An API: Resources (the resource tree, Create resource, Create method, the selected method's integration),
 * Deploy API, and Stages with every invoke URL of each stage.
 */
import { useCallback, useEffect, useState } from 'preact/hooks';
import {
  createDeployment,
  createMethod,
  createResource,
  getResources,
  getRestApi,
  getStages,
  listFunctions,
  type IntegrationChoice,
  type LambdaFunction,
  type Method,
  type Resource,
  type RestApi,
  type Stage,
} from '../apigateway';
import { errorMessage, REGION } from '../aws';
import { signalFlash } from '../flash-state';
import { link } from '../router';
import { ENDPOINT_TYPE_LABEL } from './apis';
import { clearPolicyPending, ResourcePolicyView } from './resource-policy';
import { TestView } from './test';

const METHOD_TYPES = ['ANY', 'DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'];
const INTEGRATION_LABEL: Record<string, string> = {
  AWS_PROXY: 'Lambda proxy',
  AWS: 'AWS service',
  HTTP: 'HTTP',
  HTTP_PROXY: 'HTTP proxy',
  MOCK: 'Mock',
};

type Panel = 'none' | 'create-resource' | 'create-method' | 'deploy';

export type ApiTab = 'resources' | 'stages' | 'resource-policy' | 'test';
const TAB_LABEL: Record<ApiTab, string> = { resources: 'Resources', stages: 'Stages', 'resource-policy': 'Resource policy', test: 'Test' };

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
      </nav>
      {loadError && (
        <div class="flash flash-error" role="alert">
          {loadError}
        </div>
      )}
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
              <CreateMethodPanel
                restApi={restApi}
                resource={resource}
                onCancel={() => setPanel('none')}
                onCreated={(m) => done(`Successfully created method '${m}' in '${resource.path}'.`, { resourceId: resource.id, method: m })}
              />
            )}
            {panel !== 'create-resource' && panel !== 'create-method' && resource && !method && (
              <div class="panel" aria-label="Resource details">
                <div class="page-header">
                  <h2>Resource details</h2>
                  <button type="button" onClick={() => setPanel('create-method')}>
                    Create method
                  </button>
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
            {panel !== 'create-resource' && panel !== 'create-method' && resource && method && <MethodDetails resource={resource} method={method} />}
          </div>
        </div>
      )}
      {tab === 'stages' && restApi && stages && <StagesView restApi={restApi} stages={stages} />}
      {tab === 'resource-policy' && restApi && <ResourcePolicyView restApi={restApi} />}
      {tab === 'test' && restApi && stages && <TestView restApi={restApi} stages={stages} />}
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

function MethodDetails({ resource, method }: { resource: Resource; method: Method }) {
  const integration = method.methodIntegration;
  return (
    <div class="panel" aria-label="Method details">
      <h2>
        {resource.path} - {method.httpMethod} - Method execution
      </h2>
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
      </dl>
    </div>
  );
}

function lambdaArnOf(uri: string): string {
  return /functions\/(.+)\/invocations$/.exec(uri)?.[1] ?? uri;
}

function CreateResourcePanel(props: { restApi: RestApi; parent: Resource; onCancel: () => void; onCreated: (r: Resource) => void }) {
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const submit = (e: Event): void => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    createResource(props.restApi.id, props.parent.id, name).then(props.onCreated, (err: unknown) => {
      setBusy(false);
      setError(errorMessage(err));
    });
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
      <FormError error={error} />
      <FormActions label="Create resource" busy={busy} onCancel={props.onCancel} />
    </form>
  );
}

function CreateMethodPanel(props: { restApi: RestApi; resource: Resource; onCancel: () => void; onCreated: (method: string) => void }) {
  const [methodType, setMethodType] = useState('');
  const [kind, setKind] = useState<'LAMBDA' | 'HTTP' | 'MOCK'>('LAMBDA');
  const [functions, setFunctions] = useState<LambdaFunction[] | undefined>(undefined);
  const [functionsError, setFunctionsError] = useState<string | undefined>(undefined);
  const [functionArn, setFunctionArn] = useState('');
  const [httpProxy, setHttpProxy] = useState(false);
  const [httpMethod, setHttpMethod] = useState('GET');
  const [endpointUrl, setEndpointUrl] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);

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
    setBusy(true);
    setError(undefined);
    createMethod(props.restApi, props.resource, methodType, choice).then(
      () => props.onCreated(methodType),
      (err: unknown) => {
        setBusy(false);
        setError(errorMessage(err));
      },
    );
  };
  return (
    <form class="panel" onSubmit={submit} aria-label="Create method">
      <h2>Create method</h2>
      <p class="muted">
        On <code>{props.resource.path}</code>
      </p>
      <label>
        <span>Method type</span>
        <select name="methodType" value={methodType} onChange={(e) => setMethodType(e.currentTarget.value)}>
          <option value="">Select method type</option>
          {METHOD_TYPES.map((m) => (
            <option key={m} value={m} disabled={taken.includes(m)}>
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
          <FormError error={functionsError} />
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
      <FormError error={error} />
      <FormActions label="Create method" busy={busy} onCancel={props.onCancel} />
    </form>
  );
}

const NEW_STAGE = '*new*';

function DeployModal(props: { restApi: RestApi; stages: Stage[]; onClose: () => void; onDeployed: (stageName: string) => void }) {
  const [stage, setStage] = useState(props.stages[0]?.stageName ?? NEW_STAGE);
  const [newName, setNewName] = useState('');
  const [description, setDescription] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const submit = (e: Event): void => {
    e.preventDefault();
    const stageName = stage === NEW_STAGE ? newName : stage;
    setBusy(true);
    setError(undefined);
    createDeployment(props.restApi.id, stageName, description).then(
      () => props.onDeployed(stageName),
      (err: unknown) => {
        setBusy(false);
        setError(errorMessage(err));
      },
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
          <FormError error={error} />
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

function StagesView({ restApi, stages }: { restApi: RestApi; stages: Stage[] }) {
  const types = restApi.endpointConfiguration?.types ?? [];
  return (
    <div>
      <p class="muted">
        API endpoint type: {types.map((t) => ENDPOINT_TYPE_LABEL[t] ?? t).join(', ') || '-'}.{' '}
        {types.includes('PRIVATE')
          ? 'A private API answers only inside a VPC, through its interface endpoints.'
          : 'Gatehouse serves this API on its own port.'}
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
          {stages.length === 0 && (
            <tr>
              <td colSpan={3} class="empty">
                <strong>No stages</strong>
                <br />
                Deploy the API to create a stage.
              </td>
            </tr>
          )}
          {stages.map((s) => (
            <tr key={s.stageName} data-stage={s.stageName}>
              <td>{s.stageName}</td>
              <td>
                <code>{s.deploymentId ?? '-'}</code>
              </td>
              <td>
                {invokeUrls(restApi, s.stageName).map((url) => (
                  <div key={url}>
                    <code class="invoke-url">{url}</code>
                  </div>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function FormError({ error }: { error: string | undefined }) {
  if (!error) return null;
  return (
    <div class="flash flash-error" role="alert">
      {error}
    </div>
  );
}

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
