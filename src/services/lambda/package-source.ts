/**
 * Where a deployment package or a layer archive comes from: inline (`ZipFile`, at most 50 MB as Lambda
 * takes it in a request), or an S3 object (`S3Bucket`, `S3Key`, `S3ObjectVersion`), read with the caller's
 * access; S3's refusal is reported as Lambda reports it: "Error occurred while GetObject. S3 Error Code: …".
 */
import { ServiceError } from '../../shared/errors.js';
import { ObjectTooLarge, readObjectBytes } from '../s3/object-bytes.js';
import type { OperationContext } from '../types.js';
import { invalidParameter } from './errors.js';
import type { LambdaHost, StoredCode } from './host.js';

export interface PackageSource {
  ZipFile?: Buffer;
  S3Bucket?: string;
  S3Key?: string;
  S3ObjectVersion?: string;
  ImageUri?: string;
}

/** Lambda's limit on a package sent in the request itself. */
const MAX_INLINE_BYTES = 52428800;
/** Lambda's limit on a package unzipped (250 MB); a zip from S3 larger than that cannot be within it. */
const MAX_UNZIPPED_BYTES = 262144000;

/** The package's bytes, or undefined when the source names none; `missing` is the caller's words for half a location. */
export function packageBytes(ctx: OperationContext, source: PackageSource, missing: string): Buffer | undefined {
  if (source.ZipFile !== undefined) {
    if (source.ZipFile.length > MAX_INLINE_BYTES) throw invalidParameter('Zipped size must be smaller than 52428800 bytes');
    return source.ZipFile;
  }
  if (source.S3Bucket === undefined && source.S3Key === undefined) return undefined;
  if (source.S3Bucket === undefined || source.S3Key === undefined) {
    // Half a location is no source at all.
    throw invalidParameter(missing);
  }
  if (!ctx.objects) throw invalidParameter('This Gatehouse has no S3 object storage: pass the package as ZipFile.');
  try {
    return readObjectBytes(ctx, { bucket: source.S3Bucket, key: source.S3Key, versionId: source.S3ObjectVersion }, MAX_UNZIPPED_BYTES);
  } catch (error) {
    if (error instanceof ObjectTooLarge) throw invalidParameter(`Unzipped size must be smaller than ${MAX_UNZIPPED_BYTES} bytes`);
    if (error instanceof ServiceError) throw invalidParameter(`Error occurred while GetObject. S3 Error Code: ${error.code}. S3 Error Message: ${error.message}`);
    throw error;
  }
}

/** Keeps the package the source names (see LambdaHost.storeCode). */
export function storePackage(ctx: OperationContext, host: LambdaHost, source: PackageSource, missing: string): StoredCode {
  const bytes = packageBytes(ctx, source, missing);
  if (bytes === undefined) throw invalidParameter(missing);
  return host.storeCode(bytes);
}
