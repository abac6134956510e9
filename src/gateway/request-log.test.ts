import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parsePolicyValue } from '../policy/document.js';
import { evaluatePolicy } from '../policy/evaluate.js';
import { requestKeys } from '../policy/request.js';
import { decisionReason, denyingPolicy, explainedRecord, RequestLog, type RequestRecord } from './request-log.js';

const ARN = 'arn:aws:execute-api:us-east-1:111122223333:abcdef1234/test/GET/pets';

function evaluation(policy: unknown, keys: Record<string, string>) {
  const parsed = parsePolicyValue(policy);
  if (!parsed.ok) throw new Error(parsed.reason);
  return evaluatePolicy(parsed.document, { principal: { kind: 'anonymous' }, action: 'execute-api:Invoke', resource: ARN, keys: requestKeys(keys) });
}

const FULL_ACCESS = { Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }] };
const TUTORIAL = {
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: 'arn:aws:execute-api:us-east-1:111122223333:abcdef1234/*', Condition: { StringNotEquals: { 'aws:sourceVpce': 'vpce-0123' } } },
    { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'arn:aws:execute-api:us-east-1:111122223333:abcdef1234/*' },
  ],
};

function record(vpce: string, overrides: Partial<RequestRecord> = {}): RequestRecord {
  const keys = { 'aws:SourceVpce': vpce };
  return {
    requestId: 'r-1',
    time: '2026-05-01T12:00:00.000Z',
    door: 'private',
    method: 'GET',
    host: 'abcdef1234.execute-api.us-east-1.amazonaws.com',
    url: '/test/pets',
    sourceIp: '10.0.1.5',
    vpceId: vpce,
    apiId: 'abcdef1234',
    resourceArn: ARN,
    policies: [
      { policy: 'vpc-endpoint', owner: vpce, evaluation: evaluation(FULL_ACCESS, keys) },
      { policy: 'resource', owner: 'abcdef1234', evaluation: evaluation(TUTORIAL, keys) },
    ],
    status: 403,
    errorType: 'AccessDeniedException',
    durationMs: 1,
    ...overrides,
  };
}

describe('the decision in one sentence', () => {
  it('a denial names the policy that refused, the deciding statement and its condition', () => {
    const denied = record('vpce-9999');
    assert.equal(denyingPolicy(denied)?.policy, 'resource');
    assert.equal(decisionReason(denied), 'resource policy of abcdef1234: explicit deny by statement 0: aws:sourceVpce is vpce-9999: satisfies StringNotEquals [vpce-0123]');
  });
  it('an allowed request names the allowing statement of each policy', () => {
    const allowed = record('vpce-0123', { status: 200 });
    assert.equal(denyingPolicy(allowed), undefined);
    assert.equal(decisionReason(allowed), 'VPC endpoint policy of vpce-0123: allowed by statement 0; resource policy of abcdef1234: allowed by statement 1');
  });
  it('a private API without a resource policy denies; a public one is open; no policy at all says nothing', () => {
    const none = record('vpce-0123', { policies: [{ policy: 'resource', owner: 'abcdef1234', evaluation: undefined }] });
    assert.equal(decisionReason(none), 'resource policy of abcdef1234: there is none, and a private API without one denies every request (implicit deny)');
    assert.equal(denyingPolicy({ ...none, door: 'public' }), undefined);
    assert.equal(decisionReason(record('vpce-0123', { policies: [] })), undefined);
  });
});

describe('explainedRecord', () => {
  it('keeps the evaluation beside its sentences, and the reason', () => {
    const explained = explainedRecord(record('vpce-9999'));
    assert.equal(explained.reason, decisionReason(record('vpce-9999')));
    const resource = explained.policies[1]!;
    assert.deepEqual([resource.policy, resource.decision, resource.explanation[0]], ['resource', 'ExplicitDeny', 'Denied by statement 0 (Deny).']);
    assert.equal(resource.evaluation?.statements[0]?.conditions[0]?.requestValue, 'vpce-9999');
    // It is what GET /_gatehouse/requests/{id} sends: it must survive JSON.
    assert.deepEqual(JSON.parse(JSON.stringify(explained)).policies[1].evaluation.statements[0].conditions[0].values, ['vpce-0123']);
  });
  it('says when there was no policy', () => {
    const explained = explainedRecord(record('vpce-0123', { policies: [{ policy: 'resource', owner: 'abcdef1234', evaluation: undefined }] }));
    assert.deepEqual(explained.policies[0], { policy: 'resource', owner: 'abcdef1234', decision: 'NoPolicy', explanation: ['The deployed API has no resource policy.'] });
  });
});

describe('RequestLog', () => {
  it('keeps the newest records up to its capacity, oldest first', () => {
    const log = new RequestLog({ capacity: 2 });
    for (const id of ['a', 'b', 'c']) log.add(record('vpce-0123', { requestId: id }));
    assert.deepEqual(log.recent().map((r) => r.requestId), ['b', 'c']);
    assert.equal(log.get('a'), undefined);
    assert.deepEqual(log.recent(5, (r) => r.requestId !== 'b').map((r) => r.requestId), ['c']);
  });

  const call = (event: string, log?: string) => ({ functionArn: 'arn:aws:lambda:us-east-1:111122223333:function:f', event, ...(log === undefined ? {} : { log }) });

  it('keeps a Lambda event and log up to a length, and says what it cut', () => {
    const log = new RequestLog({ maxLambdaText: 5 });
    log.add(record('vpce-0123', { requestId: 'a', lambda: call('{"a":12345}', 'START') }));
    assert.deepEqual(log.get('a')?.lambda, { functionArn: call('').functionArn, event: '{"a":\n… (6 more characters not kept by Gatehouse)', log: 'START' });
  });

  it('drops the oldest Lambda calls first once their total passes the budget; the requests stay', () => {
    const log = new RequestLog({ capacity: 10, lambdaBudget: 25 });
    for (const id of ['a', 'b', 'c']) log.add(record('vpce-0123', { requestId: id, lambda: call('0123456789') }));
    assert.deepEqual(log.recent().map((r) => [r.requestId, r.lambda?.event]), [['a', undefined], ['b', '0123456789'], ['c', '0123456789']]);
  });

  it('counts a request that leaves the log out of the budget with its Lambda call', () => {
    const log = new RequestLog({ capacity: 2, lambdaBudget: 25 });
    for (const id of ['a', 'b', 'c']) log.add(record('vpce-0123', { requestId: id, lambda: call('0123456789') }));
    assert.deepEqual(log.recent().map((r) => [r.requestId, r.lambda?.event]), [['b', '0123456789'], ['c', '0123456789']]);
  });
});
