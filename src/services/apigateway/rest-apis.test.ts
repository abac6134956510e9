/** RestApi handlers called directly: create (defaults, validation order), get, list, update patches, delete, clone. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createDeployment } from './deployments.js';
import { getResources } from './resources.js';
import { createRestApi, deleteRestApi, getRestApi, getRestApis, updateRestApi } from './rest-apis.js';
import { getStages } from './stages.js';
import { ACCOUNT, addMockMethod, addResource, call, createApi, expectError, OPEN_POLICY, ops, REGION, SCOPE, T0, testContext } from './test-context.js';

const TYPES_CLAUSE = "Value '[wrong]' at 'createRestApiInput.endpointConfiguration.types' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [PRIVATE, EDGE, REGIONAL]]";
const IP_CLAUSE = "Value 'wrong' at 'createRestApiInput.endpointConfiguration.ipAddressType' failed to satisfy constraint: Member must satisfy enum value set: [ipv4, dualstack]";
const opClause = (n: number): string =>
  `Value 'wrong' at 'updateRestApiInput.patchOperations.${n}.member.op' failed to satisfy constraint: Member must satisfy enum value set: [add, remove, move, test, replace, copy]`;
const BAD_COMPRESSION = 'Invalid minimum compression size, must be between 0 and 10485760';

describe('CreateRestApi', () => {
  it('answers the API with AWS defaults: EDGE/ipv4, HEADER key source, the clock’s date, no tags', () => {
    const ctx = testContext();
    const api = call(ctx, createRestApi, { name: 'pets' });
    assert.match(api['id'] as string, /^[a-z0-9]{10}$/);
    assert.match(api['rootResourceId'] as string, /^[a-z0-9]{10}$/);
    assert.deepEqual(api, {
      id: api['id'], name: 'pets', createdDate: T0, apiKeySource: 'HEADER', endpointConfiguration: { types: ['EDGE'], ipAddressType: 'ipv4' },
      disableExecuteApiEndpoint: false, rootResourceId: api['rootResourceId'],
    });
  });

  it('keeps the optional fields sent; empty binary media types and an empty policy are no field', () => {
    const ctx = testContext();
    const api = call(ctx, createRestApi, {
      name: 'full', description: 'd', version: 'v1', binaryMediaTypes: ['image/png'], minimumCompressionSize: 0, apiKeySource: 'AUTHORIZER',
      tags: { team: 'api' }, disableExecuteApiEndpoint: true, endpointConfiguration: { types: ['REGIONAL'] },
    });
    assert.deepEqual(
      [api['description'], api['version'], api['binaryMediaTypes'], api['minimumCompressionSize'], api['apiKeySource'], api['tags'], api['disableExecuteApiEndpoint']],
      ['d', 'v1', ['image/png'], 0, 'AUTHORIZER', { team: 'api' }, true],
    );
    const bare = call(ctx, createRestApi, { name: 'bare', binaryMediaTypes: [], policy: '' });
    assert.equal('binaryMediaTypes' in bare || 'policy' in bare, false);
  });

  it('the root resource "/" exists at once', () => {
    const ctx = testContext();
    const { id, rootId } = createApi(ctx);
    assert.deepEqual(call(ctx, getResources, { restApiId: id }).items, [{ id: rootId, path: '/' }]);
  });

  it('stores the policy expanded for this API and answers it in the escaped form', () => {
    const ctx = testContext();
    const api = call(ctx, createRestApi, { name: 'private', endpointConfiguration: { types: ['PRIVATE'] }, policy: OPEN_POLICY });
    const expected = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: `arn:aws:execute-api:${REGION}:${ACCOUNT}:${api['id']}/*` }],
    });
    assert.equal(api['policy'], expected.replace(/"/g, '\\"').replace(/\//g, '\\/'));
  });

  it('validation: model constraints first, all clauses together, then the service’s own checks in AWS’s order', () => {
    const ctx = testContext();
    const create = (input: Record<string, unknown>) => () => call(ctx, createRestApi, input);
    expectError(create({}), 'ValidationException', "1 validation error detected: Value null at 'createRestApiInput.name' failed to satisfy constraint: Member must not be null");
    expectError(create({ name: 'x', endpointConfiguration: { types: ['wrong'], ipAddressType: 'wrong' } }), 'ValidationException', `2 validation errors detected: ${TYPES_CLAUSE}; ${IP_CLAUSE}`);
    expectError(create({ name: 'x', description: '', minimumCompressionSize: -1, endpointConfiguration: { types: ['wrong'] } }), 'ValidationException', `1 validation error detected: ${TYPES_CLAUSE}`);
    expectError(create({ name: 'x', apiKeySource: 'QUERY' }), 'ValidationException', "1 validation error detected: Value 'QUERY' at 'createRestApiInput.apiKeySource' failed to satisfy constraint: Member must satisfy enum value set: [HEADER, AUTHORIZER]");
    expectError(create({ name: '' }), 'BadRequestException', 'Name cannot be empty');
    expectError(create({ name: 'x', description: '', minimumCompressionSize: -1 }), 'BadRequestException', 'Description cannot be an empty string');
    expectError(create({ name: 'x', minimumCompressionSize: 10485761 }), 'BadRequestException', BAD_COMPRESSION);
    expectError(create({ name: 'x', minimumCompressionSize: 1.5 }), 'BadRequestException', BAD_COMPRESSION);
    expectError(create({ name: 'x', endpointConfiguration: { types: ['PRIVATE'], ipAddressType: 'ipv4' } }), 'BadRequestException', 'Only dualstack ipAddressType is supported for Private APIs.');
    expectError(create({ name: 'x', policy: '{' }), 'BadRequestException', 'Invalid policy document. Please check the policy syntax and ensure that Principals are valid.');
    expectError(create({ name: 'x', cloneFrom: 'nope' }), 'NotFoundException', `Invalid API identifier specified ${ACCOUNT}:nope`);
    assert.deepEqual(call(ctx, getRestApis, {}).items, [], 'a rejected create stores nothing');
  });

  it('cloneFrom copies the resource tree and its methods under new resource ids', () => {
    const ctx = testContext();
    const source = createApi(ctx);
    const pets = addResource(ctx, source.id, source.rootId, 'pets');
    addResource(ctx, source.id, pets, '{petId}');
    addMockMethod(ctx, source.id, pets);
    const clone = createApi(ctx, { name: 'clone', cloneFrom: source.id });
    const resources = call(ctx, getResources, { restApiId: clone.id, embed: ['methods'] }).items as Array<Record<string, any>>;
    assert.deepEqual(resources.map((r) => r['path']), ['/', '/pets', '/pets/{petId}']);
    const [root, clonedPets, petId] = resources;
    assert.equal(root!['id'], clone.rootId);
    assert.notEqual(clonedPets!['id'], pets);
    assert.equal(clonedPets!['parentId'], clone.rootId);
    assert.equal(petId!['parentId'], clonedPets!['id']);
    assert.equal(clonedPets!['resourceMethods']['GET'].methodIntegration.cacheNamespace, clonedPets!['id']);
    assert.equal(call(ctx, getResources, { restApiId: source.id }).items.length, 3, 'the source is untouched');
  });
});

describe('GetRestApi and GetRestApis', () => {
  it('GetRestApi shows empty tags as {}; a missing or differently-cased id names the account', () => {
    const ctx = testContext();
    const { id } = createApi(ctx);
    assert.deepEqual(call(ctx, getRestApi, { restApiId: id })['tags'], {});
    // An id of digits only (one in ~300,000) has no upper case: the ids are random, the test must not be.
    const upper = /[a-z]/.test(id) ? id.toUpperCase() : `${id}A`;
    expectError(() => call(ctx, getRestApi, { restApiId: upper }), 'NotFoundException', `Invalid API identifier specified ${ACCOUNT}:${upper}`);
  });

  it('GetRestApis lists this account and region’s APIs in creation order, without empty tags', () => {
    const ctx = testContext();
    for (const name of ['b', 'a', 'c']) createApi(ctx, { name });
    createApi(testContext({ account: '222222222222', region: REGION }, ctx), { name: 'other account' });
    createApi(testContext({ account: ACCOUNT, region: 'us-east-1' }, ctx), { name: 'other region' });
    const items = call(ctx, getRestApis, {}).items;
    assert.deepEqual(items.map((a) => a['name']), ['b', 'a', 'c']);
    assert.ok(items.every((a) => !('tags' in a)));
  });

  it('an API of another account or region is not found', () => {
    const ctx = testContext();
    const { id } = createApi(ctx);
    const other = testContext({ account: '222222222222', region: REGION }, ctx);
    expectError(() => call(other, getRestApi, { restApiId: id }), 'NotFoundException', `Invalid API identifier specified 222222222222:${id}`);
  });
});

describe('UpdateRestApi', () => {
  const setup = (input: Record<string, unknown> = {}) => {
    const ctx = testContext();
    const { id } = createApi(ctx, input);
    const update = (...triples: Array<[string, string, string?]>) => call(ctx, updateRestApi, { restApiId: id, patchOperations: ops(...triples) });
    return { ctx, id, update };
  };

  it('name, description, version, apiKeySource, compression, disableExecuteApiEndpoint, securityPolicy', () => {
    const { update } = setup({ description: 'old', version: '1' });
    const api = update(
      ['replace', '/name', 'renamed'], ['remove', '/description'], ['replace', '/version', '2'], ['replace', '/apiKeySource', 'AUTHORIZER'],
      ['replace', '/minimumCompressionSize', '1024'], ['replace', '/disableExecuteApiEndpoint', 'TRUE'], ['replace', '/securityPolicy', 'TLS_1_2'],
    );
    assert.deepEqual(
      [api['name'], 'description' in api, api['version'], api['apiKeySource'], api['minimumCompressionSize'], api['disableExecuteApiEndpoint'], api['securityPolicy'], api['tags']],
      ['renamed', false, '2', 'AUTHORIZER', 1024, true, 'TLS_1_2', {}],
    );
    const cleared = update(['replace', '/minimumCompressionSize', ''], ['replace', '/version', ''], ['remove', '/securityPolicy']);
    assert.equal('minimumCompressionSize' in cleared || 'version' in cleared || 'securityPolicy' in cleared, false);
  });

  it('binaryMediaTypes are addressed by type (~1 for /); replace moves the new type to the end; none left is no field', () => {
    const { update } = setup();
    assert.deepEqual(update(['add', '/binaryMediaTypes/image~1png'], ['add', '/binaryMediaTypes/image~1gif'], ['add', '/binaryMediaTypes/image~1png'])['binaryMediaTypes'], ['image/png', 'image/gif']);
    assert.deepEqual(update(['replace', '/binaryMediaTypes/image~1png', 'application/pdf'])['binaryMediaTypes'], ['image/gif', 'application/pdf']);
    assert.equal('binaryMediaTypes' in update(['remove', '/binaryMediaTypes/image~1gif'], ['remove', '/binaryMediaTypes/application~1pdf']), false);
  });

  it('policy: replaced (expanded), then removed', () => {
    const { update, id } = setup();
    assert.ok((update(['replace', '/policy', OPEN_POLICY])['policy'] as string).includes(`${ACCOUNT}:${id}\\/*`));
    assert.equal('policy' in update(['remove', '/policy']), false);
  });

  it("refuses bad values and operations with AWS's messages, and stores nothing of a refused request", () => {
    const { ctx, id, update } = setup({ description: 'kept' });
    expectError(() => update(['replace', '/name', '']), 'BadRequestException', 'Name cannot be empty');
    expectError(() => update(['add', '/name', 'x']), 'BadRequestException', 'Invalid patch operation specified. Must be one of: [replace]');
    expectError(() => update(['replace', '/apiKeySource', 'QUERY']), 'BadRequestException', 'Invalid API Key source specified. Valid options are HEADER,AUTHORIZER');
    expectError(() => update(['replace', '/minimumCompressionSize', '-1']), 'BadRequestException', BAD_COMPRESSION);
    expectError(() => update(['replace', '/minimumCompressionSize', 'test']), 'BadRequestException', BAD_COMPRESSION);
    expectError(() => update(['add', '/minimumCompressionSize', '10']), 'BadRequestException', 'Invalid patch operation specified. Must be one of: [replace]');
    expectError(() => update(['add', '/binaryMediaTypes', 'image/gif']), 'BadRequestException', 'Invalid patch path /binaryMediaTypes');
    expectError(() => update(['move', '/binaryMediaTypes/image~1gif']), 'BadRequestException', "Invalid patch operation specified. Must be 'add'|'remove'|'replace'");
    expectError(() => update(['replace', '/unknown', 'x']), 'BadRequestException', 'Invalid patch path /unknown');
    expectError(() => call(ctx, updateRestApi, { restApiId: id, patchOperations: [{ op: 'replace' }] }), 'BadRequestException', 'Invalid patch path null');
    expectError(() => update(['wrong', '/name', 'x'], ['wrong', '/description', 'x']), 'ValidationException', `2 validation errors detected: ${opClause(1)}; ${opClause(2)}`);
    expectError(() => update(['replace', '/description', 'changed'], ['replace', '/policy', 'not a policy']), 'BadRequestException', 'Invalid policy document. Please check the policy syntax and ensure that Principals are valid.');
    expectError(() => call(ctx, updateRestApi, { restApiId: 'nope', patchOperations: [] }), 'NotFoundException', `Invalid API identifier specified ${ACCOUNT}:nope`);
    assert.equal(call(ctx, getRestApi, { restApiId: id })['description'], 'kept');
  });
});

describe('DeleteRestApi', () => {
  it('deletes the API with its resources, deployments and stages; other APIs keep theirs', () => {
    const ctx = testContext();
    const [doomed, kept] = [createApi(ctx), createApi(ctx)];
    for (const api of [doomed, kept]) {
      addMockMethod(ctx, api.id, api.rootId);
      call(ctx, createDeployment, { restApiId: api.id, stageName: 'prod' });
    }
    call(ctx, deleteRestApi, { restApiId: doomed.id });
    expectError(() => call(ctx, getRestApi, { restApiId: doomed.id }), 'NotFoundException', `Invalid API identifier specified ${ACCOUNT}:${doomed.id}`);
    for (const table of ['api_resources', 'deployments', 'deployment_snapshots', 'stages'] as const) {
      assert.deepEqual(ctx.store.table(table).list(SCOPE, doomed.id), [], table);
      assert.equal(ctx.store.table(table).list(SCOPE, kept.id).length, 1, table);
    }
    assert.equal(call(ctx, getStages, { restApiId: kept.id }).item.length, 1);
    expectError(() => call(ctx, deleteRestApi, { restApiId: doomed.id }), 'NotFoundException', `Invalid API identifier specified ${ACCOUNT}:${doomed.id}`);
  });
});
