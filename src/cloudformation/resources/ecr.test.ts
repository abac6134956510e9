import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { ecrRepository } from './ecr.js';
import { openFixture } from './fixture.js';

const f = openFixture();
after(() => f.dispose());

const LIFECYCLE = '{"rules":[{"rulePriority":1,"description":"Untagged images should not exist","selection":{"tagStatus":"untagged","countType":"sinceImagePushed","countUnit":"days","countNumber":365},"action":{"type":"expire"}}]}';
const POLICY = { Statement: [{ Sid: 'LambdaECRImageRetrievalPolicy', Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'] }] };
const describe = async (name: string) => ((await f.api('ecr', 'DescribeRepositories', { repositoryNames: [name] })).repositories as Array<Record<string, unknown>>)[0]!;

test('Repository as the bootstrap template makes it: name, mutability, lifecycle and policy; Ref and GetAtt', async () => {
  const props = { RepositoryName: 'cdk-hnb659fds-container-assets-123456789012-us-east-1', ImageTagMutability: 'IMMUTABLE', LifecyclePolicy: { LifecyclePolicyText: LIFECYCLE }, RepositoryPolicyText: POLICY };
  const r = await f.create(ecrRepository, 'ContainerAssetsRepository', props);
  const name = props.RepositoryName;
  assert.deepEqual(r, { physicalId: name, attributes: { Arn: `arn:aws:ecr:us-east-1:123456789012:repository/${name}`, RepositoryUri: `123456789012.dkr.ecr.us-east-1.amazonaws.com/${name}` } });
  assert.equal((await describe(name)).imageTagMutability, 'IMMUTABLE');
  assert.equal((await f.api('ecr', 'GetLifecyclePolicy', { repositoryName: name })).lifecyclePolicyText, LIFECYCLE);
  assert.deepEqual(JSON.parse((await f.api('ecr', 'GetRepositoryPolicy', { repositoryName: name })).policyText as string), POLICY);

  // In place: mutability, scanning, tags; the policy removed, the lifecycle policy too.
  const next = { RepositoryName: name, ImageScanningConfiguration: { ScanOnPush: 'true' }, Tags: [{ Key: 'team', Value: 'api' }] };
  const updated = await ecrRepository.update!(r, props, next, f.ctx('ContainerAssetsRepository'));
  assert.deepEqual(updated, r);
  const after = await describe(name);
  assert.deepEqual([after.imageTagMutability, after.imageScanningConfiguration], ['MUTABLE', { scanOnPush: true }]);
  await assert.rejects(f.api('ecr', 'GetRepositoryPolicy', { repositoryName: name }), { name: 'RepositoryPolicyNotFoundException' });
  await assert.rejects(f.api('ecr', 'GetLifecyclePolicy', { repositoryName: name }), { name: 'LifecyclePolicyNotFoundException' });
  assert.deepEqual((await f.api('ecr', 'ListTagsForResource', { resourceArn: r.attributes.Arn })).tags, [{ Key: 'team', Value: 'api' }]);

  await ecrRepository.delete(r, { ...next, EmptyOnDelete: true }, f.ctx('ContainerAssetsRepository'));
  await assert.rejects(describe(name), { name: 'RepositoryNotFoundException' });
  // Already gone: not an error.
  await ecrRepository.delete(r, next, f.ctx('ContainerAssetsRepository'));
});

test('a repository without a name gets a lower-case generated one; bad properties fail before any call', async () => {
  const r = await f.create(ecrRepository, 'AppRepo', {});
  assert.match(r.physicalId, /^private-api-tutorial-apprepo-[a-z0-9]{12}$/);
  await ecrRepository.delete(r, {}, f.ctx('AppRepo'));
  await assert.rejects(f.create(ecrRepository, 'Bad', { ImageTagMutability: 'SOMETIMES' }), { message: 'Properties validation failed for resource Bad with message: #/ImageTagMutability: SOMETIMES is not a valid enum value' });
  await assert.rejects(f.create(ecrRepository, 'Bad', { RepositoryName: 'Upper' }), { name: 'InvalidParameterException' });
  // A policy ECR refuses undoes the create: nothing is left behind.
  await assert.rejects(f.create(ecrRepository, 'Bad', { RepositoryName: 'undone', RepositoryPolicyText: '{"Statement":[{"Effect":"Allow","Principal":"*","Action":"ecr:*","Resource":"*"}]}' }), { name: 'InvalidParameterException' });
  await assert.rejects(describe('undone'), { name: 'RepositoryNotFoundException' });
  await f.create(ecrRepository, 'Taken', { RepositoryName: 'taken' });
  await assert.rejects(f.create(ecrRepository, 'Again', { RepositoryName: 'taken' }), (e: Error & { handlerErrorCode?: string }) => {
    assert.match(e.message, /^Resource handler returned message: "Resource of type 'AWS::ECR::Repository' with identifier 'taken' already exists\." \(RequestToken: [0-9a-f-]{36}, HandlerErrorCode: AlreadyExists\)$/);
    assert.equal(e.handlerErrorCode, 'AlreadyExists');
    return true;
  });
  assert.deepEqual(ecrRepository.replaceOn, ['RepositoryName', 'EncryptionConfiguration']);
});
