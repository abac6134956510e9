/** Create method on the selected resource, or Edit integration of the selected method: a Lambda function, an HTTP endpoint or a mock, and the timeout. */
import { useEffect, useState } from 'preact/hooks';
import { createMethod, listFunctions, putIntegration, type IntegrationChoice, type LambdaFunction, type Method, type Resource, type RestApi } from '../../apigateway';
import { errorMessage } from '../../aws';
import { useAction } from '../../use-action';
import { ErrorAlert } from '../error-alert';
import { FormActions } from './form-actions';
import { FunctionSelect } from './function-select';
import { DEFAULT_TIMEOUT_MS, lambdaArnOf } from './integration';

const METHOD_TYPES = ['ANY', 'DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'];
const KIND_OF: Record<string, 'LAMBDA' | 'HTTP' | 'MOCK'> = { AWS_PROXY: 'LAMBDA', AWS: 'LAMBDA', HTTP: 'HTTP', HTTP_PROXY: 'HTTP', MOCK: 'MOCK' };

/** Create method, or (given `editing`) Edit integration of an existing method: PutIntegration replaces it. */
export function MethodPanel(props: { restApi: RestApi; resource: Resource; editing?: Method; onCancel: () => void; onSaved: (method: string) => void }) {
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
          <FunctionSelect functions={functions} value={functionArn} onChange={setFunctionArn} help="API Gateway is granted permission to invoke the function (Lambda AddPermission)." />
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
