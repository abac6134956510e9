import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { pino } from 'pino';
import * as reasons from '../gateway/request-log.js';
import type { RequestRecord } from '../gateway/request-log.js';
import { parsePolicyValue } from '../policy/document.js';
import { evaluatePolicy } from '../policy/evaluate.js';
import { requestKeys } from '../policy/request.js';
import { logRequest } from './execute-api.js';

const ARN = 'arn:aws:execute-api:us-east-1:000000000000:abcdef1234/test/GET/';
const POLICY = {
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: 'arn:aws:execute-api:us-east-1:000000000000:abcdef1234/*', Condition: { StringNotEquals: { 'aws:sourceVpce': 'vpce-0123' } } },
    { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'arn:aws:execute-api:us-east-1:000000000000:abcdef1234/*' },
  ],
};

function record(vpce: string): RequestRecord {
  const parsed = parsePolicyValue(POLICY);
  if (!parsed.ok) throw new Error(parsed.reason);
  const evaluation = evaluatePolicy(parsed.document, { principal: { kind: 'anonymous' }, action: 'execute-api:Invoke', resource: ARN, keys: requestKeys({ 'aws:SourceVpce': vpce }) });
  const allowed = evaluation.decision === 'Allow';
  const r: RequestRecord = { requestId: 'r-1', time: '2026-05-01T12:00:00.000Z', door: 'private', method: 'GET', host: 'abcdef1234.execute-api.us-east-1.amazonaws.com', url: '/test', sourceIp: '10.0.1.5', instanceId: 'i-1', vpceId: vpce, apiId: 'abcdef1234', stage: 'test', resourceArn: ARN, policies: [{ policy: 'resource', owner: 'abcdef1234', evaluation }], status: allowed ? 200 : 403, durationMs: 1 };
  if (!allowed) r.errorType = 'AccessDeniedException';
  return r;
}

/** The JSON lines a logger at `level` writes for the record. */
function logged(level: string, r: RequestRecord): Array<Record<string, unknown>> {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({ write: (chunk: Buffer, _enc, done) => (lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>), done()) });
  logRequest(pino({ level, base: undefined }, sink), r, reasons);
  return lines;
}

describe('the per-request log line', () => {
  it('a denied request says why, in one sentence', () => {
    const [line] = logged('info', record('vpce-9999'));
    assert.equal(line?.['status'], 403);
    assert.equal(line?.['errorType'], 'AccessDeniedException');
    assert.equal(line?.['decisions'], 'resource:ExplicitDeny');
    assert.equal(line?.['reason'], 'resource policy of abcdef1234: explicit deny by statement 0: aws:sourceVpce is vpce-9999: satisfies StringNotEquals [vpce-0123]');
  });
  it('an allowed request gets no sentence at info, and one at debug', () => {
    assert.equal('reason' in logged('info', record('vpce-0123'))[0]!, false);
    assert.equal(logged('debug', record('vpce-0123'))[0]?.['reason'], 'resource policy of abcdef1234: allowed by statement 1');
  });
  it('a policy that could not be read says Unreadable, not none, and why', () => {
    const r: RequestRecord = { ...record('vpce-9999'), policies: [{ policy: 'resource', owner: 'abcdef1234', evaluation: undefined, unreadable: 'Statement: Invalid input' }] };
    const [line] = logged('info', r);
    assert.equal(line?.['decisions'], 'resource:Unreadable');
    assert.match(String(line?.['reason']), /^resource policy of abcdef1234: the stored policy cannot be read \(Statement: Invalid input\)/);
  });
  it('nothing below info', () => {
    assert.deepEqual(logged('warn', record('vpce-9999')), []);
  });
});
