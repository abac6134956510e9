/**
 * How the model's shapes (the interfaces generated into `src/wire/models/`) look on each side of a handler.
 * The generated interfaces say what the model says: its `required` members are required. The protocols are
 * more lenient than that in one direction and more accepting in the other:
 * - `Received`: what `Protocol.parse` hands a handler. The wire layer checks JSON types but not presence (AWS
 *   answers a missing member with the service's own validation text, so the handlers check it), hence every
 *   member may be absent, except those the protocol itself guarantees (a rest-json URI label the route
 *   matched).
 * - `Returned`: what `Protocol.serialize` accepts from a handler. Stored records keep timestamps the way the
 *   service writes them (epoch seconds for API Gateway; ISO 8601 text for EC2 and CloudFormation, which the
 *   XML protocols print as is), the JSON protocols write `null` map values, and anything may be read-only.
 */

import type { Readable } from 'node:stream';

/**
 * A streaming blob member (S3's object bodies): the bytes as they arrive, never whole in memory. On input,
 * the payload with any transfer encoding already removed (aws-chunked); `trailers` holds the headers sent
 * after it (`x-amz-checksum-crc32` …, names in lower case), complete once the stream has ended. On output, a
 * handler returns a Readable (a file) or, for small bodies, a Buffer or string.
 */
export interface StreamingBody extends Readable {
  readonly trailers?: Readonly<Record<string, string>>;
}

type Scalar = string | number | boolean | Date | Buffer | StreamingBody | null | undefined;

/** Every member of every structure optional, all the way down. */
export type Unchecked<T> = T extends Scalar
  ? T
  : T extends readonly (infer E)[]
    ? Unchecked<E>[]
    : string extends keyof T
      ? { [K in keyof T]: Unchecked<T[K]> }
      : { [K in keyof T]?: Unchecked<T[K]> };

/** An operation's input as the handler gets it: `Guaranteed` names the members the protocol always fills. */
export type Received<T, Guaranteed extends keyof T = never> = [Guaranteed] extends [never] ? Unchecked<T> : Unchecked<T> & Pick<T, Guaranteed>;

/** What a protocol can write for a timestamp and for a map's value, beyond the model's own types. */
interface OutputForm {
  readonly timestamp: unknown;
  readonly mapValue: unknown;
}

/**
 * The JSON protocols write a Date or epoch seconds (a number passes through as is), and keep a `null` map
 * value as AWS does (`"responseTemplates": {"application/json": null}`).
 */
export interface JsonOutput extends OutputForm {
  readonly timestamp: Date | number;
  readonly mapValue: null;
}

/** The XML protocols also print ISO 8601 text as it is stored; a map value is always text. */
export interface XmlOutput extends OutputForm {
  readonly timestamp: Date | number | string;
  readonly mapValue: never;
}

/** An operation's output as a handler may return it, in a protocol's `Form`. */
export type Returned<T, Form extends OutputForm> = T extends Date
  ? Form['timestamp']
  : T extends StreamingBody
    ? Readable | Buffer | string
    : T extends Buffer
    ? Buffer | string
    : T extends Exclude<Scalar, Date | Buffer | StreamingBody>
      ? T
      : T extends readonly (infer E)[]
        ? readonly Returned<E, Form>[]
        : string extends keyof T
          ? { readonly [K in keyof T]: Returned<T[K], Form> | Form['mapValue'] }
          : { readonly [K in keyof T]: Returned<T[K], Form> };

/** The input of an operation whose model has none: the protocols pass an empty object. */
export type NoInput = Record<string, never>;
