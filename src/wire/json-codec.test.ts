import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ServiceError } from '../shared/errors.js';
import { readJson, readStructure, writeJson, writeStructure } from './json-codec.js';
import { loadServiceModel, type Member, type Shape, type ShapeType } from './model.js';

const apigateway = loadServiceModel('apigateway-2015-07-09');

function inputOf(name: string): Shape {
  const shape = apigateway.operations.get(name)?.input;
  assert.ok(shape, name);
  return shape;
}

function outputOf(name: string): Shape {
  const shape = apigateway.operations.get(name)?.output;
  assert.ok(shape, name);
  return shape;
}

/** A hand-made shape, for cases the models do not have (jsonvalue members). */
function shape(type: ShapeType, members: Member[] = []): Shape {
  return { type, members: new Map(members.map((m) => [m.name, m])), required: [], flattened: false, jsonvalue: false };
}

function member(name: string, s: Shape, extra: Partial<Member> = {}): Member {
  return { name, shape: s, flattened: false, jsonvalue: false, xmlAttribute: false, ...extra };
}

const STRING = shape('string');

function serializationMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof ServiceError, String(e));
    assert.equal(e.code, 'SerializationException');
    assert.equal(e.status, 400);
    return e.message;
  }
  assert.fail('expected a SerializationException');
}

// ---- reading: Coral's type checks ----

test('a wrong JSON type where a String belongs names the Java class Coral saw', () => {
  assert.equal(serializationMessage(() => readJson(STRING, true)), 'class java.lang.Boolean can not be converted to an String');
  assert.equal(serializationMessage(() => readJson(STRING, 123)), 'class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to an String');
  assert.equal(serializationMessage(() => readJson(STRING, 1.5)), 'class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to an String');
  assert.equal(serializationMessage(() => readJson(STRING, ['a'])), 'class java.util.ArrayList can not be converted to an String');
  assert.equal(serializationMessage(() => readJson(STRING, { a: 1 })), 'class java.util.LinkedHashMap can not be converted to an String');
});

test('wrong types for the other shapes', () => {
  const create = inputOf('CreateRestApi');
  const m = (name: string): Shape => create.members.get(name)!.shape;
  assert.equal(serializationMessage(() => readJson(m('disableExecuteApiEndpoint'), 1)), 'class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to an Boolean');
  assert.equal(serializationMessage(() => readJson(m('minimumCompressionSize'), true)), 'class java.lang.Boolean can not be converted to an Integer');
  assert.equal(serializationMessage(() => readJson(m('binaryMediaTypes'), 'image/png')), 'class java.lang.String can not be converted to an List');
  assert.equal(serializationMessage(() => readJson(m('tags'), ['a'])), 'class java.util.ArrayList can not be converted to an Map');
  assert.equal(serializationMessage(() => readJson(m('endpointConfiguration'), 'PRIVATE')), 'class java.lang.String can not be converted to an Structure');
  assert.equal(serializationMessage(() => readJson(m('endpointConfiguration'), [])), 'class java.util.ArrayList can not be converted to an Structure');
});

test('a wrong type deep inside is still found', () => {
  const create = inputOf('CreateRestApi');
  assert.equal(
    serializationMessage(() => readStructure(create, { name: 'n', endpointConfiguration: { types: ['PRIVATE', false] } }, undefined)),
    'class java.lang.Boolean can not be converted to an String',
  );
  assert.equal(serializationMessage(() => readStructure(create, { name: 'n', tags: { a: 7 } }, undefined)), 'class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to an String');
});

test('booleans and numbers are read from their string forms', () => {
  const create = inputOf('CreateRestApi');
  const bool = create.members.get('disableExecuteApiEndpoint')!.shape;
  const int = create.members.get('minimumCompressionSize')!.shape;
  assert.equal(readJson(bool, true), true);
  assert.equal(readJson(bool, 'true'), true);
  assert.equal(readJson(bool, 'false'), false);
  assert.equal(serializationMessage(() => readJson(bool, 'yes')), 'class java.lang.String can not be converted to an Boolean');
  assert.equal(readJson(int, 42), 42);
  assert.equal(readJson(int, '42'), 42);
  // Not a number: the service's range check rejects NaN with AWS's validation message.
  assert.ok(Number.isNaN(readJson(int, 'abc')));
  assert.ok(Number.isNaN(readJson(int, ' ')));
});

test('timestamps read from epoch seconds or ISO 8601, blobs from base64', () => {
  const ts = shape('timestamp');
  assert.deepEqual(readJson(ts, 1714564800), new Date('2024-05-01T12:00:00Z'));
  assert.deepEqual(readJson(ts, 1714564800.5), new Date('2024-05-01T12:00:00.500Z'));
  assert.deepEqual(readJson(ts, '2024-05-01T12:00:00Z'), new Date('2024-05-01T12:00:00Z'));
  assert.deepEqual(readJson(shape('blob'), Buffer.from('hi\0').toString('base64')), Buffer.from('hi\0'));
});

test('null is absent in lists and structures, and kept as a map value (AWS echoes {"application/json": null})', () => {
  const create = inputOf('CreateRestApi');
  assert.equal(readJson(STRING, null), undefined);
  assert.deepEqual(readStructure(create, { name: 'n', description: null, binaryMediaTypes: [null, 'a', null], tags: { a: null, b: 'c' } }, undefined), {
    name: 'n',
    binaryMediaTypes: ['a'],
    tags: { a: null, b: 'c' },
  });
});

test('readStructure reads wire names and can be limited to some members', () => {
  const put = inputOf('PutIntegration');
  const body = { httpMethod: 'POST', type: 'HTTP', uri: 'http://x' };
  assert.deepEqual(readStructure(put, body, (m) => m.location === undefined), { integrationHttpMethod: 'POST', type: 'HTTP', uri: 'http://x' });
  // Without the filter, the uri member `httpMethod` (wire name http_method) does not read the body key either.
  assert.deepEqual(readStructure(put, body, undefined), { integrationHttpMethod: 'POST', type: 'HTTP', uri: 'http://x' });
});

test('keys the model does not know pass through, but never as a prototype', () => {
  const create = inputOf('CreateRestApi');
  const json = JSON.parse('{"name":"n","newer":{"x":[1]},"__proto__":{"policy":"sneaky"},"endpointConfiguration":{"__proto__":{"types":["EDGE"]}}}') as Record<string, unknown>;
  const out = readStructure(create, json, undefined);
  assert.equal(out['policy'], undefined);
  assert.equal((out['endpointConfiguration'] as Record<string, unknown>)['types'], undefined);
  assert.equal(Object.getPrototypeOf(out), Object.prototype);
  assert.deepEqual(out, { name: 'n', newer: { x: [1] }, endpointConfiguration: {} });
});

test('a jsonvalue member is read from a JSON string, and a bad one is a SerializationException', () => {
  const s = shape('structure', [member('doc', STRING, { jsonvalue: true, locationName: 'Document' })]);
  assert.deepEqual(readStructure(s, { Document: '{"a":[1,2]}' }, undefined), { doc: { a: [1, 2] } });
  assert.equal(serializationMessage(() => readStructure(s, { Document: '{' }, undefined)), 'Invalid JSON value');
  assert.deepEqual(writeStructure(s, { doc: { a: [1, 2] } }, undefined), { Document: '{"a":[1,2]}' });
});

// ---- writing ----

test('writeStructure writes wire names at every depth', () => {
  const out = writeStructure(outputOf('GetRestApis'), { position: 'p', items: [{ id: 'a', createdDate: new Date('2024-05-01T12:00:00.999Z'), endpointConfiguration: { types: ['PRIVATE'] } }] }, undefined);
  assert.deepEqual(out, { position: 'p', item: [{ id: 'a', createdDate: 1714564800, endpointConfiguration: { types: ['PRIVATE'] } }] });
});

test('writeJson: timestamps as whole epoch seconds, blobs as base64, maps and lists as JSON', () => {
  assert.equal(writeJson(shape('timestamp'), new Date('1970-01-01T00:00:01.999Z')), 1);
  assert.equal(writeJson(shape('blob'), Buffer.from([0, 255])), 'AP8=');
  assert.equal(writeJson(shape('blob'), 'already-base64'), 'already-base64');
  const resources = outputOf('GetResources');
  const out = writeStructure(resources, { items: [{ id: 'r', path: '/', resourceMethods: { GET: { httpMethod: 'GET', methodIntegration: { type: 'MOCK', integrationResponses: { '200': { statusCode: '200' } } } } } }] }, undefined);
  assert.deepEqual(out, { item: [{ id: 'r', path: '/', resourceMethods: { GET: { httpMethod: 'GET', methodIntegration: { type: 'MOCK', integrationResponses: { '200': { statusCode: '200' } } } } } }] });
});

test('writing leaves out undefined and null members and map entries', () => {
  const out = writeStructure(outputOf('GetRestApi'), { id: 'a', name: null, description: undefined, tags: { a: 'b', c: undefined } }, undefined);
  assert.deepEqual(out, { id: 'a', tags: { a: 'b' } });
});
