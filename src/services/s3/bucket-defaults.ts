/**
 * What a bucket answers about features Gatehouse does not configure (website, logging, notifications,
 * replication, object lock, request payment, acceleration): S3's answer for a bucket that has never set them,
 * as SDKs and tools that read a bucket's whole state (Terraform's aws_s3_bucket, the console) expect.
 */
import { ServiceError } from '../../shared/errors.js';
import type { Operations } from '../../wire/models/s3-2006-03-01.js';
import type { OperationContext } from '../types.js';
import { bucketFor, isPublicPolicy } from './state.js';

type Input<Op extends keyof Operations> = Operations[Op]['input'];

const notFound = (code: string, message: string, bucket: string): ServiceError => new ServiceError(code, message, 404, { body: { BucketName: bucket } });

export function getBucketPolicyStatus(input: Input<'GetBucketPolicyStatus'>, ctx: OperationContext) {
  const { bucket } = bucketFor(ctx, input.Bucket, { action: 'GetBucketPolicyStatus' });
  if (bucket.policy === undefined) throw notFound('NoSuchBucketPolicy', 'The bucket policy does not exist', bucket.Name);
  return { PolicyStatus: { IsPublic: isPublicPolicy(bucket.policy) } };
}

export function getBucketWebsite(input: Input<'GetBucketWebsite'>, ctx: OperationContext): never {
  const { bucket } = bucketFor(ctx, input.Bucket, { action: 'GetBucketWebsite' });
  throw notFound('NoSuchWebsiteConfiguration', 'The specified bucket does not have a website configuration', bucket.Name);
}

export function getBucketReplication(input: Input<'GetBucketReplication'>, ctx: OperationContext): never {
  const { bucket } = bucketFor(ctx, input.Bucket, { action: 'GetReplicationConfiguration' });
  throw notFound('ReplicationConfigurationNotFoundError', 'The replication configuration was not found', bucket.Name);
}

export function getObjectLockConfiguration(input: Input<'GetObjectLockConfiguration'>, ctx: OperationContext) {
  const { bucket } = bucketFor(ctx, input.Bucket, { action: 'GetBucketObjectLockConfiguration' });
  if (!bucket.objectLockEnabled) throw notFound('ObjectLockConfigurationNotFoundError', 'Object Lock configuration does not exist for this bucket', bucket.Name);
  return { ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled' } };
}

export function getBucketLogging(input: Input<'GetBucketLogging'>, ctx: OperationContext) {
  bucketFor(ctx, input.Bucket, { action: 'GetBucketLogging' });
  return {};
}

export function getBucketNotificationConfiguration(input: Input<'GetBucketNotificationConfiguration'>, ctx: OperationContext) {
  bucketFor(ctx, input.Bucket, { action: 'GetBucketNotification' });
  return {};
}

export function getBucketRequestPayment(input: Input<'GetBucketRequestPayment'>, ctx: OperationContext) {
  bucketFor(ctx, input.Bucket, { action: 'GetBucketRequestPayment' });
  return { Payer: 'BucketOwner' };
}

export function getBucketAccelerateConfiguration(input: Input<'GetBucketAccelerateConfiguration'>, ctx: OperationContext) {
  bucketFor(ctx, input.Bucket, { action: 'GetAccelerateConfiguration' });
  return {};
}
