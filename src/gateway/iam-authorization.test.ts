import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parsePolicy, type PolicyDocument } from '../policy/document.js';
import type { Decision } from '../policy/evaluate.js';
import { requestKeys, type PolicyRequest } from '../policy/request.js';
import { combineTables, decideIam, endpointPolicyRequest, iamDenial } from './iam-authorization.js';
import { missingToken, rootIdentity, type CallerIdentity } from './sigv4-caller.js';
import type { StoredPolicy } from './stored-policy.js';

const ARN = 'arn:aws:execute-api:us-east-1:111122223333:abc123/prod/GET/pets';
const REQUEST: PolicyRequest = { principal: { kind: 'anonymous' }, action: 'execute-api:Invoke', resource: ARN, keys: requestKeys({ 'aws:SourceVpce': 'vpce-1' }) };
const SESSION: CallerIdentity = { kind: 'assumed-role', arn: 'arn:aws:sts::111122223333:assumed-role/Reader/s1', account: '111122223333', userId: 'AROAEXAMPLE:s1', principalArn: 'arn:aws:iam::111122223333:role/Reader' };
const OUTSIDER: CallerIdentity = { kind: 'user', arn: 'arn:aws:iam::444455556666:user/bob', account: '444455556666', userId: 'AIDABOB', principalArn: 'arn:aws:iam::444455556666:user/bob', userName: 'bob' };

const doc = (statements: object[]): PolicyDocument => {
  const parsed = parsePolicy(JSON.stringify({ Version: '2012-10-17', Statement: statements }));
  assert.ok(parsed.ok);
  return parsed.document;
};
const stored = (statements: object[]): StoredPolicy => ({ document: doc(statements) });
const allow = (principal?: object | string) => ({ Effect: 'Allow', ...(principal ? { Principal: principal } : {}), Action: 'execute-api:Invoke', Resource: 'arn:aws:execute-api:us-east-1:111122223333:abc123/*' });
const deny = (principal?: object | string) => ({ ...allow(principal), Effect: 'Deny' });

describe('AWS_IAM decisions (docs/aws-facts.md §2.1)', () => {
  it('Table A, every row', () => {
    const rows: Array<[Decision, Decision | 'None', Decision]> = [
      ['Allow', 'Allow', 'Allow'],
      ['Allow', 'None', 'Allow'],
      ['Allow', 'ExplicitDeny', 'ExplicitDeny'],
      ['ImplicitDeny', 'Allow', 'Allow'],
      ['ImplicitDeny', 'None', 'ImplicitDeny'],
      ['ImplicitDeny', 'ExplicitDeny', 'ExplicitDeny'],
      ['ExplicitDeny', 'Allow', 'ExplicitDeny'],
      ['ExplicitDeny', 'None', 'ExplicitDeny'],
      ['ExplicitDeny', 'ExplicitDeny', 'ExplicitDeny'],
    ];
    for (const [identity, resource, result] of rows) assert.equal(combineTables(identity, resource, 'A'), result, `${identity} + ${resource}`);
  });

  it('Table B, every row', () => {
    const rows: Array<[Decision, Decision | 'None', Decision]> = [
      ['Allow', 'Allow', 'Allow'],
      ['Allow', 'None', 'ImplicitDeny'],
      ['Allow', 'ExplicitDeny', 'ExplicitDeny'],
      ['ImplicitDeny', 'Allow', 'ImplicitDeny'],
      ['ImplicitDeny', 'None', 'ImplicitDeny'],
      ['ImplicitDeny', 'ExplicitDeny', 'ExplicitDeny'],
      ['ExplicitDeny', 'Allow', 'ExplicitDeny'],
      ['ExplicitDeny', 'None', 'ExplicitDeny'],
      ['ExplicitDeny', 'ExplicitDeny', 'ExplicitDeny'],
    ];
    for (const [identity, resource, result] of rows) assert.equal(combineTables(identity, resource, 'B'), result, `${identity} + ${resource}`);
  });

  it("the account root in its own account: identity allows, so a resource policy that says nothing still allows (Table A)", () => {
    const d = decideIam(rootIdentity('111122223333'), [], [], stored([allow({ AWS: 'arn:aws:iam::999999999999:root' })]), REQUEST, '111122223333');
    assert.deepEqual([d.table, d.identity.decision, d.resource.decision, d.decision], ['A', 'Allow', 'None', 'Allow']);
  });

  it('a role session: its identity policy allows (Table A); an explicit deny in the resource policy naming the role denies', () => {
    const identity = [{ source: 'inline:invoke', document: doc([allow()]) }];
    assert.equal(decideIam(SESSION, identity, [], undefined, REQUEST, '111122223333').decision, 'Allow');
    const d = decideIam(SESSION, identity, [], stored([deny({ AWS: 'arn:aws:iam::111122223333:role/Reader' })]), REQUEST, '111122223333');
    assert.equal(d.decision, 'ExplicitDeny');
    assert.equal(
      iamDenial(d, ARN)!.body,
      '{"Message":"User: arn:aws:sts::111122223333:assumed-role/Reader/s1 is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:********3333:abc123/prod/GET/pets with an explicit deny"}',
    );
  });

  it('no identity policy and a resource policy that allows the role: allowed (Table A); that allows nobody: implicit deny', () => {
    assert.equal(decideIam(SESSION, [], [], stored([allow({ AWS: 'arn:aws:iam::111122223333:role/Reader' })]), REQUEST, '111122223333').decision, 'Allow');
    const d = decideIam(SESSION, [], [], stored([allow({ AWS: 'arn:aws:iam::111122223333:role/Other' })]), REQUEST, '111122223333');
    assert.equal(d.decision, 'ImplicitDeny');
    assert.equal(iamDenial(d, ARN)!.body, '{"Message":"User: arn:aws:sts::111122223333:assumed-role/Reader/s1 is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:********3333:abc123/prod/GET/pets"}');
  });

  it('cross-account: the caller\'s own Allow is not enough without the resource policy\'s (Table B)', () => {
    const identity = [{ source: 'arn:aws:iam::444455556666:policy/invoke', document: doc([allow()]) }];
    const without = decideIam(OUTSIDER, identity, [], stored([allow({ AWS: 'arn:aws:iam::111122223333:root' })]), REQUEST, '111122223333');
    assert.deepEqual([without.table, without.identity.decision, without.resource.decision, without.decision], ['B', 'Allow', 'None', 'ImplicitDeny']);
    const withIt = decideIam(OUTSIDER, identity, [], stored([allow({ AWS: '444455556666' })]), REQUEST, '111122223333');
    assert.equal(withIt.decision, 'Allow');
    // Another account's root allows itself but still needs the resource policy.
    assert.equal(decideIam(rootIdentity('444455556666'), [], [], undefined, REQUEST, '111122223333').decision, 'ImplicitDeny');
  });

  it('the caller\'s condition keys reach the policies (aws:PrincipalArn of a role session is the role)', () => {
    const conditioned = stored([{ ...allow('*'), Condition: { ArnEquals: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/Reader' } } }]);
    assert.equal(decideIam(SESSION, [], [], conditioned, REQUEST, '111122223333').decision, 'Allow');
    assert.equal(decideIam(OUTSIDER, [], [], conditioned, REQUEST, '111122223333').decision, 'ImplicitDeny');
  });

  it('an unreadable resource policy denies (fail closed)', () => {
    assert.equal(decideIam(rootIdentity('111122223333'), [], [], { unreadable: 'not JSON' }, REQUEST, '111122223333').decision, 'ExplicitDeny');
  });

  it('the VPC endpoint policy sees a signed caller; an unsigned one stays anonymous; an invalid signature is refused', () => {
    assert.equal(endpointPolicyRequest(REQUEST, { kind: 'anonymous', refusal: missingToken() }), REQUEST);
    const signed = endpointPolicyRequest(REQUEST, { kind: 'caller', caller: { accessKeyId: 'ASIA', identity: SESSION, verified: true } });
    assert.deepEqual(signed.principal, { kind: 'aws', arn: SESSION.arn, account: '111122223333', issuer: 'arn:aws:iam::111122223333:role/Reader' });
    assert.equal(signed.keys.get('aws:sourcevpce'), 'vpce-1');
    assert.equal(signed.keys.get('aws:userid'), 'AROAEXAMPLE:s1');
    assert.throws(() => endpointPolicyRequest(REQUEST, { kind: 'refused', refusal: missingToken() }), (e: Error) => e.message === '{"message":"Missing Authentication Token"}');
  });
});
