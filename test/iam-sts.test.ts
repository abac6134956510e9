/**
 * IAM and STS end to end with the clients teams use: the AWS CLI v2 (/usr/bin/aws) for a whole flow (a role
 * with a trust policy, AssumeRole, GetCallerIdentity as the session; a role trusting another account refused;
 * a user with an access key), boto3 for breadth (managed policies and versions, instance profiles, paging,
 * IAM's errors as botocore raises them), and a presigned S3 URL made with an issued key, verified with it.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import type { Gatehouse } from '../src/server/gatehouse.js';
import { ACCOUNT, REGION, credentials, startTestGatehouse } from './support/server.js';

const run = promisify(execFile);
let gh: Gatehouse;

before(async () => {
  gh = await startTestGatehouse();
});
after(() => gh.dispose());

interface Keys {
  AccessKeyId: string;
  SecretAccessKey: string;
  SessionToken?: string;
}

const DEFAULT_KEYS: Keys = { AccessKeyId: credentials.accessKeyId, SecretAccessKey: credentials.secretAccessKey };

function env(keys: Keys = DEFAULT_KEYS): NodeJS.ProcessEnv {
  const { AWS_SESSION_TOKEN: _token, ...rest } = process.env;
  return {
    ...rest,
    AWS_ACCESS_KEY_ID: keys.AccessKeyId,
    AWS_SECRET_ACCESS_KEY: keys.SecretAccessKey,
    ...(keys.SessionToken === undefined ? {} : { AWS_SESSION_TOKEN: keys.SessionToken }),
    AWS_DEFAULT_REGION: REGION,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_PAGER: '',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  };
}

/** The AWS CLI v2 signing with `keys`; its JSON answer. */
async function aws(args: string[], keys?: Keys): Promise<Record<string, unknown>> {
  const { stdout } = await run('/usr/bin/aws', ['--endpoint-url', gh.url, '--output', 'json', ...args], { env: env(keys) });
  return stdout.trim() === '' ? {} : (JSON.parse(stdout) as Record<string, unknown>);
}

/** The CLI's error line for a call that must fail. */
async function awsFails(args: string[], keys?: Keys): Promise<string> {
  try {
    await aws(args, keys);
  } catch (e) {
    return (e as { stderr: string }).stderr.trim();
  }
  throw new Error(`expected aws ${args.join(' ')} to fail`);
}

const trust = (principal: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: principal }, Action: 'sts:AssumeRole' }] });

describe('the AWS CLI v2: roles, AssumeRole, users', () => {
  let session: Keys;

  it('create-role with a trust policy naming the account; get-role shows the document decoded', async () => {
    const created = (await aws(['iam', 'create-role', '--role-name', 'app', '--path', '/apps/', '--assume-role-policy-document', trust(`arn:aws:iam::${ACCOUNT}:root`)]))['Role'] as Record<string, unknown>;
    assert.equal(created['Arn'], `arn:aws:iam::${ACCOUNT}:role/apps/app`);
    assert.match(created['RoleId'] as string, /^AROA[A-Z2-7]{17}$/);
    assert.match(created['CreateDate'] as string, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/);
    const got = (await aws(['iam', 'get-role', '--role-name', 'app']))['Role'] as Record<string, unknown>;
    assert.deepEqual(got['AssumeRolePolicyDocument'], JSON.parse(trust(`arn:aws:iam::${ACCOUNT}:root`)));
    await aws(['iam', 'put-role-policy', '--role-name', 'app', '--policy-name', 'logs', '--policy-document', JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'logs:*', Resource: '*' }] })]);
    await aws(['iam', 'attach-role-policy', '--role-name', 'app', '--policy-arn', 'arn:aws:iam::aws:policy/ReadOnlyAccess']);
    assert.equal(await awsFails(['iam', 'delete-role', '--role-name', 'app']), 'An error occurred (DeleteConflict) when calling the DeleteRole operation: Cannot delete entity, must detach all policies first.');
    assert.equal(await awsFails(['iam', 'create-role', '--role-name', 'app', '--assume-role-policy-document', trust(ACCOUNT)]), 'An error occurred (EntityAlreadyExists) when calling the CreateRole operation: Role with name app already exists.');
  });

  it('assume-role answers session credentials; get-caller-identity with them is the assumed role', async () => {
    const out = await aws(['sts', 'assume-role', '--role-arn', `arn:aws:iam::${ACCOUNT}:role/apps/app`, '--role-session-name', 'cli-session']);
    session = out['Credentials'] as Keys;
    assert.match(session.AccessKeyId, /^ASIA[A-Z2-7]{16}$/);
    const user = out['AssumedRoleUser'] as { AssumedRoleId: string; Arn: string };
    assert.equal(user.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/app/cli-session`);
    const roleId = ((await aws(['iam', 'get-role', '--role-name', 'app']))['Role'] as { RoleId: string }).RoleId;
    assert.equal(user.AssumedRoleId, `${roleId}:cli-session`);
    assert.deepEqual(await aws(['sts', 'get-caller-identity'], session), { UserId: `${roleId}:cli-session`, Account: ACCOUNT, Arn: `arn:aws:sts::${ACCOUNT}:assumed-role/app/cli-session` });
    // The default credentials are still the account's root.
    assert.deepEqual(await aws(['sts', 'get-caller-identity']), { UserId: ACCOUNT, Account: ACCOUNT, Arn: `arn:aws:iam::${ACCOUNT}:root` });
  });

  it('a role whose trust policy names another account refuses AssumeRole', async () => {
    await aws(['iam', 'create-role', '--role-name', 'foreign', '--assume-role-policy-document', trust('arn:aws:iam::111111111111:root')]);
    assert.equal(
      await awsFails(['sts', 'assume-role', '--role-arn', `arn:aws:iam::${ACCOUNT}:role/foreign`, '--role-session-name', 's1']),
      `An error occurred (AccessDenied) when calling the AssumeRole operation: User: arn:aws:iam::${ACCOUNT}:root is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::${ACCOUNT}:role/foreign`,
    );
    assert.equal(
      await awsFails(['sts', 'assume-role', '--role-arn', `arn:aws:iam::${ACCOUNT}:role/foreign`, '--role-session-name', 's1'], session),
      `An error occurred (AccessDenied) when calling the AssumeRole operation: User: arn:aws:sts::${ACCOUNT}:assumed-role/app/cli-session is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::${ACCOUNT}:role/foreign`,
    );
  });

  it('a user and its access key: get-caller-identity with the key is the user', async () => {
    const user = (await aws(['iam', 'create-user', '--user-name', 'ci-bot']))['User'] as { UserId: string; Arn: string };
    assert.match(user.UserId, /^AIDA[A-Z2-7]{17}$/);
    const key = (await aws(['iam', 'create-access-key', '--user-name', 'ci-bot']))['AccessKey'] as Keys & { UserName: string; Status: string };
    assert.deepEqual([key.UserName, key.Status], ['ci-bot', 'Active']);
    assert.match(key.AccessKeyId, /^AKIA[A-Z2-7]{16}$/);
    assert.equal(key.SecretAccessKey.length, 40);
    assert.deepEqual(await aws(['sts', 'get-caller-identity'], key), { UserId: user.UserId, Account: ACCOUNT, Arn: `arn:aws:iam::${ACCOUNT}:user/ci-bot` });
    assert.equal(((await aws(['iam', 'get-user'], key))['User'] as { UserName: string }).UserName, 'ci-bot');
    // The user may assume a role that trusts it by name; the root may not.
    await aws(['iam', 'create-role', '--role-name', 'for-ci', '--assume-role-policy-document', trust(user.Arn)]);
    const assumed = await aws(['sts', 'assume-role', '--role-arn', `arn:aws:iam::${ACCOUNT}:role/for-ci`, '--role-session-name', 'ci'], key);
    assert.equal((assumed['AssumedRoleUser'] as { Arn: string }).Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/for-ci/ci`);
    await aws(['iam', 'update-access-key', '--user-name', 'ci-bot', '--access-key-id', key.AccessKeyId, '--status', 'Inactive']);
    assert.equal(await awsFails(['sts', 'get-caller-identity'], key), 'An error occurred (InvalidClientTokenId) when calling the GetCallerIdentity operation: The security token included in the request is invalid.');
  });

  it('a role in another account trusting this one: its sessions act in that account', async () => {
    const other: Keys = { AccessKeyId: '222222222222', SecretAccessKey: 'test' };
    await aws(['iam', 'create-role', '--role-name', 'cross', '--assume-role-policy-document', trust(ACCOUNT)], other);
    const out = await aws(['sts', 'assume-role', '--role-arn', 'arn:aws:iam::222222222222:role/cross', '--role-session-name', 'x1']);
    const keys = out['Credentials'] as Keys;
    assert.equal((await aws(['sts', 'get-caller-identity'], keys))['Account'], '222222222222');
    // What the session creates is the other account's.
    await aws(['ssm', 'put-parameter', '--name', '/cross/made', '--value', 'v', '--type', 'String'], keys);
    assert.equal(((await aws(['ssm', 'get-parameter', '--name', '/cross/made'], other))['Parameter'] as { ARN: string }).ARN, 'arn:aws:ssm:us-east-1:222222222222:parameter/cross/made');
  });
});

describe('boto3', () => {
  it('managed policies, versions, attachments, instance profiles, paging and errors', async () => {
    const script = String.raw`
import boto3, json, sys
iam = boto3.client('iam', endpoint_url=sys.argv[1])
doc = json.dumps({'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Action': 's3:GetObject', 'Resource': '*'}]})
trust = json.dumps({'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Principal': {'Service': 'ec2.amazonaws.com'}, 'Action': 'sts:AssumeRole'}]})
out = {}
p = iam.create_policy(PolicyName='readers', PolicyDocument=doc)['Policy']
out['policy'] = [p['Arn'], p['DefaultVersionId'], p['PolicyId'][:4]]
iam.create_policy_version(PolicyArn=p['Arn'], PolicyDocument=doc, SetAsDefault=True)
v = iam.get_policy_version(PolicyArn=p['Arn'], VersionId='v2')['PolicyVersion']
out['version'] = [v['VersionId'], v['IsDefaultVersion'], v['Document']['Statement'][0]['Action']]
for i in range(3):
    iam.create_role(RoleName='r%d' % i, Path='/boto/', AssumeRolePolicyDocument=trust)
iam.attach_role_policy(RoleName='r0', PolicyArn=p['Arn'])
out['attached'] = iam.list_attached_role_policies(RoleName='r0')['AttachedPolicies']
out['count'] = iam.get_policy(PolicyArn=p['Arn'])['Policy']['AttachmentCount']
page = iam.list_roles(PathPrefix='/boto/', MaxItems=2)
out['page1'] = [[r['RoleName'] for r in page['Roles']], page['IsTruncated']]
page2 = iam.list_roles(PathPrefix='/boto/', MaxItems=2, Marker=page['Marker'])
out['page2'] = [[r['RoleName'] for r in page2['Roles']], page2['IsTruncated']]
out['paginated'] = [r['RoleName'] for pg in iam.get_paginator('list_roles').paginate(PathPrefix='/boto/', PaginationConfig={'PageSize': 1}) for r in pg['Roles']]
ip = iam.create_instance_profile(InstanceProfileName='web')['InstanceProfile']
iam.add_role_to_instance_profile(InstanceProfileName='web', RoleName='r1')
out['profile'] = [ip['Arn'], ip['InstanceProfileId'][:4], [r['RoleName'] for r in iam.get_instance_profile(InstanceProfileName='web')['InstanceProfile']['Roles']]]
out['local'] = [x['PolicyName'] for x in iam.list_policies(Scope='Local')['Policies']]
errors = []
for call in [
    lambda: iam.get_role(RoleName='nobody'),
    lambda: iam.delete_policy(PolicyArn=p['Arn']),
    lambda: iam.create_role(RoleName='bad', AssumeRolePolicyDocument='{"Statement": ['),
    lambda: iam.put_role_policy(RoleName='r2', PolicyName='x', PolicyDocument=trust),
    lambda: iam.add_role_to_instance_profile(InstanceProfileName='web', RoleName='r2'),
    lambda: iam.create_role(RoleName='a' * 65, AssumeRolePolicyDocument=trust),
]:
    try:
        call()
        errors.append('no error')
    except iam.exceptions.ClientError as e:
        errors.append([e.response['Error']['Code'], e.response['ResponseMetadata']['HTTPStatusCode'], e.response['Error']['Message']])
out['errors'] = errors
print(json.dumps(out))
`;
    const { stdout } = await run('python3', ['-c', script, gh.url], { env: env() });
    const out = JSON.parse(stdout) as Record<string, unknown>;
    const arn = `arn:aws:iam::${ACCOUNT}:policy/readers`;
    assert.deepEqual(out, {
      policy: [arn, 'v1', 'ANPA'],
      version: ['v2', true, 's3:GetObject'],
      attached: [{ PolicyName: 'readers', PolicyArn: arn }],
      count: 1,
      page1: [['r0', 'r1'], true],
      page2: [['r2'], false],
      paginated: ['r0', 'r1', 'r2'],
      profile: [`arn:aws:iam::${ACCOUNT}:instance-profile/web`, 'AIPA', ['r1']],
      local: ['readers'],
      errors: [
        ['NoSuchEntity', 404, 'The role with name nobody cannot be found.'],
        ['DeleteConflict', 409, 'Cannot delete a policy attached to entities.'],
        ['MalformedPolicyDocument', 400, 'This policy contains invalid Json'],
        ['MalformedPolicyDocument', 400, 'Policy document should not specify a principal.'],
        ['LimitExceeded', 409, 'Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1'],
        ['ValidationError', 400, `1 validation error detected: Value '${'a'.repeat(65)}' at 'roleName' failed to satisfy constraint: Member must have length less than or equal to 64`],
      ],
    });
  });

  it('a presigned S3 URL made with an issued key is verified with its secret', async () => {
    const key = (await aws(['iam', 'create-access-key', '--user-name', 'ci-bot']))['AccessKey'] as Keys;
    await aws(['s3api', 'create-bucket', '--bucket', 'issued-keys'], key);
    const body = join(mkdtempSync(join(tmpdir(), 'gatehouse-iam-')), 'a.txt');
    writeFileSync(body, 'made by ci-bot');
    await aws(['s3api', 'put-object', '--bucket', 'issued-keys', '--key', 'a.txt', '--body', body], key);
    const { stdout } = await run('/usr/bin/aws', ['--endpoint-url', gh.url, 's3', 'presign', 's3://issued-keys/a.txt'], { env: env(key) });
    const url = stdout.trim();
    assert.equal(await (await fetch(url)).text(), 'made by ci-bot');
    const tampered = url.replace(/X-Amz-Signature=([0-9a-f])/, (_m, c: string) => `X-Amz-Signature=${c === '0' ? '1' : '0'}`);
    assert.match(await (await fetch(tampered)).text(), /<Code>SignatureDoesNotMatch<\/Code>/);
  });
});
