/**
 * An object's bytes for another service that takes its input from S3 (Lambda's `Code.S3Bucket`/`S3Key`, a
 * layer's `Content`), read with the caller's own access, as those services read it on AWS. Packages are at
 * most a few hundred MB and their readers need them whole (to unzip), so they are read whole, synchronously,
 * inside the reader's transaction, once their size is known to be within the reader's limit.
 */
import { readFileSync } from 'node:fs';
import type { OperationContext } from '../types.js';
import { readVersion } from './object-reads.js';
import { bucketFor, objectStore } from './state.js';

export interface ObjectLocation {
  bucket: string;
  key: string;
  versionId?: string | undefined;
}

/** An object larger than its reader takes: the reader words the refusal (its own service's error). */
export class ObjectTooLarge extends Error {
  constructor(readonly size: number, readonly maxBytes: number) {
    super(`the object is ${size} bytes, more than the ${maxBytes} its reader takes`);
  }
}

/**
 * The object's bytes, if it is at most `maxBytes` long (checked before anything is read: ObjectTooLarge);
 * throws S3's own error (NoSuchBucket, NoSuchKey, AccessDenied …) when it cannot be read.
 */
export function readObjectBytes(ctx: OperationContext, at: ObjectLocation, maxBytes: number): Buffer {
  const found = bucketFor(ctx, at.bucket, { action: 'GetObject', key: at.key });
  const version = readVersion(ctx, found, at.key, at.versionId, 'GET');
  const size = version.Size ?? 0;
  if (size > maxBytes) throw new ObjectTooLarge(size, maxBytes);
  return version.blob === undefined ? Buffer.alloc(0) : readFileSync(objectStore(ctx).path(version.blob));
}
