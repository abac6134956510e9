import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { openSqliteStore } from '../../store/sqlite/sqlite-store.js';
import { issuedCredential } from '../iam/credentials.js';
import { addRoleToInstanceProfile, createInstanceProfile, removeRoleFromInstanceProfile } from '../iam/instance-profiles.js';
import { createRole } from '../iam/roles.js';
import type { OperationContext } from '../types.js';
import { instanceRoleCredentials, INSTANCE_SESSION_SECONDS } from './instance-role.js';

const store = openSqliteStore(':memory:');
after(() => store.close());
let now = new Date('2024-05-01T12:00:00.000Z');
const clock = { now: () => now };
const ctx: OperationContext = { scope: { account: '123456789012', region: 'us-east-1' }, accessKeyId: 'test', requestId: 'r', store, clock };
const call = <I, O>(handler: (input: I, c: OperationContext) => O, input: I): O => store.transaction(() => handler(input, ctx));
const trust = (service: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }] });

call(createRole, { RoleName: 'web', AssumeRolePolicyDocument: trust('ec2.amazonaws.com') });
call(createRole, { RoleName: 'lambda-only', AssumeRolePolicyDocument: trust('lambda.amazonaws.com') });
const profile = call(createInstanceProfile, { InstanceProfileName: 'web' }).InstanceProfile;
const spec = { Arn: profile.Arn, Id: profile.InstanceProfileId };

test('a profile without a role: no role', () => {
  assert.deepEqual(instanceRoleCredentials(store, clock, { account: '123456789012', instanceId: 'i-1', profile: spec }), { kind: 'no-role' });
});

test('a session of the role named for the instance, reused until fewer than five minutes are left', () => {
  call(addRoleToInstanceProfile, { InstanceProfileName: 'web', RoleName: 'web' });
  const first = instanceRoleCredentials(store, clock, { account: '123456789012', instanceId: 'i-0abc', profile: spec });
  assert.equal(first.kind, 'session');
  if (first.kind !== 'session') return;
  const c = first.credential;
  assert.match(c.AccessKeyId, /^ASIA/);
  assert.equal(c.identity.kind === 'assumed-role' && c.identity.arn, 'arn:aws:sts::123456789012:assumed-role/web/i-0abc');
  assert.equal(c.Expiration, '2024-05-01T18:00:00Z');
  assert.equal(issuedCredential(store, c.AccessKeyId)?.scope.account, '123456789012');
  now = new Date(now.getTime() + (INSTANCE_SESSION_SECONDS - 301) * 1000);
  const again = instanceRoleCredentials(store, clock, { account: '123456789012', instanceId: 'i-0abc', profile: spec, previous: c });
  assert.equal(again.kind === 'session' && again.credential.AccessKeyId, c.AccessKeyId);
  now = new Date(now.getTime() + 2000);
  const renewed = instanceRoleCredentials(store, clock, { account: '123456789012', instanceId: 'i-0abc', profile: spec, previous: c });
  assert.ok(renewed.kind === 'session' && renewed.credential.AccessKeyId !== c.AccessKeyId);
});

test('a role that does not trust ec2.amazonaws.com: denied, no session issued', () => {
  call(removeRoleFromInstanceProfile, { InstanceProfileName: 'web', RoleName: 'web' });
  call(addRoleToInstanceProfile, { InstanceProfileName: 'web', RoleName: 'lambda-only' });
  const answer = instanceRoleCredentials(store, clock, { account: '123456789012', instanceId: 'i-0abc', profile: spec });
  assert.equal(answer.kind, 'denied');
});

test('a profile deleted and made again under the same name is another profile: no role for the old one', () => {
  assert.deepEqual(instanceRoleCredentials(store, clock, { account: '123456789012', instanceId: 'i-0abc', profile: { ...spec, Id: 'AIPAOTHER' } }), { kind: 'no-role' });
});
