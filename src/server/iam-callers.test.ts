import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { authenticate } from '../gateway/sigv4-caller.js';
import { signedRequest } from '../gateway/test-support/sigv4-sign.js';
import { createAccessKey, updateAccessKey } from '../services/iam/access-keys.js';
import { putRolePolicy, putUserPolicy } from '../services/iam/inline-policies.js';
import { createRole } from '../services/iam/roles.js';
import { createUser } from '../services/iam/users.js';
import { assumeRole } from '../services/sts/assume-role.js';
import type { OperationContext } from '../services/types.js';
import { openSqliteStore } from '../store/sqlite/sqlite-store.js';
import { IamCallers } from './iam-callers.js';

const store = openSqliteStore(':memory:');
after(() => store.close());
let now = new Date('2026-12-06T18:00:00Z');
const ctx = (accessKeyId?: string): OperationContext => ({ scope: { account: '123456789012', region: 'us-east-1' }, accessKeyId, requestId: 'r', store, clock: { now: () => now } });
const INVOKE = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: '*' }] });
const TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'sts:AssumeRole' }] });

describe('IamCallers: the gateway directory of known keys, from IAM and STS', () => {
  const callers = new IamCallers(store, '123456789012');
  const options = { directory: callers, defaultAccount: '123456789012' };

  it('test/test is the default account root', () => {
    assert.deepEqual(callers.credential('test'), { secret: 'test', active: true, identity: { kind: 'root', arn: 'arn:aws:iam::123456789012:root', account: '123456789012', userId: '123456789012', principalArn: 'arn:aws:iam::123456789012:root' } });
    assert.equal(callers.credential('AKIAUNKNOWN000000000'), undefined);
  });

  it("an IAM user's key: its identity and inline policies; made Inactive, it is refused at once", async () => {
    const user = createUser({ UserName: 'alice' }, ctx()).User;
    putUserPolicy({ UserName: 'alice', PolicyName: 'invoke', PolicyDocument: INVOKE }, ctx());
    const key = createAccessKey({ UserName: 'alice' }, ctx()).AccessKey;
    const found = callers.credential(key.AccessKeyId)!;
    assert.deepEqual(found.identity, { kind: 'user', arn: 'arn:aws:iam::123456789012:user/alice', account: '123456789012', userId: user.UserId, principalArn: 'arn:aws:iam::123456789012:user/alice', userName: 'alice' });
    assert.deepEqual(callers.identityPolicies(found.identity).map((p) => p.source), ['inline:invoke']);
    const request = await signedRequest({ key: { accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey }, at: now });
    assert.equal(authenticate(request, 'us-east-1', now, options).kind, 'caller');
    updateAccessKey({ UserName: 'alice', AccessKeyId: key.AccessKeyId, Status: 'Inactive' }, ctx());
    const refused = authenticate(request, 'us-east-1', now, options);
    assert.equal(refused.kind === 'refused' && refused.refusal.errorType, 'UnrecognizedClientException');
  });

  it("a role session: AROA…:session, the role's policies; expired, ExpiredTokenException", async () => {
    const role = createRole({ RoleName: 'Reader', AssumeRolePolicyDocument: TRUST }, ctx()).Role;
    putRolePolicy({ RoleName: 'Reader', PolicyName: 'invoke', PolicyDocument: INVOKE }, ctx());
    const c = assumeRole({ RoleArn: 'arn:aws:iam::123456789012:role/Reader', RoleSessionName: 's1', DurationSeconds: 900 }, ctx('test')).Credentials;
    const found = callers.credential(c.AccessKeyId)!;
    assert.deepEqual(found.identity, { kind: 'assumed-role', arn: 'arn:aws:sts::123456789012:assumed-role/Reader/s1', account: '123456789012', userId: `${role.RoleId}:s1`, principalArn: 'arn:aws:iam::123456789012:role/Reader' });
    assert.deepEqual(callers.identityPolicies(found.identity).map((p) => p.source), ['inline:invoke']);
    const key = { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };
    assert.equal(authenticate(await signedRequest({ key, at: now }), 'us-east-1', now, options).kind, 'caller');
    now = new Date(now.getTime() + 901_000);
    const expired = authenticate(await signedRequest({ key, at: now }), 'us-east-1', now, options);
    assert.deepEqual(expired.kind === 'refused' && [expired.refusal.errorType, expired.refusal.body], ['ExpiredTokenException', '{"message":"The security token included in the request is expired"}']);
  });
});
