/**
 * Gatehouse's own route behind the console's Test: POST /_gatehouse/send sends one request from an instance,
 * as `gatehouse exec <instance> -- curl` would, and answers what came back with API Gateway's record of it.
 */
import type { RequestEntry } from './pages/requests';

export interface SendInput {
  /** Absent: from this machine, to Gatehouse's own port. */
  instanceId?: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

export type SendResult =
  | {
      outcome: 'response';
      via: string;
      response: { status: number; headers: Array<[string, string]>; body: string; bodyEncoding: 'utf8' | 'base64'; durationMs: number };
      request?: RequestEntry;
    }
  | { outcome: 'refused' | 'timed-out'; reason: string };

export async function sendFromInstance(input: SendInput): Promise<SendResult> {
  const res = await fetch('/_gatehouse/send', { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: JSON.stringify(input) });
  const body = (await res.json()) as SendResult | { message?: string };
  if (!res.ok) throw new Error('message' in body && body.message ? body.message : `${res.status} ${res.statusText}`);
  return body as SendResult;
}
