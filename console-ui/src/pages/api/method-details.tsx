/** The selected method's execution: its authorization and integration (type, HTTP method, function or URL, timeout), with Delete method and Edit integration. */
import type { Method, Resource } from '../../apigateway';
import { DEFAULT_TIMEOUT_MS, lambdaArnOf } from './integration';

const INTEGRATION_LABEL: Record<string, string> = {
  AWS_PROXY: 'Lambda proxy',
  AWS: 'AWS service',
  HTTP: 'HTTP',
  HTTP_PROXY: 'HTTP proxy',
  MOCK: 'Mock',
};

export function MethodDetails({ resource, method, onEdit, onDelete }: { resource: Resource; method: Method; onEdit: () => void; onDelete: () => void }) {
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
