/**
 * The Network page's map: for each instance and each deployed private API stage, whether a request from the
 * instance gets in, through which endpoint and under which names, and for each method what the endpoint and
 * resource policies decide, or what stops the connection first (DNS, a security group). Gatehouse computes it
 * from what decides a real request; nothing is sent.
 */
import { useState } from 'preact/hooks';
import type { MapCell, ReachabilityMap } from '../reachability';

const VERDICT_LABEL = { reachable: 'Reachable', partly: 'Some methods', unreachable: 'Unreachable' } as const;

export function Reachability({ map }: { map: ReachabilityMap }) {
  const [chosen, setChosen] = useState<{ instanceId: string; key: string } | undefined>(undefined);
  const cellOf = new Map(map.cells.map((c) => [`${c.instanceId}|${c.apiId}/${c.stage}`, c]));
  const picked = chosen && cellOf.get(`${chosen.instanceId}|${chosen.key}`);
  return (
    <div class="network-section">
      <h2>Reachability</h2>
      <p class="muted">Which instances can call which deployed private APIs: the instance's DNS, the security groups on both ends, and the VPC endpoint and resource policies of each deployed method.</p>
      {map.apis.length === 0 || map.instances.length === 0 ? (
        <p class="muted">{map.apis.length === 0 ? 'No private API is deployed.' : 'No instances.'}</p>
      ) : (
        <table class="table reachability" aria-label="Reachability">
          <thead>
            <tr>
              <th>Instance</th>
              {map.apis.map((a) => (
                <th key={`${a.apiId}/${a.stage}`}>
                  {a.name}
                  <br />
                  <span class="mono muted">
                    {a.apiId}/{a.stage}
                  </span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {map.instances.map((i) => (
              <tr key={i.instanceId} data-instance-id={i.instanceId}>
                <td>
                  <span class="mono">{i.instanceId}</span>
                  {i.name ? ` (${i.name})` : ''}
                  <br />
                  <span class="muted mono">
                    {i.vpcId}, {i.privateIpAddress}
                  </span>
                </td>
                {map.apis.map((a) => {
                  const key = `${a.apiId}/${a.stage}`;
                  const cell = cellOf.get(`${i.instanceId}|${key}`);
                  if (!cell) return <td key={key}>—</td>;
                  const selected = chosen?.instanceId === i.instanceId && chosen.key === key;
                  return (
                    <td key={key} data-api={key}>
                      <button type="button" class={`verdict verdict-${cell.verdict}${selected ? ' selected' : ''}`} aria-pressed={selected} onClick={() => setChosen(selected ? undefined : { instanceId: i.instanceId, key })}>
                        {VERDICT_LABEL[cell.verdict]}
                      </button>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {picked && <CellDetail cell={picked} />}
    </div>
  );
}

function CellDetail({ cell }: { cell: MapCell }) {
  return (
    <div class="panel reachability-detail" role="region" aria-label="Reachability detail" data-testid="reachability-detail">
      <h3>
        {cell.instanceId} → {cell.apiId}/{cell.stage}: {VERDICT_LABEL[cell.verdict]}
      </h3>
      {cell.reason && <p data-testid="reachability-reason">{cell.reason}</p>}
      {cell.routes.map((r) => (
        <div key={r.vpceId} class="reachability-route" data-vpce-id={r.vpceId}>
          <h4>Through {r.vpceId}</h4>
          <ul class="dns-names">
            {r.names.map((n) => (
              <li key={n} class="mono">
                {n}
              </li>
            ))}
          </ul>
          <table class="table" aria-label={`Methods through ${r.vpceId}`}>
            <tbody>
              {r.methods.map((m) => (
                <tr key={m.method} data-method={m.method}>
                  <td class="mono">{m.method}</td>
                  <td class={m.allowed ? 'allowed' : 'denied'}>{m.allowed ? 'Allowed' : 'Denied'}</td>
                  <td>{m.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
    </div>
  );
}
