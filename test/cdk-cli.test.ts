/**
 * The real `cdk` CLI against Gatehouse, as a team runs it with `AWS_ENDPOINT_URL`: `cdk bootstrap` (the CDK's own
 * bootstrap template: an S3 bucket and its policy, an ECR repository, IAM roles, the version parameter), then
 * `cdk deploy` of a private API whose function is a folder (an asset the CLI uploads to the bootstrap bucket),
 * called from the stack's instance; the folder changed, `cdk diff` names the new asset and a second deploy
 * reaches the function; `cdk destroy` leaves nothing of the app behind.
 */
import { GetRestApisCommand } from '@aws-sdk/client-api-gateway';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { DescribeRepositoriesCommand, ECRClient } from '@aws-sdk/client-ecr';
import { DescribeVpcsCommand, type EC2Client } from '@aws-sdk/client-ec2';
import { ListFunctionsCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import type { Gatehouse } from '../src/server/gatehouse.js';
import { lambdaClient } from './support/lambda.js';
import { runProgram, type Ran } from './support/network.js';
import { apigatewayClient, credentials, ec2Client, REGION, startTestGatehouse } from './support/server.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CDK = join(ROOT, 'node_modules', 'aws-cdk', 'bin', 'cdk');
const APP = join(ROOT, 'test', 'fixtures', 'cdk-private-api', 'app.mjs');
const STACK = 'CdkPrivateApi';
const BUCKET = 'cdk-hnb659fds-assets-000000000000-us-east-1';

let gh: Gatehouse;
let work: string;
let handlerDir: string;
let clients: { cfn: CloudFormationClient; s3: S3Client; ecr: ECRClient; ssm: SSMClient; ec2: EC2Client; lambda: LambdaClient };

before(async () => {
  gh = await startTestGatehouse();
  work = mkdtempSync(join(tmpdir(), 'gatehouse-cdk-cli-'));
  handlerDir = join(work, 'handler');
  writeHandler('Hello from an asset!');
  const config = { endpoint: gh.url, region: REGION, credentials, maxAttempts: 1 };
  clients = {
    cfn: new CloudFormationClient(config),
    s3: new S3Client({ ...config, forcePathStyle: true }),
    ecr: new ECRClient(config),
    ssm: new SSMClient(config),
    ec2: ec2Client(gh),
    lambda: lambdaClient(gh),
  };
});

after(async () => {
  for (const client of Object.values(clients)) client.destroy();
  await gh.dispose();
  rmSync(work, { recursive: true, force: true });
});

function writeHandler(text: string): void {
  rmSync(handlerDir, { recursive: true, force: true });
  mkdirSync(handlerDir, { recursive: true });
  writeFileSync(join(handlerDir, 'index.js'), `exports.handler = async () => ({ statusCode: 200, headers: { 'content-type': 'text/plain' }, body: ${JSON.stringify(text)} });\n`);
}

/**
 * The cdk CLI, offline: credentials and Gatehouse's endpoint from the environment, as a user sets them; no
 * telemetry, no notices, no version check (each would reach the internet); its cloud assembly in the test's folder.
 */
function cdk(args: string[]): Promise<Ran> {
  return runProgram(process.execPath, [CDK, ...args, '--app', `node ${APP}`, '--output', join(work, 'cdk.out'), '--no-notices', '--no-color'], {
    cwd: work,
    timeoutMs: 240_000,
    env: {
      ...process.env,
      AWS_ENDPOINT_URL: gh.url,
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      AWS_REGION: REGION,
      AWS_DEFAULT_REGION: REGION,
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_CONFIG_FILE: '/dev/null',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      CDK_DISABLE_CLI_TELEMETRY: 'true',
      CDK_DISABLE_VERSION_CHECK: 'true',
      GATEHOUSE_CDK_HANDLER_DIR: handlerDir,
    },
  });
}

function ok(ran: Ran, what: string): string {
  assert.equal(ran.code, 0, `${what} failed:\n${ran.stdout}\n${ran.stderr}`);
  return `${ran.stdout}${ran.stderr}`;
}

async function outputs(): Promise<Record<string, string>> {
  const stack = (await clients.cfn.send(new DescribeStacksCommand({ StackName: STACK }))).Stacks![0]!;
  return Object.fromEntries(stack.Outputs!.map((o) => [o.OutputKey!, o.OutputValue!]));
}

async function fromInstance(instanceId: string, url: string): Promise<{ status: number; text: string }> {
  const res = await fetch(url, { dispatcher: await gh.instanceDispatcher(instanceId) } as RequestInit);
  return { status: res.status, text: await res.text() };
}

test('cdk bootstrap: the CDK\'s own bootstrap stack, with its bucket, repository and version parameter', async () => {
  const said = ok(await cdk(['bootstrap', 'aws://000000000000/us-east-1']), 'cdk bootstrap');
  assert.match(said, /Environment aws:\/\/000000000000\/us-east-1 bootstrapped/);
  const toolkit = (await clients.cfn.send(new DescribeStacksCommand({ StackName: 'CDKToolkit' }))).Stacks![0]!;
  assert.equal(toolkit.StackStatus, 'CREATE_COMPLETE');
  const version = (await clients.ssm.send(new GetParameterCommand({ Name: '/cdk-bootstrap/hnb659fds/version' }))).Parameter?.Value;
  assert.match(version ?? '', /^\d+$/);
  const repositories = (await clients.ecr.send(new DescribeRepositoriesCommand({}))).repositories ?? [];
  assert.deepEqual(repositories.map((r) => r.repositoryName), ['cdk-hnb659fds-container-assets-000000000000-us-east-1']);
  assert.equal((await clients.s3.send(new ListObjectsV2Command({ Bucket: BUCKET }))).KeyCount, 0);
  // The bootstrap roles are IAM's: the deploy role trusts the account, so its credentials may assume it.
  const sts = new STSClient({ endpoint: gh.url, region: REGION, credentials, maxAttempts: 1 });
  const role = 'cdk-hnb659fds-deploy-role-000000000000-us-east-1';
  const assumed = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::000000000000:role/${role}`, RoleSessionName: 'check' }));
  sts.destroy();
  assert.equal(assumed.AssumedRoleUser?.Arn, `arn:aws:sts::000000000000:assumed-role/${role}/check`);
});

test('cdk deploy: the asset goes to the bootstrap bucket, the template by TemplateURL; from the instance the API answers', async () => {
  const said = ok(await cdk(['deploy', '--require-approval', 'never']), 'cdk deploy');
  assert.match(said, /CdkPrivateApi/);
  // The CLI assumed the bootstrap stack's deploy and file-publishing roles (their trust policies name the account).
  assert.doesNotMatch(said, /could not be used to assume/, said);
  const keys = ((await clients.s3.send(new ListObjectsV2Command({ Bucket: BUCKET }))).Contents ?? []).map((c) => c.Key!);
  assert.ok(keys.some((k) => /^[0-9a-f]{64}\.zip$/.test(k)), `the asset zip is in the bucket: ${keys.join(', ')}`);
  assert.ok(keys.some((k) => /^[0-9a-f]{64}\.json$/.test(k)), 'the template too');
  const out = await outputs();
  const res = await fromInstance(out['InstanceId']!, out['ApiUrl']!);
  assert.deepEqual(res, { status: 200, text: 'Hello from an asset!' });
});

test('the folder changed: cdk diff names the new asset, cdk deploy brings it to the function', async () => {
  writeHandler('Hello again, from a new asset!');
  const diff = ok(await cdk(['diff']), 'cdk diff');
  assert.match(diff, /\[~\] AWS::Lambda::Function Hello/);
  assert.match(diff, /S3Key/);
  assert.doesNotMatch(ok(await cdk(['deploy', '--require-approval', 'never']), 'the second cdk deploy'), /could not be used to assume/);
  const out = await outputs();
  assert.deepEqual(await fromInstance(out['InstanceId']!, out['ApiUrl']!), { status: 200, text: 'Hello again, from a new asset!' });
  assert.match(ok(await cdk(['diff']), 'cdk diff after deploy'), /There were no differences/);
});

test('cdk destroy: nothing of the app is left (the bootstrap stack stays, as on AWS)', async () => {
  ok(await cdk(['destroy', '--force']), 'cdk destroy');
  const apis = (await apigatewayClient(gh).send(new GetRestApisCommand({}))).items ?? [];
  assert.deepEqual(apis, []);
  assert.deepEqual((await clients.lambda.send(new ListFunctionsCommand({}))).Functions, []);
  const vpcs = (await clients.ec2.send(new DescribeVpcsCommand({}))).Vpcs ?? [];
  assert.deepEqual(vpcs.filter((v) => !v.IsDefault), []);
  await assert.rejects(clients.cfn.send(new DescribeStacksCommand({ StackName: STACK })), /Stack with id CdkPrivateApi does not exist/);
  assert.equal((await clients.cfn.send(new DescribeStacksCommand({ StackName: 'CDKToolkit' }))).Stacks![0]!.StackStatus, 'CREATE_COMPLETE');
});
