import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, test } from 'node:test';
import { ServiceError } from '../../shared/errors.js';
import { openSqliteStore } from '../../store/sqlite/sqlite-store.js';
import type { OperationContext } from '../types.js';
import { adminInitiateAuth, initiateAuth, respondToAuthChallenge } from './auth.js';
import { createUserPoolClient, deleteUserPoolClient } from './clients.js';
import { tokenEndpoint } from './oauth2.js';
import { passwordMatches, hashPassword, policyViolation, secretHash } from './passwords.js';
import { createUserPool, deleteUserPool, describeUserPool, updateUserPool } from './pools.js';
import { adminAddUserToGroup, adminListGroupsForUser, adminRemoveUserFromGroup, createGroup, deleteGroup, getGroup, listGroups, listUsersInGroup } from './groups.js';
import { createResourceServer } from './resource-servers.js';
import { adminCreateUser, adminDeleteUser, adminDisableUser, adminEnableUser, adminGetUser, adminSetUserPassword, adminUpdateUserAttributes, listUsers, signUp } from './users.js';

const store = openSqliteStore(':memory:');
after(() => store.close());
let now = new Date('2026-12-06T12:00:00Z');
const ctx: OperationContext = { scope: { account: '000000000000', region: 'us-east-1' }, accessKeyId: undefined, requestId: 'r', store, clock: { now: () => now } };
const call = <I, O>(handler: (input: I, c: OperationContext) => O, input: I): O => store.transaction(() => handler(input, ctx));
const failure = (fn: () => unknown): [string, string] => {
  try {
    store.transaction(fn);
  } catch (e) {
    if (e instanceof ServiceError) return [e.code, e.message];
    throw e;
  }
  throw new Error('expected a ServiceError');
};
const payload = (jwt: string): Record<string, unknown> => JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;

const DEFAULT_POLICY = { MinimumLength: 8, RequireUppercase: true, RequireLowercase: true, RequireNumbers: true, RequireSymbols: true, TemporaryPasswordValidityDays: 7 };

test('passwords: scrypt hashes that verify only the password, salted; the policy in Cognito\'s order and words', () => {
  const h = hashPassword('Secret#1x');
  assert.match(h.hash, /^scrypt\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/);
  assert.equal(passwordMatches(h, 'Secret#1x'), true);
  assert.equal(passwordMatches(h, 'Secret#1y'), false);
  assert.equal(passwordMatches(undefined, 'x'), false);
  assert.notEqual(hashPassword('Secret#1x').hash, h.hash);
  assert.equal(policyViolation(DEFAULT_POLICY, 'Aa1!'), 'Password not long enough');
  assert.equal(policyViolation(DEFAULT_POLICY, 'AAAAAAA1!'), 'Password must have lowercase characters');
  assert.equal(policyViolation(DEFAULT_POLICY, 'aaaaaaa1!'), 'Password must have uppercase characters');
  assert.equal(policyViolation(DEFAULT_POLICY, 'aaaaaaaA!'), 'Password must have numeric characters');
  assert.equal(policyViolation(DEFAULT_POLICY, 'aaaaaaaA1'), 'Password must have symbol characters');
  assert.equal(policyViolation(DEFAULT_POLICY, 'aaaaaaA1 '), undefined, 'the space is one of Cognito\'s symbols');
  assert.equal(policyViolation(DEFAULT_POLICY, 'aaaaaaA1^'), undefined);
  // AWS's documented SECRET_HASH: Base64(HMAC_SHA256(secret, username + clientId)).
  assert.equal(secretHash('secret', 'user', 'client'), createHmac('sha256', 'secret').update('userclient').digest('base64'));
});

test('pools: defaults, UpdateUserPool, deletion protection, and deleting a pool takes its clients', () => {
  const pool = call(createUserPool, { PoolName: 'p', DeletionProtection: 'ACTIVE' }).UserPool;
  assert.deepEqual(pool.Policies, { PasswordPolicy: DEFAULT_POLICY });
  assert.equal(JSON.stringify(pool).includes('PRIVATE KEY'), false, 'the signing key never leaves the server');
  assert.equal(JSON.stringify(pool).includes('privateKey'), false);
  assert.deepEqual(failure(() => createUserPool({ PoolName: 'bad name!' }, ctx)), ['InvalidParameterException', "1 validation error detected: Value 'bad name!' at 'poolName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w\\s+=,.@-]+"]);
  assert.deepEqual(failure(() => createUserPool({ PoolName: 'p', Policies: { PasswordPolicy: { MinimumLength: 5 } } }, ctx)), ['InvalidParameterException', "1 validation error detected: Value '5' at 'policies.passwordPolicy.minimumLength' failed to satisfy constraint: Member must have value greater than or equal to 6"]);
  const client = call(createUserPoolClient, { UserPoolId: pool.Id, ClientName: 'c' }).UserPoolClient;
  assert.deepEqual(failure(() => deleteUserPool({ UserPoolId: pool.Id }, ctx)), ['InvalidParameterException', 'The user pool cannot be deleted because deletion protection is activated. Deletion protection must be inactivated first.']);
  call(updateUserPool, { UserPoolId: pool.Id, Policies: { PasswordPolicy: { MinimumLength: 6 } } });
  const updated = call(describeUserPool, { UserPoolId: pool.Id }).UserPool;
  assert.equal(updated.DeletionProtection, 'INACTIVE', 'UpdateUserPool resets what it is not given, as on AWS');
  assert.deepEqual(updated.Policies, { PasswordPolicy: { MinimumLength: 6, RequireUppercase: false, RequireLowercase: false, RequireNumbers: false, RequireSymbols: false, TemporaryPasswordValidityDays: 7 } });
  call(deleteUserPool, { UserPoolId: pool.Id });
  assert.equal(store.table('cognito_clients').get(ctx.scope, '', client.ClientId), undefined);
});

test('clients: enums and ranges checked; PreventUserExistenceErrors hides unknown users; token validity units', () => {
  const poolId = call(createUserPool, { PoolName: 'p2' }).UserPool.Id;
  assert.deepEqual(failure(() => createUserPoolClient({ UserPoolId: poolId, ClientName: 'c', ExplicitAuthFlows: ['USER_PASSWORD'] }, ctx)), ['InvalidParameterException', "1 validation error detected: Value '[USER_PASSWORD]' at 'explicitAuthFlows' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [ADMIN_NO_SRP_AUTH, CUSTOM_AUTH_FLOW_ONLY, USER_PASSWORD_AUTH, ALLOW_ADMIN_USER_PASSWORD_AUTH, ALLOW_CUSTOM_AUTH, ALLOW_USER_PASSWORD_AUTH, ALLOW_USER_SRP_AUTH, ALLOW_REFRESH_TOKEN_AUTH, ALLOW_USER_AUTH]]"]);
  assert.deepEqual(failure(() => createUserPoolClient({ UserPoolId: poolId, ClientName: 'c', TokenValidityUnits: { AccessToken: 'weeks' } }, ctx))[0], 'InvalidParameterException');
  const hiding = call(createUserPoolClient, { UserPoolId: poolId, ClientName: 'c', PreventUserExistenceErrors: 'ENABLED', ExplicitAuthFlows: ['USER_PASSWORD_AUTH'], IdTokenValidity: 5, AccessTokenValidity: 90, TokenValidityUnits: { IdToken: 'minutes', AccessToken: 'minutes' } }).UserPoolClient;
  assert.deepEqual(failure(() => initiateAuth({ ClientId: hiding.ClientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'ghost', PASSWORD: 'x' } }, ctx)), ['NotAuthorizedException', 'Incorrect username or password.']);
  call(adminCreateUser, { UserPoolId: poolId, Username: 'eve', TemporaryPassword: 'Temp#Pass1', MessageAction: 'SUPPRESS' });
  call(adminSetUserPassword, { UserPoolId: poolId, Username: 'eve', Password: 'Perm#Pass1', Permanent: true });
  const out = call(initiateAuth, { ClientId: hiding.ClientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'eve', PASSWORD: 'Perm#Pass1' } });
  const result = out.AuthenticationResult!;
  assert.equal(result.ExpiresIn, 5400);
  const id = payload(result.IdToken);
  assert.equal((id.exp as number) - (id.iat as number), 300);
  const access = payload(result.AccessToken);
  assert.equal((access.exp as number) - (access.iat as number), 5400);
  // A legacy-flows client could always refresh.
  const refreshed = call(initiateAuth, { ClientId: hiding.ClientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: result.RefreshToken! } });
  assert.equal(refreshed.AuthenticationResult?.RefreshToken, undefined);
  // Another client of the pool cannot use this client's refresh token.
  const other = call(createUserPoolClient, { UserPoolId: poolId, ClientName: 'o', ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'] }).UserPoolClient;
  assert.deepEqual(failure(() => initiateAuth({ ClientId: other.ClientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: result.RefreshToken! } }, ctx)), ['NotAuthorizedException', 'Invalid Refresh Token']);
  // Expired after the client's 30 days.
  const saved = now;
  now = new Date(saved.getTime() + 31 * 86400_000);
  assert.deepEqual(failure(() => initiateAuth({ ClientId: hiding.ClientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: result.RefreshToken! } }, ctx)), ['NotAuthorizedException', 'Invalid Refresh Token']);
  now = saved;
  call(deleteUserPoolClient, { UserPoolId: poolId, ClientId: hiding.ClientId });
  assert.deepEqual(failure(() => initiateAuth({ ClientId: hiding.ClientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: result.RefreshToken! } }, ctx)), ['ResourceNotFoundException', `User pool client ${hiding.ClientId} does not exist.`]);
});

test('the new-password session expires with the client\'s AuthSessionValidity; SRP is not implemented', () => {
  const poolId = call(createUserPool, { PoolName: 'p3' }).UserPool.Id;
  const client = call(createUserPoolClient, { UserPoolId: poolId, ClientName: 'c', ExplicitAuthFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }).UserPoolClient;
  call(adminCreateUser, { UserPoolId: poolId, Username: 'fay', TemporaryPassword: 'Temp#Pass1' });
  const challenge = call(adminInitiateAuth, { UserPoolId: poolId, ClientId: client.ClientId, AuthFlow: 'ADMIN_NO_SRP_AUTH', AuthParameters: { USERNAME: 'fay', PASSWORD: 'Temp#Pass1' } });
  assert.equal(challenge.ChallengeName, 'NEW_PASSWORD_REQUIRED');
  const saved = now;
  now = new Date(saved.getTime() + 4 * 60_000);
  assert.deepEqual(failure(() => respondToAuthChallenge({ ClientId: client.ClientId, ChallengeName: 'NEW_PASSWORD_REQUIRED', Session: challenge.Session!, ChallengeResponses: { USERNAME: 'fay', NEW_PASSWORD: 'Perm#Pass1' } }, ctx)), ['NotAuthorizedException', 'Invalid session for the user, session is expired.']);
  now = saved;
  const srp = failure(() => initiateAuth({ ClientId: client.ClientId, AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: 'fay', SRP_A: 'x' } }, ctx));
  assert.equal(srp[0], 'NotImplementedException');
});

test('users: ListUsers filters and pages; SignUp refused where only admins create users; email usernames', () => {
  const poolId = call(createUserPool, { PoolName: 'p4', AdminCreateUserConfig: { AllowAdminCreateUserOnly: true }, UsernameAttributes: ['email'] }).UserPool.Id;
  const client = call(createUserPoolClient, { UserPoolId: poolId, ClientName: 'c' }).UserPoolClient;
  assert.deepEqual(failure(() => signUp({ ClientId: client.ClientId, Username: 'a@example.com', Password: 'Perm#Pass1' }, ctx)), ['NotAuthorizedException', 'SignUp is not permitted for this user pool']);
  assert.deepEqual(failure(() => adminCreateUser({ UserPoolId: poolId, Username: 'plain' }, ctx)), ['InvalidParameterException', 'Username should be either an email or a phone number.']);
  for (const name of ['ann@example.com', 'andy@example.com', 'bea@example.org']) call(adminCreateUser, { UserPoolId: poolId, Username: name, MessageAction: 'SUPPRESS' });
  assert.deepEqual(failure(() => adminCreateUser({ UserPoolId: poolId, Username: 'ann@example.com' }, ctx)), ['UsernameExistsException', 'User account already exists']);
  const emails = (input: Parameters<typeof listUsers>[0]) => call(listUsers, input).Users.map((u) => u.Attributes.find((a) => a.Name === 'email')?.Value);
  assert.deepEqual(emails({ UserPoolId: poolId, Filter: 'email ^= "an"' }), ['ann@example.com', 'andy@example.com']);
  assert.deepEqual(emails({ UserPoolId: poolId, Filter: 'email = "bea@example.org"' }), ['bea@example.org']);
  const first = call(listUsers, { UserPoolId: poolId, Limit: 2 });
  assert.equal(first.Users.length, 2);
  const second = call(listUsers, { UserPoolId: poolId, Limit: 2, PaginationToken: first.PaginationToken });
  assert.equal(second.Users.length, 1);
  assert.equal(second.PaginationToken, undefined);
  assert.deepEqual(failure(() => listUsers({ UserPoolId: poolId, Filter: 'email contains x' }, ctx)), ['InvalidParameterException', 'Error while parsing filter.']);
});

test('the token endpoint: client credentials only for a client allowed them', () => {
  const poolId = call(createUserPool, { PoolName: 'p5' }).UserPool.Id;
  call(createResourceServer, { UserPoolId: poolId, Identifier: 'orders', Name: 'Orders', Scopes: [{ ScopeName: 'read', ScopeDescription: 'r' }] });
  const plain = call(createUserPoolClient, { UserPoolId: poolId, ClientName: 'plain', GenerateSecret: true, AllowedOAuthScopes: ['orders/read'] }).UserPoolClient;
  const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
  assert.deepEqual(tokenEndpoint(ctx, poolId, basic(plain.ClientId, plain.ClientSecret!), 'grant_type=client_credentials'), { status: 400, body: { error: 'unauthorized_client' } });
  assert.deepEqual(tokenEndpoint(ctx, poolId, undefined, ''), { status: 400, body: { error: 'invalid_request' } });
  assert.deepEqual(tokenEndpoint(ctx, poolId, 'Basic !!!', 'grant_type=client_credentials'), { status: 401, body: { error: 'invalid_client' } });
  const m2m = call(createUserPoolClient, { UserPoolId: poolId, ClientName: 'm2m', GenerateSecret: true, AllowedOAuthFlows: ['client_credentials'], AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthScopes: ['orders/read'] }).UserPoolClient;
  const byForm = tokenEndpoint(ctx, poolId, undefined, `grant_type=client_credentials&client_id=${m2m.ClientId}&client_secret=${m2m.ClientSecret}`);
  assert.equal(byForm.status, 200);
  assert.equal(payload(byForm.body.access_token as string).scope, 'orders/read');
  // Another pool's path does not hand out this pool's clients.
  assert.deepEqual(tokenEndpoint(ctx, 'us-east-1_other0000', basic(m2m.ClientId, m2m.ClientSecret!), 'grant_type=client_credentials'), { status: 401, body: { error: 'invalid_client' } });
});

test('refresh tokens are forgotten with their user, client or pool', () => {
  const poolId = call(createUserPool, { PoolName: 'p6' }).UserPool.Id;
  const client = call(createUserPoolClient, { UserPoolId: poolId, ClientName: 'c', ExplicitAuthFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }).UserPoolClient;
  const count = () => store.table('cognito_refresh_tokens').list(ctx.scope, '').length;
  const before = count();
  for (const name of ['gus', 'hal']) {
    call(adminCreateUser, { UserPoolId: poolId, Username: name, TemporaryPassword: 'Temp#Pass1' });
    call(adminSetUserPassword, { UserPoolId: poolId, Username: name, Password: 'Perm#Pass1', Permanent: true });
    call(adminInitiateAuth, { UserPoolId: poolId, ClientId: client.ClientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: name, PASSWORD: 'Perm#Pass1' } });
  }
  assert.equal(count(), before + 2);
  call(adminDeleteUser, { UserPoolId: poolId, Username: 'gus' });
  assert.equal(count(), before + 1);
  call(deleteUserPool, { UserPoolId: poolId });
  assert.equal(count(), before);
});

test('attributes are checked against the pool\'s schema: unknown ones refused, required ones needed', () => {
  const poolId = call(createUserPool, { PoolName: 'p7', Schema: [{ Name: 'email', Required: true, Mutable: true }, { Name: 'tier', AttributeDataType: 'String' }] }).UserPool.Id;
  const schema = call(describeUserPool, { UserPoolId: poolId }).UserPool.SchemaAttributes as Array<{ Name: string; Required: boolean }>;
  assert.equal(schema.find((a) => a.Name === 'email')?.Required, true);
  assert.ok(schema.some((a) => a.Name === 'custom:tier'));
  assert.deepEqual(failure(() => adminCreateUser({ UserPoolId: poolId, Username: 'ike' }, ctx)), ['InvalidParameterException', 'Attributes did not conform to the schema: email: The attribute is required']);
  assert.deepEqual(failure(() => adminCreateUser({ UserPoolId: poolId, Username: 'ike', UserAttributes: [{ Name: 'email', Value: 'i@example.com' }, { Name: 'custom:nope', Value: 'x' }] }, ctx)), ['InvalidParameterException', 'Attributes did not conform to the schema: custom:nope: Attribute does not exist in the schema.']);
  const user = call(adminCreateUser, { UserPoolId: poolId, Username: 'ike', UserAttributes: [{ Name: 'email', Value: 'i@example.com' }, { Name: 'custom:tier', Value: 'gold' }] }).User;
  assert.deepEqual(user.Attributes.slice(1), [{ Name: 'email', Value: 'i@example.com' }, { Name: 'custom:tier', Value: 'gold' }]);
});

test('disable, enable and update a user: a disabled user cannot sign in; a changed email is no longer verified', () => {
  const poolId = call(createUserPool, { PoolName: 'p8' }).UserPool.Id;
  const client = call(createUserPoolClient, { UserPoolId: poolId, ClientName: 'c', ExplicitAuthFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }).UserPoolClient;
  call(adminCreateUser, { UserPoolId: poolId, Username: 'kim', TemporaryPassword: 'Temp#Pass1', UserAttributes: [{ Name: 'email', Value: 'k@example.com' }, { Name: 'email_verified', Value: 'true' }] });
  call(adminSetUserPassword, { UserPoolId: poolId, Username: 'kim', Password: 'Perm#Pass1', Permanent: true });
  const signIn = () => adminInitiateAuth({ UserPoolId: poolId, ClientId: client.ClientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'kim', PASSWORD: 'Perm#Pass1' } }, ctx);
  const refresh = store.transaction(signIn).AuthenticationResult!.RefreshToken!;
  call(adminDisableUser, { UserPoolId: poolId, Username: 'kim' });
  assert.equal(call(adminGetUser, { UserPoolId: poolId, Username: 'kim' }).Enabled, false);
  assert.deepEqual(failure(signIn), ['NotAuthorizedException', 'User is disabled.']);
  assert.deepEqual(failure(() => adminInitiateAuth({ UserPoolId: poolId, ClientId: client.ClientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: refresh } }, ctx)), ['NotAuthorizedException', 'User is disabled.']);
  call(adminEnableUser, { UserPoolId: poolId, Username: 'kim' });
  assert.ok(store.transaction(signIn).AuthenticationResult);
  call(adminUpdateUserAttributes, { UserPoolId: poolId, Username: 'kim', UserAttributes: [{ Name: 'email', Value: 'kim@example.com' }, { Name: 'name', Value: 'Kim' }] });
  assert.deepEqual(call(adminGetUser, { UserPoolId: poolId, Username: 'kim' }).UserAttributes.slice(1), [{ Name: 'email', Value: 'kim@example.com' }, { Name: 'email_verified', Value: 'false' }, { Name: 'name', Value: 'Kim' }]);
  assert.deepEqual(failure(() => adminUpdateUserAttributes({ UserPoolId: poolId, Username: 'kim', UserAttributes: [{ Name: 'custom:x', Value: '1' }] }, ctx)), ['InvalidParameterException', 'Attributes did not conform to the schema: custom:x: Attribute does not exist in the schema.']);
});

test('groups: created, joined in precedence order, in the tokens as cognito:groups, left and deleted', () => {
  const poolId = call(createUserPool, { PoolName: 'p9' }).UserPool.Id;
  const client = call(createUserPoolClient, { UserPoolId: poolId, ClientName: 'c', ExplicitAuthFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH'] }).UserPoolClient;
  const admins = call(createGroup, { UserPoolId: poolId, GroupName: 'admins', Precedence: 1, RoleArn: 'arn:aws:iam::000000000000:role/admin', Description: 'Admins' }).Group;
  assert.deepEqual({ ...admins, CreationDate: 0, LastModifiedDate: 0 }, { GroupName: 'admins', UserPoolId: poolId, Description: 'Admins', RoleArn: 'arn:aws:iam::000000000000:role/admin', Precedence: 1, LastModifiedDate: 0, CreationDate: 0 });
  call(createGroup, { UserPoolId: poolId, GroupName: 'readers', Precedence: 5 });
  assert.deepEqual(failure(() => createGroup({ UserPoolId: poolId, GroupName: 'admins' }, ctx)), ['GroupExistsException', 'A group with the name admins already exists.']);
  assert.deepEqual(failure(() => getGroup({ UserPoolId: poolId, GroupName: 'nope' }, ctx)), ['ResourceNotFoundException', 'Group not found.']);
  call(adminCreateUser, { UserPoolId: poolId, Username: 'lee', TemporaryPassword: 'Temp#Pass1' });
  call(adminSetUserPassword, { UserPoolId: poolId, Username: 'lee', Password: 'Perm#Pass1', Permanent: true });
  call(adminAddUserToGroup, { UserPoolId: poolId, Username: 'lee', GroupName: 'readers' });
  call(adminAddUserToGroup, { UserPoolId: poolId, Username: 'lee', GroupName: 'admins' });
  call(adminAddUserToGroup, { UserPoolId: poolId, Username: 'lee', GroupName: 'admins' });
  assert.deepEqual(call(adminListGroupsForUser, { UserPoolId: poolId, Username: 'lee' }).Groups.map((g) => g.GroupName), ['admins', 'readers']);
  assert.deepEqual(call(listUsersInGroup, { UserPoolId: poolId, GroupName: 'readers' }).Users.map((u) => u.Username), ['lee']);
  assert.deepEqual(call(listGroups, { UserPoolId: poolId }).Groups.map((g) => g.GroupName), ['admins', 'readers']);
  const signIn = () => call(adminInitiateAuth, { UserPoolId: poolId, ClientId: client.ClientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'lee', PASSWORD: 'Perm#Pass1' } }).AuthenticationResult!;
  const tokens = signIn();
  const id = payload(tokens.IdToken!);
  assert.deepEqual(Object.keys(id).slice(0, 4), ['sub', 'cognito:groups', 'cognito:preferred_role', 'cognito:roles']);
  assert.deepEqual([id['cognito:groups'], id['cognito:preferred_role'], id['cognito:roles']], [['admins', 'readers'], 'arn:aws:iam::000000000000:role/admin', ['arn:aws:iam::000000000000:role/admin']]);
  assert.deepEqual(payload(tokens.AccessToken!)['cognito:groups'], ['admins', 'readers']);
  call(adminRemoveUserFromGroup, { UserPoolId: poolId, Username: 'lee', GroupName: 'readers' });
  call(deleteGroup, { UserPoolId: poolId, GroupName: 'admins' });
  assert.deepEqual(call(adminListGroupsForUser, { UserPoolId: poolId, Username: 'lee' }).Groups, []);
  assert.equal(payload(signIn().IdToken!)['cognito:groups'], undefined);
});
