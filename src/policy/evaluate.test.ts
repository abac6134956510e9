import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parsePolicyValue, type PolicyDocument } from './document.js';
import { evaluatePolicy, explain, type Decision } from './evaluate.js';
import { requestKeys, type PolicyRequest, type Principal } from './request.js';

const API = 'arn:aws:execute-api:us-east-1:111122223333:abcdef1234';
const anonymous: Principal = { kind: 'anonymous' };

function doc(value: unknown): PolicyDocument {
  const r = parsePolicyValue(value);
  if (!r.ok) throw new Error(r.reason);
  return r.document;
}

function request(keys: Record<string, string | string[] | undefined>, overrides: Partial<PolicyRequest> = {}): PolicyRequest {
  return { principal: anonymous, action: 'execute-api:Invoke', resource: `${API}/test/GET/pets`, keys: requestKeys(keys), ...overrides };
}

const decide = (policy: unknown, req: PolicyRequest): Decision => evaluatePolicy(doc(policy), req).decision;

const tutorial = {
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: `${API}/*`, Condition: { StringNotEquals: { 'aws:sourceVpce': 'vpce-0123' } } },
    { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: `${API}/*` },
  ],
};

describe('the tutorial policy (source VPC endpoint allowlist)', () => {
  it('allows the named endpoint (condition keys are case-insensitive)', () => {
    assert.equal(decide(tutorial, request({ 'aws:SourceVpce': 'vpce-0123' })), 'Allow');
  });
  it('denies another endpoint explicitly', () => {
    assert.equal(decide(tutorial, request({ 'aws:SourceVpce': 'vpce-9999' })), 'ExplicitDeny');
  });
  it('denies a request with no endpoint at all: a negated operator is true for a missing key', () => {
    assert.equal(decide(tutorial, request({})), 'ExplicitDeny');
  });
  it('explains the decision', () => {
    const lines = explain(evaluatePolicy(doc(tutorial), request({ 'aws:SourceVpce': 'vpce-9999' })));
    assert.equal(lines[0], 'Denied by statement 0 (Deny).');
    assert.match(lines[1]!, /statement 0 Deny applies: aws:sourceVpce is vpce-9999: satisfies StringNotEquals \[vpce-0123\]/);
  });
});

describe('evaluation order', () => {
  it('implicit deny when nothing applies, with the reason per statement', () => {
    const policy = { Statement: { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: `${API}/prod/*` } };
    const evaluation = evaluatePolicy(doc(policy), request({}));
    assert.equal(evaluation.decision, 'ImplicitDeny');
    assert.deepEqual(explain(evaluation), ['Denied: no statement allows this request (implicit deny).', 'statement 0 Allow does not apply: the resource does not match']);
  });
  it('explicit deny beats allow regardless of order', () => {
    const policy = { Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }, { Effect: 'Deny', Principal: '*', Action: 'execute-api:*', Resource: '*' }] };
    assert.equal(decide(policy, request({})), 'ExplicitDeny');
  });
});

describe('principals', () => {
  const aws = (values: unknown) => ({ Statement: { Effect: 'Allow', Principal: { AWS: values }, Action: '*', Resource: '*' } });
  const role: Principal = { kind: 'aws', arn: 'arn:aws:sts::111122223333:assumed-role/Dev/alice', account: '111122223333' };
  it('an AWS principal never matches an anonymous caller, "*" does', () => {
    assert.equal(decide(aws('arn:aws:iam::111122223333:root'), request({})), 'ImplicitDeny');
    assert.equal(decide(aws('*'), request({})), 'Allow');
  });
  it('account id, account root and role ARN match a role session of that account', () => {
    for (const p of ['111122223333', 'arn:aws:iam::111122223333:root', 'arn:aws:iam::111122223333:role/Dev', ['x', 'arn:aws:iam::111122223333:role/Dev']]) {
      assert.equal(decide(aws(p), request({}, { principal: role })), 'Allow', JSON.stringify(p));
    }
    assert.equal(decide(aws('arn:aws:iam::999999999999:root'), request({}, { principal: role })), 'ImplicitDeny');
  });
  it('services and NotPrincipal', () => {
    const service: Principal = { kind: 'service', service: 'apigateway.amazonaws.com' };
    assert.equal(decide({ Statement: { Effect: 'Allow', Principal: { Service: 'apigateway.amazonaws.com' }, Action: 'lambda:InvokeFunction', Resource: '*' } }, request({}, { principal: service, action: 'lambda:InvokeFunction' })), 'Allow');
    assert.equal(decide({ Statement: { Effect: 'Deny', NotPrincipal: { AWS: '111122223333' }, Action: '*', Resource: '*' } }, request({})), 'ExplicitDeny');
    assert.equal(decide({ Statement: { Effect: 'Deny', NotPrincipal: { AWS: '111122223333' }, Action: '*', Resource: '*' } }, request({}, { principal: role })), 'ImplicitDeny');
  });
});

describe('actions and resources', () => {
  it('actions match case-insensitively with wildcards; NotAction inverts', () => {
    assert.equal(decide({ Statement: { Effect: 'Allow', Principal: '*', Action: 'EXECUTE-API:inv*', Resource: '*' } }, request({})), 'Allow');
    assert.equal(decide({ Statement: { Effect: 'Allow', Principal: '*', NotAction: 'execute-api:InvalidateCache', Resource: '*' } }, request({})), 'Allow');
    assert.equal(decide({ Statement: { Effect: 'Allow', Principal: '*', NotAction: 'execute-api:*', Resource: '*' } }, request({})), 'ImplicitDeny');
  });
  it('resources match case-sensitively; ? is one character; NotResource inverts', () => {
    const allow = (resource: unknown, key = 'Resource') => ({ Statement: { Effect: 'Allow', Principal: '*', Action: '*', [key]: resource } });
    assert.equal(decide(allow(`${API}/test/GET/pe?s`), request({})), 'Allow');
    assert.equal(decide(allow(`${API}/test/get/pets`), request({})), 'ImplicitDeny');
    assert.equal(decide(allow(`${API}/*/POST/*`, 'NotResource'), request({})), 'Allow');
    assert.equal(decide(allow(`${API}/*/GET/*`, 'NotResource'), request({})), 'ImplicitDeny');
  });
  it('policy variables in resources', () => {
    const policy = { Statement: { Effect: 'Allow', Principal: '*', Action: '*', Resource: `${API}/\${aws:PrincipalTag/stage}/*` } };
    assert.equal(decide(policy, request({ 'aws:PrincipalTag/stage': 'test' })), 'Allow');
    assert.equal(decide(policy, request({ 'aws:PrincipalTag/stage': 'prod' })), 'ImplicitDeny');
    assert.equal(decide(policy, request({})), 'ImplicitDeny');
  });
});

describe('condition operators', () => {
  const cond = (condition: unknown) => ({ Statement: { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*', Condition: condition } });
  const cases: Array<[string, unknown, Record<string, string | string[] | undefined>, Decision]> = [
    ['StringEquals any of several values', { StringEquals: { 'aws:SourceVpc': ['vpc-1', 'vpc-2'] } }, { 'aws:SourceVpc': 'vpc-2' }, 'Allow'],
    ['StringNotEquals with several values means none of them', { StringNotEquals: { 'aws:SourceVpc': ['vpc-1', 'vpc-2'] } }, { 'aws:SourceVpc': 'vpc-2' }, 'ImplicitDeny'],
    ['StringEqualsIgnoreCase', { StringEqualsIgnoreCase: { 'aws:UserAgent': 'CURL/8' } }, { 'aws:UserAgent': 'curl/8' }, 'Allow'],
    ['StringLike', { StringLike: { 'aws:UserAgent': 'curl/*' } }, { 'aws:UserAgent': 'curl/7.88.1' }, 'Allow'],
    ['StringNotLike, missing key', { StringNotLike: { 'aws:Referer': '*.example.com' } }, {}, 'Allow'],
    ['StringEquals, missing key', { StringEquals: { 'aws:SourceVpce': 'vpce-1' } }, {}, 'ImplicitDeny'],
    ['StringEqualsIfExists, missing key', { StringEqualsIfExists: { 'aws:SourceVpce': 'vpce-1' } }, {}, 'Allow'],
    ['StringEqualsIfExists, present key', { StringEqualsIfExists: { 'aws:SourceVpce': 'vpce-1' } }, { 'aws:SourceVpce': 'vpce-2' }, 'ImplicitDeny'],
    ['NumericLessThan', { NumericLessThan: { 'aws:EpochTime': 2000000000 } }, { 'aws:EpochTime': '1795316317' }, 'Allow'],
    ['NumericGreaterThanEquals, not a number', { NumericGreaterThanEquals: { 'aws:EpochTime': '1' } }, { 'aws:EpochTime': 'soon' }, 'ImplicitDeny'],
    ['DateGreaterThan ISO vs ISO', { DateGreaterThan: { 'aws:CurrentTime': '2026-01-01T00:00:00Z' } }, { 'aws:CurrentTime': '2026-11-22T02:00:00Z' }, 'Allow'],
    ['DateLessThan epoch policy value', { DateLessThan: { 'aws:CurrentTime': '1700000000' } }, { 'aws:CurrentTime': '2026-11-22T02:00:00Z' }, 'ImplicitDeny'],
    ['Bool', { Bool: { 'aws:SecureTransport': 'true' } }, { 'aws:SecureTransport': 'true' }, 'Allow'],
    ['Bool false', { Bool: { 'aws:SecureTransport': false } }, { 'aws:SecureTransport': 'true' }, 'ImplicitDeny'],
    ['IpAddress CIDR', { IpAddress: { 'aws:VpcSourceIp': '10.0.0.0/16' } }, { 'aws:VpcSourceIp': '10.0.12.7' }, 'Allow'],
    ['IpAddress single address', { IpAddress: { 'aws:VpcSourceIp': '10.0.12.7' } }, { 'aws:VpcSourceIp': '10.0.12.8' }, 'ImplicitDeny'],
    ['NotIpAddress, missing key', { NotIpAddress: { 'aws:SourceIp': '192.0.2.0/24' } }, {}, 'Allow'],
    ['IpAddress IPv6', { IpAddress: { 'aws:SourceIp': '2001:db8::/32' } }, { 'aws:SourceIp': '2001:db8::1' }, 'Allow'],
    ['ArnLike', { ArnLike: { 'aws:SourceArn': 'arn:aws:execute-api:*:111122223333:*/*/GET/*' } }, { 'aws:SourceArn': `${API}/test/GET/pets` }, 'Allow'],
    ['ArnNotEquals', { ArnNotEquals: { 'aws:SourceArn': `${API}/*` } }, { 'aws:SourceArn': `${API}/test/GET/pets` }, 'ImplicitDeny'],
    ['Null true (key must be absent)', { Null: { 'aws:SourceVpce': 'true' } }, {}, 'Allow'],
    ['Null false (key must be present)', { Null: { 'aws:SourceVpce': 'false' } }, {}, 'ImplicitDeny'],
    ['ForAnyValue', { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['a', 'b'] } }, { 'aws:TagKeys': ['c', 'b'] }, 'Allow'],
    ['ForAllValues', { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['a', 'b'] } }, { 'aws:TagKeys': ['c', 'b'] }, 'ImplicitDeny'],
    ['ForAllValues, missing key is vacuously true', { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['a'] } }, {}, 'Allow'],
    ['ForAnyValue, missing key is false', { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['a'] } }, {}, 'ImplicitDeny'],
    ['policy variable in a condition value', { StringEquals: { 'aws:SourceVpce': '${aws:SourceVpce}' } }, { 'aws:SourceVpce': 'vpce-7' }, 'Allow'],
    ['policy variable with a default', { StringEquals: { 'aws:Referer': "${aws:UserAgent, 'none'}" } }, { 'aws:Referer': 'none' }, 'Allow'],
    ['escaped ${*} is a literal star', { StringLike: { 'aws:Referer': 'a${*}' } }, { 'aws:Referer': 'abc' }, 'ImplicitDeny'],
    ['escaped ${*} matches a star', { StringLike: { 'aws:Referer': 'a${*}' } }, { 'aws:Referer': 'a*' }, 'Allow'],
    ['several operators are ANDed', { StringEquals: { 'aws:SourceVpc': 'vpc-1' }, Bool: { 'aws:SecureTransport': 'true' } }, { 'aws:SourceVpc': 'vpc-1', 'aws:SecureTransport': 'false' }, 'ImplicitDeny'],
    ['an unknown operator never matches', { StringSortOf: { 'aws:SourceVpc': 'vpc-1' } }, { 'aws:SourceVpc': 'vpc-1' }, 'ImplicitDeny'],
  ];
  for (const [name, condition, keys, expected] of cases) {
    it(name, () => assert.equal(decide(cond(condition), request(keys)), expected));
  }
});
