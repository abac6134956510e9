/**
 * GET /_gatehouse/reachability (the console's map) against what a request from the instance really meets,
 * sent through POST /_gatehouse/send: a VPC whose DNS is off (the endpoint's address still answers), an ANY
 * method that a policy opens for one verb only, and a private API of another region (never reachable).
 */
import {
  CreateDeploymentCommand,
  CreateRestApiCommand,
  PutIntegrationCommand,
  PutIntegrationResponseCommand,
  PutMethodCommand,
  PutMethodResponseCommand,
  type APIGatewayClient,
} from '@aws-sdk/client-api-gateway';
import {
  CreateSecurityGroupCommand,
  DescribeVpcEndpointsCommand,
  ModifyVpcAttributeCommand,
  RevokeSecurityGroupEgressCommand,
  RunInstancesCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { Gatehouse } from '../src/server/gatehouse.js';
import type { ReachabilityMap } from '../src/server/reachability.js';
import { createPrivateNetwork, gatehouse, type PrivateNetwork } from './support/network.js';
import { apigatewayClient, ec2Client, startTestGatehouse } from './support/server.js';

let gh: Gatehouse;
let apig: APIGatewayClient;
let ec2: EC2Client;
let net: PrivateNetwork;

before(async () => {
  gh = await startTestGatehouse();
  apig = apigatewayClient(gh);
  ec2 = ec2Client(gh);
  net = await createPrivateNetwork(ec2);
});

after(async () => {
  apig.destroy();
  ec2.destroy();
  await gh.dispose();
});

/** A private API with `ANY /` (Mock) deployed to `test`, under `policy`. */
async function anyApi(client: APIGatewayClient, policy: object): Promise<string> {
  const { id, rootResourceId } = await client.send(new CreateRestApiCommand({ name: 'any', endpointConfiguration: { types: ['PRIVATE'] }, policy: JSON.stringify(policy) }));
  const key = { restApiId: id!, resourceId: rootResourceId!, httpMethod: 'ANY' };
  await client.send(new PutMethodCommand({ ...key, authorizationType: 'NONE' }));
  await client.send(new PutMethodResponseCommand({ ...key, statusCode: '200' }));
  await client.send(new PutIntegrationCommand({ ...key, type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }));
  await client.send(new PutIntegrationResponseCommand({ ...key, statusCode: '200', responseTemplates: { 'application/json': '{"ok": true}' } }));
  await client.send(new CreateDeploymentCommand({ restApiId: id!, stageName: 'test' }));
  return id!;
}

const allow = (resource: string) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: resource }] });

async function map(): Promise<ReachabilityMap> {
  return (await (await fetch(`${gh.url}/_gatehouse/reachability`)).json()) as ReachabilityMap;
}

async function send(url: string, method: string, headers: Record<string, string>): Promise<{ outcome: string; response?: { status: number } }> {
  const res = await fetch(`${gh.url}/_gatehouse/send`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ instanceId: net.instanceId, method, url, headers }) });
  return (await res.json()) as { outcome: string; response?: { status: number } };
}

it('an ANY method opened for POST only: the map lists each verb, and the requests agree', async () => {
  const apiId = await anyApi(apig, allow('execute-api:/*/POST/*'));
  const cell = (await map()).cells.find((c) => c.instanceId === net.instanceId && c.apiId === apiId)!;
  assert.equal(cell.verdict, 'partly');
  const methods = cell.routes[0]!.methods;
  assert.deepEqual(methods.filter((m) => m.allowed).map((m) => m.method), ['ANY / as POST']);
  assert.equal(methods.length, 7);
  const url = `https://${apiId}.execute-api.us-east-1.amazonaws.com/test/`;
  assert.equal((await send(url, 'POST', {})).response?.status, 200);
  assert.equal((await send(url, 'GET', {})).response?.status, 403);

  // The same map in the terminal.
  const ran = await gatehouse(gh, ['reach', '--instance', net.instanceId, '--api', apiId]);
  assert.equal(ran.code, 0, ran.stderr);
  const lines = ran.stdout.split('\n');
  assert.equal(lines[0], `${net.instanceId} in ${net.vpcId} → ${apiId}/test (any): some methods only`);
  assert.equal(lines[1], `  through ${net.vpceId}, as:`);
  assert.equal(lines[2], `    ${apiId}.execute-api.us-east-1.amazonaws.com`);
  assert.ok(lines.includes(`  allowed  ANY / as POST: VPC endpoint policy of ${net.vpceId}: allowed by statement 0; resource policy of ${apiId}: allowed by statement 0`), ran.stdout);
  assert.ok(lines.some((l) => l.startsWith('  denied   ANY / as GET: resource policy of ')), ran.stdout);
});

it('a private API of another region: unreachable on the map, Forbidden through the endpoint', async () => {
  const west = apigatewayClient(gh, 'us-west-2');
  const apiId = await anyApi(west, allow('execute-api:/*'));
  west.destroy();
  const cell = (await map()).cells.find((c) => c.instanceId === net.instanceId && c.apiId === apiId)!;
  assert.equal(cell.verdict, 'unreachable');
  assert.equal(cell.reason, `${apiId} is in us-west-2 and ${net.instanceId} in us-east-1: an execute-api endpoint serves only its own region's APIs`);
  const endpoint = (await ec2.send(new DescribeVpcEndpointsCommand({ VpcEndpointIds: [net.vpceId] }))).VpcEndpoints![0]!;
  const answer = await send(`https://${endpoint.DnsEntries![0]!.DnsName}/test/`, 'GET', { 'x-apigw-api-id': apiId });
  assert.equal(answer.response?.status, 403);
});

it('an instance whose security group lets nothing out: the map and the Test give the same reason', async () => {
  const apiId = await anyApi(apig, allow('execute-api:/*'));
  const groupId = (await ec2.send(new CreateSecurityGroupCommand({ VpcId: net.vpcId, GroupName: 'no-egress', Description: 'nothing out' }))).GroupId!;
  await ec2.send(new RevokeSecurityGroupEgressCommand({ GroupId: groupId, IpPermissions: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }));
  const instanceId = (await ec2.send(new RunInstancesCommand({ ImageId: 'ami-0123456789abcdef0', MinCount: 1, MaxCount: 1, SubnetId: net.subnetIds[0], SecurityGroupIds: [groupId] }))).Instances![0]!.InstanceId!;
  const cell = (await map()).cells.find((c) => c.instanceId === instanceId && c.apiId === apiId)!;
  assert.equal(cell.verdict, 'unreachable');
  assert.match(cell.reason ?? '', new RegExp(`^no egress rule of ${instanceId}'s security groups \\(${groupId}\\) allows TCP 443 to ${net.vpceId} `));
  const res = await fetch(`${gh.url}/_gatehouse/send`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ instanceId, method: 'GET', url: `https://${apiId}.execute-api.us-east-1.amazonaws.com/test/` }) });
  assert.deepEqual(await res.json(), { outcome: 'timed-out', reason: cell.reason });
});

it('a VPC whose DNS is off: no name resolves, the endpoint\'s address still answers, and the map says so', async () => {
  const apiId = await anyApi(apig, allow('execute-api:/*'));
  await ec2.send(new ModifyVpcAttributeCommand({ VpcId: net.vpcId, EnableDnsSupport: { Value: false } }));
  try {
    const cell = (await map()).cells.find((c) => c.instanceId === net.instanceId && c.apiId === apiId)!;
    assert.equal(cell.verdict, 'reachable');
    const [name] = cell.routes[0]!.names;
    const ip = /^(\d+\.\d+\.\d+\.\d+) with x-apigw-api-id: /.exec(name ?? '')?.[1];
    assert.ok(ip, name);
    assert.match(name!, /\(by address only: .*enableDnsSupport attribute is false/);
    assert.equal((await send(`https://${apiId}.execute-api.us-east-1.amazonaws.com/test/`, 'GET', {})).outcome, 'refused');
    // By address the TLS certificate does not match (curl -k would be answered): the connection is made, then refused by the client.
    const byAddress = await send(`https://${ip}/test/`, 'GET', { 'x-apigw-api-id': apiId });
    assert.equal(byAddress.outcome, 'refused');
    assert.match(JSON.stringify(byAddress), /not in the cert's list|altnames/i);
  } finally {
    await ec2.send(new ModifyVpcAttributeCommand({ VpcId: net.vpcId, EnableDnsSupport: { Value: true } }));
  }
});
