/**
 * A Cognito user pool authorizer on the seed tutorial's private API, called from an instance with curl: a user
 * signs in with `aws cognito-idp initiate-auth` (CLI v2) and its id token is accepted, the claims reaching the
 * Lambda proxy event; no token, a malformed one, a 'Bearer' prefix, another pool's token and an access token
 * on a method without scopes are refused (401); a method with authorization scopes takes an access token from
 * the client credentials grant that holds one, and refuses one without it; test-invoke-authorizer.
 */
import { CreateDeploymentCommand, CreateResourceCommand, CreateRestApiCommand, PutIntegrationCommand, PutMethodCommand, type APIGatewayClient } from '@aws-sdk/client-api-gateway';
import { AddPermissionCommand, CreateFunctionCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import type { EC2Client } from '@aws-sdk/client-ec2';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Gatehouse } from '../src/server/gatehouse.js';
import { lambdaClient, ROLE, zipOf } from './support/lambda.js';
import { createPrivateNetwork, curlFromInstance, tutorialPolicy, type PrivateNetwork } from './support/network.js';
import { ACCOUNT, apigatewayClient, awsCli, ec2Client, startTestGatehouse } from './support/server.js';

const ECHO = 'exports.handler = async (event) => ({ statusCode: 200, body: JSON.stringify(event.requestContext.authorizer ?? null) });';

let gh: Gatehouse;
let apig: APIGatewayClient;
let lambda: LambdaClient;
let ec2: EC2Client;
let net: PrivateNetwork;
let apiId: string;
let authorizerId: string;
let poolId: string;
let idToken: string;
let accessToken: string;
let foreignIdToken: string;
let scopedToken: string;
let unscopedToken: string;

const cli = async <T>(...args: string[]): Promise<T> => (await awsCli(gh, ['cognito-idp', ...args])).json as T;

/** A pool with a client for USER_PASSWORD_AUTH and a user `alice` with a permanent password; her tokens. */
async function poolWithUser(name: string): Promise<{ poolId: string; clientId: string; tokens: { IdToken: string; AccessToken: string } }> {
  const pool = (await cli<{ UserPool: { Id: string } }>('create-user-pool', '--pool-name', name)).UserPool.Id;
  const clientId = (await cli<{ UserPoolClient: { ClientId: string } }>('create-user-pool-client', '--user-pool-id', pool, '--client-name', 'web', '--explicit-auth-flows', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH')).UserPoolClient.ClientId;
  await cli('admin-create-user', '--user-pool-id', pool, '--username', 'alice', '--user-attributes', 'Name=email,Value=alice@example.com', 'Name=email_verified,Value=true', '--message-action', 'SUPPRESS');
  await cli('admin-set-user-password', '--user-pool-id', pool, '--username', 'alice', '--password', 'Correct-Horse-9', '--permanent');
  const auth = await cli<{ AuthenticationResult: { IdToken: string; AccessToken: string } }>('initiate-auth', '--client-id', clientId, '--auth-flow', 'USER_PASSWORD_AUTH', '--auth-parameters', 'USERNAME=alice,PASSWORD=Correct-Horse-9');
  return { poolId: pool, clientId, tokens: auth.AuthenticationResult };
}

/** An access token from the client credentials grant, for a client allowed `scopes`. */
async function machineToken(pool: string, scopes: string[]): Promise<string> {
  const client = (await cli<{ UserPoolClient: { ClientId: string; ClientSecret: string } }>(
    'create-user-pool-client', '--user-pool-id', pool, '--client-name', `m2m-${scopes.length}`, '--generate-secret',
    '--allowed-o-auth-flows', 'client_credentials', '--allowed-o-auth-scopes', ...scopes, '--allowed-o-auth-flows-user-pool-client',
  )).UserPoolClient;
  const res = await fetch(`${gh.url}/_aws/cognito-idp/us-east-1/${pool}/oauth2/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: `Basic ${Buffer.from(`${client.ClientId}:${client.ClientSecret}`).toString('base64')}` },
    body: 'grant_type=client_credentials',
  });
  assert.equal(res.status, 200);
  return ((await res.json()) as { access_token: string }).access_token;
}

/** Each request from the instance with curl, to the API's stage `test`, with the token (if any) as Authorization. */
const fromInstance = (requests: Array<{ path: string; token?: string }>) =>
  curlFromInstance(gh, net.instanceId, `${apiId}.execute-api.us-east-1.amazonaws.com`, requests.map((r) => ({ path: `/test${r.path}`, ...(r.token === undefined ? {} : { headers: { Authorization: r.token } }) })));

before(async () => {
  gh = await startTestGatehouse();
  apig = apigatewayClient(gh);
  lambda = lambdaClient(gh);
  ec2 = ec2Client(gh);
  net = await createPrivateNetwork(ec2);
  const mine = await poolWithUser('users');
  poolId = mine.poolId;
  idToken = mine.tokens.IdToken;
  accessToken = mine.tokens.AccessToken;
  foreignIdToken = (await poolWithUser('others')).tokens.IdToken;
  await cli('create-resource-server', '--user-pool-id', poolId, '--identifier', 'orders', '--name', 'orders', '--scopes', 'ScopeName=read,ScopeDescription=Read', 'ScopeName=write,ScopeDescription=Write');
  scopedToken = await machineToken(poolId, ['orders/read']);
  unscopedToken = await machineToken(poolId, ['orders/read', 'orders/write']);
  await lambda.send(new CreateFunctionCommand({ FunctionName: 'echo', Runtime: 'nodejs20.x', Role: ROLE, Handler: 'index.handler', Code: { ZipFile: zipOf({ 'index.js': ECHO }) } }));
  await lambda.send(new AddPermissionCommand({ FunctionName: 'echo', StatementId: 'apigateway', Action: 'lambda:InvokeFunction', Principal: 'apigateway.amazonaws.com' }));
  const api = await apig.send(new CreateRestApiCommand({ name: 'cognito', endpointConfiguration: { types: ['PRIVATE'], vpcEndpointIds: [net.vpceId] }, policy: JSON.stringify(tutorialPolicy(net.vpceId)) }));
  apiId = api.id!;
  authorizerId = ((await awsCli(gh, ['apigateway', 'create-authorizer', '--rest-api-id', apiId, '--name', 'users', '--type', 'COGNITO_USER_POOLS', '--provider-arns', `arn:aws:cognito-idp:us-east-1:${ACCOUNT}:userpool/${poolId}`, '--identity-source', 'method.request.header.Authorization'])).json as { id: string }).id;
  for (const [pathPart, scopes] of [['me', undefined], ['orders', ['orders/write']]] as const) {
    const resource = await apig.send(new CreateResourceCommand({ restApiId: apiId, parentId: api.rootResourceId!, pathPart }));
    await apig.send(new PutMethodCommand({ restApiId: apiId, resourceId: resource.id!, httpMethod: 'GET', authorizationType: 'COGNITO_USER_POOLS', authorizerId, ...(scopes ? { authorizationScopes: [...scopes] } : {}) }));
    await apig.send(new PutIntegrationCommand({ restApiId: apiId, resourceId: resource.id!, httpMethod: 'GET', type: 'AWS_PROXY', integrationHttpMethod: 'POST', uri: `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:${ACCOUNT}:function:echo/invocations` }));
  }
  await apig.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'test' }));
});

after(async () => {
  apig.destroy();
  lambda.destroy();
  ec2.destroy();
  await gh.dispose();
});

const UNAUTHORIZED = { status: 401, body: '{"message":"Unauthorized"}' };

describe('a Cognito user pool authorizer, from an instance through the endpoint', () => {
  it("accepts the signed-in user's id token and hands its claims on, as API Gateway strings them", async () => {
    const [answer] = await fromInstance([{ path: '/me', token: idToken }]);
    assert.equal(answer!.status, 200, answer!.body);
    const { claims } = JSON.parse(answer!.body) as { claims: Record<string, string> };
    assert.equal(claims['cognito:username'], 'alice');
    assert.equal(claims['email'], 'alice@example.com');
    assert.equal(claims['email_verified'], 'true');
    assert.equal(claims['token_use'], 'id');
    assert.equal(claims['iss'], `https://cognito-idp.us-east-1.amazonaws.com/${poolId}`);
    assert.match(claims['exp']!, /^[A-Z][a-z]{2} [A-Z][a-z]{2} \d{2} \d{2}:\d{2}:\d{2} UTC \d{4}$/);
    assert.match(claims['auth_time']!, /^\d+$/);
  });

  it('refuses no token, a malformed one, a Bearer prefix, another pool, an access token where an id token is wanted (401)', async () => {
    const answers = await fromInstance([
      { path: '/me' },
      { path: '/me', token: 'not.a.jwt' },
      { path: '/me', token: `Bearer ${idToken}` },
      { path: '/me', token: foreignIdToken },
      { path: '/me', token: accessToken },
      { path: '/me', token: `${idToken.slice(0, -4)}AAAA` },
    ]);
    assert.deepEqual(answers, Array(6).fill(UNAUTHORIZED));
  });

  it("a method with authorization scopes takes an access token holding one of them, and refuses the rest", async () => {
    const answers = await fromInstance([{ path: '/orders', token: unscopedToken }, { path: '/orders', token: scopedToken }, { path: '/orders', token: idToken }]);
    assert.equal(answers[0]!.status, 200, answers[0]!.body);
    assert.match((JSON.parse(answers[0]!.body) as { claims: Record<string, string> }).claims['scope']!, /orders\/write/);
    assert.deepEqual(answers.slice(1), [UNAUTHORIZED, UNAUTHORIZED]);
  });

  it('test-invoke-authorizer checks an id token and answers its claims (CLI v2)', async () => {
    const ok = (await awsCli(gh, ['apigateway', 'test-invoke-authorizer', '--rest-api-id', apiId, '--authorizer-id', authorizerId, '--headers', `Authorization=${idToken}`])).json as { clientStatus: number; claims: Record<string, string> };
    assert.equal(ok.clientStatus, 200);
    assert.equal(ok.claims['cognito:username'], 'alice');
    const refused = (await awsCli(gh, ['apigateway', 'test-invoke-authorizer', '--rest-api-id', apiId, '--authorizer-id', authorizerId, '--headers', `Authorization=${foreignIdToken}`])).json as { clientStatus: number };
    assert.equal(refused.clientStatus, 401);
  });
});
