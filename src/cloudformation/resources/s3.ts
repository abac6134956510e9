/**
 * AWS::S3::Bucket and AWS::S3::BucketPolicy, made through Gatehouse's S3 service: a bucket's configuration
 * properties become the S3 calls that set each one (PutBucketVersioning, PutBucketEncryption …), in
 * CloudFormation's shapes translated to S3's (`ExpirationInDays` → `Expiration.Days`, `Id` → `ID` …).
 */
import { notSupported, unlessGone } from './errors.js';
import { compact, parse, type Tag } from './properties.js';
import { any, bool, int, list, obj, str, strings, tagList } from './schema.js';
import type { Provisioned, ResourceContext, ResourceType } from './types.js';

// ---- AWS::S3::Bucket ----

interface LifecycleRule {
  Id?: string;
  Status: string;
  Prefix?: string;
  ExpirationInDays?: number;
  ExpirationDate?: string;
  ExpiredObjectDeleteMarker?: boolean;
  NoncurrentVersionExpirationInDays?: number;
  NoncurrentVersionExpiration?: { NoncurrentDays: number; NewerNoncurrentVersions?: number };
  AbortIncompleteMultipartUpload?: { DaysAfterInitiation: number };
  TagFilters?: Tag[];
  ObjectSizeGreaterThan?: number;
  ObjectSizeLessThan?: number;
}

interface CorsRule {
  Id?: string;
  AllowedHeaders?: string[];
  AllowedMethods: string[];
  AllowedOrigins: string[];
  ExposedHeaders?: string[];
  MaxAge?: number;
}

interface BucketProps {
  BucketName?: string;
  AccessControl?: string;
  BucketEncryption?: { ServerSideEncryptionConfiguration: Array<{ ServerSideEncryptionByDefault?: { SSEAlgorithm: string; KMSMasterKeyID?: string }; BucketKeyEnabled?: boolean }> };
  PublicAccessBlockConfiguration?: { BlockPublicAcls?: boolean; BlockPublicPolicy?: boolean; IgnorePublicAcls?: boolean; RestrictPublicBuckets?: boolean };
  VersioningConfiguration?: { Status: string };
  LifecycleConfiguration?: { Rules: LifecycleRule[] };
  CorsConfiguration?: { CorsRules: CorsRule[] };
  OwnershipControls?: { Rules: Array<{ ObjectOwnership: string }> };
  Tags?: Tag[];
  WebsiteConfiguration?: unknown;
}

const LIFECYCLE_RULE = obj(
  {
    Id: str, Status: str, Prefix: str, ExpirationInDays: int, ExpirationDate: str, ExpiredObjectDeleteMarker: bool,
    NoncurrentVersionExpirationInDays: int, NoncurrentVersionExpiration: obj({ NoncurrentDays: int, NewerNoncurrentVersions: int }, ['NoncurrentDays']),
    AbortIncompleteMultipartUpload: obj({ DaysAfterInitiation: int }, ['DaysAfterInitiation']), TagFilters: tagList,
    ObjectSizeGreaterThan: int, ObjectSizeLessThan: int,
  },
  ['Status'],
  // Storage classes have no meaning on one disk: transitions are accepted and kept by the stack only.
  ['Transitions', 'Transition', 'NoncurrentVersionTransitions', 'NoncurrentVersionTransition'],
);

const BUCKET_SHAPE = obj(
  {
    BucketName: str,
    AccessControl: str,
    BucketEncryption: obj({ ServerSideEncryptionConfiguration: list(obj({ ServerSideEncryptionByDefault: obj({ SSEAlgorithm: str, KMSMasterKeyID: str }, ['SSEAlgorithm']), BucketKeyEnabled: bool })) }, ['ServerSideEncryptionConfiguration']),
    PublicAccessBlockConfiguration: obj({ BlockPublicAcls: bool, BlockPublicPolicy: bool, IgnorePublicAcls: bool, RestrictPublicBuckets: bool }),
    VersioningConfiguration: obj({ Status: str }, ['Status']),
    LifecycleConfiguration: obj({ Rules: list(LIFECYCLE_RULE) }, ['Rules']),
    CorsConfiguration: obj({ CorsRules: list(obj({ Id: str, AllowedHeaders: strings, AllowedMethods: strings, AllowedOrigins: strings, ExposedHeaders: strings, MaxAge: int }, ['AllowedMethods', 'AllowedOrigins'])) }, ['CorsRules']),
    OwnershipControls: obj({ Rules: list(obj({ ObjectOwnership: str }, ['ObjectOwnership'])) }, ['Rules']),
    Tags: tagList,
    WebsiteConfiguration: any,
  },
  [],
  // Kept by the stack, acted on by nothing here: notifications, logging, metrics, replication, object lock, …
  ['NotificationConfiguration', 'LoggingConfiguration', 'MetricsConfigurations', 'AnalyticsConfigurations', 'InventoryConfigurations',
    'IntelligentTieringConfigurations', 'ReplicationConfiguration', 'ObjectLockEnabled', 'ObjectLockConfiguration', 'AccelerateConfiguration'],
);

/** CloudFormation's lifecycle rule in S3's LifecycleRule shape. */
function lifecycleRule(rule: LifecycleRule): Record<string, unknown> {
  const expiration = compact({ Days: rule.ExpirationInDays, Date: rule.ExpirationDate, ExpiredObjectDeleteMarker: rule.ExpiredObjectDeleteMarker });
  const noncurrent = rule.NoncurrentVersionExpiration ?? (rule.NoncurrentVersionExpirationInDays !== undefined ? { NoncurrentDays: rule.NoncurrentVersionExpirationInDays } : undefined);
  const conditions = compact({ Prefix: rule.Prefix, ObjectSizeGreaterThan: rule.ObjectSizeGreaterThan, ObjectSizeLessThan: rule.ObjectSizeLessThan });
  const tags = rule.TagFilters ?? [];
  let filter: Record<string, unknown>;
  if (tags.length + Object.keys(conditions).length > 1) filter = { And: { ...conditions, ...(tags.length > 0 ? { Tags: tags } : {}) } };
  else if (tags.length === 1) filter = { Tag: tags[0] };
  else filter = conditions;
  return compact({
    ID: rule.Id,
    Status: rule.Status,
    Filter: filter,
    Expiration: Object.keys(expiration).length > 0 ? expiration : undefined,
    NoncurrentVersionExpiration: noncurrent,
    AbortIncompleteMultipartUpload: rule.AbortIncompleteMultipartUpload,
  });
}

/** CloudFormation's bucket name when a template gives none: `{stack}-{logicalid}-{random}`, lower case, ≤ 63. */
function generatedBucketName(ctx: ResourceContext): string {
  return ctx.physicalName(63).toLowerCase();
}

/**
 * The S3 calls that make each configuration property so, or (for a property the new template dropped) undo
 * it. `before` is undefined on create.
 */
async function configure(ctx: ResourceContext, bucket: string, before: BucketProps | undefined, after: BucketProps): Promise<void> {
  const changed = (key: keyof BucketProps): boolean => JSON.stringify(before?.[key]) !== JSON.stringify(after[key]);
  const Bucket = bucket;
  if (changed('OwnershipControls')) {
    if (after.OwnershipControls) await ctx.call('s3', 'PutBucketOwnershipControls', { Bucket, OwnershipControls: after.OwnershipControls });
    else await unlessGone(ctx.call('s3', 'DeleteBucketOwnershipControls', { Bucket }), 'OwnershipControlsNotFoundError');
  }
  if (changed('PublicAccessBlockConfiguration')) {
    if (after.PublicAccessBlockConfiguration) await ctx.call('s3', 'PutPublicAccessBlock', { Bucket, PublicAccessBlockConfiguration: after.PublicAccessBlockConfiguration });
    else await unlessGone(ctx.call('s3', 'DeletePublicAccessBlock', { Bucket }), 'NoSuchPublicAccessBlockConfiguration');
  }
  if (changed('BucketEncryption')) {
    if (after.BucketEncryption) {
      const Rules = after.BucketEncryption.ServerSideEncryptionConfiguration.map((r) => compact({ ApplyServerSideEncryptionByDefault: r.ServerSideEncryptionByDefault, BucketKeyEnabled: r.BucketKeyEnabled }));
      await ctx.call('s3', 'PutBucketEncryption', { Bucket, ServerSideEncryptionConfiguration: { Rules } });
    } else if (before?.BucketEncryption) await unlessGone(ctx.call('s3', 'DeleteBucketEncryption', { Bucket }), 'ServerSideEncryptionConfigurationNotFoundError');
  }
  if (changed('VersioningConfiguration')) {
    // A bucket once versioned can only be suspended, never unversioned again: S3's rule, and CloudFormation's.
    if (after.VersioningConfiguration) await ctx.call('s3', 'PutBucketVersioning', { Bucket, VersioningConfiguration: { Status: after.VersioningConfiguration.Status } });
    else if (before?.VersioningConfiguration?.Status === 'Enabled') await ctx.call('s3', 'PutBucketVersioning', { Bucket, VersioningConfiguration: { Status: 'Suspended' } });
  }
  if (changed('LifecycleConfiguration')) {
    if (after.LifecycleConfiguration) await ctx.call('s3', 'PutBucketLifecycleConfiguration', { Bucket, LifecycleConfiguration: { Rules: after.LifecycleConfiguration.Rules.map(lifecycleRule) } });
    else await unlessGone(ctx.call('s3', 'DeleteBucketLifecycle', { Bucket }), 'NoSuchLifecycleConfiguration');
  }
  if (changed('CorsConfiguration')) {
    if (after.CorsConfiguration) {
      const CORSRules = after.CorsConfiguration.CorsRules.map((r) => compact({ ID: r.Id, AllowedHeaders: r.AllowedHeaders, AllowedMethods: r.AllowedMethods, AllowedOrigins: r.AllowedOrigins, ExposeHeaders: r.ExposedHeaders, MaxAgeSeconds: r.MaxAge }));
      await ctx.call('s3', 'PutBucketCors', { Bucket, CORSConfiguration: { CORSRules } });
    } else await unlessGone(ctx.call('s3', 'DeleteBucketCors', { Bucket }), 'NoSuchCORSConfiguration');
  }
  if (changed('Tags')) {
    if (after.Tags && after.Tags.length > 0) await ctx.call('s3', 'PutBucketTagging', { Bucket, Tagging: { TagSet: after.Tags } });
    else await unlessGone(ctx.call('s3', 'DeleteBucketTagging', { Bucket }), 'NoSuchTagSet');
  }
}

/** Ref is the bucket's name; GetAtt Arn, DomainName, RegionalDomainName, DualStackDomainName, WebsiteURL. */
function provisioned(bucket: string, ctx: ResourceContext): Provisioned {
  const region = ctx.scope.region;
  return {
    physicalId: bucket,
    attributes: {
      Arn: `arn:aws:s3:::${bucket}`,
      DomainName: `${bucket}.s3.amazonaws.com`,
      RegionalDomainName: `${bucket}.s3.${region}.amazonaws.com`,
      DualStackDomainName: `${bucket}.s3.dualstack.${region}.amazonaws.com`,
      WebsiteURL: `http://${bucket}.s3-website-${region}.amazonaws.com`,
    },
  };
}

function refuseUnsupported(p: BucketProps): void {
  if (p.WebsiteConfiguration !== undefined) throw notSupported('WebsiteConfiguration: Gatehouse does not serve S3 static websites');
}

export const s3Bucket: ResourceType = {
  type: 'AWS::S3::Bucket',
  replaceOn: ['BucketName', 'ObjectLockEnabled'],
  async create(properties, ctx) {
    const p = parse<BucketProps>(ctx, properties, BUCKET_SHAPE);
    refuseUnsupported(p);
    const bucket = p.BucketName ?? generatedBucketName(ctx);
    const region = ctx.scope.region;
    await ctx.call('s3', 'CreateBucket', compact({
      Bucket: bucket,
      ACL: cannedAcl(p.AccessControl),
      CreateBucketConfiguration: region === 'us-east-1' ? undefined : { LocationConstraint: region },
    }));
    try {
      await configure(ctx, bucket, undefined, p);
    } catch (error) {
      // A bucket half configured is no bucket at all: CloudFormation's create fails and leaves nothing.
      await unlessGone(ctx.call('s3', 'DeleteBucket', { Bucket: bucket }), 'NoSuchBucket');
      throw error;
    }
    return provisioned(bucket, ctx);
  },
  async update(current, before, after, ctx) {
    const b = parse<BucketProps>(ctx, before, BUCKET_SHAPE);
    const a = parse<BucketProps>(ctx, after, BUCKET_SHAPE);
    refuseUnsupported(a);
    await configure(ctx, current.physicalId, b, a);
    return provisioned(current.physicalId, ctx);
  },
  async delete(current, _properties, ctx) {
    // A bucket with objects fails to delete, as on AWS (BucketNotEmpty): the stack says so and keeps it.
    await unlessGone(ctx.call('s3', 'DeleteBucket', { Bucket: current.physicalId }), 'NoSuchBucket');
  },
};

/** CloudFormation's AccessControl values are S3's canned ACLs in PascalCase. */
function cannedAcl(accessControl: string | undefined): string | undefined {
  if (accessControl === undefined) return undefined;
  const acl: Record<string, string> = {
    Private: 'private', PublicRead: 'public-read', PublicReadWrite: 'public-read-write', AuthenticatedRead: 'authenticated-read',
    AwsExecRead: 'aws-exec-read', BucketOwnerRead: 'bucket-owner-read', BucketOwnerFullControl: 'bucket-owner-full-control', LogDeliveryWrite: 'log-delivery-write',
  };
  return acl[accessControl];
}

// ---- AWS::S3::BucketPolicy ----

interface BucketPolicyProps {
  Bucket: string;
  PolicyDocument: unknown;
}

const BUCKET_POLICY_SHAPE = obj({ Bucket: str, PolicyDocument: any }, ['Bucket', 'PolicyDocument']);

const policyText = (document: unknown): string => (typeof document === 'string' ? document : JSON.stringify(document));

/** Ref is the bucket's name (AWS gives the policy no id of its own); a change of bucket replaces it. */
export const s3BucketPolicy: ResourceType = {
  type: 'AWS::S3::BucketPolicy',
  replaceOn: ['Bucket'],
  async create(properties, ctx) {
    const p = parse<BucketPolicyProps>(ctx, properties, BUCKET_POLICY_SHAPE);
    await ctx.call('s3', 'PutBucketPolicy', { Bucket: p.Bucket, Policy: policyText(p.PolicyDocument) });
    return { physicalId: p.Bucket, attributes: {} };
  },
  async update(current, _before, after, ctx) {
    const p = parse<BucketPolicyProps>(ctx, after, BUCKET_POLICY_SHAPE);
    await ctx.call('s3', 'PutBucketPolicy', { Bucket: p.Bucket, Policy: policyText(p.PolicyDocument) });
    return current;
  },
  async delete(current, _properties, ctx) {
    await unlessGone(ctx.call('s3', 'DeleteBucketPolicy', { Bucket: current.physicalId }), 'NoSuchBucket', 'NoSuchBucketPolicy');
  },
};

export const S3_TYPES: readonly ResourceType[] = [s3Bucket, s3BucketPolicy];
