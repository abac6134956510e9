/** What a protocol sees of an HTTP request and produces as a response: no sockets, no streams. */
import type { ServiceError } from '../shared/errors.js';
import type { OperationModel, ServiceModel } from './model.js';

export interface WireRequest {
  method: string;
  /** The raw path, still percent-encoded. */
  path: string;
  /** The raw query string without the leading '?'. */
  query: string;
  /** Header names in lower case; repeated headers joined with ', '. */
  headers: Readonly<Record<string, string | undefined>>;
  body: Buffer;
}

export interface WireResponse {
  status: number;
  headers: Record<string, string>;
  body: string | Buffer;
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
  /** Reads the request into the operation's input shape (member names, typed values). */
  parse(match: OperationMatch, request: WireRequest): Record<string, unknown>;
  serialize(operation: OperationModel, output: unknown, requestId: string): WireResponse;
  serializeError(error: ServiceError, requestId: string): WireResponse;
  /** The error a request gets when it names no operation of this service. */
  unknownOperation(request: WireRequest): ServiceError;
}
