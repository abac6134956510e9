import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareKeys, prefixEnd } from './key-order.js';

test('keys compare as UTF-8 bytes: U+E000 before U+1F642, unlike UTF-16 code units', () => {
  assert.ok(compareKeys('\uE000', '\u{1F642}') < 0);
  assert.ok('\uE000' > '\u{1F642}', 'JavaScript orders them the other way');
  assert.equal(compareKeys('a', 'a'), 0);
  assert.ok(compareKeys('a/', 'a0') < 0);
});

test('prefixEnd is the least string after every string with the prefix', () => {
  assert.equal(prefixEnd('photos/'), 'photos0');
  assert.equal(prefixEnd('a\u{10FFFF}'), 'b');
  assert.equal(prefixEnd('\uD7FF'), '\uE000');
  assert.equal(prefixEnd(''), undefined);
  assert.equal(prefixEnd('\u{10FFFF}'), undefined);
});
