import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Integration } from '../../domain/apigateway.js';
import { compileIntegration, selectResponse } from './compiled.js';

const integration = (responses: Record<string, { selectionPattern?: string }>): Integration => ({
  type: 'HTTP',
  passthroughBehavior: 'WHEN_NO_MATCH',
  timeoutInMillis: 29000,
  cacheNamespace: 'r',
  cacheKeyParameters: [],
  integrationResponses: Object.fromEntries(Object.entries(responses).map(([statusCode, r]) => [statusCode, { statusCode, ...r }])),
});

const chosen = (i: Integration, subject: string, status?: string): string | undefined => selectResponse(compileIntegration(i).responses, subject, status)?.response.statusCode;

test('selectionPattern matches the whole subject; the default response has none (or an empty one)', () => {
  const i = integration({ '200': {}, '400': { selectionPattern: '4\\d{2}' }, '500': { selectionPattern: '5\\d{2}' } });
  assert.equal(chosen(i, '404', '404'), '400');
  assert.equal(chosen(i, '503', '503'), '500');
  assert.equal(chosen(i, '201', '201'), '200');
  assert.equal(chosen(i, '4040', '4040'), '200', 'a partial match is no match');
  assert.equal(chosen(integration({ '200': { selectionPattern: '' } }), '302'), '200');
  assert.equal(chosen(integration({ '400': { selectionPattern: '4\\d{2}' } }), '200', '200'), undefined, 'no match and no default');
});

test('Lambda errors: the pattern against errorMessage; .* also matches a success (the guide: it resets the default)', () => {
  const i = integration({ '200': {}, '405': { selectionPattern: '.*400.*' }, '502': { selectionPattern: '.*5\\d\\d.*' } });
  assert.equal(chosen(i, 'Error: Raising four hundred 400 from within'), '405');
  assert.equal(chosen(i, 'Error: 500 from within'), '502');
  assert.equal(chosen(i, ''), '200');
  assert.equal(chosen(integration({ '200': {}, '400': { selectionPattern: '.*' } }), ''), '400');
  assert.equal(chosen(i, 'line one\n400 on line two'), '200', '. does not cross a newline (the guide warns about it)');
});

test('several matches: the one whose status code is the backend status wins; a bad regex never matches', () => {
  const i = integration({ '200': {}, '201': { selectionPattern: '2\\d{2}' }, '202': { selectionPattern: '20\\d' } });
  assert.equal(chosen(i, '202', '202'), '202');
  assert.equal(chosen(i, '203', '203'), '201');
  assert.equal(chosen(integration({ '200': {}, '400': { selectionPattern: '4(' } }), '4(', '400'), '200');
});
