import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ServiceError } from '../shared/errors.js';
import { JsonProtocol } from './json-protocol.js';
import { loadServiceModel } from './model.js';
import { sdkRead, sdkRequest } from './test-support/aws-sdk-v2.js';
import type { WireRequest, WireResponse } from './types.js';

const ssm = new JsonProtocol(loadServiceModel('ssm-2014-11-06'));

function post(target: string | undefined, body: string): WireRequest {
  const headers: Record<string, string> = { 'content-type': 'application/x-amz-json-1.1' };
  if (target !== undefined) headers['x-amz-target'] = target;
  return { method: 'POST', path: '/', query: '', headers, body: Buffer.from(body) };
}

function parse(req: WireRequest): { operation: string; input: Record<string, unknown> } {
  const match = ssm.match(req);
  assert.ok(match, 'the request names an operation');
  return { operation: match.operation.name, input: ssm.parse(match, req) };
}

function operation(name: string) {
  const op = ssm.model.operations.get(name);
  assert.ok(op, name);
  return op;
}

const json = (r: WireResponse): unknown => JSON.parse(r.body.toString());

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

// ---- dispatch ----

test('X-Amz-Target names the operation: {targetPrefix}.{Operation}', () => {
  assert.equal(parse(post('AmazonSSM.GetParameter', '{"Name":"/a"}')).operation, 'GetParameter');
  assert.equal(parse(post('AmazonSSM.PutParameter', '{}')).operation, 'PutParameter');
});

test('no operation matches: another prefix, an unknown operation, no target, not a POST', () => {
  assert.equal(ssm.match(post('AmazonSSM.Nope', '{}')), undefined);
  assert.equal(ssm.match(post('Logs_20140328.GetParameter', '{}')), undefined);
  assert.equal(ssm.match(post(undefined, '{}')), undefined);
  assert.equal(ssm.match({ ...post('AmazonSSM.GetParameter', '{}'), method: 'GET' }), undefined);
});

test('an unknown operation is 400 UnknownOperationException with no message, as AWS sends it', () => {
  const error = ssm.unknownOperation(post('AmazonSSM.Nope', '{}'));
  assert.equal(error.code, 'UnknownOperationException');
  assert.equal(error.status, 400);
  assert.deepEqual(json(ssm.serializeError(error, 'r1')), { __type: 'UnknownOperationException' });
});

// ---- parse ----

test('the body is the input: member names, booleans, integers, lists of structures', () => {
  const { input } = parse(
    post(
      'AmazonSSM.GetParametersByPath',
      '{"Path":"/app","Recursive":true,"MaxResults":5,"ParameterFilters":[{"Key":"Type","Option":"Equals","Values":["String"]}],"WithDecryption":false}',
    ),
  );
  assert.deepEqual(input, { Path: '/app', Recursive: true, MaxResults: 5, ParameterFilters: [{ Key: 'Type', Option: 'Equals', Values: ['String'] }], WithDecryption: false });
});

test('an empty body and a JSON null are an empty input', () => {
  assert.deepEqual(parse(post('AmazonSSM.DescribeParameters', '')).input, {});
  assert.deepEqual(parse(post('AmazonSSM.DescribeParameters', 'null')).input, {});
});

test('bad JSON and a body that is not an object are SerializationExceptions', () => {
  assert.equal(serializationMessage(() => parse(post('AmazonSSM.GetParameter', '{"Name":'))), 'Unexpected character in JSON input');
  assert.equal(serializationMessage(() => parse(post('AmazonSSM.GetParameter', '["a"]'))), 'Start of structure or map found where not expected.');
  assert.equal(serializationMessage(() => parse(post('AmazonSSM.GetParameter', '"a"'))), 'Start of structure or map found where not expected.');
});

test('a wrong JSON type is Coral\'s SerializationException, in the json-codec words', () => {
  assert.equal(serializationMessage(() => parse(post('AmazonSSM.GetParameter', '{"Name":5}'))), 'class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to an String');
  assert.equal(serializationMessage(() => parse(post('AmazonSSM.GetParameters', '{"Names":"a"}'))), 'class java.lang.String can not be converted to an List');
});

// ---- serialize ----

test('an output is a JSON object with the json-1.1 content type and the request id', () => {
  const res = ssm.serialize(operation('PutParameter'), { Version: 3, Tier: 'Standard' }, 'req-1');
  assert.equal(res.status, 200);
  assert.deepEqual(res.headers, { 'x-amzn-RequestId': 'req-1', 'Content-Type': 'application/x-amz-json-1.1' });
  assert.deepEqual(json(res), { Version: 3, Tier: 'Standard' });
});

test('no output is `{}`', () => {
  assert.equal(ssm.serialize(operation('DeleteParameter'), undefined, 'r').body, '{}');
  assert.equal(ssm.serialize(operation('DeleteParameter'), {}, 'r').body, '{}');
});

test('timestamps are epoch seconds: a Date whole, a number as given (milliseconds kept)', () => {
  const res = ssm.serialize(operation('GetParameter'), { Parameter: { Name: 'a', LastModifiedDate: 1700000000.123 } }, 'r');
  assert.equal(res.body, '{"Parameter":{"Name":"a","LastModifiedDate":1700000000.123}}');
  const dated = ssm.serialize(operation('GetParameter'), { Parameter: { Name: 'a', LastModifiedDate: new Date(1700000000999) } }, 'r');
  assert.deepEqual(json(dated), { Parameter: { Name: 'a', LastModifiedDate: 1700000000 } });
});

test('an error is {"__type","message"} with its status, and no x-amzn-ErrorType header', () => {
  const res = ssm.serializeError(new ServiceError('ParameterAlreadyExists', 'The parameter already exists.', 400), 'req-2');
  assert.equal(res.status, 400);
  assert.deepEqual(res.headers, { 'x-amzn-RequestId': 'req-2', 'Content-Type': 'application/x-amz-json-1.1' });
  assert.equal(res.body, '{"__type":"ParameterAlreadyExists","message":"The parameter already exists."}');
});

test('an error with an empty message has no message key', () => {
  assert.equal(ssm.serializeError(new ServiceError('ParameterNotFound', '', 400), 'r').body, '{"__type":"ParameterNotFound"}');
});

// ---- a real client (the v2 SDK, offline) ----

test('the v2 SDK\'s request for GetParameter parses back to its input', async () => {
  const req = await sdkRequest('ssm', 'GetParameter', { Name: '/app/db', WithDecryption: true });
  assert.equal(req.headers['x-amz-target'], 'AmazonSSM.GetParameter');
  assert.equal(req.headers['content-type'], 'application/x-amz-json-1.1');
  assert.deepEqual(parse(req), { operation: 'GetParameter', input: { Name: '/app/db', WithDecryption: true } });
});

test('the v2 SDK reads an output, its timestamps as dates', async () => {
  const res = ssm.serialize(operation('GetParameter'), { Parameter: { Name: '/a', Type: 'String', Value: 'v', Version: 2, LastModifiedDate: 1700000000.5 } }, 'req-3');
  const read = await sdkRead('ssm', 'GetParameter', res);
  assert.ok(read.ok);
  const parameter = read.data['Parameter'] as { Name: string; Version: number; LastModifiedDate: Date };
  assert.equal(parameter.Name, '/a');
  assert.equal(parameter.Version, 2);
  assert.equal(parameter.LastModifiedDate.getTime(), 1700000000500);
  assert.equal(read.requestId, 'req-3');
});

test('the v2 SDK reads an error\'s code, message and request id', async () => {
  const read = await sdkRead('ssm', 'PutParameter', ssm.serializeError(new ServiceError('ParameterAlreadyExists', 'exists', 400), 'req-4'));
  assert.deepEqual(read, { ok: false, code: 'ParameterAlreadyExists', message: 'exists', requestId: 'req-4' });
});
