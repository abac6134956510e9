/**
 * readObjectBytes checks the size before reading; its readers word the refusal: Lambda (a package from S3 over
 * 250 MB unzipped) and CloudFormation (a TemplateURL object over 1,000,000 bytes).
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { ServiceError } from '../../shared/errors.js';
import { cloudformation } from '../cloudformation/index.js';
import { packageBytes } from '../lambda/package-source.js';
import type { OperationContext } from '../types.js';
import { createBucket } from './buckets.js';
import { ObjectTooLarge, readObjectBytes } from './object-bytes.js';
import { putObject } from './objects.js';
import { addVersion, tables } from './state.js';
import { body, call, dispose, SCOPE, testContext } from './test-context.js';

describe('readObjectBytes and its readers', () => {
  let ctx: OperationContext;
  beforeEach(() => {
    ctx = testContext();
    call(ctx, createBucket, { Bucket: 'bkt' });
  });
  afterEach(() => dispose(ctx));

  /** A record claiming `size` bytes whose body was never written: only a read before the size check would fail. */
  function hugeObject(key: string, size: number): void {
    const t = tables(ctx);
    ctx.store.transaction(() => {
      addVersion(t, { scope: SCOPE, bucket: t.buckets.get(SCOPE, '', 'bkt')! }, { Key: key, LastModified: '2024-05-01T12:00:00.000Z', Size: size, blob: 'f'.repeat(32), ETag: '"x"' });
    });
  }

  it('reads an object up to maxBytes; a larger one is ObjectTooLarge before any byte is read', async () => {
    await putObject({ Bucket: 'bkt', Key: 'ten', Body: body('0123456789') }, ctx);
    assert.equal(readObjectBytes(ctx, { bucket: 'bkt', key: 'ten' }, 10).toString(), '0123456789');
    assert.throws(() => readObjectBytes(ctx, { bucket: 'bkt', key: 'ten' }, 9), (e: unknown) => e instanceof ObjectTooLarge && e.size === 10 && e.maxBytes === 9);
    hugeObject('huge', 2 ** 40);
    assert.throws(() => readObjectBytes(ctx, { bucket: 'bkt', key: 'huge' }, 1000), ObjectTooLarge);
  });

  it('Lambda: a package from S3 over 262144000 bytes is InvalidParameterValueException "Unzipped size must be smaller than 262144000 bytes"', () => {
    hugeObject('big.zip', 262144001);
    assert.throws(
      () => packageBytes(ctx, { S3Bucket: 'bkt', S3Key: 'big.zip' }, 'missing'),
      (e: unknown) => e instanceof ServiceError && e.code === 'InvalidParameterValueException' && e.status === 400 && e.message === 'Unzipped size must be smaller than 262144000 bytes',
    );
  });

  it('CloudFormation: a TemplateURL object over 1,000,000 bytes is ValidationError "Template may not exceed 1000000 bytes in size."', async () => {
    const template = JSON.stringify({ Resources: { Topic: { Type: 'AWS::SNS::Topic' } } });
    await putObject({ Bucket: 'bkt', Key: 'big.json', Body: body(template.padEnd(1000001, ' ')) }, ctx);
    const validate = cloudformation.operations['ValidateTemplate']!;
    assert.throws(
      () => validate({ TemplateURL: 'https://bkt.s3.amazonaws.com/big.json' }, ctx),
      (e: unknown) => e instanceof ServiceError && e.code === 'ValidationError' && e.status === 400 && e.message === 'Template may not exceed 1000000 bytes in size.',
    );
    await putObject({ Bucket: 'bkt', Key: 'ok.json', Body: body(template.padEnd(1000000, ' ')) }, ctx);
    assert.deepEqual(validate({ TemplateURL: 'https://bkt.s3.amazonaws.com/ok.json' }, ctx), { Parameters: [] });
  });
});
