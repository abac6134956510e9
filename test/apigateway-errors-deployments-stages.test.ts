/**
 * API Gateway control-plane errors for Deployment and Stage operations, exactly as AWS answered them
 * (`docs/aws-recorded/control-plane-errors.tsv`; requests rebuilt from the recorded tests
 * `test_apigateway_common.py::TestStages`, `::TestDeployments` and
 * `test_apigateway_api.py::TestApiGatewayStage::test_stage_access_log_settings_validation`). Each test names the
 * recorded steps it reproduces. (No recorded error belongs to TagResource/UntagResource/GetTags; the one tag row,
 * `/tags/tag1` patched onto a stage, is here.)
 */
import {
  CreateDeploymentCommand, CreateRestApiCommand, CreateStageCommand, DeleteDeploymentCommand, DeleteStageCommand, GetDeploymentCommand,
  GetDeploymentsCommand, GetStageCommand, GetStagesCommand, PutIntegrationCommand, PutMethodCommand, UpdateStageCommand,
  type APIGatewayClient, type MethodSetting, type PatchOperation,
} from '@aws-sdk/client-api-gateway';
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { apigatewayClient, REGION, withGatehouseClient } from './support/server.js';
import { expectError, ops } from './support/apigateway.js';

const ACCOUNT = '111111111111';

let client: APIGatewayClient;

withGatehouseClient((g) => apigatewayClient(g, REGION, ACCOUNT), (_gh, c) => {
  client = c;
});

/** An API whose root has GET with a MOCK integration: deployable. */
async function deployableApi(): Promise<string> {
  const api = await client.send(new CreateRestApiCommand({ name: `errors-${Math.random().toString(36).slice(2, 8)}` }));
  await client.send(new PutMethodCommand({ restApiId: api.id!, resourceId: api.rootResourceId!, httpMethod: 'GET', authorizationType: 'NONE' }));
  await client.send(new PutIntegrationCommand({ restApiId: api.id!, resourceId: api.rootResourceId!, httpMethod: 'GET', type: 'MOCK' }));
  return api.id!;
}

const ACTIVE_STAGES = 'Active stages pointing to this deployment must be moved or deleted';

const INVALID_STAGE_PATH = (path: string): string =>
  `Invalid method setting path: ${path}. Must be one of: [/deploymentId, /description, /cacheClusterEnabled, /cacheClusterSize, /clientCertificateId, /accessLogSettings, /accessLogSettings/destinationArn, /accessLogSettings/format, /{resourcePath}/{httpMethod}/metrics/enabled, /{resourcePath}/{httpMethod}/logging/dataTrace, /{resourcePath}/{httpMethod}/logging/loglevel, /{resourcePath}/{httpMethod}/throttling/burstLimit/{resourcePath}/{httpMethod}/throttling/rateLimit/{resourcePath}/{httpMethod}/caching/ttlInSeconds, /{resourcePath}/{httpMethod}/caching/enabled, /{resourcePath}/{httpMethod}/caching/dataEncrypted, /{resourcePath}/{httpMethod}/caching/requireAuthorizationForCacheControl, /{resourcePath}/{httpMethod}/caching/unauthorizedCacheControlHeaderStrategy, /*/*/metrics/enabled, /*/*/logging/dataTrace, /*/*/logging/loglevel, /*/*/throttling/burstLimit /*/*/throttling/rateLimit /*/*/caching/ttlInSeconds, /*/*/caching/enabled, /*/*/caching/dataEncrypted, /*/*/caching/requireAuthorizationForCacheControl, /*/*/caching/unauthorizedCacheControlHeaderStrategy, /variables/{variable_name}, /tracingEnabled]`;
const INVALID_ACCESS_LOG_PATH = 'Invalid accessLogSettings path. Must be one of : [/accessLogSettings/destinationArn, /accessLogSettings/format]';
/** A methodSettings entry as AWS creates it on the first patch: its defaults, plus the given changes. */
const methodSetting = (changes: Partial<MethodSetting>): MethodSetting => ({
  cacheDataEncrypted: false, cacheTtlInSeconds: 300, cachingEnabled: false, dataTraceEnabled: false, metricsEnabled: false,
  requireAuthorizationForCacheControl: true, throttlingBurstLimit: 5000, throttlingRateLimit: 10000.0,
  unauthorizedCacheControlHeaderStrategy: 'SUCCEED_WITH_RESPONSE_HEADER', ...changes,
});
/** Note the trailing space: it is AWS's. */
const cannotRemove = (what: string): string => `Cannot remove method setting ${what} because there is no method setting for this method `;

describe('Deployments', () => {
  for (const createStageManually of [true, false]) {
    test(`test_create_delete_deployments[${createStageManually ? 'True' : 'False'}]: delete-deployment-error-0..2`, async () => {
      const restApiId = await deployableApi();
      const deploy = async (): Promise<string> => {
        const deployment = await client.send(new CreateDeploymentCommand(createStageManually ? { restApiId } : { restApiId, stageName: 's1' }));
        if (createStageManually) await client.send(new CreateStageCommand({ restApiId, stageName: 's1', deploymentId: deployment.id! }));
        return deployment.id!;
      };
      let deploymentId = await deploy();
      for (let i = 0; i < 3; i++) {
        await expectError(client.send(new DeleteDeploymentCommand({ restApiId, deploymentId })), 'BadRequestException', 400, ACTIVE_STAGES);
        assert.equal((await client.send(new GetDeploymentCommand({ restApiId, deploymentId }))).id, deploymentId, 'the refused deletion deleted nothing');
        await client.send(new DeleteStageCommand({ restApiId, stageName: 's1' }));
        await client.send(new DeleteDeploymentCommand({ restApiId, deploymentId }));
        deploymentId = await deploy();
        assert.deepEqual((await client.send(new GetDeploymentsCommand({ restApiId }))).items?.map((d) => d.id), [deploymentId]);
        assert.deepEqual((await client.send(new GetStagesCommand({ restApiId }))).item?.map((s) => [s.stageName, s.deploymentId]), [['s1', deploymentId]]);
      }
    });
  }

  test('test_create_update_deployments: delete-deployment-error, then delete-deployment-2-error after the stage moved', async () => {
    const restApiId = await deployableApi();
    const first = await client.send(new CreateDeploymentCommand({ restApiId }));
    await client.send(new CreateStageCommand({ restApiId, stageName: 's1', deploymentId: first.id! }));
    await expectError(client.send(new DeleteDeploymentCommand({ restApiId, deploymentId: first.id! })), 'BadRequestException', 400, ACTIVE_STAGES);

    // Deploying to the existing stage re-points it; the first deployment is then free to go.
    const second = await client.send(new CreateDeploymentCommand({ restApiId, stageName: 's1' }));
    assert.equal((await client.send(new GetStageCommand({ restApiId, stageName: 's1' }))).deploymentId, second.id);
    await client.send(new DeleteDeploymentCommand({ restApiId, deploymentId: first.id! }));
    await expectError(client.send(new DeleteDeploymentCommand({ restApiId, deploymentId: second.id! })), 'BadRequestException', 400, ACTIVE_STAGES);
    assert.deepEqual((await client.send(new GetDeploymentsCommand({ restApiId }))).items?.map((d) => d.id), [second.id]);
  });
});

describe('Stages', () => {
  /** A deployed API with stage s1, as TestStages sets it up (without the documentation version). */
  async function apiWithStage(description = 'my stage') {
    const restApiId = await deployableApi();
    const deployment = await client.send(new CreateDeploymentCommand({ restApiId }));
    await client.send(new CreateStageCommand({ restApiId, stageName: 's1', deploymentId: deployment.id!, description }));
    const update = (patchOperations: PatchOperation[]) => client.send(new UpdateStageCommand({ restApiId, stageName: 's1', patchOperations }));
    const get = () => client.send(new GetStageCommand({ restApiId, stageName: 's1' }));
    return { restApiId, update, get };
  }

  test('error-update-doc-version, error-update-tags: paths that are not stage settings', async () => {
    const { update, get } = await apiWithStage();
    await expectError(update(ops(['replace', '/documentation_version', '123'])), 'BadRequestException', 400, INVALID_STAGE_PATH('/documentation_version'));
    await expectError(update(ops(['replace', '/tags/tag1', 'value1'])), 'BadRequestException', 400, INVALID_STAGE_PATH('/tags/tag1'));
    const stage = await get();
    assert.equal(stage.tags, undefined);
    assert.equal(stage.description, 'my stage');
    assert.deepEqual(stage.methodSettings, {});

    // update-stage, update-stage-override: what may be patched, as AWS answered it right after those errors.
    const updated = await update(ops(
      ['replace', '/description', 'stage new'],
      ['replace', '/variables/var1', 'test'],
      ['replace', '/variables/var2', 'test2'],
      ['replace', '/*/*/throttling/burstLimit', '123'],
      ['replace', '/*/*/caching/enabled', 'true'],
      ['replace', '/tracingEnabled', 'true'],
      ['replace', '/test/GET/throttling/burstLimit', '124'],
    ));
    assert.equal(updated.description, 'stage new');
    assert.equal(updated.tracingEnabled, true);
    assert.deepEqual(updated.variables, { var1: 'test', var2: 'test2' });
    assert.deepEqual(updated.methodSettings, { '*/*': methodSetting({ cachingEnabled: true, throttlingBurstLimit: 123 }), 'test/GET': methodSetting({ cachingEnabled: true, throttlingBurstLimit: 124 }) });
    const overridden = await update(ops(['replace', '/*/*/throttling/burstLimit', '100']));
    assert.deepEqual(overridden.methodSettings, { '*/*': methodSetting({ cachingEnabled: true, throttlingBurstLimit: 100 }), 'test/GET': methodSetting({ cachingEnabled: true, throttlingBurstLimit: 124 }) });
    assert.equal((await get()).tags, undefined);
  });

  test('a rejected UpdateStage applies none of its operations', async () => {
    const { update, get } = await apiWithStage();
    await expectError(update(ops(
      ['replace', '/description', 'stage new'],
      ['replace', '/variables/var1', 'test'],
      ['replace', '/*/*/caching/enabled', 'true'],
      ['replace', '/tags/tag1', 'value1'],
    )), 'BadRequestException', 400, INVALID_STAGE_PATH('/tags/tag1'));
    const stage = await get();
    assert.equal(stage.description, 'my stage');
    assert.equal(stage.variables, undefined);
    assert.deepEqual(stage.methodSettings, {});
  });

  test('delete-error (test_update_stage_remove_wildcard): removing */* before it exists', async () => {
    const { update, get } = await apiWithStage();
    await expectError(update(ops(['remove', '/*/*'])), 'BadRequestException', 400, cannotRemove('*/*'));
    const withWildcard = await update(ops(['replace', '/*/*/caching/enabled', 'true']));
    assert.deepEqual(withWildcard.methodSettings, { '*/*': methodSetting({ cachingEnabled: true }) });
    assert.deepEqual((await update(ops(['remove', '/*/*']))).methodSettings, {});
    assert.deepEqual((await get()).methodSettings, {});
  });

  test('test_stage_access_log_settings_validation: every recorded accessLogSettings error', async () => {
    const { update, get } = await apiWithStage('dev stage');
    const logGroupArn = `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:test-log-group`;

    // invalid-path-add, invalid-path-remove, invalid-path-replace
    await expectError(update(ops(['add', '/accessLogSettings/randomValue', 'updated'])), 'BadRequestException', 400, INVALID_ACCESS_LOG_PATH);
    await expectError(update(ops(['remove', '/accessLogSettings/randomValue', 'updated'])), 'BadRequestException', 400, cannotRemove('accessLogSettings/randomValue'));
    await expectError(update(ops(['replace', '/accessLogSettings/randomValue', 'updated'])), 'BadRequestException', 400, INVALID_ACCESS_LOG_PATH);
    // star-and-add, star-and-remove, star-and-replace
    await expectError(update(ops(['add', '/accessLogSettings/*', 'updated'])), 'BadRequestException', 400, INVALID_ACCESS_LOG_PATH);
    await expectError(update(ops(['remove', '/accessLogSettings/*', 'updated'])), 'BadRequestException', 400, cannotRemove('accessLogSettings/*'));
    await expectError(update(ops(['replace', '/accessLogSettings/*', 'updated'])), 'BadRequestException', 400, INVALID_ACCESS_LOG_PATH);
    // root-and-add, root-and-replace
    await expectError(update(ops(['add', '/accessLogSettings', 'test'])), 'BadRequestException', 400, INVALID_ACCESS_LOG_PATH);
    await expectError(update(ops(['replace', '/accessLogSettings', 'test'])), 'BadRequestException', 400, INVALID_ACCESS_LOG_PATH);
    assert.equal((await get()).accessLogSettings, undefined);

    // update-stage-access-log-dest-add
    assert.deepEqual((await update(ops(['add', '/accessLogSettings/destinationArn', logGroupArn]))).accessLogSettings, { destinationArn: logGroupArn });
    // update-stage-access-log-destinationArn-empty, update-stage-access-log-format-empty
    await expectError(update(ops(['replace', '/accessLogSettings/destinationArn', ''])), 'BadRequestException', 400, 'Access Log value must not be empty');
    await expectError(update(ops(['replace', '/accessLogSettings/format', ''])), 'BadRequestException', 400, 'Access Log value must not be empty');
    // update-stage-access-log-dest-remove: refused even though it is set
    await expectError(update(ops(['remove', '/accessLogSettings/destinationArn'])), 'BadRequestException', 400, cannotRemove('accessLogSettings/destinationArn'));
    assert.deepEqual((await get()).accessLogSettings, { destinationArn: logGroupArn });
  });
});
