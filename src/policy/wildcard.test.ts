import assert from 'node:assert/strict';
import { test } from 'node:test';
import { literalText, wildcardMatch } from './wildcard.js';

test('wildcards', () => {
  assert.ok(wildcardMatch('*', ''));
  assert.ok(wildcardMatch('a*c', 'abbbc'));
  assert.ok(wildcardMatch('a?c', 'abc'));
  assert.ok(!wildcardMatch('a?c', 'abbc'));
  assert.ok(wildcardMatch('arn:aws:execute-api:us-east-1:1:api/*/GET/(x)', 'arn:aws:execute-api:us-east-1:1:api/test/GET/(x)'), 'regex characters are literal');
  assert.ok(!wildcardMatch('A*', 'abc'));
  assert.ok(wildcardMatch('A*', 'abc', true));
  assert.ok(wildcardMatch('line*', 'line1\nline2'), '* spans newlines');
});

test('escaped literals', () => {
  assert.ok(wildcardMatch('a\u0000*', 'a*'));
  assert.ok(!wildcardMatch('a\u0000*', 'ab'));
  assert.equal(literalText('a\u0000$b'), 'a$b');
});
