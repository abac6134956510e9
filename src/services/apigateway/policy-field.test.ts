/** A RestApi's `policy` field: validated, `execute-api:/` shorthand expanded, stored compact, returned escaped. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizePolicy, POLICY_MAX_LENGTH, policyWireForm } from './policy-field.js';
import { expectError, SCOPE } from './test-context.js';

const API_ARN = 'arn:aws:execute-api:eu-west-1:111111111111:abc123defg';
const INVALID = 'Invalid policy document. Please check the policy syntax and ensure that Principals are valid.';

const allow = (resource: unknown, extra: Record<string, unknown> = {}) => ({ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: resource, ...extra });
const policy = (...statements: unknown[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const normalize = (text: string): unknown => JSON.parse(normalizePolicy(text, SCOPE, 'abc123defg'));

describe('normalizePolicy', () => {
  it('expands execute-api:/* to the API ARN in the scope of the request', () => {
    assert.deepEqual(normalize(policy(allow('execute-api:/*'))), { Version: '2012-10-17', Statement: [allow(`${API_ARN}/*`)] });
  });

  it('expands stage/method/path shorthand and every member of a list; a one-member list is stored as a string', () => {
    assert.deepEqual(normalize(policy(allow(['execute-api:/prod/GET/pets']))), { Version: '2012-10-17', Statement: [allow(`${API_ARN}/prod/GET/pets`)] });
    assert.deepEqual(normalize(policy(allow(['execute-api:/prod/GET/*', 'execute-api:/dev/*/*']))), {
      Version: '2012-10-17',
      Statement: [allow([`${API_ARN}/prod/GET/*`, `${API_ARN}/dev/*/*`])],
    });
  });

  it('expands NotResource too, and leaves full ARNs, other APIs and wildcards alone', () => {
    const deny = { Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', NotResource: 'execute-api:/prod/*' };
    const other = allow(['arn:aws:execute-api:us-east-1:222222222222:other/*', '*']);
    assert.deepEqual(normalize(policy(deny, other)), {
      Version: '2012-10-17',
      Statement: [{ ...deny, NotResource: `${API_ARN}/prod/*` }, other],
    });
  });

  it('keeps a single Statement object an object, and keeps conditions and Sids as sent', () => {
    const statement = allow('execute-api:/*', { Sid: 'vpc', Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-0123' } } });
    assert.deepEqual(normalize(JSON.stringify({ Version: '2012-10-17', Statement: statement })), {
      Version: '2012-10-17',
      Statement: { ...statement, Resource: `${API_ARN}/*` },
    });
  });

  it('stores compact JSON whatever the spacing sent', () => {
    const spaced = JSON.stringify(JSON.parse(policy(allow('execute-api:/*'))), null, 2);
    const stored = normalizePolicy(spaced, SCOPE, 'abc123defg');
    assert.equal(stored, JSON.stringify(JSON.parse(stored)));
    assert.ok(!/\s/.test(stored));
  });

  it('reads back the escaped form GetRestApi returns (clients echo it)', () => {
    const stored = normalizePolicy(policy(allow('execute-api:/*')), SCOPE, 'abc123defg');
    assert.equal(normalizePolicy(policyWireForm(stored), SCOPE, 'abc123defg'), stored);
  });

  it('refuses what is not a policy with AWS message', () => {
    for (const text of ['not json', '{}', '[]', policy(), policy({ Effect: 'Maybe', Principal: '*', Action: 'x', Resource: '*' }), policy({ Effect: 'Allow', Principal: { Nobody: 'x' }, Action: 'x', Resource: '*' })]) {
      expectError(() => normalizePolicy(text, SCOPE, 'abc123defg'), 'BadRequestException', INVALID);
    }
  });

  it(`refuses a policy longer than ${POLICY_MAX_LENGTH} characters before parsing it`, () => {
    const padded = policy(allow('execute-api:/*', { Sid: 'x'.repeat(POLICY_MAX_LENGTH) }));
    expectError(() => normalizePolicy(padded, SCOPE, 'abc123defg'), 'BadRequestException', 'Resource policy size exceeds the limit of 8192 characters');
    expectError(() => normalizePolicy('x'.repeat(POLICY_MAX_LENGTH + 1), SCOPE, 'abc123defg'), 'BadRequestException', 'Resource policy size exceeds the limit of 8192 characters');
    expectError(() => normalizePolicy('x'.repeat(POLICY_MAX_LENGTH), SCOPE, 'abc123defg'), 'BadRequestException', INVALID);
  });
});

describe('policyWireForm', () => {
  it('backslash-escapes every quote, slash and backslash of the stored JSON', () => {
    assert.equal(policyWireForm('{"a":"b/c"}'), '{\\"a\\":\\"b\\/c\\"}');
    assert.equal(policyWireForm('{"a":"x\\\\y"}'), '{\\"a\\":\\"x\\\\\\\\y\\"}');
  });
});
