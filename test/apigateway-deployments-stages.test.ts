/**
 * Deployments and stages end to end with the AWS SDK for JavaScript v3, and tags on a stage. Expected shapes
 * are AWS's (the test_apigateway_common and _api recordings, see docs/aws-recorded/; digest in
 * docs/notes/apigateway-control-plane.md §8–§10; docs/aws-facts.md §2.6 for the refusals).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CreateDeploymentCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  CreateStageCommand,
  DeleteDeploymentCommand,
  DeleteStageCommand,
  GetDeploymentCommand,
  GetDeploymentsCommand,
  GetStageCommand,
  GetStagesCommand,
  GetTagsCommand,
  PutIntegrationCommand,
  PutMethodCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateDeploymentCommand,
  UpdateRestApiCommand,
  UpdateStageCommand,
  type APIGatewayClient,
  type CreateRestApiCommandInput,
  type PatchOperation,
} from '@aws-sdk/client-api-gateway';
import type { Gatehouse } from '../src/server/gatehouse.js';
import { keysOf, rawApigateway, statusOf } from './support/apigateway.js';
import { REGION, apigatewayClient, awsError, withGatehouseClient } from './support/server.js';

/** A stage as AWS creates it, without description (C:test_create_delete_deployments[False]/get-stages). */
const STAGE_KEYS = ['cacheClusterEnabled', 'cacheClusterStatus', 'createdDate', 'deploymentId', 'lastUpdatedDate', 'methodSettings', 'stageName', 'tracingEnabled'];

/** The `*∕*` method setting AWS creates on the first patch of one of its fields (C:test_update_stage_remove_wildcard). */
const DEFAULT_METHOD_SETTING = {
  cacheDataEncrypted: false,
  cacheTtlInSeconds: 300,
  cachingEnabled: false,
  dataTraceEnabled: false,
  metricsEnabled: false,
  requireAuthorizationForCacheControl: true,
  throttlingBurstLimit: 5000,
  throttlingRateLimit: 10000,
  unauthorizedCacheControlHeaderStrategy: 'SUCCEED_WITH_RESPONSE_HEADER',
};

const PRIVATE_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: ['execute-api:/*'] }],
});

let gh: Gatehouse;
let client: APIGatewayClient;

withGatehouseClient((g) => apigatewayClient(g), (g, c) => {
  gh = g;
  client = c;
});

/** An API with GET / backed by a MOCK integration: deployable. */
async function deployableApi(input: Partial<CreateRestApiCommandInput> = {}): Promise<{ restApiId: string; rootId: string }> {
  const api = await client.send(new CreateRestApiCommand({ name: `ds-${Math.random().toString(36).slice(2, 8)}`, ...input }));
  const restApiId = api.id!;
  const rootId = api.rootResourceId!;
  await client.send(new PutMethodCommand({ restApiId, resourceId: rootId, httpMethod: 'GET', authorizationType: 'NONE' }));
  await client.send(new PutIntegrationCommand({ restApiId, resourceId: rootId, httpMethod: 'GET', type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }));
  return { restApiId, rootId };
}

function plain<T extends object>(output: T): Omit<T, '$metadata'> {
  const { $metadata: _m, ...rest } = output as T & { $metadata?: unknown };
  return JSON.parse(JSON.stringify(rest)) as Omit<T, '$metadata'>;
}

describe('CreateDeployment', () => {
  it('201 {createdDate, id} and nothing else', async () => {
    const { restApiId } = await deployableApi();
    const t0 = Date.now() / 1000;
    const d = await client.send(new CreateDeploymentCommand({ restApiId }));
    assert.equal(statusOf(d), 201);
    assert.deepEqual(keysOf(d), ['createdDate', 'id']);
    assert.match(d.id!, /^[a-z0-9]{6}$/);
    assert.ok(d.createdDate instanceof Date);
    assert.ok(Math.abs(d.createdDate.getTime() / 1000 - t0) < 5);
  });

  it('a description is echoed', async () => {
    const { restApiId } = await deployableApi();
    const d = await client.send(new CreateDeploymentCommand({ restApiId, description: 'first' }));
    assert.deepEqual(keysOf(d), ['createdDate', 'description', 'id']);
    assert.equal(d.description, 'first');
  });

  it('with stageName + variables: the stage is created on the deployment, with AWS stage defaults', async () => {
    const { restApiId } = await deployableApi();
    const d = await client.send(new CreateDeploymentCommand({ restApiId, stageName: 'dev', variables: { backend: 'blue', lambdaAlias: 'live' } }));
    assert.deepEqual(keysOf(d), ['createdDate', 'id']);
    const stage = await client.send(new GetStageCommand({ restApiId, stageName: 'dev' }));
    assert.deepEqual(keysOf(stage), [...STAGE_KEYS, 'variables'].sort());
    assert.equal(stage.deploymentId, d.id);
    assert.equal(stage.stageName, 'dev');
    assert.deepEqual(stage.variables, { backend: 'blue', lambdaAlias: 'live' });
    assert.equal(stage.cacheClusterEnabled, false);
    assert.equal(stage.cacheClusterStatus, 'NOT_AVAILABLE');
    assert.equal(stage.tracingEnabled, false);
    assert.deepEqual(stage.methodSettings, {});
    assert.ok(stage.createdDate instanceof Date && stage.lastUpdatedDate instanceof Date);
  });

  it('with stageName + stageDescription: the stage gets the description', async () => {
    const { restApiId } = await deployableApi();
    await client.send(new CreateDeploymentCommand({ restApiId, stageName: 'described', stageDescription: 'the stage' }));
    const stage = await client.send(new GetStageCommand({ restApiId, stageName: 'described' }));
    assert.equal(stage.description, 'the stage');
  });

  it('refuses a PRIVATE API without a resource policy, and deploys it once a policy is attached', async () => {
    const { restApiId } = await deployableApi({ endpointConfiguration: { types: ['PRIVATE'] } });
    assert.deepEqual(await awsError(client.send(new CreateDeploymentCommand({ restApiId, stageName: 'prod' }))), {
      name: 'BadRequestException',
      status: 400,
      message: "Private REST API doesn't have a resource policy attached to it",
    });
    assert.deepEqual((await client.send(new GetStagesCommand({ restApiId }))).item, [], 'no stage was created');
    await client.send(new UpdateRestApiCommand({ restApiId, patchOperations: [{ op: 'replace', path: '/policy', value: PRIVATE_POLICY }] }));
    const d = await client.send(new CreateDeploymentCommand({ restApiId, stageName: 'prod' }));
    assert.equal(statusOf(d), 201);
  });

  it("refuses an API without methods: The REST API doesn't contain any methods", async () => {
    const api = await client.send(new CreateRestApiCommand({ name: 'no-methods' }));
    await client.send(new CreateResourceCommand({ restApiId: api.id!, parentId: api.rootResourceId!, pathPart: 'empty' }));
    assert.deepEqual(await awsError(client.send(new CreateDeploymentCommand({ restApiId: api.id! }))), {
      name: 'BadRequestException',
      status: 400,
      message: "The REST API doesn't contain any methods",
    });
  });

  it('refuses a method without an integration: No integration defined for method', async () => {
    const { restApiId, rootId } = await deployableApi();
    const pets = await client.send(new CreateResourceCommand({ restApiId, parentId: rootId, pathPart: 'pets' }));
    await client.send(new PutMethodCommand({ restApiId, resourceId: pets.id!, httpMethod: 'POST', authorizationType: 'NONE' }));
    assert.deepEqual(await awsError(client.send(new CreateDeploymentCommand({ restApiId, stageName: 'x' }))), {
      name: 'BadRequestException',
      status: 400,
      message: 'No integration defined for method',
    });
    assert.deepEqual((await client.send(new GetDeploymentsCommand({ restApiId }))).items ?? [], [], 'nothing was deployed');
  });

  it('redeploying to an existing stage re-points it; the old deployment can then be deleted', async () => {
    const { restApiId } = await deployableApi();
    const first = await client.send(new CreateDeploymentCommand({ restApiId, stageName: 'stage1' }));
    const before = await client.send(new GetStageCommand({ restApiId, stageName: 'stage1' }));
    assert.equal(before.deploymentId, first.id);

    const second = await client.send(new CreateDeploymentCommand({ restApiId, stageName: 'stage1' }));
    assert.notEqual(second.id, first.id);
    const stages = await client.send(new GetStagesCommand({ restApiId }));
    assert.equal(stages.item?.length, 1);
    assert.equal(stages.item?.[0]?.deploymentId, second.id);
    assert.equal(stages.item?.[0]?.createdDate?.getTime(), before.createdDate?.getTime(), 'the same stage, re-pointed');

    const deleted = await client.send(new DeleteDeploymentCommand({ restApiId, deploymentId: first.id! }));
    assert.equal(statusOf(deleted), 202);
    assert.deepEqual((await client.send(new GetDeploymentsCommand({ restApiId }))).items?.map((d) => d.id), [second.id]);
  });
});

describe('DeleteDeployment', () => {
  it('refused while a stage points at the deployment; allowed once the stage is deleted', async () => {
    const { restApiId } = await deployableApi();
    const d = await client.send(new CreateDeploymentCommand({ restApiId, stageName: 'live' }));
    assert.deepEqual(await awsError(client.send(new DeleteDeploymentCommand({ restApiId, deploymentId: d.id! }))), {
      name: 'BadRequestException',
      status: 400,
      message: 'Active stages pointing to this deployment must be moved or deleted',
    });
    await client.send(new DeleteStageCommand({ restApiId, stageName: 'live' }));
    const deleted = await client.send(new DeleteDeploymentCommand({ restApiId, deploymentId: d.id! }));
    assert.equal(statusOf(deleted), 202);
    const gone = await awsError(client.send(new GetDeploymentCommand({ restApiId, deploymentId: d.id! })));
    assert.equal(gone.name, 'NotFoundException');
    assert.equal(gone.status, 404);
  });

  it('a deployment without stages deletes directly (202, empty body)', async () => {
    const { restApiId } = await deployableApi();
    const d = await client.send(new CreateDeploymentCommand({ restApiId }));
    const wire = await rawApigateway(gh, 'DELETE', `/restapis/${restApiId}/deployments/${d.id}`);
    assert.equal(wire.status, 202);
    assert.equal(wire.text, '');
  });
});

describe('GetDeployment(s) and UpdateDeployment', () => {
  it('GetDeployment: 200 {createdDate, id}; embed=apisummary adds the method summary', async () => {
    const { restApiId, rootId } = await deployableApi();
    const pets = await client.send(new CreateResourceCommand({ restApiId, parentId: rootId, pathPart: 'pets' }));
    await client.send(new PutMethodCommand({ restApiId, resourceId: pets.id!, httpMethod: 'POST', authorizationType: 'AWS_IAM', apiKeyRequired: true }));
    await client.send(new PutIntegrationCommand({ restApiId, resourceId: pets.id!, httpMethod: 'POST', type: 'MOCK' }));
    const created = await client.send(new CreateDeploymentCommand({ restApiId }));

    const got = await client.send(new GetDeploymentCommand({ restApiId, deploymentId: created.id! }));
    assert.equal(statusOf(got), 200);
    assert.deepEqual(keysOf(got), ['createdDate', 'id']);
    assert.equal(got.id, created.id);
    assert.equal(got.createdDate?.getTime(), created.createdDate?.getTime());

    const embedded = await client.send(new GetDeploymentCommand({ restApiId, deploymentId: created.id!, embed: ['apisummary'] }));
    assert.deepEqual(keysOf(embedded), ['apiSummary', 'createdDate', 'id']);
    assert.deepEqual(JSON.parse(JSON.stringify(embedded.apiSummary)), {
      '/': { GET: { authorizationType: 'NONE', apiKeyRequired: false } },
      '/pets': { POST: { authorizationType: 'AWS_IAM', apiKeyRequired: true } },
    });
  });

  it('GetDeployments: 200 {items:[{createdDate, id}]} with no position; wire key "item"', async () => {
    const { restApiId } = await deployableApi();
    const a = await client.send(new CreateDeploymentCommand({ restApiId }));
    const b = await client.send(new CreateDeploymentCommand({ restApiId, description: 'second' }));
    const list = await client.send(new GetDeploymentsCommand({ restApiId }));
    assert.equal(statusOf(list), 200);
    assert.deepEqual(keysOf(list), ['items']);
    assert.deepEqual(list.items?.map((d) => d.id).sort(), [a.id, b.id].sort());
    for (const d of list.items ?? []) {
      assert.ok(!keysOf(d).includes('apiSummary'));
      assert.ok(d.createdDate instanceof Date);
    }
    const wire = await rawApigateway(gh, 'GET', `/restapis/${restApiId}/deployments`);
    assert.deepEqual(Object.keys(wire.json), ['item']);
    const first = (wire.json['item'] as Record<string, unknown>[])[0]!;
    assert.equal(typeof first['createdDate'], 'number', 'epoch seconds on the wire');
  });

  it('UpdateDeployment: replace /description, 200', async () => {
    const { restApiId } = await deployableApi();
    const d = await client.send(new CreateDeploymentCommand({ restApiId }));
    const updated = await client.send(new UpdateDeploymentCommand({ restApiId, deploymentId: d.id!, patchOperations: [{ op: 'replace', path: '/description', value: 'now described' }] }));
    assert.equal(statusOf(updated), 200);
    assert.deepEqual(keysOf(updated), ['createdDate', 'description', 'id']);
    assert.equal(updated.description, 'now described');
  });
});

describe('Stages', () => {
  async function apiWithDeployment() {
    const { restApiId } = await deployableApi();
    const d = await client.send(new CreateDeploymentCommand({ restApiId }));
    return { restApiId, deploymentId: d.id! };
  }

  it('CreateStage: 201 with AWS defaults; description only when given; no variables/tags keys', async () => {
    const { restApiId, deploymentId } = await apiWithDeployment();
    const stage = await client.send(new CreateStageCommand({ restApiId, deploymentId, stageName: 's1', description: 'my stage' }));
    assert.equal(statusOf(stage), 201);
    assert.deepEqual(keysOf(stage), [...STAGE_KEYS, 'description'].sort());
    assert.equal(stage.stageName, 's1');
    assert.equal(stage.deploymentId, deploymentId);
    assert.equal(stage.description, 'my stage');
    assert.equal(stage.cacheClusterEnabled, false);
    assert.equal(stage.cacheClusterStatus, 'NOT_AVAILABLE');
    assert.equal(stage.tracingEnabled, false);
    assert.deepEqual(stage.methodSettings, {});
    assert.ok(stage.createdDate instanceof Date);
    assert.ok(stage.lastUpdatedDate instanceof Date, 'lastUpdatedDate is set at creation');

    const bare = await client.send(new CreateStageCommand({ restApiId, deploymentId, stageName: 's2' }));
    assert.deepEqual(keysOf(bare), STAGE_KEYS);

    const withVars = await client.send(new CreateStageCommand({ restApiId, deploymentId, stageName: 's3', variables: { v: '1' } }));
    assert.deepEqual(withVars.variables, { v: '1' });
  });

  it('GetStage: 200, same shape; epoch seconds on the wire', async () => {
    const { restApiId, deploymentId } = await apiWithDeployment();
    const created = await client.send(new CreateStageCommand({ restApiId, deploymentId, stageName: 'get_me', description: 'd' }));
    const got = await client.send(new GetStageCommand({ restApiId, stageName: 'get_me' }));
    assert.equal(statusOf(got), 200);
    assert.deepEqual(plain(got), plain(created));

    const wire = await rawApigateway(gh, 'GET', `/restapis/${restApiId}/stages/get_me`);
    assert.equal(typeof wire.json['createdDate'], 'number');
    assert.equal(typeof wire.json['lastUpdatedDate'], 'number');
    assert.deepEqual(wire.json['methodSettings'], {});
  });

  it('GetStages: {item:[...]} in creation order, filtered by deploymentId', async () => {
    const { restApiId, deploymentId } = await apiWithDeployment();
    const other = await client.send(new CreateDeploymentCommand({ restApiId }));
    await client.send(new CreateStageCommand({ restApiId, deploymentId, stageName: 'stage1' }));
    await client.send(new CreateStageCommand({ restApiId, deploymentId: other.id!, stageName: 'stage2' }));

    const all = await client.send(new GetStagesCommand({ restApiId }));
    assert.equal(statusOf(all), 200);
    assert.deepEqual(keysOf(all), ['item']);
    assert.deepEqual(all.item?.map((s) => s.stageName), ['stage1', 'stage2']);
    for (const s of all.item ?? []) assert.deepEqual(keysOf(s), STAGE_KEYS);

    const filtered = await client.send(new GetStagesCommand({ restApiId, deploymentId: other.id! }));
    assert.deepEqual(filtered.item?.map((s) => s.stageName), ['stage2']);

    const wire = await rawApigateway(gh, 'GET', `/restapis/${restApiId}/stages`);
    assert.deepEqual(Object.keys(wire.json), ['item']);
  });

  it('UpdateStage: description, variables, tracingEnabled, deploymentId; 200 with the full stage', async () => {
    const { restApiId, deploymentId } = await apiWithDeployment();
    const created = await client.send(new CreateStageCommand({ restApiId, deploymentId, stageName: 'upd', description: 'stage' }));
    const update = (patchOperations: PatchOperation[]) => client.send(new UpdateStageCommand({ restApiId, stageName: 'upd', patchOperations }));

    const updated = await update([
      { op: 'replace', path: '/description', value: 'stage new' },
      { op: 'replace', path: '/variables/var1', value: 'test' },
      { op: 'replace', path: '/variables/var2', value: 'test2' },
      { op: 'replace', path: '/tracingEnabled', value: 'true' },
    ]);
    assert.equal(statusOf(updated), 200);
    assert.deepEqual(keysOf(updated), [...STAGE_KEYS, 'description', 'variables'].sort());
    assert.equal(updated.description, 'stage new');
    assert.deepEqual(updated.variables, { var1: 'test', var2: 'test2' });
    assert.equal(updated.tracingEnabled, true);
    assert.ok(updated.lastUpdatedDate!.getTime() >= created.lastUpdatedDate!.getTime());
    assert.equal(updated.createdDate?.getTime(), created.createdDate?.getTime());

    const oneVar = await update([{ op: 'remove', path: '/variables/var1' }]);
    assert.deepEqual(oneVar.variables, { var2: 'test2' });

    const other = await client.send(new CreateDeploymentCommand({ restApiId }));
    const moved = await update([{ op: 'replace', path: '/deploymentId', value: other.id! }]);
    assert.equal(moved.deploymentId, other.id);
    assert.equal((await client.send(new GetStageCommand({ restApiId, stageName: 'upd' }))).deploymentId, other.id);
  });

  it('UpdateStage methodSettings: */* starts from the 9 defaults; per-method entries copy */*; remove /*/*', async () => {
    const { restApiId, deploymentId } = await apiWithDeployment();
    await client.send(new CreateStageCommand({ restApiId, deploymentId, stageName: 'ms' }));
    const update = (patchOperations: PatchOperation[]) => client.send(new UpdateStageCommand({ restApiId, stageName: 'ms', patchOperations }));

    const throttled = await update([{ op: 'replace', path: '/*/*/throttling/burstLimit', value: '123' }]);
    assert.deepEqual(plain(throttled).methodSettings, { '*/*': { ...DEFAULT_METHOD_SETTING, throttlingBurstLimit: 123 } });

    const cached = await update([{ op: 'replace', path: '/*/*/caching/enabled', value: 'true' }]);
    assert.deepEqual(plain(cached).methodSettings, { '*/*': { ...DEFAULT_METHOD_SETTING, throttlingBurstLimit: 123, cachingEnabled: true } });

    const perMethod = await update([{ op: 'replace', path: '/test/GET/throttling/burstLimit', value: '124' }]);
    assert.deepEqual(Object.keys(perMethod.methodSettings ?? {}).sort(), ['*/*', 'test/GET']);
    assert.deepEqual(plain(perMethod).methodSettings?.['test/GET'], { ...DEFAULT_METHOD_SETTING, throttlingBurstLimit: 124, cachingEnabled: true });

    const again = await update([{ op: 'replace', path: '/*/*/throttling/burstLimit', value: '100' }]);
    assert.equal(again.methodSettings?.['*/*']?.throttlingBurstLimit, 100);
    assert.equal(again.methodSettings?.['test/GET']?.throttlingBurstLimit, 124);

    const removed = await update([{ op: 'remove', path: '/*/*' }]);
    assert.deepEqual(Object.keys(removed.methodSettings ?? {}), ['test/GET']);
    assert.deepEqual(plain(await client.send(new GetStageCommand({ restApiId, stageName: 'ms' }))).methodSettings, plain(removed).methodSettings);
  });

  it('methodSettings on the wire: throttlingRateLimit is the float 10000.0, and no loggingLevel key', async () => {
    const { restApiId, deploymentId } = await apiWithDeployment();
    await client.send(new CreateStageCommand({ restApiId, deploymentId, stageName: 'wire_ms' }));
    const wire = await rawApigateway(gh, 'PATCH', `/restapis/${restApiId}/stages/wire_ms`, {
      body: { patchOperations: [{ op: 'replace', path: '/*/*/caching/enabled', value: 'true' }] },
    });
    assert.equal(wire.status, 200);
    const setting = (wire.json['methodSettings'] as Record<string, Record<string, unknown>>)['*/*']!;
    assert.ok(!('loggingLevel' in setting));
    assert.match(wire.text, /"throttlingRateLimit":10000\.0\b/, `AWS writes the rate limit as a double: ${wire.text}`);
  });

  it('DeleteStage: 202; the stage is gone', async () => {
    const { restApiId, deploymentId } = await apiWithDeployment();
    await client.send(new CreateStageCommand({ restApiId, deploymentId, stageName: 'doomed' }));
    await client.send(new CreateStageCommand({ restApiId, deploymentId, stageName: 'kept' }));
    const deleted = await client.send(new DeleteStageCommand({ restApiId, stageName: 'doomed' }));
    assert.equal(statusOf(deleted), 202);
    assert.deepEqual((await client.send(new GetStagesCommand({ restApiId }))).item?.map((s) => s.stageName), ['kept']);
    const gone = await awsError(client.send(new GetStageCommand({ restApiId, stageName: 'doomed' })));
    assert.equal(gone.name, 'NotFoundException');
    assert.equal(gone.status, 404);
  });
});

describe('Tags on a stage', () => {
  it('TagResource/GetTags/UntagResource on arn:aws:apigateway:{region}::/restapis/{id}/stages/{name}', async () => {
    const { restApiId } = await deployableApi();
    await client.send(new CreateDeploymentCommand({ restApiId, stageName: 'tagged' }));
    const arn = `arn:aws:apigateway:${REGION}::/restapis/${restApiId}/stages/tagged`;

    assert.deepEqual((await client.send(new GetTagsCommand({ resourceArn: arn }))).tags, {});
    assert.ok(!keysOf(await client.send(new GetStageCommand({ restApiId, stageName: 'tagged' }))).includes('tags'), 'an untagged stage has no tags key');

    const tagged = await client.send(new TagResourceCommand({ resourceArn: arn, tags: { env: 'dev', owner: 'me' } }));
    assert.equal(statusOf(tagged), 204);
    const got = await client.send(new GetTagsCommand({ resourceArn: arn }));
    assert.equal(statusOf(got), 200);
    assert.deepEqual(got.tags, { env: 'dev', owner: 'me' });
    assert.deepEqual((await client.send(new GetStageCommand({ restApiId, stageName: 'tagged' }))).tags, { env: 'dev', owner: 'me' });

    // Stage tags are the stage's own: the API stays untagged.
    assert.deepEqual((await client.send(new GetTagsCommand({ resourceArn: `arn:aws:apigateway:${REGION}::/restapis/${restApiId}` }))).tags, {});

    const untagged = await client.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: ['env', 'owner'] }));
    assert.equal(statusOf(untagged), 204);
    assert.deepEqual((await client.send(new GetTagsCommand({ resourceArn: arn }))).tags, {});
    assert.ok(!keysOf(await client.send(new GetStageCommand({ restApiId, stageName: 'tagged' }))).includes('tags'));
  });

  it('CreateStage with tags echoes them', async () => {
    const { restApiId } = await deployableApi();
    const d = await client.send(new CreateDeploymentCommand({ restApiId }));
    const stage = await client.send(new CreateStageCommand({ restApiId, deploymentId: d.id!, stageName: 'withtags', tags: { a: 'b' } }));
    assert.deepEqual(stage.tags, { a: 'b' });
    assert.deepEqual((await client.send(new GetTagsCommand({ resourceArn: `arn:aws:apigateway:${REGION}::/restapis/${restApiId}/stages/withtags` }))).tags, { a: 'b' });
  });
});
