import assert from 'node:assert/strict';
import { test } from 'node:test';
import { evaluateJsonPath } from './jsonpath.js';
import { isJsonList, VtlError } from './values.js';

const doc = {
  pets: [
    { id: 1, type: 'dog', price: 249.99 },
    { id: 2, type: 'cat', price: 124.99 },
    { id: 3, type: 'fish', price: 0.99 },
  ],
  petstore: { pets: [{ name: 'rex' }] },
  'odd key': { 'a.b': 'x' },
};

test('definite paths give one value, or undefined when they lead nowhere', () => {
  assert.equal(evaluateJsonPath(doc, '$'), doc);
  assert.equal(evaluateJsonPath(doc, '$.pets'), doc.pets);
  assert.equal(evaluateJsonPath(doc, '$.pets[0].type'), 'dog');
  assert.equal(evaluateJsonPath(doc, '$.pets[-1].type'), 'fish');
  assert.equal(evaluateJsonPath(doc, "$['odd key']['a.b']"), 'x');
  assert.equal(evaluateJsonPath(doc, 'petstore.pets[0].name'), 'rex'); // no `$`: read as `$.`
  assert.equal(evaluateJsonPath(doc, '$.nope'), undefined);
  assert.equal(evaluateJsonPath(doc, '$.pets[7]'), undefined);
  assert.equal(evaluateJsonPath(doc, '$.pets.type'), undefined);
});

test('wildcards, deep scans, slices and index lists give JSON lists', () => {
  const types = evaluateJsonPath(doc, '$.pets[*].type');
  assert.deepEqual(types, ['dog', 'cat', 'fish']);
  assert.equal(isJsonList(types), true);
  assert.deepEqual(evaluateJsonPath(doc, '$..name'), ['rex']);
  assert.deepEqual(evaluateJsonPath(doc, '$.pets[0:2].id'), [1, 2]);
  assert.deepEqual(evaluateJsonPath(doc, '$.pets[-2:].id'), [2, 3]);
  assert.deepEqual(evaluateJsonPath(doc, '$.pets[0,2].id'), [1, 3]);
  assert.deepEqual(evaluateJsonPath(doc, '$.nope[*]'), []);
});

test('filters are not supported; malformed paths are errors', () => {
  assert.throws(() => evaluateJsonPath(doc, '$.pets[?(@.price < 10)]'), VtlError);
  assert.throws(() => evaluateJsonPath(doc, '$.pets['), VtlError);
  assert.throws(() => evaluateJsonPath(doc, '$.pets[x]'), VtlError);
});
