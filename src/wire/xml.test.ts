import assert from 'node:assert/strict';
import { test } from 'node:test';
import { element, escapeXml } from './xml.js';

test('escapeXml escapes the five XML specials', () => {
  assert.equal(escapeXml(`a&b<c>d"e'f`), 'a&amp;b&lt;c&gt;d&quot;e&apos;f');
  assert.equal(escapeXml('&amp;'), '&amp;amp;');
});

test('escapeXml keeps CR as a character reference, so parsers do not fold CR LF into LF', () => {
  assert.equal(escapeXml('a\r\nb\rc'), 'a&#xD;\nb&#xD;c');
});

test('escapeXml leaves other text alone', () => {
  assert.equal(escapeXml(''), '');
  assert.equal(escapeXml('plain text\twith tab\nand newline, ünïcödé, 💡'), 'plain text\twith tab\nand newline, ünïcödé, 💡');
});

test('element wraps already-escaped content', () => {
  assert.equal(element('Arn', escapeXml('a&b')), '<Arn>a&amp;b</Arn>');
  assert.equal(element('Tags', ''), '<Tags></Tags>');
  assert.equal(element('item', element('key', 'k')), '<item><key>k</key></item>');
});
