/**
 * A private API written with aws-cdk-lib (test/fixtures/cdk-private-api/app.mjs), synthesized here with the
 * CDK itself, deployed with CreateStack and the SDK's waiter: from the stack's instance the API answers
 * "Hello from Lambda!"; from another VPC and from the host there is no way in; DeleteStack removes it all.
 */
import { APIGatewayClient, GetRestApisCommand } from '@aws-sdk/client-api-gateway';
import {
  CloudFormationClient,
  CreateStackCommand,
  DeleteStackCommand,
  DescribeStackResourcesCommand,
  DescribeStacksCommand,
  waitUntilStackCreateComplete,
  waitUntilStackDeleteComplete,
} from '@aws-sdk/client-cloudformation';
import {
  CreateVpcEndpointCommand,
  DeleteVpcEndpointsCommand,
  DescribeInstancesCommand,
  DescribeVpcEndpointsCommand,
  DescribeVpcsCommand,
  RunInstancesCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import { ListFunctionsCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Gatehouse } from '../src/server/gatehouse.js';
import { newSubnet, newVpc } from './support/ec2.js';
import { lambdaClient } from './support/lambda.js';
import { runProgram } from './support/network.js';
import { apigatewayClient, credentials, ec2Client, expectError, REGION, startTestGatehouse } from './support/server.js';

/** The CDK app is plain JavaScript, loaded at run time: aws-cdk-lib's types would nearly double tsc's time. */
const APP = new URL('../../test/fixtures/cdk-private-api/app.mjs', import.meta.url).href;
const CURL = '/usr/bin/curl';

interface CdkApp {
  STACK_NAME: string;
  synthesize(): { Resources: Record<string, { Type: string }> };
}

let gh: Gatehouse;
let cfn: CloudFormationClient;
let ec2: EC2Client;
let apig: APIGatewayClient;
let lambda: LambdaClient;
let ssm: SSMClient;
let stackName: string;
let stackId: string;
let outputs: Record<string, string>;
let vpcId: string;
const waiter = () => ({ client: cfn, maxWaitTime: 60, minDelay: 1, maxDelay: 1 });

before(async () => {
  gh = await startTestGatehouse();
  cfn = new CloudFormationClient({ endpoint: gh.url, region: REGION, credentials, maxAttempts: 1 });
  ec2 = ec2Client(gh);
  apig = apigatewayClient(gh);
  lambda = lambdaClient(gh);
  ssm = new SSMClient({ endpoint: gh.url, region: REGION, credentials, maxAttempts: 1 });
});

after(async () => {
  for (const client of [cfn, ec2, apig, lambda, ssm]) client.destroy();
  await gh.dispose();
});

async function fromInstance(instanceId: string, url: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { headers, dispatcher: await gh.instanceDispatcher(instanceId) } as RequestInit);
  return { status: res.status, headers: res.headers, text: await res.text() };
}

/** An error's message and those of its causes, for what undici wraps twice. */
function causes(error: unknown): string {
  const messages: string[] = [];
  for (let e = error as { message?: string; cause?: unknown } | undefined; e !== undefined && e !== null; e = e.cause as typeof e) messages.push(String(e.message));
  return messages.join(' <- ');
}

test("the CDK synthesizes the app; it deploys once `cdk bootstrap`'s version parameter is there: CreateStack, the waiter, the outputs", async () => {
  const app = (await import(APP)) as CdkApp;
  stackName = app.STACK_NAME;
  const template = app.synthesize();
  const types = new Set(Object.values(template.Resources).map((r) => r.Type));
  for (const type of ['AWS::EC2::VPC', 'AWS::EC2::VPCEndpoint', 'AWS::Lambda::Function', 'AWS::ApiGateway::RestApi', 'AWS::ApiGateway::Method', 'AWS::EC2::Instance', 'AWS::EC2::LaunchTemplate']) assert.ok(types.has(type), type);

  // The default synthesizer's template reads the bootstrap version from Parameter Store and checks it in a rule.
  const create = new CreateStackCommand({ StackName: stackName, TemplateBody: JSON.stringify(template), Capabilities: ['CAPABILITY_IAM'] });
  await expectError(cfn.send(create), 'ValidationError', 400, 'Unable to fetch parameters [/cdk-bootstrap/hnb659fds/version] from parameter store for this account.');
  const bootstrap = (version: string) => ssm.send(new PutParameterCommand({ Name: '/cdk-bootstrap/hnb659fds/version', Type: 'String', Value: version, Overwrite: true }));
  await bootstrap('5');
  await expectError(cfn.send(create), 'ValidationError', 400, "CDK bootstrap stack version 6 required. Please run 'cdk bootstrap' with a recent version of the CDK CLI.");
  await bootstrap('28');
  stackId = (await cfn.send(create)).StackId!;
  await waitUntilStackCreateComplete(waiter(), { StackName: stackName });
  const stack = (await cfn.send(new DescribeStacksCommand({ StackName: stackName }))).Stacks![0]!;
  assert.equal(stack.StackStatus, 'CREATE_COMPLETE');
  outputs = Object.fromEntries(stack.Outputs!.map((o) => [o.OutputKey!, o.OutputValue!]));
  assert.match(outputs['InstanceId']!, /^i-[0-9a-f]{17}$/);
  assert.match(outputs['EndpointId']!, /^vpce-[0-9a-f]{17}$/);
  assert.match(outputs['ApiUrl']!, /^https:\/\/[a-z0-9]{10}\.execute-api\.us-east-1\.amazonaws\.com\/test\/$/);
  const resources = (await cfn.send(new DescribeStackResourcesCommand({ StackName: stackName }))).StackResources!;
  assert.equal(resources.length, Object.keys(template.Resources).length);
  assert.deepEqual(resources.filter((r) => r.ResourceStatus !== 'CREATE_COMPLETE'), []);
  vpcId = resources.find((r) => r.ResourceType === 'AWS::EC2::VPC')!.PhysicalResourceId!;
});

test('from the stack\'s instance, the API answers "Hello from Lambda!"', async () => {
  const res = await fromInstance(outputs['InstanceId']!, outputs['ApiUrl']!);
  assert.equal(res.status, 200, res.text);
  assert.equal(res.text, 'Hello from Lambda!');
  assert.equal(res.headers.get('content-type'), 'text/plain');
  // The method is on the root only.
  const elsewhere = await fromInstance(outputs['InstanceId']!, `${outputs['ApiUrl']}pets`);
  assert.equal(elsewhere.status, 403);
  assert.equal(elsewhere.text, '{"message":"Missing Authentication Token"}');
});

test("the PolicyDocument's Deny: through a second endpoint in the same VPC, the instance is refused", async () => {
  const endpoint = (await ec2.send(new DescribeVpcEndpointsCommand({ VpcEndpointIds: [outputs['EndpointId']!] }))).VpcEndpoints![0]!;
  const second = (await ec2.send(new CreateVpcEndpointCommand({
    VpcId: endpoint.VpcId!,
    VpcEndpointType: 'Interface',
    ServiceName: 'com.amazonaws.us-east-1.execute-api',
    SubnetIds: endpoint.SubnetIds!,
    SecurityGroupIds: endpoint.Groups!.map((g) => g.GroupId!),
    PrivateDnsEnabled: false,
  }))).VpcEndpoint!;
  const apiId = new URL(outputs['ApiUrl']!).hostname.split('.')[0]!;
  try {
    const denied = await fromInstance(outputs['InstanceId']!, `https://${second.DnsEntries![0]!.DnsName!}/test`, { 'x-apigw-api-id': apiId });
    assert.equal(denied.status, 403);
    assert.equal(denied.headers.get('x-amzn-errortype'), 'AccessDeniedException');
    assert.equal(denied.text, `{"Message":"User: anonymous is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:********0000:${apiId}/test/GET/ with an explicit deny"}`);
    // The stack's own endpoint, by its own name, is let in.
    const allowed = await fromInstance(outputs['InstanceId']!, `https://${endpoint.DnsEntries![0]!.DnsName!}/test`, { 'x-apigw-api-id': apiId });
    assert.equal(allowed.text, 'Hello from Lambda!');
  } finally {
    await ec2.send(new DeleteVpcEndpointsCommand({ VpcEndpointIds: [second.VpcEndpointId!] }));
  }
});

test('from an instance in another VPC, and from the host, no way in', async () => {
  const { VpcId } = await newVpc(ec2, '10.0.0.0/16', { dns: true });
  const { SubnetId } = await newSubnet(ec2, VpcId, '10.0.1.0/24', 'us-east-1a');
  const outsider = (await ec2.send(new RunInstancesCommand({ ImageId: 'ami-0123456789abcdef0', MinCount: 1, MaxCount: 1, SubnetId }))).Instances![0]!.InstanceId!;
  // Its VPC has no endpoint with private DNS: the egress proxy finds nothing for the name (502 to CONNECT).
  await assert.rejects(fromInstance(outsider, outputs['ApiUrl']!), (e: Error) => /Proxy response \(502\)/.test(causes(e)));

  const apiId = new URL(outputs['ApiUrl']!).hostname.split('.')[0]!;
  const publicForm = await fetch(`${gh.url}/_aws/execute-api/${apiId}/test`);
  assert.equal(publicForm.status, 403);
  assert.equal(await publicForm.text(), '{"message":"Forbidden"}');
  // Pinned to loopback so curl never asks real DNS: nothing of Gatehouse listens on 443 there.
  const pinned = await runProgram(CURL, ['-sS', '--noproxy', '*', '--connect-timeout', '3', '--resolve', `${apiId}.execute-api.us-east-1.amazonaws.com:443:127.0.0.1`, outputs['ApiUrl']!]);
  assert.notEqual(pinned.code, 0);
  assert.doesNotMatch(pinned.stdout, /Hello/);
});

test('DeleteStack removes everything the stack made', async () => {
  await cfn.send(new DeleteStackCommand({ StackName: stackName }));
  await waitUntilStackDeleteComplete(waiter(), { StackName: stackId });
  assert.equal((await cfn.send(new DescribeStacksCommand({ StackName: stackId }))).Stacks![0]!.StackStatus, 'DELETE_COMPLETE');
  assert.deepEqual((await apig.send(new GetRestApisCommand({}))).items, []);
  assert.deepEqual((await lambda.send(new ListFunctionsCommand({}))).Functions, []);
  assert.deepEqual((await ec2.send(new DescribeVpcEndpointsCommand({}))).VpcEndpoints, []);
  assert.deepEqual((await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }))).Vpcs, []);
  const instance = (await ec2.send(new DescribeInstancesCommand({ InstanceIds: [outputs['InstanceId']!] }))).Reservations![0]!.Instances![0]!;
  assert.equal(instance.State!.Name, 'terminated');
  await assert.rejects(fromInstance(outputs['InstanceId']!, outputs['ApiUrl']!));
});
