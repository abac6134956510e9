/**
 * API Gateway control-plane errors for RestApi and Resource operations, exactly as AWS answered them
 * (`docs/aws-recorded/control-plane-errors.tsv`; requests rebuilt from the recorded tests'
 * `test_apigateway_api.py::TestApiGatewayApiRestApi` and `::TestApiGatewayApiResource`). Each test names the
 * recorded step it reproduces. The client signs with the 12-digit key `111111111111`, so the account in
 * "Invalid API identifier specified {account}:{id}" is the very text of the recording.
 */
import {
  CreateResourceCommand, CreateRestApiCommand, DeleteResourceCommand, GetResourceCommand, GetResourcesCommand, GetRestApiCommand,
  GetRestApisCommand, UpdateResourceCommand, UpdateRestApiCommand,
  type APIGatewayClient, type CreateRestApiCommandInput, type EndpointType, type IpAddressType, type PatchOperation,
} from '@aws-sdk/client-api-gateway';
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Gatehouse } from '../src/server/gatehouse.js';
import { apigatewayClient, REGION, withGatehouseClient } from './support/server.js';
import { expectError, ops, rawJsonError } from './support/apigateway.js';

const ACCOUNT = '111111111111';

let gh: Gatehouse;
let client: APIGatewayClient;

withGatehouseClient((g) => apigatewayClient(g, REGION, ACCOUNT), (g, c) => {
  gh = g;
  client = c;
});

const rawJson = (method: string, path: string, body: unknown) => rawJsonError(gh, method, path, body, ACCOUNT);

async function createApi(input: Partial<CreateRestApiCommandInput> = {}) {
  const api = await client.send(new CreateRestApiCommand({ name: `errors-${Math.random().toString(36).slice(2, 8)}`, ...input }));
  return { id: api.id!, rootId: api.rootResourceId!, api };
}

async function apiNames(): Promise<string[]> {
  return ((await client.send(new GetRestApisCommand({}))).items ?? []).map((a) => a.name!);
}

// Enum texts exactly as AWS prints them (the order is AWS's).
const TYPES_CLAUSE = "Value '[wrong]' at 'createRestApiInput.endpointConfiguration.types' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [PRIVATE, EDGE, REGIONAL]]";
const IP_CLAUSE = "Value 'wrong' at 'createRestApiInput.endpointConfiguration.ipAddressType' failed to satisfy constraint: Member must satisfy enum value set: [ipv4, dualstack]";
const updateOpClause = (n: number): string =>
  `Value 'wrong' at 'updateRestApiInput.patchOperations.${n}.member.op' failed to satisfy constraint: Member must satisfy enum value set: [add, remove, move, test, replace, copy]`;

describe('GetRestApi / UpdateRestApi on a missing API', () => {
  test('get-api-upper-case: ids are case-sensitive; the message names the account and the id as sent', async () => {
    const { id } = await createApi({ description: 'lower case api' });
    const upper = id.toUpperCase();
    assert.notEqual(upper, id, 'generated ids contain lower-case letters');
    await expectError(client.send(new GetRestApiCommand({ restApiId: upper })), 'NotFoundException', 404, `Invalid API identifier specified ${ACCOUNT}:${upper}`);
    assert.equal((await client.send(new GetRestApiCommand({ restApiId: id }))).id, id);
  });

  test('not-found-update-rest-api: replace /apiKeySource on the id "api_id"', async () => {
    await expectError(
      client.send(new UpdateRestApiCommand({ restApiId: 'api_id', patchOperations: ops(['replace', '/apiKeySource', 'AUTHORIZER']) })),
      'NotFoundException', 404, `Invalid API identifier specified ${ACCOUNT}:api_id`,
    );
  });
});

describe('CreateRestApi validation', () => {
  /** Asserts the create fails as given and that no API of that name was stored. */
  async function expectCreateError(input: Omit<CreateRestApiCommandInput, 'name'>, name: string, status: number, message: string): Promise<void> {
    const apiName = `rejected-${Math.random().toString(36).slice(2, 8)}`;
    await expectError(client.send(new CreateRestApiCommand({ name: apiName, ...input })), name, status, message);
    assert.ok(!(await apiNames()).includes(apiName), 'a rejected CreateRestApi stores nothing');
  }

  test('create-empty-desc: description ""', async () => {
    await expectCreateError({ description: '' }, 'BadRequestException', 400, 'Description cannot be an empty string');
  });

  test('string-compression-size: minimumCompressionSize -1', async () => {
    await expectCreateError({ minimumCompressionSize: -1 }, 'BadRequestException', 400, 'Invalid minimum compression size, must be between 0 and 10485760');
  });

  test('create-with-empty-types: endpointConfiguration.types []', async () => {
    await expectCreateError({ endpointConfiguration: { types: [] } }, 'BadRequestException', 400, 'REGIONAL Configuration and EDGE Configuration cannot be both DISABLED.');
  });

  test('create-with-invalid-ip-address-type: ipAddressType "wrong" with EDGE', async () => {
    await expectCreateError(
      { endpointConfiguration: { ipAddressType: 'wrong' as IpAddressType, types: ['EDGE'] } },
      'ValidationException', 400, `1 validation error detected: ${IP_CLAUSE}`,
    );
  });

  test('create-with-invalid-types: types ["wrong"] with ipv4', async () => {
    await expectCreateError(
      { endpointConfiguration: { ipAddressType: 'ipv4', types: ['wrong' as EndpointType] } },
      'ValidationException', 400, `1 validation error detected: ${TYPES_CLAUSE}`,
    );
  });

  test('create-with-invalid-ip-address-type-and-types: both wrong, the types clause first', async () => {
    await expectCreateError(
      { endpointConfiguration: { ipAddressType: 'wrong' as IpAddressType, types: ['wrong' as EndpointType] } },
      'ValidationException', 400, `2 validation errors detected: ${TYPES_CLAUSE}; ${IP_CLAUSE}`,
    );
  });

  test('create-with-invalid-ip-address-type-and-types / -types-and-ip-address-type: the clause order does not follow the JSON key order', async () => {
    for (const endpointConfiguration of [{ ipAddressType: 'wrong', types: ['wrong'] }, { types: ['wrong'], ipAddressType: 'wrong' }]) {
      const res = await rawJson('POST', '/restapis', { name: 'raw-key-order', endpointConfiguration });
      assert.deepEqual(res, { status: 400, errorType: 'ValidationException', body: { message: `2 validation errors detected: ${TYPES_CLAUSE}; ${IP_CLAUSE}` } });
    }
    assert.ok(!(await apiNames()).includes('raw-key-order'));
  });

  test('create-with-multiple-errors-1: enum errors win over description "" and compression -1', async () => {
    await expectCreateError(
      { description: '', minimumCompressionSize: -1, endpointConfiguration: { ipAddressType: 'wrong' as IpAddressType, types: ['wrong' as EndpointType] } },
      'ValidationException', 400, `2 validation errors detected: ${TYPES_CLAUSE}; ${IP_CLAUSE}`,
    );
  });

  test('create-with-multiple-errors-2: description "" wins over compression -1', async () => {
    await expectCreateError(
      { description: '', minimumCompressionSize: -1, endpointConfiguration: { ipAddressType: 'ipv4', types: ['EDGE'] } },
      'BadRequestException', 400, 'Description cannot be an empty string',
    );
  });

  test('create-with-two-types: EDGE and REGIONAL', async () => {
    await expectCreateError({ endpointConfiguration: { types: ['EDGE', 'REGIONAL'] } }, 'BadRequestException', 400, 'Cannot create an api with multiple Endpoint Types.');
  });

  test('create-with-private-type-and-ipv4-ip-address-type', async () => {
    await expectCreateError(
      { endpointConfiguration: { ipAddressType: 'ipv4', types: ['PRIVATE'] } },
      'BadRequestException', 400, 'Only dualstack ipAddressType is supported for Private APIs.',
    );
  });

  test('create-with-private-type-and-wrong-ip-address-type: the enum error wins', async () => {
    await expectCreateError(
      { endpointConfiguration: { ipAddressType: 'wrong' as IpAddressType, types: ['PRIVATE'] } },
      'ValidationException', 400, `1 validation error detected: ${IP_CLAUSE}`,
    );
  });

  test('create-with-private-type-and-ipv4-ip-address-type-and-empty-description: the description error wins', async () => {
    await expectCreateError(
      { description: '', endpointConfiguration: { ipAddressType: 'ipv4', types: ['PRIVATE'] } },
      'BadRequestException', 400, 'Description cannot be an empty string',
    );
  });

  test('create-with-empty-ip-address-type-and-wrong-type: description "" and types ["wrong"]', async () => {
    await expectCreateError(
      { description: '', endpointConfiguration: { types: ['wrong' as EndpointType] } },
      'ValidationException', 400, `1 validation error detected: ${TYPES_CLAUSE}`,
    );
  });

  test('the valid neighbours of those requests succeed (EDGE+dualstack, REGIONAL+ipv4, PRIVATE defaults to dualstack)', async () => {
    const dual = await createApi({ endpointConfiguration: { ipAddressType: 'dualstack', types: ['EDGE'] } });
    assert.deepEqual(dual.api.endpointConfiguration, { ipAddressType: 'dualstack', types: ['EDGE'] });
    const regional = await createApi({ endpointConfiguration: { ipAddressType: 'ipv4', types: ['REGIONAL'] } });
    assert.deepEqual(regional.api.endpointConfiguration, { ipAddressType: 'ipv4', types: ['REGIONAL'] });
    const priv = await createApi({ endpointConfiguration: { types: ['PRIVATE'] } });
    assert.deepEqual(priv.api.endpointConfiguration, { ipAddressType: 'dualstack', types: ['PRIVATE'] });
  });
});

describe('UpdateRestApi validation', () => {
  const update = (restApiId: string, patchOperations: PatchOperation[]) => client.send(new UpdateRestApiCommand({ restApiId, patchOperations }));

  test('set-negative-compression, set-string-compression, unsupported-operation on /minimumCompressionSize', async () => {
    const { id } = await createApi({ description: 'this is my api' });
    assert.equal((await update(id, ops(['replace', '/minimumCompressionSize', '10']))).minimumCompressionSize, 10);
    const bad = 'Invalid minimum compression size, must be between 0 and 10485760';
    await expectError(update(id, ops(['replace', '/minimumCompressionSize', '-1'])), 'BadRequestException', 400, bad);
    await expectError(update(id, ops(['replace', '/minimumCompressionSize', 'test'])), 'BadRequestException', 400, bad);
    await expectError(update(id, ops(['add', '/minimumCompressionSize', '10'])), 'BadRequestException', 400, 'Invalid patch operation specified. Must be one of: [replace]');
    const current = await client.send(new GetRestApiCommand({ restApiId: id }));
    assert.equal(current.minimumCompressionSize, 10, 'rejected updates leave the compression size as it was');
  });

  test('update-rest-api-add-base-path, -replace-base-path, -remove-base-path: /binaryMediaTypes without a type', async () => {
    const { id } = await createApi({ description: 'this is my api' });
    assert.deepEqual((await update(id, ops(['add', '/binaryMediaTypes/-', 'image/png']))).binaryMediaTypes, ['-']);
    for (const [op, value] of [['add', 'image/gif'], ['replace', 'image/gif'], ['remove', undefined]] as const) {
      await expectError(update(id, ops([op, '/binaryMediaTypes', value])), 'BadRequestException', 400, 'Invalid patch path /binaryMediaTypes');
    }
    assert.deepEqual((await client.send(new GetRestApiCommand({ restApiId: id }))).binaryMediaTypes, ['-']);
  });

  test('update-rest-api-replace-to-ipv4-within-private-type, -wrong-ipAddressType, -wrong-type, -invalid-operation-on-ipAddressType, -invalid-operation-on-type', async () => {
    const { id } = await createApi();
    const converted = await update(id, ops(
      ['replace', '/endpointConfiguration/types/0', 'EDGE'],
      ['replace', '/endpointConfiguration/types/0', 'REGIONAL'],
      ['replace', '/endpointConfiguration/types/0', 'PRIVATE'],
    ));
    assert.deepEqual(converted.endpointConfiguration, { ipAddressType: 'dualstack', types: ['PRIVATE'] });

    await expectError(update(id, ops(['replace', '/endpointConfiguration/ipAddressType', 'ipv4'])),
      'BadRequestException', 400, 'Only dualstack ipAddressType is supported for Private APIs.');
    await expectError(update(id, ops(['replace', '/endpointConfiguration/ipAddressType', 'wrong'])),
      'BadRequestException', 400, 'ipAddressType must be either ipv4 or dualstack.');
    await expectError(update(id, ops(['replace', '/endpointConfiguration/types/0', 'wrong'])),
      'BadRequestException', 400, 'Invalid EndpointTypes specified. Valid options are REGIONAL,EDGE,PRIVATE');
    await expectError(update(id, ops(['remove', '/endpointConfiguration/ipAddressType', 'dualstack'])),
      'BadRequestException', 400, 'Invalid patch operation specified. Must be one of: [replace]');
    await expectError(update(id, ops(['remove', '/endpointConfiguration/types/0', 'EDGE'])),
      'BadRequestException', 400, "Invalid patch operation specified. Must be 'add'|'remove'|'replace'");

    // update-rest-api-replace-ip-address-type: dualstack on a PRIVATE API is accepted and changes nothing.
    assert.deepEqual((await update(id, ops(['replace', '/endpointConfiguration/ipAddressType', 'dualstack']))).endpointConfiguration,
      { ipAddressType: 'dualstack', types: ['PRIVATE'] });
  });

  test('a rejected update applies none of its operations, not even the valid ones before the bad one', async () => {
    const { id } = await createApi({ description: 'before', endpointConfiguration: { types: ['REGIONAL'] } });
    await expectError(update(id, ops(
      ['replace', '/description', 'after'],
      ['replace', '/endpointConfiguration/types/0', 'PRIVATE'],
      ['replace', '/endpointConfiguration/ipAddressType', 'ipv4'],
    )), 'BadRequestException', 400, 'Only dualstack ipAddressType is supported for Private APIs.');
    const api = await client.send(new GetRestApiCommand({ restApiId: id }));
    assert.equal(api.description, 'before');
    assert.deepEqual(api.endpointConfiguration, { ipAddressType: 'ipv4', types: ['REGIONAL'] });
  });

  test('update-rest-api-wrong-operations-on-ipAddressType, -on-type, -on-type-and-on-ip-address-type: one clause per bad op', async () => {
    const { id } = await createApi();
    await expectError(update(id, ops(
      ['wrong', '/endpointConfiguration/ipAddressType', 'dualstack'],
      ['wrong', '/endpointConfiguration/ipAddressType', 'dualstack'],
    )), 'ValidationException', 400, `2 validation errors detected: ${updateOpClause(1)}; ${updateOpClause(2)}`);
    await expectError(update(id, ops(
      ['wrong', '/endpointConfiguration/types/0', 'EDGE'],
      ['wrong', '/endpointConfiguration/types/0', 'EDGE'],
    )), 'ValidationException', 400, `2 validation errors detected: ${updateOpClause(1)}; ${updateOpClause(2)}`);
    await expectError(update(id, ops(
      ['wrong', '/endpointConfiguration/ipAddressType', 'dualstack'],
      ['wrong', '/endpointConfiguration/types/0', 'EDGE'],
      ['wrong', '/binaryMediaTypes', 'image/gif'],
    )), 'ValidationException', 400, `3 validation errors detected: ${updateOpClause(1)}; ${updateOpClause(2)}; ${updateOpClause(3)}`);
  });
});

describe('Resources', () => {
  const updateResource = (restApiId: string, resourceId: string, patchOperations: PatchOperation[]) =>
    client.send(new UpdateResourceCommand({ restApiId, resourceId, patchOperations }));
  const paths = async (restApiId: string): Promise<string[]> =>
    ((await client.send(new GetResourcesCommand({ restApiId }))).items ?? []).map((r) => r.path!).sort();

  test('test_update_resource_behaviour: every recorded UpdateResource error, and the tree after each', async () => {
    const { id, rootId } = await createApi({ description: 'testing resource behaviour' });
    const pets = await client.send(new CreateResourceCommand({ restApiId: id, parentId: rootId, pathPart: 'pets' }));

    // nonexistent-resource
    await expectError(updateResource(id, 'fake-resource', ops(['replace', '/pathPart', 'dogs'])),
      'NotFoundException', 404, 'Invalid Resource identifier specified');
    // invalid-path-part (two spaces after "path")
    await expectError(updateResource(id, pets.id!, ops(['replace', '/invalid', 'dogs'])),
      'BadRequestException', 400, "Invalid patch path  '/invalid' specified for op 'replace'. Must be one of: [/parentId, /pathPart]");
    // invalid-parent-id
    await expectError(updateResource(id, pets.id!, ops(['replace', '/parentId', 'fake-parent-id'])),
      'NotFoundException', 404, 'Invalid Resource identifier specified');

    const subpets = await client.send(new CreateResourceCommand({ restApiId: id, parentId: pets.id!, pathPart: 'subpets' }));
    const child = await client.send(new CreateResourceCommand({ restApiId: id, parentId: subpets.id!, pathPart: 'pets' }));
    assert.equal(child.path, '/pets/subpets/pets');
    // existing-future-sibling-path: /pets/subpets/pets moved under the root, where /pets exists
    await expectError(updateResource(id, child.id!, ops(['replace', '/parentId', rootId])),
      'ConflictException', 409, 'Another resource with the same parent already has this name: pets');
    assert.equal((await client.send(new GetResourceCommand({ restApiId: id, resourceId: child.id! }))).path, '/pets/subpets/pets', 'a rejected move moves nothing');
    await client.send(new DeleteResourceCommand({ restApiId: id, resourceId: child.id! }));

    // update-parent-id-to-subresource-id
    await expectError(updateResource(id, pets.id!, ops(['replace', '/parentId', subpets.id!])),
      'BadRequestException', 400, 'Resources cannot be cyclical.');
    assert.deepEqual(await paths(id), ['/', '/pets', '/pets/subpets']);

    // update-parent-id-to-root-id, then update-path-already-exists
    const moved = await updateResource(id, subpets.id!, ops(['replace', '/parentId', rootId]));
    assert.equal(moved.path, '/subpets');
    await expectError(updateResource(id, subpets.id!, ops(['replace', '/pathPart', 'pets'])),
      'ConflictException', 409, 'Another resource with the same parent already has this name: pets');

    // resources-after-deletion: the old child survives its old parent's deletion
    await client.send(new DeleteResourceCommand({ restApiId: id, resourceId: pets.id! }));
    assert.deepEqual(await paths(id), ['/', '/subpets']);

    // remove-unsupported, add-unsupported
    await expectError(updateResource(id, subpets.id!, ops(['remove', '/pathPart'])),
      'BadRequestException', 400, "Invalid patch path  '/pathPart' specified for op 'remove'. Please choose supported operations");
    await expectError(updateResource(id, subpets.id!, ops(['add', '/pathPart', 'added-pets'])),
      'BadRequestException', 400, "Invalid patch path  '/pathPart' specified for op 'add'. Please choose supported operations");
    assert.deepEqual(await paths(id), ['/', '/subpets']);
  });

  test('update-root-path-part, update-root-parent: the root resource cannot move or be renamed', async () => {
    const { id, rootId } = await createApi({ description: 'testing resource behaviour' });
    await expectError(updateResource(id, rootId, ops(['replace', '/pathPart', 'dogs'])),
      'BadRequestException', 400, 'Root resource cannot update its pathPart.');
    await expectError(updateResource(id, rootId, ops(['replace', '/parentId', rootId])),
      'BadRequestException', 400, 'Root resource cannot update its parentId.');
    const root = await client.send(new GetResourceCommand({ restApiId: id, resourceId: rootId }));
    assert.equal(root.path, '/');
    assert.equal(root.parentId, undefined);
    assert.equal(root.pathPart, undefined);
  });

  test('delete-subresource: deleting a resource deletes its subtree', async () => {
    const { id, rootId } = await createApi({ description: 'testing resource behaviour' });
    const pets = await client.send(new CreateResourceCommand({ restApiId: id, parentId: rootId, pathPart: 'pets' }));
    const subpets = await client.send(new CreateResourceCommand({ restApiId: id, parentId: pets.id!, pathPart: 'subpets' }));
    await client.send(new DeleteResourceCommand({ restApiId: id, resourceId: pets.id! }));
    assert.deepEqual(await paths(id), ['/']);
    await expectError(client.send(new DeleteResourceCommand({ restApiId: id, resourceId: subpets.id! })),
      'NotFoundException', 404, 'Invalid Resource identifier specified');
  });

  test('wrong-resource-parent-id: CreateResource under a parent that does not exist', async () => {
    const { id } = await createApi({ description: 'testing resource parent' });
    await expectError(client.send(new CreateResourceCommand({ restApiId: id, parentId: 'fake-resource-id', pathPart: 'subpets' })),
      'NotFoundException', 404, 'Invalid Resource identifier specified');
    assert.deepEqual(await paths(id), ['/']);
  });

  test('test_create_proxy_resource_validation: greedy siblings and children', async () => {
    const { id, rootId } = await createApi({ description: 'testing resource proxy' });
    const proxy = await client.send(new CreateResourceCommand({ restApiId: id, parentId: rootId, pathPart: '{proxy+}' }));
    // create-proxy-dynamic-sibling-resource: the braces name the existing sibling
    await expectError(client.send(new CreateResourceCommand({ restApiId: id, parentId: rootId, pathPart: '{dynamic}' })),
      'BadRequestException', 400, 'A sibling ({proxy+}) of this resource already has a variable path part -- only one is allowed');
    // create-proxy-static-child-resource, create-proxy-dynamic-child-resource
    for (const pathPart of ['child', '{child}']) {
      await expectError(client.send(new CreateResourceCommand({ restApiId: id, parentId: proxy.id!, pathPart })),
        'BadRequestException', 400, 'Cannot create a child of a resource with a greedy path variable: {proxy+}');
    }
    // create-greedy-child-resource: a static parent may hold a greedy child
    const parent = await client.send(new CreateResourceCommand({ restApiId: id, parentId: rootId, pathPart: 'parent' }));
    const greedy = await client.send(new CreateResourceCommand({ restApiId: id, parentId: parent.id!, pathPart: '{child+}' }));
    assert.equal(greedy.path, '/parent/{child+}');
    assert.deepEqual(await paths(id), ['/', '/parent', '/parent/{child+}', '/{proxy+}']);
  });
});
