/**
 * The console's Test: one HTTP request sent *from* an instance, exactly as `gatehouse exec <instance> -- curl`
 * would send it (its VPC's DNS, its security groups, the endpoint's TLS listener), or from this machine to
 * loopback only (Gatehouse's own port), answered with what the client got and, for an execute-api request,
 * the request's record: the policy decisions explained, the Lambda event that was sent and the function's
 * log. A connection the network refuses or drops is not sent: the answer says what curl would have met and why.
 */
import type { Dispatcher } from 'undici';
import { z } from 'zod';
import type { Network } from '../network/network.js';
import { isLoopbackHost, loopbackLookup } from '../shared/loopback.js';
import type { ExplainedRecord, RequestRecord } from '../gateway/request-log.js';

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

export const SendRequest = z.object({
  /** Absent: from this machine (outside any VPC), to loopback only. */
  instanceId: z.string().min(1).optional(),
  method: z.string().regex(/^[A-Za-z]+$/, 'method must be an HTTP method name'),
  url: z.url(),
  headers: z
    .record(z.string(), z.string().regex(/^[^\r\n\0]*$/, 'a header value has no line breaks'))
    .default({})
    .superRefine((headers, ctx) => {
      for (const name of Object.keys(headers)) {
        if (!HEADER_NAME.test(name)) ctx.addIssue({ code: 'custom', path: [name], message: "a header name is a token (letters, digits and !#$%&'*+.^_`|~-)" });
      }
    }),
  body: z.string().default(''),
});
export type SendRequest = z.infer<typeof SendRequest>;

export interface SentResponse {
  status: number;
  headers: Array<[string, string]>;
  /** UTF-8 text, or base64 when the body is not valid UTF-8. */
  body: string;
  bodyEncoding: 'utf8' | 'base64';
  durationMs: number;
}

export type SendResult =
  /** The network carried the connection; `request` is API Gateway's record when it answered. */
  | { outcome: 'response'; via: string; response: SentResponse; request?: ExplainedRecord }
  /** What curl would report: nothing answered (refused) or nothing came back (dropped by a security group). */
  | { outcome: 'refused' | 'timed-out'; reason: string };

/** How long a request may take: a little past API Gateway's longest integration timeout (29 s). */
const REQUEST_TIMEOUT_MS = 35_000;

export interface SendDeps {
  network: Network;
  /** The execute-api request log (when the pipeline has loaded). */
  record(requestId: string): RequestRecord | undefined;
  explain(record: RequestRecord): ExplainedRecord;
}

export async function sendFromInstance(deps: SendDeps, request: SendRequest): Promise<SendResult | { error: string }> {
  const url = new URL(request.url);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { error: `Only http:// and https:// URLs can be sent, not ${url.protocol}` };
  const port = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let via: string;
  let dispatcher: Dispatcher;
  const { Agent, request: send } = await import('undici');
  if (request.instanceId === undefined) {
    // This machine sends to loopback only (Gatehouse's own port): nothing leaves it.
    if (!isLoopbackHost(host)) return { error: `From this machine Gatehouse sends only to loopback addresses, not ${host}` };
    via = 'this machine';
    dispatcher = new Agent({ connect: { lookup: loopbackLookup } as object });
  } else {
    const route = deps.network.connectionRoute(request.instanceId, host, port);
    if (!route) return { error: `The instance ID '${request.instanceId}' does not exist` };
    if (route.action === 'refuse') return { outcome: 'refused', reason: route.reason };
    if (route.action === 'drop') return { outcome: 'timed-out', reason: route.reason };
    via = route.action === 'endpoint' ? route.origin.vpceId : route.action === 'aws-service' ? 'Gatehouse AWS endpoint' : `${route.address}:${route.port}`;
    dispatcher = await deps.network.instanceDispatcher(request.instanceId);
  }
  const started = performance.now();
  try {
    const method = request.method.toUpperCase();
    const answer = await send(url, {
      method: method as Dispatcher.HttpMethod,
      headers: request.headers,
      ...(request.body !== '' && method !== 'GET' && method !== 'HEAD' ? { body: request.body } : {}),
      dispatcher,
      headersTimeout: REQUEST_TIMEOUT_MS,
      bodyTimeout: REQUEST_TIMEOUT_MS,
    });
    const bytes = Buffer.from(await answer.body.arrayBuffer());
    const durationMs = Math.round(performance.now() - started);
    const headers: Array<[string, string]> = [];
    for (const [name, value] of Object.entries(answer.headers)) {
      if (value === undefined) continue;
      for (const v of Array.isArray(value) ? value : [value]) headers.push([name, v]);
    }
    const text = bytes.toString('utf8');
    const isText = Buffer.from(text, 'utf8').equals(bytes);
    const response: SentResponse = { status: answer.statusCode, headers, body: isText ? text : bytes.toString('base64'), bodyEncoding: isText ? 'utf8' : 'base64', durationMs };
    const result: SendResult = { outcome: 'response', via, response };
    // API Gateway's answer names its request (through an endpoint, or a public API on the main port).
    const requestId = header(headers, 'x-amzn-requestid');
    const record = requestId === undefined ? undefined : deps.record(requestId);
    if (record) result.request = deps.explain(record);
    return result;
  } catch (error) {
    return { outcome: 'refused', reason: (error as Error).message };
  } finally {
    void dispatcher.close().catch(() => undefined);
  }
}

function header(headers: Array<[string, string]>, name: string): string | undefined {
  return headers.find(([n]) => n.toLowerCase() === name)?.[1];
}
