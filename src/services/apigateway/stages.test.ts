/** Stage handlers called directly: create, list, the patches UpdateStage takes (variables, access logs, method settings), delete. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createDeployment } from './deployments.js';
import { createStage, deleteStage, getStage, getStages, updateStage } from './stages.js';
import { ACCOUNT, addMockMethod, call, createApi, expectError, ops, T0, testContext } from './test-context.js';

const INVALID_STAGE_PATH = (path: string): string =>
  `Invalid method setting path: ${path}. Must be one of: [/deploymentId, /description, /cacheClusterEnabled, /cacheClusterSize, /clientCertificateId, /accessLogSettings, /accessLogSettings/destinationArn, /accessLogSettings/format, /{resourcePath}/{httpMethod}/metrics/enabled, /{resourcePath}/{httpMethod}/logging/dataTrace, /{resourcePath}/{httpMethod}/logging/loglevel, /{resourcePath}/{httpMethod}/throttling/burstLimit/{resourcePath}/{httpMethod}/throttling/rateLimit/{resourcePath}/{httpMethod}/caching/ttlInSeconds, /{resourcePath}/{httpMethod}/caching/enabled, /{resourcePath}/{httpMethod}/caching/dataEncrypted, /{resourcePath}/{httpMethod}/caching/requireAuthorizationForCacheControl, /{resourcePath}/{httpMethod}/caching/unauthorizedCacheControlHeaderStrategy, /*/*/metrics/enabled, /*/*/logging/dataTrace, /*/*/logging/loglevel, /*/*/throttling/burstLimit /*/*/throttling/rateLimit /*/*/caching/ttlInSeconds, /*/*/caching/enabled, /*/*/caching/dataEncrypted, /*/*/caching/requireAuthorizationForCacheControl, /*/*/caching/unauthorizedCacheControlHeaderStrategy, /variables/{variable_name}, /tracingEnabled]`;
const cannotRemove = (what: string): string => `Cannot remove method setting ${what} because there is no method setting for this method `;
const DEFAULT_SETTING = {
  metricsEnabled: false, dataTraceEnabled: false, throttlingBurstLimit: 5000, throttlingRateLimit: 10000, cachingEnabled: false, cacheTtlInSeconds: 300,
  cacheDataEncrypted: false, requireAuthorizationForCacheControl: true, unauthorizedCacheControlHeaderStrategy: 'SUCCEED_WITH_RESPONSE_HEADER',
};

/** An API with two deployments and a stage "prod" on the first. */
function setup() {
  const ctx = testContext();
  const { id: restApiId, rootId } = createApi(ctx);
  addMockMethod(ctx, restApiId, rootId);
  const [first, second] = [1, 2].map(() => call(ctx, createDeployment, { restApiId }).id) as [string, string];
  call(ctx, createStage, { restApiId, stageName: 'prod', deploymentId: first });
  const update = (...triples: Array<[string, string, string?]>) => call(ctx, updateStage, { restApiId, stageName: 'prod', patchOperations: ops(...triples) });
  const get = () => call(ctx, getStage, { restApiId, stageName: 'prod' });
  return { ctx, restApiId, first, second, update, get };
}

describe('CreateStage, GetStage(s), DeleteStage', () => {
  it('creates a stage with AWS defaults and lists stages, all or by deployment', () => {
    const { ctx, restApiId, first, second, get } = setup();
    assert.deepEqual(get(), {
      stageName: 'prod', deploymentId: first, cacheClusterEnabled: false, cacheClusterStatus: 'NOT_AVAILABLE', methodSettings: {}, tracingEnabled: false,
      createdDate: T0, lastUpdatedDate: T0,
    });
    const beta = call(ctx, createStage, { restApiId, stageName: 'beta', deploymentId: second, description: 'b', variables: {}, tags: { t: '1' } });
    assert.deepEqual([beta.description, 'variables' in beta, beta.tags], ['b', false, { t: '1' }], 'empty variables are no variables');
    const names = (deploymentId?: string) => call(ctx, getStages, { restApiId, ...(deploymentId === undefined ? {} : { deploymentId }) }).item.map((s) => s.stageName);
    assert.deepEqual([names(), names(first), names(second), names('none')], [['prod', 'beta'], ['prod'], ['beta'], []]);
    call(ctx, deleteStage, { restApiId, stageName: 'beta' });
    assert.deepEqual(names(), ['prod']);
    expectError(() => call(ctx, deleteStage, { restApiId, stageName: 'beta' }), 'NotFoundException', 'Invalid Stage identifier specified');
  });

  it("refuses with AWS's messages", () => {
    const { ctx, restApiId, first } = setup();
    const create = (input: Record<string, unknown>) => () => call(ctx, createStage, { restApiId, ...input } as Parameters<typeof createStage>[0]);
    expectError(create({}), 'ValidationException',
      "2 validation errors detected: Value null at 'createStageInput.stageName' failed to satisfy constraint: Member must not be null; Value null at 'createStageInput.deploymentId' failed to satisfy constraint: Member must not be null");
    expectError(create({ stageName: 'a-b', deploymentId: first }), 'BadRequestException', 'Stage name only allows a-zA-Z0-9_');
    expectError(create({ stageName: 'dev', deploymentId: first, variables: { 'a.b': 'x' } }), 'BadRequestException', 'Stage variable name a.b is invalid. Only a-zA-Z0-9_ are allowed.');
    expectError(create({ stageName: 'dev', deploymentId: 'nope' }), 'NotFoundException', 'Invalid Deployment identifier specified');
    expectError(create({ stageName: 'prod', deploymentId: first }), 'ConflictException', 'Stage already exists');
    expectError(() => call(ctx, createStage, { restApiId: 'nope', stageName: 'dev', deploymentId: first }), 'NotFoundException', `Invalid API identifier specified ${ACCOUNT}:nope`);
    expectError(() => call(ctx, getStage, { restApiId, stageName: 'dev' }), 'NotFoundException', 'Invalid Stage identifier specified');
  });
});

describe('UpdateStage', () => {
  it('moves the stage to another deployment and patches its fields; lastUpdatedDate follows the clock', () => {
    const { ctx, second, update } = setup();
    ctx.clock.advance(90);
    const stage = update(
      ['replace', '/deploymentId', second], ['replace', '/description', 'd'], ['replace', '/cacheClusterEnabled', 'true'], ['replace', '/cacheClusterSize', '1.6'],
      ['replace', '/tracingEnabled', 'true'], ['replace', '/clientCertificateId', 'cert'],
    );
    assert.deepEqual(
      [stage.deploymentId, stage.description, stage.cacheClusterEnabled, stage.cacheClusterStatus, stage.cacheClusterSize, stage.tracingEnabled, stage.clientCertificateId, stage.createdDate, stage.lastUpdatedDate],
      [second, 'd', true, 'AVAILABLE', '1.6', true, 'cert', T0, T0 + 90],
    );
    const cleared = update(['remove', '/description'], ['replace', '/cacheClusterEnabled', 'false'], ['replace', '/clientCertificateId', '']);
    assert.deepEqual(['description' in cleared, cleared.cacheClusterStatus, 'clientCertificateId' in cleared], [false, 'NOT_AVAILABLE', false]);
    expectError(() => update(['replace', '/deploymentId', 'nope']), 'NotFoundException', 'Invalid Deployment identifier specified');
  });

  it('stage variables: set, replaced and removed one by one; none left is no map', () => {
    const { update } = setup();
    assert.deepEqual(update(['replace', '/variables/host', 'a.example'], ['replace', '/variables/port', '80']).variables, { host: 'a.example', port: '80' });
    assert.deepEqual(update(['replace', '/variables/host', 'b.example'], ['remove', '/variables/port']).variables, { host: 'b.example' });
    assert.equal('variables' in update(['remove', '/variables/host']), false);
    expectError(() => update(['replace', '/variables/bad-name', 'x']), 'BadRequestException', 'Stage variable name bad-name is invalid. Only a-zA-Z0-9_ are allowed.');
  });

  it('access log settings: set field by field, removed only as a whole', () => {
    const { update } = setup();
    const stage = update(['replace', '/accessLogSettings/destinationArn', 'arn:aws:logs:eu-west-1:111111111111:log-group:g'], ['replace', '/accessLogSettings/format', '$context.requestId']);
    assert.deepEqual(stage.accessLogSettings, { destinationArn: 'arn:aws:logs:eu-west-1:111111111111:log-group:g', format: '$context.requestId' });
    expectError(() => update(['remove', '/accessLogSettings/destinationArn']), 'BadRequestException', cannotRemove('accessLogSettings/destinationArn'));
    expectError(() => update(['replace', '/accessLogSettings/other', 'x']), 'BadRequestException', 'Invalid accessLogSettings path. Must be one of : [/accessLogSettings/destinationArn, /accessLogSettings/format]');
    expectError(() => update(['replace', '/accessLogSettings/format', '']), 'BadRequestException', 'Access Log value must not be empty');
    assert.equal('accessLogSettings' in update(['remove', '/accessLogSettings']), false);
  });

  it('method settings: the first patch creates AWS defaults; a method inherits */* when first set', () => {
    const { update } = setup();
    const all = update(['replace', '/*/*/metrics/enabled', 'true'], ['replace', '/*/*/throttling/rateLimit', '12.5'], ['replace', '/*/*/logging/loglevel', 'INFO']);
    assert.deepEqual(all.methodSettings, { '*/*': { ...DEFAULT_SETTING, metricsEnabled: true, throttlingRateLimit: 12.5, loggingLevel: 'INFO' } });
    const pets = update(['replace', '/~1pets/GET/throttling/burstLimit', '100'], ['replace', '/~1pets/GET/caching/enabled', 'true']);
    assert.deepEqual(pets.methodSettings['~1pets/GET'], { ...DEFAULT_SETTING, metricsEnabled: true, throttlingRateLimit: 12.5, loggingLevel: 'INFO', throttlingBurstLimit: 100, cachingEnabled: true });
    assert.deepEqual(Object.keys(update(['remove', '/~1pets/GET']).methodSettings), ['*/*']);
  });

  it("refuses bad method setting paths, operations and values with AWS's messages, storing nothing", () => {
    const { update, get } = setup();
    update(['replace', '/description', 'kept']);
    expectError(() => update(['remove', '/*/*']), 'BadRequestException', cannotRemove('*/*'));
    expectError(() => update(['replace', '/documentation_version', 'x']), 'BadRequestException', INVALID_STAGE_PATH('/documentation_version'));
    expectError(() => update(['replace', '/*/*/metrics/unknown', 'x']), 'BadRequestException', INVALID_STAGE_PATH('/*/*/metrics/unknown'));
    expectError(() => update(['remove', '/*/*/metrics/enabled']), 'BadRequestException', INVALID_STAGE_PATH('/*/*/metrics/enabled'));
    expectError(() => update(['replace', '/*/*/throttling/burstLimit', '1.5']), 'BadRequestException', 'Invalid value for throttling/burstLimit: 1.5');
    expectError(() => update(['replace', '/*/*/caching/ttlInSeconds', 'soon']), 'BadRequestException', 'Invalid value for caching/ttlInSeconds: soon');
    expectError(() => update(['replace', '/description', 'changed'], ['replace', '/*/*/throttling/rateLimit', '']), 'BadRequestException', 'Invalid value for throttling/rateLimit: ');
    expectError(() => update(['wrong', '/description', 'x']), 'ValidationException', "1 validation error detected: Value 'wrong' at 'updateStageInput.patchOperations.1.member.op' failed to satisfy constraint: Member must satisfy enum value set: [add, remove, move, test, replace, copy]");
    assert.deepEqual([get().description, get().methodSettings], ['kept', {}]);
  });
});
