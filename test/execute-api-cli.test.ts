/**
 * The seed tutorial end to end as its reader does it: every step with the AWS CLI v2 (steps 1 to 6), then
 * `gatehouse exec <instance> -- curl` (step 7). From the instance in the VPC, `Hello from Lambda!`; from an
 * instance in another VPC and from the host, no way in; a policy naming another endpoint denies with AWS's exact
 * body after the redeploy, not before.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Gatehouse } from '../src/server/gatehouse.js';
import { zipOf } from './support/lambda.js';
import { cleanEnv, execOn, runProgram, tutorialPolicy, type Ran } from './support/network.js';
import { awsCli, startTestGatehouse } from './support/server.js';

const CURL = '/usr/bin/curl';
let gh: Gatehouse;
let dir: string;
const ids = { vpc: '', vpce: '', instance: '', outsider: '', api: '' };

const cli = async (...args: string[]): Promise<Record<string, unknown>> => (await awsCli(gh, args)).json as Record<string, unknown>;
/** A call whose --query picks one string. */
const text = async (...args: string[]): Promise<string> => (await awsCli(gh, args)).json as string;

before(async () => {
  gh = await startTestGatehouse();
  dir = mkdtempSync(join(tmpdir(), 'gatehouse-tutorial-cli-'));
  // Step 1 (the tutorial's CloudFormation template, by hand): the VPC, its DNS attributes, two subnets, a
  // group admitting HTTPS from the VPC, the execute-api endpoint with private DNS, an instance; the function.
  ids.vpc = await text('ec2', 'create-vpc', '--cidr-block', '10.0.0.0/16', '--query', 'Vpc.VpcId');
  await cli('ec2', 'modify-vpc-attribute', '--vpc-id', ids.vpc, '--enable-dns-support', '{"Value":true}');
  await cli('ec2', 'modify-vpc-attribute', '--vpc-id', ids.vpc, '--enable-dns-hostnames', '{"Value":true}');
  const subnet1 = await text('ec2', 'create-subnet', '--vpc-id', ids.vpc, '--cidr-block', '10.0.1.0/24', '--availability-zone', 'us-east-1a', '--query', 'Subnet.SubnetId');
  const subnet2 = await text('ec2', 'create-subnet', '--vpc-id', ids.vpc, '--cidr-block', '10.0.2.0/24', '--availability-zone', 'us-east-1b', '--query', 'Subnet.SubnetId');
  const group = await text('ec2', 'create-security-group', '--vpc-id', ids.vpc, '--group-name', 'execute-api-endpoint', '--description', 'HTTPS from the VPC', '--query', 'GroupId');
  await cli('ec2', 'authorize-security-group-ingress', '--group-id', group, '--protocol', 'tcp', '--port', '443', '--cidr', '10.0.0.0/16');
  ids.vpce = await text('ec2', 'create-vpc-endpoint', '--vpc-id', ids.vpc, '--vpc-endpoint-type', 'Interface', '--service-name', 'com.amazonaws.us-east-1.execute-api',
    '--subnet-ids', subnet1, subnet2, '--security-group-ids', group, '--private-dns-enabled', '--query', 'VpcEndpoint.VpcEndpointId');
  ids.instance = await text('ec2', 'run-instances', '--image-id', 'ami-0123456789abcdef0', '--instance-type', 't3.micro', '--subnet-id', subnet1, '--query', 'Instances[0].InstanceId');
  const otherVpc = await text('ec2', 'create-vpc', '--cidr-block', '10.1.0.0/16', '--query', 'Vpc.VpcId');
  const otherSubnet = await text('ec2', 'create-subnet', '--vpc-id', otherVpc, '--cidr-block', '10.1.1.0/24', '--query', 'Subnet.SubnetId');
  ids.outsider = await text('ec2', 'run-instances', '--image-id', 'ami-0123456789abcdef0', '--subnet-id', otherSubnet, '--query', 'Instances[0].InstanceId');
  writeFileSync(join(dir, 'function.zip'), zipOf({ 'index.js': 'exports.handler = async () => ({ statusCode: 200, body: "Hello from Lambda!" });' }));
  await cli('lambda', 'create-function', '--function-name', 'private-api-tutorial', '--runtime', 'nodejs20.x', '--role', 'arn:aws:iam::000000000000:role/lambda', '--handler', 'index.handler', '--zip-file', `fileb://${join(dir, 'function.zip')}`);
  await cli('lambda', 'wait', 'function-active-v2', '--function-name', 'private-api-tutorial');

  // Step 2: a private API for the endpoint. Step 3: GET on the root, a Lambda proxy integration, the permission.
  ids.api = await text('apigateway', 'create-rest-api', '--name', 'private-api-tutorial', '--endpoint-configuration', JSON.stringify({ types: ['PRIVATE'], vpcEndpointIds: [ids.vpce] }), '--query', 'id');
  const root = await text('apigateway', 'get-resources', '--rest-api-id', ids.api, '--query', 'items[0].id');
  await cli('apigateway', 'put-method', '--rest-api-id', ids.api, '--resource-id', root, '--http-method', 'GET', '--authorization-type', 'NONE');
  await cli('apigateway', 'put-integration', '--rest-api-id', ids.api, '--resource-id', root, '--http-method', 'GET', '--type', 'AWS_PROXY', '--integration-http-method', 'POST',
    '--uri', 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:private-api-tutorial/invocations');
  await cli('lambda', 'add-permission', '--function-name', 'private-api-tutorial', '--statement-id', 'apigateway-get', '--action', 'lambda:InvokeFunction',
    '--principal', 'apigateway.amazonaws.com', '--source-arn', `arn:aws:execute-api:us-east-1:000000000000:${ids.api}/*/GET/`);
  // Step 4: the resource policy. Step 5: deploy to `test`.
  await setPolicy(ids.vpce);
  await cli('apigateway', 'create-deployment', '--rest-api-id', ids.api, '--stage-name', 'test');
}, { timeout: 180_000 } as never);

after(() => gh.dispose());

async function setPolicy(vpceId: string): Promise<void> {
  const patch = join(dir, 'patch.json');
  writeFileSync(patch, JSON.stringify([{ op: 'replace', path: '/policy', value: JSON.stringify(tutorialPolicy(vpceId)) }]));
  await cli('apigateway', 'update-rest-api', '--rest-api-id', ids.api, '--patch-operations', `file://${patch}`);
}

const invokeUrl = (): string => `https://${ids.api}.execute-api.us-east-1.amazonaws.com/test`;

test('step 7: from the instance, curl gets "Hello from Lambda!"', async () => {
  const ran = await execOn(gh, ids.instance, [CURL, '-sS', '-w', '\n%{http_code}', invokeUrl()]);
  assert.equal(ran.code, 0, ran.stderr);
  assert.equal(ran.stdout, 'Hello from Lambda!\n200');
});

test('from an instance in another VPC, the name leads nowhere', async () => {
  const ran = await execOn(gh, ids.outsider, [CURL, '-sS', '--max-time', '10', invokeUrl()]);
  assert.notEqual(ran.code, 0);
  assert.doesNotMatch(ran.stdout, /Hello/);
});

test('from the host: not on the public port either (403 Forbidden), and nothing answers the private name', async () => {
  const publicForm = await fetch(`${gh.url}/_aws/execute-api/${ids.api}/test`);
  assert.equal(publicForm.status, 403);
  assert.equal(await publicForm.text(), '{"message":"Forbidden"}');
  // Pinned to loopback so curl never asks real DNS: Gatehouse does not listen on 443 there.
  const ran = await execOnHost([CURL, '-sS', '--max-time', '5', '--resolve', `${ids.api}.execute-api.us-east-1.amazonaws.com:443:127.0.0.1`, invokeUrl()]);
  assert.notEqual(ran.code, 0);
});

test('a policy naming another endpoint: still allowed until the redeploy, then AWS\'s explicit-deny body', async () => {
  await setPolicy('vpce-0a1b2c3d4e5f60718');
  const before = await execOn(gh, ids.instance, [CURL, '-sS', invokeUrl()]);
  assert.equal(before.stdout, 'Hello from Lambda!');
  await cli('apigateway', 'create-deployment', '--rest-api-id', ids.api, '--stage-name', 'test');
  const after = await execOn(gh, ids.instance, [CURL, '-sS', '-i', invokeUrl()]);
  // Through the proxy, curl -i shows the CONNECT answer first, then the API's.
  assert.match(after.stdout, /\r\nHTTP\/1\.1 403 Forbidden\r\n/);
  assert.match(after.stdout, /\r\nx-amzn-ErrorType: AccessDeniedException\r\n/);
  assert.ok(
    after.stdout.endsWith(`{"Message":"User: anonymous is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:********0000:${ids.api}/test/GET/ with an explicit deny"}`),
    after.stdout,
  );
});

function execOnHost(command: string[]): Promise<Ran> {
  return runProgram(command[0]!, command.slice(1), { env: cleanEnv() });
}
