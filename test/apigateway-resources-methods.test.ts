/**
 * Resources, methods, method responses, integrations and integration responses end to end with the AWS SDK
 * for JavaScript v3. Expected shapes are AWS's (the recordings, see docs/aws-recorded/;
 * digest in docs/notes/apigateway-control-plane.md §3–§7).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CreateResourceCommand,
  CreateRestApiCommand,
  DeleteIntegrationCommand,
  DeleteIntegrationResponseCommand,
  DeleteMethodCommand,
  DeleteMethodResponseCommand,
  DeleteResourceCommand,
  GetIntegrationCommand,
  GetIntegrationResponseCommand,
  GetMethodCommand,
  GetMethodResponseCommand,
  GetResourceCommand,
  GetResourcesCommand,
  PutIntegrationCommand,
  PutIntegrationResponseCommand,
  PutMethodCommand,
  PutMethodResponseCommand,
  UpdateIntegrationCommand,
  UpdateIntegrationResponseCommand,
  UpdateMethodCommand,
  UpdateMethodResponseCommand,
  UpdateResourceCommand,
  type APIGatewayClient,
  type PutIntegrationCommandInput,
  type Resource,
} from '@aws-sdk/client-api-gateway';
import type { Gatehouse } from '../src/server/gatehouse.js';
import { keysOf, rawApigateway, statusOf } from './support/apigateway.js';
import { ACCOUNT, REGION, apigatewayClient, awsError, withGatehouseClient } from './support/server.js';

const LAMBDA_ARN = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:MyLambda`;
const LAMBDA_URI = `arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/${LAMBDA_ARN}/invocations`;
/** The keys every integration has (I:test_put_integration_validation, MOCK). */
const INTEGRATION_BASE_KEYS = ['cacheKeyParameters', 'cacheNamespace', 'passthroughBehavior', 'timeoutInMillis', 'type'];

let gh: Gatehouse;
let client: APIGatewayClient;

withGatehouseClient((g) => apigatewayClient(g), (g, c) => {
  gh = g;
  client = c;
});

async function newApi(): Promise<{ restApiId: string; rootId: string }> {
  const api = await client.send(new CreateRestApiCommand({ name: `rm-${Math.random().toString(36).slice(2, 8)}` }));
  return { restApiId: api.id!, rootId: api.rootResourceId! };
}

async function createResource(restApiId: string, parentId: string, pathPart: string) {
  return client.send(new CreateResourceCommand({ restApiId, parentId, pathPart }));
}

async function listResources(restApiId: string, embed?: string[]): Promise<Resource[]> {
  const out = await client.send(new GetResourcesCommand({ restApiId, ...(embed ? { embed } : {}) }));
  return [...(out.items ?? [])].sort((a, b) => (a.path! < b.path! ? -1 : a.path! > b.path! ? 1 : 0));
}

/** An API with a resource and a GET method on it. */
async function withMethod(pathPart = 'pets', httpMethod = 'GET') {
  const { restApiId, rootId } = await newApi();
  const resource = await createResource(restApiId, rootId, pathPart);
  await client.send(new PutMethodCommand({ restApiId, resourceId: resource.id!, httpMethod, authorizationType: 'NONE' }));
  return { restApiId, rootId, resourceId: resource.id!, httpMethod };
}

describe('Resources', () => {
  it('CreateResource: 201 {id, parentId, path, pathPart} for static, {param} and {proxy+} parts', async () => {
    const { restApiId, rootId } = await newApi();
    const pets = await createResource(restApiId, rootId, 'pets');
    assert.equal(statusOf(pets), 201);
    assert.deepEqual(keysOf(pets), ['id', 'parentId', 'path', 'pathPart']);
    assert.match(pets.id!, /^[a-z0-9]{6}$/);
    assert.deepEqual({ ...pets, $metadata: undefined }, { $metadata: undefined, id: pets.id, parentId: rootId, path: '/pets', pathPart: 'pets' });

    const petId = await createResource(restApiId, pets.id!, '{petId}');
    assert.equal(petId.path, '/pets/{petId}');
    assert.equal(petId.parentId, pets.id);
    assert.equal(petId.pathPart, '{petId}');

    const proxy = await createResource(restApiId, rootId, '{proxy+}');
    assert.equal(statusOf(proxy), 201);
    assert.equal(proxy.path, '/{proxy+}');
    assert.equal(proxy.pathPart, '{proxy+}');
    // A static sibling of {proxy+} is fine; {child+} under a static parent is greedy too and allowed.
    assert.equal((await createResource(restApiId, rootId, 'static')).path, '/static');
    const files = await createResource(restApiId, pets.id!, 'files');
    assert.equal((await createResource(restApiId, files.id!, '{rest+}')).path, '/pets/files/{rest+}');
  });

  it('GetResource: 200 with the same four keys; GetResources lists the whole tree, root without parentId', async () => {
    const { restApiId, rootId } = await newApi();
    const pets = await createResource(restApiId, rootId, 'pets');
    const petId = await createResource(restApiId, pets.id!, '{petId}');

    const got = await client.send(new GetResourceCommand({ restApiId, resourceId: petId.id! }));
    assert.equal(statusOf(got), 200);
    assert.deepEqual(keysOf(got), ['id', 'parentId', 'path', 'pathPart']);
    assert.equal(got.path, '/pets/{petId}');

    const root = await client.send(new GetResourceCommand({ restApiId, resourceId: rootId }));
    assert.deepEqual(keysOf(root), ['id', 'path']);
    assert.equal(root.path, '/');

    const all = await client.send(new GetResourcesCommand({ restApiId }));
    assert.equal(statusOf(all), 200);
    assert.deepEqual(keysOf(all), ['items'], 'no position on a single page');
    const items = await listResources(restApiId);
    assert.deepEqual(items.map((r) => ({ ...r })), [
      { id: rootId, path: '/' },
      { id: pets.id, parentId: rootId, path: '/pets', pathPart: 'pets' },
      { id: petId.id, parentId: pets.id, path: '/pets/{petId}', pathPart: '{petId}' },
    ]);

    const wire = await rawApigateway(gh, 'GET', `/restapis/${restApiId}/resources`);
    assert.deepEqual(Object.keys(wire.json), ['item']);
  });

  it('GetResource(s) with and without embed=methods', async () => {
    const { restApiId, resourceId } = await withMethod('pets', 'GET');
    await client.send(new PutMethodCommand({ restApiId, resourceId, httpMethod: 'POST', authorizationType: 'AWS_IAM' }));
    await client.send(new PutIntegrationCommand({ restApiId, resourceId, httpMethod: 'GET', type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }));
    await client.send(new PutMethodResponseCommand({ restApiId, resourceId, httpMethod: 'GET', statusCode: '200' }));

    const plain = await client.send(new GetResourceCommand({ restApiId, resourceId }));
    assert.deepEqual(keysOf(plain), ['id', 'parentId', 'path', 'pathPart', 'resourceMethods']);
    assert.deepEqual(Object.keys(plain.resourceMethods!).sort(), ['GET', 'POST']);

    const listed = (await listResources(restApiId)).find((r) => r.id === resourceId)!;
    assert.deepEqual(listed.resourceMethods, { GET: {}, POST: {} }, 'without embed each method is an empty object');

    const embedded = await client.send(new GetResourceCommand({ restApiId, resourceId, embed: ['methods'] }));
    const getMethod = await client.send(new GetMethodCommand({ restApiId, resourceId, httpMethod: 'GET' }));
    const { $metadata: _m, ...getMethodBody } = getMethod;
    assert.deepEqual({ ...embedded.resourceMethods!['GET'] }, { ...getMethodBody });
    assert.equal(embedded.resourceMethods!['GET']!.methodIntegration?.type, 'MOCK');
    assert.deepEqual(Object.keys(embedded.resourceMethods!['GET']!.methodResponses ?? {}), ['200']);
    assert.deepEqual({ ...embedded.resourceMethods!['POST'] }, { httpMethod: 'POST', authorizationType: 'AWS_IAM', apiKeyRequired: false });

    const listEmbedded = (await listResources(restApiId, ['methods'])).find((r) => r.id === resourceId)!;
    assert.equal(listEmbedded.resourceMethods!['GET']!.methodIntegration?.type, 'MOCK');
    assert.equal(listEmbedded.resourceMethods!['POST']!.authorizationType, 'AWS_IAM');
    // The root (no methods) has no resourceMethods key even with embed.
    const root = (await listResources(restApiId, ['methods']))[0]!;
    assert.deepEqual(keysOf(root), ['id', 'path']);
  });

  it('UpdateResource replace /pathPart: 200, the whole subtree follows', async () => {
    const { restApiId, rootId } = await newApi();
    const pets = await createResource(restApiId, rootId, 'pets');
    const petId = await createResource(restApiId, pets.id!, '{petId}');
    const toys = await createResource(restApiId, petId.id!, 'toys');

    const renamed = await client.send(new UpdateResourceCommand({ restApiId, resourceId: pets.id!, patchOperations: [{ op: 'replace', path: '/pathPart', value: 'dogs' }] }));
    assert.equal(statusOf(renamed), 200);
    assert.deepEqual(keysOf(renamed), ['id', 'parentId', 'path', 'pathPart']);
    assert.equal(renamed.path, '/dogs');
    assert.equal(renamed.pathPart, 'dogs');

    const paths = (await listResources(restApiId)).map((r) => [r.id, r.path]);
    assert.deepEqual(paths, [
      [rootId, '/'],
      [pets.id, '/dogs'],
      [petId.id, '/dogs/{petId}'],
      [toys.id, '/dogs/{petId}/toys'],
    ]);
    assert.equal((await client.send(new GetResourceCommand({ restApiId, resourceId: toys.id! }))).path, '/dogs/{petId}/toys');
  });

  it('UpdateResource replace /parentId: the moved subtree gets new paths; the old parent keeps nothing of it', async () => {
    const { restApiId, rootId } = await newApi();
    const pets = await createResource(restApiId, rootId, 'pets');
    const sub = await createResource(restApiId, pets.id!, 'subpets');
    const leaf = await createResource(restApiId, sub.id!, 'leaf');
    const other = await createResource(restApiId, rootId, 'other');

    const moved = await client.send(new UpdateResourceCommand({ restApiId, resourceId: sub.id!, patchOperations: [{ op: 'replace', path: '/parentId', value: other.id! }] }));
    assert.equal(statusOf(moved), 200);
    assert.deepEqual({ ...moved, $metadata: undefined }, { $metadata: undefined, id: sub.id, parentId: other.id, path: '/other/subpets', pathPart: 'subpets' });
    assert.equal((await client.send(new GetResourceCommand({ restApiId, resourceId: leaf.id! }))).path, '/other/subpets/leaf');

    const toRoot = await client.send(new UpdateResourceCommand({ restApiId, resourceId: sub.id!, patchOperations: [{ op: 'replace', path: '/parentId', value: rootId }] }));
    assert.equal(toRoot.path, '/subpets');
    assert.deepEqual((await listResources(restApiId)).map((r) => r.path), ['/', '/other', '/pets', '/subpets', '/subpets/leaf']);

    // A child moved away survives its old parent's deletion (A:test_update_resource_behaviour).
    await client.send(new DeleteResourceCommand({ restApiId, resourceId: pets.id! }));
    assert.deepEqual((await listResources(restApiId)).map((r) => r.path), ['/', '/other', '/subpets', '/subpets/leaf']);
  });

  it('DeleteResource: 202 and the whole subtree (with its methods) is gone', async () => {
    const { restApiId, rootId } = await newApi();
    const pets = await createResource(restApiId, rootId, 'pets');
    const sub = await createResource(restApiId, pets.id!, 'subpets');
    const deep = await createResource(restApiId, sub.id!, '{id}');
    await client.send(new PutMethodCommand({ restApiId, resourceId: deep.id!, httpMethod: 'GET', authorizationType: 'NONE' }));
    const keep = await createResource(restApiId, rootId, 'keep');

    const deleted = await client.send(new DeleteResourceCommand({ restApiId, resourceId: pets.id! }));
    assert.equal(statusOf(deleted), 202);
    assert.deepEqual((await listResources(restApiId)).map((r) => r.id), [rootId, keep.id]);
    for (const id of [pets.id!, sub.id!, deep.id!]) {
      assert.deepEqual(await awsError(client.send(new GetResourceCommand({ restApiId, resourceId: id }))), {
        name: 'NotFoundException',
        status: 404,
        message: 'Invalid Resource identifier specified',
      });
    }
    assert.deepEqual(await awsError(client.send(new DeleteResourceCommand({ restApiId, resourceId: sub.id! }))), {
      name: 'NotFoundException',
      status: 404,
      message: 'Invalid Resource identifier specified',
    });
    // The path can be used again.
    assert.equal((await createResource(restApiId, rootId, 'pets')).path, '/pets');
  });
});

describe('Methods', () => {
  it('PutMethod: 201 {apiKeyRequired:false, authorizationType, httpMethod}; lower-case "none" becomes NONE', async () => {
    const { restApiId, rootId } = await newApi();
    const put = await client.send(new PutMethodCommand({ restApiId, resourceId: rootId, httpMethod: 'GET', authorizationType: 'none' }));
    assert.equal(statusOf(put), 201);
    assert.deepEqual(keysOf(put), ['apiKeyRequired', 'authorizationType', 'httpMethod']);
    assert.equal(put.apiKeyRequired, false);
    assert.equal(put.authorizationType, 'NONE');
    assert.equal(put.httpMethod, 'GET');
  });

  it('PutMethod echoes the optional members it was given', async () => {
    const { restApiId, rootId } = await newApi();
    const put = await client.send(
      new PutMethodCommand({
        restApiId,
        resourceId: rootId,
        httpMethod: 'ANY',
        authorizationType: 'AWS_IAM',
        apiKeyRequired: true,
        operationName: 'AnyRoot',
        requestParameters: { 'method.request.querystring.q': true, 'method.request.header.x-opt': false },
        requestModels: { 'application/json': 'Empty' },
      }),
    );
    assert.deepEqual(keysOf(put), ['apiKeyRequired', 'authorizationType', 'httpMethod', 'operationName', 'requestModels', 'requestParameters']);
    assert.equal(put.apiKeyRequired, true);
    assert.equal(put.authorizationType, 'AWS_IAM');
    assert.equal(put.operationName, 'AnyRoot');
    assert.deepEqual(put.requestParameters, { 'method.request.querystring.q': true, 'method.request.header.x-opt': false });
    assert.deepEqual(put.requestModels, { 'application/json': 'Empty' });
  });

  it('GetMethod: 200; methodIntegration and methodResponses appear only once they exist', async () => {
    const { restApiId, resourceId } = await withMethod();
    const bare = await client.send(new GetMethodCommand({ restApiId, resourceId, httpMethod: 'GET' }));
    assert.equal(statusOf(bare), 200);
    assert.deepEqual(keysOf(bare), ['apiKeyRequired', 'authorizationType', 'httpMethod']);

    await client.send(new PutIntegrationCommand({ restApiId, resourceId, httpMethod: 'GET', type: 'HTTP', integrationHttpMethod: 'POST', uri: 'http://example.com' }));
    await client.send(new PutIntegrationResponseCommand({ restApiId, resourceId, httpMethod: 'GET', statusCode: '200', selectionPattern: '2\\d{2}', responseTemplates: {} }));
    await client.send(new PutMethodResponseCommand({ restApiId, resourceId, httpMethod: 'GET', statusCode: '200' }));

    const full = await client.send(new GetMethodCommand({ restApiId, resourceId, httpMethod: 'GET' }));
    assert.deepEqual(keysOf(full), ['apiKeyRequired', 'authorizationType', 'httpMethod', 'methodIntegration', 'methodResponses']);
    // I:test_put_integration_responses/get-method-get
    assert.deepEqual(JSON.parse(JSON.stringify(full.methodIntegration)), {
      cacheKeyParameters: [],
      cacheNamespace: resourceId,
      connectionType: 'INTERNET',
      httpMethod: 'POST',
      integrationResponses: { '200': { responseTemplates: {}, selectionPattern: '2\\d{2}', statusCode: '200' } },
      passthroughBehavior: 'WHEN_NO_MATCH',
      timeoutInMillis: 29000,
      type: 'HTTP',
      uri: 'http://example.com',
    });
    assert.deepEqual(JSON.parse(JSON.stringify(full.methodResponses)), { '200': { statusCode: '200' } });
  });

  it('UpdateMethod: every patch path, 200 with the full method (integration and responses embedded)', async () => {
    const { restApiId, resourceId } = await withMethod();
    await client.send(new PutIntegrationCommand({ restApiId, resourceId, httpMethod: 'GET', type: 'MOCK' }));
    await client.send(new PutMethodResponseCommand({ restApiId, resourceId, httpMethod: 'GET', statusCode: '200' }));
    const update = (patchOperations: { op: 'add' | 'replace' | 'remove'; path: string; value?: string }[]) =>
      client.send(new UpdateMethodCommand({ restApiId, resourceId, httpMethod: 'GET', patchOperations }));

    const added = await update([{ op: 'add', path: '/requestParameters/method.request.querystring.optional', value: 'true' }]);
    assert.equal(statusOf(added), 200);
    assert.deepEqual(added.requestParameters, { 'method.request.querystring.optional': true });
    assert.deepEqual(keysOf(added), ['apiKeyRequired', 'authorizationType', 'httpMethod', 'methodIntegration', 'methodResponses', 'requestParameters']);
    assert.equal(added.methodIntegration?.type, 'MOCK');
    assert.deepEqual(Object.keys(added.methodResponses ?? {}), ['200']);

    const replaced = await update([{ op: 'replace', path: '/requestParameters/method.request.querystring.optional', value: 'false' }]);
    assert.deepEqual(replaced.requestParameters, { 'method.request.querystring.optional': false });
    const removed = await update([{ op: 'remove', path: '/requestParameters/method.request.querystring.optional', value: 'false' }]);
    assert.ok(!keysOf(removed).includes('requestParameters'), 'an emptied map is omitted');

    const models = await update([{ op: 'add', path: '/requestModels/application~1json', value: 'Empty' }]);
    assert.deepEqual(models.requestModels, { 'application/json': 'Empty' });
    const noModels = await update([{ op: 'remove', path: '/requestModels/application~1json' }]);
    assert.ok(!keysOf(noModels).includes('requestModels'));

    const named = await update([{ op: 'replace', path: '/operationName', value: 'ListPets' }]);
    assert.equal(named.operationName, 'ListPets');

    assert.equal((await update([{ op: 'replace', path: '/apiKeyRequired', value: 'true' }])).apiKeyRequired, true);
    assert.equal((await update([{ op: 'replace', path: '/apiKeyRequired', value: 'whatever' }])).apiKeyRequired, false);

    const iam = await update([{ op: 'replace', path: '/authorizationType', value: 'AWS_IAM' }]);
    assert.equal(iam.authorizationType, 'AWS_IAM');
    // An authorizer id on a non-CUSTOM method is dropped silently.
    const ignored = await update([{ op: 'replace', path: '/authorizerId', value: 'abc123' }]);
    assert.ok(!keysOf(ignored).includes('authorizerId'));

    const got = await client.send(new GetMethodCommand({ restApiId, resourceId, httpMethod: 'GET' }));
    assert.equal(got.operationName, 'ListPets');
    assert.equal(got.authorizationType, 'AWS_IAM');
  });

  it('DeleteMethod: 204; then the method is gone', async () => {
    const { restApiId, resourceId } = await withMethod();
    const deleted = await client.send(new DeleteMethodCommand({ restApiId, resourceId, httpMethod: 'GET' }));
    assert.equal(statusOf(deleted), 204);
    const expected = { name: 'NotFoundException', status: 404, message: 'Invalid Method identifier specified' };
    assert.deepEqual(await awsError(client.send(new GetMethodCommand({ restApiId, resourceId, httpMethod: 'GET' }))), expected);
    assert.deepEqual(await awsError(client.send(new DeleteMethodCommand({ restApiId, resourceId, httpMethod: 'GET' }))), expected);
    assert.ok(!keysOf(await client.send(new GetResourceCommand({ restApiId, resourceId }))).includes('resourceMethods'));
  });
});

describe('Method responses', () => {
  it('PutMethodResponse: 201 {statusCode} alone; explicit {} maps are echoed as {}', async () => {
    const { restApiId, resourceId } = await withMethod();
    const bare = await client.send(new PutMethodResponseCommand({ restApiId, resourceId, httpMethod: 'GET', statusCode: '200' }));
    assert.equal(statusOf(bare), 201);
    assert.deepEqual(keysOf(bare), ['statusCode']);
    assert.equal(bare.statusCode, '200');

    const empty = await client.send(new PutMethodResponseCommand({ restApiId, resourceId, httpMethod: 'GET', statusCode: '400', responseParameters: {}, responseModels: {} }));
    assert.deepEqual(keysOf(empty), ['responseModels', 'responseParameters', 'statusCode']);
    assert.deepEqual(empty.responseModels, {});
    assert.deepEqual(empty.responseParameters, {});

    const full = await client.send(
      new PutMethodResponseCommand({
        restApiId,
        resourceId,
        httpMethod: 'GET',
        statusCode: '500',
        responseParameters: { 'method.response.header.X-Id': true },
        responseModels: { 'application/json': 'Error' },
      }),
    );
    assert.deepEqual(full.responseParameters, { 'method.response.header.X-Id': true });
    assert.deepEqual(full.responseModels, { 'application/json': 'Error' });
  });

  it('GetMethodResponse: 200, same shape', async () => {
    const { restApiId, resourceId } = await withMethod();
    await client.send(new PutMethodResponseCommand({ restApiId, resourceId, httpMethod: 'GET', statusCode: '200', responseParameters: {}, responseModels: {} }));
    const got = await client.send(new GetMethodResponseCommand({ restApiId, resourceId, httpMethod: 'GET', statusCode: '200' }));
    assert.equal(statusOf(got), 200);
    assert.deepEqual(keysOf(got), ['responseModels', 'responseParameters', 'statusCode']);
  });

  it('UpdateMethodResponse: 201; add/replace/remove parameters and models; emptied maps are omitted', async () => {
    const { restApiId, resourceId } = await withMethod();
    await client.send(new PutMethodResponseCommand({ restApiId, resourceId, httpMethod: 'GET', statusCode: '200' }));
    const update = (patchOperations: { op: 'add' | 'replace' | 'remove'; path: string; value?: string }[]) =>
      client.send(new UpdateMethodResponseCommand({ restApiId, resourceId, httpMethod: 'GET', statusCode: '200', patchOperations }));

    const added = await update([
      { op: 'add', path: '/responseParameters/method.response.header.my-header', value: 'true' },
      { op: 'add', path: '/responseModels/application~1json', value: 'Empty' },
    ]);
    assert.equal(statusOf(added), 201, 'UpdateMethodResponse answers 201');
    assert.deepEqual(added.responseParameters, { 'method.response.header.my-header': true });
    assert.deepEqual(added.responseModels, { 'application/json': 'Empty' });

    const replaced = await update([{ op: 'replace', path: '/responseParameters/method.response.header.my-header', value: 'false' }]);
    assert.deepEqual(replaced.responseParameters, { 'method.response.header.my-header': false });

    const removed = await update([
      { op: 'remove', path: '/responseParameters/method.response.header.my-header' },
      { op: 'remove', path: '/responseModels/application~1json' },
    ]);
    assert.deepEqual(keysOf(removed), ['statusCode']);
  });

  it('DeleteMethodResponse: 204; GetMethod drops methodResponses', async () => {
    const { restApiId, resourceId } = await withMethod();
    await client.send(new PutMethodResponseCommand({ restApiId, resourceId, httpMethod: 'GET', statusCode: '200' }));
    const deleted = await client.send(new DeleteMethodResponseCommand({ restApiId, resourceId, httpMethod: 'GET', statusCode: '200' }));
    assert.equal(statusOf(deleted), 204);
    assert.deepEqual(await awsError(client.send(new GetMethodResponseCommand({ restApiId, resourceId, httpMethod: 'GET', statusCode: '200' }))), {
      name: 'NotFoundException',
      status: 404,
      message: 'Invalid Response status code specified',
    });
    assert.ok(!keysOf(await client.send(new GetMethodCommand({ restApiId, resourceId, httpMethod: 'GET' }))).includes('methodResponses'));
  });
});

describe('Integrations', () => {
  async function putIntegration(key: { restApiId: string; resourceId: string; httpMethod: string }, input: Omit<PutIntegrationCommandInput, 'restApiId' | 'resourceId' | 'httpMethod'>) {
    return client.send(new PutIntegrationCommand({ ...key, ...input }));
  }

  it('MOCK: 201 with the defaults; a uri sent with it is dropped; no connectionType', async () => {
    const key = await withMethod();
    const mock = await putIntegration(key, { type: 'MOCK', uri: 'http://example.com' });
    assert.equal(statusOf(mock), 201);
    assert.deepEqual(keysOf(mock), INTEGRATION_BASE_KEYS);
    assert.deepEqual(mock.cacheKeyParameters, []);
    assert.equal(mock.cacheNamespace, key.resourceId);
    assert.equal(mock.passthroughBehavior, 'WHEN_NO_MATCH');
    assert.equal(mock.timeoutInMillis, 29000);
    assert.equal(mock.type, 'MOCK');
  });

  it('HTTP: connectionType INTERNET, httpMethod and uri', async () => {
    const key = await withMethod();
    const http = await putIntegration(key, { type: 'HTTP', integrationHttpMethod: 'POST', uri: 'http://example.com' });
    assert.deepEqual(keysOf(http), [...INTEGRATION_BASE_KEYS, 'connectionType', 'httpMethod', 'uri'].sort());
    assert.equal(http.connectionType, 'INTERNET');
    assert.equal(http.httpMethod, 'POST');
    assert.equal(http.uri, 'http://example.com');
  });

  it('HTTP_PROXY: connectionType INTERNET', async () => {
    const key = await withMethod('{proxy+}', 'ANY');
    const proxy = await putIntegration(key, { type: 'HTTP_PROXY', integrationHttpMethod: 'ANY', uri: 'https://backend.example.com/{proxy}' });
    assert.deepEqual(keysOf(proxy), [...INTEGRATION_BASE_KEYS, 'connectionType', 'httpMethod', 'uri'].sort());
    assert.equal(proxy.connectionType, 'INTERNET');
    assert.equal(proxy.httpMethod, 'ANY');
    assert.equal(proxy.type, 'HTTP_PROXY');
  });

  it('AWS_PROXY with a Lambda invocation URI: no connectionType, no credentials needed', async () => {
    const key = await withMethod();
    const lambda = await putIntegration(key, { type: 'AWS_PROXY', integrationHttpMethod: 'POST', uri: LAMBDA_URI });
    assert.equal(statusOf(lambda), 201);
    assert.deepEqual(keysOf(lambda), [...INTEGRATION_BASE_KEYS, 'httpMethod', 'uri'].sort());
    assert.equal(lambda.httpMethod, 'POST');
    assert.equal(lambda.uri, LAMBDA_URI);
    assert.equal(lambda.type, 'AWS_PROXY');
  });

  it('AWS (non-proxy) with credentials: no connectionType, credentials echoed', async () => {
    const key = await withMethod();
    const role = `arn:aws:iam::${ACCOUNT}:role/apigw-invoke`;
    const aws = await putIntegration(key, { type: 'AWS', integrationHttpMethod: 'POST', uri: LAMBDA_URI, credentials: role });
    assert.equal(statusOf(aws), 201);
    assert.deepEqual(keysOf(aws), [...INTEGRATION_BASE_KEYS, 'credentials', 'httpMethod', 'uri'].sort());
    assert.equal(aws.credentials, role);
    assert.equal(aws.type, 'AWS');
  });

  it('VPC_LINK: connectionType and connectionId are echoed (the id may be a stage variable)', async () => {
    const key = await withMethod();
    const link = await putIntegration(key, {
      type: 'HTTP_PROXY',
      integrationHttpMethod: 'GET',
      uri: 'http://internal.example.com',
      connectionType: 'VPC_LINK',
      connectionId: '${stageVariables.vpcLinkId}',
    });
    assert.equal(link.connectionType, 'VPC_LINK');
    assert.equal(link.connectionId, '${stageVariables.vpcLinkId}');
  });

  it('the integration method travels as "httpMethod" on the wire, both ways', async () => {
    const key = await withMethod();
    const path = `/restapis/${key.restApiId}/resources/${key.resourceId}/methods/GET/integration`;
    const put = await rawApigateway(gh, 'PUT', path, { body: { type: 'HTTP', httpMethod: 'PATCH', uri: 'https://example.com/x' } });
    assert.equal(put.status, 201);
    assert.equal(put.json['httpMethod'], 'PATCH');
    assert.ok(!('integrationHttpMethod' in put.json));
    const got = await client.send(new GetIntegrationCommand({ ...key }));
    assert.equal(got.httpMethod, 'PATCH');

    await putIntegration(key, { type: 'HTTP', integrationHttpMethod: 'DELETE', uri: 'https://example.com/y' });
    const wire = await rawApigateway(gh, 'GET', path);
    assert.equal(wire.json['httpMethod'], 'DELETE');
  });

  it('optional members are echoed; a second PutIntegration replaces the first', async () => {
    const key = await withMethod('{id}');
    const custom = await putIntegration(key, {
      type: 'HTTP',
      integrationHttpMethod: 'GET',
      uri: 'https://example.com/items/{id}',
      requestParameters: { 'integration.request.path.id': 'method.request.path.id' },
      requestTemplates: { 'application/json': '{statusCode: 200}' },
      passthroughBehavior: 'WHEN_NO_TEMPLATES',
      timeoutInMillis: 5000,
      cacheKeyParameters: ['method.request.path.id'],
      contentHandling: 'CONVERT_TO_TEXT',
    });
    assert.deepEqual(custom.requestParameters, { 'integration.request.path.id': 'method.request.path.id' });
    assert.deepEqual(custom.requestTemplates, { 'application/json': '{statusCode: 200}' });
    assert.equal(custom.passthroughBehavior, 'WHEN_NO_TEMPLATES');
    assert.equal(custom.timeoutInMillis, 5000);
    assert.deepEqual(custom.cacheKeyParameters, ['method.request.path.id']);
    assert.equal(custom.contentHandling, 'CONVERT_TO_TEXT');

    const replaced = await putIntegration(key, { type: 'MOCK' });
    assert.deepEqual(keysOf(replaced), INTEGRATION_BASE_KEYS);
    assert.deepEqual(keysOf(await client.send(new GetIntegrationCommand({ ...key }))), INTEGRATION_BASE_KEYS);
  });

  it('cacheNamespace is shared by the methods of one resource', async () => {
    const key = await withMethod();
    await client.send(new PutMethodCommand({ restApiId: key.restApiId, resourceId: key.resourceId, httpMethod: 'PUT', authorizationType: 'NONE' }));
    const a = await putIntegration(key, { type: 'MOCK' });
    const b = await putIntegration({ ...key, httpMethod: 'PUT' }, { type: 'HTTP', integrationHttpMethod: 'PUT', uri: 'http://example.com' });
    assert.equal(a.cacheNamespace, b.cacheNamespace);
  });

  it('GetIntegration: 200, same shape, plus integrationResponses once one exists', async () => {
    const key = await withMethod();
    const put = await putIntegration(key, { type: 'AWS_PROXY', integrationHttpMethod: 'POST', uri: LAMBDA_URI });
    const got = await client.send(new GetIntegrationCommand({ ...key }));
    assert.equal(statusOf(got), 200);
    const { $metadata: _a, ...putBody } = put;
    const { $metadata: _b, ...gotBody } = got;
    assert.deepEqual(gotBody, putBody);

    await client.send(new PutIntegrationResponseCommand({ ...key, statusCode: '200' }));
    const withResponses = await client.send(new GetIntegrationCommand({ ...key }));
    assert.deepEqual(keysOf(withResponses), [...INTEGRATION_BASE_KEYS, 'httpMethod', 'integrationResponses', 'uri'].sort());
    assert.deepEqual(JSON.parse(JSON.stringify(withResponses.integrationResponses)), { '200': { statusCode: '200' } });
  });

  it('UpdateIntegration: 200 with the full integration', async () => {
    const key = await withMethod();
    await putIntegration(key, {
      type: 'HTTP_PROXY',
      integrationHttpMethod: 'GET',
      uri: 'http://internal.example.com',
      connectionType: 'VPC_LINK',
      connectionId: '${stageVariables.vpcLinkId}',
    });
    const updated = await client.send(
      new UpdateIntegrationCommand({
        ...key,
        patchOperations: [
          { op: 'replace', path: '/connectionId', value: '${stageVariables.vpcLinkIdBeta}' },
          { op: 'replace', path: '/uri', value: 'http://beta.example.com' },
          { op: 'replace', path: '/httpMethod', value: 'POST' },
          { op: 'replace', path: '/timeoutInMillis', value: '1000' },
        ],
      }),
    );
    assert.equal(statusOf(updated), 200);
    assert.deepEqual(keysOf(updated), [...INTEGRATION_BASE_KEYS, 'connectionId', 'connectionType', 'httpMethod', 'uri'].sort());
    assert.equal(updated.connectionId, '${stageVariables.vpcLinkIdBeta}');
    assert.equal(updated.uri, 'http://beta.example.com');
    assert.equal(updated.httpMethod, 'POST');
    assert.equal(updated.timeoutInMillis, 1000);
    assert.equal((await client.send(new GetIntegrationCommand({ ...key }))).connectionId, '${stageVariables.vpcLinkIdBeta}');
  });

  it('DeleteIntegration: 204; GetIntegration 404s and GetMethod has no methodIntegration', async () => {
    const key = await withMethod();
    await putIntegration(key, { type: 'MOCK' });
    const deleted = await client.send(new DeleteIntegrationCommand({ ...key }));
    assert.equal(statusOf(deleted), 204);
    assert.deepEqual(await awsError(client.send(new GetIntegrationCommand({ ...key }))), {
      name: 'NotFoundException',
      status: 404,
      message: 'Invalid Integration identifier specified',
    });
    assert.ok(!keysOf(await client.send(new GetMethodCommand({ ...key }))).includes('methodIntegration'));
  });
});

describe('Integration responses', () => {
  async function withIntegration() {
    const key = await withMethod();
    await client.send(new PutIntegrationCommand({ ...key, type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }));
    return key;
  }

  it('PutIntegrationResponse: 201 {statusCode} alone; optional members echoed; "" selectionPattern kept', async () => {
    const key = await withIntegration();
    const bare = await client.send(new PutIntegrationResponseCommand({ ...key, statusCode: '200' }));
    assert.equal(statusOf(bare), 201);
    assert.deepEqual(keysOf(bare), ['statusCode']);

    const full = await client.send(
      new PutIntegrationResponseCommand({
        ...key,
        statusCode: '400',
        selectionPattern: '4\\d{2}',
        responseParameters: { 'method.response.header.X-Id': "'static'" },
        responseTemplates: {},
        contentHandling: 'CONVERT_TO_TEXT',
      }),
    );
    assert.deepEqual(keysOf(full), ['contentHandling', 'responseParameters', 'responseTemplates', 'selectionPattern', 'statusCode']);
    assert.equal(full.selectionPattern, '4\\d{2}');
    assert.deepEqual(full.responseParameters, { 'method.response.header.X-Id': "'static'" });
    assert.deepEqual(full.responseTemplates, {});
    assert.equal(full.contentHandling, 'CONVERT_TO_TEXT');

    const emptyPattern = await client.send(new PutIntegrationResponseCommand({ ...key, statusCode: '500', selectionPattern: '' }));
    assert.deepEqual(keysOf(emptyPattern), ['selectionPattern', 'statusCode']);
    assert.equal(emptyPattern.selectionPattern, '');
  });

  it('an empty response template is stored and returned as null', async () => {
    const key = await withIntegration();
    await client.send(new PutIntegrationResponseCommand({ ...key, statusCode: '200', responseTemplates: { 'application/json': '' } }));
    const wire = await rawApigateway(gh, 'GET', `/restapis/${key.restApiId}/resources/${key.resourceId}/methods/GET/integration/responses/200`);
    assert.equal(wire.status, 200);
    assert.deepEqual(wire.json, { statusCode: '200', responseTemplates: { 'application/json': null } });
  });

  it('a null response template sent on the wire is stored and echoed as null', async () => {
    const key = await withIntegration();
    const path = `/restapis/${key.restApiId}/resources/${key.resourceId}/methods/GET/integration/responses/200`;
    const put = await rawApigateway(gh, 'PUT', path, { body: { responseTemplates: { 'application/json': null } } });
    assert.equal(put.status, 201);
    assert.deepEqual(put.json, { statusCode: '200', responseTemplates: { 'application/json': null } });
  });

  it('a second PUT on the same status overwrites the whole object', async () => {
    const key = await withIntegration();
    await client.send(new PutIntegrationResponseCommand({ ...key, statusCode: '200', selectionPattern: 'x', responseTemplates: { 'application/json': '$input.body' } }));
    const again = await client.send(new PutIntegrationResponseCommand({ ...key, statusCode: '200' }));
    assert.deepEqual(keysOf(again), ['statusCode']);
    assert.deepEqual(keysOf(await client.send(new GetIntegrationResponseCommand({ ...key, statusCode: '200' }))), ['statusCode']);
  });

  it('GetIntegrationResponse: 200, same shape; UpdateIntegrationResponse: 200 replace /selectionPattern', async () => {
    const key = await withIntegration();
    await client.send(new PutIntegrationResponseCommand({ ...key, statusCode: '200', selectionPattern: 'foobar', responseTemplates: {} }));
    const got = await client.send(new GetIntegrationResponseCommand({ ...key, statusCode: '200' }));
    assert.equal(statusOf(got), 200);
    assert.deepEqual(keysOf(got), ['responseTemplates', 'selectionPattern', 'statusCode']);

    const updated = await client.send(
      new UpdateIntegrationResponseCommand({ ...key, statusCode: '200', patchOperations: [{ op: 'replace', path: '/selectionPattern', value: 'updated-pattern' }] }),
    );
    assert.equal(statusOf(updated), 200);
    assert.equal(updated.selectionPattern, 'updated-pattern');
    assert.deepEqual(keysOf(updated), ['responseTemplates', 'selectionPattern', 'statusCode']);

    const templated = await client.send(
      new UpdateIntegrationResponseCommand({ ...key, statusCode: '200', patchOperations: [{ op: 'add', path: '/responseTemplates/application~1json', value: '{"ok": true}' }] }),
    );
    assert.deepEqual(templated.responseTemplates, { 'application/json': '{"ok": true}' });
  });

  it('DeleteIntegrationResponse: 204; methodIntegration drops integrationResponses entirely', async () => {
    const key = await withIntegration();
    await client.send(new PutIntegrationResponseCommand({ ...key, statusCode: '200' }));
    const deleted = await client.send(new DeleteIntegrationResponseCommand({ ...key, statusCode: '200' }));
    assert.equal(statusOf(deleted), 204);
    assert.deepEqual(await awsError(client.send(new GetIntegrationResponseCommand({ ...key, statusCode: '200' }))), {
      name: 'NotFoundException',
      status: 404,
      message: 'Invalid Response status code specified',
    });
    const method = await client.send(new GetMethodCommand({ ...key }));
    assert.ok(method.methodIntegration !== undefined);
    assert.ok(!keysOf(method.methodIntegration).includes('integrationResponses'));
  });

  it('can be created before the matching method response exists', async () => {
    const key = await withIntegration();
    const put = await client.send(new PutIntegrationResponseCommand({ ...key, statusCode: '201' }));
    assert.equal(statusOf(put), 201);
    assert.ok(!keysOf(await client.send(new GetMethodCommand({ ...key }))).includes('methodResponses'));
  });
});

describe('path parts', () => {
  it('takes letters, digits, ._-: and {name} / {name+}; refuses anything else with AWS message', async () => {
    const { restApiId, rootId } = await newApi();
    for (const pathPart of ['/users', 'users/', 'users/{user_id}', 'us{er', 'us+er', '$metadata', '']) {
      assert.deepEqual(await awsError(client.send(new CreateResourceCommand({ restApiId, parentId: rootId, pathPart }))), {
        name: 'BadRequestException',
        status: 400,
        message: "Resource's path part only allow a-zA-Z0-9._- and curly braces at the beginning and the end and an optional plus sign before the closing brace.",
      }, pathPart);
    }
    for (const pathPart of ['users', 'us:er_0-9']) await createResource(restApiId, rootId, pathPart);
    const users = (await listResources(restApiId)).find((r) => r.path === '/users')!;
    for (const pathPart of ['{user_id}', 'static']) await createResource(restApiId, users.id!, pathPart);
    await createResource(restApiId, rootId, '{pro:xy+}');
  });
});
