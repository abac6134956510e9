/**
 * `--strict-auth` end to end with SDK v3 and the AWS CLI v2: test/test accepted, a wrong secret or an unknown
 * key refused in AWS's words, an unsigned request refused, an issued user key accepted and signing as the
 * user in every protocol family, then the same key refused once inactive and once deleted (query: STS/IAM,
 * EC2, JSON: ECR, rest-json: API Gateway, rest-xml: S3); the console's same-origin requests still work.
 */
import {
  APIGatewayClient,
  CreateDeploymentCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  GetRestApisCommand,
  PutIntegrationCommand,
  PutIntegrationResponseCommand,
  PutMethodCommand,
  PutMethodResponseCommand,
} from '@aws-sdk/client-api-gateway';
import { DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { DescribeRepositoriesCommand, ECRClient } from '@aws-sdk/client-ecr';
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import { signedRequest } from '../src/gateway/test-support/sigv4-sign.js';
import type { Gatehouse } from '../src/server/gatehouse.js';
import { launchConsoleBrowser } from './support/browser.js';
import { ACCOUNT, awsCli, awsError, expectError, raw, REGION, startTestGatehouse } from './support/server.js';

const run = promisify(execFile);
let gh: Gatehouse;

before(async () => {
  gh = await startTestGatehouse({ strictAuth: true });
});
after(() => gh.dispose());

interface Keys {
  accessKeyId: string;
  secretAccessKey: string;
}
const TEST: Keys = { accessKeyId: 'test', secretAccessKey: 'test' };
const SIGNATURE_MISMATCH = 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';
const INVALID_TOKEN = 'The security token included in the request is invalid.';

const config = (keys: Keys, extra: object = {}) => ({ endpoint: gh.url, region: REGION, credentials: keys, maxAttempts: 1, ...extra });
const whoAmI = (keys: Keys, extra: object = {}) => new STSClient(config(keys, extra)).send(new GetCallerIdentityCommand({}));

/** The AWS CLI v2 with these keys; its stderr when it fails, else its JSON. */
async function cli(args: string[], keys: Keys): Promise<{ json?: unknown; stderr?: string }> {
  const env = { ...process.env, AWS_ACCESS_KEY_ID: keys.accessKeyId, AWS_SECRET_ACCESS_KEY: keys.secretAccessKey, AWS_EC2_METADATA_DISABLED: 'true', AWS_PAGER: '', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' };
  try {
    const { stdout } = await run('/usr/bin/aws', ['--endpoint-url', gh.url, '--region', REGION, '--output', 'json', ...args], { env });
    return { json: JSON.parse(stdout) };
  } catch (e) {
    return { stderr: (e as { stderr: string }).stderr.trim() };
  }
}

test('test/test is accepted; a wrong secret is refused with SignatureDoesNotMatch (SDK v3 and CLI v2)', async () => {
  assert.equal((await whoAmI(TEST)).Arn, `arn:aws:iam::${ACCOUNT}:root`);
  await expectError(whoAmI({ accessKeyId: 'test', secretAccessKey: 'wrong' }), 'SignatureDoesNotMatch', 403, SIGNATURE_MISMATCH);
  assert.equal((await cli(['sts', 'get-caller-identity'], { accessKeyId: 'test', secretAccessKey: 'wrong' })).stderr, `An error occurred (SignatureDoesNotMatch) when calling the GetCallerIdentity operation: ${SIGNATURE_MISMATCH}`);
  await expectError(new APIGatewayClient(config({ accessKeyId: 'test', secretAccessKey: 'wrong' })).send(new GetRestApisCommand({})), 'InvalidSignatureException', 403, SIGNATURE_MISMATCH);
  await expectError(new ECRClient(config({ accessKeyId: 'test', secretAccessKey: 'wrong' })).send(new DescribeRepositoriesCommand({})), 'InvalidSignatureException', 400, SIGNATURE_MISMATCH);
  const s3 = await awsError(new S3Client(config({ accessKeyId: 'test', secretAccessKey: 'wrong' }, { forcePathStyle: true })).send(new ListBucketsCommand({})));
  assert.deepEqual([s3.name, s3.status], ['SignatureDoesNotMatch', 403]);
});

test('a key Gatehouse does not know is refused; so is an unsigned request; a request signed 20 minutes late', async () => {
  const stranger = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
  await expectError(whoAmI(stranger), 'InvalidClientTokenId', 403, INVALID_TOKEN);
  await expectError(new ECRClient(config(stranger)).send(new DescribeRepositoriesCommand({})), 'UnrecognizedClientException', 400, INVALID_TOKEN);
  const unsigned = await raw(gh, 'POST', '/', { headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'Action=GetCallerIdentity&Version=2011-06-15' });
  assert.equal(unsigned.status, 403);
  assert.match(unsigned.text, /<Code>MissingAuthenticationToken<\/Code>\s*<Message>Request is missing Authentication Token<\/Message>/);
  const late = await awsError(whoAmI(TEST, { systemClockOffset: -20 * 60 * 1000 }));
  assert.equal(late.name, 'SignatureDoesNotMatch');
  assert.match(late.message, /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 15 min\.\)$/);
});

test('operations AWS serves unsigned (Cognito\'s InitiateAuth) pass unsigned; the others do not', async () => {
  const cognito = (operation: string, body: object) =>
    raw(gh, 'POST', '/', { headers: { 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': `AWSCognitoIdentityProviderService.${operation}` }, body: JSON.stringify(body) });
  const initiate = await cognito('InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: 'nosuchclient1234567890abcd', AuthParameters: { USERNAME: 'a', PASSWORD: 'b' } });
  assert.notEqual(JSON.parse(initiate.text).__type, 'MissingAuthenticationTokenException', initiate.text);
  const list = await cognito('ListUserPools', { MaxResults: 10 });
  assert.equal(list.status, 400);
  assert.deepEqual(JSON.parse(list.text), { __type: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' });
});

test('the console: its same-origin requests are accepted without a signature', async () => {
  const headers = { Authorization: `AWS4-HMAC-SHA256 Credential=test/20260101/${REGION}/apigateway/aws4_request, SignedHeaders=host, Signature=0`, 'Sec-Fetch-Site': 'same-origin', Accept: 'application/json' };
  assert.equal((await raw(gh, 'GET', '/restapis', { headers })).status, 200);
  const { 'Sec-Fetch-Site': _, ...fromAProgram } = headers;
  const refused = await raw(gh, 'GET', '/restapis', { headers: fromAProgram });
  assert.equal(refused.status, 403);
  assert.equal(refused.headers.get('x-amzn-errortype'), 'MissingAuthenticationTokenException');
});

test('the console in a browser: its calls in every protocol family are accepted', async () => {
  const { browser, page } = await launchConsoleBrowser();
  try {
    await page.goto(gh.consoleUrl);
    // The console's own way of calling (console-ui/src/aws.ts): a scope-only Authorization header for `test`.
    const statuses = await page.evaluate(async (region) => {
      const auth = (service: string) => `AWS4-HMAC-SHA256 Credential=test/20260101/${region}/${service}/aws4_request, SignedHeaders=host, Signature=0`;
      const form = 'application/x-www-form-urlencoded; charset=utf-8';
      const calls: Array<[string, RequestInit & { url: string }]> = [
        ['rest-json', { url: '/restapis', headers: { Authorization: auth('apigateway'), Accept: 'application/json' } }],
        ['json', { url: '/', method: 'POST', headers: { Authorization: auth('ecr'), 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': 'AmazonEC2ContainerRegistry_V20150921.DescribeRepositories' }, body: '{}' }],
        ['ec2', { url: '/', method: 'POST', headers: { Authorization: auth('ec2'), 'Content-Type': form }, body: 'Action=DescribeVpcs&Version=2016-11-15' }],
        ['query', { url: '/', method: 'POST', headers: { Authorization: auth('cloudformation'), 'Content-Type': form }, body: 'Action=ListStacks&Version=2010-05-15' }],
        ['rest-xml', { url: '/', headers: { Authorization: auth('s3'), 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } }],
      ];
      const out: Record<string, number> = {};
      for (const [family, { url, ...init }] of calls) out[family] = (await fetch(url, init)).status;
      return out;
    }, REGION);
    assert.deepEqual(statuses, { 'rest-json': 200, json: 200, ec2: 200, query: 200, 'rest-xml': 200 });
  } finally {
    await browser.close();
  }
});

test('an issued user key signs as the user in every family; inactive, then deleted, it is refused in each', async () => {
  await awsCli(gh, ['iam', 'create-user', '--user-name', 'alice']);
  const created = ((await awsCli(gh, ['iam', 'create-access-key', '--user-name', 'alice'])).json as { AccessKey: { AccessKeyId: string; SecretAccessKey: string } }).AccessKey;
  const alice = { accessKeyId: created.AccessKeyId, secretAccessKey: created.SecretAccessKey };
  assert.equal((await whoAmI(alice)).Arn, `arn:aws:iam::${ACCOUNT}:user/alice`);
  assert.equal(((await cli(['sts', 'get-caller-identity'], alice)).json as { Arn: string }).Arn, `arn:aws:iam::${ACCOUNT}:user/alice`);
  const ec2 = new EC2Client(config(alice));
  const ecr = new ECRClient(config(alice));
  const apigw = new APIGatewayClient(config(alice));
  const s3 = new S3Client(config(alice, { forcePathStyle: true }));
  await ec2.send(new DescribeVpcsCommand({}));
  await ecr.send(new DescribeRepositoriesCommand({}));
  await apigw.send(new GetRestApisCommand({}));
  await s3.send(new ListBucketsCommand({}));
  // Alice's secret with a wrong letter: her key is verified even without --strict-auth (see request-auth.ts).
  await expectError(whoAmI({ ...alice, secretAccessKey: `x${alice.secretAccessKey.slice(1)}` }), 'SignatureDoesNotMatch', 403, SIGNATURE_MISMATCH);

  await awsCli(gh, ['iam', 'update-access-key', '--user-name', 'alice', '--access-key-id', alice.accessKeyId, '--status', 'Inactive']);
  const refusedEverywhere = async () => {
    await expectError(whoAmI(alice), 'InvalidClientTokenId', 403, INVALID_TOKEN);
    await expectError(ec2.send(new DescribeVpcsCommand({})), 'AuthFailure', 401, 'AWS was not able to validate the provided access credentials');
    await expectError(ecr.send(new DescribeRepositoriesCommand({})), 'UnrecognizedClientException', 400, INVALID_TOKEN);
    await expectError(apigw.send(new GetRestApisCommand({})), 'UnrecognizedClientException', 403, INVALID_TOKEN);
    await expectError(s3.send(new ListBucketsCommand({})), 'InvalidAccessKeyId', 403, 'The AWS Access Key Id you provided does not exist in our records.');
  };
  await refusedEverywhere();
  assert.equal((await cli(['iam', 'list-users'], alice)).stderr, `An error occurred (InvalidClientTokenId) when calling the ListUsers operation: ${INVALID_TOKEN}`);
  await awsCli(gh, ['iam', 'delete-access-key', '--user-name', 'alice', '--access-key-id', alice.accessKeyId]);
  await refusedEverywhere();
  for (const client of [ec2, ecr, apigw, s3]) client.destroy();
});

test('execute-api under --strict-auth: an AWS_IAM method takes test/test signatures and refuses a key Gatehouse does not know', async () => {
  const apig = new APIGatewayClient(config(TEST));
  const api = await apig.send(new CreateRestApiCommand({ name: 'strict-iam', endpointConfiguration: { types: ['REGIONAL'] } }));
  const resourceId = (await apig.send(new CreateResourceCommand({ restApiId: api.id!, parentId: api.rootResourceId!, pathPart: 'whoami' }))).id!;
  const key = { restApiId: api.id!, resourceId, httpMethod: 'GET' };
  await apig.send(new PutMethodCommand({ ...key, authorizationType: 'AWS_IAM' }));
  await apig.send(new PutIntegrationCommand({ ...key, type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }));
  await apig.send(new PutMethodResponseCommand({ ...key, statusCode: '200' }));
  await apig.send(new PutIntegrationResponseCommand({ ...key, statusCode: '200', responseTemplates: { 'application/json': '{"caller":"$context.identity.userArn"}' } }));
  await apig.send(new CreateDeploymentCommand({ restApiId: api.id!, stageName: 'test' }));
  apig.destroy();
  const call = async (keys: Keys) => {
    const signed = await signedRequest({ host: `127.0.0.1:${gh.port}`, path: `/_aws/execute-api/${api.id}/test/whoami`, key: keys, at: new Date() });
    const { host: _host, ...headers } = signed.headers;
    const res = await fetch(`${gh.url}${signed.url}`, { headers: headers as Record<string, string> });
    return { status: res.status, errorType: res.headers.get('x-amzn-errortype'), body: await res.text() };
  };
  assert.deepEqual(await call(TEST), { status: 200, errorType: null, body: `{"caller":"arn:aws:iam::${ACCOUNT}:root"}` });
  assert.deepEqual(await call({ accessKeyId: 'AKIAUNKNOWNKEY000000', secretAccessKey: 'whatever' }), { status: 403, errorType: 'UnrecognizedClientException', body: JSON.stringify({ message: INVALID_TOKEN }) });
});
