import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { ServiceError } from '../../shared/errors.js';
import { openSqliteStore } from '../../store/sqlite/sqlite-store.js';
import { createAccessKey, updateAccessKey } from '../iam/access-keys.js';
import { issuedCredential } from '../iam/credentials.js';
import { createRole } from '../iam/roles.js';
import { createUser } from '../iam/users.js';
import type { OperationContext } from '../types.js';
import { assumeRole, getSessionToken } from './assume-role.js';
import { sts } from './index.js';

const store = openSqliteStore(':memory:');
after(() => store.close());
let now = new Date('2024-05-01T12:00:00.000Z');
let n = 0;
const context = (accessKeyId: string | undefined = 'test', account = '123456789012'): OperationContext => ({
  scope: { account, region: 'eu-west-1' },
  accessKeyId,
  requestId: `r-${++n}`,
  store,
  clock: { now: () => now },
});
const call = <I, O>(c: OperationContext, handler: (input: I, ctx: OperationContext) => O, input: I): O => store.transaction(() => handler(input, c));
const whoAmI = (c: OperationContext) => call(c, sts.operations['GetCallerIdentity']!, {}) as { UserId: string; Account: string; Arn: string };

function rejects(fn: () => unknown, code: string, status: number, message: string): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof ServiceError, String(e));
    assert.deepEqual([e.code, e.status, e.message], [code, status, message]);
    return true;
  });
}

const trust = (aws: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: aws }, Action: 'sts:AssumeRole' }] });
const root = context();
const ROLE_ARN = 'arn:aws:iam::123456789012:role/deployer';

describe('AssumeRole', () => {
  it('a role trusting the account: ASIA session credentials, the assumed-role user, and GetCallerIdentity as the session', () => {
    const role = call(root, createRole, { RoleName: 'deployer', AssumeRolePolicyDocument: trust('arn:aws:iam::123456789012:root'), MaxSessionDuration: 7200 }).Role;
    const out = call(root, assumeRole, { RoleArn: ROLE_ARN, RoleSessionName: 'ci-run', DurationSeconds: 900 });
    assert.match(out.Credentials.AccessKeyId, /^ASIA[A-Z2-7]{16}$/);
    assert.match(out.Credentials.SecretAccessKey, /^[A-Za-z0-9/+]{40}$/);
    assert.ok(out.Credentials.SessionToken.length > 300);
    assert.equal(out.Credentials.Expiration, '2024-05-01T12:15:00Z');
    assert.deepEqual(out.AssumedRoleUser, { AssumedRoleId: `${role.RoleId}:ci-run`, Arn: 'arn:aws:sts::123456789012:assumed-role/deployer/ci-run' });
    assert.equal('PackedPolicySize' in out, false);
    assert.deepEqual(whoAmI(context(out.Credentials.AccessKeyId, '000000000000')), { UserId: `${role.RoleId}:ci-run`, Account: '123456789012', Arn: 'arn:aws:sts::123456789012:assumed-role/deployer/ci-run' });
    // Past its expiry the session is refused.
    now = new Date('2024-05-01T12:15:00.000Z');
    rejects(() => whoAmI(context(out.Credentials.AccessKeyId)), 'ExpiredToken', 403, 'The security token included in the request is expired');
    now = new Date('2024-05-01T12:00:00.000Z');
  });

  it('refusals: a role that does not exist or does not trust the caller, bad session names and durations', () => {
    rejects(() => call(root, assumeRole, { RoleArn: 'arn:aws:iam::123456789012:role/none', RoleSessionName: 's' + 's' }), 'AccessDenied', 403, 'User: arn:aws:iam::123456789012:root is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::123456789012:role/none');
    call(root, createRole, { RoleName: 'foreign', AssumeRolePolicyDocument: trust('arn:aws:iam::111111111111:root') });
    rejects(() => call(root, assumeRole, { RoleArn: 'arn:aws:iam::123456789012:role/foreign', RoleSessionName: 'ss' }), 'AccessDenied', 403, 'User: arn:aws:iam::123456789012:root is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::123456789012:role/foreign');
    rejects(() => call(root, assumeRole, { RoleArn: ROLE_ARN, RoleSessionName: 'a b' }), 'ValidationError', 400, "1 validation error detected: Value 'a b' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*");
    rejects(() => call(root, assumeRole, { RoleArn: ROLE_ARN }), 'ValidationError', 400, "1 validation error detected: Value null at 'roleSessionName' failed to satisfy constraint: Member must not be null");
    rejects(() => call(root, assumeRole, { RoleArn: ROLE_ARN, RoleSessionName: 'ss', DurationSeconds: 100 }), 'ValidationError', 400, "1 validation error detected: Value '100' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900");
    rejects(() => call(root, assumeRole, { RoleArn: ROLE_ARN, RoleSessionName: 'ss', DurationSeconds: 7201 }), 'ValidationError', 400, 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
    // A session tag or policy ARN with a member left out is refused before any trust is looked at.
    rejects(() => call(root, assumeRole, { RoleArn: ROLE_ARN, RoleSessionName: 'ss', Tags: [{ Key: 'a' }], PolicyArns: [{}] }), 'ValidationError', 400,
      "2 validation errors detected: Value null at 'tags.1.member.value' failed to satisfy constraint: Member must not be null; Value null at 'policyArns.1.member.arn' failed to satisfy constraint: Member must not be null");
  });

  it('a session policy gives PackedPolicySize; a role trusting a user; role chaining', () => {
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] });
    assert.equal(call(root, assumeRole, { RoleArn: ROLE_ARN, RoleSessionName: 'ss', Policy: policy }).PackedPolicySize, 5);
    call(root, createUser, { UserName: 'alice' });
    const key = call(root, createAccessKey, { UserName: 'alice' }).AccessKey;
    const alice = context(key.AccessKeyId, '000000000000');
    assert.equal(whoAmI(alice).Arn, 'arn:aws:iam::123456789012:user/alice');
    call(root, createRole, { RoleName: 'for-alice', AssumeRolePolicyDocument: trust('arn:aws:iam::123456789012:user/alice') });
    const session = call(alice, assumeRole, { RoleArn: 'arn:aws:iam::123456789012:role/for-alice', RoleSessionName: 'alice' });
    assert.equal(session.AssumedRoleUser.Arn, 'arn:aws:sts::123456789012:assumed-role/for-alice/alice');
    rejects(() => call(root, assumeRole, { RoleArn: 'arn:aws:iam::123456789012:role/for-alice', RoleSessionName: 'root' }), 'AccessDenied', 403, 'User: arn:aws:iam::123456789012:root is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::123456789012:role/for-alice');
    // From the session, a role that trusts the account: chained, at most an hour.
    const chained = context(session.Credentials.AccessKeyId);
    rejects(() => call(chained, assumeRole, { RoleArn: ROLE_ARN, RoleSessionName: 'chain', DurationSeconds: 3601 }), 'ValidationError', 400, 'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.');
    assert.equal(call(chained, assumeRole, { RoleArn: ROLE_ARN, RoleSessionName: 'chain' }).AssumedRoleUser.Arn, 'arn:aws:sts::123456789012:assumed-role/deployer/chain');
    // A deactivated key is refused.
    call(root, updateAccessKey, { UserName: 'alice', AccessKeyId: key.AccessKeyId, Status: 'Inactive' });
    rejects(() => whoAmI(alice), 'InvalidClientTokenId', 403, 'The security token included in the request is invalid.');
  });

  it('a role in another account that trusts this one: the session signs for the role\'s account', () => {
    const other = context('210987654321', '210987654321');
    call(other, createRole, { RoleName: 'cross', AssumeRolePolicyDocument: trust('123456789012') });
    const out = call(root, assumeRole, { RoleArn: 'arn:aws:iam::210987654321:role/cross', RoleSessionName: 'x1' });
    assert.deepEqual(issuedCredential(store, out.Credentials.AccessKeyId)?.scope, { account: '210987654321', region: 'us-east-1' });
    assert.equal(whoAmI(context(out.Credentials.AccessKeyId)).Account, '210987654321');
  });
});

describe('role sessions as principals', () => {
  it('a trust policy naming a role (with its path) lets that role\'s sessions assume', () => {
    call(root, createRole, { RoleName: 'pathed', Path: '/team/', AssumeRolePolicyDocument: trust('arn:aws:iam::123456789012:root') });
    call(root, createRole, { RoleName: 'next', AssumeRolePolicyDocument: trust('arn:aws:iam::123456789012:role/team/pathed') });
    const first = call(root, assumeRole, { RoleArn: 'arn:aws:iam::123456789012:role/team/pathed', RoleSessionName: 'one' });
    assert.equal(first.AssumedRoleUser.Arn, 'arn:aws:sts::123456789012:assumed-role/pathed/one');
    const second = call(context(first.Credentials.AccessKeyId), assumeRole, { RoleArn: 'arn:aws:iam::123456789012:role/next', RoleSessionName: 'two' });
    assert.equal(second.AssumedRoleUser.Arn, 'arn:aws:sts::123456789012:assumed-role/next/two');
    rejects(() => call(root, assumeRole, { RoleArn: 'arn:aws:iam::123456789012:role/next', RoleSessionName: 'two' }), 'AccessDenied', 403, 'User: arn:aws:iam::123456789012:root is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::123456789012:role/next');
    // The role's path is part of its ARN: without it, no role.
    rejects(() => call(root, assumeRole, { RoleArn: 'arn:aws:iam::123456789012:role/pathed', RoleSessionName: 'one' }), 'AccessDenied', 403, 'User: arn:aws:iam::123456789012:root is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::123456789012:role/pathed');
  });
});

describe('GetSessionToken and GetCallerIdentity', () => {
  it('any key Gatehouse did not issue is the root; GetSessionToken keeps the identity and refuses session credentials', () => {
    assert.deepEqual(whoAmI(root), { UserId: '123456789012', Account: '123456789012', Arn: 'arn:aws:iam::123456789012:root' });
    const token = call(root, getSessionToken, { DurationSeconds: 7200 }).Credentials;
    assert.equal(token.Expiration, '2024-05-01T13:00:00Z');
    assert.equal(whoAmI(context(token.AccessKeyId)).Arn, 'arn:aws:iam::123456789012:root');
    rejects(() => call(context(token.AccessKeyId), getSessionToken, {}), 'AccessDenied', 403, 'Cannot call GetSessionToken with session credentials');
    rejects(() => call(root, getSessionToken, { DurationSeconds: 10 }), 'ValidationError', 400, "1 validation error detected: Value '10' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900");
  });
});
