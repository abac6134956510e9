/**
 * Issue 5, "every policy decision is explained", end to end: the seed tutorial's private API (MOCK
 * integrations), requests from an instance in the VPC that are allowed and denied, then the built CLI as a
 * child process: `gatehouse explain <request-id>` names the deciding statement and each condition with the
 * request's value and the policy's, `--last` lists the requests, and `gatehouse policy simulate` reaches the
 * same decisions without a server, with API Gateway's exact answer and exit codes 0 / 2 / 1.
 */
import {
  CreateDeploymentCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  PutIntegrationCommand,
  PutIntegrationResponseCommand,
  PutMethodCommand,
  PutMethodResponseCommand,
  UpdateRestApiCommand,
  type APIGatewayClient,
} from '@aws-sdk/client-api-gateway';
import { ModifyVpcEndpointCommand, type EC2Client } from '@aws-sdk/client-ec2';
import type { Dispatcher } from 'undici';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Gatehouse } from '../src/server/gatehouse.js';
import { createPrivateNetwork, gatehouse, type PrivateNetwork, type Ran, tutorialPolicy } from './support/network.js';
import { apigatewayClient, ec2Client, startTestGatehouse } from './support/server.js';

let gh: Gatehouse;
let apig: APIGatewayClient;
let ec2: EC2Client;
let net: PrivateNetwork;
let policyDir: string;
/** One dispatcher for the instance, closed before the server: an open keep-alive tunnel would hold dispose for a minute. */
let instance: Dispatcher;
/** The tutorial's API and policy (this endpoint allowed); the same policy naming another endpoint; an Allow for another VPC only. */
let tutorialApi: string;
let otherVpceApi: string;
let otherVpcApi: string;

const OTHER_VPCE = 'vpce-00000000000000000';


const onlyVpcPolicy = {
  Version: '2012-10-17',
  Statement: [{ Sid: 'OnlyTheOtherVpc', Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*', Condition: { StringEquals: { 'aws:SourceVpc': 'vpc-0fffffffffffffff0' } } }],
};

/** A private API with GET / and GET /pets answered by MOCK, the given resource policy, deployed to `test`. */
async function privateApi(name: string, policy: unknown): Promise<string> {
  const api = await apig.send(new CreateRestApiCommand({ name, endpointConfiguration: { types: ['PRIVATE'], vpcEndpointIds: [net.vpceId] } }));
  const restApiId = api.id!;
  const pets = (await apig.send(new CreateResourceCommand({ restApiId, parentId: api.rootResourceId!, pathPart: 'pets' }))).id!;
  for (const resourceId of [api.rootResourceId!, pets]) {
    await apig.send(new PutMethodCommand({ restApiId, resourceId, httpMethod: 'GET', authorizationType: 'NONE' }));
    await apig.send(new PutIntegrationCommand({ restApiId, resourceId, httpMethod: 'GET', type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }));
    await apig.send(new PutMethodResponseCommand({ restApiId, resourceId, httpMethod: 'GET', statusCode: '200' }));
    await apig.send(new PutIntegrationResponseCommand({ restApiId, resourceId, httpMethod: 'GET', statusCode: '200', responseTemplates: { 'application/json': '{"message":"Hello from MOCK"}' } }));
  }
  await apig.send(new UpdateRestApiCommand({ restApiId, patchOperations: [{ op: 'replace', path: '/policy', value: JSON.stringify(policy) }] }));
  await apig.send(new CreateDeploymentCommand({ restApiId, stageName: 'test' }));
  return restApiId;
}

before(async () => {
  gh = await startTestGatehouse();
  apig = apigatewayClient(gh);
  ec2 = ec2Client(gh);
  net = await createPrivateNetwork(ec2);
  instance = await gh.instanceDispatcher(net.instanceId);
  tutorialApi = await privateApi('private-api-tutorial', tutorialPolicy(net.vpceId));
  otherVpceApi = await privateApi('another-endpoint-only', tutorialPolicy(OTHER_VPCE));
  otherVpcApi = await privateApi('another-vpc-only', onlyVpcPolicy);
  policyDir = mkdtempSync(join(tmpdir(), 'gatehouse-explain-'));
  writeFileSync(join(policyDir, 'seed-policy.json'), JSON.stringify(tutorialPolicy(net.vpceId), null, 2));
});

after(async () => {
  apig.destroy();
  ec2.destroy();
  await instance.close();
  await gh.dispose();
});

/** A GET from the instance in the VPC: the status, body and x-amzn-RequestId. */
async function fromInstance(url: string): Promise<{ status: number; text: string; requestId: string }> {
  const res = await fetch(url, { dispatcher: instance } as RequestInit);
  return { status: res.status, text: await res.text(), requestId: res.headers.get('x-amzn-requestid') ?? '' };
}

const urlOf = (apiId: string, path = '/pets'): string => `https://${apiId}.execute-api.us-east-1.amazonaws.com/test${path}`;

function explain(...args: string[]): Promise<Ran> {
  return gatehouse(gh, ['explain', ...args, '--endpoint', gh.url]);
}

/** Asserts each expected text is one of the output's lines, trimmed (so failures show the whole output). */
function assertLines(output: string, expected: string[]): void {
  const lines = output.split('\n').map((l) => l.trim());
  for (const line of expected) assert.ok(lines.includes(line), `missing line:\n  ${line}\nin:\n${output}`);
}

test('explain an allowed request: the request, both policies, the deciding Allow and the Deny whose condition failed', async () => {
  const res = await fromInstance(urlOf(tutorialApi));
  assert.equal(res.status, 200, res.text);
  const ran = await explain(res.requestId);
  assert.equal(ran.code, 0, ran.stderr);
  assert.match(ran.stdout, new RegExp(`^Request ${res.requestId} at \\d{4}-\\d\\d-\\d\\dT`));
  assert.match(ran.stdout, new RegExp(`from instance ${net.instanceId} \\(10\\.0\\.1\\.\\d+\\) in ${net.vpcId}, through VPC endpoint ${net.vpceId}`));
  assertLines(ran.stdout, [
    `GET ${urlOf(tutorialApi)}`,
    `reached API ${tutorialApi}, stage test, resource GET /pets`,
    `resource ARN arn:aws:execute-api:us-east-1:000000000000:${tutorialApi}/test/GET/pets`,
    `1. VPC endpoint policy of ${net.vpceId}: ALLOW`,
    `2. Resource policy of ${tutorialApi}: ALLOW`,
    'Decided by statement 1 (Allow).',
    'statement 0 Deny: does not apply',
    `condition  StringNotEquals aws:sourceVpce: request ${net.vpceId}, policy ${net.vpceId} → false`,
    'statement 1 Allow: applies, and decides',
    `resource   matches         arn:aws:execute-api:us-east-1:000000000000:${tutorialApi}/*`,
    'Answer: 200 (from the MOCK integration)',
  ]);
});

test('explain an explicit deny: the deciding Deny statement and its condition with both values', async () => {
  const res = await fromInstance(urlOf(otherVpceApi));
  assert.equal(res.status, 403);
  const ran = await explain(res.requestId);
  assert.equal(ran.code, 0, ran.stderr);
  assertLines(ran.stdout, [
    `2. Resource policy of ${otherVpceApi}: DENY (explicit deny)`,
    'Decided by statement 0 (Deny).',
    'statement 0 Deny: applies, and decides',
    `condition  StringNotEquals aws:sourceVpce: request ${net.vpceId}, policy ${OTHER_VPCE} → true`,
    'statement 1 Allow: applies, but an explicit deny wins',
    `Answer: 403 AccessDeniedException ${res.text}`,
    `Why: resource policy of ${otherVpceApi}: explicit deny by statement 0: aws:sourceVpce is ${net.vpceId}: satisfies StringNotEquals [${OTHER_VPCE}]`,
  ]);
});

test('explain an implicit deny: no statement allows, and the Allow whose condition failed', async () => {
  const res = await fromInstance(urlOf(otherVpcApi, '/'));
  assert.equal(res.status, 403);
  assert.equal(res.text, `{"Message":"User: anonymous is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:********0000:${otherVpcApi}/test/GET/"}`);
  const ran = await explain(res.requestId);
  assert.equal(ran.code, 0, ran.stderr);
  assertLines(ran.stdout, [
    `2. Resource policy of ${otherVpcApi}: DENY (implicit deny)`,
    'No statement allows this request, so it is denied (implicit deny).',
    'statement 0 (OnlyTheOtherVpc) Allow: does not apply',
    `condition  StringEquals aws:SourceVpc: request ${net.vpcId}, policy vpc-0fffffffffffffff0 → false`,
    `Answer: 403 AccessDeniedException ${res.text}`,
    `Why: resource policy of ${otherVpcApi}: implicit deny: no statement allows this request; statement 0 (OnlyTheOtherVpc) Allow does not apply: condition StringEquals failed: aws:SourceVpc is ${net.vpcId}: does not satisfy StringEquals [vpc-0fffffffffffffff0]`,
  ]);
});

test('explain --json gives the record with each evaluation; a request that never reached a policy says why', async () => {
  const denied = await fromInstance(urlOf(otherVpceApi));
  const ran = await explain(denied.requestId, '--json');
  assert.equal(ran.code, 0, ran.stderr);
  const record = JSON.parse(ran.stdout) as { requestId: string; status: number; errorType: string; reason: string; policies: Array<{ policy: string; decision: string; evaluation: { decidedBy: number; statements: Array<{ conditions: Array<{ key: string; requestValue: string; values: string[]; result: boolean }> }> } }> };
  assert.equal(record.requestId, denied.requestId);
  assert.deepEqual([record.status, record.errorType], [403, 'AccessDeniedException']);
  assert.deepEqual(record.policies.map((p) => [p.policy, p.decision]), [['vpc-endpoint', 'Allow'], ['resource', 'ExplicitDeny']]);
  assert.equal(record.policies[1]!.evaluation.decidedBy, 0);
  assert.deepEqual(record.policies[1]!.evaluation.statements[0]!.conditions[0], { operator: 'StringNotEquals', key: 'aws:sourceVpce', values: [OTHER_VPCE], requestValue: net.vpceId, result: true, note: `aws:sourceVpce is ${net.vpceId}: satisfies StringNotEquals [${OTHER_VPCE}]` });
  assert.match(record.reason, /^resource policy of \w+: explicit deny by statement 0/);

  const unrouted = await fromInstance(urlOf(tutorialApi, '/nowhere'));
  assert.equal(unrouted.status, 403);
  const text = await explain(unrouted.requestId);
  assertLines(text.stdout, ['Answer: 403 MissingAuthenticationTokenException', 'no policy was evaluated: no resource and method of the deployed API match this method and path']);
});

test('explain of an unknown id: a clear message and exit code 1; no id at all: how to find one', async () => {
  const unknown = await explain('00000000-0000-0000-0000-000000000000');
  assert.equal(unknown.code, 1);
  assert.equal(unknown.stdout, '');
  assert.equal(unknown.stderr, 'gatehouse: Gatehouse has no record of request 00000000-0000-0000-0000-000000000000 (it keeps the last 1000 execute-api requests).\n');
  const none = await explain();
  assert.equal(none.code, 1);
  assert.match(none.stderr, /name a request: its x-amzn-RequestId \(`gatehouse explain --last` lists recent ones\)/);
});

test('explain --last N lists the last requests, one line each: time, id, method, URL, status, decision', async () => {
  const allowed = await fromInstance(urlOf(tutorialApi));
  const denied = await fromInstance(urlOf(otherVpcApi));
  const ran = await explain('--last', '2');
  assert.equal(ran.code, 0, ran.stderr);
  const lines = ran.stdout.trimEnd().split('\n');
  assert.equal(lines.length, 2, ran.stdout);
  assert.match(lines[0]!, new RegExp(`^\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z  ${allowed.requestId}  GET     ${urlOf(tutorialApi).replace(/\./g, '\\.')}  200  allowed$`));
  assert.match(lines[1]!, new RegExp(`^\\S+  ${denied.requestId}  GET     ${urlOf(otherVpcApi).replace(/\./g, '\\.')}  403  resource:ImplicitDeny$`));
  const json = await explain('--last', '1', '--json');
  assert.equal((JSON.parse(json.stdout) as { requests: Array<{ requestId: string }> }).requests[0]!.requestId, denied.requestId);

  // --denied: the refused ones alone, however many were allowed since.
  await fromInstance(urlOf(tutorialApi));
  const onlyDenied = await explain('--last', '1', '--denied');
  assert.equal(onlyDenied.code, 0, onlyDenied.stderr);
  assert.match(onlyDenied.stdout, new RegExp(`^\\S+  ${denied.requestId}  GET .* 403  resource:ImplicitDeny\n$`));
  // The same filter on the route, by API.
  const byApi = (await (await fetch(`${gh.url}/_gatehouse/requests?limit=100&api=${otherVpcApi}`)).json()) as { requests: Array<{ apiId: string }> };
  assert.ok(byApi.requests.length > 0 && byApi.requests.every((r) => r.apiId === otherVpcApi));
});

test("policy simulate with the seed's policy file: allowed (exit 0) from the endpoint, API Gateway's exact denial (exit 2) from another", async () => {
  const seed = join(policyDir, 'seed-policy.json');
  const allowed = await gatehouse(gh, ['policy', 'simulate', '--policy', seed, '--api', tutorialApi, '--stage', 'test', '--method', 'GET', '--path', '/pets', '--source-vpce', net.vpceId]);
  assert.equal(allowed.code, 0, allowed.stderr + allowed.stdout);
  assertLines(allowed.stdout, [
    `1. Resource policy of ${tutorialApi}: ALLOW`,
    'Decided by statement 1 (Allow).',
    `condition  StringNotEquals aws:sourceVpce: request ${net.vpceId}, policy ${net.vpceId} → false`,
    "Answer: allowed (API Gateway goes on to the method's integration)",
  ]);

  // The same request through another endpoint: the answer is byte for byte what the gateway sent above.
  const real = await fromInstance(urlOf(otherVpceApi));
  const denied = await gatehouse(gh, ['policy', 'simulate', '--policy', JSON.stringify(tutorialPolicy(OTHER_VPCE)), '--resource', `arn:aws:execute-api:us-east-1:000000000000:${otherVpceApi}/test/GET/pets`, '--source-vpce', net.vpceId, '--source-vpc', net.vpcId]);
  assert.equal(denied.code, 2, denied.stderr);
  assertLines(denied.stdout, [
    'Decided by statement 0 (Deny).',
    `condition  StringNotEquals aws:sourceVpce: request ${net.vpceId}, policy ${OTHER_VPCE} → true`,
    `Answer: 403 AccessDeniedException ${real.text}`,
  ]);

  // No endpoint at all: the key is absent, and a negated operator is true for an absent key.
  const outside = await gatehouse(gh, ['policy', 'simulate', '--policy', seed, '--api', 'abc1234567', '--stage', 'test', '--method', 'GET', '--account', '123456789012', '--source-ip', '203.0.113.9']);
  assert.equal(outside.code, 2);
  assertLines(outside.stdout, [
    `condition  StringNotEquals aws:sourceVpce: request absent, policy ${net.vpceId} → true (a negated operator is true for an absent key)`,
    'Answer: 403 AccessDeniedException {"Message":"User: anonymous is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:********9012:abc1234567/test/GET/ with an explicit deny"}',
  ]);
});

test('policy simulate: an endpoint policy is evaluated first; --json; invalid policies are refused with exit code 1', async () => {
  const endpointPolicy = JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'arn:aws:execute-api:*:*:*/*/GET/*' }] });
  const post = await gatehouse(gh, ['policy', 'simulate', '--policy', JSON.stringify(tutorialPolicy(net.vpceId)), '--endpoint-policy', endpointPolicy, '--api', tutorialApi, '--stage', 'test', '--method', 'POST', '--path', '/pets', '--source-vpce', net.vpceId, '--json']);
  assert.equal(post.code, 2, post.stderr);
  const result = JSON.parse(post.stdout) as { policies: Array<{ policy: string; decision: string }>; answer: { allowed: boolean; status: number; errorType: string } };
  assert.deepEqual(result.policies.map((p) => [p.policy, p.decision]), [['vpc-endpoint', 'ImplicitDeny']]);
  assert.deepEqual([result.answer.allowed, result.answer.status, result.answer.errorType], [false, 403, 'AccessDeniedException']);

  const invalid = await gatehouse(gh, ['policy', 'simulate', '--policy', '{"Statement": [', '--api', tutorialApi, '--stage', 'test', '--method', 'GET']);
  assert.equal(invalid.code, 1);
  assert.match(invalid.stderr, /^gatehouse: --policy: BadRequestException: Invalid policy document\. Please check the policy syntax and ensure that Principals are valid\./);
  const missing = await gatehouse(gh, ['policy', 'simulate', '--policy', join(policyDir, 'nope.json'), '--api', tutorialApi, '--stage', 'test', '--method', 'GET']);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /nope\.json is neither a JSON policy nor a file that can be read \(ENOENT\)/);
});

test('an endpoint policy that refuses: explain shows it first, and the resource policy was never reached', async () => {
  const policy = { Statement: [{ Sid: 'PetsOnly', Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'arn:aws:execute-api:*:*:*/*/GET/pets' }] };
  await ec2.send(new ModifyVpcEndpointCommand({ VpcEndpointId: net.vpceId, PolicyDocument: JSON.stringify(policy) }));
  const res = await fromInstance(urlOf(tutorialApi, '/'));
  assert.equal(res.status, 403);
  const ran = await explain(res.requestId);
  assertLines(ran.stdout, [
    `1. VPC endpoint policy of ${net.vpceId}: DENY (implicit deny)`,
    'statement 0 (PetsOnly) Allow: does not apply',
    'resource   does not match  arn:aws:execute-api:*:*:*/*/GET/pets',
    '(The resource policy was not evaluated: the VPC endpoint policy refused the request first.)',
    `Why: VPC endpoint policy of ${net.vpceId}: implicit deny: no statement allows this request; statement 0 (PetsOnly) Allow does not apply: the resource does not match`,
  ]);
});
