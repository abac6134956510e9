/**
 * Create authorizer, or Edit authorizer: a Lambda authorizer (its function picked from the account's, a Token or
 * Request event payload, its identity sources, token validation and result caching) or a Cognito user pool
 * authorizer (its user pools and token source). The API validates it and says why not, as the AWS console shows.
 */
import { useEffect, useState } from 'preact/hooks';
import { listFunctions, type LambdaFunction, type RestApi } from '../../apigateway';
import { createAuthorizer, functionArnOf, updateAuthorizer, userPoolsWithArns, type Authorizer, type AuthorizerInput, type AuthorizerType, type UserPool } from '../../authorizers';
import { errorMessage } from '../../aws';
import { useAction } from '../../use-action';
import { ErrorAlert } from '../error-alert';
import { FormActions } from './form-actions';
import { FunctionSelect } from './function-select';

/** Where a REQUEST authorizer's identity comes from, as the AWS console lists them, and the expression for each. */
const SOURCE_KINDS = [
  ['header', 'Header', 'method.request.header.'],
  ['querystring', 'Query string', 'method.request.querystring.'],
  ['stageVariable', 'Stage variable', 'stageVariables.'],
  ['context', 'Context', 'context.'],
] as const;
type SourceKind = (typeof SOURCE_KINDS)[number][0];
interface SourceRow {
  kind: SourceKind;
  key: string;
}

const HEADER_PREFIX = 'method.request.header.';
const DEFAULT_TTL = 300;

/** `method.request.header.X, method.request.querystring.y` as rows; an unknown expression is kept as a header named by it. */
function sourceRows(identitySource: string | undefined): SourceRow[] {
  const parts = (identitySource ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  return parts.map((part) => {
    const found = SOURCE_KINDS.find(([, , prefix]) => part.startsWith(prefix));
    return found ? { kind: found[0], key: part.slice(found[2].length) } : { kind: 'header', key: part };
  });
}

const sourceExpression = (rows: SourceRow[]): string =>
  rows
    .filter((r) => r.key.trim() !== '')
    .map((r) => `${SOURCE_KINDS.find(([kind]) => kind === r.kind)![2]}${r.key.trim()}`)
    .join(', ');

export function AuthorizerForm(props: { restApi: RestApi; editing?: Authorizer; onCancel: () => void; onSaved: (a: Authorizer) => void }) {
  const current = props.editing;
  const [name, setName] = useState(current?.name ?? '');
  const [type, setType] = useState<AuthorizerType>(current?.type ?? 'TOKEN');
  const [functionArn, setFunctionArn] = useState(functionArnOf(current?.authorizerUri));
  const [tokenHeader, setTokenHeader] = useState(current && current.type !== 'REQUEST' ? (current.identitySource ?? '').replace(HEADER_PREFIX, '') : 'Authorization');
  const [validation, setValidation] = useState(current?.identityValidationExpression ?? '');
  const [rows, setRows] = useState<SourceRow[]>(current?.type === 'REQUEST' ? sourceRows(current.identitySource) : [{ kind: 'header', key: '' }]);
  const [caching, setCaching] = useState((current?.authorizerResultTtlInSeconds ?? DEFAULT_TTL) > 0);
  const [ttl, setTtl] = useState(String(current?.authorizerResultTtlInSeconds || DEFAULT_TTL));
  const [pools, setPools] = useState((current?.providerARNs ?? []).join('\n'));
  const [functions, setFunctions] = useState<LambdaFunction[] | undefined>(undefined);
  const [userPools, setUserPools] = useState<UserPool[] | undefined>(undefined);
  const [loadError, setLoadError] = useState<string | undefined>(undefined);
  const { busy, error, setError, run } = useAction();
  const lambdaKind = type !== 'COGNITO_USER_POOLS';

  useEffect(() => {
    if (lambdaKind && !functions) listFunctions().then(setFunctions, (e: unknown) => setLoadError(errorMessage(e)));
    if (!lambdaKind && !userPools) userPoolsWithArns().then(setUserPools, () => setUserPools([]));
  }, [lambdaKind, functions, userPools]);

  const submit = (e: Event): void => {
    e.preventDefault();
    if (lambdaKind && !functionArn) return setError('Choose a Lambda function.');
    const input: AuthorizerInput = { name, type };
    if (lambdaKind) {
      input.functionArn = functionArn;
      // The TTL goes as typed: API Gateway's own message says what it accepts (0 to 3600 seconds).
      input.authorizerResultTtlInSeconds = caching ? Number(ttl) : 0;
    } else input.providerARNs = pools.split(/[\s,]+/).filter(Boolean);
    if (type === 'REQUEST') input.identitySource = sourceExpression(rows);
    else {
      input.identitySource = tokenHeader.trim() === '' ? '' : `${HEADER_PREFIX}${tokenHeader.trim()}`;
      input.identityValidationExpression = validation;
    }
    run(() => (current ? updateAuthorizer(props.restApi.id, current, input) : createAuthorizer(props.restApi.id, input)), props.onSaved);
  };
  const setRow = (i: number, row: Partial<SourceRow>): void => setRows((now) => now.map((r, j) => (j === i ? { ...r, ...row } : r)));

  return (
    <form class="panel" onSubmit={submit} aria-label={current ? 'Edit authorizer' : 'Create authorizer'}>
      <h2>{current ? `Edit authorizer: ${current.name}` : 'Create authorizer'}</h2>
      <label>
        <span>Authorizer name</span>
        <input name="name" value={name} onInput={(e) => setName(e.currentTarget.value)} />
      </label>
      <fieldset>
        <legend>Authorizer type</legend>
        <label class="choice">
          <input type="radio" name="authorizerKind" checked={lambdaKind} disabled={current !== undefined} onChange={() => setType('TOKEN')} />
          Lambda
          <small>Use a Lambda function to authorize requests.</small>
        </label>
        <label class="choice">
          <input type="radio" name="authorizerKind" checked={!lambdaKind} disabled={current !== undefined} onChange={() => setType('COGNITO_USER_POOLS')} />
          Cognito
          <small>Use a Cognito user pool's tokens to authorize requests.</small>
        </label>
      </fieldset>
      {lambdaKind && (
        <>
          <FunctionSelect functions={functions} value={functionArn} onChange={setFunctionArn} help="API Gateway is granted permission to invoke the function from this authorizer (Lambda AddPermission)." />
          <fieldset>
            <legend>Lambda event payload</legend>
            <label class="choice">
              <input type="radio" name="payload" checked={type === 'TOKEN'} disabled={current !== undefined} onChange={() => setType('TOKEN')} />
              Token
              <small>A single header's token (a JWT or an OAuth token) in the event's authorizationToken.</small>
            </label>
            <label class="choice">
              <input type="radio" name="payload" checked={type === 'REQUEST'} disabled={current !== undefined} onChange={() => setType('REQUEST')} />
              Request
              <small>The request's headers, query strings, stage variables and context.</small>
            </label>
          </fieldset>
        </>
      )}
      {type === 'REQUEST' ? (
        <fieldset aria-label="Identity sources">
          <legend>Identity sources</legend>
          {rows.map((r, i) => (
            <div class="row identity-source" key={i}>
              <select aria-label={`Identity source type ${i + 1}`} value={r.kind} onChange={(e) => setRow(i, { kind: e.currentTarget.value as SourceKind })}>
                {SOURCE_KINDS.map(([kind, label]) => (
                  <option key={kind} value={kind}>
                    {label}
                  </option>
                ))}
              </select>
              <input aria-label={`Identity source key ${i + 1}`} value={r.key} onInput={(e) => setRow(i, { key: e.currentTarget.value })} />
              <button type="button" class="small" onClick={() => setRows((now) => now.filter((_, j) => j !== i))}>
                Remove
              </button>
            </div>
          ))}
          <button type="button" class="small" onClick={() => setRows((now) => [...now, { kind: 'header', key: '' }])}>
            Add identity source
          </button>
          <small class="muted">The authorizer is not called (401) when one of them is missing or empty; cached results are keyed by all of them.</small>
        </fieldset>
      ) : (
        <>
          <label>
            <span>Token source</span>
            <input name="tokenSource" value={tokenHeader} onInput={(e) => setTokenHeader(e.currentTarget.value)} />
            <small>The header that carries the token.</small>
          </label>
          <label>
            <span>
              Token validation - <em>optional</em>
            </span>
            <input name="tokenValidation" value={validation} onInput={(e) => setValidation(e.currentTarget.value)} placeholder="^Bearer [-0-9a-zA-Z._]*$" />
            <small>A regular expression: a token that does not match is refused (401) without a call.</small>
          </label>
        </>
      )}
      {lambdaKind && (
        <>
          <label class="choice">
            <input type="checkbox" checked={caching} onChange={(e) => setCaching(e.currentTarget.checked)} />
            Authorization caching
            <small>The stage caches the authorizer's answer for the identity source values.</small>
          </label>
          {caching && (
            <label>
              <span>TTL</span>
              <input name="ttl" inputMode="numeric" value={ttl} onInput={(e) => setTtl(e.currentTarget.value)} />
              <small>In seconds, up to 3600.</small>
            </label>
          )}
        </>
      )}
      {!lambdaKind && (
        <label>
          <span>Cognito user pools</span>
          {userPools && userPools.length > 0 && (
            <select aria-label="Add a user pool" value="" onChange={(e) => setPools((now) => [now.trim(), e.currentTarget.value].filter(Boolean).join('\n'))}>
              <option value="">Add a user pool</option>
              {userPools.map((p) => (
                <option key={p.id} value={p.arn}>
                  {p.name} ({p.id})
                </option>
              ))}
            </select>
          )}
          <textarea name="providerARNs" aria-label="User pool ARNs" rows={3} value={pools} onInput={(e) => setPools(e.currentTarget.value)} placeholder={`arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_AbCdEf123`} />
          <small>One user pool ARN a line.</small>
        </label>
      )}
      <ErrorAlert message={loadError} />
      <ErrorAlert message={error} />
      <FormActions label={current ? 'Save changes' : 'Create authorizer'} busy={busy} onCancel={props.onCancel} />
    </form>
  );
}
