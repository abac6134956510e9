/**
 * Amazon S3 (s3 2006-03-01): buckets and their configuration, objects (bodies streamed through the blob
 * store in the operation context), versions, tags and multipart uploads. Handlers that stream a body, or
 * remove bodies after their commit, are async and write the store in transactions of their own.
 */
import type { Operations } from '../../wire/models/s3-2006-03-01.js';
import type { AnyServiceDefinition, OperationContext, ServiceDefinition } from '../types.js';
import * as config from './bucket-config.js';
import * as defaults from './bucket-defaults.js';
import { createBucket, deleteBucket, getBucketLocation, headBucket, listBuckets } from './buckets.js';
import { listObjects, listObjectsV2, listObjectVersions } from './listing.js';
import { abortMultipartUpload, completeMultipartUpload, createMultipartUpload, listMultipartUploads, listParts, uploadPart, uploadPartCopy } from './multipart.js';
import { checkExpectedOwner } from './state.js';
import { copyObject, deleteObject, deleteObjects, deleteObjectTagging, getObject, getObjectAcl, getObjectTagging, headObject, putObject, putObjectTagging } from './objects.js';

type Handler = (input: { Bucket?: string; ExpectedBucketOwner?: string }, ctx: OperationContext) => unknown;

/** Every handler behind the ExpectedBucketOwner check, which S3 makes before anything else. */
function ownerChecked<T extends object>(handlers: T): T {
  const entries = Object.entries(handlers as Record<string, Handler>).map(([name, handler]) => [
    name,
    (input: { Bucket?: string; ExpectedBucketOwner?: string }, ctx: OperationContext) => {
      checkExpectedOwner(ctx, input.Bucket, input.ExpectedBucketOwner);
      return handler(input, ctx);
    },
  ]);
  return Object.fromEntries(entries) as T;
}

const definition: ServiceDefinition<Operations> = {
  signingName: 's3',
  modelFile: 's3-2006-03-01',
  operations: ownerChecked({
    CreateBucket: createBucket,
    HeadBucket: headBucket,
    ListBuckets: listBuckets,
    GetBucketLocation: getBucketLocation,
    PutBucketPolicy: config.putBucketPolicy,
    GetBucketPolicy: config.getBucketPolicy,
    DeleteBucketPolicy: config.deleteBucketPolicy,
    PutBucketVersioning: config.putBucketVersioning,
    GetBucketVersioning: config.getBucketVersioning,
    PutBucketEncryption: config.putBucketEncryption,
    GetBucketEncryption: config.getBucketEncryption,
    DeleteBucketEncryption: config.deleteBucketEncryption,
    PutPublicAccessBlock: config.putPublicAccessBlock,
    GetPublicAccessBlock: config.getPublicAccessBlock,
    DeletePublicAccessBlock: config.deletePublicAccessBlock,
    PutBucketLifecycleConfiguration: config.putBucketLifecycleConfiguration,
    GetBucketLifecycleConfiguration: config.getBucketLifecycleConfiguration,
    DeleteBucketLifecycle: config.deleteBucketLifecycle,
    PutBucketTagging: config.putBucketTagging,
    GetBucketTagging: config.getBucketTagging,
    DeleteBucketTagging: config.deleteBucketTagging,
    PutBucketCors: config.putBucketCors,
    GetBucketCors: config.getBucketCors,
    DeleteBucketCors: config.deleteBucketCors,
    PutBucketOwnershipControls: config.putBucketOwnershipControls,
    GetBucketOwnershipControls: config.getBucketOwnershipControls,
    DeleteBucketOwnershipControls: config.deleteBucketOwnershipControls,
    GetBucketAcl: config.getBucketAcl,
    GetBucketPolicyStatus: defaults.getBucketPolicyStatus,
    GetBucketWebsite: defaults.getBucketWebsite,
    GetBucketReplication: defaults.getBucketReplication,
    GetObjectLockConfiguration: defaults.getObjectLockConfiguration,
    GetBucketLogging: defaults.getBucketLogging,
    GetBucketNotificationConfiguration: defaults.getBucketNotificationConfiguration,
    GetBucketRequestPayment: defaults.getBucketRequestPayment,
    GetBucketAccelerateConfiguration: defaults.getBucketAccelerateConfiguration,
    GetObjectAcl: getObjectAcl,
    HeadObject: headObject,
    ListObjects: listObjects,
    ListObjectsV2: listObjectsV2,
    ListObjectVersions: listObjectVersions,
    PutObjectTagging: putObjectTagging,
    GetObjectTagging: getObjectTagging,
    DeleteObjectTagging: deleteObjectTagging,
    CreateMultipartUpload: createMultipartUpload,
    ListParts: listParts,
    ListMultipartUploads: listMultipartUploads,
  }),
  asyncOperations: ownerChecked({
    DeleteBucket: deleteBucket,
    PutObject: putObject,
    GetObject: getObject,
    DeleteObject: deleteObject,
    DeleteObjects: deleteObjects,
    CopyObject: copyObject,
    UploadPart: uploadPart,
    UploadPartCopy: uploadPartCopy,
    CompleteMultipartUpload: completeMultipartUpload,
    AbortMultipartUpload: abortMultipartUpload,
  }),
};

export const s3: AnyServiceDefinition = definition;
