/**
 * Repositories: ECR's private repositories of the region, as the ECR console lists them. Gatehouse keeps
 * ECR's control plane only: a repository never holds images, so there is nothing to open.
 */
import { describeRepositories } from '../ecr';
import { useLoaded } from '../use-loaded';
import { EmptyRows } from './empty-rows';
import { ErrorAlert } from './error-alert';
import { CountHeader } from './count-header';

export function RepositoriesPage() {
  const { value: repositories, error: loadError, reload: load } = useLoaded(describeRepositories, []);
  return (
    <section>
      <CountHeader title="Private repositories" count={repositories?.length} onRefresh={load} />
      <p class="muted">Gatehouse keeps ECR's control plane only: repositories, their settings and policies. Images cannot be pushed or pulled.</p>
      <ErrorAlert message={loadError} />
      <table class="table" aria-label="Repositories">
        <thead>
          <tr>
            <th>Repository name</th>
            <th>URI</th>
            <th>Created at</th>
            <th>Tag immutability</th>
            <th>Scan on push</th>
            <th>Encryption type</th>
          </tr>
        </thead>
        <tbody>
          <EmptyRows items={repositories} colSpan={6} loading={loadError ? undefined : 'Loading repositories'}>
            <strong>No repositories</strong>
            <br />
            You don't have any repositories.
          </EmptyRows>
          {repositories?.map((r) => (
            <tr key={r.repositoryArn} data-repository-name={r.repositoryName}>
              <td>{r.repositoryName}</td>
              <td>
                <code>{r.repositoryUri}</code>
              </td>
              <td>{new Date(r.createdAt * 1000).toLocaleString()}</td>
              <td>{r.imageTagMutability === 'IMMUTABLE' ? 'Enabled' : 'Disabled'}</td>
              <td>{r.imageScanningConfiguration?.scanOnPush ? 'Enabled' : 'Disabled'}</td>
              <td>{r.encryptionConfiguration?.encryptionType ?? 'AES256'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
