import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GatewayError } from './gateway-error.js';
import { readProxyResponse } from './lambda-proxy-response.js';

const read = (value: unknown, binary = false) => readProxyResponse(typeof value === 'string' ? value : JSON.stringify(value), binary);
const is502 = (value: unknown): boolean => {
  try {
    read(value);
    return false;
  } catch (e) {
    return e instanceof GatewayError && e.status === 502 && e.body === '{"message": "Internal server error"}' && e.errorType === 'InternalServerErrorException';
  }
};

// Each case is a row of AWS's recorded test_aws_proxy_response_payload_format_validation.
test('accepted answers', () => {
  assert.deepEqual(read({ statusCode: 200 }), { statusCode: 200, headers: [], body: Buffer.alloc(0) });
  assert.deepEqual(read({ statusCode: 200, headers: { 'test-header': 'value', 'header-bool': true } }).headers, [['test-header', ['value']], ['header-bool', ['true']]]);
  assert.equal(read({ statusCode: 200, headers: null }).statusCode, 200);
  assert.equal(read({ statusCode: '201' }).statusCode, 201);
  assert.equal(read({ headers: { 'test-header': 'value' } }).statusCode, 200);
  assert.deepEqual(read({ statusCode: 200, multiValueHeaders: { 'test-multi': ['value1', 'value2'] } }).headers, [['test-multi', ['value1', 'value2']]]);
  assert.deepEqual(read({ statusCode: 200, multiValueHeaders: { 'test-multi': ['value-multi'] }, headers: { 'test-multi': 'value-solo' } }).headers, [['test-multi', ['value-multi', 'value-solo']]]);
  assert.deepEqual(read({ statusCode: 200, multiValueHeaders: { 'tesT-Multi': ['value-multi'] }, headers: { 'test-multi': 'value-solo' } }).headers, [['tesT-Multi', ['value-multi', 'value-solo']]]);
});

test('a base64 body is decoded only when the request accepts a binary media type', () => {
  assert.equal(read({ statusCode: 200, body: 'dGVzdC1kYXRh', isBase64Encoded: true }).body.toString(), 'dGVzdC1kYXRh');
  assert.equal(read({ statusCode: 200, body: 'dGVzdC1kYXRh', isBase64Encoded: true }, true).body.toString(), 'test-data');
  assert.equal(read({ statusCode: 200, body: 'Hello from Lambda!' }).body.toString(), 'Hello from Lambda!');
});

test('malformed answers are 502 Internal server error', () => {
  for (const value of [{ statusCode: 200, wrongValue: 'value' }, {}, '"justAString"', { statusCode: 'test' }, { statusCode: 200, multiValueHeaders: { x: 'value1' } }, 'not json', '[1]']) {
    assert.ok(is502(value), JSON.stringify(value));
  }
});
