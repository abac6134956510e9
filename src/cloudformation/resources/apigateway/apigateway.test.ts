import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { openFixture } from '../fixture.js';
import type { Provisioned } from '../types.js';
import { account } from './account.js';
import { authorizer } from './authorizer.js';
import { deployment } from './deployment.js';
import { method } from './method.js';
import { apiResource } from './resource.js';
import { restApi } from './rest-api.js';
import { stage } from './stage.js';

const f = openFixture();
after(() => f.dispose());

const POLICY = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' }] };
const get = (operation: string, input: Record<string, unknown>) => f.api('apigateway', operation, input);

test('RestApi: private, policy as an object, Ref and GetAtt; settings, policy, media types, type and tags updated in place; deleted (twice)', async () => {
  const props = {
    Name: 'private',
    Description: 'one',
    EndpointConfiguration: { Types: ['PRIVATE'], VpcEndpointIds: ['vpce-0123456789abcdef0'] },
    Policy: POLICY,
    BinaryMediaTypes: ['image/png'],
    DisableExecuteApiEndpoint: 'false',
    Tags: [{ Key: 'team', Value: 'api' }],
  };
  const api = await f.create(restApi, 'Api', props);
  assert.match(api.physicalId, /^[a-z0-9]{10}$/);
  let read = await get('GetRestApi', { restApiId: api.physicalId });
  assert.deepEqual(api.attributes, { RestApiId: api.physicalId, RootResourceId: read.rootResourceId });
  assert.match(api.attributes['RootResourceId'] as string, /^[a-z0-9]{10}$/);
  assert.deepEqual([read.name, read.description, read.binaryMediaTypes, read.tags], ['private', 'one', ['image/png'], { team: 'api' }]);
  assert.deepEqual(read.endpointConfiguration, { types: ['PRIVATE'], ipAddressType: 'dualstack', vpcEndpointIds: ['vpce-0123456789abcdef0'] });

  const next = {
    Name: 'private-2',
    EndpointConfiguration: { Types: ['REGIONAL'] },
    Policy: JSON.stringify({ ...POLICY, Statement: [{ ...POLICY.Statement[0], Effect: 'Deny' }] }),
    BinaryMediaTypes: ['application/octet-stream'],
    Tags: [{ Key: 'owner', Value: 'me' }],
  };
  const updated = await restApi.update!(api, props, next, f.ctx('Api'));
  assert.deepEqual(updated, api);
  read = await get('GetRestApi', { restApiId: api.physicalId });
  assert.deepEqual([read.name, read.description, read.binaryMediaTypes, read.tags], ['private-2', undefined, ['application/octet-stream'], { owner: 'me' }]);
  assert.deepEqual(read.endpointConfiguration, { types: ['REGIONAL'], ipAddressType: 'ipv4' });
  assert.match(read.policy as string, /"Effect\\":\\"Deny/);

  await restApi.delete(api, next, f.ctx('Api'));
  await assert.rejects(get('GetRestApi', { restApiId: api.physicalId }), { name: 'NotFoundException' });
  await restApi.delete(api, next, f.ctx('Api'));
});

test('RestApi: an OpenAPI body fails clearly, as does a property of the wrong type', async () => {
  await assert.rejects(f.create(restApi, 'Imported', { Body: { openapi: '3.0.1' } }), { message: 'Gatehouse does not support this: Body/BodyS3Location: importing an OpenAPI definition is not supported yet; define the API with AWS::ApiGateway::Resource and AWS::ApiGateway::Method resources' });
  await assert.rejects(f.create(restApi, 'Api', { Name: 'x', EndpointConfiguration: { Types: 'PRIVATE' } }), { message: 'Properties validation failed for resource Api with message: #/EndpointConfiguration/Types: expected type: JSONArray, found: String' });
  await assert.rejects(f.create(restApi, 'Api', { Name: 'x', EndpointConfiguration: { Types: ['PRIVATE', 'REGIONAL'] } }), { name: 'BadRequestException', message: 'Cannot create an api with multiple Endpoint Types.' });
});

let api: Provisioned;
let root: string;
before(async () => {
  api = await f.create(restApi, 'Tree', { Name: 'tree', EndpointConfiguration: { Types: ['PRIVATE'] }, Policy: POLICY });
  root = api.attributes['RootResourceId'] as string;
});

test('Resource: Ref and GetAtt ResourceId, moved in place, deleted with its subtree', async () => {
  const pets = await f.create(apiResource, 'Pets', { RestApiId: api.physicalId, ParentId: root, PathPart: 'pets' });
  assert.match(pets.physicalId, /^[a-z0-9]{6}$/);
  assert.deepEqual(pets.attributes, { ResourceId: pets.physicalId });
  const petProps = { RestApiId: api.physicalId, ParentId: pets.physicalId, PathPart: '{id}' };
  const pet = await f.create(apiResource, 'Pet', petProps);
  assert.equal((await get('GetResource', { restApiId: api.physicalId, resourceId: pet.physicalId })).path, '/pets/{id}');
  await apiResource.update!(pets, { RestApiId: api.physicalId, ParentId: root, PathPart: 'pets' }, { RestApiId: api.physicalId, ParentId: root, PathPart: 'animals' }, f.ctx('Pets'));
  assert.equal((await get('GetResource', { restApiId: api.physicalId, resourceId: pet.physicalId })).path, '/animals/{id}');
  await apiResource.delete(pets, { RestApiId: api.physicalId }, f.ctx('Pets'));
  await apiResource.delete(pet, petProps, f.ctx('Pet'));
  assert.deepEqual(((await get('GetResources', { restApiId: api.physicalId })).items as Array<{ path: string }>).map((r) => r.path), ['/']);
});

test('Method: method, responses, integration and integration responses in one resource; put again on update; deleted', async () => {
  const props = {
    RestApiId: api.physicalId,
    ResourceId: root,
    HttpMethod: 'POST',
    RequestParameters: { 'method.request.header.x-id': 'true' },
    MethodResponses: [{ StatusCode: 200, ResponseParameters: { 'method.response.header.x-id': false } }],
    Integration: {
      Type: 'MOCK',
      RequestTemplates: { 'application/json': '{"statusCode": 200}' },
      IntegrationResponses: [{ StatusCode: '200', ResponseTemplates: { 'application/json': '{"ok":true}' } }],
    },
  };
  const m = await f.create(method, 'PostMethod', props);
  assert.match(m.physicalId, /^priva-postm-[a-z0-9]{12}$/);
  assert.deepEqual(m.attributes, {});
  let read = await get('GetMethod', { restApiId: api.physicalId, resourceId: root, httpMethod: 'POST' });
  assert.equal(read.authorizationType, 'NONE');
  assert.deepEqual(read.requestParameters, { 'method.request.header.x-id': true });
  assert.deepEqual(Object.keys(read.methodResponses as object), ['200']);
  const integration = read.methodIntegration as Record<string, unknown>;
  assert.equal(integration['type'], 'MOCK');
  assert.deepEqual((integration['integrationResponses'] as Record<string, { responseTemplates: unknown }>)['200']!.responseTemplates, { 'application/json': '{"ok":true}' });

  const next = { RestApiId: api.physicalId, ResourceId: root, HttpMethod: 'POST', AuthorizationType: 'AWS_IAM', Integration: { Type: 'MOCK' } };
  const updated = await method.update!(m, props, next, f.ctx('PostMethod'));
  assert.equal(updated.physicalId, m.physicalId);
  read = await get('GetMethod', { restApiId: api.physicalId, resourceId: root, httpMethod: 'POST' });
  assert.equal(read.authorizationType, 'AWS_IAM');
  assert.equal(read.methodResponses, undefined);

  await method.delete(updated, next, f.ctx('PostMethod'));
  await assert.rejects(get('GetMethod', { restApiId: api.physicalId, resourceId: root, httpMethod: 'POST' }), { name: 'NotFoundException' });
  await method.delete(updated, next, f.ctx('PostMethod'));

  // A failing integration takes the half-made method away with it.
  await assert.rejects(f.create(method, 'Broken', { RestApiId: api.physicalId, ResourceId: root, HttpMethod: 'PUT', Integration: { Type: 'AWS_PROXY', IntegrationHttpMethod: 'POST', Uri: 'arn:aws:apigateway:us-east-1:s3:path/bucket' } }), { name: 'BadRequestException' });
  await assert.rejects(get('GetMethod', { restApiId: api.physicalId, resourceId: root, httpMethod: 'PUT' }), { name: 'NotFoundException' });
});

test('Deployment with StageName and StageDescription, then a Stage of its own: Refs, updates, and removal with the stage it made', async () => {
  const getProps = { RestApiId: api.physicalId, ResourceId: root, HttpMethod: 'GET', Integration: { Type: 'MOCK' } };
  const m = await f.create(method, 'GetMethod', getProps);
  const deploymentProps = {
    RestApiId: api.physicalId,
    Description: 'first',
    StageName: 'test',
    StageDescription: { Description: 'the test stage', Variables: { color: 'blue' }, MetricsEnabled: true, MethodSettings: [{ ResourcePath: '/~1', HttpMethod: 'GET', ThrottlingBurstLimit: '10' }], Tags: [{ Key: 'env', Value: 'test' }] },
  };
  const d = await f.create(deployment, 'Deployment', deploymentProps);
  assert.match(d.physicalId, /^[a-z0-9]{6}$/);
  assert.deepEqual(d.attributes, { DeploymentId: d.physicalId });
  const testStage = await get('GetStage', { restApiId: api.physicalId, stageName: 'test' });
  assert.deepEqual([testStage.deploymentId, testStage.description, testStage.variables, testStage.tags], [d.physicalId, 'the test stage', { color: 'blue' }, { env: 'test' }]);
  const settings = testStage.methodSettings as Record<string, { metricsEnabled: boolean; throttlingBurstLimit: number }>;
  assert.equal(settings['*/*']!.metricsEnabled, true);
  assert.equal(settings['~1/GET']!.throttlingBurstLimit, 10);

  await deployment.update!(d, deploymentProps, { ...deploymentProps, Description: 'renamed' }, f.ctx('Deployment'));
  assert.equal((await get('GetDeployment', { restApiId: api.physicalId, deploymentId: d.physicalId })).description, 'renamed');
  assert.ok(deployment.replaceOn?.includes('StageName'));

  const stageProps = { RestApiId: api.physicalId, StageName: 'prod', DeploymentId: d.physicalId, Variables: { a: '1', b: '2' }, MethodSettings: [{ ResourcePath: '/*', HttpMethod: '*', LoggingLevel: 'INFO' }], Tags: [{ Key: 'env', Value: 'prod' }] };
  const prod = await f.create(stage, 'Prod', stageProps);
  assert.equal(prod.physicalId, 'prod');
  let read = await get('GetStage', { restApiId: api.physicalId, stageName: 'prod' });
  assert.equal((read.methodSettings as Record<string, { loggingLevel: string }>)['*/*']!.loggingLevel, 'INFO');
  const nextStage = { RestApiId: api.physicalId, StageName: 'prod', DeploymentId: d.physicalId, Description: 'production', Variables: { b: '3', c: '4' }, TracingEnabled: true };
  await stage.update!(prod, stageProps, nextStage, f.ctx('Prod'));
  read = await get('GetStage', { restApiId: api.physicalId, stageName: 'prod' });
  assert.deepEqual([read.description, read.variables, read.tracingEnabled, read.methodSettings, read.tags], ['production', { b: '3', c: '4' }, true, {}, undefined]);
  await stage.delete(prod, nextStage, f.ctx('Prod'));
  await assert.rejects(get('GetStage', { restApiId: api.physicalId, stageName: 'prod' }), { name: 'NotFoundException' });
  await stage.delete(prod, nextStage, f.ctx('Prod'));

  // A replacement deployment takes the stage over; the old one then goes alone, and the new one with its stage.
  const d2 = await f.create(deployment, 'Deployment', { RestApiId: api.physicalId, StageName: 'test' });
  await deployment.delete(d, deploymentProps, f.ctx('Deployment'));
  assert.equal((await get('GetStage', { restApiId: api.physicalId, stageName: 'test' })).deploymentId, d2.physicalId);
  await assert.rejects(get('GetDeployment', { restApiId: api.physicalId, deploymentId: d.physicalId }), { name: 'NotFoundException' });
  await deployment.delete(d2, { RestApiId: api.physicalId, StageName: 'test' }, f.ctx('Deployment'));
  await assert.rejects(get('GetStage', { restApiId: api.physicalId, stageName: 'test' }), { name: 'NotFoundException' });
  await deployment.delete(d2, { RestApiId: api.physicalId, StageName: 'test' }, f.ctx('Deployment'));
  await method.delete(m, getProps, f.ctx('GetMethod'));
});

test('Account: kept by the stack under a short physical id', async () => {
  const a = await f.create(account, 'ApiAccount', { CloudWatchRoleArn: 'arn:aws:iam::123456789012:role/apigw-logs' });
  assert.match(a.physicalId, /^priva-apiac-[a-z0-9]{12}$/);
  assert.deepEqual(await account.update!(a, {}, {}, f.ctx('ApiAccount')), a);
  await account.delete(a, {}, f.ctx('ApiAccount'));
  await assert.rejects(f.create(account, 'ApiAccount', { CloudWatchRole: 'x' }), { message: 'Properties validation failed for resource ApiAccount with message: #: extraneous key [CloudWatchRole] is not permitted' });
});

test('Authorizer: a TOKEN authorizer with its Ref and AuthorizerId, a method that names it, updated in place, and deleted once the method is gone', async () => {
  const api = await f.create(restApi, 'AuthApi', { Name: 'authorized' });
  const uri = 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:auth/invocations';
  const props = { RestApiId: api.physicalId, Name: 'tokens', Type: 'TOKEN', AuthorizerUri: uri, IdentitySource: 'method.request.header.Authorization' };
  const created = await f.create(authorizer, 'Auth', props);
  assert.deepEqual(created.attributes, { AuthorizerId: created.physicalId });
  let read = await get('GetAuthorizer', { restApiId: api.physicalId, authorizerId: created.physicalId });
  assert.deepEqual(read, { id: created.physicalId, name: 'tokens', type: 'TOKEN', authorizerUri: uri, identitySource: 'method.request.header.Authorization', authorizerResultTtlInSeconds: 300 });
  const methodProps = { RestApiId: api.physicalId, ResourceId: api.attributes['RootResourceId'], HttpMethod: 'GET', AuthorizationType: 'CUSTOM', AuthorizerId: created.physicalId, Integration: { Type: 'MOCK' } };
  const guarded = await f.create(method, 'Get', methodProps);
  const next = { ...props, Name: 'tokens-2', AuthorizerResultTtlInSeconds: 0, IdentityValidationExpression: '^Bearer .+$' };
  assert.deepEqual(await authorizer.update!(created, props, next, f.ctx('Auth')), created);
  read = await get('GetAuthorizer', { restApiId: api.physicalId, authorizerId: created.physicalId });
  assert.deepEqual([read.name, read.authorizerResultTtlInSeconds, read.identityValidationExpression], ['tokens-2', 0, '^Bearer .+$']);
  await assert.rejects(authorizer.delete(created, next, f.ctx('Auth')), { name: 'ConflictException', message: "Cannot delete authorizer 'tokens-2', is referenced in method: GET /" });
  await method.delete(guarded, methodProps, f.ctx('Get'));
  await authorizer.delete(created, next, f.ctx('Auth'));
  await assert.rejects(get('GetAuthorizer', { restApiId: api.physicalId, authorizerId: created.physicalId }), { name: 'NotFoundException', message: 'Invalid Authorizer identifier specified' });
});
