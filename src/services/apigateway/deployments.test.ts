/** Deployment handlers called directly: what may be deployed, the frozen snapshot, stages made on deploy, updates, deletes. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DeploymentSnapshot } from '../../domain/apigateway.js';
import { createDeployment, deleteDeployment, getDeployment, getDeployments, updateDeployment } from './deployments.js';
import { putIntegration, updateIntegration } from './integrations.js';
import { deleteMethod, putMethod } from './methods.js';
import { updateRestApi } from './rest-apis.js';
import { getStage, updateStage } from './stages.js';
import { ACCOUNT, addMockMethod, addResource, call, createApi, expectError, OPEN_POLICY, ops, SCOPE, T0, testContext, type TestContext } from './test-context.js';

/** An API with GET / (MOCK), ready to deploy. */
function deployable(input: Record<string, unknown> = {}) {
  const ctx = testContext();
  const api = createApi(ctx, input);
  addMockMethod(ctx, api.id, api.rootId);
  const deploy = (extra: Record<string, unknown> = {}) => call(ctx, createDeployment, { restApiId: api.id, ...extra });
  return { ctx, ...api, deploy };
}

const snapshotOf = (ctx: TestContext, restApiId: string, deploymentId: string): DeploymentSnapshot | undefined =>
  ctx.store.table<DeploymentSnapshot>('deployment_snapshots').get(SCOPE, restApiId, deploymentId);

describe('CreateDeployment', () => {
  it('answers the deployment without its summary; GetDeployment shows the summary when embed=apisummary', () => {
    const { ctx, id, deploy } = deployable();
    const deployment = deploy({ description: 'first' });
    assert.match(deployment.id, /^[a-z0-9]{6}$/);
    assert.deepEqual(deployment, { id: deployment.id, createdDate: T0, description: 'first' });
    assert.deepEqual(call(ctx, getDeployment, { restApiId: id, deploymentId: deployment.id }), deployment);
    assert.deepEqual(call(ctx, getDeployment, { restApiId: id, deploymentId: deployment.id, embed: ['apisummary'] }), {
      ...deployment, apiSummary: { '/': { GET: { authorizationType: 'NONE', apiKeyRequired: false } } },
    });
  });

  it("refuses an API that cannot be deployed, with AWS's messages, and stores nothing", () => {
    const ctx = testContext();
    const empty = createApi(ctx);
    const deploy = (restApiId: string, extra: Record<string, unknown> = {}) => () => call(ctx, createDeployment, { restApiId, ...extra });
    expectError(deploy(empty.id), 'BadRequestException', "The REST API doesn't contain any methods");
    call(ctx, putMethod, { restApiId: empty.id, resourceId: empty.rootId, httpMethod: 'GET', authorizationType: 'NONE' });
    expectError(deploy(empty.id), 'BadRequestException', 'No integration defined for method');
    const priv = createApi(ctx, { endpointConfiguration: { types: ['PRIVATE'] } });
    addMockMethod(ctx, priv.id, priv.rootId);
    expectError(deploy(priv.id), 'BadRequestException', "Private REST API doesn't have a resource policy attached to it");
    call(ctx, putIntegration, { restApiId: empty.id, resourceId: empty.rootId, httpMethod: 'GET', type: 'MOCK' });
    expectError(deploy(empty.id, { stageName: 'bad-name' }), 'BadRequestException', 'Stage name only allows a-zA-Z0-9_');
    expectError(deploy(empty.id, { stageName: 'prod', variables: { 'my-var': 'x' } }), 'BadRequestException', 'Stage variable name my-var is invalid. Only a-zA-Z0-9_ are allowed.');
    expectError(deploy('nope'), 'NotFoundException', `Invalid API identifier specified ${ACCOUNT}:nope`);
    for (const api of [empty, priv]) assert.deepEqual(call(ctx, getDeployments, { restApiId: api.id }).items, []);
  });

  it('a PRIVATE API with a policy deploys', () => {
    const { deploy } = deployable({ endpointConfiguration: { types: ['PRIVATE'] }, policy: OPEN_POLICY });
    assert.equal(typeof deploy().id, 'string');
  });
});

describe('the snapshot', () => {
  it('is frozen at deploy time: editing the API afterwards changes nothing in it', () => {
    const { ctx, id, rootId, deploy } = deployable({ policy: OPEN_POLICY });
    const first = deploy();
    const frozen = structuredClone(snapshotOf(ctx, id, first.id)!);
    assert.equal(frozen.api.name, 'test-api');
    assert.deepEqual(frozen.resources.map((r) => [r.path, Object.keys(r.resourceMethods ?? {})]), [['/', ['GET']]]);

    call(ctx, updateRestApi, { restApiId: id, patchOperations: ops(['replace', '/name', 'renamed'], ['remove', '/policy'], ['replace', '/endpointConfiguration/types/0', 'EDGE']) });
    addMockMethod(ctx, id, addResource(ctx, id, rootId, 'pets'), 'POST');
    call(ctx, putIntegration, { restApiId: id, resourceId: rootId, httpMethod: 'GET', type: 'HTTP', integrationHttpMethod: 'GET', uri: 'https://example.com' });
    call(ctx, updateIntegration, { restApiId: id, resourceId: rootId, httpMethod: 'GET', patchOperations: ops(['replace', '/uri', 'https://example.org']) });
    assert.deepEqual(snapshotOf(ctx, id, first.id), frozen);

    const second = deploy();
    const next = snapshotOf(ctx, id, second.id)!;
    assert.equal(next.api.name, 'renamed');
    assert.equal(next.api.policy, undefined);
    assert.deepEqual(next.resources.map((r) => r.path), ['/', '/pets']);
    assert.equal(next.resources[0]!.resourceMethods!['GET']!.methodIntegration!.uri, 'https://example.org');
    call(ctx, deleteMethod, { restApiId: id, resourceId: rootId, httpMethod: 'GET' });
    assert.deepEqual(snapshotOf(ctx, id, first.id), frozen, 'the first snapshot is still as it was');
  });
});

describe('deploying to a stage', () => {
  it('creates the stage with the deployment\'s stage fields', () => {
    const { ctx, id, deploy } = deployable();
    const deployment = deploy({ stageName: 'prod', stageDescription: 'production', variables: { host: 'a.example' }, cacheClusterEnabled: true, cacheClusterSize: '0.5', tracingEnabled: true });
    assert.deepEqual(call(ctx, getStage, { restApiId: id, stageName: 'prod' }), {
      stageName: 'prod', deploymentId: deployment.id, description: 'production', variables: { host: 'a.example' }, cacheClusterEnabled: true,
      cacheClusterSize: '0.5', cacheClusterStatus: 'AVAILABLE', methodSettings: {}, tracingEnabled: true, createdDate: T0, lastUpdatedDate: T0,
    });
  });

  it('points an existing stage at the new deployment and merges its variables', () => {
    const { ctx, id, deploy } = deployable();
    deploy({ stageName: 'prod', variables: { a: '1', b: '2' } });
    ctx.clock.advance(60);
    const second = deploy({ stageName: 'prod', variables: { b: 'two', c: '3' } });
    const stage = call(ctx, getStage, { restApiId: id, stageName: 'prod' });
    assert.deepEqual([stage.deploymentId, stage.variables, stage.createdDate, stage.lastUpdatedDate], [second.id, { a: '1', b: 'two', c: '3' }, T0, T0 + 60]);
  });
});

describe('GetDeployments, UpdateDeployment, DeleteDeployment', () => {
  it('lists in creation order; updates and removes the description', () => {
    const { ctx, id, deploy } = deployable();
    const ids = [deploy().id, deploy().id];
    assert.deepEqual(call(ctx, getDeployments, { restApiId: id }).items.map((d) => d.id), ids);
    const update = (...triples: Array<[string, string, string?]>) => call(ctx, updateDeployment, { restApiId: id, deploymentId: ids[0]!, patchOperations: ops(...triples) });
    assert.equal(update(['replace', '/description', 'hello']).description, 'hello');
    assert.equal('description' in update(['remove', '/description']), false);
    expectError(() => update(['replace', '/stageName', 'x']), 'BadRequestException', "Invalid patch path  '/stageName' specified for op 'replace'. Must be one of: [/description]");
    expectError(() => call(ctx, getDeployment, { restApiId: id, deploymentId: 'nope' }), 'NotFoundException', 'Invalid Deployment identifier specified');
  });

  it('a deployment a stage points at cannot be deleted; once the stage moves it can, with its snapshot', () => {
    const { ctx, id, deploy } = deployable();
    const first = deploy({ stageName: 'prod' });
    const second = deploy();
    const remove = (deploymentId: string) => () => call(ctx, deleteDeployment, { restApiId: id, deploymentId });
    expectError(remove(first.id), 'BadRequestException', 'Active stages pointing to this deployment must be moved or deleted');
    call(ctx, updateStage, { restApiId: id, stageName: 'prod', patchOperations: ops(['replace', '/deploymentId', second.id]) });
    remove(first.id)();
    assert.equal(snapshotOf(ctx, id, first.id), undefined);
    assert.ok(snapshotOf(ctx, id, second.id));
    expectError(remove(first.id), 'NotFoundException', 'Invalid Deployment identifier specified');
  });
});
