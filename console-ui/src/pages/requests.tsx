/**
 * Requests: the recent execute-api requests, newest first, refreshed every second, and for the one picked,
 * the pipeline's steps in order with each one's decision (resolve, route, VPC endpoint policy, authorization
 * with the authorizer and the policies combined, integration) in the words of `gatehouse explain`.
 * Under load the view samples: each refresh shows the 100 most recent requests, at most one refresh is in
 * flight at a time (a slow answer skips ticks rather than piling up), and the picked request stays explained
 * after newer requests push it out of the list (at 1,000 requests/s that takes a tenth of a second).
 */
import { useEffect, useState } from 'preact/hooks';
import { errorMessage } from '../aws';
import { verdict, type RequestEntry } from '../request-steps';
import { ErrorAlert } from './error-alert';
import { PipelineSteps } from './pipeline-steps';

export type { RequestEntry } from '../request-steps';

async function recentRequests(deniedOnly: boolean): Promise<RequestEntry[]> {
  const res = await fetch(`/_gatehouse/requests?limit=100${deniedOnly ? '&denied=1' : ''}`, { headers: { Accept: 'application/json' } });
  if (!res.ok) throw new Error(`${res.status} ${res.statusText}`);
  const body = (await res.json()) as unknown;
  const list = Array.isArray(body) ? body : ((body as { requests?: unknown }).requests ?? []);
  return (list as RequestEntry[]).slice().reverse();
}

async function fullRecord(requestId: string): Promise<RequestEntry> {
  const res = await fetch(`/_gatehouse/requests/${encodeURIComponent(requestId)}`, { headers: { Accept: 'application/json' } });
  if (!res.ok) throw new Error(`${res.status} ${res.statusText}`);
  return (await res.json()) as RequestEntry;
}

/** What GET /_gatehouse/requests?denied=1 keeps: the requests API Gateway refused. */
const isRefused = (r: RequestEntry): boolean => r.status === 403;

export function RequestsPage() {
  const [requests, setRequests] = useState<RequestEntry[] | undefined>(undefined);
  const [loadError, setLoadError] = useState<string | undefined>(undefined);
  /** The picked request as last seen: kept when it is no longer among the most recent. */
  const [picked, setPicked] = useState<RequestEntry | undefined>(undefined);
  const selected = picked?.requestId;
  // Under load the 100 most recent are mostly allowed ones: the denied alone are what needs explaining.
  const [deniedOnly, setDeniedOnly] = useState(false);

  useEffect(() => {
    let live = true;
    let loading = false;
    const load = () => {
      if (loading) return;
      loading = true;
      recentRequests(deniedOnly)
        .then(
          (list) => {
            if (!live) return;
            setRequests(list);
            setLoadError(undefined);
          },
          (error: unknown) => live && setLoadError(errorMessage(error)),
        )
        .finally(() => (loading = false));
    };
    load();
    const timer = setInterval(load, 1000);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [deniedOnly]);

  // The rows on show stay while the next poll runs (no blink): ticking Denied only narrows them at once, as the
  // server's ?denied=1 does (a 403), and the poll then brings the older denied ones beyond the 100 on show.
  const toggleDenied = (on: boolean): void => {
    if (on) setRequests((now) => now?.filter(isRefused));
    setDeniedOnly(on);
  };

  // The list leaves out each request's Lambda event and log; the picked one's full record has them.
  const pick = (r: RequestEntry): void => {
    setPicked(r);
    fullRecord(r.requestId).then((full) => setPicked((now) => (now?.requestId === r.requestId ? full : now)), () => undefined);
  };
  const chosen = picked && (picked.lambda ? picked : (requests?.find((r) => r.requestId === picked.requestId) ?? picked));

  return (
    <section class="requests">
      <div class="page-header">
        <h1>Requests</h1>
        <label class="choice">
          <input type="checkbox" checked={deniedOnly} onChange={(e) => toggleDenied(e.currentTarget.checked)} />
          Denied only
        </label>
      </div>
      <p class="muted">The recent requests to execute-api, newest first, refreshed every second. Choose one to see why it was allowed or denied.</p>
      <ErrorAlert message={loadError} />
      {requests === undefined && !loadError && <p class="muted">Loading requests</p>}
      {requests && requests.length === 0 && <p class="muted">{deniedOnly ? 'No denied requests.' : 'No requests yet.'}</p>}
      {requests && requests.length > 0 && (
        <table class="table requests-table">
          <thead>
            <tr>
              <th>Time</th>
              <th>Method</th>
              <th>URL</th>
              <th>Status</th>
              <th>Decision</th>
              <th>From</th>
              <th>Through</th>
            </tr>
          </thead>
          <tbody>
            {requests.map((r) => {
              const v = verdict(r);
              return (
                <tr
                  key={r.requestId}
                  data-request-id={r.requestId}
                  class={`${v.denied ? 'denied' : ''}${r.requestId === selected ? ' selected' : ''}`}
                  aria-selected={r.requestId === selected}
                  onClick={() => pick(r)}
                >
                  <td class="mono">{new Date(r.time).toLocaleTimeString()}</td>
                  <td>{r.method}</td>
                  <td class="mono url">{r.url}</td>
                  <td class={r.status >= 400 ? 'status-error' : 'status-ok'}>{r.status}</td>
                  <td class={v.denied ? 'verdict-denied' : 'verdict-allowed'}>{v.text}</td>
                  <td class="mono">{r.instanceId ? `${r.instanceId} (${r.sourceIp})` : r.sourceIp}</td>
                  <td class="mono">{r.vpceId ?? 'public'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {chosen && <RequestDetail request={chosen} />}
    </section>
  );
}

export function RequestDetail({ request: r }: { request: RequestEntry }) {
  return (
    <div class="panel request-detail" data-testid="request-detail" role="region" aria-label="Request explanation">
      <h2>
        {r.method} {r.url} → {r.status}
        {r.errorType ? ` ${r.errorType}` : ''}
      </h2>
      <dl class="request-facts">
        <dt>Request ID</dt>
        <dd class="mono">{r.requestId}</dd>
        <dt>API / stage / resource</dt>
        <dd class="mono">
          {r.apiId ?? '—'} / {r.stage ?? '—'} / {r.resource ?? '—'}
        </dd>
        <dt>Integration</dt>
        <dd>{r.integration ?? '—'}</dd>
        <dt>Duration</dt>
        <dd>{r.durationMs} ms</dd>
      </dl>
      {r.reason && (
        <p class="request-reason" data-testid="request-reason">
          {r.reason}
        </p>
      )}
      <PipelineSteps request={r} />
    </div>
  );
}
