/**
 * User pools: Cognito's user pools of the region, as the Cognito console lists them, with the URL of each pool's
 * signing keys (what a COGNITO_USER_POOLS authorizer and any JWT library verify tokens with). Read-only.
 */
import { listUserPools } from '../cognito';
import { useLoaded } from '../use-loaded';
import { CountHeader } from './count-header';
import { EmptyRows } from './empty-rows';
import { ErrorAlert } from './error-alert';

export function UserPoolsPage() {
  const { value: pools, error: loadError, reload: load } = useLoaded(listUserPools, []);
  return (
    <section>
      <CountHeader title="User pools" count={pools?.length} onRefresh={load} />
      <p class="muted">Each pool signs its tokens with its own key; the keys are served at the pool's jwks.json, on this port and to instances at AWS's URL.</p>
      <ErrorAlert message={loadError} />
      <table class="table" aria-label="User pools">
        <thead>
          <tr>
            <th>User pool name</th>
            <th>User pool ID</th>
            <th>Created time</th>
            <th>Last updated time</th>
            <th>Signing keys</th>
          </tr>
        </thead>
        <tbody>
          <EmptyRows items={pools} colSpan={5} loading={loadError ? undefined : 'Loading user pools'}>
            <strong>No user pools</strong>
            <br />
            You don't have any user pools.
          </EmptyRows>
          {pools?.map((p) => {
            const region = p.Id.slice(0, p.Id.indexOf('_'));
            const jwks = `/_aws/cognito-idp/${region}/${p.Id}/.well-known/jwks.json`;
            return (
              <tr key={p.Id} data-user-pool-id={p.Id}>
                <td>{p.Name}</td>
                <td>
                  <code>{p.Id}</code>
                </td>
                <td>{new Date(p.CreationDate * 1000).toLocaleString()}</td>
                <td>{new Date(p.LastModifiedDate * 1000).toLocaleString()}</td>
                <td>
                  <a href={jwks} target="_blank" rel="noreferrer">
                    jwks.json
                  </a>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
