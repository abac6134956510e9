/**
 * Finding the version a read names (GetObject, HeadObject, tagging, a copy's source), the conditional headers,
 * byte ranges, and the members an object is answered with.
 */
import type { OperationContext } from '../types.js';
import { invalidRange, invalidVersionId, methodNotAllowed, noSuchKey, noSuchVersion, notModified, preconditionFailed } from './errors.js';
import type { VersionRecord } from './records.js';
import { tables, versionsOf, type FoundBucket } from './state.js';

/** The version `versionId` names, or the key's current one; S3's errors for a missing key or a delete marker. */
export function readVersion(ctx: OperationContext, found: FoundBucket, key: string, versionId: string | undefined, method: string): VersionRecord {
  const t = tables(ctx);
  if (versionId !== undefined) {
    checkVersionId(versionId);
    const version = versionsOf(t, found, key).find((v) => v.VersionId === versionId);
    if (!version) throw noSuchVersion(key, versionId);
    if (version.deleteMarker) {
      throw methodNotAllowed(method, 'DeleteMarker', { 'x-amz-delete-marker': 'true', 'Last-Modified': new Date(version.LastModified).toUTCString(), 'x-amz-version-id': version.VersionId });
    }
    return version;
  }
  const current = t.objects.get(found.scope, found.bucket.Name, key);
  if (current) return current;
  const newest = versionsOf(t, found, key)[0];
  if (newest?.deleteMarker) throw noSuchKey(key, { 'x-amz-delete-marker': 'true', 'x-amz-version-id': newest.VersionId });
  throw noSuchKey(key);
}

/** S3's version ids are 32 characters (or `null`); anything else is malformed, not merely absent. */
export function checkVersionId(versionId: string): void {
  if (versionId !== 'null' && !/^[A-Za-z0-9._]{32}$/.test(versionId)) throw invalidVersionId();
}

const unquote = (etag: string): string => etag.trim().replace(/^W\//, '').replace(/^"(.*)"$/, '$1');
/** Whether an If-Match/If-None-Match header (a list of ETags, or `*`) names `etag`. */
export const etagMatches = (header: string, etag: string): boolean => header.split(',').some((h) => h.trim() === '*' || unquote(h) === unquote(etag));
const seconds = (date: Date | string): number => Math.floor(new Date(date).getTime() / 1000);

export interface Conditions {
  IfMatch?: string;
  IfNoneMatch?: string;
  IfModifiedSince?: Date;
  IfUnmodifiedSince?: Date;
}

/**
 * RFC 7232's order, as S3 applies it: If-Match (else If-Unmodified-Since) may fail with 412; then If-None-Match
 * (else If-Modified-Since) may answer 304. `names` are how the 412's Condition names each header.
 */
export function checkConditions(c: Conditions, version: VersionRecord, names = { match: 'If-Match', unmodified: 'If-Unmodified-Since' }, notModifiedIs412 = false): void {
  const etag = version.ETag ?? '';
  const modified = seconds(version.LastModified);
  if (c.IfMatch !== undefined) {
    if (!etagMatches(c.IfMatch, etag)) throw preconditionFailed(names.match);
  } else if (c.IfUnmodifiedSince !== undefined && modified > seconds(c.IfUnmodifiedSince)) throw preconditionFailed(names.unmodified);
  const unchanged = c.IfNoneMatch !== undefined ? etagMatches(c.IfNoneMatch, etag) : c.IfModifiedSince !== undefined && modified <= seconds(c.IfModifiedSince);
  if (!unchanged) return;
  if (notModifiedIs412) throw preconditionFailed(c.IfNoneMatch !== undefined ? 'x-amz-copy-source-If-None-Match' : 'x-amz-copy-source-If-Modified-Since');
  throw notModified({ ETag: etag, 'Last-Modified': new Date(version.LastModified).toUTCString() });
}

/**
 * The bytes a Range header asks for, inclusive; undefined for the whole object (no header, or one S3 ignores:
 * not `bytes=`, several ranges, or malformed). Unsatisfiable → 416 InvalidRange.
 */
export function byteRange(header: string | undefined, size: number): { start: number; end: number } | undefined {
  if (header === undefined) return undefined;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0 || size === 0) throw invalidRange(header, size);
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (m[2] !== '' && Number(m[2]) < start) return undefined;
  if (start >= size) throw invalidRange(header, size);
  return { start, end };
}

/** The members every read of an object answers (GetObject, HeadObject). */
export function objectMembers(found: FoundBucket, v: VersionRecord): Record<string, unknown> {
  const out: Record<string, unknown> = {
    AcceptRanges: 'bytes',
    LastModified: new Date(v.LastModified),
    ContentLength: v.Size ?? 0,
    ETag: v.ETag,
    ContentType: v.ContentType ?? 'binary/octet-stream',
    ServerSideEncryption: 'AES256',
  };
  if (found.bucket.versioning !== undefined) out['VersionId'] = v.VersionId;
  for (const name of ['CacheControl', 'ContentDisposition', 'ContentEncoding', 'ContentLanguage', 'WebsiteRedirectLocation'] as const) {
    if (v[name] !== undefined) out[name] = v[name];
  }
  // As stored: the text the writer gave (see expiresText).
  if (v.Expires !== undefined) out['Expires'] = v.Expires;
  if (v.Metadata !== undefined && Object.keys(v.Metadata).length > 0) out['Metadata'] = v.Metadata;
  if (v.StorageClass !== undefined && v.StorageClass !== 'STANDARD') out['StorageClass'] = v.StorageClass;
  return out;
}
