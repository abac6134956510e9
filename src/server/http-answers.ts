/** The main port's HTTP plumbing: reading a request whole, and writing JSON answers and AWS's JSON errors. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable, pipeline } from 'node:stream';
import { ServiceError } from '../shared/errors.js';
import { requestId as newRequestId } from '../shared/ids.js';
import type { WireRequest, WireResponse } from '../wire/types.js';

const MAX_BODY_BYTES = 100 * 1024 * 1024;

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new ServiceError('RequestEntityTooLargeException', 'Request must be smaller than 104857600 bytes', 413));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export function toWireRequest(req: IncomingMessage, body: Buffer): WireRequest {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
  return { method: req.method ?? 'GET', path: q < 0 ? url : url.slice(0, q), query: q < 0 ? '' : url.slice(q + 1), headers, body };
}

export function json(status: number, value: unknown): WireResponse {
  return { status, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(value) };
}

export function jsonError(error: ServiceError, requestId: string): WireResponse {
  return { status: error.status, headers: { 'Content-Type': 'application/json', 'x-amzn-ErrorType': error.code, 'x-amzn-RequestId': requestId }, body: JSON.stringify({ message: error.message }) };
}

export function internalError(): WireResponse {
  return jsonError(new ServiceError('InternalFailure', 'The request processing has failed because of an unknown error, exception or failure.', 500), newRequestId());
}

/**
 * Writes an answer. A Readable body is piped (S3's objects: its length is the protocol's `Content-Length`, if
 * any; a failure mid-stream cuts the connection, so the client sees a short body, never a wrong one). A
 * `Content-Length` the protocol set is kept (HeadObject's is the object's size, with no body).
 */
export function send(res: ServerResponse, response: WireResponse): void {
  const { body } = response;
  if (body instanceof Readable) {
    try {
      res.writeHead(response.status, response.headers);
    } catch (error) {
      // A header Node refuses to write: the body (an open file) is released before the caller answers.
      body.destroy();
      throw error;
    }
    pipeline(body, res, (error) => {
      if (error) res.destroy();
    });
    return;
  }
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  const hasLength = Object.keys(response.headers).some((k) => k.toLowerCase() === 'content-length');
  res.writeHead(response.status, hasLength ? response.headers : { ...response.headers, 'Content-Length': String(bytes.length) });
  res.end(bytes);
}
