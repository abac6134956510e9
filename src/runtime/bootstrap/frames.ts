/**
 * The framed channel between Gatehouse and a Node execution environment: a pipe on the child's fd 3 carrying
 * length-prefixed frames, in place of Node's IPC message layer. Node's IPC (serialization 'json') wraps each
 * message in JSON, so the event, itself JSON text, was escaped into a JSON string, written, parsed back into
 * a string and parsed again by the bootstrap; the result came back the same way. A frame carries the event's
 * and the result's JSON bytes as they are, beside a small text header: each side parses each JSON once.
 * Nothing here depends on the Node version, so the child may run on another major (node-runtimes.ts).
 *
 * A frame: u32 (big-endian) length of what follows, one kind byte, a header (UTF-8 text up to `\n`, fields
 * separated by tabs), then a body:
 *   - invoke (Gatehouse → environment), kind `I`: header `requestId\tinvokedFunctionArn\tdeadlineMs`, body the
 *     event's JSON;
 *   - from the environment, header `requestId\tmaxRssMb\tlogBytes`, body the invocation's log (logBytes bytes)
 *     then: kind `R` the result's JSON; `E` an error (ErrorPayload JSON); `F` an error that escaped the handler
 *     (the environment exits after it); `X` an init error (no request id); `Y` ready (no request id, no log).
 */

export type FrameKind = 'I' | 'R' | 'E' | 'F' | 'X' | 'Y';

/** A frame from the environment, decoded. */
export interface ChildFrame {
  kind: FrameKind;
  requestId: string;
  maxRssMb: number;
  log: string;
  /** JSON text: the result, or an ErrorPayload. */
  payload: string;
}

/** An invocation, decoded by the bootstrap. */
export interface InvokeFrame {
  requestId: string;
  invokedFunctionArn: string;
  deadlineMs: number;
  /** The event's JSON text. */
  payload: string;
}

const NEWLINE = 0x0a;

/** A frame's bytes: the header's text, then `first` and `second` one after the other. */
function encode(kind: FrameKind, header: string, first: string, second: string): Buffer {
  const headerBytes = Buffer.byteLength(header);
  const firstBytes = first.length === 0 ? 0 : Buffer.byteLength(first);
  const length = 1 + headerBytes + 1 + firstBytes + Buffer.byteLength(second);
  const frame = Buffer.allocUnsafe(4 + length);
  frame.writeUInt32BE(length, 0);
  frame[4] = kind.charCodeAt(0);
  let at = 5 + frame.write(header, 5, 'utf8');
  frame[at++] = NEWLINE;
  if (firstBytes > 0) at += frame.write(first, at, 'utf8');
  frame.write(second, at, 'utf8');
  return frame;
}

export function encodeInvoke(requestId: string, invokedFunctionArn: string, deadlineMs: number, event: string): Buffer {
  return encode('I', `${requestId}\t${invokedFunctionArn}\t${deadlineMs}`, '', event);
}

/** A frame from the environment: `log` and `payload` are sent as they are, their byte length in the header. */
export function encodeFromChild(kind: Exclude<FrameKind, 'I'>, requestId: string, maxRssMb: number, log: string, payload: string): Buffer {
  return encode(kind, `${requestId}\t${maxRssMb}\t${Buffer.byteLength(log)}`, log, payload);
}

/** The header's fields and where the body starts. */
function header(frame: Buffer): { fields: string[]; body: number } {
  const end = frame.indexOf(NEWLINE, 1);
  if (end < 0) throw new Error('malformed frame: no header');
  return { fields: frame.toString('utf8', 1, end).split('\t'), body: end + 1 };
}

export function decodeInvoke(frame: Buffer): InvokeFrame {
  const { fields, body } = header(frame);
  return { requestId: fields[0] ?? '', invokedFunctionArn: fields[1] ?? '', deadlineMs: Number(fields[2]), payload: frame.toString('utf8', body) };
}

export function decodeFromChild(frame: Buffer): ChildFrame {
  const { fields, body } = header(frame);
  const logEnd = body + Number(fields[2] ?? 0);
  return {
    kind: String.fromCharCode(frame[0]!) as FrameKind,
    requestId: fields[0] ?? '',
    maxRssMb: Number(fields[1] ?? 0),
    log: logEnd > body ? frame.toString('utf8', body, logEnd) : '',
    payload: frame.toString('utf8', logEnd),
  };
}

/**
 * Splits a byte stream into frames (without their length prefix). A frame inside one chunk is a view of that
 * chunk (no copy); a frame spread over several chunks is copied once into a buffer of its announced size,
 * never concatenated chunk by chunk (a 6 MB event arrives in ~100 chunks).
 */
export class FrameReader {
  /** Up to 3 bytes of a length prefix split across chunks. */
  private carry: Buffer | undefined;
  /** The frame being filled, and how much of it is. */
  private partial: Buffer | undefined;
  private filled = 0;

  /**
   * `maxLength`: the longest frame accepted; a longer announced length is a broken stream and throws (the
   * environment's side is the function's process, untrusted: it must not make Gatehouse allocate gigabytes).
   */
  constructor(
    private readonly onFrame: (frame: Buffer) => void,
    private readonly maxLength = 0xffffffff,
  ) {}

  push(chunk: Buffer): void {
    let data = chunk;
    if (this.partial !== undefined) {
      const partial = this.partial;
      const n = Math.min(partial.length - this.filled, data.length);
      data.copy(partial, this.filled, 0, n);
      this.filled += n;
      if (this.filled < partial.length) return;
      this.partial = undefined;
      this.onFrame(partial);
      data = data.subarray(n);
    } else if (this.carry !== undefined) {
      data = Buffer.concat([this.carry, data]);
      this.carry = undefined;
    }
    let at = 0;
    while (at < data.length) {
      if (data.length - at < 4) {
        this.carry = Buffer.from(data.subarray(at));
        return;
      }
      const length = data.readUInt32BE(at);
      if (length > this.maxLength) throw new Error(`malformed frame: ${length} bytes announced, at most ${this.maxLength}`);
      const start = at + 4;
      if (data.length - start >= length) {
        at = start + length;
        this.onFrame(data.subarray(start, at));
      } else {
        this.partial = Buffer.allocUnsafe(length);
        this.filled = data.copy(this.partial, 0, start);
        return;
      }
    }
  }
}
