/**
 * Issue 14, AWS_IAM callers end to end: a private API whose methods are AWS_IAM, called from an instance in the
 * VPC with requests signed by real signers (SDK v3's @smithy/signature-v4 in process, botocore's SigV4Auth and
 * `curl --aws-sigv4` run on the instance with `gatehouse exec`), as the default root, an IAM user and role
 * sessions; AWS's refusals for unsigned, wrongly signed and unknown-to-IAM callers; Table A and B decisions;
 * the caller in `$context.identity` and in the Lambda proxy event; `gatehouse explain` showing both policies.
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
import type { EC2Client } from '@aws-sdk/client-ec2';
import { AddPermissionCommand, CreateFunctionCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { AssumeRoleCommand, type STSClient } from '@aws-sdk/client-sts';
import type { Dispatcher } from 'undici';
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Gatehouse } from '../src/server/gatehouse.js';
import { signedRequest } from '../src/gateway/test-support/sigv4-sign.js';
import { lambdaClient, ROLE, zipOf } from './support/lambda.js';
import { createPrivateNetwork, execOn, gatehouse, type PrivateNetwork } from './support/network.js';
import { apigatewayClient, awsCli, ec2Client, startTestGatehouse, stsClient } from './support/server.js';

let gh: Gatehouse;
let apig: APIGatewayClient;
let ec2: EC2Client;
let lambda: LambdaClient;
let sts: STSClient;
let net: PrivateNetwork;
let instance: Dispatcher;
let apiId: string;
let alice: { AccessKeyId: string; SecretAccessKey: string; userId: string };
let invoker: { AccessKeyId: string; SecretAccessKey: string; SessionToken: string; roleId: string };
let outsider: { AccessKeyId: string; SecretAccessKey: string; SessionToken: string };

const IDENTITY_TEMPLATE =
  '{"caller":"$context.identity.caller","user":"$context.identity.user","userArn":"$context.identity.userArn","accessKey":"$context.identity.accessKey","accountId":"$context.identity.accountId"}';

const host = (): string => `${apiId}.execute-api.us-east-1.amazonaws.com`;
const urlOf = (path: string): string => `https://${host()}/test${path}`;

/** GET /whoami (MOCK, echoes $context.identity) and GET /event (Lambda proxy), both AWS_IAM; GET /open is NONE. */
async function buildApi(): Promise<string> {
  const api = await apig.send(new CreateRestApiCommand({ name: 'iam-callers', endpointConfiguration: { types: ['PRIVATE'], vpcEndpointIds: [net.vpceId] } }));
  const restApiId = api.id!;
  const resource = async (pathPart: string): Promise<string> => (await apig.send(new CreateResourceCommand({ restApiId, parentId: api.rootResourceId!, pathPart }))).id!;
  for (const [pathPart, authorizationType] of [['whoami', 'AWS_IAM'], ['open', 'NONE']] as const) {
    const resourceId = await resource(pathPart);
    await apig.send(new PutMethodCommand({ restApiId, resourceId, httpMethod: 'GET', authorizationType }));
    await apig.send(new PutIntegrationCommand({ restApiId, resourceId, httpMethod: 'GET', type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }));
    await apig.send(new PutMethodResponseCommand({ restApiId, resourceId, httpMethod: 'GET', statusCode: '200' }));
    await apig.send(new PutIntegrationResponseCommand({ restApiId, resourceId, httpMethod: 'GET', statusCode: '200', responseTemplates: { 'application/json': IDENTITY_TEMPLATE } }));
  }
  const code = 'exports.handler = async (event) => ({ statusCode: 200, body: JSON.stringify(event.requestContext.identity) });';
  await lambda.send(new CreateFunctionCommand({ FunctionName: 'iam-event', Runtime: 'nodejs20.x', Role: ROLE, Handler: 'index.handler', Code: { ZipFile: zipOf({ 'index.js': code }) } }));
  const eventId = await resource('event');
  await apig.send(new PutMethodCommand({ restApiId, resourceId: eventId, httpMethod: 'GET', authorizationType: 'AWS_IAM' }));
  await apig.send(new PutIntegrationCommand({
    restApiId,
    resourceId: eventId,
    httpMethod: 'GET',
    type: 'AWS_PROXY',
    integrationHttpMethod: 'POST',
    uri: 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:iam-event/invocations',
  }));
  await lambda.send(new AddPermissionCommand({ FunctionName: 'iam-event', StatementId: 'apigateway', Action: 'lambda:InvokeFunction', Principal: 'apigateway.amazonaws.com', SourceArn: `arn:aws:execute-api:us-east-1:000000000000:${restApiId}/*` }));
  // Through this endpoint only; the Invoker role and anyone for GET /open are allowed by the resource policy.
  const policy = {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*', Condition: { StringNotEquals: { 'aws:SourceVpce': net.vpceId } } },
      { Sid: 'Invoker', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::000000000000:role/Invoker' }, Action: 'execute-api:Invoke', Resource: 'execute-api:/*' },
      { Sid: 'Open', Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*/GET/open' },
    ],
  };
  await apig.send(new UpdateRestApiCommand({ restApiId, patchOperations: [{ op: 'replace', path: '/policy', value: JSON.stringify(policy) }] }));
  await apig.send(new CreateDeploymentCommand({ restApiId, stageName: 'test' }));
  return restApiId;
}

const TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::000000000000:root' }, Action: 'sts:AssumeRole' }] });

async function session(roleName: string, sessionName: string): Promise<{ AccessKeyId: string; SecretAccessKey: string; SessionToken: string; roleId: string }> {
  const role = (await awsCli(gh, ['iam', 'create-role', '--role-name', roleName, '--assume-role-policy-document', TRUST])).json as { Role: { RoleId: string } };
  const out = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::000000000000:role/${roleName}`, RoleSessionName: sessionName }));
  const c = out.Credentials!;
  return { AccessKeyId: c.AccessKeyId!, SecretAccessKey: c.SecretAccessKey!, SessionToken: c.SessionToken!, roleId: role.Role.RoleId };
}

before(async () => {
  gh = await startTestGatehouse();
  apig = apigatewayClient(gh);
  ec2 = ec2Client(gh);
  lambda = lambdaClient(gh);
  sts = stsClient(gh);
  net = await createPrivateNetwork(ec2);
  instance = await gh.instanceDispatcher(net.instanceId);
  apiId = await buildApi();
  const user = (await awsCli(gh, ['iam', 'create-user', '--user-name', 'alice'])).json as { User: { UserId: string } };
  const invoke = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: `arn:aws:execute-api:us-east-1:000000000000:${apiId}/*` }] });
  await awsCli(gh, ['iam', 'put-user-policy', '--user-name', 'alice', '--policy-name', 'invoke', '--policy-document', invoke]);
  const key = (await awsCli(gh, ['iam', 'create-access-key', '--user-name', 'alice'])).json as { AccessKey: { AccessKeyId: string; SecretAccessKey: string } };
  alice = { ...key.AccessKey, userId: user.User.UserId };
  invoker = await session('Invoker', 'from-curl');
  outsider = await session('NoAccess', 'nobody');
});

after(async () => {
  apig.destroy();
  ec2.destroy();
  lambda.destroy();
  sts.destroy();
  await instance.close();
  await gh.dispose();
});

interface Sent {
  status: number;
  errorType: string | null;
  text: string;
  requestId: string;
}

/** A request sent from the instance, signed by SDK v3's signer when `key` is given. */
async function fromInstance(path: string, key?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }, presign = false): Promise<Sent> {
  let url = urlOf(path);
  let headers: Record<string, string> = {};
  if (key) {
    const signed = await signedRequest({ host: host(), path: `/test${path}`, key, at: new Date(), presign });
    url = `https://${host()}${signed.url}`;
    headers = Object.fromEntries(Object.entries(signed.headers).filter(([name]) => name !== 'host')) as Record<string, string>;
  }
  const res = await fetch(url, { headers, dispatcher: instance } as RequestInit);
  return { status: res.status, errorType: res.headers.get('x-amzn-errortype'), text: await res.text(), requestId: res.headers.get('x-amzn-requestid') ?? '' };
}

const denied = (caller: string, path: string, explicit = false): string =>
  JSON.stringify({ Message: `User: ${caller} is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:********0000:${apiId}/test/GET${path}${explicit ? ' with an explicit deny' : ''}` });

test('unsigned: Missing Authentication Token on AWS_IAM methods; a NONE method still answers', async () => {
  const res = await fromInstance('/whoami');
  assert.deepEqual([res.status, res.errorType, res.text], [403, 'MissingAuthenticationTokenException', '{"message":"Missing Authentication Token"}']);
  assert.equal((await fromInstance('/open')).status, 200);
});

test('SDK v3-signed as test/test: the default account root, allowed by identity (Table A), named in $context.identity', async () => {
  const res = await fromInstance('/whoami', { accessKeyId: 'test', secretAccessKey: 'test' });
  assert.equal(res.status, 200, res.text);
  assert.deepEqual(JSON.parse(res.text), { caller: '000000000000', user: '000000000000', userArn: 'arn:aws:iam::000000000000:root', accessKey: 'test', accountId: '000000000000' });
  // The query form (a presigned URL) too.
  assert.equal((await fromInstance('/whoami', { accessKeyId: 'test', secretAccessKey: 'test' }, true)).status, 200);
});

test("botocore's SigV4Auth on the instance, with an IAM user's key: its identity policy allows", async () => {
  const script = [
    'import sys, requests',
    'from botocore.auth import SigV4Auth',
    'from botocore.awsrequest import AWSRequest',
    'from botocore.credentials import Credentials',
    'url = sys.argv[1]',
    "req = AWSRequest(method='GET', url=url)",
    "SigV4Auth(Credentials(sys.argv[2], sys.argv[3]), 'execute-api', 'us-east-1').add_auth(req)",
    'r = requests.get(url, headers=dict(req.headers))',
    "print(r.status_code); print(r.text)",
  ].join('\n');
  const ran = await execOn(gh, net.instanceId, ['python3', '-c', script, urlOf('/whoami'), alice.AccessKeyId, alice.SecretAccessKey]);
  assert.equal(ran.code, 0, ran.stderr);
  const [status, body] = ran.stdout.trim().split('\n');
  assert.equal(status, '200', ran.stdout);
  assert.deepEqual(JSON.parse(body!), { caller: alice.userId, user: alice.userId, userArn: 'arn:aws:iam::000000000000:user/alice', accessKey: alice.AccessKeyId, accountId: '000000000000' });
  const wrong = await execOn(gh, net.instanceId, ['python3', '-c', script, urlOf('/whoami'), alice.AccessKeyId, 'not-the-secret']);
  const [wrongStatus, wrongBody] = [wrong.stdout.split('\n')[0], wrong.stdout.slice(wrong.stdout.indexOf('\n') + 1)];
  assert.equal(wrongStatus, '403');
  assert.match(
    (JSON.parse(wrongBody) as { message: string }).message,
    /^The request signature we calculated does not match the signature you provided\. Check your AWS Secret Access Key and signing method\. Consult the service documentation for details\.\n\nThe Canonical String for this request should have been\n'GET\n\/test\/whoami\n/,
  );
});

test('curl --aws-sigv4 with a role session: the resource policy allows the role (Table A); the Lambda event names the session', async () => {
  const curl = (path: string, secret = invoker.SecretAccessKey): Promise<{ code: number | null; stdout: string; stderr: string }> =>
    execOn(gh, net.instanceId, ['curl', '-sS', '-w', '\n%{http_code}', '--aws-sigv4', 'aws:amz:us-east-1:execute-api', '--user', `${invoker.AccessKeyId}:${secret}`, '-H', `x-amz-security-token: ${invoker.SessionToken}`, urlOf(path)]);
  // The body, then the status on the last line.
  const split = (out: string): [string, string] => [out.slice(0, out.lastIndexOf('\n')), out.slice(out.lastIndexOf('\n') + 1)];
  const ran = await curl('/event');
  assert.equal(ran.code, 0, ran.stderr);
  const [body, status] = split(ran.stdout);
  assert.equal(status, '200', ran.stdout);
  const identity = JSON.parse(body) as Record<string, unknown>;
  assert.deepEqual(
    { caller: identity['caller'], user: identity['user'], userArn: identity['userArn'], accessKey: identity['accessKey'], accountId: identity['accountId'], cognitoIdentityId: identity['cognitoIdentityId'], vpceId: identity['vpceId'] },
    {
      caller: `${invoker.roleId}:from-curl`,
      user: `${invoker.roleId}:from-curl`,
      userArn: 'arn:aws:sts::000000000000:assumed-role/Invoker/from-curl',
      accessKey: invoker.AccessKeyId,
      accountId: '000000000000',
      cognitoIdentityId: null,
      vpceId: net.vpceId,
    },
  );
  const [wrongBody, wrongStatus] = split((await curl('/whoami', 'wrong-secret')).stdout);
  assert.equal(wrongStatus, '403');
  assert.match((JSON.parse(wrongBody) as { message: string }).message, /^The request signature we calculated does not match the signature you provided\./);
});

test("a role session no policy allows: AWS's implicit-deny denial naming the session", async () => {
  const res = await fromInstance('/whoami', { accessKeyId: outsider.AccessKeyId, secretAccessKey: outsider.SecretAccessKey, sessionToken: outsider.SessionToken });
  assert.deepEqual([res.status, res.errorType, res.text], [403, 'AccessDeniedException', denied('arn:aws:sts::000000000000:assumed-role/NoAccess/nobody', '/whoami')]);
  // The session without its token is not recognised.
  const noToken = await fromInstance('/whoami', { accessKeyId: outsider.AccessKeyId, secretAccessKey: outsider.SecretAccessKey });
  assert.deepEqual([noToken.status, noToken.errorType, noToken.text], [403, 'UnrecognizedClientException', '{"message":"The security token included in the request is invalid."}']);
});

test("another account's root: allowed by its own identity, but the resource policy does not allow it (Table B)", async () => {
  const res = await fromInstance('/whoami', { accessKeyId: '111111111111', secretAccessKey: 'anything' });
  assert.deepEqual([res.status, res.errorType, res.text], [403, 'AccessDeniedException', denied('arn:aws:iam::111111111111:root', '/whoami')]);
});

test('a key made inactive is no longer recognised (IAM changes reach the data plane at once)', async () => {
  const key = (await awsCli(gh, ['iam', 'create-access-key', '--user-name', 'alice'])).json as { AccessKey: { AccessKeyId: string; SecretAccessKey: string } };
  assert.equal((await fromInstance('/whoami', { accessKeyId: key.AccessKey.AccessKeyId, secretAccessKey: key.AccessKey.SecretAccessKey })).status, 200);
  await awsCli(gh, ['iam', 'update-access-key', '--user-name', 'alice', '--access-key-id', key.AccessKey.AccessKeyId, '--status', 'Inactive']);
  const res = await fromInstance('/whoami', { accessKeyId: key.AccessKey.AccessKeyId, secretAccessKey: key.AccessKey.SecretAccessKey });
  assert.deepEqual([res.status, res.errorType], [403, 'UnrecognizedClientException']);
});

test('an invalid signature is refused through the endpoint even on a NONE method; a bearer token is anonymous there', async () => {
  const res = await fetch(urlOf('/open'), {
    headers: { authorization: 'AWS4-HMAC-SHA256 Credential=test/20261206/us-east-1/execute-api/aws4_request, SignedHeaders=host, Signature=00', 'x-amz-date': '20261206T000000Z' },
    dispatcher: instance,
  } as RequestInit);
  assert.equal(res.status, 403);
  assert.equal(res.headers.get('x-amzn-errortype'), 'InvalidSignatureException');
  await res.text();
  const bearer = await fetch(urlOf('/open'), { headers: { authorization: 'Bearer abc' }, dispatcher: instance } as RequestInit);
  assert.equal(bearer.status, 200, await bearer.text());
});

test('gatehouse explain: the caller, its identity policy and the resource policy, and the table that combined them', async () => {
  const res = await fromInstance('/whoami', { accessKeyId: outsider.AccessKeyId, secretAccessKey: outsider.SecretAccessKey, sessionToken: outsider.SessionToken });
  const ran = await gatehouse(gh, ['explain', res.requestId, '--endpoint', gh.url]);
  assert.equal(ran.code, 0, ran.stderr);
  const lines = ran.stdout.split('\n').map((l) => l.trim());
  for (const line of [
    `signed by arn:aws:sts::000000000000:assumed-role/NoAccess/nobody with ${outsider.AccessKeyId}`,
    'AWS_IAM: identity-based policies ImplicitDeny, resource policy None, combined by Table A (same account: either policy may allow): ImplicitDeny',
    `2. Resource policy of ${apiId}: NEITHER (no statement allows or denies; the table decides)`,
    `Answer: 403 AccessDeniedException ${res.text}`,
  ]) assert.ok(lines.includes(line), `missing line:\n  ${line}\nin:\n${ran.stdout}`);
  assert.ok(lines.some((l) => l.startsWith('Why: AWS_IAM caller arn:aws:sts::000000000000:assumed-role/NoAccess/nobody (same account, Table A')), ran.stdout);

  const allowed = await fromInstance('/whoami', { accessKeyId: alice.AccessKeyId, secretAccessKey: alice.SecretAccessKey });
  const explained = await gatehouse(gh, ['explain', allowed.requestId, '--endpoint', gh.url]);
  const allowedLines = explained.stdout.split('\n').map((l) => l.trim());
  assert.ok(allowedLines.includes("2. Caller's identity-based policy of inline:invoke: ALLOW"), explained.stdout);
  assert.ok(allowedLines.includes(`3. Resource policy of ${apiId}: NEITHER (no statement allows or denies; the table decides)`), explained.stdout);
});

test('an instance launched with an instance profile: botocore (its default credential chain) and curl (credentials read from the metadata service) sign as the role', async () => {
  const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
  const role = (await awsCli(gh, ['iam', 'create-role', '--role-name', 'WebRole', '--assume-role-policy-document', trust])).json as { Role: { RoleId: string } };
  const invoke = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: `arn:aws:execute-api:us-east-1:000000000000:${apiId}/*` }] });
  await awsCli(gh, ['iam', 'put-role-policy', '--role-name', 'WebRole', '--policy-name', 'invoke', '--policy-document', invoke]);
  await awsCli(gh, ['iam', 'create-instance-profile', '--instance-profile-name', 'web']);
  await awsCli(gh, ['iam', 'add-role-to-instance-profile', '--instance-profile-name', 'web', '--role-name', 'WebRole']);
  const launched = (await awsCli(gh, ['ec2', 'run-instances', '--image-id', 'ami-0123456789abcdef0', '--subnet-id', net.subnetIds[0], '--iam-instance-profile', 'Name=web'])).json as { Instances: Array<{ InstanceId: string }> };
  const web = launched.Instances[0]!.InstanceId;
  const expected = { caller: `${role.Role.RoleId}:${web}`, userArn: `arn:aws:sts::000000000000:assumed-role/WebRole/${web}`, accountId: '000000000000' };
  // botocore finds no key in the environment (exec removed them), asks the instance's metadata service, signs.
  const botocore = [
    'import sys, requests, botocore.session',
    'from botocore.auth import SigV4Auth',
    'from botocore.awsrequest import AWSRequest',
    'creds = botocore.session.get_session().get_credentials()',
    'print(creds.method)',
    "req = AWSRequest(method='GET', url=sys.argv[1])",
    "SigV4Auth(creds.get_frozen_credentials(), 'execute-api', 'us-east-1').add_auth(req)",
    'r = requests.get(sys.argv[1], headers=dict(req.headers))',
    'print(r.status_code); print(r.text)',
  ].join('\n');
  const signed = await execOn(gh, web, ['python3', '-c', botocore, urlOf('/whoami')]);
  assert.equal(signed.code, 0, signed.stderr);
  const [method, status, body] = signed.stdout.trim().split('\n');
  assert.deepEqual([method, status], ['iam-role', '200'], signed.stdout);
  const identity = JSON.parse(body!) as Record<string, string>;
  assert.deepEqual({ caller: identity['caller'], userArn: identity['userArn'], accountId: identity['accountId'] }, expected);
  // curl: IMDSv2 at 169.254.169.254 (answered by the instance's egress proxy, never the real address), then --aws-sigv4.
  const script = [
    "CREDS=$(mktemp); trap 'rm -f \"$CREDS\"' EXIT",
    "TOKEN=$(curl -sS -X PUT http://169.254.169.254/latest/api/token -H 'X-aws-ec2-metadata-token-ttl-seconds: 60')",
    'ROLE=$(curl -sS -H "X-aws-ec2-metadata-token: $TOKEN" http://169.254.169.254/latest/meta-data/iam/security-credentials/)',
    'curl -sS -H "X-aws-ec2-metadata-token: $TOKEN" "http://169.254.169.254/latest/meta-data/iam/security-credentials/$ROLE" |',
    `  python3 -c 'import json, sys; d = json.load(sys.stdin); print(d["AccessKeyId"], d["SecretAccessKey"], d["Token"])' > "$CREDS"`,
    'set -- $(cat "$CREDS")',
    `curl -sS --aws-sigv4 'aws:amz:us-east-1:execute-api' --user "$1:$2" -H "x-amz-security-token: $3" '${urlOf('/whoami')}'`,
  ].join('\n');
  const curled = await execOn(gh, web, ['sh', '-c', script]);
  assert.equal(curled.code, 0, curled.stderr);
  const fromCurl = JSON.parse(curled.stdout) as Record<string, string>;
  assert.deepEqual({ caller: fromCurl['caller'], userArn: fromCurl['userArn'], accountId: fromCurl['accountId'] }, expected);
});
