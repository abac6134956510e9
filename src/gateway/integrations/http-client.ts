/**
 * How HTTP and HTTP_PROXY integrations reach their backend: only on this machine's loopback (127.0.0.0/8,
 * ::1, localhost), never anywhere else; Gatehouse lets no traffic leave the machine. Backends are called
 * through undici agents with keep-alive (one for verified TLS, one for tlsConfig.insecureSkipVerification),
 * bounded by the integration's timeoutInMillis (504 "Endpoint request timed out"); a backend that cannot be
 * reached is AWS's 504 "Network error communicating with endpoint"; a response past API Gateway's 10 MB
 * payload limit is a 502 integration failure.
 */
import { Agent, type Dispatcher } from 'undici';
import { isLoopbackHost, loopbackLookup } from '../../shared/loopback.js';
import { endpointTimedOut, GatewayError, internalServerError } from '../gateway-error.js';
import { because, networkError } from './errors.js';

const MAX_RESPONSE_BYTES = 10 * 1024 * 1024;

/** Why Gatehouse will not contact this host, or undefined when it is a loopback target. */
export function refusedTarget(hostname: string): string | undefined {
  if (isLoopbackHost(hostname)) return undefined;
  return `Gatehouse contacts HTTP integration endpoints on loopback only (127.0.0.0/8, ::1, localhost); ${hostname} was not contacted`;
}

let verifying: Agent | undefined;
let insecure: Agent | undefined;

const agent = (skipVerification: boolean): Agent =>
  skipVerification
    ? (insecure ??= new Agent({ keepAliveTimeout: 4_000, connect: { lookup: loopbackLookup, rejectUnauthorized: false } as object }))
    : (verifying ??= new Agent({ keepAliveTimeout: 4_000, connect: { lookup: loopbackLookup } as object }));

export interface BackendRequest {
  /** The backend: its origin and path (its own query string is ignored: see `query`). */
  url: URL;
  /** The query string to send, without `?`. */
  query: string;
  method: string;
  /** Header pairs; Host may be among them. */
  headers: Array<[string, string]>;
  body: Buffer;
  timeoutMs: number;
  insecureSkipVerification: boolean;
}

export interface BackendResponse {
  status: number;
  /** Raw header pairs in the backend's casing and order: name, value, name, value ... */
  headers: string[];
  body: Buffer;
}

export async function callBackend(request: BackendRequest): Promise<BackendResponse> {
  const { url } = request;
  const refused = refusedTarget(url.hostname);
  if (refused) throw networkError(refused);
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, request.timeoutMs);
  try {
    // undici reads `responseHeaders: 'raw'` (its type declarations spell it `responseHeader`).
    const options = {
      origin: url.origin,
      path: request.query === '' ? url.pathname : `${url.pathname}?${request.query}`,
      method: request.method as 'GET',
      headers: request.headers.flat(),
      body: request.body.length > 0 ? request.body : null,
      signal: controller.signal,
      headersTimeout: request.timeoutMs + 1_000,
      bodyTimeout: request.timeoutMs + 1_000,
      responseHeaders: 'raw',
    } as Dispatcher.RequestOptions;
    const res = await agent(request.insecureSkipVerification).request(options);
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of res.body as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > MAX_RESPONSE_BYTES) {
        res.body.destroy();
        throw because(internalServerError(502), `Execution failed: the endpoint response is larger than ${MAX_RESPONSE_BYTES} bytes`);
      }
      chunks.push(chunk);
    }
    return { status: res.statusCode, headers: (res.headers as unknown as Array<string | Buffer>).map(String), body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks) };
  } catch (error) {
    if (timedOut) throw because(endpointTimedOut(), `Execution failed due to a timeout error: no answer from ${url.origin} within timeoutInMillis (${request.timeoutMs} ms)`);
    if (error instanceof GatewayError) throw error;
    const e = error as NodeJS.ErrnoException;
    throw networkError(`Execution failed due to a network error communicating with ${url.origin}: ${e.code ? `${e.code} ` : ''}${e.message}`);
  } finally {
    clearTimeout(timer);
  }
}
