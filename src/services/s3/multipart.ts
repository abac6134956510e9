/**
 * Multipart uploads: CreateMultipartUpload, UploadPart, UploadPartCopy, CompleteMultipartUpload,
 * AbortMultipartUpload, ListParts, ListMultipartUploads. Each part is a body of its own; completing streams the
 * chosen parts, in order, into one new body, then records the object and drops the upload in one transaction.
 */
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { checksumOf, isChecksumAlgorithm, type ChecksumAlgorithm } from '../../store/checksums.js';
import { compareKeys } from '../../store/key-order.js';
import type { Operations } from '../../wire/models/s3-2006-03-01.js';
import type { OperationContext } from '../types.js';
import { checksumMembers, requestedChecksums, verifyBody, type ChecksumMembers } from './checksum-input.js';
import { entityTooSmall, incompleteBody, invalidArgument, invalidPart, invalidPartOrder, invalidRange, invalidRequest, malformedXml, noSuchUpload } from './errors.js';
import { checkConditions, readVersion } from './object-reads.js';
import { checkKeyLength, checkNoAcl, commitVersion, objectAttributes, parseCopySource, parseTagging, writeConditions } from './objects.js';
import type { PartRecord, StoredChecksum, UploadRecord } from './records.js';
import { bucketFor, checkExpectedOwner, objectStore, ownerOf, partRowId, s3Time, tables, type FoundBucket } from './state.js';

type Input<Op extends keyof Operations> = Operations[Op]['input'];

const MIN_PART = 5 * 1024 * 1024;

function requireUpload(ctx: OperationContext, found: FoundBucket, key: string, uploadId: string | undefined): UploadRecord {
  const upload = uploadId === undefined ? undefined : tables(ctx).uploads.get(found.scope, found.bucket.Name, uploadId);
  if (!upload || upload.Key !== key) throw noSuchUpload(uploadId ?? '');
  return upload;
}

function checkPartNumber(n: number | undefined): number {
  if (n === undefined || !Number.isInteger(n) || n < 1 || n > 10000) {
    throw invalidArgument('Part number must be an integer between 1 and 10000, inclusive', 'partNumber', String(n ?? ''));
  }
  return n;
}

export function createMultipartUpload(input: Input<'CreateMultipartUpload'>, ctx: OperationContext) {
  const found = bucketFor(ctx, input.Bucket, { action: 'PutObject', key: input.Key });
  checkKeyLength(input.Key);
  checkNoAcl(found, input);
  const tags = parseTagging(input.Tagging);
  let algorithm: ChecksumAlgorithm | undefined;
  if (input.ChecksumAlgorithm !== undefined) {
    const named = input.ChecksumAlgorithm.toUpperCase();
    if (!isChecksumAlgorithm(named)) throw invalidRequest('Checksum algorithm provided is unsupported. Please try again with any of the valid types: [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]');
    algorithm = named;
  }
  // CRC64NVME exists only over the whole object; the others default to a checksum of the parts' checksums.
  const requestedType = (input as { ChecksumType?: string }).ChecksumType;
  if (requestedType !== undefined && requestedType !== 'FULL_OBJECT' && requestedType !== 'COMPOSITE') {
    throw invalidRequest('Value for x-amz-checksum-type header is invalid.');
  }
  if (requestedType !== undefined && algorithm === undefined) throw invalidRequest('The x-amz-checksum-type header can only be used with the x-amz-checksum-algorithm header.');
  const checksumType = algorithm === undefined ? undefined : (requestedType ?? (algorithm === 'CRC64NVME' ? 'FULL_OBJECT' : 'COMPOSITE'));
  if (checksumType === 'COMPOSITE' && algorithm === 'CRC64NVME') throw invalidRequest('The COMPOSITE checksum type cannot be used with the crc64nvme checksum algorithm.');
  if (checksumType === 'FULL_OBJECT' && (algorithm === 'SHA1' || algorithm === 'SHA256')) throw invalidRequest(`The FULL_OBJECT checksum type cannot be used with the ${algorithm.toLowerCase()} checksum algorithm.`);
  const uploadId = randomBytes(48).toString('base64url');
  const upload: UploadRecord = {
    UploadId: uploadId,
    Key: input.Key,
    Initiated: s3Time(ctx.clock.now()),
    object: { ...objectAttributes(input), ...(tags !== undefined && tags.length > 0 ? { tags } : {}) },
    initiator: ctx.scope.account,
    ...(algorithm ? { checksumAlgorithm: algorithm } : {}),
    ...(checksumType ? { checksumType } : {}),
  };
  tables(ctx).uploads.insert(found.scope, found.bucket.Name, uploadId, upload);
  return { Bucket: found.bucket.Name, Key: input.Key, UploadId: uploadId, ServerSideEncryption: 'AES256', ...(algorithm ? { ChecksumAlgorithm: algorithm, ChecksumType: checksumType } : {}) };
}

/** Records a stored part (replacing one with the same number), or removes its body if the upload is gone. */
function commitPart(ctx: OperationContext, found: FoundBucket, key: string, uploadId: string, part: PartRecord): void {
  const blobs = objectStore(ctx);
  let replaced: string | undefined;
  try {
    ctx.store.transaction(() => {
      requireUpload(ctx, found, key, uploadId);
      const t = tables(ctx);
      const id = partRowId(part.PartNumber);
      const old = t.parts.get(found.scope, uploadId, id);
      if (old) {
        replaced = old.blob;
        t.parts.delete(found.scope, uploadId, id);
      }
      t.parts.insert(found.scope, uploadId, id, part);
    });
  } catch (error) {
    blobs.release(part.blob);
    throw error;
  }
  if (replaced !== undefined) blobs.release(replaced);
}

export async function uploadPart(input: Input<'UploadPart'>, ctx: OperationContext) {
  const found = bucketFor(ctx, input.Bucket, { action: 'PutObject', key: input.Key });
  const partNumber = checkPartNumber(input.PartNumber);
  const upload = requireUpload(ctx, found, input.Key, input.UploadId);
  const requested = requestedChecksums(input as ChecksumMembers);
  if (upload.checksumAlgorithm) requested.algorithms.add(upload.checksumAlgorithm);
  const blobs = objectStore(ctx);
  const written = await blobs.write(input.Body ?? Readable.from([]), requested.algorithms);
  let checksum: StoredChecksum | undefined;
  try {
    if (input.ContentLength !== undefined && written.size < input.ContentLength) throw incompleteBody();
    checksum = await verifyBody(requested, input.Body, written, blobs);
  } catch (error) {
    blobs.remove(written.key);
    throw error;
  }
  const etag = `"${written.md5.toString('hex')}"`;
  commitPart(ctx, found, input.Key, upload.UploadId, { PartNumber: partNumber, ETag: etag, Size: written.size, LastModified: s3Time(ctx.clock.now()), blob: written.key, checksums: written.checksums });
  return { ETag: etag, ServerSideEncryption: 'AES256', ...checksumMembers(checksum ?? (upload.checksumAlgorithm ? { algorithm: upload.checksumAlgorithm, value: written.checksums[upload.checksumAlgorithm]!, type: 'FULL_OBJECT' } : undefined)) };
}

export async function uploadPartCopy(input: Input<'UploadPartCopy'>, ctx: OperationContext) {
  const source = parseCopySource(input.CopySource);
  checkExpectedOwner(ctx, source.bucket, input.ExpectedSourceBucketOwner);
  const from = bucketFor(ctx, source.bucket, { action: source.versionId === undefined ? 'GetObject' : 'GetObjectVersion', key: source.key });
  const found = bucketFor(ctx, input.Bucket, { action: 'PutObject', key: input.Key });
  const partNumber = checkPartNumber(input.PartNumber);
  const upload = requireUpload(ctx, found, input.Key, input.UploadId);
  const v = readVersion(ctx, from, source.key, source.versionId, 'GET');
  checkConditions(
    { IfMatch: input.CopySourceIfMatch, IfNoneMatch: input.CopySourceIfNoneMatch, IfModifiedSince: input.CopySourceIfModifiedSince, IfUnmodifiedSince: input.CopySourceIfUnmodifiedSince },
    v,
    { match: 'x-amz-copy-source-If-Match', unmodified: 'x-amz-copy-source-If-Unmodified-Since' },
    true,
  );
  const size = v.Size ?? 0;
  let range: { start: number; end: number } | undefined;
  if (input.CopySourceRange !== undefined) {
    const m = /^bytes=(\d+)-(\d+)$/.exec(input.CopySourceRange);
    if (!m) throw invalidArgument('The x-amz-copy-source-range value must be of the form bytes=first-last where first and last are the zero-based offsets of the first and last bytes to copy', 'x-amz-copy-source-range', input.CopySourceRange);
    range = { start: Number(m[1]), end: Number(m[2]) };
    if (range.end < range.start || range.end >= size) throw invalidRange(input.CopySourceRange, size);
  }
  const blobs = objectStore(ctx);
  const algorithms = upload.checksumAlgorithm ? [upload.checksumAlgorithm] : [];
  const written = size === 0 ? await blobs.write(Readable.from([]), algorithms) : await blobs.write(blobs.read(v.blob!, range), algorithms);
  const etag = `"${written.md5.toString('hex')}"`;
  const lastModified = s3Time(ctx.clock.now());
  commitPart(ctx, found, input.Key, upload.UploadId, { PartNumber: partNumber, ETag: etag, Size: written.size, LastModified: lastModified, blob: written.key, checksums: written.checksums });
  return {
    CopyPartResult: { ETag: etag, LastModified: new Date(lastModified) },
    ...(from.bucket.versioning !== undefined ? { CopySourceVersionId: v.VersionId } : {}),
    ServerSideEncryption: 'AES256',
  };
}

const unquote = (etag: string): string => etag.trim().replace(/^"(.*)"$/, '$1');

export async function completeMultipartUpload(input: Input<'CompleteMultipartUpload'>, ctx: OperationContext) {
  const found = bucketFor(ctx, input.Bucket, { action: 'PutObject', key: input.Key });
  const upload = requireUpload(ctx, found, input.Key, input.UploadId);
  // A refused condition leaves the upload as it was (its parts can be completed later).
  const conditions = writeConditions(ctx, found, input.Key, input);
  const listed = input.MultipartUpload?.Parts ?? [];
  if (listed.length === 0) throw malformedXml();
  const t = tables(ctx);
  const stored = new Map(t.parts.list(found.scope, upload.UploadId).map((p) => [p.PartNumber, p]));
  const chosen: PartRecord[] = [];
  let previous = 0;
  for (const entry of listed) {
    const n = entry.PartNumber ?? 0;
    if (n <= previous) throw invalidPartOrder(upload.UploadId);
    previous = n;
    const part = stored.get(n);
    if (!part || entry.ETag === undefined || unquote(entry.ETag) !== unquote(part.ETag)) throw invalidPart(upload.UploadId, n, entry.ETag ?? '');
    chosen.push(part);
  }
  chosen.slice(0, -1).forEach((p) => {
    if (p.Size < MIN_PART) throw entityTooSmall(p.Size, p.PartNumber, p.ETag);
  });
  const blobs = objectStore(ctx);
  const algorithm = upload.checksumAlgorithm;
  const whole = algorithm !== undefined && upload.checksumType === 'FULL_OBJECT';
  const written = await blobs.concat(chosen.map((p) => p.blob), whole ? [algorithm] : []);
  const md5s = Buffer.concat(chosen.map((p) => Buffer.from(unquote(p.ETag), 'hex')));
  const etag = `"${createHash('md5').update(md5s).digest('hex')}-${chosen.length}"`;
  let checksum: StoredChecksum | undefined;
  if (whole) checksum = { algorithm, value: written.checksums[algorithm]!, type: 'FULL_OBJECT' };
  else if (algorithm !== undefined && chosen.every((p) => p.checksums[algorithm] !== undefined)) {
    const joined = Buffer.concat(chosen.map((p) => Buffer.from(p.checksums[algorithm]!, 'base64')));
    checksum = { algorithm, value: `${await checksumOf(algorithm, joined)}-${chosen.length}`, type: 'COMPOSITE' };
  }
  const dropped: string[] = [];
  const record = commitVersion(
    ctx,
    found,
    { ...upload.object, Key: upload.Key, LastModified: s3Time(ctx.clock.now()), blob: written.key, Size: written.size, ETag: etag, parts: chosen.map((p) => p.Size), ...(checksum ? { checksum } : {}) },
    () => {
      conditions?.();
      requireUpload(ctx, found, input.Key, upload.UploadId);
      // The parts as they are now (one may have been uploaded again while the body was assembled).
      for (const part of t.parts.list(found.scope, upload.UploadId)) dropped.push(part.blob);
      t.parts.deleteByParent(found.scope, upload.UploadId);
      t.uploads.delete(found.scope, found.bucket.Name, upload.UploadId);
    },
  );
  for (const key of dropped) blobs.release(key);
  return {
    Location: `http://${found.bucket.Name}.s3.${found.bucket.region}.amazonaws.com/${encodeURIComponent(upload.Key).replace(/%2F/g, '/')}`,
    Bucket: found.bucket.Name,
    Key: upload.Key,
    ETag: etag,
    ServerSideEncryption: 'AES256',
    ...(found.bucket.versioning !== undefined ? { VersionId: record.VersionId } : {}),
    ...checksumMembers(checksum),
  };
}

export async function abortMultipartUpload(input: Input<'AbortMultipartUpload'>, ctx: OperationContext) {
  const found = bucketFor(ctx, input.Bucket, { action: 'AbortMultipartUpload', key: input.Key });
  const t = tables(ctx);
  const parts = ctx.store.transaction(() => {
    const upload = requireUpload(ctx, found, input.Key, input.UploadId);
    const list = t.parts.list(found.scope, upload.UploadId);
    t.parts.deleteByParent(found.scope, upload.UploadId);
    t.uploads.delete(found.scope, found.bucket.Name, upload.UploadId);
    return list;
  });
  for (const part of parts) objectStore(ctx).release(part.blob);
  return {};
}

export function listParts(input: Input<'ListParts'>, ctx: OperationContext) {
  const found = bucketFor(ctx, input.Bucket, { action: 'ListMultipartUploadParts', key: input.Key });
  const upload = requireUpload(ctx, found, input.Key, input.UploadId);
  const max = input.MaxParts === undefined ? 1000 : Math.min(Math.max(0, input.MaxParts), 1000);
  const marker = input.PartNumberMarker ?? 0;
  const rows = tables(ctx).parts.range(found.scope, upload.UploadId, { after: partRowId(marker), limit: max + 1 });
  const page = rows.slice(0, max).map((r) => r.doc);
  const truncated = rows.length > max;
  const owner = ownerOf(found.bucket.owner);
  const algorithm = upload.checksumAlgorithm;
  return {
    Bucket: found.bucket.Name,
    Key: upload.Key,
    UploadId: upload.UploadId,
    PartNumberMarker: marker,
    ...(page.length > 0 ? { NextPartNumberMarker: page.at(-1)!.PartNumber } : {}),
    MaxParts: max,
    IsTruncated: truncated,
    ...(page.length > 0
      ? {
          Parts: page.map((p) => ({
            PartNumber: p.PartNumber,
            LastModified: new Date(p.LastModified),
            ETag: p.ETag,
            Size: p.Size,
            ...(algorithm && p.checksums[algorithm] ? { [`Checksum${algorithm}`]: p.checksums[algorithm] } : {}),
          })),
        }
      : {}),
    Initiator: { ID: ownerOf(upload.initiator).ID },
    Owner: owner,
    StorageClass: upload.object.StorageClass ?? 'STANDARD',
    ...(algorithm ? { ChecksumAlgorithm: algorithm } : {}),
  };
}

export function listMultipartUploads(input: Input<'ListMultipartUploads'>, ctx: OperationContext) {
  const found = bucketFor(ctx, input.Bucket, { action: 'ListBucketMultipartUploads' });
  const max = input.MaxUploads === undefined ? 1000 : Math.min(Math.max(0, input.MaxUploads), 1000);
  const prefix = input.Prefix ?? '';
  const keyMarker = input.KeyMarker ?? '';
  const uploadMarker = input.UploadIdMarker ?? '';
  const all = tables(ctx)
    .uploads.list(found.scope, found.bucket.Name)
    .filter((u) => u.Key.startsWith(prefix))
    .sort((a, b) => compareKeys(a.Key, b.Key) || a.Initiated.localeCompare(b.Initiated))
    .filter((u) => {
      if (keyMarker === '') return true;
      const c = compareKeys(u.Key, keyMarker);
      if (c !== 0) return c > 0;
      if (uploadMarker === '') return false;
      return u.UploadId > uploadMarker;
    });
  const uploads: UploadRecord[] = [];
  const prefixes: string[] = [];
  let truncated = false;
  for (const u of all) {
    const at = input.Delimiter ? u.Key.indexOf(input.Delimiter, prefix.length) : -1;
    const common = at >= 0 ? u.Key.slice(0, at + input.Delimiter!.length) : undefined;
    if (common !== undefined && prefixes.includes(common)) continue;
    if (uploads.length + prefixes.length === max) {
      truncated = true;
      break;
    }
    if (common !== undefined) prefixes.push(common);
    else uploads.push(u);
  }
  const owner = ownerOf(found.bucket.owner);
  const last = uploads.at(-1);
  return {
    Bucket: found.bucket.Name,
    KeyMarker: keyMarker,
    UploadIdMarker: uploadMarker,
    ...(truncated && last ? { NextKeyMarker: last.Key, NextUploadIdMarker: last.UploadId } : {}),
    Prefix: prefix,
    ...(input.Delimiter ? { Delimiter: input.Delimiter } : {}),
    MaxUploads: max,
    IsTruncated: truncated,
    ...(uploads.length > 0
      ? {
          Uploads: uploads.map((u) => ({
            UploadId: u.UploadId,
            Key: u.Key,
            Initiated: new Date(u.Initiated),
            StorageClass: u.object.StorageClass ?? 'STANDARD',
            Owner: owner,
            Initiator: { ID: ownerOf(u.initiator).ID },
            ...(u.checksumAlgorithm ? { ChecksumAlgorithm: u.checksumAlgorithm } : {}),
          })),
        }
      : {}),
    ...(prefixes.length > 0 ? { CommonPrefixes: prefixes.map((p) => ({ Prefix: p })) } : {}),
  };
}
