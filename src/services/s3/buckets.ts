/** Buckets: CreateBucket, HeadBucket, DeleteBucket, ListBuckets, GetBucketLocation. */
import { ServiceError } from '../../shared/errors.js';
import type { Operations } from '../../wire/models/s3-2006-03-01.js';
import type { OperationContext } from '../types.js';
import { accessDenied, bucketAlreadyExists, bucketAlreadyOwnedByYou, bucketNotEmpty, illegalLocationConstraint, invalidArgument, invalidBucketName, invalidLocationConstraint } from './errors.js';
import type { BucketRecord } from './records.js';
import { bucketFor, objectStore, ownerOf, s3Time, tables } from './state.js';

type Input<Op extends keyof Operations> = Operations[Op]['input'];

const NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const RESERVED_PREFIXES = ['xn--', 'sthree-', 'amzn-s3-demo-'];
const RESERVED_SUFFIXES = ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'];

/** S3's naming rules for general purpose buckets (docs: "General purpose bucket naming rules"). */
export function isValidBucketName(name: string): boolean {
  return (
    NAME.test(name) &&
    !name.includes('..') &&
    !/^\d{1,3}(\.\d{1,3}){3}$/.test(name) &&
    !RESERVED_PREFIXES.some((p) => name.startsWith(p)) &&
    !RESERVED_SUFFIXES.some((s) => name.endsWith(s))
  );
}

const OWNERSHIP = ['BucketOwnerPreferred', 'ObjectWriter', 'BucketOwnerEnforced'];

export function createBucket(input: Input<'CreateBucket'>, ctx: OperationContext) {
  const name = input.Bucket;
  if (ctx.accessKeyId === undefined) throw accessDenied();
  if (!isValidBucketName(name)) throw invalidBucketName(name);
  // Lambda's own buckets (its packages' Code.Location): taken, as they are on S3.
  if (/^awslambda-[a-z0-9-]+-(?:tasks|layers)$/.test(name)) throw bucketAlreadyExists(name);
  const constraint = input.CreateBucketConfiguration?.LocationConstraint;
  let region: string;
  if (ctx.scope.region === 'us-east-1') {
    // The us-east-1 endpoint creates a bucket in any region it is told, but us-east-1 is said by saying nothing.
    if (constraint === 'us-east-1') throw invalidLocationConstraint(constraint);
    region = constraint === undefined || constraint === '' ? 'us-east-1' : constraint === 'EU' ? 'eu-west-1' : constraint;
  } else {
    if (constraint === undefined || constraint === '') throw illegalLocationConstraint('unspecified');
    if (constraint !== ctx.scope.region) throw illegalLocationConstraint(constraint);
    region = constraint;
  }
  if (input.ObjectOwnership !== undefined && !OWNERSHIP.includes(input.ObjectOwnership)) {
    throw invalidArgument('Invalid x-amz-object-ownership header: ' + input.ObjectOwnership, 'x-amz-object-ownership');
  }
  const enforced = (input.ObjectOwnership ?? 'BucketOwnerEnforced') === 'BucketOwnerEnforced';
  if (enforced && input.ACL !== undefined && input.ACL !== 'private' && input.ACL !== 'bucket-owner-full-control') {
    throw new ServiceError('InvalidBucketAclWithObjectOwnership', "Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting", 400);
  }
  const t = tables(ctx);
  const existing = t.buckets.locate('', name);
  if (existing) {
    if (existing.doc.owner !== ctx.scope.account) throw bucketAlreadyExists(name);
    // S3's legacy answer: recreating one's own us-east-1 bucket through us-east-1 succeeds and changes nothing.
    if (existing.doc.region === 'us-east-1' && region === 'us-east-1' && ctx.scope.region === 'us-east-1') return { Location: `/${name}` };
    throw bucketAlreadyOwnedByYou(name);
  }
  const bucket: BucketRecord = { Name: name, CreationDate: s3Time(ctx.clock.now()), owner: ctx.scope.account, region, nextSeq: 1 };
  if (input.ObjectOwnership !== undefined && input.ObjectOwnership !== 'BucketOwnerEnforced') bucket.ownership = [{ ObjectOwnership: input.ObjectOwnership }];
  if (input.ObjectLockEnabledForBucket === true) {
    bucket.objectLockEnabled = true;
    bucket.versioning = 'Enabled';
  }
  t.buckets.insert({ account: ctx.scope.account, region }, '', name, bucket);
  return { Location: region === 'us-east-1' ? `/${name}` : `http://${name}.s3.amazonaws.com/` };
}

export function headBucket(input: Input<'HeadBucket'>, ctx: OperationContext) {
  const { bucket } = bucketFor(ctx, input.Bucket, { action: 'ListBucket' });
  return { BucketRegion: bucket.region, AccessPointAlias: false };
}

/**
 * Only an empty bucket (no version, no delete marker) is deleted; its multipart uploads in progress go with it,
 * as on S3. Async: the parts' bodies are removed after the commit.
 */
export async function deleteBucket(input: Input<'DeleteBucket'>, ctx: OperationContext): Promise<void> {
  const found = bucketFor(ctx, input.Bucket, { action: 'DeleteBucket' });
  // Only the owner deletes a bucket, whatever its policy grants.
  if (ctx.accessKeyId === undefined || ctx.scope.account !== found.bucket.owner) throw accessDenied();
  const t = tables(ctx);
  const name = found.bucket.Name;
  const released = ctx.store.transaction(() => {
    if (t.versions.range(found.scope, name, { limit: 1 }).length > 0) throw bucketNotEmpty(name);
    const bodies: string[] = [];
    for (const upload of t.uploads.list(found.scope, name)) {
      for (const part of t.parts.list(found.scope, upload.UploadId)) bodies.push(part.blob);
      t.parts.deleteByParent(found.scope, upload.UploadId);
    }
    t.uploads.deleteByParent(found.scope, name);
    t.buckets.delete(found.scope, '', name);
    return bodies;
  });
  for (const key of released) objectStore(ctx).release(key);
}

export function listBuckets(input: Input<'ListBuckets'>, ctx: OperationContext) {
  if (ctx.accessKeyId === undefined) throw accessDenied();
  const max = input.MaxBuckets;
  if (max !== undefined && (max < 1 || max > 10000)) throw invalidArgument('Argument max-buckets must be an integer between 1 and 10000.', 'max-buckets', String(max));
  const after = input.ContinuationToken === undefined ? undefined : Buffer.from(input.ContinuationToken, 'base64url').toString('utf8');
  const all = tables(ctx)
    .buckets.scan()
    .map((s) => s.doc)
    .filter((b) => b.owner === ctx.scope.account)
    .filter((b) => input.Prefix === undefined || b.Name.startsWith(input.Prefix))
    .filter((b) => input.BucketRegion === undefined || b.region === input.BucketRegion)
    .filter((b) => after === undefined || b.Name > after)
    .sort((a, b) => (a.Name < b.Name ? -1 : 1));
  const page = max === undefined ? all : all.slice(0, max);
  const out: Record<string, unknown> = {
    Buckets: page.map((b) => ({ Name: b.Name, CreationDate: new Date(b.CreationDate), BucketRegion: b.region })),
    Owner: ownerOf(ctx.scope.account),
  };
  if (page.length < all.length) out['ContinuationToken'] = Buffer.from(page.at(-1)!.Name).toString('base64url');
  if (input.Prefix !== undefined) out['Prefix'] = input.Prefix;
  return out;
}

export function getBucketLocation(input: Input<'GetBucketLocation'>, ctx: OperationContext) {
  const { bucket } = bucketFor(ctx, input.Bucket, { action: 'GetBucketLocation' });
  // us-east-1 is answered as an empty LocationConstraint, as S3 has always done.
  return bucket.region === 'us-east-1' ? {} : { LocationConstraint: bucket.region };
}
