import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { after, test } from 'node:test';
import { openFixture } from './fixture.js';
import { s3Bucket, s3BucketPolicy } from './s3.js';

const f = openFixture();
after(() => f.dispose());

test('Bucket: each configuration property becomes S3\'s call, in S3\'s shape; Ref and every GetAtt', async () => {
  const props = {
    BucketName: 'cfn-configured',
    VersioningConfiguration: { Status: 'Enabled' },
    BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: true }] },
    PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
    LifecycleConfiguration: { Rules: [{ Id: 'old', Status: 'Enabled', Prefix: 'logs/', ExpirationInDays: 30, NoncurrentVersionExpiration: { NoncurrentDays: 7 } }] },
    CorsConfiguration: { CorsRules: [{ AllowedMethods: ['GET'], AllowedOrigins: ['*'], MaxAge: 60, ExposedHeaders: ['ETag'] }] },
    Tags: [{ Key: 'team', Value: 'a' }],
  };
  const bucket = await f.create(s3Bucket, 'Configured', props);
  assert.deepEqual(bucket, {
    physicalId: 'cfn-configured',
    attributes: {
      Arn: 'arn:aws:s3:::cfn-configured',
      DomainName: 'cfn-configured.s3.amazonaws.com',
      RegionalDomainName: 'cfn-configured.s3.us-east-1.amazonaws.com',
      DualStackDomainName: 'cfn-configured.s3.dualstack.us-east-1.amazonaws.com',
      WebsiteURL: 'http://cfn-configured.s3-website-us-east-1.amazonaws.com',
    },
  });
  assert.equal((await f.api('s3', 'GetBucketVersioning', { Bucket: 'cfn-configured' })).Status, 'Enabled');
  const lifecycle = await f.api('s3', 'GetBucketLifecycleConfiguration', { Bucket: 'cfn-configured' });
  assert.deepEqual(lifecycle.Rules, [{ ID: 'old', Status: 'Enabled', Filter: { Prefix: 'logs/' }, Expiration: { Days: 30 }, NoncurrentVersionExpiration: { NoncurrentDays: 7 } }]);
  const cors = await f.api('s3', 'GetBucketCors', { Bucket: 'cfn-configured' });
  assert.deepEqual(cors.CORSRules, [{ AllowedMethods: ['GET'], AllowedOrigins: ['*'], MaxAgeSeconds: 60, ExposeHeaders: ['ETag'] }]);
  assert.deepEqual((await f.api('s3', 'GetBucketTagging', { Bucket: 'cfn-configured' })).TagSet, [{ Key: 'team', Value: 'a' }]);

  // An update drops CORS and tags, suspends versioning: each undone by its own call.
  const after = { ...props, CorsConfiguration: undefined, Tags: undefined, VersioningConfiguration: undefined };
  await s3Bucket.update!(bucket, props, after, f.ctx('Configured'));
  await assert.rejects(f.api('s3', 'GetBucketCors', { Bucket: 'cfn-configured' }), { name: 'NoSuchCORSConfiguration' });
  await assert.rejects(f.api('s3', 'GetBucketTagging', { Bucket: 'cfn-configured' }), { name: 'NoSuchTagSet' });
  assert.equal((await f.api('s3', 'GetBucketVersioning', { Bucket: 'cfn-configured' })).Status, 'Suspended');

  await s3Bucket.delete(bucket, after, f.ctx('Configured'));
  await s3Bucket.delete(bucket, after, f.ctx('Configured'));
  await assert.rejects(f.api('s3', 'HeadBucket', { Bucket: 'cfn-configured' }), { name: 'NoSuchBucket' });
});

test('Bucket: a generated name is lower case; a bucket with objects is not deleted (BucketNotEmpty); a refused configuration leaves no bucket', async () => {
  const bucket = await f.create(s3Bucket, 'Generated', {});
  assert.match(bucket.physicalId, /^private-api-tutorial-generated-[a-z0-9]{12}$/);
  await f.api('s3', 'PutObject', { Bucket: bucket.physicalId, Key: 'k', Body: Readable.from([Buffer.from('x')]) });
  await assert.rejects(s3Bucket.delete(bucket, {}, f.ctx('Generated')), { name: 'BucketNotEmpty', message: 'The bucket you tried to delete is not empty' });
  await f.api('s3', 'DeleteObject', { Bucket: bucket.physicalId, Key: 'k' });
  await s3Bucket.delete(bucket, {}, f.ctx('Generated'));

  await assert.rejects(f.create(s3Bucket, 'Bad', { BucketName: 'cfn-bad-lifecycle', LifecycleConfiguration: { Rules: [{ Status: 'Sometimes', ExpirationInDays: 1 }] } }), {
    name: 'MalformedXML',
    message: 'The XML you provided was not well-formed or did not validate against our published schema',
  });
  await assert.rejects(f.create(s3Bucket, 'NoAction', { BucketName: 'cfn-bad-lifecycle', LifecycleConfiguration: { Rules: [{ Status: 'Enabled', Prefix: 'x/' }] } }), {
    name: 'InvalidRequest',
    message: 'At least one action needs to be specified in a rule',
  });
  await assert.rejects(f.api('s3', 'HeadBucket', { Bucket: 'cfn-bad-lifecycle' }), { name: 'NoSuchBucket' });
  await assert.rejects(f.create(s3Bucket, 'Site', { WebsiteConfiguration: { IndexDocument: 'index.html' } }), { message: 'Gatehouse does not support this: WebsiteConfiguration: Gatehouse does not serve S3 static websites' });
});

test('BucketPolicy: put, replaced in place, removed; Ref is the bucket', async () => {
  const bucket = await f.create(s3Bucket, 'WithPolicy', { BucketName: 'cfn-policy' });
  const deny = (sid: string) => ({ Version: '2012-10-17', Statement: [{ Sid: sid, Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: ['arn:aws:s3:::cfn-policy', 'arn:aws:s3:::cfn-policy/*'], Condition: { Bool: { 'aws:SecureTransport': 'false' } } }] });
  const policy = await f.create(s3BucketPolicy, 'Policy', { Bucket: 'cfn-policy', PolicyDocument: deny('one') });
  assert.equal(policy.physicalId, 'cfn-policy');
  assert.equal(JSON.parse((await f.api('s3', 'GetBucketPolicy', { Bucket: 'cfn-policy' })).Policy as string).Statement[0].Sid, 'one');
  await s3BucketPolicy.update!(policy, { Bucket: 'cfn-policy', PolicyDocument: deny('one') }, { Bucket: 'cfn-policy', PolicyDocument: deny('two') }, f.ctx('Policy'));
  assert.equal(JSON.parse((await f.api('s3', 'GetBucketPolicy', { Bucket: 'cfn-policy' })).Policy as string).Statement[0].Sid, 'two');
  await s3BucketPolicy.delete(policy, {}, f.ctx('Policy'));
  await s3BucketPolicy.delete(policy, {}, f.ctx('Policy'));
  await assert.rejects(f.api('s3', 'GetBucketPolicy', { Bucket: 'cfn-policy' }), { name: 'NoSuchBucketPolicy' });
  await s3Bucket.delete(bucket, {}, f.ctx('WithPolicy'));
});
