/** Method and method response handlers called directly: put/get/update/delete and AWS's refusals. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  deleteMethod, deleteMethodResponse, getMethod, getMethodResponse, putMethod, putMethodResponse, updateMethod, updateMethodResponse,
} from './methods.js';
import { getResource } from './resources.js';
import { call, expectError, methodKey, ops, STATUS_CODE_CLAUSE, testContext } from './test-context.js';

const BAD_AUTHORIZER = 'Invalid authorizer ID specified. Setting the authorization type to CUSTOM or COGNITO_USER_POOLS requires a valid authorizer.';
const mappingError = (expression: string): string =>
  `Invalid mapping expression specified: Validation Result: warnings : [], errors : [Invalid mapping expression specified: ${expression}]`;

function setup() {
  const ctx = testContext();
  const key = methodKey(ctx);
  const put = (input: Record<string, unknown> = {}) => call(ctx, putMethod, { ...key, authorizationType: 'NONE', ...input });
  const update = (...triples: Array<[string, string, string?]>) => call(ctx, updateMethod, { ...key, patchOperations: ops(...triples) });
  const get = () => call(ctx, getMethod, key);
  return { ctx, key, put, update, get };
}

describe('PutMethod, GetMethod, DeleteMethod', () => {
  it('puts a method (answering it without responses or integration), gets it whole, deletes it', () => {
    const { ctx, key, put, get } = setup();
    const method = put({ authorizationType: 'aws_iam', apiKeyRequired: true, operationName: 'ListPets', requestParameters: { 'method.request.querystring.page': false }, requestModels: { 'application/json': 'Empty' } });
    const expected = {
      httpMethod: 'GET', authorizationType: 'AWS_IAM', apiKeyRequired: true, operationName: 'ListPets',
      requestParameters: { 'method.request.querystring.page': false }, requestModels: { 'application/json': 'Empty' },
    };
    assert.deepEqual(method, expected);
    call(ctx, putMethodResponse, { ...key, statusCode: '200' });
    assert.deepEqual(get(), { ...expected, methodResponses: { '200': { statusCode: '200' } } });
    assert.deepEqual(put({ ...key, httpMethod: 'ANY' }), { httpMethod: 'ANY', authorizationType: 'NONE', apiKeyRequired: false });
    call(ctx, deleteMethod, key);
    expectError(get, 'NotFoundException', 'Invalid Method identifier specified');
    call(ctx, deleteMethod, { ...key, httpMethod: 'ANY' });
    assert.equal('resourceMethods' in call(ctx, getResource, { restApiId: key.restApiId, resourceId: key.resourceId }), false, 'no methods left is no map');
  });

  it("refuses what AWS refuses, with AWS's messages", () => {
    const { ctx, put, key } = setup();
    expectError(() => call(ctx, putMethod, key), 'ValidationException', "1 validation error detected: Value null at 'putMethodInput.authorizationType' failed to satisfy constraint: Member must not be null");
    expectError(() => put({ httpMethod: 'FETCH' }), 'BadRequestException', 'Invalid HttpMethod specified. Valid options are GET,PUT,POST,DELETE,PATCH,OPTIONS,HEAD,ANY');
    expectError(() => put({ authorizationType: 'MAGIC' }), 'BadRequestException', 'Invalid authorization type specified. Valid options are NONE,AWS_IAM,CUSTOM,COGNITO_USER_POOLS');
    expectError(() => put({ authorizationType: 'CUSTOM', authorizerId: 'abc' }), 'BadRequestException', BAD_AUTHORIZER);
    expectError(() => put({ authorizationType: 'COGNITO_USER_POOLS' }), 'BadRequestException', BAD_AUTHORIZER);
    expectError(() => put({ requestValidatorId: 'v1' }), 'BadRequestException', 'Invalid Request Validator identifier specified');
    expectError(() => put({ requestModels: { 'application/json': 'petModel' } }), 'BadRequestException', 'Invalid model identifier specified: petModel');
    expectError(() => put({ requestParameters: { 'method.request.body.x': true } }), 'BadRequestException', mappingError('method.request.body.x'));
    expectError(() => put({ requestParameters: { 'method.request.querystring.id': true, 'method.request.header.id': false } }), 'BadRequestException', 'Parameter names must be unique across querystring, header and path');
    expectError(() => call(ctx, putMethod, { ...key, resourceId: 'nope', authorizationType: 'NONE' }), 'NotFoundException', 'Invalid Resource identifier specified');
    put();
    expectError(() => put(), 'ConflictException', 'Method already exists for this resource');
  });

  it('multi-value parameters may share a name with a single-value one', () => {
    const { put } = setup();
    const params = { 'method.request.querystring.id': true, 'method.request.multivaluequerystring.id': false, 'method.request.path.petId': true };
    assert.deepEqual(put({ requestParameters: params })['requestParameters'], params);
  });
});

describe('UpdateMethod', () => {
  it('patches scalars, parameters and models (~1 for /); emptied maps disappear', () => {
    const { put, update } = setup();
    put();
    const patched = update(
      ['replace', '/authorizationType', 'aws_iam'], ['replace', '/apiKeyRequired', 'true'], ['replace', '/operationName', 'Get'],
      ['add', '/requestParameters/method.request.header.x-id', 'true'], ['add', '/requestModels/application~1json', 'Error'],
      ['add', '/authorizationScopes', 'read'], ['add', '/authorizationScopes', 'read'],
    );
    assert.deepEqual(patched, {
      httpMethod: 'GET', authorizationType: 'AWS_IAM', apiKeyRequired: true, operationName: 'Get',
      requestParameters: { 'method.request.header.x-id': true }, requestModels: { 'application/json': 'Error' }, authorizationScopes: ['read'],
    });
    const cleared = update(
      ['replace', '/operationName', ''], ['remove', '/requestParameters/method.request.header.x-id'], ['remove', '/requestModels/application~1json'],
      ['remove', '/authorizationScopes', 'read'], ['replace', '/authorizerId', 'abc'],
    );
    assert.deepEqual(cleared, { httpMethod: 'GET', authorizationType: 'AWS_IAM', apiKeyRequired: true }, 'an authorizer id without CUSTOM authorization is dropped');
  });

  it("refuses bad paths, operations and values with AWS's messages, storing nothing", () => {
    const { put, update, get } = setup();
    put({ operationName: 'kept' });
    expectError(() => update(['add', '/authorizationType', 'NONE']), 'BadRequestException', 'Invalid patch operation specified. Must be one of: [replace]');
    expectError(() => update(['replace', '/httpMethod', 'POST']), 'BadRequestException', 'Invalid patch path /httpMethod');
    expectError(() => update(['add', '/requestParameters', 'x']), 'BadRequestException', 'Invalid patch path /requestParameters');
    expectError(() => update(['add', '/requestModels/application/json', 'Empty']), 'BadRequestException', 'Invalid patch path /requestModels/application/json');
    expectError(() => update(['add', '/requestModels/application~1json', 'petModel']), 'BadRequestException', 'Invalid model identifier specified: petModel');
    expectError(() => update(['add', '/requestParameters/method.request.bad.x', 'true']), 'BadRequestException', mappingError('method.request.bad.x'));
    expectError(() => update(['replace', '/requestValidatorId', 'v1']), 'BadRequestException', 'Invalid Request Validator identifier specified');
    expectError(() => update(['replace', '/authorizationScopes', 'x']), 'BadRequestException', "Invalid patch operation specified. Must be 'add'|'remove'");
    expectError(() => update(['replace', '/operationName', 'changed'], ['replace', '/authorizationType', 'CUSTOM']), 'BadRequestException', BAD_AUTHORIZER);
    expectError(() => update(['wrong', '/operationName', 'x']), 'ValidationException', "1 validation error detected: Value 'wrong' at 'updateMethodInput.patchOperations.1.member.op' failed to satisfy constraint: Member must satisfy enum value set: [add, remove, move, test, replace, copy]");
    assert.equal(get().operationName, 'kept');
  });
});

describe('method responses', () => {
  function withMethod() {
    const s = setup();
    s.put();
    const response = (statusCode: string) => ({ ...s.key, statusCode });
    const update = (statusCode: string, ...triples: Array<[string, string, string?]>) => call(s.ctx, updateMethodResponse, { ...response(statusCode), patchOperations: ops(...triples) });
    return { ...s, response, update };
  }

  it('put, get, update and delete', () => {
    const { ctx, response, update, get } = withMethod();
    const put = call(ctx, putMethodResponse, { ...response('200'), responseParameters: { 'method.response.header.x-a': false }, responseModels: { 'application/json': 'Empty' } });
    assert.deepEqual(put, { statusCode: '200', responseParameters: { 'method.response.header.x-a': false }, responseModels: { 'application/json': 'Empty' } });
    assert.deepEqual(call(ctx, getMethodResponse, response('200')), put);
    assert.deepEqual(
      update('200', ['replace', '/responseParameters/method.response.header.x-a', 'true'], ['remove', '/responseModels/application~1json'], ['add', '/responseModels/text~1plain', 'Error']),
      { statusCode: '200', responseParameters: { 'method.response.header.x-a': true }, responseModels: { 'text/plain': 'Error' } },
    );
    assert.deepEqual(update('200', ['remove', '/responseParameters/method.response.header.x-a']), { statusCode: '200', responseModels: { 'text/plain': 'Error' } });
    call(ctx, deleteMethodResponse, response('200'));
    expectError(() => call(ctx, getMethodResponse, response('200')), 'NotFoundException', 'Invalid Response status code specified');
    assert.equal('methodResponses' in get(), false);
  });

  it("refuses bad status codes, names and paths with AWS's messages", () => {
    const { ctx, key, response, update } = withMethod();
    expectError(() => call(ctx, putMethodResponse, response('wrong')), 'ValidationException', `1 validation error detected: ${STATUS_CODE_CLAUSE}`);
    expectError(() => call(ctx, getMethodResponse, response('wrong')), 'ValidationException', `1 validation error detected: ${STATUS_CODE_CLAUSE}`);
    expectError(() => call(ctx, deleteMethodResponse, response('wrong')), 'ValidationException', `1 validation error detected: ${STATUS_CODE_CLAUSE}`);
    expectError(() => call(ctx, putMethodResponse, { ...response('200'), responseParameters: { 'method.request.header.x': true } }), 'BadRequestException', mappingError('method.request.header.x'));
    expectError(() => call(ctx, putMethodResponse, { ...response('200'), responseModels: { 'application/json': 'petModel' } }), 'BadRequestException', 'Invalid model identifier specified: petModel');
    expectError(() => call(ctx, putMethodResponse, { ...key, httpMethod: 'POST', statusCode: '200' }), 'NotFoundException', 'Invalid Method identifier specified');
    call(ctx, putMethodResponse, { ...response('200'), responseParameters: { 'method.response.header.my-header': false }, responseModels: { 'application/json': 'Empty' } });
    expectError(() => update('200', ['replace', '/responseParameters/wrong', 'true']), 'NotFoundException', 'Invalid parameter name specified');
    expectError(() => update('200', ['remove', '/responseParameters/method.response.header.other']), 'NotFoundException', 'Invalid parameter name specified');
    expectError(() => update('200', ['replace', '/responseModels/wrong', 'Empty']), 'NotFoundException', 'Content-Type specified was not found');
    expectError(() => update('200', ['remove', '/wrong/method.response.header.my-header', 'true']), 'BadRequestException', 'Invalid patch path /wrong/method.response.header.my-header');
    expectError(() => update('404', ['remove', '/responseModels/application~1json']), 'NotFoundException', 'Invalid Response status code specified');
    expectError(
      () => update('200', ['remove', '/responseModels/application~1json'], ['replace', '/responseParameters/wrong', 'true']),
      'NotFoundException', 'Invalid parameter name specified',
    );
    assert.deepEqual(call(ctx, getMethodResponse, response('200')), {
      statusCode: '200', responseParameters: { 'method.response.header.my-header': false }, responseModels: { 'application/json': 'Empty' },
    }, 'refused updates change nothing');
  });
});
