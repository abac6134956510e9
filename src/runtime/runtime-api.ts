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
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ErrorPayload } from './bootstrap/protocol.js';
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
}

const PREFIX = '/2018-06-01/runtime/';

export class RuntimeApi {
  private waiting: ServerResponse | undefined;
  private queued: RuntimeInvocation | undefined;
  private sawNext = false;

  private constructor(
    private readonly server: Server,
    readonly address: string,
    private readonly events: RuntimeApiEvents,
  ) {}

  static async listen(events: RuntimeApiEvents): Promise<RuntimeApi> {
    let api: RuntimeApi | undefined;
    const server = createServer((req, res) => api?.handle(req, res));
    server.keepAliveTimeout = 0;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    api = new RuntimeApi(server, `127.0.0.1:${port}`, events);
    return api;
  }

  /** Hands an invocation to the bootstrap: now if it is waiting on /next, else on its next call. */
  deliver(invocation: RuntimeInvocation): void {
    const waiting = this.waiting;
    if (waiting) {
      this.waiting = undefined;
      this.sendEvent(waiting, invocation);
    } else {
      this.queued = invocation;
    }
  }

  close(): void {
    this.waiting?.destroy();
    this.server.closeAllConnections();
    this.server.close();
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = req.url ?? '';
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (!url.startsWith(PREFIX)) return reply(res, 404, { errorMessage: 'unknown path', errorType: 'NotFound' });
      const rest = url.slice(PREFIX.length);
      if (req.method === 'GET' && rest === 'invocation/next') return this.next(res);
      const m = /^invocation\/([^/]+)\/(response|error)$/.exec(rest);
      const initError = rest === 'init/error';
      if (req.method !== 'POST' || (!m && !initError)) return reply(res, 404, { errorMessage: 'unknown path', errorType: 'NotFound' });
      const raw = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
      const [log, bodyBytes] = splitLog(raw, req.headers['gatehouse-log']);
      const body = bodyBytes.toString('utf8');
      reply(res, 202, { status: 'OK' });
      const errorType = req.headers['lambda-runtime-function-error-type'];
      if (initError) this.events.onInitError(readError(body, errorType), log);
      else if (m![2] === 'response') this.events.onResponse(decodeURIComponent(m![1]!), body, log);
      else this.events.onError(decodeURIComponent(m![1]!), readError(body, errorType), log);
    });
  }

  private next(res: ServerResponse): void {
    if (!this.sawNext) {
      this.sawNext = true;
      this.events.onFirstNext();
    }
    const queued = this.queued;
    if (queued) {
      this.queued = undefined;
      this.sendEvent(res, queued);
    } else {
      this.waiting = res;
    }
  }

  private sendEvent(res: ServerResponse, invocation: RuntimeInvocation): void {
    const body = Buffer.from(invocation.payload);
    res.writeHead(200, {
      'Content-Type': 'application/json',
      'Content-Length': String(body.length),
      'Lambda-Runtime-Aws-Request-Id': invocation.requestId,
      'Lambda-Runtime-Deadline-Ms': String(invocation.deadlineMs),
      'Lambda-Runtime-Invoked-Function-Arn': invocation.invokedFunctionArn,
      'Lambda-Runtime-Trace-Id': `Root=1-${Math.floor(Date.now() / 1000).toString(16)}-${invocation.requestId.replace(/-/g, '').slice(0, 24)};Parent=0000000000000000;Sampled=0`,
    });
    res.end(body);
  }
}

/** The log a Gatehouse bootstrap put before its result (header "<init bytes> <invocation bytes> <max RSS MB>"). */
function splitLog(raw: Buffer, header: string | string[] | undefined): [RuntimeLog | undefined, Buffer] {
  if (typeof header !== 'string') return [undefined, raw];
  const [init = 0, invocation = 0, maxRssMb = 0] = header.split(' ').map((n) => Number.parseInt(n, 10) || 0);
  if (init < 0 || invocation < 0 || init + invocation > raw.length) return [undefined, raw];
  const log = { init: raw.toString('utf8', 0, init), invocation: raw.toString('utf8', init, init + invocation), maxRssMb };
  return [log, raw.subarray(init + invocation)];
}

function reply(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)) });
  res.end(body);
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
function readError(body: string, typeHeader: string | string[] | undefined): ErrorPayload {
  const headerType = typeof typeHeader === 'string' ? typeHeader : undefined;
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
