import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { openFixture } from './fixture.js';
import { instanceProfile, managedPolicy, policy, role } from './iam.js';

const f = openFixture();
after(() => f.dispose());

const TRUST = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
const DOC = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'logs:*', Resource: '*' }] };

test('Role: generated name, ARN with the path, AROA role id kept through updates', async () => {
  const r = await f.create(role, 'LambdaRole', { AssumeRolePolicyDocument: TRUST, Policies: [{ PolicyName: 'logs', PolicyDocument: DOC }] });
  assert.match(r.physicalId, /^private-api-tutorial-LambdaRole-[A-Za-z0-9]{12}$/);
  assert.equal(r.attributes['Arn'], `arn:aws:iam::123456789012:role/${r.physicalId}`);
  assert.match(r.attributes['RoleId'] as string, /^AROA[A-Z0-9]{17}$/);
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
  const p = await f.create(policy, 'Policy', { PolicyName: 'root', PolicyDocument: DOC, Roles: ['some-role'] });
  assert.deepEqual(p, { physicalId: 'root', attributes: {} });
  await assert.rejects(f.create(policy, 'Policy', { PolicyName: 'root', PolicyDocument: DOC }), { message: 'Properties validation failed for resource Policy with message: #: At least one of [Groups, Roles, Users] must be specified' });

  const ip = await f.create(instanceProfile, 'Profile', { Roles: ['some-role'] });
  assert.match(ip.physicalId, /^private-api-tutorial-Profile-[A-Za-z0-9]{12}$/);
  assert.equal(ip.attributes['Arn'], `arn:aws:iam::123456789012:instance-profile/${ip.physicalId}`);

  const mp = await f.create(managedPolicy, 'Managed', { ManagedPolicyName: 'readers', PolicyDocument: DOC, Roles: ['a', 'b'] });
  assert.equal(mp.physicalId, 'arn:aws:iam::123456789012:policy/readers');
  assert.equal(mp.attributes['PolicyArn'], mp.physicalId);
  assert.match(mp.attributes['PolicyId'] as string, /^ANPA[A-Z0-9]{17}$/);
  assert.deepEqual([mp.attributes['DefaultVersionId'], mp.attributes['AttachmentCount'], mp.attributes['IsAttachable']], ['v1', 2, true]);
  const next = await managedPolicy.update!(mp, { PolicyDocument: DOC, Roles: ['a', 'b'] }, { PolicyDocument: { ...DOC, Statement: [] }, Roles: ['a'] }, f.ctx('Managed'));
  assert.deepEqual([next.physicalId, next.attributes['DefaultVersionId'], next.attributes['AttachmentCount'], next.attributes['PolicyId']], [mp.physicalId, 'v2', 1, mp.attributes['PolicyId']]);
});
