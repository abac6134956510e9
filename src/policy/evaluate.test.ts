import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parsePolicyValue, type PolicyDocument } from './document.js';
import { evaluatePolicy, explain, reason, type Decision } from './evaluate.js';
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
    const policy = { Version: '2012-10-17', Statement: { Effect: 'Allow', Principal: '*', Action: '*', Resource: `${API}/\${aws:PrincipalTag/stage}/*` } };
    assert.equal(decide(policy, request({ 'aws:PrincipalTag/stage': 'test' })), 'Allow');
    assert.equal(decide(policy, request({ 'aws:PrincipalTag/stage': 'prod' })), 'ImplicitDeny');
    assert.equal(decide(policy, request({})), 'ImplicitDeny');
  });
  it('policy variables are literal text without Version 2012-10-17 (the 2008-10-17 language has none)', () => {
    const statement = { Effect: 'Allow', Principal: '*', Action: '*', Resource: `${API}/\${aws:PrincipalTag/stage}/*` };
    for (const policy of [{ Statement: statement }, { Version: '2008-10-17', Statement: statement }]) {
      assert.equal(decide(policy, request({ 'aws:PrincipalTag/stage': 'test' })), 'ImplicitDeny');
      assert.equal(decide(policy, request({}, { resource: `${API}/\${aws:PrincipalTag/stage}/GET/pets` })), 'Allow');
      const condition = { ...statement, Resource: '*', Condition: { StringEquals: { 'aws:SourceVpce': '${aws:SourceVpc}' } } };
      assert.equal(decide({ ...policy, Statement: condition }, request({ 'aws:SourceVpce': 'vpc-1', 'aws:SourceVpc': 'vpc-1' })), 'ImplicitDeny');
      assert.equal(decide({ ...policy, Statement: condition }, request({ 'aws:SourceVpce': '${aws:SourceVpc}' })), 'Allow');
    }
  });
});

describe('condition operators', () => {
  const cond = (condition: unknown) => ({ Version: '2012-10-17', Statement: { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*', Condition: condition } });
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
    // Values are ORed for Null too, true-or-false holds either way
    // (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-logic-multiple-context-keys-or-values.html).
    ['Null true or false, key present', { Null: { 'aws:SourceVpce': ['true', 'false'] } }, { 'aws:SourceVpce': 'vpce-1' }, 'Allow'],
    ['Null true or false, key absent', { Null: { 'aws:SourceVpce': ['false', 'true'] } }, {}, 'Allow'],
    ['ForAnyValue', { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['a', 'b'] } }, { 'aws:TagKeys': ['c', 'b'] }, 'Allow'],
    ['ForAllValues', { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['a', 'b'] } }, { 'aws:TagKeys': ['c', 'b'] }, 'ImplicitDeny'],
    ['ForAllValues, missing key is vacuously true', { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['a'] } }, {}, 'Allow'],
    ['ForAnyValue, missing key is false', { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['a'] } }, {}, 'ImplicitDeny'],
    // The set operator wins over IfExists for a missing key: ForAnyValue over a missing key is false
    // (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html;
    // https://repost.aws/questions/QU9HFmDzP0QGuU-fd7rS6B7w shows ForAnyValue:StringEqualsIfExists failing so on AWS).
    ['ForAnyValue...IfExists, missing key is still false', { 'ForAnyValue:StringEqualsIfExists': { 'aws:TagKeys': ['a'] } }, {}, 'ImplicitDeny'],
    ['ForAllValues...IfExists, missing key is true', { 'ForAllValues:StringEqualsIfExists': { 'aws:TagKeys': ['a'] } }, {}, 'Allow'],
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

describe('explanations carry the request value and the policy values', () => {
  const cond = (condition: unknown) => ({ Version: '2012-10-17', Statement: [{ Sid: 'OnlyMyVpc', Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: `${API}/*`, Condition: condition }] });
  const firstCondition = (policy: unknown, keys: Record<string, string | string[] | undefined>) => evaluatePolicy(doc(policy), request(keys)).statements[0]!.conditions[0]!;

  it('a trace keeps the policy values, the request value and the statement', () => {
    const evaluation = evaluatePolicy(doc(cond({ StringEquals: { 'aws:SourceVpc': ['vpc-1', 'vpc-2'] } })), request({ 'aws:SourceVpc': 'vpc-3' }));
    const s = evaluation.statements[0]!;
    assert.equal(s.statement.Sid, 'OnlyMyVpc');
    assert.deepEqual(s.conditions[0], {
      operator: 'StringEquals',
      key: 'aws:SourceVpc',
      values: ['vpc-1', 'vpc-2'],
      requestValue: 'vpc-3',
      result: false,
      note: 'aws:SourceVpc is vpc-3: does not satisfy StringEquals [vpc-1, vpc-2]',
    });
  });
  it('an absent key: no request value, and the note names the policy values and the rule', () => {
    const c = firstCondition(cond({ StringEquals: { 'aws:SourceVpc': 'vpc-1' } }), {});
    assert.equal('requestValue' in c, false);
    assert.equal(c.note, 'aws:SourceVpc is absent, so StringEquals [vpc-1] is false: a positive operator is false for an absent key');
    assert.equal(firstCondition(cond({ StringNotEquals: { 'aws:sourceVpce': 'vpce-1' } }), {}).note, 'aws:sourceVpce is absent, so StringNotEquals [vpce-1] is true: a negated operator is true for an absent key');
    assert.equal(firstCondition(cond({ StringEqualsIfExists: { 'aws:SourceVpc': 'vpc-1' } }), {}).note, 'aws:SourceVpc is absent, so StringEqualsIfExists [vpc-1] is true: ...IfExists is true for an absent key');
  });
  it('Null says what it wanted and what the request had', () => {
    assert.equal(firstCondition(cond({ Null: { 'aws:SourceVpce': 'true' } }), { 'aws:SourceVpce': 'vpce-1' }).note, 'aws:SourceVpce is present (vpce-1): does not satisfy Null [true] (Null true: the key must be absent)');
    assert.equal(firstCondition(cond({ Null: { 'aws:SourceVpce': 'false' } }), {}).note, 'aws:SourceVpce is absent: does not satisfy Null [false] (Null false: the key must be present)');
  });
  it('policy variables: the note says what they stood for', () => {
    const c = firstCondition(cond({ StringEquals: { 'aws:Referer': '${aws:SourceVpc}' } }), { 'aws:Referer': 'vpc-1', 'aws:SourceVpc': 'vpc-2' });
    assert.equal(c.note, 'aws:Referer is vpc-1: does not satisfy StringEquals [${aws:SourceVpc}] (with policy variables: [vpc-2])');
  });
  it('an unknown operator still shows its values', () => {
    const c = firstCondition(cond({ StringSortOf: { 'aws:SourceVpc': 'vpc-1' } }), { 'aws:SourceVpc': 'vpc-1' });
    assert.deepEqual([c.values, c.result, c.note], [['vpc-1'], false, 'StringSortOf is not an IAM condition operator']);
  });
  it('explain() names the failed condition with both values', () => {
    const lines = explain(evaluatePolicy(doc(cond({ StringEquals: { 'aws:SourceVpc': 'vpc-1' } })), request({ 'aws:SourceVpc': 'vpc-9' })));
    assert.deepEqual(lines, [
      'Denied: no statement allows this request (implicit deny).',
      'statement 0 (OnlyMyVpc) Allow does not apply: condition StringEquals failed: aws:SourceVpc is vpc-9: does not satisfy StringEquals [vpc-1]',
    ]);
  });
});

describe('reason(): the decision in one sentence', () => {
  it('an explicit deny names the deciding statement and the conditions that held', () => {
    assert.equal(reason(evaluatePolicy(doc(tutorial), request({ 'aws:SourceVpce': 'vpce-9999' }))), 'explicit deny by statement 0: aws:sourceVpce is vpce-9999: satisfies StringNotEquals [vpce-0123]');
    assert.equal(reason(evaluatePolicy(doc(tutorial), request({}))), 'explicit deny by statement 0: aws:sourceVpce is absent, so StringNotEquals [vpce-0123] is true: a negated operator is true for an absent key');
  });
  it('an allow names the statement', () => {
    assert.equal(reason(evaluatePolicy(doc(tutorial), request({ 'aws:SourceVpce': 'vpce-0123' }))), 'allowed by statement 1');
  });
  it('an implicit deny gives the closest Allow statement and its first failed condition', () => {
    const policy = {
      Statement: [
        { Sid: 'Prod', Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: `${API}/prod/*` },
        { Sid: 'Vpc', Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: `${API}/*`, Condition: { StringEquals: { 'aws:SourceVpc': 'vpc-1' }, Bool: { 'aws:SecureTransport': 'true' }, IpAddress: { 'aws:VpcSourceIp': '10.0.0.0/8' } } },
      ],
    };
    assert.equal(
      reason(evaluatePolicy(doc(policy), request({ 'aws:SourceVpc': 'vpc-2', 'aws:SecureTransport': 'true' }))),
      'implicit deny: no statement allows this request; statement 1 (Vpc) Allow does not apply: condition StringEquals failed: aws:SourceVpc is vpc-2: does not satisfy StringEquals [vpc-1]',
    );
  });
  it('an implicit deny with no Allow whose action and resource match gives the first Allow', () => {
    const policy = { Statement: { Effect: 'Allow', Principal: { AWS: '111122223333' }, Action: 'execute-api:Invoke', Resource: `${API}/prod/*` } };
    assert.equal(reason(evaluatePolicy(doc(policy), request({}))), 'implicit deny: no statement allows this request; statement 0 Allow does not apply: the principal does not match; the resource does not match');
    assert.equal(reason(evaluatePolicy(doc({ Statement: { Effect: 'Deny', Principal: '*', Action: '*', Resource: `${API}/prod/*` } }), request({}))), 'implicit deny: the policy has no Allow statement');
  });
});
