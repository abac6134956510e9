import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ResourceFailure } from './errors.js';
import { bool, int, list, map, obj, parseProperties, str, tagDiff, tagList } from './schema.js';

const SHAPE = obj({ Name: str, Port: int, Enabled: bool, Codes: list(str), Tags: tagList, Env: map(str) }, ['Name'], ['UserData']);

test('scalars are converted as CloudFormation converts them', () => {
  const p = parseProperties<Record<string, unknown>>('Thing', { Name: 'x', Port: '443', Enabled: 'True', Codes: [200, true], UserData: 'ignored' }, SHAPE);
  assert.deepEqual(p, { Name: 'x', Port: 443, Enabled: true, Codes: ['200', 'true'] });
});

test("violations fail with AWS's words, every one of them", () => {
  assert.throws(() => parseProperties('Thing', { Port: 1 }, SHAPE), (e: unknown) => e instanceof ResourceFailure && e.message === 'Properties validation failed for resource Thing with message: #: required key [Name] not found');
  assert.throws(() => parseProperties('Thing', { Name: { a: 1 } }, SHAPE), { message: 'Properties validation failed for resource Thing with message: #/Name: expected type: String, found: JSONObject' });
  assert.throws(() => parseProperties('Thing', { Name: 'x', Port: '44x3' }, SHAPE), { message: 'Properties validation failed for resource Thing with message: #/Port: expected type: Integer, found: String' });
  assert.throws(() => parseProperties('Thing', { Name: 'x', Tags: [{ Key: 'k' }] }, SHAPE), { message: 'Properties validation failed for resource Thing with message: #/Tags/0: required key [Value] not found' });
  assert.throws(
    () => parseProperties('Thing', { Name: 'x', Colour: 'red', Enabled: 'maybe' }, SHAPE),
    { message: 'Properties validation failed for resource Thing with message: #: 2 schema violations found, #: extraneous key [Colour] is not permitted, #/Enabled: expected type: Boolean, found: String' },
  );
});

test('tag changes: keys set or changed, keys removed', () => {
  assert.deepEqual(tagDiff({ a: '1', b: '2' }, { b: '3', c: '4' }), { set: { b: '3', c: '4' }, removed: ['a'] });
  assert.deepEqual(tagDiff(undefined, undefined), { set: {}, removed: [] });
});
