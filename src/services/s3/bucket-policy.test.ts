/** Put/Get/DeleteBucketPolicy are the owner's: its root always may; another account gets 403 or 405. */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { OperationContext } from '../types.js';
import { deleteBucketPolicy, getBucketPolicy, putBucketPolicy } from './bucket-config.js';
import { createBucket } from './buckets.js';
import { call, dispose, expectError, testContext } from './test-context.js';

const OTHER = '222222222222';
const policy = (effect: string, principal: string, actions: string[]) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: effect, Principal: { AWS: principal }, Action: actions, Resource: 'arn:aws:s3:::bkt' }] });
const POLICY_OPS = ['s3:PutBucketPolicy', 's3:GetBucketPolicy', 's3:DeleteBucketPolicy'];
const notAllowed = (method: string) => ({
  code: 'MethodNotAllowed',
  status: 405,
  message: 'The specified method is not allowed against this resource.',
  body: { Method: method, ResourceType: 'BUCKETPOLICY' },
});
const denied = { code: 'AccessDenied', status: 403, message: 'Access Denied' };

describe('bucket policy operations', () => {
  let ctx: OperationContext;
  let other: OperationContext;
  beforeEach(() => {
    ctx = testContext();
    other = testContext({ account: OTHER, region: 'us-east-1' }, ctx);
    call(ctx, createBucket, { Bucket: 'bkt' });
  });
  afterEach(() => dispose(ctx));

  it('the owner may always call them, even under a policy denying it explicitly', () => {
    const denyAll = policy('Deny', 'arn:aws:iam::111111111111:root', ['s3:*']);
    call(ctx, putBucketPolicy, { Bucket: 'bkt', Policy: denyAll });
    assert.deepEqual(call(ctx, getBucketPolicy, { Bucket: 'bkt' }), { Policy: denyAll });
    const again = policy('Deny', '111111111111', POLICY_OPS);
    call(ctx, putBucketPolicy, { Bucket: 'bkt', Policy: again });
    assert.deepEqual(call(ctx, getBucketPolicy, { Bucket: 'bkt' }), { Policy: again });
    call(ctx, deleteBucketPolicy, { Bucket: 'bkt' });
    expectError(() => call(ctx, getBucketPolicy, { Bucket: 'bkt' }), { code: 'NoSuchBucketPolicy', status: 404, message: 'The bucket policy does not exist', body: { BucketName: 'bkt' } });
  });

  it('another account: 403 where the policy does not allow it, 405 MethodNotAllowed where it does', () => {
    expectError(() => call(other, getBucketPolicy, { Bucket: 'bkt' }), denied);
    expectError(() => call(other, putBucketPolicy, { Bucket: 'bkt', Policy: policy('Allow', OTHER, ['s3:GetObject']) }), denied);
    expectError(() => call(other, deleteBucketPolicy, { Bucket: 'bkt' }), denied);
    const allowOther = policy('Allow', `arn:aws:iam::${OTHER}:root`, POLICY_OPS);
    call(ctx, putBucketPolicy, { Bucket: 'bkt', Policy: allowOther });
    expectError(() => call(other, getBucketPolicy, { Bucket: 'bkt' }), notAllowed('GET'));
    expectError(() => call(other, putBucketPolicy, { Bucket: 'bkt', Policy: policy('Allow', OTHER, ['s3:GetObject']) }), notAllowed('PUT'));
    expectError(() => call(other, deleteBucketPolicy, { Bucket: 'bkt' }), notAllowed('DELETE'));
    // Nothing changed.
    assert.deepEqual(call(ctx, getBucketPolicy, { Bucket: 'bkt' }), { Policy: allowOther });
    expectError(() => call(other, getBucketPolicy, { Bucket: 'nope' }), { code: 'NoSuchBucket', status: 404, message: 'The specified bucket does not exist', body: { BucketName: 'nope' } });
  });
});
