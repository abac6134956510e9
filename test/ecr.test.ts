/**
 * Amazon ECR end to end (control plane only) over the AWS JSON protocol: repositories, their settings, tags and
 * policies with the SDK v3 (paging with its paginator, AWS's errors on the wire), `aws ecr` from the CLI v2,
 * and an `AWS::ECR::Repository` made, changed and removed by a CloudFormation stack.
 */
import {
  CloudFormationClient,
  CreateStackCommand,
  DeleteStackCommand,
  DescribeStacksCommand,
  UpdateStackCommand,
  waitUntilStackCreateComplete,
  waitUntilStackDeleteComplete,
  waitUntilStackUpdateComplete,
} from '@aws-sdk/client-cloudformation';
import {
  BatchGetImageCommand,
  CreateRepositoryCommand,
  DeleteLifecyclePolicyCommand,
  DeleteRepositoryCommand,
  DescribeImagesCommand,
  DescribeRepositoriesCommand,
  ECRClient,
  GetAuthorizationTokenCommand,
  GetLifecyclePolicyCommand,
  GetRepositoryPolicyCommand,
  ListImagesCommand,
  ListTagsForResourceCommand,
  PutImageScanningConfigurationCommand,
  PutImageTagMutabilityCommand,
  PutLifecyclePolicyCommand,
  SetRepositoryPolicyCommand,
  TagResourceCommand,
  UntagResourceCommand,
  paginateDescribeRepositories,
  type Repository,
} from '@aws-sdk/client-ecr';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Gatehouse } from '../src/server/gatehouse.js';
import { ACCOUNT, REGION, awsCli, awsCliError, awsCliText, credentials, expectError, raw, sigv4Header, startTestGatehouse } from './support/server.js';

const HOST = `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com`;
const ARN = `arn:aws:ecr:${REGION}:${ACCOUNT}:repository`;
const BOOTSTRAP = fileURLToPath(new URL('../../node_modules/aws-cdk/lib/api/bootstrap/bootstrap-template.yaml', import.meta.url));
const LIFECYCLE = '{"rules":[{"rulePriority":1,"description":"expire old untagged images","selection":{"tagStatus":"untagged","countType":"sinceImagePushed","countUnit":"days","countNumber":30},"action":{"type":"expire"}}]}';

let gh: Gatehouse;
let ecr: ECRClient;
let cfn: CloudFormationClient;

before(async () => {
  gh = await startTestGatehouse();
  ecr = new ECRClient({ endpoint: gh.url, region: REGION, credentials, maxAttempts: 1 });
  cfn = new CloudFormationClient({ endpoint: gh.url, region: REGION, credentials, maxAttempts: 1 });
});

after(async () => {
  ecr.destroy();
  cfn.destroy();
  await gh.dispose();
});

const names = (rs: Repository[] | undefined): string[] => (rs ?? []).map((r) => r.repositoryName!);

test('create, describe, change and delete a repository with the SDK', async () => {
  const { repository } = await ecr.send(new CreateRepositoryCommand({ repositoryName: 'team/web', imageScanningConfiguration: { scanOnPush: true }, tags: [{ Key: 'team', Value: 'web' }] }));
  assert.deepEqual({ ...repository, createdAt: undefined }, {
    repositoryArn: `${ARN}/team/web`,
    registryId: ACCOUNT,
    repositoryName: 'team/web',
    repositoryUri: `${HOST}/team/web`,
    createdAt: undefined,
    imageTagMutability: 'MUTABLE',
    imageScanningConfiguration: { scanOnPush: true },
    encryptionConfiguration: { encryptionType: 'AES256' },
  });
  assert.ok(repository!.createdAt instanceof Date);
  const [described] = (await ecr.send(new DescribeRepositoriesCommand({ repositoryNames: ['team/web'] }))).repositories!;
  assert.deepEqual(described, repository);

  await ecr.send(new PutImageTagMutabilityCommand({ repositoryName: 'team/web', imageTagMutability: 'IMMUTABLE' }));
  await ecr.send(new PutImageScanningConfigurationCommand({ repositoryName: 'team/web', imageScanningConfiguration: { scanOnPush: false } }));
  const [changed] = (await ecr.send(new DescribeRepositoriesCommand({ repositoryNames: ['team/web'] }))).repositories!;
  assert.deepEqual([changed!.imageTagMutability, changed!.imageScanningConfiguration], ['IMMUTABLE', { scanOnPush: false }]);

  await ecr.send(new TagResourceCommand({ resourceArn: `${ARN}/team/web`, tags: [{ Key: 'stage', Value: 'dev' }] }));
  await ecr.send(new UntagResourceCommand({ resourceArn: `${ARN}/team/web`, tagKeys: ['team'] }));
  assert.deepEqual((await ecr.send(new ListTagsForResourceCommand({ resourceArn: `${ARN}/team/web` }))).tags, [{ Key: 'stage', Value: 'dev' }]);

  // Empty: Gatehouse keeps no images.
  assert.deepEqual((await ecr.send(new ListImagesCommand({ repositoryName: 'team/web' }))).imageIds, []);
  assert.deepEqual((await ecr.send(new DescribeImagesCommand({ repositoryName: 'team/web' }))).imageDetails, []);
  assert.deepEqual((await ecr.send(new BatchGetImageCommand({ repositoryName: 'team/web', imageIds: [{ imageTag: 'latest' }] }))).failures, [
    { imageId: { imageTag: 'latest' }, failureCode: 'ImageNotFound', failureReason: 'Requested image not found' },
  ]);

  const deleted = (await ecr.send(new DeleteRepositoryCommand({ repositoryName: 'team/web' }))).repository!;
  assert.equal(deleted.repositoryName, 'team/web');
  await expectError(ecr.send(new DescribeRepositoriesCommand({ repositoryNames: ['team/web'] })), 'RepositoryNotFoundException', 400, `The repository with name 'team/web' does not exist in the registry with id '${ACCOUNT}'`);
});

test("AWS's errors as the SDK reads them, and on the wire", async () => {
  await ecr.send(new CreateRepositoryCommand({ repositoryName: 'errors' }));
  await expectError(ecr.send(new CreateRepositoryCommand({ repositoryName: 'errors' })), 'RepositoryAlreadyExistsException', 400, `The repository with name 'errors' already exists in the registry with id '${ACCOUNT}'`);
  await expectError(ecr.send(new CreateRepositoryCommand({ repositoryName: 'Errors' })), 'InvalidParameterException', 400,
    "Invalid parameter at 'repositoryName' failed to satisfy constraint: 'must satisfy regular expression '(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*''");
  await expectError(ecr.send(new GetRepositoryPolicyCommand({ repositoryName: 'errors' })), 'RepositoryPolicyNotFoundException', 400, `Repository policy does not exist for the repository with name 'errors' in the registry with id '${ACCOUNT}'`);
  await expectError(ecr.send(new GetLifecyclePolicyCommand({ repositoryName: 'errors' })), 'LifecyclePolicyNotFoundException', 400, `Lifecycle policy does not exist for the repository with name 'errors' in the registry with id '${ACCOUNT}'`);
  await expectError(ecr.send(new SetRepositoryPolicyCommand({ repositoryName: 'errors', policyText: '{"Statement":[{"Effect":"Allow","Principal":"*","Action":"ecr:*","Resource":"*"}]}' })), 'InvalidParameterException', 400,
    "Invalid parameter at 'PolicyText' failed to satisfy constraint: 'Invalid repository policy provided'");

  const res = await raw(gh, 'POST', '/', {
    headers: { 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': 'AmazonEC2ContainerRegistry_V20150921.DescribeRepositories', Authorization: sigv4Header('ecr') },
    body: '{"repositoryNames":["nope"]}',
  });
  assert.equal(res.status, 400);
  assert.equal(res.headers.get('content-type'), 'application/x-amz-json-1.1');
  assert.deepEqual(JSON.parse(res.text), { __type: 'RepositoryNotFoundException', message: `The repository with name 'nope' does not exist in the registry with id '${ACCOUNT}'` });
  await ecr.send(new DeleteRepositoryCommand({ repositoryName: 'errors', force: true }));
});

test('policies round trip; the SDK paginator pages DescribeRepositories; a token for a registry Gatehouse does not serve', async () => {
  await ecr.send(new CreateRepositoryCommand({ repositoryName: 'policies' }));
  const policy = { Version: '2012-10-17', Statement: [{ Sid: 'pull', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'ecr:BatchGetImage' }] };
  const set = await ecr.send(new SetRepositoryPolicyCommand({ repositoryName: 'policies', policyText: JSON.stringify(policy) }));
  assert.equal(set.policyText, `{\n  "Version" : "2012-10-17",\n  "Statement" : [ {\n    "Sid" : "pull",\n    "Effect" : "Allow",\n    "Principal" : {\n      "AWS" : "arn:aws:iam::${ACCOUNT}:root"\n    },\n    "Action" : "ecr:BatchGetImage"\n  } ]\n}`);
  assert.equal((await ecr.send(new GetRepositoryPolicyCommand({ repositoryName: 'policies' }))).policyText, set.policyText);
  await ecr.send(new PutLifecyclePolicyCommand({ repositoryName: 'policies', lifecyclePolicyText: LIFECYCLE }));
  assert.equal((await ecr.send(new GetLifecyclePolicyCommand({ repositoryName: 'policies' }))).lifecyclePolicyText, LIFECYCLE);
  await ecr.send(new DeleteLifecyclePolicyCommand({ repositoryName: 'policies' }));

  for (const n of ['page-a', 'page-b', 'page-c']) await ecr.send(new CreateRepositoryCommand({ repositoryName: n }));
  const pages: string[][] = [];
  for await (const page of paginateDescribeRepositories({ client: ecr, pageSize: 2 }, {})) pages.push(names(page.repositories));
  assert.deepEqual(pages, [['policies', 'page-a'], ['page-b', 'page-c']]);
  for (const n of ['policies', 'page-a', 'page-b', 'page-c']) await ecr.send(new DeleteRepositoryCommand({ repositoryName: n }));

  const [auth] = (await ecr.send(new GetAuthorizationTokenCommand({}))).authorizationData!;
  assert.equal(auth!.proxyEndpoint, `https://${HOST}`);
  assert.match(Buffer.from(auth!.authorizationToken!, 'base64').toString(), /^AWS:/);
  assert.ok(auth!.expiresAt instanceof Date);
});

test('aws ecr (CLI v2): create-repository, describe-repositories, and an error', async () => {
  const created = (await awsCli(gh, ['ecr', 'create-repository', '--repository-name', 'cli-repo', '--image-tag-mutability', 'IMMUTABLE'])).json as { repository: Record<string, unknown> };
  assert.equal(created.repository.repositoryUri, `${HOST}/cli-repo`);
  const uris = (await awsCli(gh, ['ecr', 'describe-repositories', '--query', 'repositories[].repositoryUri'])).json;
  assert.deepEqual(uris, [`${HOST}/cli-repo`]);
  const failed = await awsCliError(gh, ['ecr', 'describe-repositories', '--repository-names', 'missing']);
  assert.match(failed.stderr, /An error occurred \(RepositoryNotFoundException\) when calling the DescribeRepositories operation: The repository with name 'missing' does not exist in the registry with id '000000000000'/);
  await awsCli(gh, ['ecr', 'delete-repository', '--repository-name', 'cli-repo']);
  // `docker login`'s password, from GetAuthorizationToken: well-formed, though no registry takes it.
  assert.match(await awsCliText(gh, ['ecr', 'get-login-password']), /^[A-Za-z0-9+/=]{64}\n$/);
});

test('pushing an image is not supported: the layer upload answers the unimplemented-operation error', async () => {
  const res = await raw(gh, 'POST', '/', {
    headers: { 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': 'AmazonEC2ContainerRegistry_V20150921.InitiateLayerUpload', Authorization: sigv4Header('ecr') },
    body: '{"repositoryName":"any"}',
  });
  assert.deepEqual([res.status, JSON.parse(res.text)], [501, { __type: 'NotImplementedException', message: 'Gatehouse does not implement the ecr operation InitiateLayerUpload yet.' }]);
});

const template = (mutability: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    Resources: {
      Repo: {
        Type: 'AWS::ECR::Repository',
        Properties: {
          ImageTagMutability: mutability,
          LifecyclePolicy: { LifecyclePolicyText: LIFECYCLE },
          RepositoryPolicyText: { Statement: [{ Sid: 'lambda', Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'] }] },
          ...extra,
        },
      },
    },
    Outputs: {
      Name: { Value: { Ref: 'Repo' } },
      Arn: { Value: { 'Fn::GetAtt': ['Repo', 'Arn'] } },
      Uri: { Value: { 'Fn::GetAtt': ['Repo', 'RepositoryUri'] } },
    },
  });

test('a CloudFormation stack makes, updates in place and removes a repository', async () => {
  const waiter = { client: cfn, maxWaitTime: 60, minDelay: 1, maxDelay: 1 };
  await cfn.send(new CreateStackCommand({ StackName: 'images', TemplateBody: template('IMMUTABLE') }));
  await waitUntilStackCreateComplete(waiter, { StackName: 'images' });
  const outputs = async () => Object.fromEntries((await cfn.send(new DescribeStacksCommand({ StackName: 'images' }))).Stacks![0]!.Outputs!.map((o) => [o.OutputKey, o.OutputValue]));
  const out = await outputs();
  assert.match(out.Name!, /^images-repo-[a-z0-9]{12}$/);
  assert.deepEqual(out, { Name: out.Name, Arn: `${ARN}/${out.Name}`, Uri: `${HOST}/${out.Name}` });
  const [made] = (await ecr.send(new DescribeRepositoriesCommand({ repositoryNames: [out.Name!] }))).repositories!;
  assert.equal(made!.imageTagMutability, 'IMMUTABLE');
  assert.equal((await ecr.send(new GetLifecyclePolicyCommand({ repositoryName: out.Name! }))).lifecyclePolicyText, LIFECYCLE);

  await cfn.send(new UpdateStackCommand({ StackName: 'images', TemplateBody: template('MUTABLE', { Tags: [{ Key: 'team', Value: 'api' }] }) }));
  await waitUntilStackUpdateComplete(waiter, { StackName: 'images' });
  assert.equal((await outputs()).Name, out.Name);
  const [updated] = (await ecr.send(new DescribeRepositoriesCommand({ repositoryNames: [out.Name!] }))).repositories!;
  assert.deepEqual([updated!.imageTagMutability, updated!.createdAt], ['MUTABLE', made!.createdAt]);
  assert.deepEqual((await ecr.send(new ListTagsForResourceCommand({ resourceArn: out.Arn }))).tags, [{ Key: 'team', Value: 'api' }]);

  await cfn.send(new DeleteStackCommand({ StackName: 'images' }));
  await waitUntilStackDeleteComplete(waiter, { StackName: 'images' });
  await expectError(ecr.send(new DescribeRepositoriesCommand({ repositoryNames: [out.Name!] })), 'RepositoryNotFoundException', 400, `The repository with name '${out.Name}' does not exist in the registry with id '${ACCOUNT}'`);
});

test("the `cdk bootstrap` template's container assets repository, as the CDK CLI ships it", async () => {
  // The resource's YAML cut from the CDK's own template, with the parameters and condition it refers to.
  const lines = readFileSync(BOOTSTRAP, 'utf8').split('\n');
  const start = lines.indexOf('  ContainerAssetsRepository:');
  const end = lines.findIndex((l, i) => i > start && /^  [A-Za-z]+:$/.test(l));
  assert.ok(start > 0 && end > start);
  const body = [
    'Parameters:',
    '  Qualifier: { Type: String, Default: hnb659fds }',
    "  ContainerAssetsRepositoryName: { Type: String, Default: '' }",
    'Conditions:',
    "  HasCustomContainerAssetsRepositoryName: { 'Fn::Not': [{ 'Fn::Equals': ['', { Ref: ContainerAssetsRepositoryName }] }] }",
    'Resources:',
    ...lines.slice(start, end),
  ].join('\n');
  const waiter = { client: cfn, maxWaitTime: 60, minDelay: 1, maxDelay: 1 };
  await cfn.send(new CreateStackCommand({ StackName: 'CDKToolkit', TemplateBody: body }));
  await waitUntilStackCreateComplete(waiter, { StackName: 'CDKToolkit' });
  const name = `cdk-hnb659fds-container-assets-${ACCOUNT}-${REGION}`;
  const [repository] = (await ecr.send(new DescribeRepositoriesCommand({ repositoryNames: [name] }))).repositories!;
  assert.equal(repository!.imageTagMutability, 'IMMUTABLE');
  const policy = JSON.parse((await ecr.send(new GetRepositoryPolicyCommand({ repositoryName: name }))).policyText!) as { Statement: Array<{ Sid: string }> };
  assert.deepEqual(policy.Statement.map((s) => s.Sid), ['LambdaECRImageRetrievalPolicy', 'EmrServerlessImageRetrievalPolicy']);
  assert.match((await ecr.send(new GetLifecyclePolicyCommand({ repositoryName: name }))).lifecyclePolicyText!, /"countNumber": 365/);
  await cfn.send(new DeleteStackCommand({ StackName: 'CDKToolkit' }));
  await waitUntilStackDeleteComplete(waiter, { StackName: 'CDKToolkit' });
  assert.deepEqual((await ecr.send(new DescribeRepositoriesCommand({}))).repositories, []);
});
