import assert from 'node:assert/strict';
import { test } from 'node:test';
import { escapeJavaScript, urlDecode, urlEncode, VtlUtil } from './util.js';
import { VtlError } from './values.js';

test('escapeJavaScript: quotes (single too), backslash, slash, controls, non-ASCII as \\uXXXX (Commons Lang)', () => {
  assert.equal(escapeJavaScript(`it's "x" \\ a/b`), `it\\'s \\"x\\" \\\\ a\\/b`);
  assert.equal(escapeJavaScript('a\nb\tc\rd\fe\bf\u0001'), 'a\\nb\\tc\\rd\\fe\\bf\\u0001');
  assert.equal(escapeJavaScript('é€😀'), '\\u00E9\\u20AC\\uD83D\\uDE00');
  // The developer guide's advice for JSON: turn the escaped single quotes back (see template.test.ts).
});

test('urlEncode / urlDecode are Java form encoding (recorded: test_input_body_formatting)', () => {
  assert.equal(urlEncode('{"some": "value"}'), '%7B%22some%22%3A+%22value%22%7D');
  assert.equal(urlEncode('some raw data'), 'some+raw+data');
  assert.equal(urlEncode("a.b-c*d_e!f'g(h)i~j"), "a.b-c*d_e%21f%27g%28h%29i%7Ej");
  assert.equal(urlEncode('é/'), '%C3%A9%2F');
  assert.equal(urlDecode('a+b%21%C3%A9'), 'a b!é');
  assert.throws(() => urlDecode('%zz'), VtlError);
});

test('base64 over UTF-8, parseJson to walkable values', () => {
  const util = new VtlUtil();
  assert.equal(util.base64Encode('héllo'), 'aMOpbGxv');
  assert.equal(util.base64Decode('aMOpbGxv'), 'héllo');
  assert.deepEqual(util.parseJson('{"key1":"var1","key2":{"arr":[1,2,3]}}'), { key1: 'var1', key2: { arr: [1, 2, 3] } });
  assert.throws(() => util.parseJson('{nope'), VtlError);
  // Missing arguments print as nothing, as nulls do.
  assert.equal(util.escapeJavaScript(undefined), '');
});
