/**
 * An API's Authorizers tab: its authorizers (name, id, type, identity source, TTL, function or user pools),
 * Create authorizer, and for the chosen one Edit, Delete (the API's answer when a method still uses it) and
 * Test; and Flush authorizer cache for a stage (FlushStageAuthorizersCache).
 */
import { useState } from 'preact/hooks';
import type { RestApi, Stage } from '../../apigateway';
import { AUTHORIZER_TYPE_LABEL, deleteAuthorizer, flushStageAuthorizersCache, functionArnOf, getAuthorizers, type Authorizer } from '../../authorizers';
import { signalFlash } from '../../flash-state';
import { useAction } from '../../use-action';
import { useLoaded } from '../../use-loaded';
import { DeleteModal } from '../delete-modal';
import { EmptyRows } from '../empty-rows';
import { ErrorAlert } from '../error-alert';
import { StageSelect } from '../request-fields';
import { AuthorizerForm } from './authorizer-form';
import { AuthorizerTest } from './authorizer-test';

type Mode = 'none' | 'create' | 'edit' | 'delete' | 'test';

export function AuthorizersView({ restApi, stages }: { restApi: RestApi; stages: Stage[] }) {
  const authorizers = useLoaded(() => getAuthorizers(restApi.id), [restApi.id]);
  const [chosenId, setChosenId] = useState<string | undefined>(undefined);
  const [mode, setMode] = useState<Mode>('none');
  const list = authorizers.value;
  const chosen = list?.find((a) => a.id === chosenId);

  const saved = (message: string, a?: Authorizer): void => {
    setMode('none');
    if (a) setChosenId(a.id);
    signalFlash({ type: 'success', message });
    authorizers.reload();
  };

  return (
    <div class="authorizers">
      <div class="page-header">
        <h2>
          Authorizers <span class="count">({list?.length ?? 0})</span>
        </h2>
        <div class="actions">
          <button type="button" class="primary" onClick={() => setMode('create')}>
            Create authorizer
          </button>
        </div>
      </div>
      <ErrorAlert message={authorizers.error} />
      <table class="table" aria-label="Authorizers">
        <thead>
          <tr>
            <th>Name</th>
            <th>Authorizer ID</th>
            <th>Type</th>
            <th>Identity source</th>
            <th>TTL</th>
            <th>Function or user pools</th>
          </tr>
        </thead>
        <tbody>
          <EmptyRows items={list} colSpan={6} loading="Loading authorizers">
            <strong>No authorizers</strong>
            <br />
            Create an authorizer to control who may call the API's methods.
          </EmptyRows>
          {list?.map((a) => (
            <tr key={a.id} data-authorizer={a.name} class={a.id === chosenId ? 'selected' : undefined} onClick={() => (setChosenId(a.id), setMode('none'))}>
              <td>
                <a href="#" onClick={(e) => e.preventDefault()}>
                  {a.name}
                </a>
              </td>
              <td>
                <code>{a.id}</code>
              </td>
              <td>{AUTHORIZER_TYPE_LABEL[a.type] ?? a.type}</td>
              <td>
                <code>{a.identitySource ?? '-'}</code>
              </td>
              <td>{a.authorizerResultTtlInSeconds ?? 300} s</td>
              <td>
                <code>{a.type === 'COGNITO_USER_POOLS' ? (a.providerARNs ?? []).join(', ') : functionArnOf(a.authorizerUri)}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {chosen && (
        <div class="panel" role="region" aria-label={`Authorizer ${chosen.name}`}>
          <div class="page-header">
            <h2>Authorizer: {chosen.name}</h2>
            <div class="actions">
              <button type="button" onClick={() => setMode('delete')}>
                Delete authorizer
              </button>
              <button type="button" onClick={() => setMode('edit')}>
                Edit authorizer
              </button>
              <button type="button" onClick={() => setMode('test')}>
                Test authorizer
              </button>
            </div>
          </div>
          {chosen.identityValidationExpression && (
            <p class="muted">
              Token validation: <code>{chosen.identityValidationExpression}</code>
            </p>
          )}
        </div>
      )}
      {mode === 'create' && <AuthorizerForm restApi={restApi} onCancel={() => setMode('none')} onSaved={(a) => saved(`Successfully created authorizer '${a.name}'.`, a)} />}
      {mode === 'edit' && chosen && <AuthorizerForm key={chosen.id} restApi={restApi} editing={chosen} onCancel={() => setMode('none')} onSaved={(a) => saved(`Successfully edited authorizer '${a.name}'.`, a)} />}
      {mode === 'test' && chosen && <AuthorizerTest key={chosen.id} restApi={restApi} authorizer={chosen} />}
      {mode === 'delete' && chosen && (
        <DeleteModal
          what="authorizer"
          message={`Are you sure you want to delete the authorizer ${chosen.name}?`}
          onClose={() => setMode('none')}
          onDelete={() => deleteAuthorizer(restApi.id, chosen.id)}
          onDeleted={() => (setChosenId(undefined), saved(`Successfully deleted authorizer '${chosen.name}'.`))}
        />
      )}
      <FlushCache restApi={restApi} stages={stages} />
    </div>
  );
}

/** Flush authorizer cache: the chosen stage forgets every cached authorizer answer at once. */
function FlushCache({ restApi, stages }: { restApi: RestApi; stages: Stage[] }) {
  const [stageName, setStageName] = useState('');
  const { busy, error, run } = useAction();
  if (stages.length === 0) return null;
  const stage = stages.find((s) => s.stageName === stageName)?.stageName ?? stages[0]!.stageName;
  const submit = (e: Event): void => {
    e.preventDefault();
    run(
      () => flushStageAuthorizersCache(restApi.id, stage),
      () => signalFlash({ type: 'success', message: `Successfully flushed the authorizer cache of stage ${stage}.` }),
    );
  };
  return (
    <form class="panel row variable-form" onSubmit={submit} aria-label="Flush authorizer cache">
      <StageSelect stages={stages} value={stage} onChange={setStageName} />
      <button type="submit" disabled={busy}>
        Flush authorizer cache
      </button>
      <ErrorAlert message={error} />
    </form>
  );
}
