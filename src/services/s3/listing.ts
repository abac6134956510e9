/**
 * ListObjectsV2, ListObjects and ListObjectVersions: keys in UTF-8 byte order read from the store a page at a
 * time (`DocumentTable.range`), keys sharing a prefix up to the delimiter rolled up into one CommonPrefix and
 * skipped in one seek past them.
 */
import type { Scope } from '../../shared/accounts.js';
import { compareKeys, prefixEnd } from '../../store/key-order.js';
import type { DocumentTable, Keyed } from '../../store/store.js';
import type { Operations } from '../../wire/models/s3-2006-03-01.js';
import type { OperationContext } from '../types.js';
import { invalidArgument } from './errors.js';
import type { VersionRecord } from './records.js';
import { bucketFor, keyOfVersionRow, ownerOf, tables, versionRowId, versionRowsEnd, versionRowsFrom, versionRowsOf, versionsOf, type FoundBucket } from './state.js';

type Input<Op extends keyof Operations> = Operations[Op]['input'];

interface Walk<T> {
  table: DocumentTable<T>;
  scope: Scope;
  parent: string;
  prefix: string;
  delimiter?: string;
  max: number;
  /** Where to start reading rows. */
  start: { after?: string; from?: string };
  /** Rolled-up prefixes at or before this one were answered on an earlier page. */
  marker?: string;
  keyOf(id: string): string;
  /** Where the rows of keys from this one on start (the table's ids may encode keys). */
  idOf(key: string): string;
}

interface Walked<T> {
  rows: Array<Keyed<T>>;
  prefixes: string[];
  truncated: boolean;
  /** The last key or prefix answered, when truncated. */
  last?: { key: string; row?: Keyed<T> };
}

/** Rows read after a jump past a CommonPrefix. */
const AFTER_JUMP = 8;

function walk<T>(w: Walk<T>): Walked<T> {
  const out: Walked<T> = { rows: [], prefixes: [], truncated: false };
  if (w.max === 0) return out;
  let bound = w.start;
  let count = 0;
  let jumped = false;
  for (;;) {
    // Past a rolled-up prefix the next rows may well be the next prefix's: a few are read to find out, not a
    // page's worth (a page of 1,000 prefixes holding many keys each would otherwise parse ~1M documents).
    const limit = jumped ? Math.min(AFTER_JUMP, w.max - count + 1) : w.max - count + 1;
    const rows = w.table.range(w.scope, w.parent, { ...(w.prefix === '' ? {} : { prefix: w.idOf(w.prefix) }), ...bound, limit });
    jumped = false;
    for (const row of rows) {
      const key = w.keyOf(row.id);
      const at = w.delimiter ? key.indexOf(w.delimiter, w.prefix.length) : -1;
      if (at >= 0) {
        const common = key.slice(0, at + w.delimiter!.length);
        const end = prefixEnd(common);
        if (w.marker === undefined || compareKeys(common, w.marker) > 0) {
          if (count === w.max) return { ...out, truncated: true };
          out.prefixes.push(common);
          out.last = { key: common };
          count++;
        }
        if (end === undefined) return out;
        bound = { from: w.idOf(end) };
        jumped = true;
        break;
      }
      if (count === w.max) return { ...out, truncated: true };
      out.rows.push(row);
      out.last = { key, row };
      count++;
      bound = { after: row.id };
    }
    if (!jumped && rows.length < limit) return out;
  }
}

function maxKeysOf(value: number | undefined): number {
  if (value === undefined) return 1000;
  if (!Number.isInteger(value) || value < 0) throw invalidArgument('Argument maxKeys must be an integer between 0 and 2147483647', 'maxKeys');
  return Math.min(value, 1000);
}

function encoder(encodingType: string | undefined): (s: string) => string {
  if (encodingType === undefined) return (s) => s;
  if (encodingType !== 'url') throw invalidArgument('Invalid Encoding Method specified in Request', 'encoding-type', encodingType);
  return (s) => encodeURIComponent(s).replace(/%2F/g, '/');
}

const contentOf = (v: VersionRecord, enc: (s: string) => string, owner?: string) => ({
  Key: enc(v.Key),
  LastModified: new Date(v.LastModified),
  ETag: v.ETag,
  ...(v.checksum ? { ChecksumAlgorithm: [v.checksum.algorithm] } : {}),
  Size: v.Size ?? 0,
  StorageClass: v.StorageClass ?? 'STANDARD',
  ...(owner !== undefined ? { Owner: ownerOf(owner) } : {}),
});

/** The current objects (and rolled-up prefixes) of a ListObjects or ListObjectsV2 page, after `marker`. */
function walkCurrent(ctx: OperationContext, found: FoundBucket, prefix: string, delimiter: string | undefined, max: number, marker: string | undefined) {
  return walk({
    table: tables(ctx).objects,
    scope: found.scope,
    parent: found.bucket.Name,
    prefix,
    ...(delimiter ? { delimiter } : {}),
    max,
    start: marker === undefined ? {} : { after: marker },
    ...(marker === undefined ? {} : { marker }),
    keyOf: (id) => id,
    idOf: (key) => key,
  });
}

export function listObjectsV2(input: Input<'ListObjectsV2'>, ctx: OperationContext) {
  const found = bucketFor(ctx, input.Bucket, { action: 'ListBucket' });
  const max = maxKeysOf(input.MaxKeys);
  const enc = encoder(input.EncodingType);
  let marker: string | undefined;
  if (input.ContinuationToken !== undefined) {
    const decoded = /^[A-Za-z0-9_-]+$/.test(input.ContinuationToken) ? Buffer.from(input.ContinuationToken, 'base64url').toString('utf8') : '';
    if (!decoded.startsWith('k:')) throw invalidArgument('The continuation token provided is incorrect', 'continuation-token');
    marker = decoded.slice(2);
  } else if (input.StartAfter !== undefined && input.StartAfter !== '') marker = input.StartAfter;
  const prefix = input.Prefix ?? '';
  const walked = walkCurrent(ctx, found, prefix, input.Delimiter, max, marker);
  const out: Record<string, unknown> = {
    IsTruncated: walked.truncated,
    Name: found.bucket.Name,
    Prefix: enc(prefix),
    MaxKeys: max,
    KeyCount: walked.rows.length + walked.prefixes.length,
  };
  if (walked.rows.length > 0) out['Contents'] = walked.rows.map((r) => contentOf(r.doc, enc, input.FetchOwner === true ? found.bucket.owner : undefined));
  if (walked.prefixes.length > 0) out['CommonPrefixes'] = walked.prefixes.map((p) => ({ Prefix: enc(p) }));
  if (input.Delimiter) out['Delimiter'] = enc(input.Delimiter);
  if (input.EncodingType) out['EncodingType'] = input.EncodingType;
  if (input.ContinuationToken !== undefined) out['ContinuationToken'] = input.ContinuationToken;
  if (input.StartAfter !== undefined) out['StartAfter'] = enc(input.StartAfter);
  if (walked.truncated && walked.last) out['NextContinuationToken'] = Buffer.from(`k:${walked.last.key}`).toString('base64url');
  return out;
}

export function listObjects(input: Input<'ListObjects'>, ctx: OperationContext) {
  const found = bucketFor(ctx, input.Bucket, { action: 'ListBucket' });
  const max = maxKeysOf(input.MaxKeys);
  const enc = encoder(input.EncodingType);
  const marker = input.Marker === undefined || input.Marker === '' ? undefined : input.Marker;
  const prefix = input.Prefix ?? '';
  const walked = walkCurrent(ctx, found, prefix, input.Delimiter, max, marker);
  const out: Record<string, unknown> = { IsTruncated: walked.truncated, Marker: enc(input.Marker ?? ''), Name: found.bucket.Name, Prefix: enc(prefix), MaxKeys: max };
  if (walked.rows.length > 0) out['Contents'] = walked.rows.map((r) => contentOf(r.doc, enc, found.bucket.owner));
  if (walked.prefixes.length > 0) out['CommonPrefixes'] = walked.prefixes.map((p) => ({ Prefix: enc(p) }));
  if (input.Delimiter) {
    out['Delimiter'] = enc(input.Delimiter);
    // S3 gives NextMarker only with a delimiter; without one the last key answered is the next marker.
    if (walked.truncated && walked.last) out['NextMarker'] = enc(walked.last.key);
  }
  if (input.EncodingType) out['EncodingType'] = input.EncodingType;
  return out;
}

export function listObjectVersions(input: Input<'ListObjectVersions'>, ctx: OperationContext) {
  const found = bucketFor(ctx, input.Bucket, { action: 'ListBucketVersions' });
  const t = tables(ctx);
  const max = maxKeysOf(input.MaxKeys);
  const enc = encoder(input.EncodingType);
  const keyMarker = input.KeyMarker === undefined || input.KeyMarker === '' ? undefined : input.KeyMarker;
  let start: { after?: string; from?: string } = {};
  if (keyMarker !== undefined) {
    const versionMarker = input.VersionIdMarker;
    if (versionMarker !== undefined && versionMarker !== '') {
      const at = versionsOf(t, found, keyMarker).find((v) => v.VersionId === versionMarker);
      if (!at) throw invalidArgument('Invalid version id specified', 'version-id-marker', versionMarker);
      start = { after: versionRowId(keyMarker, at.seq) };
    } else start = { from: versionRowsEnd(keyMarker) };
  }
  const prefix = input.Prefix ?? '';
  const walked = walk({
    table: t.versions,
    scope: found.scope,
    parent: found.bucket.Name,
    prefix,
    ...(input.Delimiter ? { delimiter: input.Delimiter } : {}),
    max,
    start,
    ...(keyMarker === undefined ? {} : { marker: keyMarker }),
    keyOf: keyOfVersionRow,
    idOf: versionRowsFrom,
  });
  const latest = new Map<string, number>();
  const isLatest = (v: VersionRecord): boolean => {
    if (!latest.has(v.Key)) latest.set(v.Key, t.versions.range(found.scope, found.bucket.Name, { prefix: versionRowsOf(v.Key), limit: 1 })[0]?.doc.seq ?? -1);
    return latest.get(v.Key) === v.seq;
  };
  const owner = ownerOf(found.bucket.owner);
  const versions = walked.rows.filter((r) => !r.doc.deleteMarker).map((r) => ({
    ETag: r.doc.ETag,
    ...(r.doc.checksum ? { ChecksumAlgorithm: [r.doc.checksum.algorithm] } : {}),
    Size: r.doc.Size ?? 0,
    StorageClass: r.doc.StorageClass ?? 'STANDARD',
    Key: enc(r.doc.Key),
    VersionId: r.doc.VersionId,
    IsLatest: isLatest(r.doc),
    LastModified: new Date(r.doc.LastModified),
    Owner: owner,
  }));
  const markers = walked.rows.filter((r) => r.doc.deleteMarker).map((r) => ({
    Owner: owner,
    Key: enc(r.doc.Key),
    VersionId: r.doc.VersionId,
    IsLatest: isLatest(r.doc),
    LastModified: new Date(r.doc.LastModified),
  }));
  const out: Record<string, unknown> = {
    IsTruncated: walked.truncated,
    KeyMarker: enc(input.KeyMarker ?? ''),
    VersionIdMarker: input.VersionIdMarker ?? '',
    Name: found.bucket.Name,
    Prefix: enc(prefix),
    MaxKeys: max,
  };
  if (versions.length > 0) out['Versions'] = versions;
  if (markers.length > 0) out['DeleteMarkers'] = markers;
  if (walked.prefixes.length > 0) out['CommonPrefixes'] = walked.prefixes.map((p) => ({ Prefix: enc(p) }));
  if (input.Delimiter) out['Delimiter'] = enc(input.Delimiter);
  if (input.EncodingType) out['EncodingType'] = input.EncodingType;
  if (walked.truncated && walked.last) {
    out['NextKeyMarker'] = enc(walked.last.key);
    if (walked.last.row) out['NextVersionIdMarker'] = walked.last.row.doc.VersionId;
  }
  return out;
}
