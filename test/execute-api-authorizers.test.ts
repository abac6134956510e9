/**
 * Lambda authorizers (TOKEN and REQUEST) on the seed tutorial's private API, called from an instance through
 * the interface endpoint with curl: no token, a token failing the validation expression, the function's
 * `Unauthorized`, a Deny, an implicit deny, garbage output, a missing permission, an Allow whose context reaches
 * the Lambda proxy event; caching (called once within the TTL, again after FlushStageAuthorizersCache); the AWS
 * CLI v2 for create-authorizer, test-invoke-authorizer and flush-stage-authorizers-cache; `gatehouse explain`.
 */
import { CreateDeploymentCommand, CreateResourceCommand, CreateRestApiCommand, DeleteAuthorizerCommand, GetAuthorizersCommand, GetResourcesCommand, PutIntegrationCommand, PutMethodCommand, type APIGatewayClient } from '@aws-sdk/client-api-gateway';
import { AddPermissionCommand, CreateFunctionCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import type { EC2Client } from '@aws-sdk/client-ec2';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Gatehouse } from '../src/server/gatehouse.js';
import { lambdaClient, ROLE, zipOf } from './support/lambda.js';
import { createPrivateNetwork, curlFromInstance, execOn, gatehouse, type PrivateNetwork } from './support/network.js';
import { ACCOUNT, apigatewayClient, awsCli, awsCliError, awsCliText, ec2Client, expectError, startTestGatehouse } from './support/server.js';

/** A TOKEN authorizer: its answer is named by the token. It counts its calls, so a cached answer shows the old count. */
const TOKEN_AUTHORIZER = `
let calls = 0;
exports.handler = async (event) => {
  calls += 1;
  const token = event.authorizationToken;
  const policy = (effect, resource) => ({ Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: effect, Resource: resource }] });
  if (token === 'unauthorized') throw new Error('Unauthorized');
  if (token === 'crash') throw new Error('boom');
  if (token === 'garbage') return { statusCode: 200, body: 'hello' };
  if (token === 'nested') return { principalId: 'u', policyDocument: policy('Allow', event.methodArn), context: { deep: { a: 1 } } };
  if (token === 'deny') return { principalId: 'mallory', policyDocument: policy('Deny', event.methodArn) };
  if (token === 'elsewhere') return { principalId: 'eve', policyDocument: policy('Allow', event.methodArn.replace(/\\/[A-Z]+\\/.*$/, '/GET/elsewhere')) };
  return { principalId: 'alice', policyDocument: policy('Allow', event.methodArn), context: { user: 'alice', n: 7, admin: true, none: null, calls, methodArn: event.methodArn, type: event.type } };
};`;

/** A REQUEST authorizer in Python: allows team=blue, and hands on what it saw. */
const REQUEST_AUTHORIZER = `
def handler(event, context):
    team = (event.get('queryStringParameters') or {}).get('team')
    user = (event.get('headers') or {}).get('X-User')
    effect = 'Allow' if team == 'blue' else 'Deny'
    return {
        'principalId': user,
        'policyDocument': {'Version': '2012-10-17', 'Statement': [{'Action': 'execute-api:Invoke', 'Effect': effect, 'Resource': event['methodArn']}]},
        'context': {'team': team, 'eventType': event['type'], 'path': event['path'], 'stage': event['requestContext']['stage']},
    }
`;

const ECHO = 'exports.handler = async (event) => ({ statusCode: 200, body: JSON.stringify({ authorizer: event.requestContext.authorizer ?? null, path: event.path }) });';

let gh: Gatehouse;
let apig: APIGatewayClient;
let lambda: LambdaClient;
let ec2: EC2Client;
let net: PrivateNetwork;
let apiId: string;
let tokenAuthorizerId: string;
let host: string;

const fnArn = (name: string) => `arn:aws:lambda:us-east-1:${ACCOUNT}:function:${name}`;
const uriOf = (name: string) => `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${fnArn(name)}/invocations`;

/** Each request from the instance with curl, to the API under test's stage `test`. */
const fromInstance = (requests: Array<{ path: string; headers?: Record<string, string> }>) => curlFromInstance(gh, net.instanceId, host, requests.map((r) => ({ ...r, path: `/test${r.path}` })));

before(async () => {
  gh = await startTestGatehouse();
  apig = apigatewayClient(gh);
  lambda = lambdaClient(gh);
  ec2 = ec2Client(gh);
  net = await createPrivateNetwork(ec2);
  await lambda.send(new CreateFunctionCommand({ FunctionName: 'token-auth', Runtime: 'nodejs20.x', Role: ROLE, Handler: 'index.handler', Code: { ZipFile: zipOf({ 'index.js': TOKEN_AUTHORIZER }) } }));
  await lambda.send(new CreateFunctionCommand({ FunctionName: 'request-auth', Runtime: 'python3.12', Role: ROLE, Handler: 'app.handler', Code: { ZipFile: zipOf({ 'app.py': REQUEST_AUTHORIZER }) } }));
  await lambda.send(new CreateFunctionCommand({ FunctionName: 'echo', Runtime: 'nodejs20.x', Role: ROLE, Handler: 'index.handler', Code: { ZipFile: zipOf({ 'index.js': ECHO }) } }));
  await lambda.send(new AddPermissionCommand({ FunctionName: 'echo', StatementId: 'apigateway', Action: 'lambda:InvokeFunction', Principal: 'apigateway.amazonaws.com' }));
  // The resource policy admits only GET /open from the endpoint, so a guarded method needs the authorizer's Allow (Table A).
  const policy = {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*', Condition: { StringNotEquals: { 'aws:SourceVpce': net.vpceId } } },
      { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*/GET/open' },
    ],
  };
  const api = await apig.send(new CreateRestApiCommand({ name: 'authorized', endpointConfiguration: { types: ['PRIVATE'], vpcEndpointIds: [net.vpceId] }, policy: JSON.stringify(policy) }));
  apiId = api.id!;
  host = `${apiId}.execute-api.us-east-1.amazonaws.com`;
  // The CLI v2 creates the TOKEN authorizer, as the developer guide does it.
  const created = (await awsCli(gh, [
    'apigateway', 'create-authorizer', '--rest-api-id', apiId, '--name', 'tokens', '--type', 'TOKEN',
    '--authorizer-uri', uriOf('token-auth'), '--identity-source', 'method.request.header.Authorization',
    '--identity-validation-expression', '^[a-z]+$',
  ])).json as { id: string; authorizerResultTtlInSeconds: number; type: string };
  assert.equal(created.type, 'TOKEN');
  assert.equal(created.authorizerResultTtlInSeconds, 300);
  tokenAuthorizerId = created.id;
  const requestAuthorizer = (await awsCli(gh, [
    'apigateway', 'create-authorizer', '--rest-api-id', apiId, '--name', 'teams', '--type', 'REQUEST',
    '--authorizer-uri', uriOf('request-auth'), '--identity-source', 'method.request.header.X-User, method.request.querystring.team',
    '--authorizer-result-ttl-in-seconds', '0',
  ])).json as { id: string };
  await lambda.send(new AddPermissionCommand({ FunctionName: 'token-auth', StatementId: 'authorizer', Action: 'lambda:InvokeFunction', Principal: 'apigateway.amazonaws.com', SourceArn: `arn:aws:execute-api:us-east-1:${ACCOUNT}:${apiId}/authorizers/${tokenAuthorizerId}` }));
  await lambda.send(new AddPermissionCommand({ FunctionName: 'request-auth', StatementId: 'authorizer', Action: 'lambda:InvokeFunction', Principal: 'apigateway.amazonaws.com', SourceArn: `arn:aws:execute-api:us-east-1:${ACCOUNT}:${apiId}/authorizers/*` }));
  // An authorizer whose function API Gateway may not call.
  const unpermitted = (await awsCli(gh, ['apigateway', 'create-authorizer', '--rest-api-id', apiId, '--name', 'unpermitted', '--type', 'TOKEN', '--authorizer-uri', uriOf('echo'), '--identity-source', 'method.request.header.Authorization'])).json as { id: string };
  const routes: Array<[string, string, string | undefined]> = [['guarded', 'CUSTOM', tokenAuthorizerId], ['teams', 'CUSTOM', requestAuthorizer.id], ['open', 'NONE', undefined], ['elsewhere', 'CUSTOM', tokenAuthorizerId], ['unpermitted', 'CUSTOM', unpermitted.id]];
  for (const [pathPart, authorizationType, authorizerId] of routes) {
    const resource = await apig.send(new CreateResourceCommand({ restApiId: apiId, parentId: api.rootResourceId!, pathPart }));
    await apig.send(new PutMethodCommand({ restApiId: apiId, resourceId: resource.id!, httpMethod: 'GET', authorizationType, authorizerId }));
    await apig.send(new PutIntegrationCommand({ restApiId: apiId, resourceId: resource.id!, httpMethod: 'GET', type: 'AWS_PROXY', integrationHttpMethod: 'POST', uri: uriOf('echo') }));
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
const CONFIGURATION_ERROR = { status: 500, body: '{"message":null}' };

describe('a TOKEN authorizer, from an instance through the endpoint', () => {
  it('answers 401 without calling the function for a missing token or one failing the validation expression, and for its Unauthorized', async () => {
    const answers = await fromInstance([{ path: '/guarded' }, { path: '/guarded', headers: { Authorization: 'Bearer 123' } }, { path: '/guarded', headers: { Authorization: 'unauthorized' } }]);
    assert.deepEqual(answers, [UNAUTHORIZED, UNAUTHORIZED, UNAUTHORIZED]);
  });

  it('takes a huge token as any other: 401 when it fails the expression, and a header block past the limit is refused before the pipeline', async () => {
    const answers = await fromInstance([{ path: '/guarded', headers: { Authorization: 'a'.repeat(6000) + '1' } }, { path: '/guarded', headers: { Authorization: 'a'.repeat(40_000) } }]);
    assert.deepEqual(answers[0], UNAUTHORIZED);
    assert.equal(answers[1]!.status, 431);
  });

  it("answers 403 with AWS's words for a Deny and for a policy that does not cover the method", async () => {
    const answers = await fromInstance([{ path: '/guarded', headers: { Authorization: 'deny' } }, { path: '/guarded', headers: { Authorization: 'elsewhere' } }]);
    assert.deepEqual(answers, [
      { status: 403, body: '{"Message":"User is not authorized to access this resource with an explicit deny"}' },
      { status: 403, body: '{"Message":"User is not authorized to access this resource"}' },
    ]);
  });

  it('answers 500 with a null message for a crash, an answer that is not an authorizer output, a nested context, and a function API Gateway may not call', async () => {
    const answers = await fromInstance([
      { path: '/guarded', headers: { Authorization: 'crash' } },
      { path: '/guarded', headers: { Authorization: 'garbage' } },
      { path: '/guarded', headers: { Authorization: 'nested' } },
      { path: '/unpermitted', headers: { Authorization: 'allow' } },
    ]);
    assert.deepEqual(answers, [CONFIGURATION_ERROR, CONFIGURATION_ERROR, CONFIGURATION_ERROR, CONFIGURATION_ERROR]);
  });

  it('hands its principal and context, stringified, to the Lambda proxy event; caches the answer for the TTL and calls again after a flush', async () => {
    const [first, second] = await fromInstance([{ path: '/guarded', headers: { Authorization: 'allow' } }, { path: '/guarded', headers: { Authorization: 'allow' } }]);
    assert.equal(first!.status, 200, first!.body);
    const event = JSON.parse(first!.body) as { authorizer: Record<string, unknown> };
    const { calls, integrationLatency, ...rest } = event.authorizer;
    assert.deepEqual(rest, { user: 'alice', n: '7', admin: 'true', none: null, methodArn: `arn:aws:execute-api:us-east-1:${ACCOUNT}:${apiId}/test/GET/guarded`, type: 'TOKEN', principalId: 'alice' });
    assert.equal(typeof integrationLatency, 'number');
    assert.deepEqual(Object.keys(event.authorizer).slice(-2), ['principalId', 'integrationLatency']);
    // The second request was answered from the cache: the same call count, no latency.
    const cached = (JSON.parse(second!.body) as { authorizer: Record<string, unknown> }).authorizer;
    assert.equal(cached['calls'], calls);
    assert.equal(cached['integrationLatency'], 0);
    // The cached policy names /guarded only: on another method it denies, as AWS documents.
    const [other] = await fromInstance([{ path: '/elsewhere', headers: { Authorization: 'allow' } }]);
    assert.deepEqual(other, { status: 403, body: '{"Message":"User is not authorized to access this resource"}' });
    await awsCli(gh, ['apigateway', 'flush-stage-authorizers-cache', '--rest-api-id', apiId, '--stage-name', 'test']);
    const [after] = await fromInstance([{ path: '/guarded', headers: { Authorization: 'allow' } }]);
    assert.equal((JSON.parse(after!.body) as { authorizer: Record<string, unknown> }).authorizer['calls'], String(Number(calls) + 1));
  });

  it('is explained: which authorizer, what it did, and the policies combined by Table A', async () => {
    await awsCli(gh, ['apigateway', 'flush-stage-authorizers-cache', '--rest-api-id', apiId, '--stage-name', 'test']);
    const [allowed] = await fromInstance([{ path: '/guarded', headers: { Authorization: 'allow' } }]);
    assert.equal(allowed!.status, 200);
    const last = await gatehouse(gh, ['explain', '--last', '1']);
    assert.equal(last.code, 0, last.stderr);
    assert.match(last.stdout, /\/test\/guarded {2}200 {2}allowed\n$/);
    const requestId = last.stdout.split(/\s+/)[1]!;
    const ran = await gatehouse(gh, ['explain', requestId]);
    assert.equal(ran.code, 0, ran.stderr);
    assert.match(ran.stdout, /Authorization CUSTOM: its policy and the resource policy combine as AWS's Table A/);
    assert.match(ran.stdout, new RegExp(`TOKEN authorizer tokens \\(${tokenAuthorizerId}\\): answered, in \\d+ ms, principal alice`));
    assert.match(ran.stdout, /\d\. Resource policy of \w+: NEITHER \(no statement allows or denies; the table decides\)/);
    assert.match(ran.stdout, /\d\. Policy returned by authorizer of \w+: ALLOW/);
    // A refused request says which authorizer refused and why.
    const [refused] = await fromInstance([{ path: '/guarded', headers: { Authorization: 'Bearer x' } }]);
    assert.deepEqual(refused, UNAUTHORIZED);
    const denied = await gatehouse(gh, ['explain', '--last', '1']);
    assert.match(denied.stdout, /401 {2}authorizer:not-called\n$/);
    // `--denied` lists an authorizer's 401 with the policies' 403s.
    const deniedOnly = await gatehouse(gh, ['explain', '--last', '1', '--denied']);
    assert.equal(deniedOnly.stdout, denied.stdout);
    const why = await gatehouse(gh, ['explain', denied.stdout.split(/\s+/)[1]!]);
    assert.match(why.stdout, /Why: authorizer tokens \(\w+\): the token does not match the identity validation expression, so the authorizer was not called/);
  });
});

describe('a REQUEST authorizer (Python)', () => {
  it('needs every identity source; allows team=blue with its context, denies the rest', async () => {
    const answers = await fromInstance([
      { path: '/teams?team=blue' },
      { path: '/teams?team=blue', headers: { 'X-User': 'bob' } },
      { path: '/teams?team=red', headers: { 'X-User': 'bob' } },
    ]);
    assert.deepEqual(answers[0], UNAUTHORIZED);
    assert.equal(answers[1]!.status, 200, answers[1]!.body);
    const { integrationLatency: _l, ...authorizer } = (JSON.parse(answers[1]!.body) as { authorizer: Record<string, unknown> }).authorizer;
    assert.deepEqual(authorizer, { team: 'blue', eventType: 'REQUEST', path: '/teams', stage: 'test', principalId: 'bob' });
    assert.deepEqual(answers[2], { status: 403, body: '{"Message":"User is not authorized to access this resource with an explicit deny"}' });
  });
});

describe('CloudFormation', () => {
  it('deploys a stack with a Lambda authorizer calling its function as a role (authorizerCredentials), a user pool, its client and a Cognito authorizer (CLI v2 cloudformation deploy)', async () => {
    const template = {
      Resources: {
        AuthFunction: { Type: 'AWS::Lambda::Function', Properties: { Runtime: 'nodejs20.x', Handler: 'index.handler', Role: ROLE, Code: { ZipFile: "exports.handler = async (e) => ({ principalId: 'stack', policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: e.authorizationToken === 'ok' ? 'Allow' : 'Deny', Resource: e.methodArn }] }, context: { via: 'role' } });" } } },
        InvokeRole: {
          Type: 'AWS::IAM::Role',
          Properties: {
            AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'apigateway.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
            Policies: [{ PolicyName: 'invoke', PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: { 'Fn::GetAtt': ['AuthFunction', 'Arn'] } }] } }],
          },
        },
        Api: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'stack-authorized', EndpointConfiguration: { Types: ['PRIVATE'], VpcEndpointIds: [net.vpceId] }, Policy: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*', Condition: { StringNotEquals: { 'aws:SourceVpce': net.vpceId } } }, { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*/GET/me' }] } } },
        Authorizer: { Type: 'AWS::ApiGateway::Authorizer', Properties: { RestApiId: { Ref: 'Api' }, Name: 'stack-tokens', Type: 'TOKEN', IdentitySource: 'method.request.header.Authorization', AuthorizerCredentials: { 'Fn::GetAtt': ['InvokeRole', 'Arn'] }, AuthorizerUri: { 'Fn::Sub': 'arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${AuthFunction.Arn}/invocations' } } },
        Method: { Type: 'AWS::ApiGateway::Method', Properties: { RestApiId: { Ref: 'Api' }, ResourceId: { 'Fn::GetAtt': ['Api', 'RootResourceId'] }, HttpMethod: 'GET', AuthorizationType: 'CUSTOM', AuthorizerId: { Ref: 'Authorizer' }, Integration: { Type: 'MOCK', RequestTemplates: { 'application/json': '{"statusCode": 200}' }, IntegrationResponses: [{ StatusCode: '200', ResponseTemplates: { 'application/json': '{"via":"$context.authorizer.via","principal":"$context.authorizer.principalId"}' } }] }, MethodResponses: [{ StatusCode: '200' }] } },
        Users: { Type: 'AWS::Cognito::UserPool', Properties: { UserPoolName: 'stack-users' } },
        UsersClient: { Type: 'AWS::Cognito::UserPoolClient', Properties: { UserPoolId: { Ref: 'Users' }, ExplicitAuthFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] } },
        UsersAuthorizer: { Type: 'AWS::ApiGateway::Authorizer', Properties: { RestApiId: { Ref: 'Api' }, Name: 'stack-users', Type: 'COGNITO_USER_POOLS', IdentitySource: 'method.request.header.Authorization', ProviderARNs: [{ 'Fn::GetAtt': ['Users', 'Arn'] }] } },
        Me: { Type: 'AWS::ApiGateway::Resource', Properties: { RestApiId: { Ref: 'Api' }, ParentId: { 'Fn::GetAtt': ['Api', 'RootResourceId'] }, PathPart: 'me' } },
        MeMethod: { Type: 'AWS::ApiGateway::Method', Properties: { RestApiId: { Ref: 'Api' }, ResourceId: { Ref: 'Me' }, HttpMethod: 'GET', AuthorizationType: 'COGNITO_USER_POOLS', AuthorizerId: { Ref: 'UsersAuthorizer' }, Integration: { Type: 'MOCK', RequestTemplates: { 'application/json': '{"statusCode": 200}' }, IntegrationResponses: [{ StatusCode: '200', ResponseTemplates: { 'application/json': '{"user":"$context.authorizer.claims[\'cognito:username\']"}' } }] }, MethodResponses: [{ StatusCode: '200' }] } },
        Deployment: { Type: 'AWS::ApiGateway::Deployment', DependsOn: ['Method', 'MeMethod'], Properties: { RestApiId: { Ref: 'Api' }, StageName: 'test' } },
      },
      Outputs: { ApiId: { Value: { Ref: 'Api' } }, PoolId: { Value: { Ref: 'Users' } }, ClientId: { Value: { Ref: 'UsersClient' } } },
    };
    const file = join(mkdtempSync(join(tmpdir(), 'gatehouse-authorizer-stack-')), 'template.json');
    writeFileSync(file, JSON.stringify(template));
    await awsCliText(gh, ['cloudformation', 'deploy', '--stack-name', 'authorized', '--template-file', file, '--capabilities', 'CAPABILITY_IAM']);
    const stack = (await awsCli(gh, ['cloudformation', 'describe-stacks', '--stack-name', 'authorized'])).json as { Stacks: Array<{ Outputs: Array<{ OutputKey: string; OutputValue: string }> }> };
    const output = (key: string): string => stack.Stacks[0]!.Outputs.find((o) => o.OutputKey === key)!.OutputValue;
    const stackApi = output('ApiId');
    // A user of the stack's pool signs in (CLI v2), for the Cognito-guarded method.
    await awsCli(gh, ['cognito-idp', 'admin-create-user', '--user-pool-id', output('PoolId'), '--username', 'carol', '--message-action', 'SUPPRESS']);
    await awsCli(gh, ['cognito-idp', 'admin-set-user-password', '--user-pool-id', output('PoolId'), '--username', 'carol', '--password', 'Correct-Horse-9', '--permanent']);
    const signedIn = (await awsCli(gh, ['cognito-idp', 'admin-initiate-auth', '--user-pool-id', output('PoolId'), '--client-id', output('ClientId'), '--auth-flow', 'ADMIN_USER_PASSWORD_AUTH', '--auth-parameters', 'USERNAME=carol,PASSWORD=Correct-Horse-9'])).json as { AuthenticationResult: { IdToken: string } };
    const base = `https://${stackApi}.execute-api.us-east-1.amazonaws.com/test`;
    const ran = await execOn(gh, net.instanceId, ['sh', '-c', `curl -s -H 'Authorization: ok' ${base}/; echo; curl -s -H 'Authorization: no' ${base}/; echo; curl -s -H 'Authorization: ${signedIn.AuthenticationResult.IdToken}' ${base}/me; echo; curl -s ${base}/me`]);
    assert.equal(ran.stdout, '{"via":"role","principal":"stack"}\n{"Message":"User is not authorized to access this resource with an explicit deny"}\n{"user":"carol"}\n{"message":"Unauthorized"}');
    await awsCliText(gh, ['cloudformation', 'delete-stack', '--stack-name', 'authorized']);
  });
});

describe('the control plane', () => {
  it('test-invoke-authorizer runs the function on the given request (CLI v2)', async () => {
    const allowed = (await awsCli(gh, ['apigateway', 'test-invoke-authorizer', '--rest-api-id', apiId, '--authorizer-id', tokenAuthorizerId, '--headers', 'Authorization=allow'])).json as { clientStatus: number; principalId: string; policy: string; log: string };
    assert.equal(allowed.clientStatus, 200);
    assert.equal(allowed.principalId, 'alice');
    assert.deepEqual(JSON.parse(allowed.policy).Statement[0].Resource, `arn:aws:execute-api:us-east-1:${ACCOUNT}:${apiId}/ESTestInvoke-stage/GET/`);
    assert.match(allowed.log, /Starting authorizer/);
    const refused = (await awsCli(gh, ['apigateway', 'test-invoke-authorizer', '--rest-api-id', apiId, '--authorizer-id', tokenAuthorizerId, '--headers', 'Authorization=unauthorized'])).json as { clientStatus: number };
    assert.equal(refused.clientStatus, 401);
  });

  it('refuses CUSTOM without a valid authorizer, a bad token source, and deleting an authorizer a method uses', async () => {
    const root = (await apig.send(new GetAuthorizersCommand({ restApiId: apiId }))).items!;
    assert.equal(root.length, 3);
    const bad = await awsCliError(gh, ['apigateway', 'create-authorizer', '--rest-api-id', apiId, '--name', 'bad', '--type', 'TOKEN', '--authorizer-uri', uriOf('token-auth'), '--identity-source', 'method.request.querystring.token']);
    assert.match(bad.stderr, /BadRequestException.*Invalid token source expression: method\.request\.querystring\.token\. The source must be a method request header, matching 'method\.request\.header\.\[a-zA-Z0-9\._-\]\+'\./);
    const rootId = (await apig.send(new GetResourcesCommand({ restApiId: apiId }))).items!.find((r) => r.path === '/')!.id!;
    const spare = await apig.send(new CreateResourceCommand({ restApiId: apiId, parentId: rootId, pathPart: 'spare' }));
    const message = 'Invalid authorizer ID specified. Setting the authorization type to CUSTOM or COGNITO_USER_POOLS requires a valid authorizer.';
    await expectError(apig.send(new PutMethodCommand({ restApiId: apiId, resourceId: spare.id!, httpMethod: 'GET', authorizationType: 'CUSTOM' })), 'BadRequestException', 400, message);
    await expectError(apig.send(new PutMethodCommand({ restApiId: apiId, resourceId: spare.id!, httpMethod: 'GET', authorizationType: 'COGNITO_USER_POOLS', authorizerId: tokenAuthorizerId })), 'BadRequestException', 400, message);
    await expectError(apig.send(new DeleteAuthorizerCommand({ restApiId: apiId, authorizerId: tokenAuthorizerId })), 'ConflictException', 409, "Cannot delete authorizer 'tokens', is referenced in method: GET /guarded");
    await expectError(apig.send(new GetAuthorizersCommand({ restApiId: 'nosuchapi0' })), 'NotFoundException', 404, `Invalid API identifier specified ${ACCOUNT}:nosuchapi0`);
  });
});
