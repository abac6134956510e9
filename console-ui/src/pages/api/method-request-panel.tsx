/**
 * Edit method request: the method's authorization type and, for CUSTOM (a Lambda authorizer) or
 * COGNITO_USER_POOLS, an authorizer of that kind, with the OAuth scopes a Cognito method requires (UpdateMethod;
 * the API refuses an authorizer of the wrong kind with its own message).
 */
import { useState } from 'preact/hooks';
import type { Method, Resource, RestApi } from '../../apigateway';
import { AUTHORIZATION_TYPES, fitsAuthorization, getAuthorizers, updateMethodAuthorization } from '../../authorizers';
import { useAction } from '../../use-action';
import { useLoaded } from '../../use-loaded';
import { ErrorAlert } from '../error-alert';
import { FormActions } from './form-actions';

const AUTHORIZATION_LABEL: Record<string, string> = { NONE: 'None', AWS_IAM: 'AWS IAM', CUSTOM: 'Lambda authorizer', COGNITO_USER_POOLS: 'Cognito user pool authorizer' };

export function MethodRequestPanel(props: { restApi: RestApi; resource: Resource; method: Method; onCancel: () => void; onSaved: () => void }) {
  const { restApi, resource, method } = props;
  const authorizers = useLoaded(() => getAuthorizers(restApi.id), [restApi.id]);
  const [type, setType] = useState(method.authorizationType ?? 'NONE');
  const [authorizerId, setAuthorizerId] = useState(method.authorizerId ?? '');
  const [scopes, setScopes] = useState((method.authorizationScopes ?? []).join('\n'));
  const { busy, error, setError, run } = useAction();
  const needsAuthorizer = type === 'CUSTOM' || type === 'COGNITO_USER_POOLS';
  const fitting = (authorizers.value ?? []).filter((a) => fitsAuthorization(type, a));

  const submit = (e: Event): void => {
    e.preventDefault();
    if (needsAuthorizer && !authorizerId) return setError(fitting.length === 0 && authorizers.value ? 'This API has no authorizer of this kind: create one in Authorizers first.' : 'Choose an authorizer.');
    const next = { authorizationType: type, authorizationScopes: scopes.split(/[\s,]+/).filter(Boolean), ...(needsAuthorizer ? { authorizerId } : {}) };
    run(() => updateMethodAuthorization(restApi.id, resource.id, method.httpMethod, method, next), props.onSaved);
  };

  return (
    <form class="panel" onSubmit={submit} aria-label="Edit method request">
      <h2>Edit method request</h2>
      <p class="muted">
        {method.httpMethod} <code>{resource.path}</code>
      </p>
      <label>
        <span>Authorization</span>
        <select
          name="authorizationType"
          aria-label="Authorization"
          value={type}
          onChange={(e) => {
            const next = e.currentTarget.value;
            setType(next);
            // An authorizer of the other kind would be refused: start from none.
            if (!(authorizers.value ?? []).some((a) => a.id === authorizerId && fitsAuthorization(next, a))) setAuthorizerId('');
          }}
        >
          {AUTHORIZATION_TYPES.map((t) => (
            <option key={t} value={t}>
              {AUTHORIZATION_LABEL[t]}
            </option>
          ))}
        </select>
      </label>
      {needsAuthorizer && (
        <label>
          <span>Authorizer</span>
          <select name="authorizerId" aria-label="Authorizer" value={authorizerId} onChange={(e) => setAuthorizerId(e.currentTarget.value)}>
            <option value="">{authorizers.value === undefined ? 'Loading authorizers' : 'Choose an authorizer'}</option>
            {fitting.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name} ({a.id})
              </option>
            ))}
          </select>
          <small>{type === 'CUSTOM' ? 'A Lambda (Token or Request) authorizer of this API.' : 'A Cognito user pool authorizer of this API.'}</small>
        </label>
      )}
      {type === 'COGNITO_USER_POOLS' && (
        <label>
          <span>
            Authorization scopes - <em>optional</em>
          </span>
          <textarea name="authorizationScopes" aria-label="Authorization scopes" rows={2} value={scopes} onInput={(e) => setScopes(e.currentTarget.value)} placeholder="resource-server/scope" />
          <small>One scope a line. With scopes, the method takes an access token holding one of them; without, an ID token.</small>
        </label>
      )}
      <ErrorAlert message={authorizers.error} />
      <ErrorAlert message={error} />
      <FormActions label="Save" busy={busy} onCancel={props.onCancel} />
    </form>
  );
}
