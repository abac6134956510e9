/**
 * Amazon Cognito user pools end to end over the AWS JSON protocol, with the clients users have (the SDK v3 has
 * no Cognito client in this checkout: the AWS CLI v2 and boto3 drive it): pools, app clients with and without
 * secrets, users, sign-up and its confirmation, sign-in with the password flows, the new-password challenge,
 * refresh, GetUser; the tokens verified against the pool's JWKS with node:crypto; resource servers and the
 * client credentials grant; AWS's errors; and a CloudFormation stack with a pool and a client.
 */
import {
  CloudFormationClient,
  CreateStackCommand,
  DeleteStackCommand,
  DescribeStacksCommand,
  waitUntilStackCreateComplete,
  waitUntilStackDeleteComplete,
} from '@aws-sdk/client-cloudformation';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHmac, createPublicKey, createVerify, type KeyObject } from 'node:crypto';
import { get } from 'node:http';
import { createRequire } from 'node:module';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import { verifyCognitoToken } from '../src/gateway/cognito-token.js';
import type { Gatehouse } from '../src/server/gatehouse.js';
import { RunInstancesCommand } from '@aws-sdk/client-ec2';
import { newSubnet, newVpc } from './support/ec2.js';
import { ACCOUNT, REGION, awsCli, awsCliError, credentials, ec2Client, raw, startTestGatehouse, tempDataDir } from './support/server.js';

const run = promisify(execFile);
type V2Call = (params: Record<string, unknown>) => { promise(): Promise<Record<string, unknown>> };
const AWS = createRequire(import.meta.url)('aws-sdk') as { CognitoIdentityServiceProvider: new (options: Record<string, unknown>) => Record<string, V2Call> };
let gh: Gatehouse;
let cfn: CloudFormationClient;

before(async () => {
  gh = await startTestGatehouse();
  cfn = new CloudFormationClient({ endpoint: gh.url, region: REGION, credentials, maxAttempts: 1 });
});
after(async () => {
  cfn.destroy();
  await gh.dispose();
});

const cli = async <T = Record<string, unknown>>(...args: string[]): Promise<T> => (await awsCli(gh, ['cognito-idp', ...args])).json as T;
/** The CLI's one-line error: `An error occurred (Code) when calling the Op operation: message`. */
const cliError = async (...args: string[]): Promise<string> => (await awsCliError(gh, ['cognito-idp', ...args])).stderr.trim();

/** A boto3 script against Gatehouse: it prints one JSON value. */
async function boto3(script: string, ...args: string[]): Promise<unknown> {
  const env = { ...process.env, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_DEFAULT_REGION: REGION, AWS_EC2_METADATA_DISABLED: 'true', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' };
  const prelude = 'import boto3, json, sys\nidp = boto3.client("cognito-idp", endpoint_url=sys.argv[1])\ndef err(call):\n    try:\n        call()\n        return None\n    except idp.exceptions.ClientError as e:\n        return [e.response["Error"]["Code"], e.response["Error"]["Message"], e.response["ResponseMetadata"]["HTTPStatusCode"]]\n';
  const { stdout } = await run('python3', ['-c', prelude + script, gh.url, ...args], { env });
  return JSON.parse(stdout);
}

function claimsOf(token: string): { header: Record<string, unknown>; payload: Record<string, unknown> } {
  const [h, p] = token.split('.') as [string, string];
  return { header: JSON.parse(Buffer.from(h, 'base64url').toString()), payload: JSON.parse(Buffer.from(p, 'base64url').toString()) };
}

/** A GET with its own Host header (fetch sends the URL's): how an instance's request arrives through its egress proxy. */
function getWithHost(path: string, host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    get(`${gh.url}${path}`, { headers: { host } }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (c: string) => (body += c)).on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    }).on('error', reject);
  });
}

/** The pool's keys, from its jwks.json as an instance would fetch it (Host cognito-idp.{region}.amazonaws.com). */
async function jwks(poolId: string): Promise<Map<string, KeyObject>> {
  const res = await getWithHost(`/${poolId}/.well-known/jwks.json`, `cognito-idp.${REGION}.amazonaws.com`);
  assert.equal(res.status, 200);
  const body = JSON.parse(res.body) as { keys: Array<{ kid: string } & Record<string, string>> };
  return new Map(body.keys.map((k) => [k.kid, createPublicKey({ key: k, format: 'jwk' })]));
}

function verifiesWith(keys: Map<string, KeyObject>, token: string): boolean {
  const { header } = claimsOf(token);
  const key = keys.get(header.kid as string);
  const [h, p, s] = token.split('.') as [string, string, string];
  return key !== undefined && createVerify('RSA-SHA256').update(`${h}.${p}`).verify(key, Buffer.from(s, 'base64url'));
}

const STRICT_POLICY = 'PasswordPolicy={MinimumLength=10,RequireUppercase=true,RequireLowercase=true,RequireNumbers=true,RequireSymbols=false}';

test('pools and clients with the CLI: create, describe, list, delete; AWS errors for what is not there', async () => {
  const { UserPool: pool } = await cli<{ UserPool: Record<string, unknown> & { Id: string } }>('create-user-pool', '--pool-name', 'people', '--policies', STRICT_POLICY, '--user-pool-tags', 'team=web');
  assert.match(pool.Id, /^us-east-1_[0-9A-Za-z]{9}$/);
  assert.equal(pool.Arn, `arn:aws:cognito-idp:${REGION}:${ACCOUNT}:userpool/${pool.Id}`);
  assert.deepEqual(pool.Policies, { PasswordPolicy: { MinimumLength: 10, RequireUppercase: true, RequireLowercase: true, RequireNumbers: true, RequireSymbols: false, TemporaryPasswordValidityDays: 7 } });
  assert.equal(pool.MfaConfiguration, 'OFF');
  assert.deepEqual(pool.UserPoolTags, { team: 'web' });
  const described = await cli<{ UserPool: { Name: string; EstimatedNumberOfUsers: number } }>('describe-user-pool', '--user-pool-id', pool.Id);
  assert.equal(described.UserPool.Name, 'people');
  assert.equal(described.UserPool.EstimatedNumberOfUsers, 0);
  const listed = await cli<{ UserPools: Array<{ Id: string; Name: string }> }>('list-user-pools', '--max-results', '60');
  assert.ok(listed.UserPools.some((p) => p.Id === pool.Id && p.Name === 'people'));

  const { UserPoolClient: client } = await cli<{ UserPoolClient: Record<string, unknown> & { ClientId: string } }>('create-user-pool-client', '--user-pool-id', pool.Id, '--client-name', 'web', '--generate-secret', '--explicit-auth-flows', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH', '--access-token-validity', '30', '--token-validity-units', 'AccessToken=minutes');
  assert.match(client.ClientId, /^[a-z0-9]{26}$/);
  assert.match(client.ClientSecret as string, /^[a-z0-9]{51}$/);
  assert.deepEqual({ ...client, ClientId: 'x', ClientSecret: 'x', CreationDate: 'x', LastModifiedDate: 'x' }, {
    UserPoolId: pool.Id,
    ClientName: 'web',
    ClientId: 'x',
    ClientSecret: 'x',
    LastModifiedDate: 'x',
    CreationDate: 'x',
    RefreshTokenValidity: 30,
    AccessTokenValidity: 30,
    TokenValidityUnits: { AccessToken: 'minutes' },
    ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    AllowedOAuthFlowsUserPoolClient: false,
    EnableTokenRevocation: true,
    EnablePropagateAdditionalUserContextData: false,
    AuthSessionValidity: 3,
  });
  const described2 = await cli<{ UserPoolClient: { ClientSecret: string } }>('describe-user-pool-client', '--user-pool-id', pool.Id, '--client-id', client.ClientId);
  assert.equal(described2.UserPoolClient.ClientSecret, client.ClientSecret);
  const clients = await cli<{ UserPoolClients: unknown[] }>('list-user-pool-clients', '--user-pool-id', pool.Id);
  assert.deepEqual(clients.UserPoolClients, [{ ClientId: client.ClientId, UserPoolId: pool.Id, ClientName: 'web' }]);

  assert.equal(await cliError('describe-user-pool', '--user-pool-id', 'us-east-1_nothere1'), 'An error occurred (ResourceNotFoundException) when calling the DescribeUserPool operation: User pool us-east-1_nothere1 does not exist.');
  assert.equal(await cliError('describe-user-pool', '--user-pool-id', 'no-underscore'), "An error occurred (InvalidParameterException) when calling the DescribeUserPool operation: 1 validation error detected: Value 'no-underscore' at 'userPoolId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w-]+_[0-9a-zA-Z]+");
  assert.equal(await cliError('describe-user-pool-client', '--user-pool-id', pool.Id, '--client-id', 'nothere'), 'An error occurred (ResourceNotFoundException) when calling the DescribeUserPoolClient operation: User pool client nothere does not exist.');
  assert.equal(await cliError('create-user-pool-client', '--user-pool-id', pool.Id, '--client-name', 'bad', '--allowed-o-auth-scopes', 'api/read'), 'An error occurred (ScopeDoesNotExistException) when calling the CreateUserPoolClient operation: Invalid scope requested: api/read');

  await cli('delete-user-pool-client', '--user-pool-id', pool.Id, '--client-id', client.ClientId);
  await cli('delete-user-pool', '--user-pool-id', pool.Id);
  assert.equal(await cliError('describe-user-pool', '--user-pool-id', pool.Id), `An error occurred (ResourceNotFoundException) when calling the DescribeUserPool operation: User pool ${pool.Id} does not exist.`);
});

test('an admin-created user: temporary password, NEW_PASSWORD_REQUIRED, tokens with Cognito claims verified by the JWKS, GetUser, refresh', async () => {
  const poolId = (await cli<{ UserPool: { Id: string } }>('create-user-pool', '--pool-name', 'staff', '--policies', STRICT_POLICY)).UserPool.Id;
  const clientId = (await cli<{ UserPoolClient: { ClientId: string } }>('create-user-pool-client', '--user-pool-id', poolId, '--client-name', 'app', '--explicit-auth-flows', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH')).UserPoolClient.ClientId;

  assert.equal(await cliError('admin-create-user', '--user-pool-id', poolId, '--username', 'bob', '--temporary-password', 'short1A'), 'An error occurred (InvalidPasswordException) when calling the AdminCreateUser operation: Password did not conform with password policy: Password not long enough');
  const created = await cli<{ User: { Username: string; Attributes: Array<{ Name: string; Value: string }>; UserStatus: string; Enabled: boolean } }>('admin-create-user', '--user-pool-id', poolId, '--username', 'bob', '--temporary-password', 'Temporary123', '--message-action', 'SUPPRESS', '--user-attributes', 'Name=email,Value=bob@example.com', 'Name=email_verified,Value=true');
  assert.equal(created.User.UserStatus, 'FORCE_CHANGE_PASSWORD');
  assert.equal(created.User.Enabled, true);
  const sub = created.User.Attributes[0]!;
  assert.equal(sub.Name, 'sub');
  assert.match(sub.Value, /^[0-9a-f-]{36}$/);
  assert.equal(await cliError('admin-create-user', '--user-pool-id', poolId, '--username', 'bob', '--message-action', 'SUPPRESS'), 'An error occurred (UsernameExistsException) when calling the AdminCreateUser operation: User account already exists');

  const challenge = await cli<{ ChallengeName: string; Session: string; ChallengeParameters: Record<string, string> }>('initiate-auth', '--client-id', clientId, '--auth-flow', 'USER_PASSWORD_AUTH', '--auth-parameters', 'USERNAME=bob,PASSWORD=Temporary123');
  assert.equal(challenge.ChallengeName, 'NEW_PASSWORD_REQUIRED');
  assert.deepEqual(challenge.ChallengeParameters, { USER_ID_FOR_SRP: 'bob', requiredAttributes: '[]', userAttributes: '{"email":"bob@example.com","email_verified":"true"}' });
  assert.equal(await cliError('respond-to-auth-challenge', '--client-id', clientId, '--challenge-name', 'NEW_PASSWORD_REQUIRED', '--session', 'not-the-session-of-this-challenge', '--challenge-responses', 'USERNAME=bob,NEW_PASSWORD=Permanent1234'), 'An error occurred (NotAuthorizedException) when calling the RespondToAuthChallenge operation: Invalid session for the user.');
  assert.equal(await cliError('respond-to-auth-challenge', '--client-id', clientId, '--challenge-name', 'NEW_PASSWORD_REQUIRED', '--session', challenge.Session, '--challenge-responses', 'USERNAME=bob,NEW_PASSWORD=nocapitals123'), 'An error occurred (InvalidPasswordException) when calling the RespondToAuthChallenge operation: Password did not conform with policy: Password must have uppercase characters');
  const answered = await cli<{ AuthenticationResult: { IdToken: string; AccessToken: string; RefreshToken: string; ExpiresIn: number; TokenType: string } }>('respond-to-auth-challenge', '--client-id', clientId, '--challenge-name', 'NEW_PASSWORD_REQUIRED', '--session', challenge.Session, '--challenge-responses', 'USERNAME=bob,NEW_PASSWORD=Permanent1234');
  const result = answered.AuthenticationResult;
  assert.equal(result.ExpiresIn, 3600);
  assert.equal(result.TokenType, 'Bearer');
  assert.equal(result.RefreshToken.split('.').length, 5);

  const issuer = `https://cognito-idp.${REGION}.amazonaws.com/${poolId}`;
  const keys = await jwks(poolId);
  assert.ok(verifiesWith(keys, result.IdToken));
  assert.ok(verifiesWith(keys, result.AccessToken));
  const id = claimsOf(result.IdToken);
  const access = claimsOf(result.AccessToken);
  assert.deepEqual(id.header, { kid: [...keys.keys()][0], alg: 'RS256' });
  const p = id.payload;
  assert.deepEqual(Object.keys(p), ['sub', 'email', 'email_verified', 'iss', 'cognito:username', 'origin_jti', 'aud', 'event_id', 'token_use', 'auth_time', 'exp', 'iat', 'jti']);
  assert.deepEqual({ sub: p.sub, email: p.email, email_verified: p.email_verified, iss: p.iss, user: p['cognito:username'], aud: p.aud, use: p.token_use }, { sub: sub.Value, email: 'bob@example.com', email_verified: true, iss: issuer, user: 'bob', aud: clientId, use: 'id' });
  assert.equal(p.exp, (p.iat as number) + 3600);
  const a = access.payload;
  assert.deepEqual(Object.keys(a), ['sub', 'iss', 'client_id', 'origin_jti', 'event_id', 'token_use', 'scope', 'auth_time', 'exp', 'iat', 'jti', 'username']);
  assert.deepEqual({ sub: a.sub, iss: a.iss, client_id: a.client_id, use: a.token_use, scope: a.scope, username: a.username, origin: a.origin_jti, event: a.event_id }, { sub: sub.Value, iss: issuer, client_id: clientId, use: 'access', scope: 'aws.cognito.signin.user.admin', username: 'bob', origin: p.origin_jti, event: p.event_id });

  // The authorizer's verifier over the JWKS: the id token passes a method without scopes, the access token does not.
  const poolArn = `arn:aws:cognito-idp:${REGION}:${ACCOUNT}:userpool/${poolId}`;
  const keysOf = (arn: string) => (arn === poolArn ? { issuer, keys } : undefined);
  assert.equal(verifyCognitoToken(result.IdToken, [poolArn], keysOf, new Date(), undefined).ok, true);
  assert.equal(verifyCognitoToken(result.AccessToken, [poolArn], keysOf, new Date(), undefined).ok, false);
  assert.equal(verifyCognitoToken(result.AccessToken, [poolArn], keysOf, new Date(), ['aws.cognito.signin.user.admin']).ok, true);

  const me = await cli<{ Username: string; UserAttributes: unknown[] }>('get-user', '--access-token', result.AccessToken);
  assert.deepEqual(me, { Username: 'bob', UserAttributes: [{ Name: 'sub', Value: sub.Value }, { Name: 'email', Value: 'bob@example.com' }, { Name: 'email_verified', Value: 'true' }] });
  assert.equal(await cliError('get-user', '--access-token', result.IdToken), 'An error occurred (NotAuthorizedException) when calling the GetUser operation: Invalid Access Token');
  assert.equal(await cliError('get-user', '--access-token', 'garbage'), 'An error occurred (NotAuthorizedException) when calling the GetUser operation: Invalid Access Token');

  const refreshed = await cli<{ AuthenticationResult: Record<string, unknown> & { IdToken: string } }>('initiate-auth', '--client-id', clientId, '--auth-flow', 'REFRESH_TOKEN_AUTH', '--auth-parameters', `REFRESH_TOKEN=${result.RefreshToken}`);
  assert.equal(refreshed.AuthenticationResult.RefreshToken, undefined);
  assert.equal(claimsOf(refreshed.AuthenticationResult.IdToken).payload.origin_jti, p.origin_jti);
  assert.equal(claimsOf(refreshed.AuthenticationResult.IdToken).payload.auth_time, p.auth_time);
  assert.equal(await cliError('initiate-auth', '--client-id', clientId, '--auth-flow', 'REFRESH_TOKEN_AUTH', '--auth-parameters', 'REFRESH_TOKEN=nope'), 'An error occurred (NotAuthorizedException) when calling the InitiateAuth operation: Invalid Refresh Token');

  const admin = await cli<{ AuthenticationResult: { IdToken: string } }>('admin-initiate-auth', '--user-pool-id', poolId, '--client-id', clientId, '--auth-flow', 'ADMIN_USER_PASSWORD_AUTH', '--auth-parameters', 'USERNAME=bob,PASSWORD=Permanent1234');
  assert.ok(verifiesWith(keys, admin.AuthenticationResult.IdToken));
  const got = await cli<{ UserStatus: string }>('admin-get-user', '--user-pool-id', poolId, '--username', 'bob');
  assert.equal(got.UserStatus, 'CONFIRMED');
  const users = await cli<{ Users: Array<{ Username: string }> }>('list-users', '--user-pool-id', poolId, '--filter', 'email = "bob@example.com"');
  assert.deepEqual(users.Users.map((u) => u.Username), ['bob']);

  // Sign-in errors, in Cognito's words.
  const initiate = (params: string, flow = 'USER_PASSWORD_AUTH') => cliError('initiate-auth', '--client-id', clientId, '--auth-flow', flow, '--auth-parameters', params);
  assert.equal(await initiate('USERNAME=bob,PASSWORD=Wrong1234567'), 'An error occurred (NotAuthorizedException) when calling the InitiateAuth operation: Incorrect username or password.');
  assert.equal(await initiate('USERNAME=nobody,PASSWORD=Wrong1234567'), 'An error occurred (UserNotFoundException) when calling the InitiateAuth operation: User does not exist.');
  assert.equal(await initiate('PASSWORD=Wrong1234567'), 'An error occurred (InvalidParameterException) when calling the InitiateAuth operation: Missing required parameter USERNAME');
  assert.equal(await initiate('USERNAME=bob,PASSWORD=x', 'ADMIN_USER_PASSWORD_AUTH'), 'An error occurred (InvalidParameterException) when calling the InitiateAuth operation: Initiate Auth method not supported.');
  const srpOnly = (await cli<{ UserPoolClient: { ClientId: string } }>('create-user-pool-client', '--user-pool-id', poolId, '--client-name', 'srp')).UserPoolClient.ClientId;
  assert.equal(await cliError('initiate-auth', '--client-id', srpOnly, '--auth-flow', 'USER_PASSWORD_AUTH', '--auth-parameters', 'USERNAME=bob,PASSWORD=Permanent1234'), 'An error occurred (InvalidParameterException) when calling the InitiateAuth operation: USER_PASSWORD_AUTH flow not enabled for this client');
  assert.equal(await cliError('admin-initiate-auth', '--user-pool-id', poolId, '--client-id', srpOnly, '--auth-flow', 'ADMIN_NO_SRP_AUTH', '--auth-parameters', 'USERNAME=bob,PASSWORD=Permanent1234'), 'An error occurred (InvalidParameterException) when calling the AdminInitiateAuth operation: Auth flow not enabled for this client');
  assert.equal(await cliError('initiate-auth', '--client-id', 'nosuchclient', '--auth-flow', 'USER_PASSWORD_AUTH', '--auth-parameters', 'USERNAME=bob,PASSWORD=x'), 'An error occurred (ResourceNotFoundException) when calling the InitiateAuth operation: User pool client nosuchclient does not exist.');

  await cli('admin-delete-user', '--user-pool-id', poolId, '--username', 'bob');
  assert.equal(await cliError('admin-get-user', '--user-pool-id', poolId, '--username', 'bob'), 'An error occurred (UserNotFoundException) when calling the AdminGetUser operation: User does not exist.');
  assert.equal(await cliError('get-user', '--access-token', result.AccessToken), 'An error occurred (UserNotFoundException) when calling the GetUser operation: User does not exist.');
});

test('boto3: sign-up with a secret hash, the confirmation code Gatehouse keeps, confirm, sign in, refresh', async () => {
  const poolId = (await cli<{ UserPool: { Id: string } }>('create-user-pool', '--pool-name', 'public', '--auto-verified-attributes', 'email')).UserPool.Id;
  const client = (await cli<{ UserPoolClient: { ClientId: string; ClientSecret: string } }>('create-user-pool-client', '--user-pool-id', poolId, '--client-name', 'server', '--generate-secret', '--explicit-auth-flows', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH')).UserPoolClient;
  const hash = createHmac('sha256', client.ClientSecret).update(`carol${client.ClientId}`).digest('base64');
  const signUp = (await boto3(`
cid, h = sys.argv[2], sys.argv[3]
out = {}
out["nohash"] = err(lambda: idp.sign_up(ClientId=cid, Username="carol", Password="Passw0rd!"))
out["badhash"] = err(lambda: idp.sign_up(ClientId=cid, SecretHash="AAAA", Username="carol", Password="Passw0rd!"))
out["weak"] = err(lambda: idp.sign_up(ClientId=cid, SecretHash=h, Username="carol", Password="password"))
r = idp.sign_up(ClientId=cid, SecretHash=h, Username="carol", Password="Passw0rd!", UserAttributes=[{"Name": "email", "Value": "carol@example.com"}])
out["signup"] = {k: r[k] for k in ("UserConfirmed", "CodeDeliveryDetails")}
out["sub"] = r["UserSub"]
out["again"] = err(lambda: idp.sign_up(ClientId=cid, SecretHash=h, Username="carol", Password="Passw0rd!"))
out["early"] = err(lambda: idp.initiate_auth(ClientId=cid, AuthFlow="USER_PASSWORD_AUTH", AuthParameters={"USERNAME": "carol", "PASSWORD": "Passw0rd!", "SECRET_HASH": h}))
print(json.dumps(out))
`, client.ClientId, hash)) as Record<string, unknown>;
  assert.deepEqual(signUp, {
    nohash: ['NotAuthorizedException', `Client ${client.ClientId} is configured with secret but SECRET_HASH was not received`, 400],
    badhash: ['NotAuthorizedException', `Unable to verify secret hash for client ${client.ClientId}`, 400],
    weak: ['InvalidPasswordException', 'Password did not conform with policy: Password must have uppercase characters', 400],
    signup: { UserConfirmed: false, CodeDeliveryDetails: { Destination: 'c***@e***', DeliveryMedium: 'EMAIL', AttributeName: 'email' } },
    sub: signUp.sub,
    again: ['UsernameExistsException', 'User already exists', 400],
    early: ['UserNotConfirmedException', 'User is not confirmed.', 400],
  });

  const codeRes = await raw(gh, 'GET', `/_gatehouse/cognito-idp/${poolId}/users/carol/confirmation-code`);
  assert.equal(codeRes.status, 200);
  const { code } = JSON.parse(codeRes.text) as { code: string };
  assert.match(code, /^\d{6}$/);
  const wrong = code === '000000' ? '111111' : '000000';
  const confirmed = (await boto3(`
cid, h, code, wrong = sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
out = {}
out["wrong"] = err(lambda: idp.confirm_sign_up(ClientId=cid, SecretHash=h, Username="carol", ConfirmationCode=wrong))
idp.confirm_sign_up(ClientId=cid, SecretHash=h, Username="carol", ConfirmationCode=code)
out["twice"] = err(lambda: idp.confirm_sign_up(ClientId=cid, SecretHash=h, Username="carol", ConfirmationCode=code))
r = idp.initiate_auth(ClientId=cid, AuthFlow="USER_PASSWORD_AUTH", AuthParameters={"USERNAME": "carol", "PASSWORD": "Passw0rd!", "SECRET_HASH": h})["AuthenticationResult"]
again = idp.initiate_auth(ClientId=cid, AuthFlow="REFRESH_TOKEN", AuthParameters={"REFRESH_TOKEN": r["RefreshToken"], "SECRET_HASH": h})["AuthenticationResult"]
out["refreshed"] = sorted(again.keys())
out["id"] = r["IdToken"]
print(json.dumps(out))
`, client.ClientId, hash, code, wrong)) as { wrong: unknown; twice: unknown; refreshed: string[]; id: string };
  assert.deepEqual(confirmed.wrong, ['CodeMismatchException', 'Invalid verification code provided, please try again.', 400]);
  assert.deepEqual(confirmed.twice, ['NotAuthorizedException', 'User cannot be confirmed. Current status is CONFIRMED', 400]);
  assert.deepEqual(confirmed.refreshed, ['AccessToken', 'ExpiresIn', 'IdToken', 'TokenType']);
  const claims = claimsOf(confirmed.id).payload;
  assert.equal(claims.email_verified, true, 'confirming verified the auto-verified email');
  assert.equal(claims.sub, signUp.sub);
  assert.equal((await raw(gh, 'GET', `/_gatehouse/cognito-idp/${poolId}/users/carol/confirmation-code`)).status, 404);
});

test('the JWKS and OpenID configuration by Host and on the main port; the client credentials grant with custom scopes', async () => {
  const poolId = (await cli<{ UserPool: { Id: string } }>('create-user-pool', '--pool-name', 'machines')).UserPool.Id;
  const issuer = `https://cognito-idp.${REGION}.amazonaws.com/${poolId}`;
  const byPath = await raw(gh, 'GET', `/_aws/cognito-idp/${REGION}/${poolId}/.well-known/jwks.json`);
  assert.equal(byPath.status, 200);
  const jwk = (JSON.parse(byPath.text) as { keys: Array<Record<string, string>> }).keys;
  assert.equal(jwk.length, 1);
  assert.deepEqual(Object.keys(jwk[0]!), ['alg', 'e', 'kid', 'kty', 'n', 'use']);
  assert.deepEqual({ alg: jwk[0]!.alg, e: jwk[0]!.e, kty: jwk[0]!.kty, use: jwk[0]!.use }, { alg: 'RS256', e: 'AQAB', kty: 'RSA', use: 'sig' });
  assert.equal(JSON.stringify(jwk).includes('"d"'), false, 'no private part');
  const config = await getWithHost(`/${poolId}/.well-known/openid-configuration`, `cognito-idp.${REGION}.amazonaws.com`);
  const configBody = JSON.parse(config.body) as Record<string, unknown>;
  assert.equal(configBody.issuer, issuer);
  assert.equal(configBody.jwks_uri, `${issuer}/.well-known/jwks.json`);
  const local = await getWithHost(`/${poolId}/.well-known/jwks.json`, `cognito-idp.${REGION}.localhost:4566`);
  assert.deepEqual(JSON.parse(local.body), { keys: jwk });
  // From an instance, through its egress proxy, at the pool's real URL (as a JWT library fetches its keys).
  const ec2 = ec2Client(gh);
  const { VpcId: vpcId } = await newVpc(ec2, '10.9.0.0/16', { dns: true });
  const { SubnetId: subnetId } = await newSubnet(ec2, vpcId, '10.9.1.0/24', 'us-east-1a');
  const instanceId = (await ec2.send(new RunInstancesCommand({ ImageId: 'ami-0123456789abcdef0', MinCount: 1, MaxCount: 1, SubnetId: subnetId }))).Instances![0]!.InstanceId!;
  ec2.destroy();
  const fromInstance = await fetch(`${issuer}/.well-known/jwks.json`, { dispatcher: await gh.instanceDispatcher(instanceId) } as RequestInit);
  assert.equal(fromInstance.status, 200);
  assert.deepEqual(await fromInstance.json(), { keys: jwk });
  const missing = await raw(gh, 'GET', `/_aws/cognito-idp/${REGION}/us-east-1_missing12/.well-known/jwks.json`);
  assert.deepEqual([missing.status, JSON.parse(missing.text)], [404, { message: 'User pool us-east-1_missing12 does not exist.' }]);
  assert.equal((await raw(gh, 'GET', `/_aws/cognito-idp/eu-west-1/${poolId}/.well-known/jwks.json`)).status, 404);

  const server = await cli<{ ResourceServer: unknown }>('create-resource-server', '--user-pool-id', poolId, '--identifier', 'https://api.example.com', '--name', 'api', '--scopes', 'ScopeName=read,ScopeDescription=Read', 'ScopeName=write,ScopeDescription=Write');
  assert.deepEqual(server.ResourceServer, { UserPoolId: poolId, Identifier: 'https://api.example.com', Name: 'api', Scopes: [{ ScopeName: 'read', ScopeDescription: 'Read' }, { ScopeName: 'write', ScopeDescription: 'Write' }] });
  assert.deepEqual((await cli<{ ResourceServers: unknown[] }>('list-resource-servers', '--user-pool-id', poolId, '--max-results', '10')).ResourceServers, [server.ResourceServer]);
  assert.equal(await cliError('create-user-pool-client', '--user-pool-id', poolId, '--client-name', 'm2m', '--allowed-o-auth-flows', 'client_credentials', '--allowed-o-auth-scopes', 'https://api.example.com/read', '--allowed-o-auth-flows-user-pool-client'), 'An error occurred (InvalidOAuthFlowException) when calling the CreateUserPoolClient operation: client_credentials flow can not be selected if client does not have a client secret.');
  const m2m = (await cli<{ UserPoolClient: { ClientId: string; ClientSecret: string } }>('create-user-pool-client', '--user-pool-id', poolId, '--client-name', 'm2m', '--generate-secret', '--allowed-o-auth-flows', 'client_credentials', '--allowed-o-auth-scopes', 'https://api.example.com/read', 'https://api.example.com/write', '--allowed-o-auth-flows-user-pool-client')).UserPoolClient;

  const tokenUrl = `${gh.url}/_aws/cognito-idp/${REGION}/${poolId}/oauth2/token`;
  const basic = `Basic ${Buffer.from(`${m2m.ClientId}:${m2m.ClientSecret}`).toString('base64')}`;
  const post = async (body: string, authorization = basic) => {
    const res = await fetch(tokenUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', authorization }, body });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const granted = await post('grant_type=client_credentials&scope=https%3A%2F%2Fapi.example.com%2Fread');
  assert.equal(granted.status, 200);
  assert.deepEqual({ ...granted.body, access_token: 'x' }, { access_token: 'x', expires_in: 3600, token_type: 'Bearer' });
  const token = granted.body.access_token as string;
  const claims = claimsOf(token).payload;
  assert.deepEqual({ sub: claims.sub, client_id: claims.client_id, scope: claims.scope, use: claims.token_use, iss: claims.iss, version: claims.version }, { sub: m2m.ClientId, client_id: m2m.ClientId, scope: 'https://api.example.com/read', use: 'access', iss: issuer, version: 2 });
  const all = await post('grant_type=client_credentials');
  assert.equal(claimsOf(all.body.access_token as string).payload.scope, 'https://api.example.com/read https://api.example.com/write');
  assert.deepEqual(await post('grant_type=client_credentials&scope=https%3A%2F%2Fapi.example.com%2Fadmin'), { status: 400, body: { error: 'invalid_scope' } });
  assert.deepEqual(await post('grant_type=password'), { status: 400, body: { error: 'unsupported_grant_type' } });
  assert.deepEqual(await post('grant_type=client_credentials', `Basic ${Buffer.from(`${m2m.ClientId}:wrong`).toString('base64')}`), { status: 401, body: { error: 'invalid_client' } });

  // The authorizer's verifier: the method's scope is in the token; an id token would not do.
  const keys = new Map([[jwk[0]!.kid!, createPublicKey({ key: jwk[0]!, format: 'jwk' })]]);
  const arn = `arn:aws:cognito-idp:${REGION}:${ACCOUNT}:userpool/${poolId}`;
  const keysOf = (a: string) => (a === arn ? { issuer, keys } : undefined);
  assert.equal(verifyCognitoToken(token, [arn], keysOf, new Date(), ['https://api.example.com/read']).ok, true);
  assert.equal(verifyCognitoToken(token, [arn], keysOf, new Date(), ['https://api.example.com/write']).ok, false);
  assert.equal(await cliError('get-user', '--access-token', token), 'An error occurred (NotAuthorizedException) when calling the GetUser operation: Access Token does not have required scopes');
});

test('bad input on the wire: AWS JSON errors, never a crash', async () => {
  const target = (op: string) => ({ 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${op}` });
  const noClient = await raw(gh, 'POST', '/', { headers: target('InitiateAuth'), body: '{"AuthFlow":"USER_PASSWORD_AUTH"}' });
  assert.deepEqual([noClient.status, JSON.parse(noClient.text)], [400, { __type: 'InvalidParameterException', message: "1 validation error detected: Value null at 'clientId' failed to satisfy constraint: Member must not be null" }]);
  const flow = await raw(gh, 'POST', '/', { headers: target('InitiateAuth'), body: '{"AuthFlow":"MAGIC","ClientId":"abc"}' });
  assert.deepEqual([flow.status, JSON.parse(flow.text)], [400, { __type: 'InvalidParameterException', message: "1 validation error detected: Value 'MAGIC' at 'authFlow' failed to satisfy constraint: Member must satisfy enum value set: [USER_SRP_AUTH, REFRESH_TOKEN_AUTH, REFRESH_TOKEN, CUSTOM_AUTH, ADMIN_NO_SRP_AUTH, USER_PASSWORD_AUTH, ADMIN_USER_PASSWORD_AUTH, USER_AUTH]" }]);
  const huge = await raw(gh, 'POST', '/', { headers: target('GetUser'), body: JSON.stringify({ AccessToken: `${'a'.repeat(40000)}.b.c` }) });
  assert.deepEqual([huge.status, JSON.parse(huge.text)], [400, { __type: 'NotAuthorizedException', message: 'Invalid Access Token' }]);
  const forged = await raw(gh, 'POST', '/', { headers: target('GetUser'), body: JSON.stringify({ AccessToken: `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"iss":"x","token_use":"access"}').toString('base64url')}.` }) });
  assert.deepEqual([forged.status, JSON.parse(forged.text)], [400, { __type: 'NotAuthorizedException', message: 'Invalid Access Token' }]);
  const notJson = await raw(gh, 'POST', '/', { headers: target('SignUp'), body: '{not json' });
  assert.equal(notJson.status, 400);
  const garbageBearer = await raw(gh, 'POST', '/', { headers: target('InitiateAuth'), body: JSON.stringify({ AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: 'x'.repeat(129), AuthParameters: { REFRESH_TOKEN: 'y' } }) });
  assert.equal(garbageBearer.status, 400);
  assert.match(garbageBearer.text, /Member must have length less than or equal to 128/);
});

test('CloudFormation: a stack with a user pool, a resource server, a group and a client; Ref and GetAtt', async () => {
  const template = JSON.stringify({
    Resources: {
      Pool: { Type: 'AWS::Cognito::UserPool', Properties: { UserPoolName: 'stacked', Policies: { PasswordPolicy: { MinimumLength: 12, RequireSymbols: false } }, AutoVerifiedAttributes: ['email'], UsernameAttributes: ['email'] } },
      Api: { Type: 'AWS::Cognito::UserPoolResourceServer', Properties: { UserPoolId: { Ref: 'Pool' }, Identifier: 'orders', Name: 'Orders', Scopes: [{ ScopeName: 'read', ScopeDescription: 'Read orders' }] } },
      Admins: { Type: 'AWS::Cognito::UserPoolGroup', Properties: { UserPoolId: { Ref: 'Pool' }, GroupName: 'admins', Precedence: 1 } },
      Client: { Type: 'AWS::Cognito::UserPoolClient', DependsOn: 'Api', Properties: { UserPoolId: { Ref: 'Pool' }, ClientName: 'web', GenerateSecret: true, ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'], AllowedOAuthFlows: ['client_credentials'], AllowedOAuthScopes: ['orders/read'], AllowedOAuthFlowsUserPoolClient: true } },
    },
    Outputs: {
      PoolId: { Value: { Ref: 'Pool' } },
      PoolArn: { Value: { 'Fn::GetAtt': ['Pool', 'Arn'] } },
      ProviderName: { Value: { 'Fn::GetAtt': ['Pool', 'ProviderName'] } },
      ProviderURL: { Value: { 'Fn::GetAtt': ['Pool', 'ProviderURL'] } },
      ClientId: { Value: { Ref: 'Client' } },
      ClientSecret: { Value: { 'Fn::GetAtt': ['Client', 'ClientSecret'] } },
      ClientName: { Value: { 'Fn::GetAtt': ['Client', 'Name'] } },
      Server: { Value: { Ref: 'Api' } },
      Group: { Value: { Ref: 'Admins' } },
    },
  });
  const waiter = { client: cfn, maxWaitTime: 60, minDelay: 1, maxDelay: 1 };
  await cfn.send(new CreateStackCommand({ StackName: 'auth', TemplateBody: template }));
  await waitUntilStackCreateComplete(waiter, { StackName: 'auth' });
  const outputs = Object.fromEntries((await cfn.send(new DescribeStacksCommand({ StackName: 'auth' }))).Stacks![0]!.Outputs!.map((o) => [o.OutputKey, o.OutputValue])) as Record<string, string>;
  const poolId = outputs.PoolId!;
  assert.match(poolId, /^us-east-1_[0-9A-Za-z]{9}$/);
  assert.deepEqual({ ...outputs, PoolId: 'x', ClientId: 'x', ClientSecret: 'x' }, {
    PoolId: 'x',
    PoolArn: `arn:aws:cognito-idp:${REGION}:${ACCOUNT}:userpool/${poolId}`,
    ProviderName: `cognito-idp.${REGION}.amazonaws.com/${poolId}`,
    ProviderURL: `https://cognito-idp.${REGION}.amazonaws.com/${poolId}`,
    ClientId: 'x',
    ClientSecret: 'x',
    ClientName: 'web',
    Server: 'orders',
    Group: 'admins',
  });
  const client = await cli<{ UserPoolClient: { ClientSecret: string; AllowedOAuthScopes: string[] } }>('describe-user-pool-client', '--user-pool-id', poolId, '--client-id', outputs.ClientId!);
  assert.equal(client.UserPoolClient.ClientSecret, outputs.ClientSecret);
  assert.deepEqual(client.UserPoolClient.AllowedOAuthScopes, ['orders/read']);
  const pool = await cli<{ UserPool: { UsernameAttributes: string[]; Policies: unknown } }>('describe-user-pool', '--user-pool-id', poolId);
  assert.deepEqual(pool.UserPool.UsernameAttributes, ['email']);
  assert.deepEqual(pool.UserPool.Policies, { PasswordPolicy: { MinimumLength: 12, RequireUppercase: false, RequireLowercase: false, RequireNumbers: false, RequireSymbols: false, TemporaryPasswordValidityDays: 7 } });
  // A pool of email usernames keeps a user under its sub, the email an attribute.
  const created = await cli<{ User: { Username: string; Attributes: Array<{ Name: string; Value: string }> } }>('admin-create-user', '--user-pool-id', poolId, '--username', 'dana@example.com', '--message-action', 'SUPPRESS');
  assert.equal(created.User.Username, created.User.Attributes[0]!.Value);
  assert.deepEqual(created.User.Attributes[1], { Name: 'email', Value: 'dana@example.com' });

  await cfn.send(new DeleteStackCommand({ StackName: 'auth' }));
  await waitUntilStackDeleteComplete(waiter, { StackName: 'auth' });
  assert.equal(await cliError('describe-user-pool', '--user-pool-id', poolId), `An error occurred (ResourceNotFoundException) when calling the DescribeUserPool operation: User pool ${poolId} does not exist.`);
});

test('the AWS SDK for JavaScript v2 (what amazon-cognito-identity-js users have): sign up, admin confirm, sign in, GetUser', async () => {
  const idp = new AWS.CognitoIdentityServiceProvider({ endpoint: gh.url, region: REGION, credentials, maxRetries: 0 });
  const poolId = ((await idp.createUserPool!({ PoolName: 'v2' }).promise()).UserPool as { Id: string }).Id;
  const clientId = ((await idp.createUserPoolClient!({ UserPoolId: poolId, ClientName: 'spa', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }).promise()).UserPoolClient as { ClientId: string }).ClientId;
  const signed = await idp.signUp!({ ClientId: clientId, Username: 'ivy', Password: 'Passw0rd!', UserAttributes: [{ Name: 'email', Value: 'ivy@example.com' }] }).promise();
  assert.equal(signed.UserConfirmed, false);
  await idp.adminConfirmSignUp!({ UserPoolId: poolId, Username: 'ivy' }).promise();
  const auth = (await idp.initiateAuth!({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'ivy', PASSWORD: 'Passw0rd!' } }).promise()).AuthenticationResult as { AccessToken: string; IdToken: string };
  assert.ok(verifiesWith(await jwks(poolId), auth.IdToken));
  const me = await idp.getUser!({ AccessToken: auth.AccessToken }).promise();
  assert.equal(me.Username, 'ivy');
  try {
    await idp.adminConfirmSignUp!({ UserPoolId: poolId, Username: 'ivy' }).promise();
    assert.fail('expected an error');
  } catch (e) {
    const err = e as { code: string; message: string; statusCode: number };
    assert.deepEqual([err.code, err.message, err.statusCode], ['NotAuthorizedException', 'User cannot be confirmed. Current status is CONFIRMED', 400]);
  }
});

test('a pool outlives a restart: its key, its users, and the refresh tokens it issued', async () => {
  const dataDir = tempDataDir();
  let other = await startTestGatehouse({ inMemory: false, dataDir });
  const idp = () => new AWS.CognitoIdentityServiceProvider({ endpoint: other.url, region: REGION, credentials, maxRetries: 0 });
  try {
    const poolId = ((await idp().createUserPool!({ PoolName: 'kept' }).promise()).UserPool as { Id: string }).Id;
    const clientId = ((await idp().createUserPoolClient!({ UserPoolId: poolId, ClientName: 'c', ExplicitAuthFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }).promise()).UserPoolClient as { ClientId: string }).ClientId;
    await idp().adminCreateUser!({ UserPoolId: poolId, Username: 'jo', TemporaryPassword: 'Temp#Pass1', MessageAction: 'SUPPRESS' }).promise();
    await idp().adminSetUserPassword!({ UserPoolId: poolId, Username: 'jo', Password: 'Perm#Pass1', Permanent: true }).promise();
    const before = (await idp().adminInitiateAuth!({ UserPoolId: poolId, ClientId: clientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'jo', PASSWORD: 'Perm#Pass1' } }).promise()).AuthenticationResult as { IdToken: string; RefreshToken: string };
    const jwksBefore = await raw(other, 'GET', `/_aws/cognito-idp/${REGION}/${poolId}/.well-known/jwks.json`);
    await other.dispose();
    other = await startTestGatehouse({ inMemory: false, dataDir });
    const jwksAfter = await raw(other, 'GET', `/_aws/cognito-idp/${REGION}/${poolId}/.well-known/jwks.json`);
    assert.equal(jwksAfter.text, jwksBefore.text);
    const jwk = (JSON.parse(jwksAfter.text) as { keys: Array<{ kid: string } & Record<string, string>> }).keys[0]!;
    assert.ok(verifiesWith(new Map([[jwk.kid, createPublicKey({ key: jwk, format: 'jwk' })]]), before.IdToken));
    const refreshed = (await idp().adminInitiateAuth!({ UserPoolId: poolId, ClientId: clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: before.RefreshToken } }).promise()).AuthenticationResult as { IdToken: string };
    assert.equal(claimsOf(refreshed.IdToken).payload['cognito:username'], 'jo');
  } finally {
    await other.dispose();
  }
});
