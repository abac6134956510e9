/**
 * API Gateway control-plane errors for Method, MethodResponse, Integration and IntegrationResponse operations,
 * exactly as AWS answered them (`docs/aws-recorded/control-plane-errors.tsv`; requests rebuilt from the
 * recorded tests in `test_apigateway_api.py`, `test_apigateway_integrations.py::test_put_integration_validation`
 * and `test_apigateway_lambda.py::test_put_integration_aws_proxy_uri`). Each test names the recorded steps it
 * reproduces. Requests the SDK would reshape (a JSON boolean or number where a string is expected) go out raw.
 */
import {
  CreateRestApiCommand, DeleteIntegrationCommand, DeleteIntegrationResponseCommand, DeleteMethodCommand, GetIntegrationCommand,
  GetIntegrationResponseCommand, GetMethodCommand, GetMethodResponseCommand, PutIntegrationCommand, PutIntegrationResponseCommand,
  PutMethodCommand, PutMethodResponseCommand, UpdateMethodCommand, UpdateMethodResponseCommand,
  type APIGatewayClient, type IntegrationType, type PatchOperation, type PutIntegrationCommandInput,
} from '@aws-sdk/client-api-gateway';
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Gatehouse } from '../src/server/gatehouse.js';
import { apigatewayClient, REGION, withGatehouseClient } from './support/server.js';
import { expectError, ops, rawJsonError } from './support/apigateway.js';

const ACCOUNT = '111111111111';
const LAMBDA_ARN = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:MyLambda`;
const LAMBDA_URI = `arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/${LAMBDA_ARN}/invocations`;
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/service-role/testfunction-role-oe783psq`;

let gh: Gatehouse;
let client: APIGatewayClient;

withGatehouseClient((g) => apigatewayClient(g, REGION, ACCOUNT), (g, c) => {
  gh = g;
  client = c;
});

const rawJson = (method: string, path: string, body: unknown) => rawJsonError(gh, method, path, body, ACCOUNT);

/** A fresh API; returns its id and root resource id. */
async function createApi(description?: string): Promise<{ id: string; root: string }> {
  const api = await client.send(new CreateRestApiCommand({ name: `errors-${Math.random().toString(36).slice(2, 8)}`, description }));
  return { id: api.id!, root: api.rootResourceId! };
}

/** An API whose root has GET with a MOCK integration, as most recorded tests set it up. */
async function apiWithMockGet(): Promise<{ id: string; root: string }> {
  const api = await createApi();
  await client.send(new PutMethodCommand({ restApiId: api.id, resourceId: api.root, httpMethod: 'GET', authorizationType: 'NONE' }));
  await client.send(new PutIntegrationCommand({
    restApiId: api.id, resourceId: api.root, httpMethod: 'GET', type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' },
  }));
  return api;
}

const NOT_FOUND = {
  resource: ['NotFoundException', 404, 'Invalid Resource identifier specified'],
  method: ['NotFoundException', 404, 'Invalid Method identifier specified'],
  integration: ['NotFoundException', 404, 'Invalid Integration identifier specified'],
  statusCode: ['NotFoundException', 404, 'Invalid Response status code specified'],
} as const;

const STATUS_CLAUSE = "Value 'wrong' at 'statusCode' failed to satisfy constraint: Member must satisfy regular expression pattern: [1-5]\\d\\d";
const opClause = (n: number): string =>
  `Value 'wrong_op' at 'updateMethodResponseInput.patchOperations.${n}.member.op' failed to satisfy constraint: Member must satisfy enum value set: [add, remove, move, test, replace, copy]`;
const BAD_AUTHORIZER = 'Invalid authorizer ID specified. Setting the authorization type to CUSTOM or COGNITO_USER_POOLS requires a valid authorizer.';

describe('Method', () => {
  test('get-deleted-method-response, delete-deleted-method-response', async () => {
    const { id, root } = await createApi('testing resource method lifecycle');
    await client.send(new PutMethodCommand({ restApiId: id, resourceId: root, httpMethod: 'ANY', authorizationType: 'NONE' }));
    await client.send(new DeleteMethodCommand({ restApiId: id, resourceId: root, httpMethod: 'ANY' }));
    await expectError(client.send(new GetMethodCommand({ restApiId: id, resourceId: root, httpMethod: 'ANY' })), ...NOT_FOUND.method);
    await expectError(client.send(new DeleteMethodCommand({ restApiId: id, resourceId: root, httpMethod: 'ANY' })), ...NOT_FOUND.method);
  });

  test('req-params-same-name: one name in querystring and header', async () => {
    const { id, root } = await createApi('testing resource method request params');
    await client.send(new PutMethodCommand({
      restApiId: id, resourceId: root, httpMethod: 'ANY', authorizationType: 'NONE',
      requestParameters: { 'method.request.querystring.q_optional': false, 'method.request.querystring.q_required': true, 'method.request.header.h_optional': false, 'method.request.header.h_required': true },
    }));
    await expectError(client.send(new PutMethodCommand({
      restApiId: id, resourceId: root, httpMethod: 'GET', authorizationType: 'NONE',
      requestParameters: { 'method.request.querystring.optional': false, 'method.request.header.optional': false },
    })), 'BadRequestException', 400, 'Parameter names must be unique across querystring, header and path');
    await expectError(client.send(new GetMethodCommand({ restApiId: id, resourceId: root, httpMethod: 'GET' })), ...NOT_FOUND.method);
  });

  test('test_put_method_validation: wrong-api, wrong-resource, wrong-method, missing-authorizer-id, invalid-request-validator, invalid-model-name', async () => {
    const { id, root } = await createApi('testing resource method request params');
    const put = (input: Partial<ConstructorParameters<typeof PutMethodCommand>[0]>) =>
      client.send(new PutMethodCommand({ restApiId: id, resourceId: root, httpMethod: 'ANY', authorizationType: 'NONE', ...input }));
    // A missing API or resource is reported before the bad httpMethod.
    await expectError(put({ restApiId: 'fake-api', httpMethod: 'WRONG' }), ...NOT_FOUND.resource);
    await expectError(put({ resourceId: 'fake-resource-id', httpMethod: 'WRONG' }), ...NOT_FOUND.resource);
    await expectError(put({ httpMethod: 'WRONG' }), 'BadRequestException', 400, 'Invalid HttpMethod specified. Valid options are GET,PUT,POST,DELETE,PATCH,OPTIONS,HEAD,ANY');
    await expectError(put({ authorizationType: 'CUSTOM' }), 'BadRequestException', 400, BAD_AUTHORIZER);
    await expectError(put({ requestValidatorId: 'fake-validator' }), 'BadRequestException', 400, 'Invalid Request Validator identifier specified');
    await expectError(put({ requestModels: { 'application/json': 'petModel' } }), 'BadRequestException', 400, 'Invalid model identifier specified: petModel');
    await expectError(client.send(new GetMethodCommand({ restApiId: id, resourceId: root, httpMethod: 'ANY' })), ...NOT_FOUND.method);
  });

  test('put-method-request-param-wrong-type: a request parameter named "true"', async () => {
    const { id, root } = await createApi('APIGW test PutIntegration RequestParam');
    const boolMethod = await client.send(new PutMethodCommand({
      restApiId: id, resourceId: root, httpMethod: 'GET', authorizationType: 'NONE', requestParameters: { 'method.request.path.testPath': true },
    }));
    assert.deepEqual(boolMethod.requestParameters, { 'method.request.path.testPath': true });
    await expectError(client.send(new PutMethodCommand({
      restApiId: id, resourceId: root, httpMethod: 'POST', authorizationType: 'NONE',
      requestParameters: { 'method.request.path.testPath': true, true: true },
    })), 'BadRequestException', 400, 'Invalid mapping expression specified: Validation Result: warnings : [], errors : [Invalid mapping expression specified: true]');
    await expectError(client.send(new GetMethodCommand({ restApiId: id, resourceId: root, httpMethod: 'POST' })), ...NOT_FOUND.method);
  });

  test('test_update_method_validation: every recorded UpdateMethod error; the method is unchanged by each', async () => {
    const { id, root } = await createApi('testing resource method request params');
    const update = (patchOperations: PatchOperation[], key: { restApiId?: string; resourceId?: string; httpMethod?: string } = {}) =>
      client.send(new UpdateMethodCommand({ restApiId: id, resourceId: root, httpMethod: 'ANY', patchOperations, ...key }));

    await expectError(update([], { restApiId: 'fake-api' }), ...NOT_FOUND.resource); // wrong-rest-api
    await expectError(update([], { resourceId: 'fake-resource-id' }), ...NOT_FOUND.resource); // wrong-resource-id
    await expectError(update(ops(['replace', '/operationName', 'methodDoesNotExist']), { httpMethod: 'GET' }), ...NOT_FOUND.method); // method-does-not-exist

    const put = await client.send(new PutMethodCommand({ restApiId: id, resourceId: root, httpMethod: 'ANY', authorizationType: 'NONE', apiKeyRequired: true }));
    assert.equal(put.apiKeyRequired, true);

    await expectError(update(ops(['add', '/operationName', 'operationName'])), 'BadRequestException', 400, 'Invalid patch operation specified. Must be one of: [replace]'); // unsupported-operation
    await expectError(update(ops(['add', '/requestValidatorId', 'wrong-id'])), 'BadRequestException', 400, 'Invalid patch operation specified. Must be one of: [replace]'); // unsupported-operation-2
    await expectError(update(ops(['add', '/httpMethod', 'PUT'])), 'BadRequestException', 400, 'Invalid patch path /httpMethod'); // unsupported-path
    await expectError(update(ops(['replace', '/requestParameters', 'method.request.querystring.optional=false'])), 'BadRequestException', 400, 'Invalid patch path /requestParameters'); // wrong-path-request-parameters
    await expectError(update(ops(['add', '/requestModels/application/json', 'Empty'])), 'BadRequestException', 400, 'Invalid patch path /requestModels/application/json'); // wrong-path-request-models

    let method = await client.send(new GetMethodCommand({ restApiId: id, resourceId: root, httpMethod: 'ANY' }));
    assert.equal(method.apiKeyRequired, true);
    assert.equal(method.operationName, undefined);
    assert.equal(method.requestParameters, undefined);
    assert.equal(method.requestModels, undefined);

    // wrong-value-type: any value but "true" is false, and 200
    assert.equal((await update(ops(['replace', '/apiKeyRequired', 'whatever']))).apiKeyRequired, false);

    await expectError(update(ops(['replace', '/authorizationType', 'CUSTOM'])), 'BadRequestException', 400, BAD_AUTHORIZER); // wrong-auth-type
    // skip-auth-id-with-wrong-type: an authorizer id on a NONE method is dropped silently
    const skipped = await update(ops(['replace', '/authorizerId', 'abc123']));
    assert.equal(skipped.authorizerId, undefined);
    assert.equal(skipped.authorizationType, 'NONE');
    await expectError(update(ops(['replace', '/authorizationType', 'CUSTOM'], ['replace', '/authorizerId', 'abc123'])), 'BadRequestException', 400, BAD_AUTHORIZER); // wrong-auth-id
    await expectError(update(ops(['replace', '/requestValidatorId', 'fake-id'])), 'BadRequestException', 400, 'Invalid Request Validator identifier specified'); // wrong-req-validator-id

    method = await client.send(new GetMethodCommand({ restApiId: id, resourceId: root, httpMethod: 'ANY' }));
    assert.equal(method.authorizationType, 'NONE');
    assert.equal(method.authorizerId, undefined);
    assert.equal(method.requestValidatorId, undefined);
  });
});

describe('MethodResponse', () => {
  /** An API with GET + MOCK on the root and a 200 method response. */
  async function withMethodResponse(responseParameters?: Record<string, boolean>, responseModels?: Record<string, string>) {
    const api = await apiWithMockGet();
    await client.send(new PutMethodResponseCommand({ restApiId: api.id, resourceId: api.root, httpMethod: 'GET', statusCode: '200', responseParameters, responseModels }));
    const update = (patchOperations: PatchOperation[], key: { resourceId?: string; httpMethod?: string; statusCode?: string } = {}) =>
      client.send(new UpdateMethodResponseCommand({ restApiId: api.id, resourceId: api.root, httpMethod: 'GET', statusCode: '200', patchOperations, ...key }));
    const get = () => client.send(new GetMethodResponseCommand({ restApiId: api.id, resourceId: api.root, httpMethod: 'GET', statusCode: '200' }));
    return { ...api, update, get };
  }

  test('update-method-response-operation-with-wrong-param-name-1..4', async () => {
    const { update, get } = await withMethodResponse({ 'method.response.header.my-header': false }, { 'application/json': 'Empty' });
    await expectError(update(ops(['replace', '/responseParameters/wrong', 'true'])), 'NotFoundException', 404, 'Invalid parameter name specified');
    await expectError(update(ops(['remove', '/responseParameters/wrong', 'true'])), 'NotFoundException', 404, 'Invalid parameter name specified');
    await expectError(update(ops(['replace', '/responseModels/wrong', 'Empty'])), 'NotFoundException', 404, 'Content-Type specified was not found');
    await expectError(update(ops(['remove', '/responseModels/wrong', 'Empty'])), 'NotFoundException', 404, 'Content-Type specified was not found');
    const response = await get();
    assert.deepEqual(response.responseParameters, { 'method.response.header.my-header': false });
    assert.deepEqual(response.responseModels, { 'application/json': 'Empty' });
  });

  // The recorded test has been run both with no maps and with explicit empty ones ({} is echoed as {}).
  for (const empty of [undefined, {}] as const) {
    test(`update-method-response-operation-without-response-parameters, -without-response-models, -with-wrong-path (maps ${empty === undefined ? 'absent' : '{}'})`, async () => {
      const { update, get } = await withMethodResponse(empty, empty);
      await expectError(update(ops(['remove', '/responseParameters/method.response.header.my-header', 'true'])), 'NotFoundException', 404, 'Invalid parameter name specified');
      await expectError(update(ops(['remove', '/responseModels/application~1json', 'Empty'])), 'NotFoundException', 404, 'Content-Type specified was not found');
      await expectError(update(ops(['remove', '/wrong/method.response.header.my-header', 'true'])), 'BadRequestException', 400, 'Invalid patch path /wrong/method.response.header.my-header');
      const response = await get();
      assert.equal(response.statusCode, '200');
      assert.deepEqual(response.responseParameters, empty);
      assert.deepEqual(response.responseModels, empty);
    });
  }

  test('test_update_method_response_negative_tests: wrong statuscode, invalid statuscode (alone and with a bad op), wrong resource, wrong method', async () => {
    const { update } = await withMethodResponse({ 'method.response.header.my-header': false }, { 'application/json': 'Empty' });
    const replaceHeader = ops(['replace', '/responseParameters/method.response.header.my-header', 'true']);
    await expectError(update(replaceHeader, { statusCode: '201' }), ...NOT_FOUND.statusCode);
    await expectError(update(replaceHeader, { statusCode: 'wrong' }), 'ValidationException', 400, `1 validation error detected: ${STATUS_CLAUSE}`);
    await expectError(update(ops(['wrong_op', '/responseParameters/method.response.header.my-header', 'true']), { statusCode: 'wrong' }),
      'ValidationException', 400, `2 validation errors detected: ${opClause(1)}; ${STATUS_CLAUSE}`);
    await expectError(update(replaceHeader, { resourceId: 'wrong' }), ...NOT_FOUND.resource);
    await expectError(update(replaceHeader, { httpMethod: 'POST' }), ...NOT_FOUND.method);
  });

  test('update-method-response-wrong-operation-1..5: one clause per bad op, numbered by absolute position', async () => {
    const { update, get } = await withMethodResponse({ 'method.response.header.my-header': false }, { 'application/json': 'Empty' });
    const badHeader: [string, string, string] = ['wrong_op', '/responseParameters/method.response.header.my-header', 'true'];
    const badModel: [string, string, string] = ['wrong_op', '/responseModels/application~1json', 'Empty'];
    await expectError(update(ops(badHeader)), 'ValidationException', 400, `1 validation error detected: ${opClause(1)}`);
    await expectError(update(ops(badModel)), 'ValidationException', 400, `1 validation error detected: ${opClause(1)}`);
    await expectError(update(ops(badHeader, badModel)), 'ValidationException', 400, `2 validation errors detected: ${opClause(1)}; ${opClause(2)}`);
    await expectError(update(ops(badHeader, badModel, badHeader, badModel)), 'ValidationException', 400,
      `4 validation errors detected: ${opClause(1)}; ${opClause(2)}; ${opClause(3)}; ${opClause(4)}`);
    await expectError(update(ops(badHeader, ['remove', '/responseModels/application~1json', 'Empty'], badModel)), 'ValidationException', 400,
      `2 validation errors detected: ${opClause(1)}; ${opClause(3)}`);
    assert.deepEqual((await get()).responseModels, { 'application/json': 'Empty' }, 'the valid remove between two bad ops was not applied');
  });

  test('a rejected UpdateMethodResponse applies none of its operations', async () => {
    const { update, get } = await withMethodResponse({ 'method.response.header.my-header': false }, { 'application/json': 'Empty' });
    await expectError(update(ops(['remove', '/responseModels/application~1json', 'Empty'], ['replace', '/responseParameters/wrong', 'true'])),
      'NotFoundException', 404, 'Invalid parameter name specified');
    assert.deepEqual((await get()).responseModels, { 'application/json': 'Empty' });
  });
});

describe('Integration', () => {
  test('put-integration-wrong-type: the enum is checked before the method is looked up', async () => {
    const { id, root } = await createApi('APIGW test PutIntegration Types');
    await expectError(client.send(new PutIntegrationCommand({ restApiId: id, resourceId: root, httpMethod: 'GET', type: 'HTTPS_PROXY' as IntegrationType })),
      'ValidationException', 400,
      "1 validation error detected: Value 'HTTPS_PROXY' at 'putIntegrationInput.type' failed to satisfy constraint: Member must satisfy enum value set: [HTTP, MOCK, AWS_PROXY, HTTP_PROXY, AWS]");
  });

  test('put-integration-wrong-method, put-integration-wrong-resource', async () => {
    const { id, root } = await createApi('testing PutIntegrationResponse method exc');
    await client.send(new PutMethodCommand({ restApiId: id, resourceId: root, httpMethod: 'POST', authorizationType: 'NONE' }));
    const mock = { integrationHttpMethod: 'GET', type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } } as const;
    await expectError(client.send(new PutIntegrationCommand({ restApiId: id, resourceId: root, httpMethod: 'GET', ...mock })), ...NOT_FOUND.method);
    await expectError(client.send(new PutIntegrationCommand({ restApiId: id, resourceId: 'badresource', httpMethod: 'GET', ...mock })), ...NOT_FOUND.resource);
  });

  test('put-integration-request-param-wrong-type, put-integration-request-param-bool-value: a JSON boolean where a string goes (raw)', async () => {
    const { id, root } = await createApi('APIGW test PutIntegration RequestParam');
    await client.send(new PutMethodCommand({ restApiId: id, resourceId: root, httpMethod: 'GET', authorizationType: 'NONE', requestParameters: { 'method.request.path.testPath': true } }));
    const path = `/restapis/${id}/resources/${root}/methods/GET/integration`;
    for (const requestParameters of [{ true: true }, { 'integration.request.path.testPath': true }]) {
      assert.deepEqual(await rawJson('PUT', path, { type: 'HTTP_PROXY', requestParameters }), {
        status: 400, errorType: 'SerializationException', body: { message: 'class java.lang.Boolean can not be converted to an String' },
      });
    }
    await expectError(client.send(new GetIntegrationCommand({ restApiId: id, resourceId: root, httpMethod: 'GET' })), ...NOT_FOUND.integration);
  });

  test('get-integration-no-api, -no-resource, -no-method, -no-integration', async () => {
    const { id, root } = await createApi('APIGW test PutIntegration Types');
    const get = (restApiId: string, resourceId: string) => client.send(new GetIntegrationCommand({ restApiId, resourceId, httpMethod: 'GET' }));
    await expectError(get('a1b2c3d4', root), ...NOT_FOUND.resource);
    await expectError(get(id, 'a1b2c3d4'), ...NOT_FOUND.resource);
    await expectError(get(id, root), ...NOT_FOUND.method);
    await client.send(new PutMethodCommand({ restApiId: id, resourceId: root, httpMethod: 'GET', authorizationType: 'NONE' }));
    await expectError(get(id, root), ...NOT_FOUND.integration);
  });

  test('get-integration-after-delete', async () => {
    const { id, root } = await apiWithMockGet();
    await client.send(new DeleteIntegrationCommand({ restApiId: id, resourceId: root, httpMethod: 'GET' }));
    await expectError(client.send(new GetIntegrationCommand({ restApiId: id, resourceId: root, httpMethod: 'GET' })), ...NOT_FOUND.integration);
  });

  test('test_put_integration_validation: integration method and URI checks; a rejected put keeps the integration there was', async () => {
    const { id, root } = await createApi();
    await client.send(new PutMethodCommand({ restApiId: id, resourceId: root, httpMethod: 'GET', authorizationType: 'NONE' }));
    await client.send(new PutMethodResponseCommand({ restApiId: id, resourceId: root, httpMethod: 'GET', statusCode: '200' }));
    const put = (input: Omit<PutIntegrationCommandInput, 'restApiId' | 'resourceId' | 'httpMethod'>) =>
      client.send(new PutIntegrationCommand({ restApiId: id, resourceId: root, httpMethod: 'GET', ...input }));

    // required-integration-method-HTTP, -HTTP_PROXY, -AWS (the missing method is reported before the non-ARN uri)
    for (const type of ['HTTP', 'HTTP_PROXY', 'AWS'] as const) {
      await expectError(put({ type, uri: 'http://example.com' }), 'BadRequestException', 400, 'Enumeration value for HttpMethod must be non-empty');
    }
    // not-required-integration-method-MOCK: accepted, and the uri is dropped
    const mock = await put({ type: 'MOCK', uri: 'http://example.com' });
    assert.equal(mock.type, 'MOCK');
    assert.equal(mock.uri, undefined);
    assert.equal(mock.httpMethod, undefined);

    // http-method-HTTP
    const http = await put({ type: 'HTTP', uri: 'http://example.com', integrationHttpMethod: 'POST' });
    assert.equal(http.connectionType, 'INTERNET');

    // no-s3-support-AWS_PROXY
    await expectError(put({ type: 'AWS_PROXY', credentials: ROLE_ARN, uri: `arn:aws:apigateway:${REGION}:s3:path/b/k`, integrationHttpMethod: 'POST' }),
      'BadRequestException', 400, "Integrations of type 'AWS_PROXY' currently only supports Lambda function and Firehose stream invocations.");
    // invalid-uri-HTTP, invalid-uri-HTTP_PROXY
    for (const type of ['HTTP', 'HTTP_PROXY'] as const) {
      await expectError(put({ type, uri: 'non-valid-http', integrationHttpMethod: 'POST' }), 'BadRequestException', 400, 'Invalid HTTP endpoint specified for URI');
    }
    // invalid-uri-not-an-arn, invalid-uri-invalid-arn
    await expectError(put({ type: 'AWS', uri: 'non-valid-arn', integrationHttpMethod: 'POST' }), 'BadRequestException', 400, 'Invalid ARN specified in the request');
    await expectError(put({ type: 'AWS', uri: 'arn:aws:iam::0000000000:role/service-role/asdf', integrationHttpMethod: 'POST' }),
      'BadRequestException', 400, 'AWS ARN for integration must contain path or action');

    const kept = await client.send(new GetIntegrationCommand({ restApiId: id, resourceId: root, httpMethod: 'GET' }));
    assert.equal(kept.type, 'HTTP');
    assert.equal(kept.uri, 'http://example.com');
    assert.equal(kept.httpMethod, 'POST');
  });

  test('test_put_integration_aws_proxy_uri: put-integration-lambda-uri, -wrong-arn, -wrong-type, -wrong-firehose, -bad-lambda-arn', async () => {
    const { id, root } = await createApi('APIGW test PutIntegration AWS_PROXY URI');
    await client.send(new PutMethodCommand({ restApiId: id, resourceId: root, httpMethod: 'ANY', authorizationType: 'NONE' }));
    const put = (uri: string) => client.send(new PutIntegrationCommand({
      restApiId: id, resourceId: root, httpMethod: 'ANY', type: 'AWS_PROXY', integrationHttpMethod: 'POST', credentials: ROLE_ARN, uri,
    }));
    const ONLY_LAMBDA = "Integrations of type 'AWS_PROXY' currently only supports Lambda function and Firehose stream invocations.";
    await expectError(put(LAMBDA_ARN), 'BadRequestException', 400, 'AWS ARN for integration must contain path or action');
    await expectError(put(`bad-arn:lambda:path/2015-03-31/functions/${LAMBDA_ARN}/invocations`), 'BadRequestException', 400, 'Invalid ARN specified in the request');
    await expectError(put(`arn:aws:apigateway:${REGION}:lambda:test/2015-03-31/functions/${LAMBDA_ARN}/invocations`), 'BadRequestException', 400, 'AWS ARN for integration must contain path or action');
    await expectError(put(`arn:aws:apigateway:${REGION}:firehose:path/2015-03-31/functions/${LAMBDA_ARN}/invocations`), 'BadRequestException', 400, ONLY_LAMBDA);
    await expectError(put(`arn:aws:apigateway:${REGION}:lambda:path/random/value/${LAMBDA_ARN}/invocations`), 'BadRequestException', 400, ONLY_LAMBDA);
    await expectError(client.send(new GetIntegrationCommand({ restApiId: id, resourceId: root, httpMethod: 'ANY' })), ...NOT_FOUND.integration);
    // The well-formed Lambda invocation URI is accepted.
    assert.equal((await put(LAMBDA_URI)).uri, LAMBDA_URI);
  });
});

describe('IntegrationResponse', () => {
  test('put-integration-response-wrong-method, -wrong-resource (test_put_integration_response_validation)', async () => {
    const { id, root } = await createApi('testing PutIntegrationResponse method exc');
    await client.send(new PutMethodCommand({ restApiId: id, resourceId: root, httpMethod: 'POST', authorizationType: 'NONE' }));
    await client.send(new PutIntegrationCommand({
      restApiId: id, resourceId: root, httpMethod: 'POST', integrationHttpMethod: 'GET', type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' },
    }));
    const put = (resourceId: string) => client.send(new PutIntegrationResponseCommand({
      restApiId: id, resourceId, httpMethod: 'GET', statusCode: '200', selectionPattern: '', responseTemplates: { 'application/json': '{}' },
    }));
    await expectError(put(root), ...NOT_FOUND.method);
    await expectError(put('badresource'), ...NOT_FOUND.resource);
  });

  test('put/get-integration-response-wrong-api, -wrong-resource, -wrong-method', async () => {
    const put = (restApiId: string, resourceId: string, httpMethod: string) =>
      client.send(new PutIntegrationResponseCommand({ restApiId, resourceId, httpMethod, statusCode: '200' }));
    const get = (restApiId: string, resourceId: string, httpMethod: string) =>
      client.send(new GetIntegrationResponseCommand({ restApiId, resourceId, httpMethod, statusCode: '200' }));
    await expectError(put('wrong-api', 'dummy-value', 'GET'), ...NOT_FOUND.resource);
    await expectError(get('wrong-api', 'dummy-value', 'GET'), ...NOT_FOUND.resource);
    const { id, root } = await createApi('APIGW test Integration Resource');
    await expectError(put(id, 'wrong-resource', 'GET'), ...NOT_FOUND.resource);
    await expectError(get(id, 'wrong-resource', 'GET'), ...NOT_FOUND.resource);
    await expectError(put(id, root, 'wrong-method'), ...NOT_FOUND.method);
    await expectError(get(id, root, 'wrong-method'), ...NOT_FOUND.method);
  });

  test('put/get-integration-response-invalid-statusCode: the pattern is checked before the method is looked up', async () => {
    const { id, root } = await createApi('APIGW test Integration Invalid StatusCode');
    const message = `1 validation error detected: ${STATUS_CLAUSE}`;
    await expectError(client.send(new PutIntegrationResponseCommand({
      restApiId: id, resourceId: root, httpMethod: 'GET', statusCode: 'wrong', responseTemplates: { 'application/json': '"created"' }, selectionPattern: '',
    })), 'ValidationException', 400, message);
    await expectError(client.send(new GetIntegrationResponseCommand({ restApiId: id, resourceId: root, httpMethod: 'GET', statusCode: 'wrong' })),
      'ValidationException', 400, message);
  });

  test('put-integration-response-invalid-responseTemplates-1 (a number, raw) and -2 (a content type "123")', async () => {
    const { id, root } = await createApi('APIGW test wrong api');
    await client.send(new PutMethodCommand({ restApiId: id, resourceId: root, httpMethod: 'GET', authorizationType: 'NONE' }));
    await client.send(new PutIntegrationCommand({
      restApiId: id, resourceId: root, httpMethod: 'GET', integrationHttpMethod: 'GET', type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' },
    }));
    assert.deepEqual(
      await rawJson('PUT', `/restapis/${id}/resources/${root}/methods/GET/integration/responses/200`, { selectionPattern: '', responseTemplates: { 'application/json': 123 } }),
      { status: 400, errorType: 'SerializationException', body: { message: 'class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to an String' } },
    );
    await expectError(client.send(new PutIntegrationResponseCommand({
      restApiId: id, resourceId: root, httpMethod: 'GET', statusCode: '200', selectionPattern: '', responseTemplates: { 123: '{"statusCode": 200}' },
    })), 'BadRequestException', 400, 'Validation Result: warnings : [], errors : [Invalid content type specified: 123]');
    await expectError(client.send(new GetIntegrationResponseCommand({ restApiId: id, resourceId: root, httpMethod: 'GET', statusCode: '200' })), ...NOT_FOUND.statusCode);
  });

  test('get-integration-response-without-integration, get-integration-response-wrong-status-code', async () => {
    const { id, root } = await createApi();
    await client.send(new PutMethodCommand({ restApiId: id, resourceId: root, httpMethod: 'GET', authorizationType: 'NONE' }));
    const get = (statusCode: string) => client.send(new GetIntegrationResponseCommand({ restApiId: id, resourceId: root, httpMethod: 'GET', statusCode }));
    await expectError(get('200'), ...NOT_FOUND.integration);
    await client.send(new PutIntegrationCommand({ restApiId: id, resourceId: root, httpMethod: 'GET', type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }));
    await expectError(get('201'), ...NOT_FOUND.statusCode);
  });

  test('test_delete_integration_response_errors: a missing method is reported as a missing integration', async () => {
    const { id, root } = await apiWithMockGet();
    await client.send(new PutIntegrationResponseCommand({
      restApiId: id, resourceId: root, httpMethod: 'GET', statusCode: '200', responseTemplates: { 'application/json': '"created"' }, selectionPattern: '',
    }));
    const del = (key: { restApiId?: string; resourceId?: string; httpMethod?: string; statusCode?: string }) =>
      client.send(new DeleteIntegrationResponseCommand({ restApiId: id, resourceId: root, httpMethod: 'GET', statusCode: '200', ...key }));
    await expectError(del({ resourceId: 'bad-resource' }), ...NOT_FOUND.resource); // non-existent-resource
    await expectError(del({ restApiId: 'bad-api-id' }), ...NOT_FOUND.resource); // non-existent-api-id
    await expectError(del({ httpMethod: 'POST' }), ...NOT_FOUND.integration); // non-existent-method
    await expectError(del({ statusCode: '201' }), ...NOT_FOUND.statusCode); // non-existent-status-code
    await expectError(del({ httpMethod: 'WRONG', statusCode: '201' }), ...NOT_FOUND.integration); // bad-method
    const kept = await client.send(new GetIntegrationResponseCommand({ restApiId: id, resourceId: root, httpMethod: 'GET', statusCode: '200' }));
    assert.equal(kept.selectionPattern, '');
  });
});
