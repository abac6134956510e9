/**
 * The deployment snapshot's schema against what the control plane really stores: a snapshot written by the
 * CreateDeployment handler (with every optional part it can hold) parses to exactly itself, so the schema knows
 * every field; fields it does not know are dropped, and a missing field or a value of the wrong type is refused
 * with the path that is wrong.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createDeployment } from '../services/apigateway/deployments.js';
import { putIntegration, putIntegrationResponse } from '../services/apigateway/integrations.js';
import { putMethod, putMethodResponse } from '../services/apigateway/methods.js';
import { addResource, call, createApi, OPEN_POLICY, SCOPE, testContext } from '../services/apigateway/test-context.js';
import { parseDeploymentSnapshot } from './apigateway-schema.js';

/** A private API with a MOCK `GET /` and an HTTP `POST /pets/{id}` using every part a method can have, deployed; the stored snapshot as JSON. */
function storedSnapshot(): Record<string, unknown> {
  const ctx = testContext();
  const { id, rootId } = createApi(ctx, {
    name: 'everything',
    description: 'all the parts',
    version: 'v1',
    binaryMediaTypes: ['image/png'],
    minimumCompressionSize: 1024,
    endpointConfiguration: { types: ['PRIVATE'], vpcEndpointIds: ['vpce-0123456789abcdef0'] },
    policy: OPEN_POLICY,
    tags: { team: 'gate' },
  });
  call(ctx, putMethod, { restApiId: id, resourceId: rootId, httpMethod: 'GET', authorizationType: 'NONE' });
  call(ctx, putIntegration, { restApiId: id, resourceId: rootId, httpMethod: 'GET', type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}', 'text/plain': '' } });
  const pets = addResource(ctx, id, rootId, 'pets');
  const key = { restApiId: id, resourceId: addResource(ctx, id, pets, '{id}'), httpMethod: 'POST' };
  call(ctx, putMethod, {
    ...key,
    authorizationType: 'NONE',
    apiKeyRequired: true,
    operationName: 'AddPet',
    requestParameters: { 'method.request.path.id': true, 'method.request.querystring.q': false },
    requestModels: { 'application/json': 'Empty' },
  });
  call(ctx, putMethodResponse, { ...key, statusCode: '200', responseParameters: { 'method.response.header.X-Pet': false }, responseModels: { 'application/json': 'Empty' } });
  call(ctx, putIntegration, {
    ...key,
    type: 'HTTP',
    integrationHttpMethod: 'POST',
    uri: 'https://pets.example.com/pets/{id}',
    requestParameters: { 'integration.request.path.id': 'method.request.path.id' },
    requestTemplates: { 'application/json': '$input.body' },
    timeoutInMillis: 5000,
    tlsConfig: { insecureSkipVerification: true },
  });
  call(ctx, putIntegrationResponse, { ...key, statusCode: '200', selectionPattern: '2\\d{2}', responseParameters: { 'method.response.header.X-Pet': "'yes'" }, responseTemplates: { 'application/json': '' } });
  const deploymentId = call(ctx, createDeployment, { restApiId: id, stageName: 'test' }).id;
  const doc = ctx.store.table<Record<string, unknown>>('deployment_snapshots').get(SCOPE, id, deploymentId);
  assert.ok(doc);
  return doc;
}

describe('the deployment snapshot schema', () => {
  it('parses a snapshot written by CreateDeployment to exactly what was stored: it knows every field', () => {
    const doc = storedSnapshot();
    const parsed = parseDeploymentSnapshot(doc);
    assert.ok(parsed.ok, parsed.ok ? '' : parsed.reason);
    assert.deepEqual(parsed.snapshot, doc);
    // The parts this test means to cover are there (a handler change that drops one should fail here, not pass silently).
    const post = parsed.snapshot.resources.find((r) => r.path === '/pets/{id}')?.resourceMethods?.['POST'];
    assert.equal(post?.methodIntegration?.tlsConfig?.insecureSkipVerification, true);
    assert.equal(post?.methodIntegration?.integrationResponses?.['200']?.responseTemplates?.['application/json'], null);
    assert.deepEqual(post?.methodResponses?.['200']?.responseParameters, { 'method.response.header.X-Pet': false });
    assert.deepEqual(parsed.snapshot.api.endpointConfiguration.vpcEndpointIds, ['vpce-0123456789abcdef0']);
  });

  it('drops fields it does not know (a store written by a newer Gatehouse still reads)', () => {
    const doc = storedSnapshot();
    const parsed = parseDeploymentSnapshot({ ...doc, writtenBy: 'gatehouse 9', api: { ...(doc['api'] as object), ipv6: true } });
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.snapshot, doc);
  });

  it('refuses a missing field, a value of the wrong type or an unknown endpoint type, saying where', () => {
    const doc = storedSnapshot();
    const api = doc['api'] as Record<string, unknown>;
    const reason = (value: unknown): string => {
      const parsed = parseDeploymentSnapshot(value);
      assert.ok(!parsed.ok);
      return parsed.reason;
    };
    assert.equal(reason({ api }), 'resources: Invalid input: expected array, received undefined');
    assert.equal(reason({ ...doc, api: { ...api, disableExecuteApiEndpoint: 'no' } }), 'api.disableExecuteApiEndpoint: Invalid input: expected boolean, received string');
    assert.match(reason({ ...doc, api: { ...api, endpointConfiguration: { types: ['PUBLIC'], ipAddressType: 'ipv4' } } }), /^api\.endpointConfiguration\.types\.0: /);
    assert.match(reason({ ...doc, resources: [{ id: 'x', path: '/', resourceMethods: { GET: { httpMethod: 'GET' } } }] }), /^resources\.0\.resourceMethods\.GET\.authorizationType: .*; resources\.0\.resourceMethods\.GET\.apiKeyRequired: /);
    assert.equal(reason(null), '(the document): Invalid input: expected object, received null');
    assert.match(reason({ api: {}, resources: [] }), /^api\.id: .*; api\.name: .*; api\.createdDate: .*; and \d+ more$/);
  });
});
