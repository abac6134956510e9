/**
 * Who gets into which API, table-driven: one Gatehouse with three VPCs that each have an execute-api endpoint
 * (one with a restrictive endpoint policy), private APIs with different resource policies, and public APIs on
 * the main port. Each row is a request (from an instance or the host, by some name, with some headers, to some
 * stage, path and method) and the exact status, error type and body AWS answers — including the attempts to
 * sneak in: spoofed endpoint headers, x-apigw-api-id naming another API, an alias for another endpoint, the
 * public path form for a private API, an upper-case stage, encoded slashes — and the policies Gatehouse cannot
 * read (a store from another version, or edited by hand: set up, stopped, changed in SQLite, started again),
 * which deny on private and public APIs alike (fail closed), and a deployment Gatehouse cannot read, whose stage
 * then serves nothing.
 */
import {
  CreateAuthorizerCommand,
  CreateDeploymentCommand,
  GetResourcesCommand,
  UpdateMethodCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  PutIntegrationCommand,
  PutIntegrationResponseCommand,
  PutMethodCommand,
  PutMethodResponseCommand,
  type APIGatewayClient,
} from '@aws-sdk/client-api-gateway';
import { AuthorizeSecurityGroupIngressCommand, CreateSecurityGroupCommand, CreateVpcEndpointCommand, ModifyVpcEndpointCommand, RunInstancesCommand, type EC2Client } from '@aws-sdk/client-ec2';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { request } from 'node:http';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Gatehouse } from '../src/server/gatehouse.js';
import type { ReachabilityMap } from '../src/server/reachability.js';
import { newSubnet, newVpc } from './support/ec2.js';
import { AddPermissionCommand, CreateFunctionCommand } from '@aws-sdk/client-lambda';
import { lambdaClient, ROLE, zipOf } from './support/lambda.js';
import { tutorialPolicy } from './support/network.js';
import { apigatewayClient, ec2Client, startTestGatehouse, tempDataDir } from './support/server.js';

const REGION_HOST = 'execute-api.us-east-1.amazonaws.com';
const FORBIDDEN = { status: 403, errorType: 'ForbiddenException', body: '{"message":"Forbidden"}' };
const MISSING_TOKEN = { status: 403, errorType: 'MissingAuthenticationTokenException', body: '{"message":"Missing Authentication Token"}' };
const ok = (api: string) => ({ status: 200, body: `{"api":"${api}"}` });
const UNAUTHORIZED = { status: 401, errorType: 'UnauthorizedException', body: '{"message":"Unauthorized"}' };
const AUTHORIZER_DENIED = { status: 403, errorType: 'AccessDeniedException', body: '{"Message":"User is not authorized to access this resource with an explicit deny"}' };
const AUTHORIZER_FAILED = { status: 500, errorType: 'AuthorizerConfigurationException', body: '{"message":null}' };
/** AWS's denial body for the concrete resource `{api}/{stage}/{METHOD}/{path}` (account 000000000000 masked). */
const denied = (resource: () => string, explicit: boolean) => () => ({
  status: 403,
  errorType: 'AccessDeniedException',
  body: `{"Message":"User: anonymous is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:********0000:${resource()}${explicit ? ' with an explicit deny' : ''}"}`,
});

let gh: Gatehouse;
let apig: APIGatewayClient;
let ec2: EC2Client;
/** VPCs a, b, c, each with an endpoint; instances a1 (10.0.1.x), a2 (10.0.2.x), b1, c1, and outsider (no endpoint). */
const net = { vpc: {} as Record<string, string>, vpce: {} as Record<string, string>, vpceName: {} as Record<string, string>, instance: {} as Record<string, string> };
const api: Record<string, string> = {};

const dataDir = tempDataDir();
/** What the store holds where a policy should be, for the fail-closed rows. */
const UNREADABLE_POLICY = '{"Statement": "allow everyone"}';
const OPEN_POLICY = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' }] };

before(async () => {
  gh = await startTestGatehouse({ inMemory: false, dataDir });
  apig = apigatewayClient(gh);
  ec2 = ec2Client(gh);
  for (const [name, octet] of [['a', 0], ['b', 1], ['c', 2], ['d', 3]] as const) {
    const vpcId = (await newVpc(ec2, `10.${octet}.0.0/16`, { dns: true })).VpcId;
    const subnets = [(await newSubnet(ec2, vpcId, `10.${octet}.1.0/24`, 'us-east-1a')).SubnetId, (await newSubnet(ec2, vpcId, `10.${octet}.2.0/24`, 'us-east-1b')).SubnetId];
    const groupId = (await ec2.send(new CreateSecurityGroupCommand({ VpcId: vpcId, GroupName: 'endpoint', Description: 'HTTPS from the VPC' }))).GroupId!;
    await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: `10.${octet}.0.0/16` }] }] }));
    const endpoint = (await ec2.send(new CreateVpcEndpointCommand({ VpcId: vpcId, VpcEndpointType: 'Interface', ServiceName: 'com.amazonaws.us-east-1.execute-api', SubnetIds: subnets, SecurityGroupIds: [groupId], PrivateDnsEnabled: true }))).VpcEndpoint!;
    net.vpc[name] = vpcId;
    net.vpce[name] = endpoint.VpcEndpointId!;
    net.vpceName[name] = endpoint.DnsEntries![0]!.DnsName!;
    net.instance[`${name}1`] = await runInstance(subnets[0]!);
    if (name === 'a') net.instance['a2'] = await runInstance(subnets[1]!);
  }
  const outsiderVpc = (await newVpc(ec2, '10.9.0.0/16', { dns: true })).VpcId;
  net.instance['outsider'] = await runInstance((await newSubnet(ec2, outsiderVpc, '10.9.1.0/24', 'us-east-1a')).SubnetId);

  api['p1'] = await privateApi('p1', [net.vpce['a']!, net.vpce['b']!], tutorialPolicy(net.vpce['a']!));
  api['p2'] = await privateApi('p2', [net.vpce['b']!], { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*', Condition: { StringEquals: { 'aws:SourceVpc': net.vpc['b'] } } }] });
  api['p3'] = await privateApi('p3', [net.vpce['a']!], { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' }] });
  api['p4'] = await privateApi('p4', [net.vpce['a']!], {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' },
      { Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*', Condition: { NotIpAddress: { 'aws:VpcSourceIp': '10.0.1.0/24' } } },
    ],
  });
  api['p5'] = await privateApi('p5', [net.vpce['a']!], { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: ['execute-api:/test/GET/*', 'execute-api:/test/GET'] }] });
  // An endpoint serves its own region's APIs only: w1 is private, open to all, in us-west-2.
  const west = apigatewayClient(gh, 'us-west-2');
  api['w1'] = await privateApi('w1', [], { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' }] }, west);
  west.destroy();
  api['r1'] = await publicApi('r1', 'REGIONAL', {});
  api['r2'] = await publicApi('r2', 'REGIONAL', { disableExecuteApiEndpoint: true });
  api['r3'] = await publicApi('r3', 'REGIONAL', {
    policy: JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' },
        { Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*', Condition: { IpAddress: { 'aws:SourceIp': '127.0.0.0/8' } } },
      ],
    }),
  });
  api['r4'] = await publicApi('r4', 'EDGE', { policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*', Condition: { StringEquals: { 'aws:SourceVpce': net.vpce['a'] } } }] }) });
  // c's endpoint policy lets everything through but p3, which it denies, and p5, which it does not allow.
  await ec2.send(new ModifyVpcEndpointCommand({
    VpcEndpointId: net.vpce['c']!,
    PolicyDocument: JSON.stringify({
      Statement: [
        { Effect: 'Allow', Principal: '*', Action: '*', NotResource: `arn:aws:execute-api:us-east-1:000000000000:${api['p5']}/*` },
        { Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: `arn:aws:execute-api:us-east-1:000000000000:${api['p3']}/*` },
      ],
    }),
  }));
  // Fail closed: p6 and r5 allow everyone and d's endpoint allows everything, until their stored policies are
  // made unreadable behind Gatehouse's back.
  api['p6'] = await privateApi('p6', [net.vpce['a']!], OPEN_POLICY);
  api['r5'] = await publicApi('r5', 'REGIONAL', { policy: JSON.stringify(OPEN_POLICY) });
  // p7 is open to everyone until its deployment's snapshot loses its resources.
  api['p7'] = await privateApi('p7', [net.vpce['a']!], OPEN_POLICY);
  // p8: the seed's policy (endpoint a only); GET /pets behind a Lambda TOKEN authorizer, /files/{proxy+} AWS_IAM.
  api['p8'] = await privateApi('p8', [net.vpce['a']!, net.vpce['b']!], tutorialPolicy(net.vpce['a']!));
  await guardP8();
  apig.destroy();
  ec2.destroy();
  await gh.dispose();
  const db = new Database(join(dataDir, 'gatehouse.sqlite'));
  const setPolicy = db.prepare("UPDATE deployment_snapshots SET doc = json_set(doc, '$.api.policy', ?) WHERE parent = ?");
  for (const name of ['p6', 'r5']) assert.equal(setPolicy.run(UNREADABLE_POLICY, api[name]).changes, 1);
  assert.equal(db.prepare("UPDATE ec2_vpc_endpoints SET doc = json_set(doc, '$.PolicyDocument', ?) WHERE id = ?").run('not JSON', net.vpce['d']).changes, 1);
  assert.equal(db.prepare("UPDATE deployment_snapshots SET doc = json_remove(doc, '$.resources') WHERE parent = ?").run(api['p7']).changes, 1);
  db.close();
  gh = await startTestGatehouse({ inMemory: false, dataDir });
  apig = apigatewayClient(gh);
  ec2 = ec2Client(gh);
}, { timeout: 120_000 } as never);

after(async () => {
  apig.destroy();
  ec2.destroy();
  await gh.dispose();
  rmSync(dataDir, { recursive: true, force: true });
});

/** The authorizer's answer is named by the token: `allow`, `deny`, `garbage` (not an authorizer's output), `badpolicy`. */
const TABLE_AUTHORIZER = `exports.handler = async (event) => {
  const policy = (effect) => ({ Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: effect, Resource: event.methodArn }] });
  if (event.authorizationToken === 'garbage') return 'yes';
  if (event.authorizationToken === 'badpolicy') return { principalId: 'p', policyDocument: { Statement: 'let everyone in' } };
  return { principalId: 'p', policyDocument: policy(event.authorizationToken === 'allow' ? 'Allow' : 'Deny') };
};`;

async function guardP8(): Promise<void> {
  const lambda = lambdaClient(gh);
  await lambda.send(new CreateFunctionCommand({ FunctionName: 'table-auth', Runtime: 'nodejs20.x', Role: ROLE, Handler: 'index.handler', Code: { ZipFile: zipOf({ 'index.js': TABLE_AUTHORIZER }) } }));
  await lambda.send(new AddPermissionCommand({ FunctionName: 'table-auth', StatementId: 'apigateway', Action: 'lambda:InvokeFunction', Principal: 'apigateway.amazonaws.com' }));
  lambda.destroy();
  const restApiId = api['p8']!;
  const authorizer = await apig.send(new CreateAuthorizerCommand({
    restApiId, name: 'tokens', type: 'TOKEN', identitySource: 'method.request.header.Authorization', authorizerResultTtlInSeconds: 0,
    authorizerUri: 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:table-auth/invocations',
  }));
  const resources = (await apig.send(new GetResourcesCommand({ restApiId }))).items!;
  const patch = (type: string, authorizerId?: string) => [{ op: 'replace' as const, path: '/authorizationType', value: type }, ...(authorizerId ? [{ op: 'replace' as const, path: '/authorizerId', value: authorizerId }] : [])];
  await apig.send(new UpdateMethodCommand({ restApiId, resourceId: resources.find((r) => r.path === '/pets')!.id!, httpMethod: 'GET', patchOperations: patch('CUSTOM', authorizer.id!) }));
  await apig.send(new UpdateMethodCommand({ restApiId, resourceId: resources.find((r) => r.path === '/files/{proxy+}')!.id!, httpMethod: 'ANY', patchOperations: patch('AWS_IAM') }));
  await apig.send(new CreateDeploymentCommand({ restApiId, stageName: 'test' }));
}

async function runInstance(subnetId: string): Promise<string> {
  return (await ec2.send(new RunInstancesCommand({ ImageId: 'ami-0123456789abcdef0', MinCount: 1, MaxCount: 1, SubnetId: subnetId }))).Instances![0]!.InstanceId!;
}


async function privateApi(name: string, vpcEndpointIds: string[], policy: object | undefined, client = apig): Promise<string> {
  const created = await client.send(new CreateRestApiCommand({ name, endpointConfiguration: { types: ['PRIVATE'], vpcEndpointIds }, ...(policy ? { policy: JSON.stringify(policy) } : {}) }));
  await buildAndDeploy(created.id!, created.rootResourceId!, name, client);
  return created.id!;
}

async function publicApi(name: string, type: 'REGIONAL' | 'EDGE', extra: { policy?: string; disableExecuteApiEndpoint?: boolean }): Promise<string> {
  const created = await apig.send(new CreateRestApiCommand({ name, endpointConfiguration: { types: [type] }, ...extra }));
  await buildAndDeploy(created.id!, created.rootResourceId!, name);
  return created.id!;
}

/** `/` GET, `/pets` GET, `/pets/{id}` GET, `/files/{proxy+}` ANY, each a MOCK answering `{"api":"NAME"}`; stage `test`. */
async function buildAndDeploy(restApiId: string, rootId: string, name: string, client = apig): Promise<void> {
  const pets = (await client.send(new CreateResourceCommand({ restApiId, parentId: rootId, pathPart: 'pets' }))).id!;
  const pet = (await client.send(new CreateResourceCommand({ restApiId, parentId: pets, pathPart: '{id}' }))).id!;
  const files = (await client.send(new CreateResourceCommand({ restApiId, parentId: rootId, pathPart: 'files' }))).id!;
  const anyFile = (await client.send(new CreateResourceCommand({ restApiId, parentId: files, pathPart: '{proxy+}' }))).id!;
  for (const [resourceId, httpMethod] of [[rootId, 'GET'], [pets, 'GET'], [pet, 'GET'], [anyFile, 'ANY']] as const) {
    await client.send(new PutMethodCommand({ restApiId, resourceId, httpMethod, authorizationType: 'NONE' }));
    await client.send(new PutMethodResponseCommand({ restApiId, resourceId, httpMethod, statusCode: '200' }));
    await client.send(new PutIntegrationCommand({ restApiId, resourceId, httpMethod, type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }));
    await client.send(new PutIntegrationResponseCommand({ restApiId, resourceId, httpMethod, statusCode: '200', responseTemplates: { 'application/json': `{"api":"${name}"}` } }));
  }
  await client.send(new CreateDeploymentCommand({ restApiId, stageName: 'test' }));
}

interface Answer {
  status: number;
  errorType?: string;
  body: string;
}

async function fromInstance(instance: string, url: string, method: string, headers: Record<string, string>): Promise<Answer> {
  const res = await fetch(url, { method, headers, dispatcher: await gh.instanceDispatcher(net.instance[instance]!) } as RequestInit);
  const answer: Answer = { status: res.status, body: await res.text() };
  const errorType = res.headers.get('x-amzn-errortype');
  if (errorType) answer.errorType = errorType;
  return answer;
}

/** The host's request to Gatehouse's main port, path and Host exactly as given. */
function fromHost(path: string, method: string, headers: Record<string, string>): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: gh.port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const answer: Answer = { status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') };
        const errorType = res.headers['x-amzn-errortype'];
        if (typeof errorType === 'string') answer.errorType = errorType;
        resolve(answer);
      });
    });
    req.on('error', reject);
    req.end();
  });
}

interface Row {
  name: string;
  /** An instance name, or `host` for Gatehouse's main port. */
  from: string;
  /** For instances: the URL (names resolved by the VPC's DNS). For the host: the path, with `host` as the Host header. */
  url: () => string;
  host?: () => string;
  method?: string;
  headers?: () => Record<string, string>;
  /** The answer, or `unreachable` when no connection can be made (as on AWS: the name resolves to another VPC's addresses). */
  expect: () => Answer | 'unreachable';
}

const privateUrl = (name: string, rest: string) => () => `https://${api[name]}.${REGION_HOST}${rest}`;
const aliasUrl = (name: string, vpce: string, rest: string) => () => `https://${api[name]}-${net.vpce[vpce]}.${REGION_HOST}${rest}`;
const arn = (name: string, rest: string) => () => `${api[name]}${rest}`;

const ROWS: Row[] = [
  // The seed's policy (p1: deny unless the request came through endpoint a), by every name, from VPC a.
  { name: 'private DNS name, root', from: 'a1', url: privateUrl('p1', '/test'), expect: () => ok('p1') },
  { name: 'private DNS name, static path', from: 'a1', url: privateUrl('p1', '/test/pets'), expect: () => ok('p1') },
  { name: 'trailing slash', from: 'a1', url: privateUrl('p1', '/test/pets/'), expect: () => ok('p1') },
  { name: 'double slash after the stage', from: 'a1', url: privateUrl('p1', '/test//pets'), expect: () => ok('p1') },
  { name: 'path parameter', from: 'a1', url: privateUrl('p1', '/test/pets/42'), expect: () => ok('p1') },
  { name: 'encoded slash stays inside one path parameter', from: 'a1', url: privateUrl('p1', '/test/pets/a%2Fb'), expect: () => ok('p1') },
  { name: 'greedy path, several segments', from: 'a1', url: privateUrl('p1', '/test/files/a/b/c.txt'), expect: () => ok('p1') },
  { name: 'ANY takes DELETE', from: 'a1', url: privateUrl('p1', '/test/files/a'), method: 'DELETE', expect: () => ok('p1') },
  { name: 'greedy needs a segment', from: 'a1', url: privateUrl('p1', '/test/files'), expect: () => MISSING_TOKEN },
  { name: 'unknown path', from: 'a1', url: privateUrl('p1', '/test/nothing'), expect: () => MISSING_TOKEN },
  { name: 'unknown method on a known path', from: 'a1', url: privateUrl('p1', '/test/pets'), method: 'DELETE', expect: () => MISSING_TOKEN },
  { name: 'two path parameters where the tree has one', from: 'a1', url: privateUrl('p1', '/test/pets/1/2'), expect: () => MISSING_TOKEN },
  { name: 'upper-case stage', from: 'a1', url: privateUrl('p1', '/TEST/pets'), expect: () => FORBIDDEN },
  { name: 'unknown stage', from: 'a1', url: privateUrl('p1', '/prod/pets'), expect: () => FORBIDDEN },
  { name: 'no stage', from: 'a1', url: privateUrl('p1', '/'), expect: () => FORBIDDEN },
  { name: 'the {api}-{vpce} alias of this endpoint', from: 'a1', url: aliasUrl('p1', 'a', '/test/pets'), expect: () => ok('p1') },
  { name: "an alias naming another VPC's endpoint leads to that VPC's addresses", from: 'a1', url: aliasUrl('p1', 'b', '/test/pets'), expect: () => 'unreachable' },
  { name: 'the endpoint name with x-apigw-api-id', from: 'a1', url: () => `https://${net.vpceName['a']}/test/pets`, headers: () => ({ 'x-apigw-api-id': api['p1']! }), expect: () => ok('p1') },
  { name: 'the bare regional name with x-apigw-api-id', from: 'a1', url: () => `https://${REGION_HOST}/test/pets`, headers: () => ({ 'x-apigw-api-id': api['p1']! }), expect: () => ok('p1') },
  { name: 'the endpoint name without x-apigw-api-id', from: 'a1', url: () => `https://${net.vpceName['a']}/test/pets`, expect: () => FORBIDDEN },
  { name: 'x-apigw-api-id naming an unknown API', from: 'a1', url: () => `https://${net.vpceName['a']}/test/pets`, headers: () => ({ 'x-apigw-api-id': 'zzzzzzzzzz' }), expect: () => FORBIDDEN },
  { name: 'x-apigw-api-id naming another API does not beat the private DNS name', from: 'a1', url: privateUrl('p1', '/test/pets'), headers: () => ({ 'x-apigw-api-id': api['p3']! }), expect: () => ok('p1') },
  { name: 'unknown API by private DNS name', from: 'a1', url: () => `https://zzzzzzzzzz.${REGION_HOST}/test`, expect: () => FORBIDDEN },
  { name: 'a public API through the endpoint', from: 'a1', url: privateUrl('r1', '/test/pets'), expect: () => FORBIDDEN },
  { name: "another region's private API, named by x-apigw-api-id", from: 'a1', url: () => `https://${net.vpceName['a']}/test/pets`, headers: () => ({ 'x-apigw-api-id': api['w1']! }), expect: () => FORBIDDEN },
  // Other policies, from VPC a.
  { name: 'p2 allows only VPC b: implicit deny', from: 'a1', url: privateUrl('p2', '/test/pets'), expect: denied(arn('p2', '/test/GET/pets'), false) },
  { name: 'spoofed endpoint headers change nothing', from: 'a1', url: privateUrl('p2', '/test/pets'), headers: () => ({ 'x-amzn-vpce-id': net.vpce['b']!, 'x-amzn-vpc-id': net.vpc['b']! }), expect: denied(arn('p2', '/test/GET/pets'), false) },
  { name: 'p3 allows everyone', from: 'a1', url: privateUrl('p3', '/test'), expect: () => ok('p3') },
  { name: 'aws:VpcSourceIp in the allowed subnet', from: 'a1', url: privateUrl('p4', '/test/pets'), expect: () => ok('p4') },
  { name: 'aws:VpcSourceIp outside it: explicit deny', from: 'a2', url: privateUrl('p4', '/test/pets'), expect: denied(arn('p4', '/test/GET/pets'), true) },
  { name: 'a spoofed X-Forwarded-For does not change aws:VpcSourceIp', from: 'a2', url: privateUrl('p4', '/test/pets'), headers: () => ({ 'X-Forwarded-For': '10.0.1.10' }), expect: denied(arn('p4', '/test/GET/pets'), true) },
  { name: 'p5 allows GET', from: 'a1', url: privateUrl('p5', '/test/pets/7'), expect: () => ok('p5') },
  { name: 'p5 allows the root GET', from: 'a1', url: privateUrl('p5', '/test'), expect: () => ok('p5') },
  { name: 'p5 does not allow POST: the concrete path in the ARN', from: 'a1', url: privateUrl('p5', '/test/files/x/y'), method: 'POST', expect: denied(arn('p5', '/test/POST/files/x/y'), false) },
  { name: 'the denied ARN keeps the request path as sent', from: 'a2', url: privateUrl('p4', '/test/files//a/'), expect: denied(arn('p4', '/test/GET/files//a/'), true) },
  // From VPC b.
  { name: 'the seed policy denies another endpoint', from: 'b1', url: privateUrl('p1', '/test/pets'), expect: denied(arn('p1', '/test/GET/pets'), true) },
  { name: 'p2 from VPC b', from: 'b1', url: privateUrl('p2', '/test/pets'), expect: () => ok('p2') },
  { name: "an associated endpoint's alias reaches the policy", from: 'b1', url: aliasUrl('p1', 'b', '/test'), expect: denied(arn('p1', '/test/GET/'), true) },
  { name: "an alias for an endpoint the API does not list", from: 'b1', url: aliasUrl('p3', 'b', '/test'), expect: () => FORBIDDEN },
  // From VPC c, whose endpoint policy is evaluated first.
  { name: 'p1 from VPC c: the endpoint allows, the resource policy denies', from: 'c1', url: privateUrl('p1', '/test'), expect: denied(arn('p1', '/test/GET/'), true) },
  { name: 'p3 from VPC c: the endpoint policy denies what the resource policy allows', from: 'c1', url: privateUrl('p3', '/test/pets'), expect: denied(arn('p3', '/test/GET/pets'), true) },
  { name: 'p5 from VPC c: the endpoint policy does not allow it (implicit)', from: 'c1', url: privateUrl('p5', '/test/pets'), expect: denied(arn('p5', '/test/GET/pets'), false) },
  { name: 'p4 from VPC c', from: 'c1', url: privateUrl('p4', '/test/pets/1'), expect: denied(arn('p4', '/test/GET/pets/1'), true) },
  { name: 'a VPC without an endpoint cannot reach a private API at all', from: 'outsider', url: privateUrl('p1', '/test'), expect: () => 'unreachable' },
  // The host, on Gatehouse's main port.
  { name: 'a public API by the path form', from: 'host', url: () => `/_aws/execute-api/${api['r1']}/test/pets`, expect: () => ok('r1') },
  { name: 'a public API by host name', from: 'host', url: () => '/test/pets/9', host: () => `${api['r1']}.execute-api.localhost:${gh.port}`, expect: () => ok('r1') },
  { name: 'a public API, encoded slash', from: 'host', url: () => `/_aws/execute-api/${api['r1']}/test/pets/a%2Fb`, expect: () => ok('r1') },
  { name: 'a public API, unknown path', from: 'host', url: () => `/_aws/execute-api/${api['r1']}/test/nothing`, expect: () => MISSING_TOKEN },
  { name: 'a public API, upper-case stage', from: 'host', url: () => `/_aws/execute-api/${api['r1']}/TEST/pets`, expect: () => FORBIDDEN },
  { name: 'a public API, no stage', from: 'host', url: () => `/_aws/execute-api/${api['r1']}`, expect: () => FORBIDDEN },
  { name: 'the path form without an API', from: 'host', url: () => '/_aws/execute-api/', expect: () => FORBIDDEN },
  { name: 'a private API by the path form', from: 'host', url: () => `/_aws/execute-api/${api['p1']}/test/pets`, expect: () => FORBIDDEN },
  { name: 'a private API by host name', from: 'host', url: () => '/test/pets', host: () => `${api['p1']}.execute-api.localhost`, expect: () => FORBIDDEN },
  { name: 'a private API by host name, spoofing the endpoint headers', from: 'host', url: () => '/test/pets', host: () => `${api['p1']}.execute-api.localhost`, headers: () => ({ 'x-amzn-vpce-id': net.vpce['a']!, 'x-apigw-api-id': api['p1']! }), expect: () => FORBIDDEN },
  { name: 'a disabled default endpoint', from: 'host', url: () => `/_aws/execute-api/${api['r2']}/test/pets`, expect: () => FORBIDDEN },
  { name: 'a public API whose policy denies the source IP', from: 'host', url: () => `/_aws/execute-api/${api['r3']}/test/pets`, expect: denied(arn('r3', '/test/GET/pets'), true) },
  { name: 'aws:SourceVpce is absent on a public API', from: 'host', url: () => `/_aws/execute-api/${api['r4']}/test`, expect: denied(arn('r4', '/test/GET/'), false) },
  // Fail closed: a stored policy Gatehouse cannot read denies, whatever it may have said.
  { name: 'an unreadable resource policy denies (private API)', from: 'a1', url: privateUrl('p6', '/test/pets'), expect: denied(arn('p6', '/test/GET/pets'), false) },
  { name: 'an unreadable resource policy denies (public API)', from: 'host', url: () => `/_aws/execute-api/${api['r5']}/test/pets`, expect: denied(arn('r5', '/test/GET/pets'), false) },
  { name: 'an unreadable endpoint policy denies every API behind it', from: 'd1', url: privateUrl('p3', '/test'), expect: denied(arn('p3', '/test/GET/'), false) },
  { name: 'the same API through a readable endpoint', from: 'a1', url: privateUrl('p3', '/test/pets'), expect: () => ok('p3') },
  { name: 'a deployment whose snapshot cannot be read serves nothing', from: 'a1', url: privateUrl('p7', '/test/pets'), expect: () => FORBIDDEN },
  // Who may call, past the network: a Lambda authorizer (p8 GET /pets) and AWS_IAM (p8 /files/*).
  { name: 'a Lambda authorizer: no token', from: 'a1', url: privateUrl('p8', '/test/pets'), expect: () => UNAUTHORIZED },
  { name: 'a Lambda authorizer: an empty token', from: 'a1', url: privateUrl('p8', '/test/pets'), headers: () => ({ Authorization: '' }), expect: () => UNAUTHORIZED },
  { name: 'a Lambda authorizer allows', from: 'a1', url: privateUrl('p8', '/test/pets'), headers: () => ({ Authorization: 'allow' }), expect: () => ok('p8') },
  { name: 'a Lambda authorizer denies', from: 'a1', url: privateUrl('p8', '/test/pets'), headers: () => ({ Authorization: 'deny' }), expect: () => AUTHORIZER_DENIED },
  { name: 'a Lambda authorizer answering garbage', from: 'a1', url: privateUrl('p8', '/test/pets'), headers: () => ({ Authorization: 'garbage' }), expect: () => AUTHORIZER_FAILED },
  { name: 'a Lambda authorizer returning a policy that does not parse', from: 'a1', url: privateUrl('p8', '/test/pets'), headers: () => ({ Authorization: 'badpolicy' }), expect: () => AUTHORIZER_FAILED },
  { name: "the authorizer's Allow does not beat the resource policy's explicit deny (another endpoint)", from: 'b1', url: privateUrl('p8', '/test/pets'), headers: () => ({ Authorization: 'allow' }), expect: denied(arn('p8', '/test/GET/pets'), true) },
  { name: 'a Lambda authorizer behind no endpoint', from: 'outsider', url: privateUrl('p8', '/test/pets'), headers: () => ({ Authorization: 'allow' }), expect: () => 'unreachable' },
  { name: 'AWS_IAM: unsigned', from: 'a1', url: privateUrl('p8', '/test/files/a'), expect: () => MISSING_TOKEN },
  { name: 'AWS_IAM: a bearer token is no signature', from: 'a1', url: privateUrl('p8', '/test/files/a'), headers: () => ({ Authorization: 'Bearer abc' }), expect: () => ({ status: 403, errorType: 'IncompleteSignatureException', body: `{"message":"'abc' not a valid key=value pair (missing equal-sign) in Authorization header: 'Bearer abc'."}` }) },
];

for (const row of ROWS) {
  test(`${row.from}: ${row.name}`, async () => {
    const headers = row.headers?.() ?? {};
    const expected = row.expect();
    if (expected === 'unreachable') {
      await assert.rejects(fromInstance(row.from, row.url(), row.method ?? 'GET', headers));
      return;
    }
    const answer =
      row.from === 'host'
        ? await fromHost(row.url(), row.method ?? 'GET', { ...headers, Host: row.host?.() ?? `127.0.0.1:${gh.port}` })
        : await fromInstance(row.from, row.url(), row.method ?? 'GET', headers);
    assert.deepEqual(answer, expected);
  });
}

test('gatehouse explain says which stored policy could not be read, and why', async () => {
  const res = await fetch(`${gh.url}/_gatehouse/requests?denied=1`);
  const { requests } = (await res.json()) as { requests: Array<{ apiId?: string; vpceId?: string; reason?: string; policies: Array<{ decision: string }> }> };
  const p6 = requests.find((r) => r.apiId === api['p6']);
  assert.match(p6?.reason ?? '', new RegExp(`^resource policy of ${api['p6']}: the stored policy cannot be read \\(Statement: .*\\), so it denies every request \\(Gatehouse fails closed\\)$`));
  const d = requests.find((r) => r.vpceId === net.vpce['d']);
  assert.match(d?.reason ?? '', new RegExp(`^VPC endpoint policy of ${net.vpce['d']}: the stored policy cannot be read \\(not JSON: .*\\)`));
  assert.deepEqual(d?.policies.map((p) => p.decision), ['Unreadable']);
});

test('gatehouse explain and the reachability map say that a deployment cannot be read, and why', async () => {
  const { requests } = (await (await fetch(`${gh.url}/_gatehouse/requests?denied=1&api=${api['p7']}`)).json()) as { requests: Array<{ stage?: string; reason?: string; unreadableDeployment?: { deploymentId: string; reason: string } }> };
  const p7 = requests[0];
  assert.equal(p7?.stage, 'test');
  assert.match(p7?.unreadableDeployment?.reason ?? '', /^resources: /);
  const sentence = `deployment ${p7?.unreadableDeployment?.deploymentId} of ${api['p7']}, served by stage test: the stored deployment cannot be read (${p7?.unreadableDeployment?.reason}), so every request to the stage is refused with 403 Forbidden (Gatehouse fails closed)`;
  assert.equal(p7?.reason, sentence);
  const map = (await (await fetch(`${gh.url}/_gatehouse/reachability`)).json()) as ReachabilityMap;
  const cell = map.cells.find((c) => c.apiId === api['p7'] && c.instanceId === net.instance['a1']);
  assert.deepEqual(cell && { verdict: cell.verdict, routes: cell.routes, reason: cell.reason }, { verdict: 'unreachable', routes: [], reason: sentence });
});

test('the table has at least 40 rows', () => {
  assert.ok(ROWS.length >= 40, `${ROWS.length} rows`);
});
