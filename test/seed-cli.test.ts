/**
 * The seed guide's AWS CLI commands ("Creating a private API in Amazon API Gateway"), run verbatim with the
 * AWS CLI v2 plus --endpoint-url, against a real Gatehouse.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Gatehouse } from '../src/server/gatehouse.js';
import { awsCli, awsCliError, startTestGatehouse } from './support/server.js';

let gh: Gatehouse;
before(async () => {
  gh = await startTestGatehouse();
});
after(() => gh.dispose());

interface CliRestApi {
  id: string;
  name: string;
  description?: string;
  createdDate: string;
  apiKeySource: string;
  endpointConfiguration: { types: string[]; vpcEndpointIds?: string[] };
  tags?: Record<string, string>;
}

test('create-rest-api with a PRIVATE endpoint configuration', async () => {
  const { json } = await awsCli(
    gh,
    ['apigateway', 'create-rest-api', '--name', 'Simple PetStore (AWS CLI, Private)', '--description', 'Simple private PetStore API', '--endpoint-configuration', '{ "types": ["PRIVATE"] }'],
    'us-west-2',
  );
  const api = json as CliRestApi;
  assert.match(api.id, /^[a-z0-9]{10}$/);
  assert.equal(api.name, 'Simple PetStore (AWS CLI, Private)');
  assert.equal(api.description, 'Simple private PetStore API');
  assert.deepEqual(api.endpointConfiguration.types, ['PRIVATE']);
  assert.equal(api.apiKeySource, 'HEADER');
  assert.ok(!Number.isNaN(Date.parse(api.createdDate)), 'createdDate is a timestamp');
  assert.equal(api.tags, undefined, 'no tags on create');
});

test('create-rest-api with vpcEndpointIds, then associate and disassociate endpoints', async () => {
  const created = (await awsCli(
    gh,
    ['apigateway', 'create-rest-api', '--name', 'Petstore', '--endpoint-configuration', '{ "types": ["PRIVATE"], "vpcEndpointIds" : ["vpce-0212a4ababd5b8c3e", "vpce-0393a628149c867ee"] }'],
    'us-west-2',
  )).json as CliRestApi;
  assert.deepEqual(created.endpointConfiguration, { types: ['PRIVATE'], vpcEndpointIds: ['vpce-0212a4ababd5b8c3e', 'vpce-0393a628149c867ee'] });

  const added = (await awsCli(
    gh,
    ['apigateway', 'update-rest-api', '--rest-api-id', created.id, '--patch-operations', "op='add',path='/endpointConfiguration/vpcEndpointIds',value='vpce-01d622316a7df47f9'"],
    'us-west-2',
  )).json as CliRestApi;
  assert.deepEqual(added.endpointConfiguration.vpcEndpointIds, ['vpce-0212a4ababd5b8c3e', 'vpce-0393a628149c867ee', 'vpce-01d622316a7df47f9']);
  assert.deepEqual(added.endpointConfiguration.types, ['PRIVATE']);
  assert.deepEqual(added.tags, {}, 'update-rest-api shows tags: {}');

  const removed = (await awsCli(
    gh,
    ['apigateway', 'update-rest-api', '--rest-api-id', created.id, '--patch-operations', "op='remove',path='/endpointConfiguration/vpcEndpointIds',value='vpce-0393a628149c867ee'"],
    'us-west-2',
  )).json as CliRestApi;
  assert.deepEqual(removed.endpointConfiguration.vpcEndpointIds, ['vpce-0212a4ababd5b8c3e', 'vpce-01d622316a7df47f9']);

  const fetched = (await awsCli(gh, ['apigateway', 'get-rest-api', '--rest-api-id', created.id], 'us-west-2')).json as CliRestApi;
  assert.deepEqual(fetched.endpointConfiguration.vpcEndpointIds, ['vpce-0212a4ababd5b8c3e', 'vpce-01d622316a7df47f9']);
});

test('AWS errors reach the CLI with their code and message', async () => {
  const { stderr, code } = await awsCliError(gh, ['apigateway', 'create-rest-api', '--name', 'x', '--endpoint-configuration', '{ "types": ["REGIONAL"], "vpcEndpointIds": ["vpce-0212a4ababd5b8c3e"] }']);
  assert.equal(code, 254);
  assert.match(stderr, /An error occurred \(BadRequestException\) when calling the CreateRestApi operation: VPCEndpoints can only be specified with PRIVATE apis\./);
  const missing = await awsCliError(gh, ['apigateway', 'get-rest-api', '--rest-api-id', 'abcde01234']);
  assert.match(missing.stderr, /\(NotFoundException\) when calling the GetRestApi operation: Invalid API identifier specified 000000000000:abcde01234/);
});

test('sts get-caller-identity', async () => {
  const { json } = await awsCli(gh, ['sts', 'get-caller-identity']);
  assert.deepEqual(json, { UserId: '000000000000', Account: '000000000000', Arn: 'arn:aws:iam::000000000000:root' });
});

test('the tutorial flow: method, Lambda proxy integration, resource policy, deployment to stage test', async () => {
  const api = (await awsCli(gh, ['apigateway', 'create-rest-api', '--name', 'private-api-tutorial', '--endpoint-configuration', '{"types":["PRIVATE"],"vpcEndpointIds":["vpce-0123456789abcdef0"]}'])).json as CliRestApi & { rootResourceId?: string };
  const resources = (await awsCli(gh, ['apigateway', 'get-resources', '--rest-api-id', api.id])).json as { items: Array<{ id: string; path: string }> };
  const root = resources.items.find((r) => r.path === '/')!;
  await awsCli(gh, ['apigateway', 'put-method', '--rest-api-id', api.id, '--resource-id', root.id, '--http-method', 'GET', '--authorization-type', 'NONE']);
  const lambdaArn = 'arn:aws:lambda:us-east-1:000000000000:function:private-api-tutorial-lambda';
  const integration = (await awsCli(gh, [
    'apigateway', 'put-integration', '--rest-api-id', api.id, '--resource-id', root.id, '--http-method', 'GET', '--type', 'AWS_PROXY',
    '--integration-http-method', 'POST', '--uri', `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${lambdaArn}/invocations`,
  ])).json as Record<string, unknown>;
  assert.equal(integration['httpMethod'], 'POST');
  assert.equal(integration['type'], 'AWS_PROXY');

  // Without a resource policy a private API cannot be deployed.
  const refused = await awsCliError(gh, ['apigateway', 'create-deployment', '--rest-api-id', api.id, '--stage-name', 'test']);
  assert.match(refused.stderr, /\(BadRequestException\) when calling the CreateDeployment operation: Private REST API doesn't have a resource policy attached to it/);

  const policy = JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*', Condition: { StringNotEquals: { 'aws:sourceVpce': 'vpce-0123456789abcdef0' } } },
      { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' },
    ],
  });
  const updated = (await awsCli(gh, ['apigateway', 'update-rest-api', '--rest-api-id', api.id, '--patch-operations', JSON.stringify([{ op: 'replace', path: '/policy', value: policy }])])).json as { policy: string };
  // The CLI prints the policy string as AWS returns it: escaped, with the shorthand expanded to the API's ARN.
  assert.ok(updated.policy.includes(`arn:aws:execute-api:us-east-1:000000000000:${api.id}\\/*`), updated.policy);

  const deployment = (await awsCli(gh, ['apigateway', 'create-deployment', '--rest-api-id', api.id, '--stage-name', 'test'])).json as { id: string };
  const stage = (await awsCli(gh, ['apigateway', 'get-stage', '--rest-api-id', api.id, '--stage-name', 'test'])).json as Record<string, unknown>;
  assert.equal(stage['deploymentId'], deployment.id);
  assert.equal(stage['stageName'], 'test');
});
