/**
 * `Content-Encoding: aws-chunked` request bodies, decoded as they stream (S3's PutObject and UploadPart from
 * SigV4-streaming clients): `hex-size[;chunk-signature=sig]\r\n<bytes>\r\n` ... a zero-size chunk, then
 * trailing headers (`x-amz-checksum-crc32:...`, `x-amz-trailer-signature:...`) and an empty line. The payload
 * passes through; the trailers land in `trailers` (names in lower case) before the stream ends. Chunk and
 * trailer signatures are verified when the request's seed signature was (a known key). Any malformed framing
 * is S3's IncompleteBody; the stream fails with that ServiceError.
 */
import { createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { ServiceError } from '../shared/errors.js';
import { hmac, sameHex, sha256Hex, signatureDoesNotMatch, type ChunkSigning } from './sigv4-verify.js';

/** The `x-amz-content-sha256` values that announce an aws-chunked body, and whether its chunks are signed. */
const STREAMING_PAYLOADS: ReadonlyMap<string, { signedChunks: boolean }> = new Map([
  ['STREAMING-AWS4-HMAC-SHA256-PAYLOAD', { signedChunks: true }],
  ['STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER', { signedChunks: true }],
  ['STREAMING-UNSIGNED-PAYLOAD-TRAILER', { signedChunks: false }],
]);

/** Whether a request's body is aws-chunked: announced by its payload hash or its Content-Encoding. */
export function isAwsChunked(headers: Readonly<Record<string, string | undefined>>): boolean {
  const sha = headers['x-amz-content-sha256'];
  if (sha !== undefined && STREAMING_PAYLOADS.has(sha)) return true;
  return (headers['content-encoding'] ?? '').split(',').some((e) => e.trim() === 'aws-chunked');
}

/** `Content-Encoding` without `aws-chunked` (undefined when nothing is left), as the object stores it. */
export function contentEncodingWithoutChunked(value: string): string | undefined {
  const rest = value
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '' && e !== 'aws-chunked');
  return rest.length > 0 ? rest.join(',') : undefined;
}

export function incompleteBody(): ServiceError {
  return new ServiceError('IncompleteBody', 'The request body terminated unexpectedly', 400);
}

const MAX_LINE = 4096;
const MIN_SIGNED_CHUNK = 8192;
const EMPTY_SHA256 = sha256Hex('');
const CHUNK_HEADER = /^([0-9a-fA-F]{1,16})(?:;chunk-signature=([0-9a-f]{64}))?$/;

type State = 'header' | 'data' | 'data-end' | 'trailer' | 'done';

export class AwsChunkedDecoder extends Transform {
  /** The trailing headers, complete once the stream has ended. */
  readonly trailers: Record<string, string> = {};
  private state: State = 'header';
  private line = '';
  private remaining = 0;
  private decoded = 0;
  private chunkIndex = 0;
  private lastChunkSize = -1;
  private crlf = 0;
  private hash: Hash | undefined;
  private previousSignature: string;
  private chunkSignature: string | undefined;
  private trailerText = '';
  private trailerSignature: string | undefined;
  private readonly signedChunks: boolean;

  constructor(
    headers: Readonly<Record<string, string | undefined>>,
    private readonly signing?: ChunkSigning,
  ) {
    super();
    this.signedChunks = STREAMING_PAYLOADS.get(headers['x-amz-content-sha256'] ?? '')?.signedChunks ?? false;
    const declared = headers['x-amz-decoded-content-length'];
    this.declaredLength = declared !== undefined && /^\d+$/.test(declared) ? Number(declared) : undefined;
    this.previousSignature = signing?.seedSignature ?? '';
  }

  private readonly declaredLength: number | undefined;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    try {
      this.consume(chunk);
      callback();
    } catch (error) {
      callback(error as Error);
    }
  }

  override _flush(callback: TransformCallback): void {
    if (this.state !== 'done' || (this.declaredLength !== undefined && this.decoded !== this.declaredLength)) callback(incompleteBody());
    else callback();
  }

  private consume(chunk: Buffer): void {
    let i = 0;
    while (i < chunk.length) {
      switch (this.state) {
        case 'header':
        case 'trailer': {
          const nl = chunk.indexOf(0x0a, i);
          const piece = chunk.toString('latin1', i, nl < 0 ? chunk.length : nl);
          if (this.line.length + piece.length > MAX_LINE) throw incompleteBody();
          this.line += piece;
          if (nl < 0) return;
          i = nl + 1;
          if (!this.line.endsWith('\r')) throw incompleteBody();
          const line = this.line.slice(0, -1);
          this.line = '';
          if (this.state === 'header') this.chunkHeader(line);
          else this.trailerLine(line);
          break;
        }
        case 'data': {
          const n = Math.min(this.remaining, chunk.length - i);
          const piece = chunk.subarray(i, i + n);
          this.hash?.update(piece);
          this.decoded += n;
          if (this.declaredLength !== undefined && this.decoded > this.declaredLength) throw incompleteBody();
          this.push(piece);
          this.remaining -= n;
          i += n;
          if (this.remaining === 0) this.state = 'data-end';
          break;
        }
        case 'data-end': {
          if (chunk[i] !== (this.crlf === 0 ? 0x0d : 0x0a)) throw incompleteBody();
          i++;
          if (++this.crlf === 2) {
            this.crlf = 0;
            this.verifyChunk(this.hash?.digest('hex') ?? EMPTY_SHA256);
            this.state = 'header';
          }
          break;
        }
        case 'done':
          // Nothing may follow the final empty line but more line ends.
          if (chunk[i] !== 0x0d && chunk[i] !== 0x0a) throw incompleteBody();
          i++;
          break;
      }
    }
  }

  private chunkHeader(line: string): void {
    const m = CHUNK_HEADER.exec(line);
    if (!m || (this.signedChunks && m[2] === undefined)) throw incompleteBody();
    const size = parseInt(m[1]!, 16);
    this.chunkIndex++;
    // Every chunk of a signed stream but the last holds at least 8 KB (SigV4 streaming's rule).
    if (this.signedChunks && size > 0 && this.lastChunkSize >= 0 && this.lastChunkSize < MIN_SIGNED_CHUNK) {
      throw new ServiceError('InvalidChunkSizeError', 'Only the last chunk is allowed to have a size less than 8192 bytes', 403, {
        body: { Chunk: String(this.chunkIndex - 1), BadChunkSize: String(this.lastChunkSize) },
      });
    }
    this.lastChunkSize = size;
    this.chunkSignature = m[2];
    if (size === 0) {
      this.verifyChunk(EMPTY_SHA256);
      this.state = 'trailer';
      return;
    }
    this.remaining = size;
    this.hash = this.signing && this.chunkSignature !== undefined ? createHash('sha256') : undefined;
    this.state = 'data';
  }

  private trailerLine(line: string): void {
    if (line === '') {
      this.verifyTrailer();
      this.state = 'done';
      return;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) throw incompleteBody();
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'x-amz-trailer-signature') this.trailerSignature = value;
    else {
      this.trailers[name] = value;
      this.trailerText += `${name}:${value}\n`;
    }
  }

  private verifyChunk(dataHash: string): void {
    if (!this.signing || this.chunkSignature === undefined) return;
    const { accessKeyId, amzDate, scope, signingKey } = this.signing;
    const stringToSign = `AWS4-HMAC-SHA256-PAYLOAD\n${amzDate}\n${scope}\n${this.previousSignature}\n${EMPTY_SHA256}\n${dataHash}`;
    const expected = hmac(signingKey, stringToSign).toString('hex');
    if (!sameHex(expected, this.chunkSignature)) throw signatureDoesNotMatch(accessKeyId, stringToSign, this.chunkSignature);
    this.previousSignature = this.chunkSignature;
  }

  private verifyTrailer(): void {
    if (!this.signing || this.trailerSignature === undefined) return;
    const { accessKeyId, amzDate, scope, signingKey } = this.signing;
    const stringToSign = `AWS4-HMAC-SHA256-TRAILER\n${amzDate}\n${scope}\n${this.previousSignature}\n${sha256Hex(this.trailerText)}`;
    if (!sameHex(hmac(signingKey, stringToSign).toString('hex'), this.trailerSignature)) throw signatureDoesNotMatch(accessKeyId, stringToSign, this.trailerSignature);
  }
}
