/**
 * Objects: PutObject, GetObject, HeadObject, DeleteObject, DeleteObjects, CopyObject, the object tagging
 * operations and GetObjectAcl. Bodies stream through the blob store; every write of metadata is one
 * transaction of its own, after the body is on disk; replaced bodies are removed only after that commit.
 */
import { Readable } from 'node:stream';
import type { WrittenBlob } from '../../store/blob-store.js';
import { isChecksumAlgorithm, type ChecksumAlgorithm } from '../../store/checksums.js';
import type { Operations } from '../../wire/models/s3-2006-03-01.js';
import type { OperationContext } from '../types.js';
import { checkTags, ownerAcl } from './bucket-config.js';
import { checksumMembers, requestedChecksums, verifyBody, type ChecksumMembers } from './checksum-input.js';
import { aclNotSupported, incompleteBody, invalidArgument, invalidPartNumber, invalidRequest, keyTooLong, malformedXml, noSuchKey, notImplementedHeader, preconditionFailed } from './errors.js';
import { byteRange, checkConditions, checkVersionId, etagMatches, objectMembers, readVersion } from './object-reads.js';
import type { Tag, VersionRecord } from './records.js';
import { addVersion, bucketFor, checkExpectedOwner, locateBucket, objectStore, removeVersion, s3Time, tables, updateVersion, type FoundBucket } from './state.js';

type Input<Op extends keyof Operations> = Operations[Op]['input'];

const MAX_KEY_BYTES = 1024;

/** The x-amz-tagging header (`k1=v1&k2=v2`, URL-encoded). */
export function parseTagging(header: string | undefined): Tag[] | undefined {
  if (header === undefined) return undefined;
  const pairs = [...new URLSearchParams(header)].map(([Key, Value]) => ({ Key, Value }));
  if (new Set(pairs.map((p) => p.Key)).size !== pairs.length) {
    throw invalidArgument("The header 'x-amz-tagging' shall be encoded as UTF-8 then URLEncoded URL query parameters without tag name duplicates.", 'x-amz-tagging', header);
  }
  return checkTags(pairs, 10);
}

/** What PutObject, CopyObject (REPLACE) and CreateMultipartUpload take about the object besides its bytes. */
export function objectAttributes(input: {
  ContentType?: string;
  CacheControl?: string;
  ContentDisposition?: string;
  ContentEncoding?: string;
  ContentLanguage?: string;
  Expires?: Date | string;
  WebsiteRedirectLocation?: string;
  Metadata?: Record<string, string>;
  StorageClass?: string;
}): Partial<VersionRecord> {
  const out: Partial<VersionRecord> = { ContentType: input.ContentType ?? 'binary/octet-stream' };
  for (const name of ['CacheControl', 'ContentDisposition', 'ContentEncoding', 'ContentLanguage', 'WebsiteRedirectLocation'] as const) {
    if (input[name] !== undefined) out[name] = input[name];
  }
  const expires = expiresText(input.Expires);
  if (expires !== undefined) out.Expires = expires;
  if (input.Metadata !== undefined && Object.keys(input.Metadata).length > 0) out.Metadata = { ...input.Metadata };
  if (input.StorageClass !== undefined && input.StorageClass !== 'STANDARD') out.StorageClass = input.StorageClass;
  return out;
}

/**
 * The Expires header as S3 keeps it: the text as given, answered back as given, a date or not (S3 never
 * parses it; SDKs added ExpiresString for values that are not dates). The wire may hand over the text, or a
 * Date it parsed: a valid one is written back as an HTTP date, one it could not parse is left out (its text is
 * gone) rather than failing the write.
 */
export function expiresText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toUTCString();
  return undefined;
}

/**
 * A bucket with ACLs disabled (BucketOwnerEnforced, the default) refuses any ACL on a write but the one that
 * changes nothing, bucket-owner-full-control.
 */
export function checkNoAcl(found: FoundBucket, input: { ACL?: string; GrantFullControl?: string; GrantRead?: string; GrantReadACP?: string; GrantWriteACP?: string }): void {
  const ownership = found.bucket.ownership === undefined ? 'BucketOwnerEnforced' : (found.bucket.ownership?.[0] as { ObjectOwnership?: string } | undefined)?.ObjectOwnership;
  if (ownership !== 'BucketOwnerEnforced') return;
  const grants = input.GrantFullControl ?? input.GrantRead ?? input.GrantReadACP ?? input.GrantWriteACP;
  if ((input.ACL !== undefined && input.ACL !== 'bucket-owner-full-control') || grants !== undefined) throw aclNotSupported();
}

const etagOf = (written: WrittenBlob): string => `"${written.md5.toString('hex')}"`;

/**
 * Records a stored body as the key's newest version, in one transaction of its own (the bucket re-read inside
 * it); on any failure the body is removed, so no file outlives a refused write. Bodies the new version replaced
 * are removed after the commit.
 */
export function commitVersion(ctx: OperationContext, found: FoundBucket, version: Omit<VersionRecord, 'VersionId' | 'seq'>, check?: () => void): VersionRecord {
  const blobs = objectStore(ctx);
  let result: { record: VersionRecord; released: string[] };
  try {
    result = ctx.store.transaction(() => {
      check?.();
      return addVersion(tables(ctx), found, version);
    });
  } catch (error) {
    if (version.blob !== undefined) blobs.release(version.blob);
    throw error;
  }
  for (const key of result.released) blobs.release(key);
  return result.record;
}

/** A version id as the output shows it: only where the bucket has (had) versioning. */
const versionIdMember = (found: FoundBucket, record: VersionRecord): Record<string, string> => (found.bucket.versioning === undefined ? {} : { VersionId: record.VersionId });

/**
 * The conditions of a write (PutObject, CompleteMultipartUpload), checked before the body is taken and again
 * inside the commit: If-None-Match only `*` (the key must not exist: 412); If-Match an ETag the key's current
 * object must have (412 when it differs, 404 NoSuchKey when there is none). The v2 model lacks IfMatch on
 * these operations: the wire's model supplement adds it, hence the cast.
 */
export function writeConditions(ctx: OperationContext, found: FoundBucket, key: string, input: { IfNoneMatch?: string }): (() => void) | undefined {
  const ifNoneMatch = input.IfNoneMatch;
  const ifMatch = (input as { IfMatch?: string }).IfMatch;
  if (ifNoneMatch === undefined && ifMatch === undefined) return undefined;
  if (ifNoneMatch !== undefined && ifNoneMatch.trim() !== '*') throw notImplementedHeader('If-None-Match');
  const check = () => {
    const current = tables(ctx).objects.get(found.scope, found.bucket.Name, key);
    if (ifMatch !== undefined) {
      if (!current) throw noSuchKey(key);
      if (!etagMatches(ifMatch, current.ETag ?? '')) throw preconditionFailed('If-Match');
    }
    if (ifNoneMatch !== undefined && current) throw preconditionFailed('If-None-Match');
  };
  check();
  return check;
}

export async function putObject(input: Input<'PutObject'>, ctx: OperationContext): Promise<Record<string, unknown>> {
  const found = bucketFor(ctx, input.Bucket, { action: 'PutObject', key: input.Key });
  checkKeyLength(input.Key);
  checkNoAcl(found, input);
  const requested = requestedChecksums(input as ChecksumMembers);
  const tags = parseTagging(input.Tagging);
  const check = writeConditions(ctx, found, input.Key, input);
  const blobs = objectStore(ctx);
  const written = await blobs.write(input.Body ?? Readable.from([]), requested.algorithms);
  let checksum;
  try {
    if (input.ContentLength !== undefined && written.size < input.ContentLength) throw incompleteBody();
    checksum = await verifyBody(requested, input.Body, written, blobs);
  } catch (error) {
    blobs.remove(written.key);
    throw error;
  }
  const record = commitVersion(ctx, found, {
    Key: input.Key,
    LastModified: s3Time(ctx.clock.now()),
    blob: written.key,
    Size: written.size,
    ETag: etagOf(written),
    ...objectAttributes(input),
    ...(tags !== undefined && tags.length > 0 ? { tags } : {}),
    ...(checksum ? { checksum } : {}),
  }, check);
  return { ETag: record.ETag, ServerSideEncryption: 'AES256', ...versionIdMember(found, record), ...checksumMembers(checksum) };
}

export function checkKeyLength(key: string): void {
  const size = Buffer.byteLength(key);
  if (size > MAX_KEY_BYTES) throw keyTooLong(size, MAX_KEY_BYTES);
}

/** The response-* overrides of GetObject: only for signed requests. */
/** Objects up to this size are read whole for GetObject (no stream): one allocation, no piping. */
const SMALL_OBJECT_BYTES = 64 * 1024;

function overrides(input: Input<'GetObject'>, anonymous: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const pairs = [
    ['ResponseCacheControl', 'CacheControl', 'response-cache-control'],
    ['ResponseContentDisposition', 'ContentDisposition', 'response-content-disposition'],
    ['ResponseContentEncoding', 'ContentEncoding', 'response-content-encoding'],
    ['ResponseContentLanguage', 'ContentLanguage', 'response-content-language'],
    ['ResponseContentType', 'ContentType', 'response-content-type'],
    ['ResponseExpires', 'Expires', 'response-expires'],
  ] as const;
  for (const [from, to, parameter] of pairs) {
    const value = input[from];
    if (value === undefined) continue;
    const text = value instanceof Date ? value.toUTCString() : String(value);
    // inferred: S3's text for a line break in an override is not recorded; a header cannot carry one.
    if (/[\r\n]/.test(text)) throw invalidArgument('Header value cannot be represented using ISO-8859-1.', parameter, text);
    // HTTP header values travel as bytes: S3 answers the override's UTF-8 bytes, which Node writes from a
    // latin1 string (one character per byte).
    out[to] = to === 'Expires' ? expiresText(value) : Buffer.from(text, 'utf8').toString('latin1');
  }
  if (anonymous && Object.keys(out).length > 0) throw invalidRequest('Request specific response headers cannot be used for anonymous GET requests.');
  return out;
}

/** The byte range a GetObject/HeadObject reads: its Range, or its PartNumber's part. */
function readRange(input: { Range?: string; PartNumber?: number }, v: VersionRecord): { range?: { start: number; end: number }; partsCount?: number } {
  const size = v.Size ?? 0;
  if (input.PartNumber !== undefined) {
    if (input.Range !== undefined) throw invalidRequest('Cannot specify both Range header and partNumber query parameter');
    const parts = v.parts ?? [size];
    const n = input.PartNumber;
    if (!Number.isInteger(n) || n < 1 || n > 10000) throw invalidArgument('Part number must be an integer between 1 and 10000, inclusive', 'partNumber', String(n));
    if (n > parts.length) throw invalidPartNumber();
    const start = parts.slice(0, n - 1).reduce((a, b) => a + b, 0);
    const partsCount = v.parts?.length;
    if (size === 0) return partsCount === undefined ? {} : { partsCount };
    return { range: { start, end: start + parts[n - 1]! - 1 }, ...(partsCount === undefined ? {} : { partsCount }) };
  }
  const range = byteRange(input.Range, size);
  return range ? { range } : {};
}

function describeRead(found: FoundBucket, v: VersionRecord, input: Input<'HeadObject'> | Input<'GetObject'>) {
  checkConditions(input, v);
  const { range, partsCount } = readRange(input, v);
  const out: Record<string, unknown> = objectMembers(found, v);
  const size = v.Size ?? 0;
  if (range) {
    out['ContentLength'] = range.end - range.start + 1;
    out['ContentRange'] = `bytes ${range.start}-${range.end}/${size}`;
  }
  if (partsCount !== undefined) out['PartsCount'] = partsCount;
  if (input.ChecksumMode === 'ENABLED' && !range) Object.assign(out, checksumMembers(v.checksum));
  return { out, range };
}

export async function getObject(input: Input<'GetObject'>, ctx: OperationContext) {
  const found = bucketFor(ctx, input.Bucket, { action: input.VersionId === undefined ? 'GetObject' : 'GetObjectVersion', key: input.Key });
  const v = readVersion(ctx, found, input.Key, input.VersionId, 'GET');
  const { out, range } = describeRead(found, v, input);
  Object.assign(out, overrides(input, ctx.accessKeyId === undefined));
  if (v.tags !== undefined && v.tags.length > 0) out['TagCount'] = v.tags.length;
  // Opened now, in the same turn as the read of the record: a body replaced right after still reads whole.
  // Small objects are read at once and sent as a Buffer; the rest stream.
  out['Body'] = (v.Size ?? 0) === 0 ? Buffer.alloc(0) : (objectStore(ctx).readSmall(v.blob!, range, SMALL_OBJECT_BYTES) ?? objectStore(ctx).read(v.blob!, range));
  return out;
}

export function headObject(input: Input<'HeadObject'>, ctx: OperationContext) {
  const found = bucketFor(ctx, input.Bucket, { action: input.VersionId === undefined ? 'GetObject' : 'GetObjectVersion', key: input.Key });
  const v = readVersion(ctx, found, input.Key, input.VersionId, 'HEAD');
  return describeRead(found, v, input).out;
}

/** One key's deletion (DeleteObject, each entry of DeleteObjects); the bodies it frees are pushed on `released`. */
function deleteOne(ctx: OperationContext, found: FoundBucket, key: string, versionId: string | undefined, released: string[]): { DeleteMarker?: boolean; VersionId?: string; DeleteMarkerVersionId?: string } {
  const t = tables(ctx);
  const bucket = t.buckets.get(found.scope, '', found.bucket.Name) ?? found.bucket;
  const here: FoundBucket = { scope: found.scope, bucket };
  if (versionId !== undefined) {
    checkVersionId(versionId);
    const removed = removeVersion(t, here, key, versionId);
    if (removed?.blob !== undefined) released.push(removed.blob);
    return removed?.deleteMarker ? { DeleteMarker: true, VersionId: versionId } : { VersionId: versionId };
  }
  if (bucket.versioning === undefined) {
    const removed = removeVersion(t, here, key, 'null');
    if (removed?.blob !== undefined) released.push(removed.blob);
    return {};
  }
  const { record, released: freed } = addVersion(t, here, { Key: key, LastModified: s3Time(ctx.clock.now()), deleteMarker: true });
  released.push(...freed);
  return { DeleteMarker: true, VersionId: record.VersionId };
}

export async function deleteObject(input: Input<'DeleteObject'>, ctx: OperationContext) {
  const found = bucketFor(ctx, input.Bucket, { action: input.VersionId === undefined ? 'DeleteObject' : 'DeleteObjectVersion', key: input.Key });
  const released: string[] = [];
  const result = ctx.store.transaction(() => deleteOne(ctx, found, input.Key, input.VersionId, released));
  for (const key of released) objectStore(ctx).release(key);
  return result;
}

export async function deleteObjects(input: Input<'DeleteObjects'>, ctx: OperationContext) {
  // No right on the bucket itself is needed: each key is authorized as DeleteObject (DeleteObjectVersion) would
  // be, and one the caller may not delete is an AccessDenied entry among the others' results.
  const found = locateBucket(ctx, input.Bucket);
  const entries = input.Delete?.Objects ?? [];
  if (entries.length === 0 || entries.length > 1000) throw malformedXml();
  const quiet = input.Delete?.Quiet === true;
  const deleted: Array<Record<string, unknown>> = [];
  const errors: Array<Record<string, unknown>> = [];
  const released: string[] = [];
  ctx.store.transaction(() => {
    for (const entry of entries) {
      const key = entry.Key ?? '';
      try {
        bucketFor(ctx, input.Bucket, { action: entry.VersionId === undefined ? 'DeleteObject' : 'DeleteObjectVersion', key });
        const r = deleteOne(ctx, found, key, entry.VersionId, released);
        if (quiet) continue;
        const item: Record<string, unknown> = { Key: key };
        if (entry.VersionId !== undefined) item['VersionId'] = entry.VersionId;
        if (r.DeleteMarker) {
          item['DeleteMarker'] = true;
          item['DeleteMarkerVersionId'] = r.VersionId;
        }
        deleted.push(item);
      } catch (error) {
        const e = error as { code?: string; message: string };
        errors.push({ Key: key, ...(entry.VersionId !== undefined ? { VersionId: entry.VersionId } : {}), Code: e.code ?? 'InternalError', Message: e.message });
      }
    }
  });
  for (const key of released) objectStore(ctx).release(key);
  return { ...(deleted.length > 0 ? { Deleted: deleted } : {}), ...(errors.length > 0 ? { Errors: errors } : {}) };
}

/** `x-amz-copy-source`: `bucket/key` or `/bucket/key`, URL-encoded, optionally `?versionId=…`. */
export function parseCopySource(source: string | undefined): { bucket: string; key: string; versionId?: string } {
  const invalid = () => invalidArgument('Invalid copy source object key', 'x-amz-copy-source', source);
  if (source === undefined) throw invalid();
  const [path = '', query] = source.replace(/^\//, '').split('?', 2);
  const slash = path.indexOf('/');
  if (slash <= 0 || slash === path.length - 1) throw invalid();
  let bucket: string;
  let key: string;
  try {
    bucket = decodeURIComponent(path.slice(0, slash));
    key = decodeURIComponent(path.slice(slash + 1));
  } catch {
    throw invalid();
  }
  const versionId = query === undefined ? undefined : new URLSearchParams(query).get('versionId') ?? undefined;
  return versionId === undefined ? { bucket, key } : { bucket, key, versionId };
}

export async function copyObject(input: Input<'CopyObject'>, ctx: OperationContext) {
  const source = parseCopySource(input.CopySource);
  checkExpectedOwner(ctx, source.bucket, input.ExpectedSourceBucketOwner);
  const from = bucketFor(ctx, source.bucket, { action: source.versionId === undefined ? 'GetObject' : 'GetObjectVersion', key: source.key });
  const found = bucketFor(ctx, input.Bucket, { action: 'PutObject', key: input.Key });
  checkKeyLength(input.Key);
  checkNoAcl(found, input);
  const v = readVersion(ctx, from, source.key, source.versionId, 'GET');
  checkConditions(
    { IfMatch: input.CopySourceIfMatch, IfNoneMatch: input.CopySourceIfNoneMatch, IfModifiedSince: input.CopySourceIfModifiedSince, IfUnmodifiedSince: input.CopySourceIfUnmodifiedSince },
    v,
    { match: 'x-amz-copy-source-If-Match', unmodified: 'x-amz-copy-source-If-Unmodified-Since' },
    true,
  );
  const directive = input.MetadataDirective ?? 'COPY';
  const tagging = input.TaggingDirective ?? 'COPY';
  if (directive !== 'COPY' && directive !== 'REPLACE') throw invalidArgument('Unknown metadata directive.', 'MetadataDirective', directive);
  if (tagging !== 'COPY' && tagging !== 'REPLACE') throw invalidArgument('Unknown tagging directive.', 'TaggingDirective', tagging);
  const same = from.bucket.Name === found.bucket.Name && source.key === input.Key;
  if (same && directive === 'COPY' && input.StorageClass === undefined && input.WebsiteRedirectLocation === undefined && input.ServerSideEncryption === undefined && input.ChecksumAlgorithm === undefined) {
    throw invalidRequest(
      "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.",
    );
  }
  const algorithm = input.ChecksumAlgorithm?.toUpperCase() ?? v.checksum?.algorithm;
  const algorithms: ChecksumAlgorithm[] = algorithm !== undefined && isChecksumAlgorithm(algorithm) ? [algorithm] : [];
  const replacedTags = tagging === 'REPLACE' ? parseTagging(input.Tagging) ?? [] : undefined;
  const blobs = objectStore(ctx);
  const written = (v.Size ?? 0) === 0 ? await blobs.write(Readable.from([]), algorithms) : await blobs.write(blobs.read(v.blob!), algorithms);
  const attributes = directive === 'REPLACE' ? objectAttributes(input) : copiedAttributes(v);
  const tags = replacedTags ?? v.tags;
  const checksum = algorithms[0] === undefined ? undefined : { algorithm: algorithms[0], value: written.checksums[algorithms[0]]!, type: 'FULL_OBJECT' as const };
  const record = commitVersion(ctx, found, {
    Key: input.Key,
    LastModified: s3Time(ctx.clock.now()),
    blob: written.key,
    Size: written.size,
    // The copy is stored in one piece: its ETag is the MD5 of its bytes, even when the source's was a multipart "…-N".
    ETag: `"${written.md5.toString('hex')}"`,
    ...attributes,
    ...(tags !== undefined && tags.length > 0 ? { tags } : {}),
    ...(checksum ? { checksum } : {}),
  });
  return {
    CopyObjectResult: { ETag: record.ETag, LastModified: new Date(record.LastModified), ...checksumMembers(checksum) },
    ...(from.bucket.versioning !== undefined ? { CopySourceVersionId: v.VersionId } : {}),
    ...versionIdMember(found, record),
    ServerSideEncryption: 'AES256',
  };
}

/** What a COPY directive keeps of the source: its content headers and metadata. */
function copiedAttributes(v: VersionRecord): Partial<VersionRecord> {
  const out: Partial<VersionRecord> = {};
  for (const name of ['ContentType', 'CacheControl', 'ContentDisposition', 'ContentEncoding', 'ContentLanguage', 'Expires', 'WebsiteRedirectLocation', 'Metadata', 'StorageClass'] as const) {
    if (v[name] !== undefined) (out as Record<string, unknown>)[name] = v[name];
  }
  return out;
}

export function putObjectTagging(input: Input<'PutObjectTagging'>, ctx: OperationContext) {
  const found = bucketFor(ctx, input.Bucket, { action: input.VersionId === undefined ? 'PutObjectTagging' : 'PutObjectVersionTagging', key: input.Key });
  const tags = checkTags(input.Tagging?.TagSet ?? [], 10);
  const v = readVersion(ctx, found, input.Key, input.VersionId, 'PUT');
  const next: VersionRecord = { ...v };
  if (tags.length > 0) next.tags = tags;
  else delete next.tags;
  updateVersion(tables(ctx), found, next);
  return versionIdMember(found, v);
}

export function getObjectTagging(input: Input<'GetObjectTagging'>, ctx: OperationContext) {
  const found = bucketFor(ctx, input.Bucket, { action: input.VersionId === undefined ? 'GetObjectTagging' : 'GetObjectVersionTagging', key: input.Key });
  const v = readVersion(ctx, found, input.Key, input.VersionId, 'GET');
  return { ...versionIdMember(found, v), TagSet: v.tags ?? [] };
}

export function deleteObjectTagging(input: Input<'DeleteObjectTagging'>, ctx: OperationContext) {
  const found = bucketFor(ctx, input.Bucket, { action: input.VersionId === undefined ? 'DeleteObjectTagging' : 'DeleteObjectVersionTagging', key: input.Key });
  const v = readVersion(ctx, found, input.Key, input.VersionId, 'DELETE');
  const { tags: _, ...rest } = v;
  updateVersion(tables(ctx), found, rest);
  return versionIdMember(found, v);
}

export function getObjectAcl(input: Input<'GetObjectAcl'>, ctx: OperationContext) {
  const found = bucketFor(ctx, input.Bucket, { action: input.VersionId === undefined ? 'GetObjectAcl' : 'GetObjectVersionAcl', key: input.Key });
  readVersion(ctx, found, input.Key, input.VersionId, 'GET');
  return ownerAcl(found.bucket.owner);
}
