/**
 * The Lambda Runtime API (2018-06-01) that a custom runtime's `bootstrap` talks to: one small HTTP server per
 * execution environment on loopback, so each environment sees only its own invocations.
 *   GET  /2018-06-01/runtime/invocation/next            → the next event (long poll)
 *   POST /2018-06-01/runtime/invocation/{id}/response   → the result
 *   POST /2018-06-01/runtime/invocation/{id}/error      → a handler error
 *   POST /2018-06-01/runtime/init/error                 → the runtime could not start
 * Gatehouse's own bootstraps (bootstrap/python/) send their log in the same POST: a `Gatehouse-Log` header
 * "<init bytes> <invocation bytes> <max RSS MB>" says how many bytes of the body come before the result.
 * A runtime that does not send the header is read exactly as Lambda reads it.
 *
 * The HTTP/1.1 server is http1-server.ts, on a raw socket: each invocation is two requests (a result and the
 * next GET), and node:http's request and response objects cost more than the rest of a warm invocation.
 */
import type { ErrorPayload } from './bootstrap/protocol.js';
import { Http1Server, type Http1Request, type Http1Connection } from './http1-server.js';
import { z } from 'zod';

export interface RuntimeInvocation {
  requestId: string;
  payload: string;
  invokedFunctionArn: string;
  deadlineMs: number;
}

/** The log a Gatehouse bootstrap sent with its result: the INIT part (once), the invocation's own, its peak RSS. */
export interface RuntimeLog {
  init: string;
  invocation: string;
  maxRssMb: number;
}

export interface RuntimeApiEvents {
  /** The bootstrap asked for its first event: initialisation is over. */
  onFirstNext(): void;
  onResponse(requestId: string, payload: string, log: RuntimeLog | undefined): void;
  onError(requestId: string, error: ErrorPayload, log: RuntimeLog | undefined): void;
  onInitError(error: ErrorPayload, log: RuntimeLog | undefined): void;
  /** The runtime posted a result past 6 MB: the invocation fails with Lambda's Function.ResponseSizeTooLarge. */
  onResponseTooLarge(requestId: string, error: ErrorPayload): void;
}

/** The payload of an invocation whose result was too large, exactly as Lambda's (no stack trace, no request id). */
export function responseTooLargePayload(error: ErrorPayload): string {
  return JSON.stringify({ errorMessage: error.errorMessage, errorType: error.errorType });
}

/** Lambda's Function.ResponseSizeTooLarge for a result of `bytes` (unknown for a chunked body: the older wording). */
export function responseTooLarge(bytes: number | undefined): ErrorPayload {
  const errorMessage = bytes === undefined
    ? `Response payload size exceeded maximum allowed payload size (${MAX_PAYLOAD_BYTES} bytes).`
    : `Response payload size (${bytes} bytes) exceeded maximum allowed payload size (${MAX_PAYLOAD_BYTES} bytes).`;
  return { errorType: 'Function.ResponseSizeTooLarge', errorMessage, trace: [] };
}

/** Lambda's limit on a synchronous invocation's response payload (6 MB), as its Runtime API counts it. */
export const MAX_PAYLOAD_BYTES = 6291556;
/** The most log a Gatehouse bootstrap may put before its result in one POST (beyond the payload's limit). */
export const MAX_LOG_BYTES = 64 * 1024 * 1024;

const NEXT = '/2018-06-01/runtime/invocation/next';
const INIT_ERROR = '/2018-06-01/runtime/init/error';
const INVOCATION = /^\/2018-06-01\/runtime\/invocation\/([^/]+)\/(response|error)$/;

const ACCEPTED = '{"status":"OK"}';
const NOT_FOUND = '{"errorMessage":"unknown path","errorType":"NotFound"}';
const TOO_LARGE = `{"errorMessage":"Exceeded maximum allowed payload size (${MAX_PAYLOAD_BYTES} bytes).","errorType":"RequestEntityTooLarge"}`;

export class RuntimeApi {
  private waiting: Http1Connection | undefined;
  private queued: RuntimeInvocation | undefined;
  private sawNext = false;

  private constructor(
    private readonly server: Http1Server,
    readonly address: string,
    private readonly events: RuntimeApiEvents,
  ) {}

  static async listen(events: RuntimeApiEvents): Promise<RuntimeApi> {
    let api: RuntimeApi | undefined;
    const server = new Http1Server({
      bodyLimit: (req) => bodyLimit(req),
      onRequest: (connection, req) => api!.handle(connection, req),
      onTooLarge: (connection, req, size) => api!.tooLarge(connection, req, size),
      onClose: (connection) => {
        if (api?.waiting === connection) api.waiting = undefined;
      },
    });
    const port = await server.listen('127.0.0.1');
    api = new RuntimeApi(server, `127.0.0.1:${port}`, events);
    return api;
  }

  /** Hands an invocation to the bootstrap: now if it is waiting on /next, else on its next call. */
  deliver(invocation: RuntimeInvocation): void {
    const waiting = this.waiting;
    if (waiting) {
      this.waiting = undefined;
      sendEvent(waiting, invocation);
    } else {
      this.queued = invocation;
    }
  }

  close(): void {
    this.waiting = undefined;
    this.server.close();
  }

  private handle(connection: Http1Connection, req: Http1Request): void {
    const { method, target } = req;
    if (method === 'GET' && target === NEXT) return this.next(connection);
    const m = method === 'POST' ? INVOCATION.exec(target) : null;
    const initError = method === 'POST' && target === INIT_ERROR;
    if (!m && !initError) {
      // A HEAD is answered with the GET's head alone, as node:http did.
      const head = jsonHead(connection, '404 Not Found', NOT_FOUND.length);
      return connection.respond(method === 'HEAD' ? head : head + NOT_FOUND);
    }
    const [log, bodyBytes] = splitLog(req.body, req.headers.gatehouseLog);
    const body = bodyBytes.toString('utf8');
    connection.respond(jsonHead(connection, '202 Accepted', ACCEPTED.length) + ACCEPTED);
    const errorType = req.headers.errorType;
    if (initError) this.events.onInitError(readError(body, errorType), log);
    else if (m![2] === 'response') this.events.onResponse(requestIdOf(m![1]!), body, log);
    else this.events.onError(requestIdOf(m![1]!), readError(body, errorType), log);
  }

  /** A result past Lambda's limit: Lambda's 413 to the runtime, and the invocation fails as Lambda's does. */
  private tooLarge(connection: Http1Connection, req: Http1Request, size: number | undefined): void {
    connection.respond(jsonHead(connection, '413 Request Entity Too Large', TOO_LARGE.length) + TOO_LARGE);
    const m = req.method === 'POST' ? INVOCATION.exec(req.target) : null;
    if (!m) return;
    const logBytes = declaredLogBytes(req.headers.gatehouseLog);
    this.events.onResponseTooLarge(requestIdOf(m[1]!), responseTooLarge(size === undefined ? undefined : size - logBytes));
  }

  private next(connection: Http1Connection): void {
    if (!this.sawNext) {
      this.sawNext = true;
      this.events.onFirstNext();
    }
    const queued = this.queued;
    if (queued) {
      this.queued = undefined;
      sendEvent(connection, queued);
    } else {
      // The long poll: the connection reads no further request until the event is sent.
      connection.hold();
      this.waiting = connection;
    }
  }
}

/** One preformatted write: the status line, Lambda's headers and the event. */
function sendEvent(connection: Http1Connection, invocation: RuntimeInvocation): void {
  const { payload, requestId } = invocation;
  const date = connection.server.date();
  connection.respond(
    `HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(payload)}\r\n` +
    `Lambda-Runtime-Aws-Request-Id: ${requestId}\r\nLambda-Runtime-Deadline-Ms: ${invocation.deadlineMs}\r\n` +
    `Lambda-Runtime-Invoked-Function-Arn: ${invocation.invokedFunctionArn}\r\n` +
    `Lambda-Runtime-Trace-Id: Root=1-${connection.server.second().toString(16)}-${requestId.replace(/-/g, '').slice(0, 24)};Parent=0000000000000000;Sampled=0\r\n` +
    `Date: ${date}\r\nConnection: ${connection.keepAlive ? 'keep-alive' : 'close'}\r\n\r\n${payload}`,
  );
}

/** The request id in a path, percent-decoded; one that does not decode is taken as sent (it matches no invocation). */
function requestIdOf(segment: string): string {
  if (!segment.includes('%')) return segment;
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function jsonHead(connection: Http1Connection, status: string, length: number): string {
  return `HTTP/1.1 ${status}\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\nDate: ${connection.server.date()}\r\nConnection: ${connection.keepAlive ? 'keep-alive' : 'close'}\r\n\r\n`;
}

/** The most body a request may carry: Lambda's payload limit, plus the log a Gatehouse bootstrap says comes first. */
function bodyLimit(req: Http1Request): number {
  return MAX_PAYLOAD_BYTES + declaredLogBytes(req.headers.gatehouseLog);
}

function declaredLogBytes(header: string | undefined): number {
  if (header === undefined) return 0;
  const [init, invocation] = logHeader(header);
  const bytes = init + invocation;
  return init >= 0 && invocation >= 0 && bytes <= MAX_LOG_BYTES ? bytes : 0;
}

const LOG_HEADER = /^(\d{1,10}) (\d{1,10}) (\d{1,10})$/;

/** The Gatehouse-Log header's three numbers (0 for each one missing or not a number). */
function logHeader(header: string): [number, number, number] {
  const m = LOG_HEADER.exec(header);
  if (m !== null) return [Number(m[1]), Number(m[2]), Number(m[3])];
  const [init = 0, invocation = 0, maxRssMb = 0] = header.split(' ').map((n) => Number.parseInt(n, 10) || 0);
  return [init, invocation, maxRssMb];
}

/** The log a Gatehouse bootstrap put before its result (header "<init bytes> <invocation bytes> <max RSS MB>"). */
function splitLog(raw: Buffer, header: string | undefined): [RuntimeLog | undefined, Buffer] {
  if (header === undefined) return [undefined, raw];
  const [init, invocation, maxRssMb] = logHeader(header);
  if (init < 0 || invocation < 0 || init + invocation > raw.length) return [undefined, raw];
  const log = { init: raw.toString('utf8', 0, init), invocation: raw.toString('utf8', init, init + invocation), maxRssMb };
  return [log, raw.subarray(init + invocation)];
}

/**
 * What a runtime may post as its error (Lambda's error JSON): the function's process is untrusted, so each
 * field is taken only when it has Lambda's type, and the rest is left out rather than passed on.
 */
const RuntimeError = z.object({
  errorType: z.string().optional().catch(undefined),
  errorMessage: z.string().optional().catch(undefined),
  trace: z.array(z.string()).optional().catch(undefined),
  stackTrace: z.array(z.string()).optional().catch(undefined),
});

/** A runtime's error report: Lambda's JSON if it sent one, else its text as the message. */
export function readError(body: string, headerType: string | undefined): ErrorPayload {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { errorType: headerType ?? 'Unhandled', errorMessage: body, trace: [] };
  }
  const parsed = RuntimeError.safeParse(json);
  if (!parsed.success) return { errorType: headerType ?? 'Unhandled', errorMessage: body, trace: [] };
  const e = parsed.data;
  return { errorType: e.errorType ?? headerType ?? 'Unhandled', errorMessage: e.errorMessage ?? '', trace: e.trace ?? e.stackTrace ?? [] };
}
