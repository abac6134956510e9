/**
 * Helpers for the API Gateway end-to-end tests: what keys an SDK answer holds, the raw JSON a call puts on
 * the wire, and AWS's escaped `policy` string read back as a document.
 */
import type { Op, PatchOperation } from '@aws-sdk/client-api-gateway';
import type { Gatehouse } from '../../src/server/gatehouse.js';
import { credentials, raw, REGION, sigv4Header } from './server.js';

export { expectError } from './server.js';

/** Patch operations written as `[op, path, value?]` tuples. */
export const ops = (...list: [op: string, path: string, value?: string][]): PatchOperation[] =>
  list.map(([op, path, value]) => (value === undefined ? { op: op as Op, path } : { op: op as Op, path, value }));

/** A request the SDK would reshape, sent as JSON on the wire: the status, error type (before any ':') and body. */
export async function rawJsonError(gh: Gatehouse, method: string, path: string, body: unknown, accessKeyId = credentials.accessKeyId): Promise<{ status: number; errorType: string | undefined; body: unknown }> {
  const res = await raw(gh, method, path, {
    headers: { authorization: sigv4Header('apigateway', REGION, accessKeyId), 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, errorType: res.headers.get('x-amzn-errortype')?.split(':')[0], body: JSON.parse(res.text) as unknown };
}

/** The keys an AWS SDK v3 output carries (without `$metadata`), sorted: asserts which members AWS sends. */
export function keysOf(output: object): string[] {
  return Object.entries(output)
    .filter(([k, v]) => k !== '$metadata' && v !== undefined)
    .map(([k]) => k)
    .sort();
}

/** The HTTP status the SDK saw. */
export function statusOf(output: { $metadata: { httpStatusCode?: number } }): number | undefined {
  return output.$metadata.httpStatusCode;
}

/** A signed-looking apigateway request straight on the wire: status, raw text and the parsed JSON body. */
export async function rawApigateway(
  gh: Gatehouse,
  method: string,
  path: string,
  options: { body?: unknown; region?: string; accessKeyId?: string } = {},
): Promise<{ status: number; text: string; json: Record<string, unknown>; headers: Headers }> {
  const headers: Record<string, string> = {
    authorization: sigv4Header('apigateway', options.region ?? REGION, options.accessKeyId ?? credentials.accessKeyId),
    accept: 'application/json',
  };
  const init: { headers: Record<string, string>; body?: string } = { headers };
  if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    init.body = JSON.stringify(options.body);
  }
  const res = await raw(gh, method, path, init);
  return { status: res.status, text: res.text, headers: res.headers, json: res.text === '' ? {} : (JSON.parse(res.text) as Record<string, unknown>) };
}

/**
 * AWS returns `RestApi.policy` as a string with `"` and `/` backslash-escaped (docs/aws-facts.md §2.4); clients read it
 * back the way LocalStack's AWS-validated tests do (unicode_escape, then JSON).
 */
export function decodePolicy(policy: string | undefined): unknown {
  if (policy === undefined) throw new Error('no policy in the response');
  return JSON.parse(policy.replace(/\\(["/\\])/g, '$1'));
}
