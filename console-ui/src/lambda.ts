/**
 * Lambda for the Functions page: ListFunctions, GetFunctionConfiguration and Invoke (with the log tail), over
 * Lambda's rest-json protocol, and the recent invocations' logs from Gatehouse's own `/_gatehouse/lambda/logs`.
 */
import { authorization, AwsError, lambda, REGION } from './aws';

export interface FunctionConfiguration {
  FunctionName: string;
  FunctionArn?: string;
  Runtime?: string;
  Handler?: string;
  Role?: string;
  MemorySize?: number;
  Timeout?: number;
  LastModified?: string;
  State?: string;
  StateReason?: string;
  Description?: string;
  PackageType?: string;
  Environment?: { Variables?: Record<string, string> };
}

const base = '/2015-03-31/functions';

export async function listFunctions(): Promise<FunctionConfiguration[]> {
  const all: FunctionConfiguration[] = [];
  let marker: string | undefined;
  do {
    const query = marker ? `?Marker=${encodeURIComponent(marker)}` : '';
    const page = await lambda<{ Functions?: FunctionConfiguration[]; NextMarker?: string }>('GET', `${base}/${query}`);
    all.push(...(page.Functions ?? []));
    marker = page.NextMarker ?? undefined;
  } while (marker);
  return all;
}

export function getFunctionConfiguration(name: string): Promise<FunctionConfiguration> {
  return lambda<FunctionConfiguration>('GET', `${base}/${encodeURIComponent(name)}/configuration`);
}

export interface InvokeResult {
  statusCode: number;
  /** The payload as text (JSON as the function returned it). */
  payload: string;
  /** X-Amz-Function-Error: `Unhandled` (or `Handled`) when the function failed. */
  functionError?: string;
  /** X-Amz-Log-Result decoded: the last 4 KB of the invocation's log. */
  logTail?: string;
  executedVersion?: string;
}

/** Invoke, RequestResponse, with `X-Amz-Log-Type: Tail`. The event is sent as written. */
export async function invoke(name: string, event: string): Promise<InvokeResult> {
  const res = await fetch(`${base}/${encodeURIComponent(name)}/invocations`, {
    method: 'POST',
    headers: {
      Authorization: authorization('lambda'),
      'Content-Type': 'application/json',
      'X-Amz-Invocation-Type': 'RequestResponse',
      'X-Amz-Log-Type': 'Tail',
    },
    body: event,
  });
  const payload = await res.text();
  if (!res.ok) {
    let message = `${res.status} ${res.statusText}`;
    try {
      const parsed = JSON.parse(payload) as { message?: string; Message?: string };
      message = parsed.message ?? parsed.Message ?? message;
    } catch {
      // not JSON: keep the status line
    }
    throw new AwsError((res.headers.get('x-amzn-ErrorType') ?? 'Error').split(':')[0] ?? 'Error', message, res.status);
  }
  const log = res.headers.get('X-Amz-Log-Result');
  return {
    statusCode: res.status,
    payload,
    functionError: res.headers.get('X-Amz-Function-Error') ?? undefined,
    logTail: log ? decodeBase64(log) : undefined,
    executedVersion: res.headers.get('X-Amz-Executed-Version') ?? undefined,
  };
}

/** The function's recent invocations' logs, as `gatehouse logs` prints them. */
export async function functionLogs(name: string): Promise<string> {
  const res = await fetch(`/_gatehouse/lambda/logs?function=${encodeURIComponent(name)}&region=${REGION}`);
  const text = await res.text();
  if (!res.ok) throw new AwsError('Error', text || `${res.status} ${res.statusText}`, res.status);
  return text;
}

function decodeBase64(value: string): string {
  const bytes = Uint8Array.from(atob(value), (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}
