/** Integration and integration response handlers called directly: defaults per type, URI rules, patches, refusals. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  deleteIntegration, deleteIntegrationResponse, getIntegration, getIntegrationResponse, putIntegration, putIntegrationResponse,
  updateIntegration, updateIntegrationResponse,
} from './integrations.js';
import { putMethod } from './methods.js';
import { call, expectError, methodKey, ops, STATUS_CODE_CLAUSE, testContext } from './test-context.js';

const FUNCTION_ARN = 'arn:aws:lambda:eu-west-1:111111111111:function:pets';
const LAMBDA_URI = `arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/${FUNCTION_ARN}/invocations`;
const ONLY_LAMBDA = "Integrations of type 'AWS_PROXY' currently only supports Lambda function and Firehose stream invocations.";

function setup() {
  const ctx = testContext();
  const key = methodKey(ctx);
  const { resourceId } = key;
  call(ctx, putMethod, { ...key, authorizationType: 'NONE' });
  const put = (input: Record<string, unknown>) => call(ctx, putIntegration, { ...key, ...input });
  const update = (...triples: Array<[string, string, string?]>) => call(ctx, updateIntegration, { ...key, patchOperations: ops(...triples) });
  const get = () => call(ctx, getIntegration, key);
  return { ctx, key, resourceId, put, update, get };
}

describe('PutIntegration', () => {
  it('MOCK: AWS defaults, no connection type, and a uri sent with it is dropped', () => {
    const { put, get, resourceId } = setup();
    const expected = { type: 'MOCK', passthroughBehavior: 'WHEN_NO_MATCH', timeoutInMillis: 29000, cacheNamespace: resourceId, cacheKeyParameters: [] };
    assert.deepEqual(put({ type: 'MOCK', uri: 'http://ignored.example' }), expected);
    assert.deepEqual(get(), expected);
  });

  it('HTTP and HTTP_PROXY get the INTERNET connection type; empty templates are stored as null', () => {
    const { put, resourceId } = setup();
    assert.deepEqual(put({ type: 'HTTP_PROXY', integrationHttpMethod: 'GET', uri: 'https://example.com/{proxy}', requestTemplates: { 'application/json': '' } }), {
      type: 'HTTP_PROXY', httpMethod: 'GET', uri: 'https://example.com/{proxy}', connectionType: 'INTERNET', passthroughBehavior: 'WHEN_NO_MATCH',
      timeoutInMillis: 29000, cacheNamespace: resourceId, cacheKeyParameters: [], requestTemplates: { 'application/json': null },
    });
  });

  it('AWS_PROXY takes a Lambda invocation URI; a second put replaces the integration', () => {
    const { put, get } = setup();
    put({ type: 'MOCK' });
    put({ type: 'AWS_PROXY', integrationHttpMethod: 'POST', uri: LAMBDA_URI, timeoutInMillis: 50, passthroughBehavior: 'NEVER' });
    const integration = get();
    assert.deepEqual([integration.type, integration.uri, integration.timeoutInMillis, integration.passthroughBehavior, integration.connectionType], ['AWS_PROXY', LAMBDA_URI, 50, 'NEVER', undefined]);
  });

  it('a VPC link integration may name its target with stage variables (only the scheme is checked)', () => {
    const { put } = setup();
    const uri = 'http://${stageVariables.host}:${stageVariables.port}/pets';
    assert.equal(put({ type: 'HTTP', integrationHttpMethod: 'GET', uri, connectionType: 'VPC_LINK', connectionId: 'abc' }).uri, uri);
    expectError(() => put({ type: 'HTTP', integrationHttpMethod: 'GET', uri }), 'BadRequestException', 'Invalid HTTP endpoint specified for URI');
  });

  it("refuses what AWS refuses, with AWS's messages", () => {
    const { ctx, key, put } = setup();
    const http = { type: 'HTTP', integrationHttpMethod: 'GET', uri: 'https://example.com' };
    expectError(() => put({}), 'ValidationException', "1 validation error detected: Value null at 'putIntegrationInput.type' failed to satisfy constraint: Member must not be null");
    expectError(() => put({ type: 'SOAP', connectionType: 'CABLE' }), 'ValidationException',
      "2 validation errors detected: Value 'SOAP' at 'putIntegrationInput.type' failed to satisfy constraint: Member must satisfy enum value set: [HTTP, MOCK, AWS_PROXY, HTTP_PROXY, AWS]; Value 'CABLE' at 'putIntegrationInput.connectionType' failed to satisfy constraint: Member must satisfy enum value set: [INTERNET, VPC_LINK]");
    expectError(() => put({ type: 'HTTP', uri: 'https://example.com' }), 'BadRequestException', 'Enumeration value for HttpMethod must be non-empty');
    expectError(() => put({ ...http, integrationHttpMethod: 'FETCH' }), 'BadRequestException', 'Invalid HttpMethod specified. Valid options are GET,PUT,POST,DELETE,PATCH,OPTIONS,HEAD,ANY');
    for (const uri of [undefined, 'example.com', 'ftp://example.com', 'http://']) {
      expectError(() => put({ ...http, uri }), 'BadRequestException', 'Invalid HTTP endpoint specified for URI');
    }
    expectError(() => put({ type: 'AWS', integrationHttpMethod: 'POST', uri: 'lambda:path/x' }), 'BadRequestException', 'Invalid ARN specified in the request');
    expectError(() => put({ type: 'AWS_PROXY', integrationHttpMethod: 'POST', uri: FUNCTION_ARN }), 'BadRequestException', 'AWS ARN for integration must contain path or action');
    expectError(() => put({ type: 'AWS_PROXY', integrationHttpMethod: 'POST', uri: 'arn:aws:apigateway:eu-west-1:s3:path/bucket/key' }), 'BadRequestException', ONLY_LAMBDA);
    assert.equal(put({ type: 'AWS', integrationHttpMethod: 'POST', uri: 'arn:aws:apigateway:eu-west-1:s3:path/bucket/key' }).type, 'AWS');
    for (const timeoutInMillis of [49, 29001, 100.5]) {
      expectError(() => put({ ...http, timeoutInMillis }), 'BadRequestException', 'Timeout should be between 50 ms and 29000 ms');
    }
    expectError(() => put({ ...http, passthroughBehavior: 'ALWAYS' }), 'BadRequestException', 'Invalid passthrough behavior specified: ALWAYS. Valid options are WHEN_NO_MATCH,WHEN_NO_TEMPLATES,NEVER');
    expectError(() => put({ ...http, connectionType: 'VPC_LINK' }), 'BadRequestException', 'Connection id must be specified for VPC_LINK connection type');
    expectError(() => put({ ...http, requestTemplates: { json: '{}' } }), 'BadRequestException', 'Validation Result: warnings : [], errors : [Invalid content type specified: json]');
    expectError(() => call(ctx, putIntegration, { ...key, httpMethod: 'POST', type: 'MOCK' }), 'NotFoundException', 'Invalid Method identifier specified');
    expectError(() => call(ctx, putIntegration, { ...key, resourceId: 'nope', type: 'MOCK' }), 'NotFoundException', 'Invalid Resource identifier specified');
  });
});

describe('GetIntegration, UpdateIntegration, DeleteIntegration', () => {
  it('patches scalars, templates, parameters, cache keys and TLS; removing a scalar restores its default', () => {
    const { put, update } = setup();
    put({ type: 'HTTP', integrationHttpMethod: 'GET', uri: 'https://example.com' });
    const patched = update(
      ['replace', '/uri', 'https://example.org/v2'], ['replace', '/httpMethod', 'POST'], ['replace', '/timeoutInMillis', '1000'],
      ['add', '/requestTemplates/application~1json', '{"a":1}'], ['add', '/requestParameters/integration.request.header.x', "'v'"],
      ['add', '/cacheKeyParameters/method.request.path.id'], ['replace', '/tlsConfig/insecureSkipVerification', 'true'], ['replace', '/passthroughBehavior', 'NEVER'],
    );
    assert.deepEqual(
      [patched.uri, patched.httpMethod, patched.timeoutInMillis, patched.requestTemplates, patched.requestParameters, patched.cacheKeyParameters, patched.tlsConfig, patched.passthroughBehavior],
      ['https://example.org/v2', 'POST', 1000, { 'application/json': '{"a":1}' }, { 'integration.request.header.x': "'v'" }, ['method.request.path.id'], { insecureSkipVerification: true }, 'NEVER'],
    );
    const reset = update(
      ['remove', '/timeoutInMillis'], ['remove', '/passthroughBehavior'], ['remove', '/cacheNamespace'], ['remove', '/requestTemplates/application~1json'],
      ['remove', '/requestParameters/integration.request.header.x'], ['remove', '/cacheKeyParameters/method.request.path.id'],
    );
    assert.deepEqual(
      [reset.timeoutInMillis, reset.passthroughBehavior, reset.cacheNamespace, 'requestTemplates' in reset, 'requestParameters' in reset, reset.cacheKeyParameters],
      [29000, 'WHEN_NO_MATCH', '', false, false, []],
    );
  });

  it("refuses bad patches with AWS's messages, storing nothing; missing integrations are not found", () => {
    const { ctx, key, put, update, get } = setup();
    expectError(get, 'NotFoundException', 'Invalid Integration identifier specified');
    expectError(() => update(['replace', '/uri', 'x']), 'NotFoundException', 'Invalid Integration identifier specified');
    put({ type: 'HTTP', integrationHttpMethod: 'GET', uri: 'https://example.com' });
    expectError(() => update(['replace', '/type', 'MOCK']), 'BadRequestException', 'Invalid patch path /type');
    expectError(() => update(['add', '/requestTemplates', 'x']), 'BadRequestException', 'Invalid patch path /requestTemplates');
    expectError(() => update(['replace', '/uri', 'https://example.org'], ['replace', '/uri', 'not a url']), 'BadRequestException', 'Invalid HTTP endpoint specified for URI');
    expectError(() => update(['replace', '/timeoutInMillis', '30000']), 'BadRequestException', 'Timeout should be between 50 ms and 29000 ms');
    expectError(() => update(['remove', '/httpMethod']), 'BadRequestException', 'Enumeration value for HttpMethod must be non-empty');
    assert.equal(get().uri, 'https://example.com');
    call(ctx, deleteIntegration, key);
    expectError(get, 'NotFoundException', 'Invalid Integration identifier specified');
    expectError(() => call(ctx, deleteIntegration, key), 'NotFoundException', 'Invalid Integration identifier specified');
  });
});

describe('integration responses', () => {
  function withIntegration() {
    const s = setup();
    s.put({ type: 'MOCK' });
    const response = (statusCode: string, httpMethod = 'GET') => ({ ...s.key, httpMethod, statusCode });
    const update = (statusCode: string, ...triples: Array<[string, string, string?]>) => call(s.ctx, updateIntegrationResponse, { ...response(statusCode), patchOperations: ops(...triples) });
    return { ...s, response, update };
  }

  it('put, get, update and delete', () => {
    const { ctx, response, update, get } = withIntegration();
    const put = call(ctx, putIntegrationResponse, {
      ...response('200'), selectionPattern: '', responseParameters: { 'method.response.header.x': "'v'" }, responseTemplates: { 'application/json': '' }, contentHandling: 'CONVERT_TO_TEXT',
    });
    assert.deepEqual(put, { statusCode: '200', selectionPattern: '', responseParameters: { 'method.response.header.x': "'v'" }, responseTemplates: { 'application/json': null }, contentHandling: 'CONVERT_TO_TEXT' });
    assert.deepEqual(call(ctx, getIntegrationResponse, response('200')), put);
    assert.deepEqual(get().integrationResponses, { '200': put });
    assert.deepEqual(
      update('200', ['replace', '/selectionPattern', '4\\d{2}'], ['remove', '/contentHandling'], ['replace', '/responseTemplates/application~1json', '{}'], ['remove', '/responseParameters/method.response.header.x']),
      { statusCode: '200', selectionPattern: '4\\d{2}', responseTemplates: { 'application/json': '{}' } },
    );
    call(ctx, deleteIntegrationResponse, response('200'));
    expectError(() => call(ctx, getIntegrationResponse, response('200')), 'NotFoundException', 'Invalid Response status code specified');
    assert.equal('integrationResponses' in get(), false);
  });

  it("refuses with AWS's messages; a missing method is a missing method, except to DeleteIntegrationResponse", () => {
    const { ctx, key, response, update } = withIntegration();
    expectError(() => call(ctx, putIntegrationResponse, response('wrong')), 'ValidationException', `1 validation error detected: ${STATUS_CODE_CLAUSE}`);
    expectError(() => call(ctx, putIntegrationResponse, { ...response('wrong'), contentHandling: 'ZIP' }), 'ValidationException',
      `2 validation errors detected: Value 'ZIP' at 'putIntegrationResponseInput.contentHandling' failed to satisfy constraint: Member must satisfy enum value set: [CONVERT_TO_BINARY, CONVERT_TO_TEXT]; ${STATUS_CODE_CLAUSE}`);
    expectError(() => call(ctx, putIntegrationResponse, { ...response('200'), responseParameters: { 'integration.response.header.x': 'y' } }), 'BadRequestException',
      'Invalid mapping expression specified: Validation Result: warnings : [], errors : [Invalid mapping expression specified: integration.response.header.x]');
    expectError(() => call(ctx, putIntegrationResponse, { ...response('200'), responseTemplates: { json: '' } }), 'BadRequestException', 'Validation Result: warnings : [], errors : [Invalid content type specified: json]');
    expectError(() => call(ctx, getIntegrationResponse, response('404')), 'NotFoundException', 'Invalid Response status code specified');
    expectError(() => call(ctx, putIntegrationResponse, response('200', 'POST')), 'NotFoundException', 'Invalid Method identifier specified');
    expectError(() => call(ctx, getIntegrationResponse, response('200', 'POST')), 'NotFoundException', 'Invalid Method identifier specified');
    expectError(() => call(ctx, deleteIntegrationResponse, response('200', 'POST')), 'NotFoundException', 'Invalid Integration identifier specified');
    call(ctx, putMethod, { ...key, httpMethod: 'POST', authorizationType: 'NONE' });
    expectError(() => call(ctx, putIntegrationResponse, response('200', 'POST')), 'NotFoundException', 'Invalid Integration identifier specified');
    call(ctx, putIntegrationResponse, response('200'));
    expectError(() => update('200', ['add', '/responseTemplates', 'x']), 'BadRequestException', 'Invalid patch path /responseTemplates');
    expectError(() => update('200', ['add', '/other/x', 'y']), 'BadRequestException', 'Invalid patch path /other/x');
  });
});
