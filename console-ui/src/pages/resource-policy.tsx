/**
 * An API's Resource policy tab: the policy as JSON in an editor, Save changes and Delete policy (UpdateRestApi
 * `replace /policy`), the AWS examples as templates, the API's own validation messages, and a note that a saved
 * policy takes effect only when the API is deployed.
 */
import { useEffect, useState } from 'preact/hooks';
import { decodePolicy, describeVpcEndpoints, getRestApiWithPolicy, updateRestApiPolicy, type RestApi } from '../apigateway';
import { errorMessage } from '../aws';
import { signalFlash } from '../flash-state';
import { useAction } from '../use-action';

const PENDING_KEY = 'gatehouse.policyNotDeployed.';

/** Whether a policy was saved on this API since the console last deployed it (kept for the browser tab's session). */
export function policyPending(apiId: string): boolean {
  try {
    return sessionStorage.getItem(PENDING_KEY + apiId) === '1';
  } catch {
    return false;
  }
}

function setPolicyPending(apiId: string, pending: boolean): void {
  try {
    if (pending) sessionStorage.setItem(PENDING_KEY + apiId, '1');
    else sessionStorage.removeItem(PENDING_KEY + apiId);
  } catch {
    // No session storage: the note lasts as long as the page.
  }
}

/** Called after Deploy API: the saved policy is now the deployed one. */
export function clearPolicyPending(apiId: string): void {
  setPolicyPending(apiId, false);
}

type Template = 'vpce' | 'vpc' | 'ip';

const TEMPLATES: { id: Template; label: string }[] = [
  { id: 'vpce', label: 'Source VPC endpoint allowlist' },
  { id: 'vpc', label: 'Source VPC allowlist' },
  { id: 'ip', label: 'IP range denylist' },
];

const INVOKE = { Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' };

/** The AWS examples: deny unless the request comes through the endpoint (or VPC), then allow; allow, then deny the IP ranges. */
function templateText(template: Template, ids: { vpceId: string; vpcId: string }): string {
  const statements =
    template === 'ip'
      ? [
          { Effect: 'Allow', ...INVOKE },
          { Effect: 'Deny', ...INVOKE, Condition: { IpAddress: { 'aws:SourceIp': ['192.0.2.0/24', '198.51.100.0/24'] } } },
        ]
      : [
          {
            Effect: 'Deny',
            ...INVOKE,
            Condition: { StringNotEquals: template === 'vpce' ? { 'aws:SourceVpce': ids.vpceId } : { 'aws:SourceVpc': ids.vpcId } },
          },
          { Effect: 'Allow', ...INVOKE },
        ];
  return JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);
}

export function ResourcePolicyView({ restApi }: { restApi: RestApi }) {
  const apiId = restApi.id;
  const [text, setText] = useState<string | undefined>(undefined);
  const [saved, setSaved] = useState('');
  const { busy, error, setError, run } = useAction();
  const [, setPendingShown] = useState(false);

  useEffect(() => {
    getRestApiWithPolicy(apiId).then(
      (a) => {
        const policy = decodePolicy(a.policy);
        setText(policy);
        setSaved(policy);
      },
      (err: unknown) => setError(errorMessage(err)),
    );
  }, [apiId]);

  const vpceIds = restApi.endpointConfiguration?.vpcEndpointIds ?? [];
  const useTemplate = (template: Template): void => {
    setError(undefined);
    const vpceId = vpceIds[0] ?? 'vpce-0123456789abcdef0';
    if (template !== 'vpc') return setText(templateText(template, { vpceId, vpcId: '' }));
    // The VPC of the API's first endpoint, when there is one.
    const fallback = 'vpc-0123456789abcdef0';
    if (!vpceIds[0]) return setText(templateText(template, { vpceId, vpcId: fallback }));
    describeVpcEndpoints().then(
      (endpoints) => setText(templateText(template, { vpceId, vpcId: endpoints.find((e) => e.id === vpceId)?.vpcId || fallback })),
      () => setText(templateText(template, { vpceId, vpcId: fallback })),
    );
  };

  const update = (value: string, message: string): void => {
    run(
      () => updateRestApiPolicy(apiId, value),
      (a) => {
        const policy = decodePolicy(a.policy);
        setText(policy);
        setSaved(policy);
        setPolicyPending(apiId, true);
        setPendingShown(true);
        signalFlash({ type: 'success', message });
      },
    );
  };

  const save = (e: Event): void => {
    e.preventDefault();
    if (text === undefined) return;
    update(text, `Successfully saved the resource policy of ${restApi.name}.`);
  };

  return (
    <form class="panel policy-panel" aria-label="Resource policy" onSubmit={save}>
      <div class="page-header">
        <h2>Resource policy</h2>
        <div class="actions">
          <button type="button" disabled={busy || saved === ''} onClick={() => update('', `Successfully deleted the resource policy of ${restApi.name}.`)}>
            Delete policy
          </button>
        </div>
      </div>
      <p class="muted">
        A resource policy controls who can invoke this API: for a private API, which VPC endpoints and VPCs. Use{' '}
        <code>execute-api:/*</code> for every stage, method and path of this API.
      </p>
      {policyPending(apiId) && (
        <div class="policy-note" role="status" data-testid="policy-not-deployed">
          <strong>Deploy your API to apply the changes.</strong> The saved policy takes effect when the API is deployed to a stage.
        </div>
      )}
      <div class="policy-templates" role="group" aria-label="Templates">
        <span class="muted">Templates:</span>
        {TEMPLATES.map((t) => (
          <button type="button" key={t.id} disabled={text === undefined} onClick={() => useTemplate(t.id)}>
            {t.label}
          </button>
        ))}
      </div>
      <label>
        <span>Policy details</span>
        <textarea
          class="policy-editor"
          name="policy"
          aria-label="Policy document"
          spellcheck={false}
          rows={20}
          value={text ?? ''}
          disabled={text === undefined}
          placeholder={'{\n  "Version": "2012-10-17",\n  "Statement": []\n}'}
          onInput={(e) => setText(e.currentTarget.value)}
        />
      </label>
      {error && (
        <div class="flash flash-error" role="alert" data-testid="policy-error">
          {error}
        </div>
      )}
      <div class="form-actions">
        <button type="button" disabled={busy || text === saved} onClick={() => (setText(saved), setError(undefined))}>
          Cancel
        </button>
        <button type="submit" class="primary" disabled={busy || text === undefined}>
          Save changes
        </button>
      </div>
    </form>
  );
}
