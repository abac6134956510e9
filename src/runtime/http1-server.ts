/**
 * A minimal HTTP/1.1 server on a raw `net` socket, for the Lambda Runtime API (runtime-api.ts): request line
 * and headers up to CRLFCRLF, bodies by Content-Length or `Transfer-Encoding: chunked`, `Expect: 100-continue`,
 * keep-alive and pipelined requests (several in one chunk, one split across chunks), answered in order.
 * Garbage is answered 400 and the connection closed; a head past 16 KiB (node:http's limit) 431; a body past
 * the caller's limit goes to onTooLarge, whose answer closes the connection while the rest of the body is read
 * and dropped (so the client still reads the answer).
 *
 * Why not node:http: a Python warm invoke is two requests (its result, then the next GET, written together),
 * and node:http's IncomingMessage/ServerResponse, header objects and stream events per request were ~39 µs
 * of Gatehouse's CPU per invocation in bench/lambda. Here a request is one indexOf for the end of its head,
 * one latin1 string of it, the few headers the Runtime API reads, and a response is one preformatted write.
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface Http1Request {
  method: string;
  /** The request target as sent (origin form for a normal client). */
  target: string;
  /** The only headers the Runtime API reads. */
  headers: { gatehouseLog: string | undefined; errorType: string | undefined };
  body: Buffer;
}

export interface Http1Handlers {
  /** The most body bytes this request may carry. */
  bodyLimit(req: Http1Request): number;
  /** A whole request: answer it with connection.respond(), now or (after connection.hold()) later. */
  onRequest(connection: Http1Connection, req: Http1Request): void;
  /** A body past bodyLimit (size: its Content-Length, undefined when chunked): answer it; the connection then closes. */
  onTooLarge(connection: Http1Connection, req: Http1Request, size: number | undefined): void;
  onClose(connection: Http1Connection): void;
}

/** node:http's default maxHeaderSize: the request line and headers together. */
const MAX_HEAD_BYTES = 16 * 1024;
/** What a held connection (a long poll) may buffer before the socket stops reading. */
const MAX_HELD_BYTES = 64 * 1024;
const EMPTY = Buffer.alloc(0);
const REQUEST_LINE = /^([!#$%&'*+\-.^_`|~0-9A-Za-z]+) ([!-~]+) HTTP\/1\.([01])$/;
/**
 * The field lines after the request line (from its CRLF, sticky): a token, a colon, a value of visible
 * characters, spaces, tabs and obs-text. One pass over the head rather than two regex tests, a slice, a
 * trim and a toLowerCase per line: a connection on a fake socket fed the Python bootstrap's POST+GET, its
 * 202 and the next event went from 8.4-9.1 to 4.0-4.4 µs of JS per invocation.
 */
const FIELD_LINES = /(?:\r\n[!#$%&'*+\-.^_`|~0-9A-Za-z]+:[\t\x20-\x7e\x80-\xff]*)*$/y;
const CHUNK_SIZE = /^([0-9A-Fa-f]{1,8})[ \t]*(?:;.*)?$/;
const CONNECTION_CLOSE = /(?:^|,)[ \t]*close[ \t]*(?:,|$)/i;
const CONNECTION_KEEP_ALIVE = /(?:^|,)[ \t]*keep-alive[ \t]*(?:,|$)/i;

const BAD_REQUEST = 'HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n';
const HEAD_TOO_LARGE = 'HTTP/1.1 431 Request Header Fields Too Large\r\nConnection: close\r\n\r\n';
const EXPECTATION_FAILED = 'HTTP/1.1 417 Expectation Failed\r\nContent-Length: 0\r\nConnection: close\r\n\r\n';
const CONTINUE = 'HTTP/1.1 100 Continue\r\n\r\n';

const enum State {
  Head,
  Body,
  ChunkSize,
  ChunkData,
  ChunkEnd,
  Trailers,
  /** Answered and closing: whatever still comes is read and dropped. */
  Closed,
}

export class Http1Server {
  private readonly server: Server;
  private readonly connections = new Set<Http1Connection>();
  private dateSecond = -1;
  private dateText = '';

  constructor(handlers: Http1Handlers) {
    // Half-open, as node:http: a client that shuts its side after a request still gets the answer (onEnd).
    this.server = createServer({ noDelay: true, allowHalfOpen: true }, (socket) => {
      const connection = new Http1Connection(this, socket, handlers);
      this.connections.add(connection);
      socket.once('close', () => {
        this.connections.delete(connection);
        handlers.onClose(connection);
      });
    });
  }

  listen(host: string): Promise<number> {
    return new Promise((resolve) => this.server.listen(0, host, () => resolve((this.server.address() as AddressInfo).port)));
  }

  close(): void {
    for (const connection of this.connections) connection.destroy();
    this.connections.clear();
    this.server.close();
  }

  /** The Unix second now. */
  second(): number {
    return Math.floor(Date.now() / 1000);
  }

  /** The Date header's value, formatted once per second. */
  date(): string {
    const now = Date.now();
    const second = Math.floor(now / 1000);
    if (second !== this.dateSecond) {
      this.dateSecond = second;
      this.dateText = new Date(now).toUTCString();
    }
    return this.dateText;
  }
}

export class Http1Connection {
  /** Whether the connection stays open after the current request's answer (HTTP/1.1 without `Connection: close`). */
  keepAlive = true;
  private buf: Buffer = EMPTY;
  private pos = 0;
  private state = State.Head;
  private held = false;
  private paused = false;
  private parsing = false;
  /** Answers not yet written (see respond). */
  private out = '';
  private flushScheduled = false;
  private peerEnded = false;
  // The request being read.
  private request: Http1Request | undefined;
  private remaining = 0;
  private bodySize = 0;
  private limit = 0;
  private parts: Buffer[] = [];

  constructor(
    readonly server: Http1Server,
    private readonly socket: Socket,
    private readonly handlers: Http1Handlers,
  ) {
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', () => undefined);
    socket.on('end', () => this.onEnd());
  }

  /** The current request is answered later (a long poll): read no further request until then. */
  hold(): void {
    this.held = true;
  }

  /**
   * Answers the current request (one preformatted string), then goes on to the next request. Answers given
   * while a chunk is read leave in one write at its end; when that chunk ends on a held /next, the write waits
   * for the event (or the end of this turn of the event loop, setImmediate), so that a result's 202 and the
   * next event usually reach the bootstrap in one write and one read.
   */
  respond(text: string): void {
    if (this.state === State.Closed) return;
    if (this.parsing && this.keepAlive) this.out += text;
    else this.send(text);
    if (!this.keepAlive) return this.close();
    if (this.held) {
      this.held = false;
      if (this.paused) {
        this.paused = false;
        this.socket.resume();
      }
      if (!this.parsing && this.pos < this.buf.length) this.parse();
      if (this.peerEnded && !this.held) this.close();
    }
  }

  /** The client sent all it will: the connection closes once what it asked is answered. */
  private onEnd(): void {
    this.peerEnded = true;
    if (!this.held) this.close();
  }

  destroy(): void {
    this.state = State.Closed;
    this.out = '';
    this.socket.destroy();
  }

  private close(): void {
    if (this.state === State.Closed) return;
    if (this.out !== '') this.send('');
    this.state = State.Closed;
    this.buf = EMPTY;
    this.pos = 0;
    this.socket.end();
  }

  private fail(answer: string): void {
    if (this.state === State.Closed) return;
    this.send(answer);
    this.close();
  }

  /** Writes what waits in `out`, then `text`, in one write. */
  private send(text: string): void {
    this.socket.write(this.out === '' ? text : this.out + text);
    this.out = '';
  }

  private static flushLater(connection: Http1Connection): void {
    connection.flushScheduled = false;
    if (connection.out !== '' && connection.state !== State.Closed) connection.send('');
  }

  private onData(chunk: Buffer): void {
    if (this.state === State.Closed) return;
    if (this.pos < this.buf.length) this.buf = Buffer.concat([this.buf.subarray(this.pos), chunk]);
    else this.buf = chunk;
    this.pos = 0;
    if (!this.held) return this.parse();
    if (this.buf.length > MAX_HELD_BYTES && !this.paused) {
      this.paused = true;
      this.socket.pause();
    }
  }

  private parse(): void {
    this.parsing = true;
    try {
      while (!this.held && this.state !== State.Closed && this.step());
    } finally {
      this.parsing = false;
    }
    if (this.out !== '' && this.state !== State.Closed) {
      if (!this.held) this.send('');
      else if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(Http1Connection.flushLater, this);
      }
    }
    if (this.pos >= this.buf.length) {
      this.buf = EMPTY;
      this.pos = 0;
    }
  }

  /** One step of the current request; false when it needs more bytes. */
  private step(): boolean {
    switch (this.state) {
      case State.Head:
        return this.readHead();
      case State.Body: {
        if (!this.take()) return false;
        this.dispatch();
        return true;
      }
      case State.ChunkSize:
        return this.readChunkSize();
      case State.ChunkData:
        if (!this.take()) return false;
        this.state = State.ChunkEnd;
        return true;
      case State.ChunkEnd: {
        if (this.buf.length - this.pos < 2) return false;
        if (this.buf[this.pos] !== 13 || this.buf[this.pos + 1] !== 10) return this.fail(BAD_REQUEST), false;
        this.pos += 2;
        this.state = State.ChunkSize;
        return true;
      }
      case State.Trailers:
        return this.readTrailer();
      default:
        return false;
    }
  }

  private readHead(): boolean {
    const buf = this.buf;
    // Empty lines before a request line are allowed (RFC 9112 §2.2).
    while (buf[this.pos] === 13 && buf[this.pos + 1] === 10) this.pos += 2;
    if (this.pos >= buf.length) return false;
    const end = buf.indexOf('\r\n\r\n', this.pos, 'latin1');
    if (end < 0) {
      if (buf.length - this.pos > MAX_HEAD_BYTES) this.fail(HEAD_TOO_LARGE);
      // Lines end with CRLF: a head ended by bare LFs is answered now rather than waited on.
      else if (buf.indexOf('\n\n', this.pos, 'latin1') >= 0) this.fail(BAD_REQUEST);
      return false;
    }
    if (end - this.pos > MAX_HEAD_BYTES) return this.fail(HEAD_TOO_LARGE), false;
    const head = buf.toString('latin1', this.pos, end);
    this.pos = end + 4;
    return this.readRequest(head);
  }

  /** The request line and headers (without the final CRLFCRLF). */
  private readRequest(head: string): boolean {
    const lineEnd = head.indexOf('\r\n');
    const m = REQUEST_LINE.exec(lineEnd < 0 ? head : head.slice(0, lineEnd));
    if (m === null) return this.fail(BAD_REQUEST), false;
    if (lineEnd >= 0) {
      FIELD_LINES.lastIndex = lineEnd;
      if (!FIELD_LINES.test(head)) return this.fail(BAD_REQUEST), false;
    }
    // Every line is a well-formed field: each one the server reads is found in the lower-cased head (the
    // same length: latin1), its value taken from the head itself.
    const low = head.toLowerCase();
    const contentLength = uniqueField(head, low, '\r\ncontent-length:');
    const transferEncoding = uniqueField(head, low, '\r\ntransfer-encoding:');
    const expect = field(head, low, '\r\nexpect:');
    const connection = field(head, low, '\r\nconnection:') ?? '';
    if (contentLength === null || transferEncoding === null) return this.fail(BAD_REQUEST), false;
    if (contentLength !== undefined && !/^\d{1,15}$/.test(contentLength)) return this.fail(BAD_REQUEST), false;
    const chunked = transferEncoding !== undefined;
    if (chunked && (transferEncoding.toLowerCase() !== 'chunked' || contentLength !== undefined)) return this.fail(BAD_REQUEST), false;
    const http11 = m[3] === '1';
    if (http11 && !low.includes('\r\nhost:')) return this.fail(BAD_REQUEST), false;
    if (expect !== undefined && expect.toLowerCase() !== '100-continue') return this.fail(EXPECTATION_FAILED), false;
    const expectContinue = expect !== undefined;
    this.keepAlive = http11 ? !CONNECTION_CLOSE.test(connection) : CONNECTION_KEEP_ALIVE.test(connection);
    const gatehouseLog = field(head, low, '\r\ngatehouse-log:');
    const errorType = field(head, low, '\r\nlambda-runtime-function-error-type:');
    const request: Http1Request = { method: m[1]!, target: m[2]!, headers: { gatehouseLog, errorType }, body: EMPTY };
    this.request = request;
    this.parts = [];
    this.bodySize = 0;
    this.limit = this.handlers.bodyLimit(request);
    const length = contentLength === undefined ? 0 : Number(contentLength);
    if (length > this.limit) {
      this.tooLarge(length);
      return false;
    }
    if (chunked) {
      this.state = State.ChunkSize;
    } else if (length === 0) {
      this.dispatch();
      return true;
    } else {
      this.state = State.Body;
      this.remaining = length;
    }
    // The client waits for this before its body; one that already sent the body needs none.
    if (expectContinue && (chunked || this.buf.length - this.pos < length)) this.send(CONTINUE);
    return true;
  }

  /** Takes up to `remaining` body bytes from the buffer; true when they are all there. */
  private take(): boolean {
    const available = this.buf.length - this.pos;
    if (available === 0) return false;
    const n = Math.min(available, this.remaining);
    this.parts.push(this.buf.subarray(this.pos, this.pos + n));
    this.pos += n;
    this.remaining -= n;
    return this.remaining === 0;
  }

  private readChunkSize(): boolean {
    const end = this.buf.indexOf('\r\n', this.pos, 'latin1');
    if (end < 0) {
      if (this.buf.length - this.pos > 1024) this.fail(BAD_REQUEST);
      return false;
    }
    const m = CHUNK_SIZE.exec(this.buf.toString('latin1', this.pos, end));
    if (m === null) return this.fail(BAD_REQUEST), false;
    this.pos = end + 2;
    const size = Number.parseInt(m[1]!, 16);
    if (size === 0) {
      this.state = State.Trailers;
      this.remaining = 0;
      return true;
    }
    this.bodySize += size;
    if (this.bodySize > this.limit) {
      this.tooLarge(undefined);
      return false;
    }
    this.remaining = size;
    this.state = State.ChunkData;
    return true;
  }

  /** Trailer fields after the last chunk, up to the empty line; read and dropped (`remaining` counts their bytes). */
  private readTrailer(): boolean {
    const end = this.buf.indexOf('\r\n', this.pos, 'latin1');
    if (end < 0) {
      if (this.remaining + this.buf.length - this.pos > MAX_HEAD_BYTES) this.fail(HEAD_TOO_LARGE);
      return false;
    }
    const empty = end === this.pos;
    this.remaining += end + 2 - this.pos;
    this.pos = end + 2;
    if (this.remaining > MAX_HEAD_BYTES) return this.fail(HEAD_TOO_LARGE), false;
    if (empty) this.dispatch();
    return true;
  }

  private dispatch(): void {
    const request = this.request!;
    const parts = this.parts;
    request.body = parts.length === 0 ? EMPTY : parts.length === 1 ? parts[0]! : Buffer.concat(parts);
    this.request = undefined;
    this.parts = [];
    this.state = State.Head;
    this.handlers.onRequest(this, request);
  }

  private tooLarge(size: number | undefined): void {
    const request = this.request!;
    this.request = undefined;
    this.parts = [];
    this.keepAlive = false;
    this.handlers.onTooLarge(this, request, size);
    this.close();
  }
}

/** A field's value (trimmed) by its "\r\nname:" key, undefined when absent; several are joined with ", ". */
function field(head: string, low: string, key: string): string | undefined {
  let i = low.indexOf(key);
  let value: string | undefined;
  while (i >= 0) {
    const start = i + key.length;
    const end = head.indexOf('\r\n', start);
    const one = head.slice(start, end < 0 ? head.length : end).trim();
    value = value === undefined ? one : `${value}, ${one}`;
    i = end < 0 ? -1 : low.indexOf(key, end);
  }
  return value;
}

/** A field that may appear once, or repeated with the same value: null (a 400) when the values differ. */
function uniqueField(head: string, low: string, key: string): string | null | undefined {
  const first = low.indexOf(key);
  if (first < 0 || low.indexOf(key, first + key.length) < 0) return field(head, low, key);
  const values = field(head, low, key)!.split(', ');
  return values.every((v) => v === values[0]) ? values[0]! : null;
}
