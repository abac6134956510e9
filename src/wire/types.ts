/**
 * What a protocol sees of an HTTP request and produces as a response: no sockets. Bodies are read whole
 * (every protocol but rest-xml), except where a route streams them (S3's front door): then the request's
 * `stream` is the body as it arrives and the protocol's `prepare` reads it whole or leaves it a stream, and a
 * response body may be a Readable the route pipes to the client.
 */
import type { Readable } from 'node:stream';
import type { ServiceError } from '../shared/errors.js';
import type { OperationModel, ServiceModel } from './model.js';
import type { ChunkSigning } from './sigv4-verify.js';

export interface WireRequest {
  method: string;
  /** The raw path, still percent-encoded. */
  path: string;
  /** The raw query string without the leading '?'. */
  query: string;
  /** Header names in lower case; repeated headers joined with ', '. */
  headers: Readonly<Record<string, string | undefined>>;
  /** The body read whole; empty while `stream` is set and unread. */
  body: Buffer;
  /** The body as it arrives (still in its transfer encoding, such as aws-chunked), when the route streams it. */
  stream?: Readable;
  /** Set when the request's signature was verified: what an aws-chunked body's chunk signatures chain from. */
  chunkSigning?: ChunkSigning;
}

export interface WireResponse {
  status: number;
  headers: Record<string, string>;
  /** A Readable only from protocols with streaming payloads (rest-xml), answered by routes that stream. */
  body: string | Buffer | Readable;
}

/** The operation a request names, with the URI labels the route captured (rest protocols). */
export interface OperationMatch {
  operation: OperationModel;
  labels: Record<string, string>;
}

export interface Protocol {
  readonly model: ServiceModel;
  /** Which operation the request calls; undefined when none does. */
  match(request: WireRequest): OperationMatch | undefined;
  /**
   * Streaming protocols only: a request whose body is still its `stream`, made ready for `parse`: the body read
   * whole (and decoded), unless the operation takes it as a stream. Rejects with a ServiceError.
   */
  prepare?(match: OperationMatch, request: WireRequest): Promise<WireRequest>;
  /** Reads the request into the operation's input shape (member names, typed values). */
  parse(match: OperationMatch, request: WireRequest): Record<string, unknown>;
  serialize(operation: OperationModel, output: unknown, requestId: string): WireResponse;
  serializeError(error: ServiceError, requestId: string): WireResponse;
  /** The error a request gets when it names no operation of this service. */
  unknownOperation(request: WireRequest): ServiceError;
}
