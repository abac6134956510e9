/**
 * RestApi end to end with the AWS SDK for JavaScript v3: CreateRestApi, GetRestApi, GetRestApis (paging),
 * UpdateRestApi (every patch path), DeleteRestApi, and the API's tags. Expected shapes are AWS's, from
 * the recordings (test_apigateway_api.snapshot.json, see docs/aws-recorded/) and docs/aws-facts.md §5 and §7.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CreateRestApiCommand,
  DeleteRestApiCommand,
  GetResourcesCommand,
  GetRestApiCommand,
  GetRestApisCommand,
  GetTagsCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateRestApiCommand,
  type APIGatewayClient,
  type CreateRestApiCommandInput,
  type PatchOperation,
} from '@aws-sdk/client-api-gateway';
import type { Gatehouse } from '../src/server/gatehouse.js';
import { decodePolicy, keysOf, rawApigateway, statusOf } from './support/apigateway.js';
import { ACCOUNT, REGION, apigatewayClient, awsError, withGatehouseClient } from './support/server.js';

/** Keys of a RestApi created with only a name (A:test_create_rest_api_with_optional_params/create-only-name). */
const BASE_KEYS = ['apiKeySource', 'createdDate', 'disableExecuteApiEndpoint', 'endpointConfiguration', 'id', 'name', 'rootResourceId'];

let gh: Gatehouse;
let client: APIGatewayClient;

withGatehouseClient((g) => apigatewayClient(g), (g, c) => {
  gh = g;
  client = c;
});

async function createApi(input: Partial<CreateRestApiCommandInput> = {}) {
  return client.send(new CreateRestApiCommand({ name: `api-${Math.random().toString(36).slice(2, 8)}`, ...input }));
}

async function patch(restApiId: string, patchOperations: PatchOperation[]) {
  return client.send(new UpdateRestApiCommand({ restApiId, patchOperations }));
}

describe('CreateRestApi', () => {
  it('with only a name: 201, EDGE + ipv4, HEADER, no tags/description/binaryMediaTypes keys', async () => {
    const t0 = Math.floor(Date.now() / 1000);
    const api = await createApi({ name: 'only-a-name' });
    assert.equal(statusOf(api), 201);
    assert.deepEqual(keysOf(api), BASE_KEYS);
    assert.match(api.id!, /^[a-z0-9]{10}$/);
    assert.match(api.rootResourceId!, /^[a-z0-9]{10}$/);
    assert.equal(api.name, 'only-a-name');
    assert.equal(api.apiKeySource, 'HEADER');
    assert.equal(api.disableExecuteApiEndpoint, false);
    assert.deepEqual(api.endpointConfiguration, { types: ['EDGE'], ipAddressType: 'ipv4' });
    assert.ok(api.createdDate instanceof Date, 'createdDate is parsed as a Date');
    const seconds = api.createdDate.getTime() / 1000;
    assert.ok(seconds >= t0 - 1 && seconds <= Date.now() / 1000 + 1, `createdDate ${api.createdDate.toISOString()} is now`);
  });

  it('echoes every optional member it was given, tags included', async () => {
    const api = await createApi({
      name: 'all-options',
      description: 'this is my api',
      version: 'v1',
      binaryMediaTypes: ['image/png'],
      minimumCompressionSize: 1024,
      apiKeySource: 'AUTHORIZER',
      endpointConfiguration: { types: ['REGIONAL'] },
      tags: { MY_TAG1: 'MY_VALUE1' },
      disableExecuteApiEndpoint: true,
    });
    assert.equal(statusOf(api), 201);
    assert.deepEqual(keysOf(api), [...BASE_KEYS, 'binaryMediaTypes', 'description', 'minimumCompressionSize', 'tags', 'version'].sort());
    assert.equal(api.description, 'this is my api');
    assert.equal(api.version, 'v1');
    assert.deepEqual(api.binaryMediaTypes, ['image/png']);
    assert.equal(api.minimumCompressionSize, 1024);
    assert.equal(api.apiKeySource, 'AUTHORIZER');
    assert.deepEqual(api.endpointConfiguration, { types: ['REGIONAL'], ipAddressType: 'ipv4' });
    assert.deepEqual(api.tags, { MY_TAG1: 'MY_VALUE1' });
    assert.equal(api.disableExecuteApiEndpoint, true);
  });

  it('PRIVATE defaults to dualstack; EDGE + dualstack is accepted and echoed', async () => {
    const priv = await createApi({ endpointConfiguration: { types: ['PRIVATE'] } });
    assert.deepEqual(priv.endpointConfiguration, { types: ['PRIVATE'], ipAddressType: 'dualstack' });
    const edge = await createApi({ endpointConfiguration: { types: ['EDGE'], ipAddressType: 'dualstack' } });
    assert.deepEqual(edge.endpointConfiguration, { types: ['EDGE'], ipAddressType: 'dualstack' });
  });

  it('PRIVATE with vpcEndpointIds echoes them', async () => {
    const api = await createApi({ endpointConfiguration: { types: ['PRIVATE'], vpcEndpointIds: ['vpce-0123456789abcdef0'] } });
    assert.deepEqual(api.endpointConfiguration, { types: ['PRIVATE'], ipAddressType: 'dualstack', vpcEndpointIds: ['vpce-0123456789abcdef0'] });
  });

  it('an empty binaryMediaTypes list is omitted', async () => {
    const api = await createApi({ binaryMediaTypes: [] });
    assert.deepEqual(keysOf(api), BASE_KEYS);
  });

  it('a policy given at creation is expanded and returned in the escaped form', async () => {
    const api = await createApi({
      endpointConfiguration: { types: ['PRIVATE'] },
      policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: ['execute-api:/*'] }] }),
    });
    assert.ok(keysOf(api).includes('policy'));
    assert.deepEqual(decodePolicy(api.policy), {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: `arn:aws:execute-api:${REGION}:${ACCOUNT}:${api.id}/*` }],
    });
  });

  it('puts createdDate on the wire as epoch seconds (a JSON integer)', async () => {
    const res = await rawApigateway(gh, 'POST', '/restapis', { body: { name: 'wire-create' } });
    assert.equal(res.status, 201);
    assert.equal(typeof res.json['createdDate'], 'number');
    const created = res.json['createdDate'] as number;
    assert.ok(Number.isInteger(created), `createdDate ${created} is whole seconds`);
    assert.ok(Math.abs(created - Date.now() / 1000) < 5, `createdDate ${created} is seconds, not milliseconds`);
    assert.equal(res.headers.get('content-type'), 'application/json');
    assert.deepEqual(Object.keys(res.json).sort(), BASE_KEYS);
  });
});

describe('GetRestApi', () => {
  it('returns the created API plus tags:{} when untagged', async () => {
    const created = await createApi({ description: 'd' });
    const api = await client.send(new GetRestApiCommand({ restApiId: created.id! }));
    assert.equal(statusOf(api), 200);
    assert.deepEqual(keysOf(api), [...BASE_KEYS, 'description', 'tags'].sort());
    assert.deepEqual(api.tags, {});
    assert.equal(api.id, created.id);
    assert.equal(api.name, created.name);
    assert.equal(api.rootResourceId, created.rootResourceId);
    assert.equal(api.createdDate?.getTime(), created.createdDate?.getTime());
    assert.deepEqual(api.endpointConfiguration, created.endpointConfiguration);
  });

  it('shows the tags given at creation', async () => {
    const created = await createApi({ tags: { team: 'gate' } });
    const api = await client.send(new GetRestApiCommand({ restApiId: created.id! }));
    assert.deepEqual(api.tags, { team: 'gate' });
  });

  it('puts tags:{} and epoch-second createdDate on the wire', async () => {
    const created = await createApi();
    const res = await rawApigateway(gh, 'GET', `/restapis/${created.id}`);
    assert.equal(res.status, 200);
    assert.deepEqual(res.json['tags'], {});
    assert.equal(res.json['createdDate'], Math.floor(created.createdDate!.getTime() / 1000));
  });

  it('the root resource is {id: rootResourceId, path: "/"} with no parentId or pathPart', async () => {
    const created = await createApi();
    const resources = await client.send(new GetResourcesCommand({ restApiId: created.id! }));
    assert.equal(statusOf(resources), 200);
    assert.deepEqual(keysOf(resources), ['items']);
    assert.equal(resources.items?.length, 1);
    const root = resources.items![0]!;
    assert.deepEqual(keysOf(root), ['id', 'path']);
    assert.deepEqual({ ...root }, { id: created.rootResourceId, path: '/' });
  });
});

describe('GetRestApis', () => {
  it('lists items without tags when untagged and with tags when tagged, and no position on a single page', async () => {
    const region = 'ca-central-1';
    const c = apigatewayClient(gh, region);
    try {
      const plain = await c.send(new CreateRestApiCommand({ name: 'plain', description: 'p' }));
      const tagged = await c.send(new CreateRestApiCommand({ name: 'tagged', tags: { k: 'v' } }));
      const list = await c.send(new GetRestApisCommand({}));
      assert.equal(statusOf(list), 200);
      assert.deepEqual(keysOf(list), ['items']);
      const items = [...list.items!].sort((a, b) => a.createdDate!.getTime() - b.createdDate!.getTime() || (a.name === 'plain' ? -1 : 1));
      assert.deepEqual(items.map((i) => i.id), [plain.id, tagged.id]);
      assert.deepEqual(keysOf(items[0]!), [...BASE_KEYS, 'description'].sort());
      assert.deepEqual(keysOf(items[1]!), [...BASE_KEYS, 'tags'].sort());
      assert.deepEqual(items[1]!.tags, { k: 'v' });
      assert.ok(items[0]!.createdDate instanceof Date);
    } finally {
      c.destroy();
    }
  });

  it('pages with limit and position across three pages', async () => {
    const region = 'ap-southeast-2';
    const c = apigatewayClient(gh, region);
    try {
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) ids.push((await c.send(new CreateRestApiCommand({ name: `page-${i}` }))).id!);

      const p1 = await c.send(new GetRestApisCommand({ limit: 2 }));
      assert.equal(p1.items?.length, 2);
      assert.equal(typeof p1.position, 'string');
      const p2 = await c.send(new GetRestApisCommand({ limit: 2, position: p1.position! }));
      assert.equal(p2.items?.length, 2);
      assert.equal(typeof p2.position, 'string');
      assert.notEqual(p2.position, p1.position);
      const p3 = await c.send(new GetRestApisCommand({ limit: 2, position: p2.position! }));
      assert.equal(p3.items?.length, 1);
      assert.equal(p3.position, undefined, 'the last page has no position');

      const seen = [...p1.items!, ...p2.items!, ...p3.items!].map((a) => a.id!);
      assert.deepEqual([...seen].sort(), [...ids].sort(), 'every API exactly once');
      assert.equal(new Set(seen).size, 5);

      const all = await c.send(new GetRestApisCommand({}));
      assert.equal(all.items?.length, 5);
      assert.equal(all.position, undefined);

      // On the wire the collection key is `item` and the cursor `position`.
      const wire = await rawApigateway(gh, 'GET', '/restapis?limit=2', { region });
      assert.deepEqual(Object.keys(wire.json).sort(), ['item', 'position']);
      assert.equal((wire.json['item'] as unknown[]).length, 2);
    } finally {
      c.destroy();
    }
  });
});

describe('UpdateRestApi', () => {
  it('replace /name: 200 with the full API and tags:{}', async () => {
    const api = await createApi({ name: 'before' });
    const updated = await patch(api.id!, [{ op: 'replace', path: '/name', value: 'after' }]);
    assert.equal(statusOf(updated), 200);
    assert.equal(updated.name, 'after');
    assert.deepEqual(keysOf(updated), [...BASE_KEYS, 'tags'].sort());
    assert.deepEqual(updated.tags, {});
    assert.equal((await client.send(new GetRestApiCommand({ restApiId: api.id! }))).name, 'after');
  });

  it('replace then remove /description: the key disappears', async () => {
    const api = await createApi({ description: 'this is my api' });
    const replaced = await patch(api.id!, [{ op: 'replace', path: '/description', value: 'new words' }]);
    assert.equal(replaced.description, 'new words');
    const removed = await patch(api.id!, [{ op: 'remove', path: '/description' }]);
    assert.ok(!keysOf(removed).includes('description'));
    assert.ok(!keysOf(await client.send(new GetRestApiCommand({ restApiId: api.id! }))).includes('description'));
  });

  it('binaryMediaTypes: add by ~1-escaped path, replace = remove + append, remove', async () => {
    const api = await createApi({ description: 'this is my api' });
    const added = await patch(api.id!, [
      { op: 'add', path: '/binaryMediaTypes/image~1png' },
      { op: 'add', path: '/binaryMediaTypes/image~1jpeg' },
    ]);
    assert.deepEqual(added.binaryMediaTypes, ['image/png', 'image/jpeg']);
    assert.equal(added.description, 'this is my api');

    const replaced = await patch(api.id!, [{ op: 'replace', path: '/binaryMediaTypes/image~1png', value: 'image/gif' }]);
    assert.deepEqual(replaced.binaryMediaTypes, ['image/jpeg', 'image/gif']);

    const removed = await patch(api.id!, [
      { op: 'remove', path: '/binaryMediaTypes/image~1gif' },
      { op: 'remove', path: '/description' },
    ]);
    assert.deepEqual(removed.binaryMediaTypes, ['image/jpeg']);
    assert.ok(!keysOf(removed).includes('description'));

    const got = await client.send(new GetRestApiCommand({ restApiId: api.id! }));
    assert.deepEqual(got.binaryMediaTypes, ['image/jpeg']);
  });

  it('add /binaryMediaTypes/- stores the literal "-"', async () => {
    const api = await createApi();
    const updated = await patch(api.id!, [{ op: 'add', path: '/binaryMediaTypes/-', value: 'image/png' }]);
    assert.deepEqual(updated.binaryMediaTypes, ['-']);
  });

  it('replace /minimumCompressionSize: "10" → 10, "" → unset, "0" → 0', async () => {
    const api = await createApi({ description: 'this is my api' });
    const enabled = await patch(api.id!, [{ op: 'replace', path: '/minimumCompressionSize', value: '10' }]);
    assert.equal(enabled.minimumCompressionSize, 10);
    assert.equal((await client.send(new GetRestApiCommand({ restApiId: api.id! }))).minimumCompressionSize, 10);
    const disabled = await patch(api.id!, [{ op: 'replace', path: '/minimumCompressionSize', value: '' }]);
    assert.ok(!keysOf(disabled).includes('minimumCompressionSize'));
    const zero = await patch(api.id!, [{ op: 'replace', path: '/minimumCompressionSize', value: '0' }]);
    assert.equal(zero.minimumCompressionSize, 0);
    assert.deepEqual(keysOf(zero), [...BASE_KEYS, 'description', 'minimumCompressionSize', 'tags'].sort());
  });

  it('EDGE → REGIONAL → PRIVATE in one call ends PRIVATE and switches ipAddressType to dualstack', async () => {
    const api = await createApi();
    assert.deepEqual(api.endpointConfiguration, { types: ['EDGE'], ipAddressType: 'ipv4' });
    const updated = await patch(api.id!, [
      { op: 'replace', path: '/endpointConfiguration/types/0', value: 'EDGE' },
      { op: 'replace', path: '/endpointConfiguration/types/0', value: 'REGIONAL' },
      { op: 'replace', path: '/endpointConfiguration/types/0', value: 'PRIVATE' },
    ]);
    assert.equal(statusOf(updated), 200);
    assert.deepEqual(updated.endpointConfiguration, { types: ['PRIVATE'], ipAddressType: 'dualstack' });
    // dualstack on a PRIVATE API is a no-op.
    const same = await patch(api.id!, [{ op: 'replace', path: '/endpointConfiguration/ipAddressType', value: 'dualstack' }]);
    assert.deepEqual(same.endpointConfiguration, { types: ['PRIVATE'], ipAddressType: 'dualstack' });
  });

  it('ipAddressType switches ipv4 ↔ dualstack on a REGIONAL API (path naming the old type works too)', async () => {
    const api = await createApi();
    const regional = await patch(api.id!, [{ op: 'replace', path: '/endpointConfiguration/types/EDGE', value: 'REGIONAL' }]);
    assert.deepEqual(regional.endpointConfiguration, { types: ['REGIONAL'], ipAddressType: 'ipv4' });
    const dual = await patch(api.id!, [{ op: 'replace', path: '/endpointConfiguration/ipAddressType', value: 'dualstack' }]);
    assert.deepEqual(dual.endpointConfiguration, { types: ['REGIONAL'], ipAddressType: 'dualstack' });
    const back = await patch(api.id!, [{ op: 'replace', path: '/endpointConfiguration/ipAddressType', value: 'ipv4' }]);
    assert.deepEqual(back.endpointConfiguration, { types: ['REGIONAL'], ipAddressType: 'ipv4' });
  });

  it('vpcEndpointIds add/remove on PRIVATE; PRIVATE → REGIONAL makes the API ipv4 once the ids are gone', async () => {
    const api = await createApi({ endpointConfiguration: { types: ['PRIVATE'] } });
    const one = await patch(api.id!, [{ op: 'add', path: '/endpointConfiguration/vpcEndpointIds', value: 'vpce-0aaaaaaaaaaaaaaaa' }]);
    assert.deepEqual(one.endpointConfiguration, { types: ['PRIVATE'], ipAddressType: 'dualstack', vpcEndpointIds: ['vpce-0aaaaaaaaaaaaaaaa'] });
    const two = await patch(api.id!, [{ op: 'add', path: '/endpointConfiguration/vpcEndpointIds', value: 'vpce-0bbbbbbbbbbbbbbbb' }]);
    assert.deepEqual(two.endpointConfiguration?.vpcEndpointIds, ['vpce-0aaaaaaaaaaaaaaaa', 'vpce-0bbbbbbbbbbbbbbbb']);
    const removed = await patch(api.id!, [{ op: 'remove', path: '/endpointConfiguration/vpcEndpointIds', value: 'vpce-0aaaaaaaaaaaaaaaa' }]);
    assert.deepEqual(removed.endpointConfiguration, { types: ['PRIVATE'], ipAddressType: 'dualstack', vpcEndpointIds: ['vpce-0bbbbbbbbbbbbbbbb'] });

    // With VPC endpoints still associated the API cannot leave PRIVATE.
    const refused = await awsError(patch(api.id!, [{ op: 'replace', path: '/endpointConfiguration/types/PRIVATE', value: 'REGIONAL' }]));
    assert.deepEqual(refused, { name: 'BadRequestException', status: 400, message: 'VPCEndpoints can only be specified with PRIVATE apis.' });

    const regional = await patch(api.id!, [
      { op: 'remove', path: '/endpointConfiguration/vpcEndpointIds', value: 'vpce-0bbbbbbbbbbbbbbbb' },
      { op: 'replace', path: '/endpointConfiguration/types/PRIVATE', value: 'REGIONAL' },
    ]);
    assert.deepEqual(regional.endpointConfiguration, { types: ['REGIONAL'], ipAddressType: 'ipv4' });
  });

  it('the EDGE → PRIVATE conversion with a VPC endpoint in one call (I:test_create_execute_api_vpc_endpoint)', async () => {
    const api = await createApi();
    const updated = await patch(api.id!, [
      { op: 'replace', path: '/endpointConfiguration/types/EDGE', value: 'PRIVATE' },
      { op: 'add', path: '/endpointConfiguration/vpcEndpointIds', value: 'vpce-0ccccccccccccccc0' },
    ]);
    assert.deepEqual(updated.endpointConfiguration, { types: ['PRIVATE'], ipAddressType: 'dualstack', vpcEndpointIds: ['vpce-0ccccccccccccccc0'] });
  });

  it('replace /policy: execute-api:/* is expanded to the API ARN and returned escaped', async () => {
    const api = await createApi({ endpointConfiguration: { types: ['PRIVATE'] } });
    const document = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: ['execute-api:/*'] },
        { Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: ['execute-api:/*'], Condition: { NotIpAddress: { 'aws:VpcSourceIp': '10.0.0.0/16' } } },
      ],
    };
    const updated = await patch(api.id!, [{ op: 'replace', path: '/policy', value: JSON.stringify(document) }]);
    const arn = `arn:aws:execute-api:${REGION}:${ACCOUNT}:${api.id}/*`;
    const expected = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: arn },
        { Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: arn, Condition: { NotIpAddress: { 'aws:VpcSourceIp': '10.0.0.0/16' } } },
      ],
    };
    assert.deepEqual(decodePolicy(updated.policy), expected);
    // The string the SDK hands back keeps AWS's escapes: \" for quotes, \/ for slashes, no whitespace.
    assert.ok(updated.policy!.startsWith('{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":['), updated.policy);
    assert.ok(updated.policy!.includes(`\\"arn:aws:execute-api:${REGION}:${ACCOUNT}:${api.id}\\/*\\"`), updated.policy);
    assert.ok(updated.policy!.includes('10.0.0.0\\/16'), updated.policy);
    assert.ok(!/\s/.test(updated.policy!), 'compact JSON');

    const got = await client.send(new GetRestApiCommand({ restApiId: api.id! }));
    assert.equal(got.policy, updated.policy);

    // On the wire: a JSON string whose content holds backslash-escaped quotes and slashes.
    const wire = await rawApigateway(gh, 'GET', `/restapis/${api.id}`);
    assert.equal(wire.json['policy'], updated.policy);
    assert.ok(wire.text.includes('"policy":"{\\\\\\"Version\\\\\\":\\\\\\"2012-10-17\\\\\\"'), wire.text);
    assert.ok(wire.text.includes(`${api.id}\\\\/*\\\\\\"`), wire.text);
  });

  it('replace /disableExecuteApiEndpoint and /apiKeySource', async () => {
    const api = await createApi();
    const disabled = await patch(api.id!, [{ op: 'replace', path: '/disableExecuteApiEndpoint', value: 'True' }]);
    assert.equal(disabled.disableExecuteApiEndpoint, true);
    const enabled = await patch(api.id!, [{ op: 'replace', path: '/disableExecuteApiEndpoint', value: 'false' }]);
    assert.equal(enabled.disableExecuteApiEndpoint, false);
    const source = await patch(api.id!, [{ op: 'replace', path: '/apiKeySource', value: 'AUTHORIZER' }]);
    assert.equal(source.apiKeySource, 'AUTHORIZER');
  });
});

describe('DeleteRestApi', () => {
  it('202, then the API is gone from Get and from the list', async () => {
    const region = 'eu-north-1';
    const c = apigatewayClient(gh, region);
    try {
      const keep = await c.send(new CreateRestApiCommand({ name: 'keep' }));
      const doomed = await c.send(new CreateRestApiCommand({ name: 'doomed' }));
      const deleted = await c.send(new DeleteRestApiCommand({ restApiId: doomed.id! }));
      assert.equal(statusOf(deleted), 202);
      assert.deepEqual(keysOf(deleted), []);
      const list = await c.send(new GetRestApisCommand({}));
      assert.deepEqual(list.items?.map((a) => a.id), [keep.id]);
      assert.deepEqual(await awsError(c.send(new GetRestApiCommand({ restApiId: doomed.id! }))), {
        name: 'NotFoundException',
        status: 404,
        message: `Invalid API identifier specified ${ACCOUNT}:${doomed.id}`,
      });
      const wire = await rawApigateway(gh, 'DELETE', `/restapis/${keep.id}`, { region });
      assert.equal(wire.status, 202);
      assert.equal(wire.text, '');
    } finally {
      c.destroy();
    }
  });
});

describe('Tags on a rest API', () => {
  it('TagResource/GetTags/UntagResource on arn:aws:apigateway:{region}::/restapis/{id}', async () => {
    const api = await createApi();
    const arn = `arn:aws:apigateway:${REGION}::/restapis/${api.id}`;

    const none = await client.send(new GetTagsCommand({ resourceArn: arn }));
    assert.equal(statusOf(none), 200);
    assert.deepEqual(none.tags, {});

    const tagged = await client.send(new TagResourceCommand({ resourceArn: arn, tags: { env: 'dev', team: 'gate' } }));
    assert.equal(statusOf(tagged), 204);
    await client.send(new TagResourceCommand({ resourceArn: arn, tags: { env: 'prod' } }));
    assert.deepEqual((await client.send(new GetTagsCommand({ resourceArn: arn }))).tags, { env: 'prod', team: 'gate' });

    // Tags show on GetRestApi and, once tagged, on the list item.
    assert.deepEqual((await client.send(new GetRestApiCommand({ restApiId: api.id! }))).tags, { env: 'prod', team: 'gate' });
    const item = (await client.send(new GetRestApisCommand({ limit: 500 }))).items?.find((a) => a.id === api.id);
    assert.deepEqual(item?.tags, { env: 'prod', team: 'gate' });

    const untagged = await client.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: ['env'] }));
    assert.equal(statusOf(untagged), 204);
    assert.deepEqual((await client.send(new GetTagsCommand({ resourceArn: arn }))).tags, { team: 'gate' });
    await client.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: ['team'] }));
    assert.deepEqual((await client.send(new GetTagsCommand({ resourceArn: arn }))).tags, {});
    assert.deepEqual((await client.send(new GetRestApiCommand({ restApiId: api.id! }))).tags, {});
    const after = (await client.send(new GetRestApisCommand({ limit: 500 }))).items?.find((a) => a.id === api.id);
    assert.ok(after !== undefined && !keysOf(after).includes('tags'), 'an untagged list item has no tags key');
  });

  it('GetTags puts {"tags":{...}} on the wire', async () => {
    const api = await createApi({ tags: { a: '1' } });
    const arn = `arn:aws:apigateway:${REGION}::/restapis/${api.id}`;
    const wire = await rawApigateway(gh, 'GET', `/tags/${encodeURIComponent(arn)}`);
    assert.equal(wire.status, 200);
    assert.deepEqual(wire.json, { tags: { a: '1' } });
  });
});
