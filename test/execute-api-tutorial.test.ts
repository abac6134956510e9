/**
 * The seed tutorial's steps 2 to 7 against a real Gatehouse: a private API with a Lambda proxy integration
 * and the tutorial's resource policy, deployed to `test`, invoked from an instance in the VPC through the
 * execute-api endpoint ("Hello from Lambda!"), and refused everywhere else with AWS's answers.
 */
import { CreateDeploymentCommand, CreateResourceCommand, CreateRestApiCommand, PutIntegrationCommand, PutMethodCommand, UpdateRestApiCommand, type APIGatewayClient } from '@aws-sdk/client-api-gateway';
import type { EC2Client } from '@aws-sdk/client-ec2';
import { AddPermissionCommand, CreateFunctionCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Gatehouse } from '../src/server/gatehouse.js';
import { lambdaClient, ROLE, zipOf } from './support/lambda.js';
import { createPrivateNetwork, type PrivateNetwork, tutorialPolicy } from './support/network.js';
import { apigatewayClient, ec2Client, startTestGatehouse } from './support/server.js';

let gh: Gatehouse;
let apig: APIGatewayClient;
let lambda: LambdaClient;
let ec2: EC2Client;
let net: PrivateNetwork;
let apiId: string;

const HELLO = 'exports.handler = async (event) => ({ statusCode: 200, headers: { "x-from": "lambda" }, body: JSON.stringify({ message: "Hello from Lambda!", path: event.path, vpce: event.requestContext.identity.vpceId, sourceIp: event.requestContext.identity.sourceIp, stage: event.requestContext.stage }) });';

before(async () => {
  gh = await startTestGatehouse();
  apig = apigatewayClient(gh);
  lambda = lambdaClient(gh);
  ec2 = ec2Client(gh);
  net = await createPrivateNetwork(ec2);
  // Step 1's Lambda function; step 3's integration, with the permission the console grants.
  await lambda.send(new CreateFunctionCommand({ FunctionName: 'private-api-tutorial', Runtime: 'nodejs20.x', Role: ROLE, Handler: 'index.handler', Code: { ZipFile: zipOf({ 'index.js': HELLO }) } }));
  // Step 2: a private API with the endpoint's id.
  const api = await apig.send(new CreateRestApiCommand({ name: 'private-api-tutorial', endpointConfiguration: { types: ['PRIVATE'], vpcEndpointIds: [net.vpceId] } }));
  apiId = api.id!;
  const fnArn = 'arn:aws:lambda:us-east-1:000000000000:function:private-api-tutorial';
  for (const resourceId of [api.rootResourceId!, (await apig.send(new CreateResourceCommand({ restApiId: apiId, parentId: api.rootResourceId!, pathPart: '{proxy+}' }))).id!]) {
    await apig.send(new PutMethodCommand({ restApiId: apiId, resourceId, httpMethod: resourceId === api.rootResourceId ? 'GET' : 'ANY', authorizationType: 'NONE' }));
    await apig.send(new PutIntegrationCommand({ restApiId: apiId, resourceId, httpMethod: resourceId === api.rootResourceId ? 'GET' : 'ANY', type: 'AWS_PROXY', integrationHttpMethod: 'POST', uri: `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${fnArn}/invocations` }));
  }
  await lambda.send(new AddPermissionCommand({ FunctionName: 'private-api-tutorial', StatementId: 'apigateway', Action: 'lambda:InvokeFunction', Principal: 'apigateway.amazonaws.com', SourceArn: `arn:aws:execute-api:us-east-1:000000000000:${apiId}/*` }));
  // Step 4: the tutorial's resource policy. Step 5: deploy to stage `test`.
  await apig.send(new UpdateRestApiCommand({ restApiId: apiId, patchOperations: [{ op: 'replace', path: '/policy', value: JSON.stringify(tutorialPolicy(net.vpceId)) }] }));
  await apig.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'test' }));
});

after(async () => {
  apig.destroy();
  lambda.destroy();
  ec2.destroy();
  await gh.dispose();
});


async function fromInstance(instanceId: string, url: string, init: { method?: string; headers?: Record<string, string> } = {}) {
  const res = await fetch(url, { ...init, dispatcher: await gh.instanceDispatcher(instanceId) } as RequestInit);
  return { status: res.status, headers: res.headers, text: await res.text() };
}

test('step 7: from an instance in the VPC, the private DNS name answers "Hello from Lambda!"', async () => {
  const res = await fromInstance(net.instanceId, `https://${apiId}.execute-api.us-east-1.amazonaws.com/test`);
  assert.equal(res.status, 200, res.text);
  const body = JSON.parse(res.text) as Record<string, string>;
  assert.equal(body['message'], 'Hello from Lambda!');
  assert.equal(body['path'], '/');
  assert.equal(body['stage'], 'test');
  assert.equal(body['vpce'], net.vpceId);
  assert.match(body['sourceIp']!, /^10\.0\.1\.\d+$/);
  assert.equal(res.headers.get('x-from'), 'lambda');
  assert.equal(res.headers.get('content-type'), 'application/json');
  assert.equal(res.headers.get('server'), 'Server');
  assert.match(res.headers.get('x-amzn-requestid') ?? '', /^[0-9a-f-]{36}$/);
  assert.match(res.headers.get('x-amzn-trace-id') ?? '', /^Root=1-/);
});

test('the other names: the {api}-{vpce} alias, and the endpoint name with x-apigw-api-id; a greedy path', async () => {
  const alias = await fromInstance(net.instanceId, `https://${apiId}-${net.vpceId}.execute-api.us-east-1.amazonaws.com/test/pets/42`);
  assert.equal(alias.status, 200, alias.text);
  assert.equal((JSON.parse(alias.text) as Record<string, string>)['path'], '/pets/42');
  const bare = await fromInstance(net.instanceId, 'https://execute-api.us-east-1.amazonaws.com/test', { headers: { 'x-apigw-api-id': apiId } });
  assert.equal(bare.status, 200, bare.text);
});

test("AWS's answers: unknown stage, wrong-case stage, unknown API → Forbidden", async () => {
  for (const url of [`https://${apiId}.execute-api.us-east-1.amazonaws.com/prod`, `https://${apiId}.execute-api.us-east-1.amazonaws.com/TEST`, 'https://zzzzzzzzzz.execute-api.us-east-1.amazonaws.com/test', `https://${apiId}.execute-api.us-east-1.amazonaws.com/`]) {
    const res = await fromInstance(net.instanceId, url);
    assert.equal(res.status, 403, url);
    assert.equal(res.text, '{"message":"Forbidden"}');
    assert.equal(res.headers.get('x-amzn-errortype'), 'ForbiddenException');
  }
});

test('a policy denial names the concrete ARN with the account masked; a redeploy is needed for policy changes', async () => {
  await apig.send(new UpdateRestApiCommand({ restApiId: apiId, patchOperations: [{ op: 'replace', path: '/policy', value: JSON.stringify(tutorialPolicy('vpce-00000000000000000')) }] }));
  const stillAllowed = await fromInstance(net.instanceId, `https://${apiId}.execute-api.us-east-1.amazonaws.com/test`);
  assert.equal(stillAllowed.status, 200, 'the saved policy changes nothing until the next deployment');
  await apig.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'test' }));
  const denied = await fromInstance(net.instanceId, `https://${apiId}.execute-api.us-east-1.amazonaws.com/test/pets//x/`);
  assert.equal(denied.status, 403);
  assert.equal(denied.headers.get('x-amzn-errortype'), 'AccessDeniedException');
  assert.equal(denied.text, `{"Message":"User: anonymous is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:********0000:${apiId}/test/GET/pets//x/ with an explicit deny"}`);
  // Put the tutorial's policy back.
  await apig.send(new UpdateRestApiCommand({ restApiId: apiId, patchOperations: [{ op: 'replace', path: '/policy', value: JSON.stringify(tutorialPolicy(net.vpceId)) }] }));
  await apig.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'test' }));
  assert.equal((await fromInstance(net.instanceId, `https://${apiId}.execute-api.us-east-1.amazonaws.com/test`)).status, 200);
});

test('from an instance in another VPC, the private API is out of reach', async () => {
  await assert.rejects(fromInstance(net.outsiderId, `https://${apiId}.execute-api.us-east-1.amazonaws.com/test`));
});

test('attempts to sneak in: spoofed endpoint headers, another API named in x-apigw-api-id, an unrouted method', async () => {
  // POST on the root has no method (the root has GET only; {proxy+} needs at least one segment).
  const unrouted = await fromInstance(net.instanceId, `https://${apiId}.execute-api.us-east-1.amazonaws.com/test`, { method: 'POST' });
  assert.equal(unrouted.status, 403);
  assert.equal(unrouted.text, '{"message":"Missing Authentication Token"}');
  assert.equal(unrouted.headers.get('x-amzn-errortype'), 'MissingAuthenticationTokenException');
  // The private DNS name decides the API; an x-apigw-api-id header naming another one changes nothing.
  const named = await fromInstance(net.instanceId, `https://${apiId}.execute-api.us-east-1.amazonaws.com/test`, { headers: { 'x-apigw-api-id': 'zzzzzzzzzz' } });
  assert.equal(named.status, 200);
  // Endpoint headers sent by the client are not what the policy or the function sees.
  const spoofed = await fromInstance(net.instanceId, `https://${apiId}.execute-api.us-east-1.amazonaws.com/test`, { headers: { 'x-amzn-vpce-id': 'vpce-spoofed', 'X-Forwarded-For': '1.2.3.4' } });
  const body = JSON.parse(spoofed.text) as Record<string, string>;
  assert.equal(body['vpce'], net.vpceId);
  assert.match(body['sourceIp']!, /^10\.0\.1\.\d+$/);
});
