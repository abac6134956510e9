/**
 * Every acknowledged change survives a restart on the same data dir; a failed operation leaves nothing
 * behind. Each restart is a new server on the same SQLite file.
 */
import { CreateDeploymentCommand, CreateResourceCommand, CreateRestApiCommand, GetResourcesCommand, GetRestApiCommand, GetRestApisCommand, GetStageCommand, PutIntegrationCommand, PutMethodCommand, UpdateRestApiCommand } from '@aws-sdk/client-api-gateway';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apigatewayClient, awsError, startTestGatehouse, tempDataDir } from './support/server.js';

test('APIs, resources, methods, deployments and stages survive a restart', async () => {
  const dataDir = tempDataDir();
  let gh = await startTestGatehouse({ inMemory: false, dataDir });
  let client = apigatewayClient(gh);
  const api = await client.send(new CreateRestApiCommand({ name: 'kept', endpointConfiguration: { types: ['REGIONAL'] }, tags: { team: 'a' } }));
  const pets = await client.send(new CreateResourceCommand({ restApiId: api.id!, parentId: api.rootResourceId!, pathPart: 'pets' }));
  await client.send(new PutMethodCommand({ restApiId: api.id!, resourceId: pets.id!, httpMethod: 'GET', authorizationType: 'NONE' }));
  await client.send(new PutIntegrationCommand({ restApiId: api.id!, resourceId: pets.id!, httpMethod: 'GET', type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }));
  const deployment = await client.send(new CreateDeploymentCommand({ restApiId: api.id!, stageName: 'prod', variables: { color: 'blue' } }));
  const other = await apigatewayClient(gh, 'eu-west-1', '123456789012').send(new CreateRestApiCommand({ name: 'elsewhere' }));
  client.destroy();
  await gh.dispose();

  gh = await startTestGatehouse({ inMemory: false, dataDir });
  client = apigatewayClient(gh);
  try {
    const fetched = await client.send(new GetRestApiCommand({ restApiId: api.id! }));
    assert.equal(fetched.name, 'kept');
    assert.deepEqual(fetched.tags, { team: 'a' });
    assert.deepEqual(fetched.endpointConfiguration, { types: ['REGIONAL'], ipAddressType: 'ipv4' });
    const resources = await client.send(new GetResourcesCommand({ restApiId: api.id!, embed: ['methods'] }));
    const petsAgain = resources.items!.find((r) => r.path === '/pets')!;
    assert.equal(petsAgain.resourceMethods!['GET']!.methodIntegration!.type, 'MOCK');
    const stage = await client.send(new GetStageCommand({ restApiId: api.id!, stageName: 'prod' }));
    assert.equal(stage.deploymentId, deployment.id);
    assert.deepEqual(stage.variables, { color: 'blue' });
    // Partitioned by account and region across restarts too.
    const elsewhere = await apigatewayClient(gh, 'eu-west-1', '123456789012').send(new GetRestApisCommand({}));
    assert.deepEqual(elsewhere.items!.map((a) => a.id), [other.id]);
  } finally {
    client.destroy();
    await gh.dispose();
  }
});

test('a rejected operation stores nothing, even when earlier patch operations were valid', async () => {
  const dataDir = tempDataDir();
  const gh = await startTestGatehouse({ inMemory: false, dataDir });
  const client = apigatewayClient(gh);
  try {
    const api = await client.send(new CreateRestApiCommand({ name: 'atomic', endpointConfiguration: { types: ['PRIVATE'] } }));
    const err = await awsError(client.send(new UpdateRestApiCommand({
      restApiId: api.id!,
      patchOperations: [
        { op: 'replace', path: '/name', value: 'renamed' },
        { op: 'replace', path: '/endpointConfiguration/types/PRIVATE', value: 'EDGE' },
      ],
    })));
    assert.deepEqual(err, { name: 'BadRequestException', status: 400, message: 'Cannot update endpoint from PRIVATE to EDGE' });
    const fetched = await client.send(new GetRestApiCommand({ restApiId: api.id! }));
    assert.equal(fetched.name, 'atomic');
  } finally {
    client.destroy();
    await gh.dispose();
  }
});

test('a second Gatehouse on the same data dir is refused with a clear message', async () => {
  const dataDir = tempDataDir();
  const first = await startTestGatehouse({ inMemory: false, dataDir });
  try {
    await assert.rejects(startTestGatehouse({ inMemory: false, dataDir }), /is in use by another Gatehouse process/);
  } finally {
    await first.dispose();
  }
});
