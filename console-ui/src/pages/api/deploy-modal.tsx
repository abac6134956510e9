/** Deploy API: a deployment to an existing stage or a new one, with an optional description. */
import { useState } from 'preact/hooks';
import { createDeployment, type RestApi, type Stage } from '../../apigateway';
import { useAction } from '../../use-action';
import { ErrorAlert } from '../error-alert';

const NEW_STAGE = '*new*';

export function DeployModal(props: { restApi: RestApi; stages: Stage[]; onClose: () => void; onDeployed: (stageName: string) => void }) {
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
