import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { ServiceError } from '../../shared/errors.js';
import { openSqliteStore } from '../../store/sqlite/sqlite-store.js';
import type { OperationContext } from '../types.js';
import { batchGetImage, describeImages, getAuthorizationToken, listImages } from './images.js';
import { deleteLifecyclePolicy, deleteRepositoryPolicy, getLifecyclePolicy, getRepositoryPolicy, putLifecyclePolicy, setRepositoryPolicy } from './policies.js';
import { jacksonPretty } from './pretty-json.js';
import { createRepository, deleteRepository, describeRepositories, putImageScanningConfiguration, putImageTagMutability } from './repositories.js';
import { listTagsForResource, tagResource, untagResource } from './tags.js';

const store = openSqliteStore(':memory:');
after(() => store.close());
const NOW = new Date('2024-05-01T12:00:00.000Z');
let n = 0;
const context = (account = '123456789012', region = 'eu-west-1'): OperationContext => ({
  scope: { account, region },
  accessKeyId: undefined,
  requestId: `r-${++n}`,
  store,
  clock: { now: () => NOW },
});

/** Runs a handler as the dispatcher does: inside one store transaction. */
const call = <I, O>(ctx: OperationContext, handler: (input: I, ctx: OperationContext) => O, input: I): O => store.transaction(() => handler(input, ctx));

function rejects(fn: () => unknown, code: string, message: string): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof ServiceError, String(e));
    assert.deepEqual([e.code, e.status, e.message], [code, 400, message]);
    return true;
  });
}

const ARN = 'arn:aws:ecr:eu-west-1:123456789012:repository';
const HOST = '123456789012.dkr.ecr.eu-west-1.amazonaws.com';
const NAME_RULE = "Invalid parameter at 'repositoryName' failed to satisfy constraint: 'must satisfy regular expression '(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*''";
const LIFECYCLE = JSON.stringify({ rules: [{ rulePriority: 1, description: 'expire untagged', selection: { tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: 14 }, action: { type: 'expire' } }] });

describe('repositories', () => {
  it('CreateRepository answers the repository with its ARN, URI and defaults; DescribeRepositories reads it back', () => {
    const ctx = context();
    const created = call(ctx, createRepository, { repositoryName: 'team/app', tags: [{ Key: 'team', Value: 'api' }] });
    const expected = {
      repositoryArn: `${ARN}/team/app`,
      registryId: '123456789012',
      repositoryName: 'team/app',
      repositoryUri: `${HOST}/team/app`,
      createdAt: NOW.getTime() / 1000,
      imageTagMutability: 'MUTABLE',
      imageScanningConfiguration: { scanOnPush: false },
      encryptionConfiguration: { encryptionType: 'AES256' },
    };
    assert.deepEqual(created, { repository: expected });
    assert.deepEqual(call(ctx, describeRepositories, { repositoryNames: ['team/app'] }), { repositories: [expected] });
    const kms = call(ctx, createRepository, { repositoryName: 'secure', imageTagMutability: 'IMMUTABLE', imageScanningConfiguration: { scanOnPush: true }, encryptionConfiguration: { encryptionType: 'KMS', kmsKey: 'alias/mine' } });
    assert.deepEqual([kms.repository.imageTagMutability, kms.repository.imageScanningConfiguration, kms.repository.encryptionConfiguration], ['IMMUTABLE', { scanOnPush: true }, { encryptionType: 'KMS', kmsKey: 'alias/mine' }]);
    assert.deepEqual(call(ctx, listTagsForResource, { resourceArn: `${ARN}/team/app` }), { tags: [{ Key: 'team', Value: 'api' }] });
    call(ctx, deleteRepository, { repositoryName: 'secure' });
  });

  it("AWS's refusals: names, duplicates, missing repositories, enums", () => {
    const ctx = context();
    call(ctx, createRepository, { repositoryName: 'dup' });
    rejects(() => call(ctx, createRepository, { repositoryName: 'dup' }), 'RepositoryAlreadyExistsException', "The repository with name 'dup' already exists in the registry with id '123456789012'");
    rejects(() => call(ctx, createRepository, { repositoryName: 'MyRepo' }), 'InvalidParameterException', NAME_RULE);
    rejects(() => call(ctx, createRepository, { repositoryName: 'a--b/' }), 'InvalidParameterException', NAME_RULE);
    rejects(() => call(ctx, createRepository, { repositoryName: 'a' }), 'InvalidParameterException', "Invalid parameter at 'repositoryName' failed to satisfy constraint: 'must have length greater than or equal to 2'");
    rejects(() => call(ctx, createRepository, {}), 'InvalidParameterException', "Invalid parameter at 'repositoryName' failed to satisfy constraint: 'Member must not be null'");
    rejects(() => call(ctx, createRepository, { repositoryName: 'ok', imageTagMutability: 'WRONG' }), 'InvalidParameterException', "Invalid parameter at 'imageTagMutability' failed to satisfy constraint: 'Member must satisfy enum value set: [MUTABLE, IMMUTABLE]'");
    rejects(() => call(ctx, describeRepositories, { repositoryNames: ['dup', 'nope'] }), 'RepositoryNotFoundException', "The repository with name 'nope' does not exist in the registry with id '123456789012'");
    rejects(() => call(ctx, describeRepositories, { maxResults: 1001 }), 'InvalidParameterException', "Invalid parameter at 'maxResults' failed to satisfy constraint: 'Member must have value less than or equal to 1000'");
    rejects(() => call(ctx, describeRepositories, { registryId: '12' }), 'InvalidParameterException', "Invalid parameter at 'registryId' failed to satisfy constraint: 'Member must satisfy regular expression pattern: [0-9]{12}'");
    rejects(() => call(ctx, deleteRepository, { repositoryName: 'nope', registryId: '210987654321' }), 'RepositoryNotFoundException', "The repository with name 'nope' does not exist in the registry with id '210987654321'");
    rejects(() => call(ctx, createRepository, { repositoryName: 'theirs', registryId: '210987654321' }), 'AccessDeniedException', 'User: arn:aws:iam::123456789012:root is not authorized to perform: ecr:CreateRepository on resource: arn:aws:ecr:eu-west-1:210987654321:repository/theirs');
    // Nothing half-written: the failed creates left only the one repository.
    assert.deepEqual(call(ctx, describeRepositories, {}).repositories.map((r) => r.repositoryName), ['team/app', 'dup']);
    call(ctx, deleteRepository, { repositoryName: 'dup' });
  });

  it('DescribeRepositories pages in creation order; each account and region has its own registry', () => {
    const ctx = context('111111111111', 'us-west-2');
    for (const name of ['r1', 'r2', 'r3']) call(ctx, createRepository, { repositoryName: name });
    const first = call(ctx, describeRepositories, { maxResults: 2 });
    assert.deepEqual(first.repositories.map((r) => r.repositoryName), ['r1', 'r2']);
    const second = call(ctx, describeRepositories, { maxResults: 2, nextToken: first.nextToken! });
    assert.deepEqual([second.repositories.map((r) => r.repositoryName), second.nextToken], [['r3'], undefined]);
    assert.deepEqual(call(context('111111111111', 'us-east-1'), describeRepositories, {}), { repositories: [] });
    const deleted = call(ctx, deleteRepository, { repositoryName: 'r2', force: false });
    assert.equal(deleted.repository.repositoryArn, 'arn:aws:ecr:us-west-2:111111111111:repository/r2');
    rejects(() => call(ctx, deleteRepository, { repositoryName: 'r2' }), 'RepositoryNotFoundException', "The repository with name 'r2' does not exist in the registry with id '111111111111'");
  });

  it('PutImageScanningConfiguration and PutImageTagMutability change the repository in place', () => {
    const ctx = context();
    call(ctx, createRepository, { repositoryName: 'settings' });
    assert.deepEqual(call(ctx, putImageScanningConfiguration, { repositoryName: 'settings', imageScanningConfiguration: { scanOnPush: true } }), { registryId: '123456789012', repositoryName: 'settings', imageScanningConfiguration: { scanOnPush: true } });
    assert.deepEqual(call(ctx, putImageTagMutability, { repositoryName: 'settings', imageTagMutability: 'IMMUTABLE' }), { registryId: '123456789012', repositoryName: 'settings', imageTagMutability: 'IMMUTABLE' });
    const r = call(ctx, describeRepositories, { repositoryNames: ['settings'] }).repositories[0]!;
    assert.deepEqual([r.imageScanningConfiguration, r.imageTagMutability], [{ scanOnPush: true }, 'IMMUTABLE']);
    rejects(() => call(ctx, putImageTagMutability, { repositoryName: 'settings' }), 'InvalidParameterException', "Invalid parameter at 'imageTagMutability' failed to satisfy constraint: 'Member must not be null'");
  });
});

describe('policies', () => {
  const policy = { Version: '2012-10-17', Statement: [{ Sid: 'pull', Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'] }] };

  it('a repository policy is answered as ECR prints it (Jackson), read back, deleted; bad ones refused', () => {
    const ctx = context();
    call(ctx, createRepository, { repositoryName: 'pol' });
    rejects(() => call(ctx, getRepositoryPolicy, { repositoryName: 'pol' }), 'RepositoryPolicyNotFoundException', "Repository policy does not exist for the repository with name 'pol' in the registry with id '123456789012'");
    const pretty = '{\n  "Version" : "2012-10-17",\n  "Statement" : [ {\n    "Sid" : "pull",\n    "Effect" : "Allow",\n    "Principal" : {\n      "Service" : "lambda.amazonaws.com"\n    },\n    "Action" : [ "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer" ]\n  } ]\n}';
    const answer = { registryId: '123456789012', repositoryName: 'pol', policyText: pretty };
    assert.deepEqual(call(ctx, setRepositoryPolicy, { repositoryName: 'pol', policyText: JSON.stringify(policy) }), answer);
    assert.deepEqual(call(ctx, getRepositoryPolicy, { repositoryName: 'pol' }), answer);
    const invalid = "Invalid parameter at 'PolicyText' failed to satisfy constraint: 'Invalid repository policy provided'";
    for (const bad of ['not json', '{"Statement":[{"Effect":"Allow","Principal":"*","Action":"ecr:*","Resource":"*"}]}', '{"Statement":[{"Effect":"Allow","Action":"ecr:*"}]}', '{"Statement":[{"Effect":"Maybe","Principal":"*","Action":"ecr:*"}]}']) {
      rejects(() => call(ctx, setRepositoryPolicy, { repositoryName: 'pol', policyText: bad }), 'InvalidParameterException', invalid);
    }
    assert.deepEqual(call(ctx, deleteRepositoryPolicy, { repositoryName: 'pol' }), answer);
    rejects(() => call(ctx, deleteRepositoryPolicy, { repositoryName: 'pol' }), 'RepositoryPolicyNotFoundException', "Repository policy does not exist for the repository with name 'pol' in the registry with id '123456789012'");
  });

  it('a lifecycle policy is kept as put; bad ones refused; deleted', () => {
    const ctx = context();
    call(ctx, createRepository, { repositoryName: 'life' });
    rejects(() => call(ctx, getLifecyclePolicy, { repositoryName: 'life' }), 'LifecyclePolicyNotFoundException', "Lifecycle policy does not exist for the repository with name 'life' in the registry with id '123456789012'");
    const answer = { registryId: '123456789012', repositoryName: 'life', lifecyclePolicyText: LIFECYCLE };
    assert.deepEqual(call(ctx, putLifecyclePolicy, { repositoryName: 'life', lifecyclePolicyText: LIFECYCLE }), answer);
    assert.deepEqual(call(ctx, getLifecyclePolicy, { repositoryName: 'life' }), answer);
    rejects(() => call(ctx, putLifecyclePolicy, { repositoryName: 'life', lifecyclePolicyText: '{}' }), 'InvalidParameterException', "Invalid parameter at 'lifecyclePolicyText' failed to satisfy constraint: 'Member must have length greater than or equal to 100'");
    rejects(() => call(ctx, putLifecyclePolicy, { repositoryName: 'life', lifecyclePolicyText: LIFECYCLE.replace('"type":"expire"', '"type":"keep"') }), 'InvalidParameterException', "Invalid parameter at 'LifecyclePolicyText' failed to satisfy constraint: 'Lifecycle policy validation failure: rule 1: action type must be expire'");
    assert.deepEqual(call(ctx, deleteLifecyclePolicy, { repositoryName: 'life' }), answer);
    rejects(() => call(ctx, deleteLifecyclePolicy, { repositoryName: 'life' }), 'LifecyclePolicyNotFoundException', "Lifecycle policy does not exist for the repository with name 'life' in the registry with id '123456789012'");
  });

  it('Jackson prints empty objects and arrays with a space', () => {
    assert.equal(jacksonPretty({ a: {}, b: [], c: [1, 'x', null] }), '{\n  "a" : { },\n  "b" : [ ],\n  "c" : [ 1, "x", null ]\n}');
  });
});

describe('tags, images, authorization', () => {
  it('TagResource adds and replaces, UntagResource removes; an unknown ARN is not found', () => {
    const ctx = context();
    call(ctx, createRepository, { repositoryName: 'tagged', tags: [{ Key: 'a', Value: '1' }] });
    call(ctx, tagResource, { resourceArn: `${ARN}/tagged`, tags: [{ Key: 'a', Value: '2' }, { Key: 'b', Value: '3' }] });
    assert.deepEqual(call(ctx, listTagsForResource, { resourceArn: `${ARN}/tagged` }), { tags: [{ Key: 'a', Value: '2' }, { Key: 'b', Value: '3' }] });
    call(ctx, untagResource, { resourceArn: `${ARN}/tagged`, tagKeys: ['a'] });
    assert.deepEqual(call(ctx, listTagsForResource, { resourceArn: `${ARN}/tagged` }), { tags: [{ Key: 'b', Value: '3' }] });
    rejects(() => call(ctx, listTagsForResource, { resourceArn: `${ARN}/nope` }), 'RepositoryNotFoundException', "The repository with name 'nope' does not exist in the registry with id '123456789012'");
    const many = Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: '' }));
    rejects(() => call(ctx, tagResource, { resourceArn: `${ARN}/tagged`, tags: many }), 'TooManyTagsException', 'The list of tags on the repository is over the limit. The maximum number of tags that can be applied to a repository is 50.');
  });

  it('a repository holds no images: empty lists, not found by id, failures from BatchGetImage', () => {
    const ctx = context();
    call(ctx, createRepository, { repositoryName: 'empty' });
    assert.deepEqual(call(ctx, describeImages, { repositoryName: 'empty' }), { imageDetails: [] });
    assert.deepEqual(call(ctx, listImages, { repositoryName: 'empty' }), { imageIds: [] });
    rejects(() => call(ctx, describeImages, { repositoryName: 'empty', imageIds: [{ imageTag: 'latest' }] }), 'ImageNotFoundException', "The image with imageId {imageDigest:'null', imageTag:'latest'} does not exist within the repository with name 'empty' in the registry with id '123456789012'");
    assert.deepEqual(call(ctx, batchGetImage, { repositoryName: 'empty', imageIds: [{ imageTag: 'latest' }, {}] }), {
      images: [],
      failures: [
        { imageId: { imageTag: 'latest' }, failureCode: 'ImageNotFound', failureReason: 'Requested image not found' },
        { imageId: {}, failureCode: 'MissingDigestAndTag', failureReason: 'Invalid request parameters: both tag and digest cannot be null' },
      ],
    });
    rejects(() => call(ctx, listImages, { repositoryName: 'missing' }), 'RepositoryNotFoundException', "The repository with name 'missing' does not exist in the registry with id '123456789012'");
  });

  it('GetAuthorizationToken: AWS:<password> in base64, twelve hours, the registry endpoint', () => {
    const [data] = call(context(), getAuthorizationToken, {}).authorizationData;
    assert.equal(data!.proxyEndpoint, `https://${HOST}`);
    assert.equal(data!.expiresAt, NOW.getTime() / 1000 + 12 * 3600);
    assert.match(Buffer.from(data!.authorizationToken, 'base64').toString(), /^AWS:[A-Za-z0-9+/=]{64}$/);
    const other = call(context(), getAuthorizationToken, { registryIds: ['210987654321'] }).authorizationData;
    assert.equal(other[0]!.proxyEndpoint, 'https://210987654321.dkr.ecr.eu-west-1.amazonaws.com');
  });
});
