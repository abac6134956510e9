import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GatewayError } from '../gateway-error.js';
import { mockStatus } from './mock.js';

test('the statusCode of a MOCK request: JSON, lenient (as CDK writes it), empty means 200', () => {
  assert.equal(mockStatus('{"statusCode": 200}'), 200);
  assert.equal(mockStatus('\n{\n  "statusCode": 404\n}\n'), 404);
  assert.equal(mockStatus('{statusCode: 200}'), 200);
  assert.equal(mockStatus("{'statusCode': 201, other: x}"), 201);
  assert.equal(mockStatus('{"statusCode": -1}'), -1);
  assert.equal(mockStatus(''), 200);
  assert.equal(mockStatus('{"other": 1}'), 200);
});

test('a statusCode that is not an integer is a configuration error, in the words of AWS\'s log', () => {
  for (const output of ['{"statusCode": "200"}', '{statusCode: "200"}', '{"statusCode": 2.5}']) {
    assert.throws(() => mockStatus(output), (e: unknown) => e instanceof GatewayError && e.status === 500 && String(e.cause).includes('statusCode should be an integer which defined in request template'), output);
  }
});
