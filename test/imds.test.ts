/**
 * The instance metadata service end to end: a role trusting ec2.amazonaws.com, an instance profile with it, an
 * instance launched with the profile (SDK v3 EC2). Inside `gatehouse exec`, with no keys in the environment,
 * the AWS CLI v1 and v2, boto3 and SDK v3 take the role's credentials from the instance's loopback IMDS and
 * sign as `assumed-role/{role}/{instance-id}`; curl reaches 169.254.169.254 through the egress proxy, which
 * answers it itself (IMDSv2 tokens, v1 refused where HttpTokens=required), and an instance without a profile
 * has no iam/ tree.
 */
import { RunInstancesCommand, type EC2Client } from '@aws-sdk/client-ec2';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, test } from 'node:test';
import type { Gatehouse } from '../src/server/gatehouse.js';
import { newSubnet, newVpc } from './support/ec2.js';
import { execOn } from './support/network.js';
import { ACCOUNT, awsCli, awsCliError, ec2Client, startTestGatehouse } from './support/server.js';

const CURL = '/usr/bin/curl';
const STS_MODULE = createRequire(import.meta.url).resolve('@aws-sdk/client-sts');
const EC2_TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] });

let gh: Gatehouse;
let ec2: EC2Client;
let withRole: string;
let withRoleV1: string;
let plain: string;
let profileArn: string;
let profileId: string;

before(async () => {
  gh = await startTestGatehouse();
  ec2 = ec2Client(gh);
  await awsCli(gh, ['iam', 'create-role', '--role-name', 'web', '--assume-role-policy-document', EC2_TRUST]);
  const profile = (await awsCli(gh, ['iam', 'create-instance-profile', '--instance-profile-name', 'web-profile'])).json as { InstanceProfile: { Arn: string; InstanceProfileId: string } };
  profileArn = profile.InstanceProfile.Arn;
  profileId = profile.InstanceProfile.InstanceProfileId;
  await awsCli(gh, ['iam', 'add-role-to-instance-profile', '--instance-profile-name', 'web-profile', '--role-name', 'web']);
  const { VpcId } = await newVpc(ec2, '10.0.0.0/16', { dns: true });
  const { SubnetId } = await newSubnet(ec2, VpcId, '10.0.1.0/24', 'us-east-1a');
  const launch = async (extra: object) => (await ec2.send(new RunInstancesCommand({ ImageId: 'ami-0123456789abcdef0', MinCount: 1, MaxCount: 1, SubnetId, ...extra }))).Instances![0]!;
  const launched = await launch({ IamInstanceProfile: { Name: 'web-profile' } });
  assert.deepEqual(launched.IamInstanceProfile, { Arn: profileArn, Id: profileId });
  assert.equal(launched.MetadataOptions?.HttpTokens, 'required');
  withRole = launched.InstanceId!;
  withRoleV1 = (await launch({ IamInstanceProfile: { Arn: profileArn }, MetadataOptions: { HttpTokens: 'optional' } })).InstanceId!;
  plain = (await launch({})).InstanceId!;
});
after(async () => {
  ec2.destroy();
  await gh.dispose();
});

const assumedArn = (instanceId: string) => `arn:aws:sts::${ACCOUNT}:assumed-role/web/${instanceId}`;

test('RunInstances refuses an instance profile that does not exist, by name and by ARN', async () => {
  const byName = await awsCliError(gh, ['ec2', 'run-instances', '--image-id', 'ami-0123456789abcdef0', '--count', '1', '--iam-instance-profile', 'Name=nope']);
  assert.match(byName.stderr, /An error occurred \(InvalidParameterValue\) when calling the RunInstances operation: Value \(nope\) for parameter iamInstanceProfile\.name is invalid\. Invalid IAM Instance Profile name/);
  const byArn = await awsCliError(gh, ['ec2', 'run-instances', '--image-id', 'ami-0123456789abcdef0', '--count', '1', '--iam-instance-profile', `Arn=arn:aws:iam::${ACCOUNT}:instance-profile/nope`]);
  assert.match(byArn.stderr, /Value \(arn:aws:iam::000000000000:instance-profile\/nope\) for parameter iamInstanceProfile\.arn is invalid\. Invalid IAM Instance Profile ARN/);
});

test('the AWS CLI v1 on the instance signs as the role, with no keys in its environment', async () => {
  const ran = await execOn(gh, withRole, ['sh', '-c', 'test -z "$AWS_ACCESS_KEY_ID" && test -z "$AWS_EC2_METADATA_DISABLED" && python3 -m awscli sts get-caller-identity --output json']);
  assert.equal(ran.code, 0, ran.stderr);
  const identity = JSON.parse(ran.stdout) as { Arn: string; Account: string; UserId: string };
  assert.equal(identity.Arn, assumedArn(withRole));
  assert.equal(identity.Account, ACCOUNT);
  assert.match(identity.UserId, new RegExp(`^AROA[A-Z2-7]{17}:${withRole}$`));
});

test('the AWS CLI v2 on the instance signs as the role', async () => {
  const ran = await execOn(gh, withRole, ['/usr/bin/aws', 'sts', 'get-caller-identity', '--output', 'json', '--endpoint-url', gh.url]);
  assert.equal(ran.code, 0, ran.stderr);
  assert.equal((JSON.parse(ran.stdout) as { Arn: string }).Arn, assumedArn(withRole));
});

test('boto3 on the instance signs as the role, with the credentials from IMDS', async () => {
  const script = 'import boto3; s = boto3.Session(); c = s.get_credentials(); print(c.method, c.access_key[:4]); print(s.client("sts").get_caller_identity()["Arn"])';
  const ran = await execOn(gh, withRole, ['python3', '-c', script]);
  assert.equal(ran.code, 0, ran.stderr);
  assert.equal(ran.stdout, `iam-role ASIA\n${assumedArn(withRole)}\n`);
});

test('SDK v3 on the instance signs as the role (its IMDS client reaches the loopback endpoint)', async () => {
  const script = `const { STSClient, GetCallerIdentityCommand } = require(${JSON.stringify(STS_MODULE)});
new STSClient({ endpoint: ${JSON.stringify(gh.url)} }).send(new GetCallerIdentityCommand({})).then((r) => console.log(r.Arn), (e) => { console.error(e); process.exit(3); });`;
  const ran = await execOn(gh, withRole, [process.execPath, '-e', script]);
  assert.equal(ran.code, 0, ran.stderr);
  assert.equal(ran.stdout, `${assumedArn(withRole)}\n`);
});

test('curl to 169.254.169.254 through the proxy: IMDSv2 with a token; v1 refused where tokens are required', async () => {
  const v2 = `T=$(curl -sS -X PUT -H 'X-aws-ec2-metadata-token-ttl-seconds: 60' http://169.254.169.254/latest/api/token) && curl -sS -H "X-aws-ec2-metadata-token: $T" http://169.254.169.254/latest/meta-data/instance-id`;
  const ran = await execOn(gh, withRole, ['sh', '-c', v2]);
  assert.equal(ran.stderr, '');
  assert.equal(ran.stdout, withRole);
  const v1 = await execOn(gh, withRole, [CURL, '-sS', '-o', '/dev/null', '-w', '%{http_code}', 'http://169.254.169.254/latest/meta-data/instance-id']);
  assert.equal(v1.stdout, '401');
  const optional = await execOn(gh, withRoleV1, [CURL, '-sS', 'http://169.254.169.254/latest/meta-data/instance-id']);
  assert.equal(optional.stdout, withRoleV1);
});

test('the role\'s credentials and iam/info as IMDS writes them; the identity document', async () => {
  const get = (path: string) => execOn(gh, withRoleV1, [CURL, '-sS', `http://169.254.169.254${path}`]);
  assert.equal((await get('/latest/meta-data/iam/security-credentials/')).stdout, 'web');
  const creds = JSON.parse((await get('/latest/meta-data/iam/security-credentials/web')).stdout) as Record<string, string>;
  assert.deepEqual(Object.keys(creds), ['Code', 'LastUpdated', 'Type', 'AccessKeyId', 'SecretAccessKey', 'Token', 'Expiration']);
  assert.equal(creds['Code'], 'Success');
  assert.equal(creds['Type'], 'AWS-HMAC');
  assert.match(creds['AccessKeyId']!, /^ASIA[A-Z2-7]{16}$/);
  assert.match(creds['Expiration']!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  // Asked again, the same session (it is good for hours).
  const again = JSON.parse((await get('/latest/meta-data/iam/security-credentials/web')).stdout) as Record<string, string>;
  assert.equal(again['AccessKeyId'], creds['AccessKeyId']);
  const info = (await get('/latest/meta-data/iam/info')).stdout;
  assert.match(info, new RegExp(`^\\{\\n  "Code" : "Success",\\n  "LastUpdated" : "[0-9T:Z-]+",\\n  "InstanceProfileArn" : "${profileArn}",\\n  "InstanceProfileId" : "${profileId}"\\n\\}$`));
  const doc = JSON.parse((await get('/latest/dynamic/instance-identity/document')).stdout) as Record<string, unknown>;
  assert.equal(doc['accountId'], ACCOUNT);
  assert.equal(doc['instanceId'], withRoleV1);
  assert.equal(doc['region'], 'us-east-1');
  assert.equal(doc['availabilityZone'], 'us-east-1a');
  assert.match(doc['privateIp'] as string, /^10\.0\.1\.\d+$/);
  assert.equal((await get('/latest/meta-data/placement/availability-zone')).stdout, 'us-east-1a');
});

test('an instance without a profile: metadata, but no iam/ tree; its shell keeps its own credentials', async () => {
  const script = `T=$(curl -sS -X PUT -H 'X-aws-ec2-metadata-token-ttl-seconds: 60' http://169.254.169.254/latest/api/token) && curl -sS -o /dev/null -w '%{http_code} ' -H "X-aws-ec2-metadata-token: $T" http://169.254.169.254/latest/meta-data/iam/info && curl -sS -H "X-aws-ec2-metadata-token: $T" http://169.254.169.254/latest/meta-data/instance-id && echo " $AWS_ACCESS_KEY_ID"`;
  const ran = await execOn(gh, plain, ['sh', '-c', script]);
  assert.equal(ran.stdout, `404 ${plain} test\n`);
});
