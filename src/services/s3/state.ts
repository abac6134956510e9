/**
 * S3's tables and what every operation shares: a bucket found by its global name and the caller's right to
 * act on it, the owner's canonical id, times as S3 shows them, and how versions are written and removed.
 */
import { createHash, randomBytes } from 'node:crypto';
import { evaluatePolicy } from '../../policy/evaluate.js';
import { parsePolicy } from '../../policy/document.js';
import { requestKeys, type Principal } from '../../policy/request.js';
import type { Scope } from '../../shared/accounts.js';
import type { BlobStore } from '../../store/blob-store.js';
import type { DocumentTable } from '../../store/store.js';
import type { OperationContext } from '../types.js';
import { accessDenied, noSuchBucket } from './errors.js';
import type { BucketRecord, PartRecord, UploadRecord, VersionRecord } from './records.js';

export interface Tables {
  /** parent '', id = bucket name (scope: the owner's account and the bucket's region) */
  buckets: DocumentTable<BucketRecord>;
  /** parent = bucket, id = key: the current version of each key that has one (not a delete marker) */
  objects: DocumentTable<VersionRecord>;
  /** parent = bucket, id = versionId(key, seq): every version and delete marker, newest first within a key */
  versions: DocumentTable<VersionRecord>;
  /** parent = bucket, id = upload id */
  uploads: DocumentTable<UploadRecord>;
  /** parent = upload id, id = partId(number) */
  parts: DocumentTable<PartRecord>;
}

export function tables(ctx: { store: OperationContext['store'] }): Tables {
  return {
    buckets: ctx.store.table('s3_buckets'),
    objects: ctx.store.table('s3_objects'),
    versions: ctx.store.table('s3_object_versions'),
    uploads: ctx.store.table('s3_uploads'),
    parts: ctx.store.table('s3_parts'),
  };
}

/** Sequence numbers count down in ids, so a key's newest version sorts first. */
const SEQ_TOP = 1e15;
/**
 * A versions row id is the key, each NUL in it written NUL ÿ, then NUL and the sequence number (16 digits,
 * always starting with 0: seq < 1e15). Keys may hold any character, NUL too: so no key's rows share a prefix
 * with another key's rows (a key's own NUL is followed by ÿ, the separator by 0), and rows sort as their keys
 * do in UTF-8 byte order (NUL ÿ sorts after NUL 0 and before any other character). Keys without NUL are
 * written as they are.
 */
const SEP = '\u0000';
const escapeKey = (key: string): string => (key.includes(SEP) ? key.replace(/\u0000/g, `${SEP}\u00ff`) : key);
export const versionRowId = (key: string, seq: number): string => `${escapeKey(key)}${SEP}${String(SEQ_TOP - seq).padStart(16, '0')}`;
/** The key a versions row belongs to. */
export const keyOfVersionRow = (id: string): string => id.slice(0, id.lastIndexOf(SEP)).replace(/\u0000\u00ff/g, SEP);
/** Every row of one key, and of no other, starts with this. */
export const versionRowsOf = (key: string): string => `${escapeKey(key)}${SEP}0`;
/** An id after every row of `key` and before the rows of any greater key (':' follows the digits). */
export const versionRowsEnd = (key: string): string => `${escapeKey(key)}${SEP}:`;
/** Where the rows of keys from `key` on start (a bound for `range`). */
export const versionRowsFrom = (key: string): string => escapeKey(key);
export const partRowId = (partNumber: number): string => String(partNumber).padStart(5, '0');

/** S3's canonical user id of an account: 64 hex digits, the same every time. */
export function canonicalId(account: string): string {
  return createHash('sha256').update(`gatehouse canonical user ${account}`).digest('hex');
}

export const ownerOf = (account: string) => ({ ID: canonicalId(account) });

/** A time as S3 keeps it: ISO 8601 to the second (S3 shows milliseconds as .000). */
export function s3Time(date: Date): string {
  return new Date(Math.floor(date.getTime() / 1000) * 1000).toISOString();
}

/** A new version id: 32 characters of S3's alphabet. */
function newVersionId(): string {
  return randomBytes(24).toString('base64url').replace(/-/g, '.');
}

/** What a caller may be denied: the action and the resource it names. */
export interface Access {
  action: string;
  key?: string;
}

export interface FoundBucket {
  scope: Scope;
  bucket: BucketRecord;
}

/** Whether a bucket policy makes the bucket public (an Allow to everyone with no condition narrowing it). */
export function isPublicPolicy(policy: string | undefined): boolean {
  if (policy === undefined) return false;
  const parsed = parsePolicy(policy);
  if (!parsed.ok) return false;
  const statements = Array.isArray(parsed.document.Statement) ? parsed.document.Statement : [parsed.document.Statement];
  return statements.some((s) => {
    if (s.Effect !== 'Allow' || s.Condition !== undefined) return false;
    const p = s.Principal;
    if (p === '*') return true;
    const aws = p?.AWS;
    return aws === '*' || (Array.isArray(aws) && aws.includes('*'));
  });
}

/** The bucket a request names, whoever asks (each part of the request is then authorized on its own). */
export function locateBucket(ctx: OperationContext, name: string): FoundBucket {
  const found = tables(ctx).buckets.locate('', name);
  if (!found) throw noSuchBucket(name);
  return { scope: found.scope, bucket: found.doc };
}

/**
 * The bucket a request names, if the caller may act on it: the owner's signed requests unless the bucket
 * policy denies them explicitly; another account's, or an anonymous one, only where the policy allows
 * (anonymous access also needs the public access block's RestrictPublicBuckets off, as on S3).
 */
export function bucketFor(ctx: OperationContext, name: string, access: Access): FoundBucket {
  const found = tables(ctx).buckets.locate('', name);
  if (!found) throw noSuchBucket(name);
  const bucket = found.doc;
  const anonymous = ctx.accessKeyId === undefined;
  const own = !anonymous && ctx.scope.account === bucket.owner;
  if (bucket.policy === undefined) {
    if (own) return { scope: found.scope, bucket };
    throw accessDenied();
  }
  // No configuration stored is the default for new buckets (everything blocked); null is a deleted one.
  const restrict = bucket.publicAccessBlock === undefined || bucket.publicAccessBlock?.RestrictPublicBuckets === true;
  if (anonymous && restrict && isPublicPolicy(bucket.policy)) throw accessDenied();
  const parsed = parsePolicy(bucket.policy);
  if (!parsed.ok) {
    if (own) return { scope: found.scope, bucket };
    throw accessDenied();
  }
  const principal: Principal = anonymous ? { kind: 'anonymous' } : { kind: 'aws', account: ctx.scope.account, arn: `arn:aws:iam::${ctx.scope.account}:root` };
  const resource = access.key === undefined ? `arn:aws:s3:::${name}` : `arn:aws:s3:::${name}/${access.key}`;
  // aws:SecureTransport is left out: Gatehouse serves plain HTTP, and the CDK's bootstrap bucket denies every
  // request that says so (its policy's Deny then never applies, as it would not over HTTPS on AWS).
  const keys = requestKeys({ 'aws:PrincipalAccount': anonymous ? undefined : ctx.scope.account, 's3:ResourceAccount': bucket.owner });
  const decision = evaluatePolicy(parsed.document, { principal, action: `s3:${access.action}`, resource, keys }).decision;
  if (decision === 'ExplicitDeny') throw accessDenied();
  if (own || decision === 'Allow') return { scope: found.scope, bucket };
  throw accessDenied();
}

/**
 * x-amz-expected-bucket-owner: a request that says which account must own the bucket is refused (403) when
 * another one does. `owner` is the header's value, checked against the bucket `name` names.
 */
export function checkExpectedOwner(ctx: OperationContext, name: string | undefined, owner: string | undefined): void {
  if (owner === undefined || name === undefined) return;
  const found = tables(ctx).buckets.locate('', name);
  if (found && found.doc.owner !== owner) throw accessDenied();
}

/** The blob store; S3 operations are registered only where the server gives one. */
export function objectStore(ctx: OperationContext): BlobStore {
  if (!ctx.objects) throw new Error('S3 needs an object store in the operation context');
  return ctx.objects;
}

/** The versions of one key, newest first. */
export function versionsOf(t: Tables, found: FoundBucket, key: string): VersionRecord[] {
  const prefix = versionRowsOf(key);
  return t.versions.range(found.scope, found.bucket.Name, { prefix, limit: 1_000_000 }).map((r) => r.doc);
}

/** Takes the bucket's next sequence number (the caller's transaction stores the bucket). */
function nextSeq(t: Tables, found: FoundBucket): number {
  const bucket = t.buckets.get(found.scope, '', found.bucket.Name) ?? found.bucket;
  const seq = bucket.nextSeq;
  t.buckets.update(found.scope, '', bucket.Name, { ...bucket, nextSeq: seq + 1 });
  return seq;
}

/** Makes the key's current row follow its newest version (absent when that is a delete marker or there is none). */
function refreshCurrent(t: Tables, found: FoundBucket, key: string): void {
  const newest = t.versions.range(found.scope, found.bucket.Name, { prefix: versionRowsOf(key), limit: 1 })[0]?.doc;
  const has = t.objects.has(found.scope, found.bucket.Name, key);
  if (newest === undefined || newest.deleteMarker) {
    if (has) t.objects.delete(found.scope, found.bucket.Name, key);
  } else if (has) t.objects.update(found.scope, found.bucket.Name, key, newest);
  else t.objects.insert(found.scope, found.bucket.Name, key, newest);
}

/**
 * Adds a version (an object or a delete marker) as the key's newest, as the bucket's versioning says: a new
 * version id when Enabled; otherwise the null version, replacing the previous null version. Synchronous: call
 * inside a transaction. Returns the stored record and the bodies no longer referenced (remove after commit).
 */
export function addVersion(t: Tables, found: FoundBucket, version: Omit<VersionRecord, 'VersionId' | 'seq'>): { record: VersionRecord; released: string[] } {
  const bucket = t.buckets.get(found.scope, '', found.bucket.Name);
  if (!bucket) throw noSuchBucket(found.bucket.Name);
  const released: string[] = [];
  const enabled = bucket.versioning === 'Enabled';
  if (!enabled) {
    for (const old of versionsOf(t, found, version.Key)) {
      if (old.VersionId !== 'null') continue;
      t.versions.delete(found.scope, bucket.Name, versionRowId(old.Key, old.seq));
      if (old.blob !== undefined) released.push(old.blob);
    }
  }
  const seq = nextSeq(t, { scope: found.scope, bucket });
  const record: VersionRecord = { ...version, VersionId: enabled ? newVersionId() : 'null', seq };
  t.versions.insert(found.scope, bucket.Name, versionRowId(record.Key, seq), record);
  refreshCurrent(t, found, record.Key);
  return { record, released };
}

/** Removes one version for good; the key's current row follows. Returns the removed record, if there was one. */
export function removeVersion(t: Tables, found: FoundBucket, key: string, versionId: string): VersionRecord | undefined {
  const version = versionsOf(t, found, key).find((v) => v.VersionId === versionId);
  if (!version) return undefined;
  t.versions.delete(found.scope, found.bucket.Name, versionRowId(key, version.seq));
  refreshCurrent(t, found, key);
  return version;
}

/** Replaces a stored version's document (its tags), in both tables. */
export function updateVersion(t: Tables, found: FoundBucket, version: VersionRecord): void {
  t.versions.update(found.scope, found.bucket.Name, versionRowId(version.Key, version.seq), version);
  refreshCurrent(t, found, version.Key);
}

/** Every body a document refers to (the blob store's sweep at start keeps these). */
export function referencedBodies(store: OperationContext['store']): Set<string> {
  const t = tables({ store });
  const keys = new Set<string>();
  for (const { doc } of t.versions.scan()) if (doc.blob !== undefined) keys.add(doc.blob);
  for (const { doc } of t.parts.scan()) keys.add(doc.blob);
  return keys;
}
