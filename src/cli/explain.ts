/**
 * `gatehouse explain <request-id>`: why a running Gatehouse allowed or denied an execute-api request (the id is
 * the answer's `x-amzn-RequestId`); `gatehouse explain --last [N]` lists the recent requests to find one.
 */
import type { ExplainedRecord } from '../gateway/request-log.js';
import { formatExplanation, formatRecentLine } from './explain-format.js';

export interface ExplainOptions {
  json: boolean;
  /** --last only: the denied requests (403) alone. */
  denied?: boolean;
}

async function getJson(endpointUrl: string, path: string): Promise<{ status: number; body: unknown }> {
  let res: Response;
  try {
    res = await fetch(new URL(path, endpointUrl));
  } catch {
    throw new Error(`no Gatehouse answers at ${endpointUrl} (start one with \`gatehouse up\`, or name it with --endpoint-url)`);
  }
  const body: unknown = await res.json().catch(() => undefined);
  if (body === undefined) throw new Error(`${endpointUrl} did not answer with JSON (HTTP ${res.status}): is it a Gatehouse?`);
  return { status: res.status, body };
}

/** Prints one request's explanation (or its JSON); fails with Gatehouse's message for an unknown id. */
export async function explainRequest(endpointUrl: string, requestId: string, options: ExplainOptions): Promise<void> {
  const { status, body } = await getJson(endpointUrl, `/_gatehouse/requests/${encodeURIComponent(requestId)}`);
  if (status === 404) throw new Error((body as { message?: string }).message ?? `Gatehouse has no record of request ${requestId}.`);
  if (status !== 200) throw new Error(`${endpointUrl} could not explain ${requestId} (HTTP ${status})`);
  process.stdout.write(options.json ? `${JSON.stringify(body, null, 2)}\n` : formatExplanation(body as ExplainedRecord));
}

/** Prints the last `limit` requests, oldest first, one line each. */
export async function listRecentRequests(endpointUrl: string, limit: number, options: ExplainOptions): Promise<void> {
  const { status, body } = await getJson(endpointUrl, `/_gatehouse/requests?limit=${limit}${options.denied ? '&denied=1' : ''}`);
  if (status !== 200) throw new Error(`${endpointUrl} did not list its requests (HTTP ${status}): is it a Gatehouse?`);
  const { requests } = body as { requests: ExplainedRecord[] };
  if (options.json) process.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
  else if (requests.length === 0) process.stdout.write(options.denied ? 'No denied execute-api requests.\n' : 'No execute-api requests yet.\n');
  else process.stdout.write(`${requests.map(formatRecentLine).join('\n')}\n`);
}
