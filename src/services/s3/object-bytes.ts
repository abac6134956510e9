/**
 * An object's bytes for another service that takes its input from S3 (Lambda's `Code.S3Bucket`/`S3Key`, a
 * layer's `Content`), read with the caller's own access, as those services read it on AWS. Packages are at
 * most a few hundred MB and their readers need them whole (to unzip), so they are read whole, synchronously,
 * inside the reader's transaction.
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

/** The object's bytes; throws S3's own error (NoSuchBucket, NoSuchKey, AccessDenied …) when it cannot be read. */
export function readObjectBytes(ctx: OperationContext, at: ObjectLocation): Buffer {
  const found = bucketFor(ctx, at.bucket, { action: 'GetObject', key: at.key });
  const version = readVersion(ctx, found, at.key, at.versionId, 'GET');
  return version.blob === undefined ? Buffer.alloc(0) : readFileSync(objectStore(ctx).path(version.blob));
}
