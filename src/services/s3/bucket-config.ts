/**
 * What a bucket is configured with, stored and answered: policy, versioning, default encryption, public access
 * block, lifecycle, tags, CORS, ownership controls, and the ACL (the owner's full control, as with ACLs off).
 */
import { parsePolicy, statementsOf } from '../../policy/document.js';
import type { Operations } from '../../wire/models/s3-2006-03-01.js';
import type { OperationContext } from '../types.js';
import { ServiceError } from '../../shared/errors.js';
import {
  invalidRequest,
  invalidTag,
  malformedPolicy,
  malformedXml,
  methodNotAllowed,
  noOwnershipControls,
  noPublicAccessBlock,
  noSuchBucketPolicy,
  noSuchCors,
  noSuchLifecycle,
  noSuchTagSet,
} from './errors.js';
import type { BucketRecord, PublicAccessBlock, Tag } from './records.js';
import { bucketFor, canonicalId, isPublicPolicy, ownerOf, tables, type FoundBucket } from './state.js';

type Input<Op extends keyof Operations> = Operations[Op]['input'];

/** The operations on a bucket's policy, with their HTTP methods (MethodNotAllowed names the method). */
const POLICY_ACTIONS: Readonly<Record<string, string>> = { PutBucketPolicy: 'PUT', GetBucketPolicy: 'GET', DeleteBucketPolicy: 'DELETE' };

/**
 * The bucket a configuration request names, if the caller may run `action` on it. The policy operations are
 * the bucket owner's: its root may always call them, even where the policy denies it explicitly (so an owner
 * cannot lock itself out); another account is refused as any request it may not make (403), and one the
 * policy allows is answered 405 MethodNotAllowed (S3's API reference for Put/Get/DeleteBucketPolicy).
 */
function bucketToConfigure(ctx: OperationContext, name: string, action: string): FoundBucket {
  const method = POLICY_ACTIONS[action];
  if (method === undefined) return bucketFor(ctx, name, { action });
  const found = tables(ctx).buckets.locate('', name);
  if (found && ctx.accessKeyId !== undefined && ctx.scope.account === found.doc.owner) return { scope: found.scope, bucket: found.doc };
  bucketFor(ctx, name, { action });
  // [U] The resource type S3 names for the ?policy subresource.
  throw methodNotAllowed(method, 'BUCKETPOLICY', {});
}

/** Finds the bucket (the caller may run `action` on it), changes its record with `change`, stores it. */
function configure(ctx: OperationContext, name: string, action: string, change: (bucket: BucketRecord, found: FoundBucket) => BucketRecord): void {
  const found = bucketToConfigure(ctx, name, action);
  tables(ctx).buckets.update(found.scope, '', found.bucket.Name, change(found.bucket, found));
}

const read = (ctx: OperationContext, name: string, action: string): BucketRecord => bucketToConfigure(ctx, name, action).bucket;

/** The policy checks S3 makes beyond the grammar, with its texts. */
function checkPolicy(text: string, bucket: string): void {
  if (!text.trimStart().startsWith('{')) throw malformedPolicy("Policies must be valid JSON and the first byte must be '{'");
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw malformedPolicy('This policy contains invalid Json');
  }
  const raw = (json as { Statement?: unknown }).Statement;
  const statements = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]) as Array<Record<string, unknown>>;
  if (statements.length === 0) throw malformedPolicy('Missing required field Statement');
  for (const s of statements) {
    if (s['Effect'] !== 'Allow' && s['Effect'] !== 'Deny') throw malformedPolicy(s['Effect'] === undefined ? 'Missing required field Effect' : `Invalid effect: ${String(s['Effect'])}`);
    if (s['Principal'] === undefined && s['NotPrincipal'] === undefined) throw malformedPolicy('Missing required field Principal');
    if (s['Action'] === undefined && s['NotAction'] === undefined) throw malformedPolicy('Missing required field Action');
    if (s['Resource'] === undefined && s['NotResource'] === undefined) throw malformedPolicy('Missing required field Resource');
    const actions = [s['Action'] ?? s['NotAction']].flat();
    if (actions.some((a) => typeof a !== 'string' || !(a === '*' || /^s3:[A-Za-z*?]+$/.test(a)))) throw malformedPolicy('Policy has invalid action');
    const resources = [s['Resource'] ?? s['NotResource']].flat();
    const own = (r: unknown): boolean => typeof r === 'string' && (r === `arn:aws:s3:::${bucket}` || r.startsWith(`arn:aws:s3:::${bucket}/`) || r === '*');
    if (!resources.every(own)) throw malformedPolicy('Policy has invalid resource');
  }
  const parsed = parsePolicy(text);
  if (!parsed.ok) throw malformedPolicy('Invalid principal in policy');
  if (statementsOf(parsed.document).length === 0) throw malformedPolicy('Missing required field Statement');
}

export function putBucketPolicy(input: Input<'PutBucketPolicy'>, ctx: OperationContext): void {
  configure(ctx, input.Bucket, 'PutBucketPolicy', (bucket) => {
    const text = input.Policy ?? '';
    checkPolicy(text, bucket.Name);
    if ((bucket.publicAccessBlock === undefined || bucket.publicAccessBlock?.BlockPublicPolicy === true) && isPublicPolicy(text)) {
      // [U] The detailed wording S3 has answered since 2024 (older answers said only "Access Denied").
      throw new ServiceError(
        'AccessDenied',
        `User: arn:aws:iam::${ctx.scope.account}:root is not authorized to perform: s3:PutBucketPolicy on resource: "arn:aws:s3:::${bucket.Name}" because public policies are blocked by the BlockPublicPolicy block public access setting.`,
        403,
      );
    }
    return { ...bucket, policy: text };
  });
}

export function getBucketPolicy(input: Input<'GetBucketPolicy'>, ctx: OperationContext) {
  const bucket = read(ctx, input.Bucket, 'GetBucketPolicy');
  if (bucket.policy === undefined) throw noSuchBucketPolicy(bucket.Name);
  return { Policy: bucket.policy };
}

export function deleteBucketPolicy(input: Input<'DeleteBucketPolicy'>, ctx: OperationContext): void {
  configure(ctx, input.Bucket, 'DeleteBucketPolicy', ({ policy: _, ...rest }) => rest);
}

export function putBucketVersioning(input: Input<'PutBucketVersioning'>, ctx: OperationContext): void {
  const status = input.VersioningConfiguration?.Status;
  const mfa = input.VersioningConfiguration?.MFADelete;
  if (status !== undefined && status !== 'Enabled' && status !== 'Suspended') throw malformedXml();
  if (mfa !== undefined && mfa !== 'Enabled' && mfa !== 'Disabled') throw malformedXml();
  configure(ctx, input.Bucket, 'PutBucketVersioning', (bucket) => {
    if (bucket.objectLockEnabled && status === 'Suspended') {
      throw new ServiceError('InvalidBucketState', 'An Object Lock configuration is present on this bucket, so the versioning state cannot be changed.', 409);
    }
    const next = { ...bucket };
    if (status !== undefined) next.versioning = status;
    if (mfa !== undefined) next.mfaDelete = mfa;
    return next;
  });
}

export function getBucketVersioning(input: Input<'GetBucketVersioning'>, ctx: OperationContext) {
  const bucket = read(ctx, input.Bucket, 'GetBucketVersioning');
  const out: Record<string, string> = {};
  if (bucket.versioning !== undefined) out['Status'] = bucket.versioning;
  if (bucket.mfaDelete !== undefined) out['MFADelete'] = bucket.mfaDelete;
  return out;
}

/** SSE-S3, what every bucket without a configuration of its own encrypts with (S3, since January 2023). */
const DEFAULT_ENCRYPTION = { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: false }] };

export function putBucketEncryption(input: Input<'PutBucketEncryption'>, ctx: OperationContext): void {
  const rules = input.ServerSideEncryptionConfiguration?.Rules ?? [];
  if (rules.length === 0) throw malformedXml();
  for (const rule of rules) {
    const algorithm = rule.ApplyServerSideEncryptionByDefault?.SSEAlgorithm;
    if (algorithm !== undefined && !['AES256', 'aws:kms', 'aws:kms:dsse'].includes(algorithm)) throw malformedXml();
  }
  configure(ctx, input.Bucket, 'PutEncryptionConfiguration', (bucket) => ({ ...bucket, encryption: { Rules: rules } }));
}

export function getBucketEncryption(input: Input<'GetBucketEncryption'>, ctx: OperationContext) {
  const bucket = read(ctx, input.Bucket, 'GetEncryptionConfiguration');
  return { ServerSideEncryptionConfiguration: (bucket.encryption ?? DEFAULT_ENCRYPTION) as typeof DEFAULT_ENCRYPTION };
}

/** Deleting the configuration puts the default (SSE-S3) back, as S3 does since encryption is always on. */
export function deleteBucketEncryption(input: Input<'DeleteBucketEncryption'>, ctx: OperationContext): void {
  configure(ctx, input.Bucket, 'PutEncryptionConfiguration', ({ encryption: _, ...rest }) => rest);
}

/** New buckets block all public access (S3, since April 2023). */
const BLOCK_ALL: PublicAccessBlock = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };

export function putPublicAccessBlock(input: Input<'PutPublicAccessBlock'>, ctx: OperationContext): void {
  const c = input.PublicAccessBlockConfiguration;
  if (c === undefined) throw malformedXml();
  const block: PublicAccessBlock = {
    BlockPublicAcls: c.BlockPublicAcls === true,
    IgnorePublicAcls: c.IgnorePublicAcls === true,
    BlockPublicPolicy: c.BlockPublicPolicy === true,
    RestrictPublicBuckets: c.RestrictPublicBuckets === true,
  };
  configure(ctx, input.Bucket, 'PutBucketPublicAccessBlock', (bucket) => ({ ...bucket, publicAccessBlock: block }));
}

export function getPublicAccessBlock(input: Input<'GetPublicAccessBlock'>, ctx: OperationContext) {
  const bucket = read(ctx, input.Bucket, 'GetBucketPublicAccessBlock');
  if (bucket.publicAccessBlock === null) throw noPublicAccessBlock(bucket.Name);
  return { PublicAccessBlockConfiguration: bucket.publicAccessBlock ?? BLOCK_ALL };
}

export function deletePublicAccessBlock(input: Input<'DeletePublicAccessBlock'>, ctx: OperationContext): void {
  configure(ctx, input.Bucket, 'PutBucketPublicAccessBlock', (bucket) => ({ ...bucket, publicAccessBlock: null }));
}

export function putBucketLifecycleConfiguration(input: Input<'PutBucketLifecycleConfiguration'>, ctx: OperationContext) {
  const rules = input.LifecycleConfiguration?.Rules;
  if (rules === undefined || rules.length === 0) throw malformedXml();
  for (const rule of rules) {
    // Status is an enum in S3's schema: anything else does not validate against it.
    if (rule.Status !== 'Enabled' && rule.Status !== 'Disabled') throw malformedXml();
    const acts = [rule.Expiration, rule.Transitions, rule.NoncurrentVersionExpiration, rule.NoncurrentVersionTransitions, rule.AbortIncompleteMultipartUpload].some((a) => a !== undefined);
    if (!acts) throw invalidRequest('At least one action needs to be specified in a rule');
  }
  configure(ctx, input.Bucket, 'PutLifecycleConfiguration', (bucket) => ({ ...bucket, lifecycle: rules }));
  return { TransitionDefaultMinimumObjectSize: 'all_storage_classes_128K' };
}

export function getBucketLifecycleConfiguration(input: Input<'GetBucketLifecycleConfiguration'>, ctx: OperationContext) {
  const bucket = read(ctx, input.Bucket, 'GetLifecycleConfiguration');
  if (bucket.lifecycle === undefined) throw noSuchLifecycle(bucket.Name);
  return { Rules: bucket.lifecycle as Operations['GetBucketLifecycleConfiguration']['output']['Rules'], TransitionDefaultMinimumObjectSize: 'all_storage_classes_128K' };
}

export function deleteBucketLifecycle(input: Input<'DeleteBucketLifecycle'>, ctx: OperationContext): void {
  configure(ctx, input.Bucket, 'PutLifecycleConfiguration', ({ lifecycle: _, ...rest }) => rest);
}

/** A tag set as S3 checks it (buckets and objects alike). */
export function checkTags(tags: ReadonlyArray<{ Key?: string; Value?: string }>, max: number): Tag[] {
  // An object's eleventh tag is a BadRequest (boto/boto3#1213), not an InvalidTag.
  if (tags.length > max) throw max === 10 ? new ServiceError('BadRequest', 'Object tags cannot be greater than 10', 400) : invalidTag('Bucket tag count cannot be greater than 50');
  const seen = new Set<string>();
  return tags.map((t) => {
    const key = t.Key ?? '';
    const value = t.Value ?? '';
    if (key.length === 0 || key.length > 128) throw invalidTag('The TagKey you have provided is invalid');
    if (value.length > 256) throw invalidTag('The TagValue you have provided is invalid');
    if (key.toLowerCase().startsWith('aws:')) throw invalidTag('System tags cannot be added/updated by requester');
    if (seen.has(key)) throw invalidTag('Cannot provide multiple Tags with the same key');
    seen.add(key);
    return { Key: key, Value: value };
  });
}

export function putBucketTagging(input: Input<'PutBucketTagging'>, ctx: OperationContext): void {
  const tags = checkTags(input.Tagging?.TagSet ?? [], 50);
  configure(ctx, input.Bucket, 'PutBucketTagging', (bucket) => ({ ...bucket, tags }));
}

export function getBucketTagging(input: Input<'GetBucketTagging'>, ctx: OperationContext) {
  const bucket = read(ctx, input.Bucket, 'GetBucketTagging');
  if (bucket.tags === undefined || bucket.tags.length === 0) throw noSuchTagSet(bucket.Name);
  return { TagSet: bucket.tags };
}

export function deleteBucketTagging(input: Input<'DeleteBucketTagging'>, ctx: OperationContext): void {
  configure(ctx, input.Bucket, 'PutBucketTagging', ({ tags: _, ...rest }) => rest);
}

export function putBucketCors(input: Input<'PutBucketCors'>, ctx: OperationContext): void {
  const rules = input.CORSConfiguration?.CORSRules;
  if (rules === undefined || rules.length === 0 || rules.length > 100) throw malformedXml();
  configure(ctx, input.Bucket, 'PutBucketCORS', (bucket) => ({ ...bucket, cors: rules }));
}

export function getBucketCors(input: Input<'GetBucketCors'>, ctx: OperationContext) {
  const bucket = read(ctx, input.Bucket, 'GetBucketCORS');
  if (bucket.cors === undefined) throw noSuchCors(bucket.Name);
  return { CORSRules: bucket.cors as Operations['GetBucketCors']['output']['CORSRules'] };
}

export function deleteBucketCors(input: Input<'DeleteBucketCors'>, ctx: OperationContext): void {
  configure(ctx, input.Bucket, 'PutBucketCORS', ({ cors: _, ...rest }) => rest);
}

export function putBucketOwnershipControls(input: Input<'PutBucketOwnershipControls'>, ctx: OperationContext): void {
  const rules = input.OwnershipControls?.Rules ?? [];
  if (rules.length !== 1 || !['BucketOwnerPreferred', 'ObjectWriter', 'BucketOwnerEnforced'].includes(rules[0]!.ObjectOwnership ?? '')) throw malformedXml();
  configure(ctx, input.Bucket, 'PutBucketOwnershipControls', (bucket) => ({ ...bucket, ownership: rules }));
}

export function getBucketOwnershipControls(input: Input<'GetBucketOwnershipControls'>, ctx: OperationContext) {
  const bucket = read(ctx, input.Bucket, 'GetBucketOwnershipControls');
  if (bucket.ownership === null) throw noOwnershipControls(bucket.Name);
  return { OwnershipControls: { Rules: (bucket.ownership ?? [{ ObjectOwnership: 'BucketOwnerEnforced' }]) as Array<{ ObjectOwnership: string }> } };
}

export function deleteBucketOwnershipControls(input: Input<'DeleteBucketOwnershipControls'>, ctx: OperationContext): void {
  configure(ctx, input.Bucket, 'PutBucketOwnershipControls', (bucket) => ({ ...bucket, ownership: null }));
}

/** The ACL S3 answers with ACLs disabled: the owner has full control, nobody else anything. */
export function ownerAcl(account: string) {
  return { Owner: ownerOf(account), Grants: [{ Grantee: { ID: canonicalId(account), Type: 'CanonicalUser' }, Permission: 'FULL_CONTROL' }] };
}

export function getBucketAcl(input: Input<'GetBucketAcl'>, ctx: OperationContext) {
  return ownerAcl(read(ctx, input.Bucket, 'GetBucketAcl').owner);
}
