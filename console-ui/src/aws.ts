/**
 * Gatehouse's own AWS APIs, called from the browser on the same origin, exactly as an AWS client calls them:
 * the console can do nothing the CLI cannot. Gatehouse routes by the SigV4 credential scope and does not
 * check signatures, so a scope-only Authorization header is enough.
 */

export const REGION = 'us-east-1';
const ACCESS_KEY = 'test';

/** An error answered by the API: AWS's code and message, shown as the AWS console shows them. */
export class AwsError extends Error {
  constructor(readonly code: string, message: string, readonly status: number) {
    super(message);
  }
}

export function authorization(service: string): string {
  return `AWS4-HMAC-SHA256 Credential=${ACCESS_KEY}/20260101/${REGION}/${service}/aws4_request, SignedHeaders=host, Signature=0`;
}

/** API Gateway's rest-json protocol. */
export function apigateway<T>(method: string, path: string, body?: unknown): Promise<T> {
  return restJson<T>('apigateway', method, path, body);
}

/** Lambda's rest-json protocol (`/2015-03-31/functions/...`). */
export function lambda<T>(method: string, path: string, body?: unknown): Promise<T> {
  return restJson<T>('lambda', method, path, body);
}

async function restJson<T>(service: string, method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Authorization: authorization(service), Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  const parsed = text === '' ? undefined : safeJson(text);
  if (!res.ok) {
    const said = isRecord(parsed) ? (parsed['message'] ?? parsed['Message']) : undefined;
    const message = typeof said === 'string' ? said : `${res.status} ${res.statusText}`;
    const code = (res.headers.get('x-amzn-ErrorType') ?? 'Error').split(':')[0] ?? 'Error';
    throw new AwsError(code, message, res.status);
  }
  return parsed as T;
}

/**
 * The AWS JSON protocol (ECR): a POST to `/` naming the operation in X-Amz-Target; errors are
 * `{"__type", "message"}`.
 */
export async function awsJson<T>(service: string, target: string, body: unknown, version = '1.1'): Promise<T> {
  const res = await fetch('/', {
    method: 'POST',
    headers: { Authorization: authorization(service), 'Content-Type': `application/x-amz-json-${version}`, 'X-Amz-Target': target },
    body: JSON.stringify(body),
  });
  const parsed = safeJson(await res.text());
  if (!res.ok) {
    const record = isRecord(parsed) ? parsed : {};
    const said = record['message'] ?? record['Message'];
    const code = typeof record['__type'] === 'string' ? (record['__type'].split('#').pop() ?? 'Error') : 'Error';
    throw new AwsError(code, typeof said === 'string' ? said : `${res.status} ${res.statusText}`, res.status);
  }
  return parsed as T;
}

/** EC2's query protocol: a form POST to `/`, an XML answer. */
export async function ec2(action: string, params: Record<string, string> = {}): Promise<Document> {
  const form = new URLSearchParams({ Action: action, Version: '2016-11-15', ...params });
  const res = await fetch('/', {
    method: 'POST',
    headers: { Authorization: authorization('ec2'), 'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8' },
    body: form.toString(),
  });
  const doc = new DOMParser().parseFromString(await res.text(), 'application/xml');
  if (!res.ok) {
    const code = doc.querySelector('Errors > Error > Code')?.textContent ?? 'Error';
    const message = doc.querySelector('Errors > Error > Message')?.textContent ?? `${res.status} ${res.statusText}`;
    throw new AwsError(code, message, res.status);
  }
  return doc;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** What an error says to the user: AWS's message, never a stack trace. */
export function errorMessage(error: unknown): string {
  if (error instanceof AwsError) return error.message;
  if (error instanceof TypeError) return 'Network Failure: Gatehouse did not answer.';
  return error instanceof Error ? error.message : String(error);
}
