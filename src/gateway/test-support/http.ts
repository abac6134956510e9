/**
 * The two node HTTP objects the gateway's unit tests hand the pipeline, no bigger than it needs: a request (a
 * Readable with a method, URL, headers and a peer address) and a response that records what was written and
 * resolves once ended. They stand for node's IncomingMessage and ServerResponse, never for Gatehouse code.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';

export interface TestRequest {
  method?: string;
  url: string;
  /** As a client writes them; node lower-cases the names in `headers` and keeps them in `rawHeaders`. */
  headers?: Record<string, string>;
  body?: string;
  /** The TCP peer (default 127.0.0.1). */
  remoteAddress?: string;
}

export function incoming(r: TestRequest): IncomingMessage {
  const given = Object.entries(r.headers ?? {});
  return Object.assign(Readable.from(r.body === undefined ? [] : [Buffer.from(r.body)]), {
    method: r.method ?? 'GET',
    url: r.url,
    headers: Object.fromEntries(given.map(([name, value]) => [name.toLowerCase(), value])),
    rawHeaders: given.flat(),
    socket: { remoteAddress: r.remoteAddress ?? '127.0.0.1' },
  }) as unknown as IncomingMessage;
}

export interface Written {
  status: number;
  /** By lower-case name. */
  headers: Record<string, string>;
  body: string;
}

/** A response and the promise of what was written to it, settled by `end`. */
export function outgoing(): { res: ServerResponse; written: Promise<Written> } {
  let status = 0;
  const headers: Record<string, string> = {};
  let resolve!: (w: Written) => void;
  const written = new Promise<Written>((r) => (resolve = r));
  const res = {
    writeHead(code: number, flat: string[]) {
      status = code;
      for (let i = 0; i < flat.length; i += 2) headers[flat[i]!.toLowerCase()] = flat[i + 1]!;
      return res;
    },
    end(body: Buffer) {
      resolve({ status, headers, body: body.toString('utf8') });
      return res;
    },
  };
  return { res: res as unknown as ServerResponse, written };
}
