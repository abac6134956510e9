import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { openFixture } from './fixture.js';
import { accessKey, instanceProfile, managedPolicy, policy, role, user } from './iam.js';

const f = openFixture();
after(() => f.dispose());

const TRUST = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
const DOC = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'logs:*', Resource: '*' }] };

test('Role: generated name, ARN with the path, AROA role id kept through updates', async () => {
  const r = await f.create(role, 'LambdaRole', { AssumeRolePolicyDocument: TRUST, Policies: [{ PolicyName: 'logs', PolicyDocument: DOC }] });
  assert.match(r.physicalId, /^private-api-tutorial-LambdaRole-[A-Za-z0-9]{12}$/);
  assert.equal(r.attributes['Arn'], `arn:aws:iam::123456789012:role/${r.physicalId}`);
  assert.match(r.attributes['RoleId'] as string, /^AROA[A-Z2-7]{17}$/);
  assert.deepEqual(await role.update!(r, {}, { AssumeRolePolicyDocument: JSON.stringify(TRUST), Description: 'now described' }, f.ctx('LambdaRole')), r);
  await role.delete(r, {}, f.ctx('LambdaRole'));

  const named = await f.create(role, 'Named', { RoleName: 'apigw-logs', Path: '/service-role/', AssumeRolePolicyDocument: TRUST });
  assert.equal(named.physicalId, 'apigw-logs');
  assert.equal(named.attributes['Arn'], 'arn:aws:iam::123456789012:role/service-role/apigw-logs');
  assert.deepEqual(role.replaceOn, ['RoleName', 'Path']);
});

test('Role: what IAM refuses fails clearly', async () => {
  await assert.rejects(f.create(role, 'R', {}), { message: 'Properties validation failed for resource R with message: #: required key [AssumeRolePolicyDocument] not found' });
  await assert.rejects(f.create(role, 'R', { AssumeRolePolicyDocument: TRUST, Path: 'service-role' }), { message: 'Properties validation failed for resource R with message: #/Path: string [service-role] does not match pattern ^/(.+/)*$' });
  await assert.rejects(f.create(role, 'R', { AssumeRolePolicyDocument: '{"Statement": [' }), { message: 'Properties validation failed for resource R with message: #/AssumeRolePolicyDocument: Syntax errors in policy (not JSON)' });
  await assert.rejects(f.create(role, 'R', { AssumeRolePolicyDocument: TRUST, RoleName: 'has space' }), /#\/RoleName: string \[has space\] does not match pattern/);
  await assert.rejects(f.create(role, 'R', { AssumeRolePolicyDocument: TRUST, MaxSessionDuration: 60 }), /#\/MaxSessionDuration: 60 is not in the range \[3600, 43200\]/);
});

test('Policy, InstanceProfile, ManagedPolicy: Refs and ARNs', async () => {
  // IAM's entities are real now: the roles a policy or profile names must exist.
  for (const name of ['some-role', 'a', 'b']) await f.create(role, `Role${name}`, { RoleName: name, AssumeRolePolicyDocument: TRUST });
  const p = await f.create(policy, 'Policy', { PolicyName: 'root', PolicyDocument: DOC, Roles: ['some-role'] });
  assert.deepEqual(p, { physicalId: 'root', attributes: {} });
  await assert.rejects(f.create(policy, 'Policy', { PolicyName: 'root', PolicyDocument: DOC }), { message: 'Properties validation failed for resource Policy with message: #: At least one of [Groups, Roles, Users] must be specified' });

  const ip = await f.create(instanceProfile, 'Profile', { Roles: ['some-role'] });
  assert.match(ip.physicalId, /^private-api-tutorial-Profile-[A-Za-z0-9]{12}$/);
  assert.equal(ip.attributes['Arn'], `arn:aws:iam::123456789012:instance-profile/${ip.physicalId}`);

  const mp = await f.create(managedPolicy, 'Managed', { ManagedPolicyName: 'readers', PolicyDocument: DOC, Roles: ['a', 'b'] });
  assert.equal(mp.physicalId, 'arn:aws:iam::123456789012:policy/readers');
  assert.equal(mp.attributes['PolicyArn'], mp.physicalId);
  assert.match(mp.attributes['PolicyId'] as string, /^ANPA[A-Z2-7]{17}$/);
  assert.deepEqual([mp.attributes['DefaultVersionId'], mp.attributes['AttachmentCount'], mp.attributes['IsAttachable']], ['v1', 2, true]);
  const next = await managedPolicy.update!(mp, { PolicyDocument: DOC, Roles: ['a', 'b'] }, { PolicyDocument: { ...DOC, Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] }, Roles: ['a'] }, f.ctx('Managed'));
  assert.deepEqual([next.physicalId, next.attributes['DefaultVersionId'], next.attributes['AttachmentCount'], next.attributes['PolicyId']], [mp.physicalId, 'v2', 1, mp.attributes['PolicyId']]);
});

test('Role: made in IAM with its inline and managed policies; updates reach IAM; delete empties and removes it', async () => {
  const r = await f.create(role, 'Full', { RoleName: 'full', AssumeRolePolicyDocument: TRUST, Policies: [{ PolicyName: 'logs', PolicyDocument: DOC }], ManagedPolicyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'], Tags: [{ Key: 'team', Value: 'a' }] });
  const got = (await f.api('iam', 'GetRole', { RoleName: 'full' }))['Role'] as Record<string, unknown>;
  assert.deepEqual([got['Arn'], got['RoleId'], got['Tags']], [r.attributes['Arn'], r.attributes['RoleId'], [{ Key: 'team', Value: 'a' }]]);
  assert.deepEqual((await f.api('iam', 'ListRolePolicies', { RoleName: 'full' }))['PolicyNames'], ['logs']);
  assert.deepEqual((await f.api('iam', 'ListAttachedRolePolicies', { RoleName: 'full' }))['AttachedPolicies'], [{ PolicyName: 'ReadOnlyAccess', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }]);

  const before = { RoleName: 'full', AssumeRolePolicyDocument: TRUST, Policies: [{ PolicyName: 'logs', PolicyDocument: DOC }], ManagedPolicyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'], Tags: [{ Key: 'team', Value: 'a' }] };
  const after = { RoleName: 'full', AssumeRolePolicyDocument: TRUST, Description: 'd', Policies: [{ PolicyName: 'other', PolicyDocument: DOC }], Tags: [{ Key: 'team', Value: 'b' }] };
  await role.update!(r, before, after, f.ctx('Full'));
  const updated = (await f.api('iam', 'GetRole', { RoleName: 'full' }))['Role'] as Record<string, unknown>;
  assert.deepEqual([updated['Description'], updated['Tags']], ['d', [{ Key: 'team', Value: 'b' }]]);
  assert.deepEqual((await f.api('iam', 'ListRolePolicies', { RoleName: 'full' }))['PolicyNames'], ['other']);
  assert.deepEqual((await f.api('iam', 'ListAttachedRolePolicies', { RoleName: 'full' }))['AttachedPolicies'], []);

  await role.delete(r, after, f.ctx('Full'));
  await assert.rejects(f.api('iam', 'GetRole', { RoleName: 'full' }), { message: 'The role with name full cannot be found.' });
  await role.delete(r, after, f.ctx('Full'));
});

test('Role: a name IAM already has, a trust policy IAM refuses', async () => {
  await f.create(role, 'Taken', { RoleName: 'taken', AssumeRolePolicyDocument: TRUST });
  await assert.rejects(f.create(role, 'Again', { RoleName: 'taken', AssumeRolePolicyDocument: TRUST }), /^ResourceFailure: Resource handler returned message: "Resource of type 'AWS::IAM::Role' with identifier 'taken' already exists\." \(RequestToken: [0-9a-f-]{36}, HandlerErrorCode: AlreadyExists\)$/);
  await assert.rejects(f.create(role, 'Bad', { AssumeRolePolicyDocument: { Statement: [{ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole', Resource: '*' }] } }), { code: 'MalformedPolicyDocument', message: 'Has prohibited field Resource' });
});

test('Policy on a role that does not exist fails as IAM answers; User, AccessKey, ManagedPolicy attached to a user', async () => {
  await assert.rejects(f.create(policy, 'P', { PolicyName: 'p', PolicyDocument: DOC, Roles: ['missing'] }), { code: 'NoSuchEntity', message: 'The role with name missing cannot be found.' });
  const u = await f.create(user, 'User', { UserName: 'ci', Policies: [{ PolicyName: 'logs', PolicyDocument: DOC }] });
  assert.deepEqual(u, { physicalId: 'ci', attributes: { Arn: 'arn:aws:iam::123456789012:user/ci' } });
  const k = await f.create(accessKey, 'Key', { UserName: 'ci' });
  assert.match(k.physicalId, /^AKIA[A-Z2-7]{16}$/);
  assert.match(k.attributes['SecretAccessKey'] as string, /^[A-Za-z0-9/+]{40}$/);
  const mp = await f.create(managedPolicy, 'UserPolicy', { PolicyDocument: DOC, Users: ['ci'] });
  assert.equal(mp.attributes['AttachmentCount'], 1);
  await managedPolicy.delete(mp, { PolicyDocument: DOC, Users: ['ci'] }, f.ctx('UserPolicy'));
  await accessKey.delete(k, { UserName: 'ci' }, f.ctx('Key'));
  await user.delete(u, {}, f.ctx('User'));
  await assert.rejects(f.api('iam', 'GetUser', { UserName: 'ci' }), { code: 'NoSuchEntity', message: 'The user with name ci cannot be found.' });
});
