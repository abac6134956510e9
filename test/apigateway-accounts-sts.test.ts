/**
 * Accounts and regions end to end: STS GetCallerIdentity (a 12-digit access key id is the account, anything
 * else the default account 000000000000) and API Gateway state partitioned by account and region, as on AWS.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateRestApiCommand,
  DeleteRestApiCommand,
  GetResourcesCommand,
  GetRestApiCommand,
  GetRestApisCommand,
  UpdateRestApiCommand,
  type APIGatewayClient,
} from '@aws-sdk/client-api-gateway';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { Gatehouse } from '../src/server/gatehouse.js';
import { decodePolicy, keysOf, statusOf } from './support/apigateway.js';
import { ACCOUNT, REGION, apigatewayClient, awsError, raw, sigv4Header, startTestGatehouse, stsClient } from './support/server.js';

const OTHER_ACCOUNT = '111111111111';

let gh: Gatehouse;
const clients: APIGatewayClient[] = [];

before(async () => {
  gh = await startTestGatehouse();
});

after(async () => {
  for (const c of clients) c.destroy();
  await gh.dispose();
});

function apigw(region = REGION, accessKeyId?: string): APIGatewayClient {
  const c = accessKeyId === undefined ? apigatewayClient(gh, region) : apigatewayClient(gh, region, accessKeyId);
  clients.push(c);
  return c;
}

async function callerIdentity(accessKeyId: string, region = REGION) {
  const sts = stsClient(gh, region, accessKeyId);
  try {
    return await sts.send(new GetCallerIdentityCommand({}));
  } finally {
    sts.destroy();
  }
}

describe('STS GetCallerIdentity', () => {
  it('a non-numeric access key id is the default account 000000000000, as its root identity', async () => {
    const id = await callerIdentity('test');
    assert.equal(statusOf(id), 200);
    assert.deepEqual(keysOf(id), ['Account', 'Arn', 'UserId']);
    assert.equal(id.Account, ACCOUNT);
    assert.equal(id.Arn, `arn:aws:iam::${ACCOUNT}:root`);
    assert.equal(id.UserId, ACCOUNT);
    assert.equal((await callerIdentity('AKIAIOSFODNN7EXAMPLE')).Account, ACCOUNT);
  });

  it('a 12-digit access key id is the account', async () => {
    const id = await callerIdentity('123456789012');
    assert.equal(id.Account, '123456789012');
    assert.equal(id.Arn, 'arn:aws:iam::123456789012:root');
    assert.equal(id.UserId, '123456789012');
  });

  it('the account does not depend on the region signed for', async () => {
    assert.equal((await callerIdentity('123456789012', 'eu-west-1')).Account, '123456789012');
    assert.equal((await callerIdentity('test', 'ap-northeast-1')).Account, ACCOUNT);
  });

  it('answers the query protocol in XML, as STS does', async () => {
    const res = await raw(gh, 'POST', '/', {
      headers: { authorization: sigv4Header('sts', REGION, '123456789012'), 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      body: 'Action=GetCallerIdentity&Version=2011-06-15',
    });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /xml/);
    assert.match(res.text, /<GetCallerIdentityResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/">/);
    assert.match(res.text, /<GetCallerIdentityResult>[\s\S]*<Account>123456789012<\/Account>[\s\S]*<\/GetCallerIdentityResult>/);
    assert.match(res.text, /<Arn>arn:aws:iam::123456789012:root<\/Arn>/);
    assert.match(res.text, /<ResponseMetadata>\s*<RequestId>[^<]+<\/RequestId>\s*<\/ResponseMetadata>/);
  });
});

describe('API Gateway state is partitioned by region and account', () => {
  it('an API created in us-east-1 is invisible in eu-west-1', async () => {
    const east = apigw(REGION);
    const west = apigw('eu-west-1');
    const api = await east.send(new CreateRestApiCommand({ name: 'east-only' }));

    assert.deepEqual(await awsError(west.send(new GetRestApiCommand({ restApiId: api.id! }))), {
      name: 'NotFoundException',
      status: 404,
      message: `Invalid API identifier specified ${ACCOUNT}:${api.id}`,
    });
    assert.ok(!((await west.send(new GetRestApisCommand({}))).items ?? []).some((a) => a.id === api.id));
    assert.equal((await awsError(west.send(new GetResourcesCommand({ restApiId: api.id! })))).name, 'NotFoundException');
    assert.equal((await awsError(west.send(new DeleteRestApiCommand({ restApiId: api.id! })))).name, 'NotFoundException');

    // Still there, and whole, in its own region.
    assert.equal((await east.send(new GetRestApiCommand({ restApiId: api.id! }))).name, 'east-only');
    assert.ok(((await east.send(new GetRestApisCommand({}))).items ?? []).some((a) => a.id === api.id));
  });

  it('an API is invisible to another account in the same region, and the 404 names the caller’s account', async () => {
    const mine = apigw(REGION);
    const theirs = apigw(REGION, OTHER_ACCOUNT);
    const api = await mine.send(new CreateRestApiCommand({ name: 'mine' }));

    assert.deepEqual(await awsError(theirs.send(new GetRestApiCommand({ restApiId: api.id! }))), {
      name: 'NotFoundException',
      status: 404,
      message: `Invalid API identifier specified ${OTHER_ACCOUNT}:${api.id}`,
    });
    assert.equal((await awsError(theirs.send(new DeleteRestApiCommand({ restApiId: api.id! })))).name, 'NotFoundException');
    assert.equal((await awsError(theirs.send(new UpdateRestApiCommand({ restApiId: api.id!, patchOperations: [{ op: 'replace', path: '/name', value: 'stolen' }] })))).name, 'NotFoundException');

    const theirApi = await theirs.send(new CreateRestApiCommand({ name: 'theirs' }));
    assert.deepEqual((await theirs.send(new GetRestApisCommand({}))).items?.map((a) => a.id), [theirApi.id]);
    assert.ok(!((await mine.send(new GetRestApisCommand({ limit: 500 }))).items ?? []).some((a) => a.id === theirApi.id));
    assert.equal((await mine.send(new GetRestApiCommand({ restApiId: api.id! }))).name, 'mine');
  });

  it('a policy saved by another account in another region expands to that account and region', async () => {
    const c = apigw('eu-west-1', OTHER_ACCOUNT);
    const api = await c.send(
      new CreateRestApiCommand({
        name: 'expanded',
        endpointConfiguration: { types: ['PRIVATE'] },
        policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/prod/GET/pets' }] }),
      }),
    );
    assert.deepEqual(decodePolicy(api.policy), {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: `arn:aws:execute-api:eu-west-1:${OTHER_ACCOUNT}:${api.id}/prod/GET/pets` }],
    });
  });
});
