/**
 * The selected method's execution: its authorization (type, authorizer, scopes) and integration (type, HTTP
 * method, function or URL, timeout), with Delete method, Edit method request and Edit integration.
 */
import type { Method, Resource, RestApi } from '../../apigateway';
import { AUTHORIZER_TYPE_LABEL, getAuthorizers } from '../../authorizers';
import { useLoaded } from '../../use-loaded';
import { DEFAULT_TIMEOUT_MS, lambdaArnOf } from './integration';

const INTEGRATION_LABEL: Record<string, string> = {
  AWS_PROXY: 'Lambda proxy',
  AWS: 'AWS service',
  HTTP: 'HTTP',
  HTTP_PROXY: 'HTTP proxy',
  MOCK: 'Mock',
};

export function MethodDetails(props: { restApi: RestApi | undefined; resource: Resource; method: Method; onEdit: () => void; onEditRequest: () => void; onDelete: () => void }) {
  const { restApi, resource, method, onEdit, onDelete } = props;
  const integration = method.methodIntegration;
  const authorizerId = method.authorizerId;
  const authorizers = useLoaded(() => (restApi && authorizerId ? getAuthorizers(restApi.id) : Promise.resolve([])), [restApi?.id, authorizerId]);
  const authorizer = authorizers.value?.find((a) => a.id === authorizerId);
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
          <button type="button" onClick={props.onEditRequest}>
            Edit method request
          </button>
          <button type="button" onClick={onEdit}>
            Edit integration
          </button>
        </div>
      </div>
      <dl class="kv">
        <dt>Authorization</dt>
        <dd data-testid="method-authorization">{method.authorizationType ?? 'NONE'}</dd>
        {authorizerId && (
          <>
            <dt>Authorizer</dt>
            <dd data-testid="method-authorizer">
              {authorizer ? `${authorizer.name} (${authorizerId}), ${AUTHORIZER_TYPE_LABEL[authorizer.type] ?? authorizer.type}` : authorizerId}
            </dd>
          </>
        )}
        {method.authorizationScopes && method.authorizationScopes.length > 0 && (
          <>
            <dt>Authorization scopes</dt>
            <dd data-testid="method-scopes">{method.authorizationScopes.join(', ')}</dd>
          </>
        )}
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
