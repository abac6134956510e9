/**
 * Users: AdminCreateUser, AdminSetUserPassword, AdminGetUser, AdminDeleteUser, ListUsers, and the unsigned
 * SignUp, ConfirmSignUp and GetUser; AdminConfirmSignUp. No mail or SMS is ever sent: a sign-up's
 * confirmation code is read from Gatehouse (`confirmationCode`, and README says where).
 */
import { randomUUID, timingSafeEqual } from 'node:crypto';
import type { Scope } from '../../shared/accounts.js';
import type { Operations } from '../../wire/models/cognito-idp-2016-04-18.js';
import type { OperationContext } from '../types.js';
import { checkEnum, checkPasswordMember, checkRange, checkUsername, required } from './checks.js';
import { signUpNotPermitted, badSecretHash, cannotConfirm, codeMismatch, invalidParameter, secretHashMissing, userAccountExists, userExists, userNotFound, validationError } from './errors.js';
import { newConfirmationCode } from './ids.js';
import { checkPolicy, hashPassword, secretHash, temporaryPassword } from './passwords.js';
import { findPool, findUser, forgetRefreshTokens, locateClient, pools, users, type StoredClient, type StoredPool, type StoredUser } from './state.js';
import { readAccessToken } from './tokens.js';

type Input<Op extends keyof Operations> = Operations[Op]['input'];
type Attribute = { Name: string; Value: string };

/** SECRET_HASH (or SignUp's SecretHash) against the client's secret; a client without one needs none. */
export function checkSecretHash(client: StoredClient, username: string, given: string | undefined): void {
  if (client.clientSecret === undefined) return;
  if (given === undefined) throw secretHashMissing(client.clientId);
  const expected = Buffer.from(secretHash(client.clientSecret, username, client.clientId));
  const actual = Buffer.from(given);
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) throw badSecretHash(client.clientId);
}

function checkAttributes(member: string, attributes: Input<'AdminCreateUser'>['UserAttributes']): Attribute[] {
  return (attributes ?? []).map((a, i) => {
    const name = required(`${member}.${i + 1}.member.name`, a.Name);
    if (name === 'sub') throw invalidParameter(`${member === 'userAttributes' ? 'Cannot modify an immutable attribute' : 'Invalid attribute'}: sub`);
    return { Name: name, Value: a.Value ?? '' };
  });
}

const attribute = (u: StoredUser, name: string): string | undefined => u.attributes.find((a) => a.Name === name)?.Value;

/** The attributes against the pool's schema: each one must be in it, and every required one given (verified texts). */
function checkSchema(pool: StoredPool, attributes: readonly Attribute[]): void {
  const schema = (pool.settings.SchemaAttributes ?? []) as Array<{ Name: string; Required?: boolean }>;
  const names = new Set(schema.map((a) => a.Name));
  for (const a of attributes) {
    if (!names.has(a.Name)) throw invalidParameter(`Attributes did not conform to the schema: ${a.Name}: Attribute does not exist in the schema.`);
  }
  const missing = schema.find((a) => a.Required === true && a.Name !== 'sub' && !attributes.some((g) => g.Name === a.Name));
  if (missing) throw invalidParameter(`Attributes did not conform to the schema: ${missing.Name}: The attribute is required`);
}

/** The User structure of AdminCreateUser and ListUsers. */
export function userView(u: StoredUser, only?: readonly string[]) {
  const attrs = [{ Name: 'sub', Value: u.sub }, ...u.attributes];
  return {
    Username: u.username,
    Attributes: only ? attrs.filter((a) => only.includes(a.Name)) : attrs,
    UserCreateDate: u.created,
    UserLastModifiedDate: u.lastModified,
    Enabled: u.enabled,
    UserStatus: u.status,
  };
}

/**
 * The username a new user is kept under: a pool that signs in by email or phone number (UsernameAttributes)
 * keeps its users under their sub, the email or number becoming an attribute, as Cognito does.
 */
function newUser(pool: StoredPool, given: string, attributes: Attribute[], now: number, status: StoredUser['status']): StoredUser {
  const sub = randomUUID();
  const byAttribute = pool.usernameAttributes?.find((a) => (a === 'email' ? given.includes('@') : a === 'phone_number' && given.startsWith('+')));
  // Inferred text: a pool of email/phone usernames refuses any other form.
  if (pool.usernameAttributes && pool.usernameAttributes.length > 0 && !byAttribute) throw invalidParameter('Username should be either an email or a phone number.');
  const attrs = byAttribute && !attributes.some((a) => a.Name === byAttribute) ? [...attributes, { Name: byAttribute, Value: given }] : attributes;
  return { username: byAttribute ? sub : given, sub, attributes: attrs, created: now, lastModified: now, enabled: true, status };
}

/** Whether the name (or its email/phone alias) is taken in the pool. */
function taken(ctx: OperationContext, scope: Scope, pool: StoredPool, name: string): boolean {
  try {
    findUser(ctx, scope, pool, name);
    return true;
  } catch {
    return false;
  }
}

const nowSeconds = (ctx: OperationContext): number => ctx.clock.now().getTime() / 1000;

export function adminCreateUser(input: Input<'AdminCreateUser'>, ctx: OperationContext) {
  const pool = findPool(ctx, input.UserPoolId);
  const username = checkUsername(input.Username);
  const attributes = checkAttributes('userAttributes', input.UserAttributes);
  const action = checkEnum('messageAction', input.MessageAction, ['RESEND', 'SUPPRESS']);
  const password = input.TemporaryPassword === undefined ? temporaryPassword(pool.passwordPolicy) : checkPasswordMember('temporaryPassword', input.TemporaryPassword);
  if (action === 'RESEND') {
    // RESEND gives an existing user a new temporary password (and would send it again).
    const user = findUser(ctx, ctx.scope, pool, username);
    if (user.status !== 'FORCE_CHANGE_PASSWORD') throw invalidParameter('User status must be FORCE_CHANGE_PASSWORD to resend a temporary password.');
    checkPolicy(pool.passwordPolicy, password, 'password policy');
    const updated = { ...user, password: hashPassword(password), lastModified: nowSeconds(ctx) };
    users(ctx).update(ctx.scope, pool.id, user.username, updated);
    return { User: userView(updated) };
  }
  if (taken(ctx, ctx.scope, pool, username)) throw userAccountExists();
  checkPolicy(pool.passwordPolicy, password, 'password policy');
  const user = newUser(pool, username, attributes, nowSeconds(ctx), 'FORCE_CHANGE_PASSWORD');
  checkSchema(pool, user.attributes);
  user.password = hashPassword(password);
  users(ctx).insert(ctx.scope, pool.id, user.username, user);
  return { User: userView(user) };
}

export function adminSetUserPassword(input: Input<'AdminSetUserPassword'>, ctx: OperationContext) {
  const pool = findPool(ctx, input.UserPoolId);
  const user = findUser(ctx, ctx.scope, pool, input.Username);
  const password = checkPasswordMember('password', input.Password);
  checkPolicy(pool.passwordPolicy, password, 'policy');
  const permanent = input.Permanent === true;
  const status: StoredUser['status'] = permanent ? 'CONFIRMED' : 'FORCE_CHANGE_PASSWORD';
  const { challenge: _dropped, ...rest } = user;
  users(ctx).update(ctx.scope, pool.id, user.username, { ...rest, password: hashPassword(password), status, lastModified: nowSeconds(ctx) });
  return {};
}

export function adminGetUser(input: Input<'AdminGetUser'>, ctx: OperationContext) {
  const pool = findPool(ctx, input.UserPoolId);
  const user = findUser(ctx, ctx.scope, pool, input.Username);
  const view = userView(user);
  return { Username: view.Username, UserAttributes: view.Attributes, UserCreateDate: view.UserCreateDate, UserLastModifiedDate: view.UserLastModifiedDate, Enabled: view.Enabled, UserStatus: view.UserStatus };
}

export function adminDisableUser(input: Input<'AdminDisableUser'>, ctx: OperationContext) {
  return setEnabled(ctx, input, false);
}

export function adminEnableUser(input: Input<'AdminEnableUser'>, ctx: OperationContext) {
  return setEnabled(ctx, input, true);
}

/** A disabled user cannot sign in or refresh ("User is disabled."); the admin operations still see it. */
function setEnabled(ctx: OperationContext, input: { UserPoolId?: string; Username?: string }, enabled: boolean) {
  const pool = findPool(ctx, input.UserPoolId);
  const user = findUser(ctx, ctx.scope, pool, input.Username);
  users(ctx).update(ctx.scope, pool.id, user.username, { ...user, enabled, lastModified: nowSeconds(ctx) });
  return {};
}

/**
 * Sets attributes (others kept). A changed email or phone number is no longer verified unless the same call
 * says it is, as on Cognito (no code is sent: set `email_verified` to `true` to verify it).
 */
export function adminUpdateUserAttributes(input: Input<'AdminUpdateUserAttributes'>, ctx: OperationContext) {
  const pool = findPool(ctx, input.UserPoolId);
  const user = findUser(ctx, ctx.scope, pool, input.Username);
  const given = checkAttributes('userAttributes', required('userAttributes', input.UserAttributes));
  const attributes = [...user.attributes];
  const set = (name: string, value: string): void => {
    const at = attributes.findIndex((a) => a.Name === name);
    if (at >= 0) attributes[at] = { Name: name, Value: value };
    else attributes.push({ Name: name, Value: value });
  };
  for (const a of given) set(a.Name, a.Value);
  for (const name of ['email', 'phone_number']) {
    const changed = given.some((a) => a.Name === name && a.Value !== attribute(user, name));
    if (changed && !given.some((a) => a.Name === `${name}_verified`)) set(`${name}_verified`, 'false');
  }
  checkSchema(pool, attributes);
  users(ctx).update(ctx.scope, pool.id, user.username, { ...user, attributes, lastModified: nowSeconds(ctx) });
  return {};
}

export function adminDeleteUser(input: Input<'AdminDeleteUser'>, ctx: OperationContext): void {
  const pool = findPool(ctx, input.UserPoolId);
  const user = findUser(ctx, ctx.scope, pool, input.Username);
  users(ctx).delete(ctx.scope, pool.id, user.username);
  forgetRefreshTokens(ctx, (t) => t.poolId === pool.id && t.sub === user.sub);
}

/** `name = "value"` or `name ^= "prefix"` (ListUsers' filter), on username, sub, status and attributes. */
function userFilter(filter: string | undefined): (u: StoredUser) => boolean {
  if (filter === undefined || filter === '') return () => true;
  const m = /^\s*([\w:]+)\s*(\^?=)\s*"([^"]*)"\s*$/.exec(filter);
  // Verified wording.
  if (!m) throw invalidParameter('Error while parsing filter.');
  const [, name, op, value] = m as unknown as [string, string, string, string];
  const valueOf = (u: StoredUser): string | undefined => (name === 'username' ? u.username : name === 'sub' ? u.sub : name === 'status' ? (u.enabled ? 'Enabled' : 'Disabled') : name === 'cognito:user_status' ? u.status : attribute(u, name));
  return (u) => {
    const v = valueOf(u);
    return v !== undefined && (op === '=' ? v === value : v.startsWith(value));
  };
}

export function listUsers(input: Input<'ListUsers'>, ctx: OperationContext) {
  const pool = findPool(ctx, input.UserPoolId);
  const limit = checkRange('limit', input.Limit, 0, 60) ?? 60;
  const matches = userFilter(input.Filter);
  const all = users(ctx).list(ctx.scope, pool.id).filter(matches);
  const start = input.PaginationToken === undefined ? 0 : all.findIndex((u) => u.username === input.PaginationToken);
  // Inferred text: a pagination token that names no user.
  if (start < 0) throw invalidParameter('Invalid pagination token.');
  const size = limit === 0 ? 60 : limit;
  const next = all[start + size];
  return {
    Users: all.slice(start, start + size).map((u) => userView(u, input.AttributesToGet)),
    ...(next ? { PaginationToken: next.username } : {}),
  };
}

/** Where the code "was sent": Cognito masks the address (`t***@e***`). */
function deliveryDetails(pool: StoredPool, attributes: Attribute[]) {
  const email = attributes.find((a) => a.Name === 'email')?.Value;
  if (email !== undefined && pool.autoVerifiedAttributes?.includes('email')) {
    const [local = '', domain = ''] = email.split('@');
    return { CodeDeliveryDetails: { Destination: `${local.slice(0, 1)}***@${domain.slice(0, 1)}***`, DeliveryMedium: 'EMAIL', AttributeName: 'email' } };
  }
  const phone = attributes.find((a) => a.Name === 'phone_number')?.Value;
  if (phone !== undefined && pool.autoVerifiedAttributes?.includes('phone_number')) {
    return { CodeDeliveryDetails: { Destination: `+*******${phone.slice(-4)}`, DeliveryMedium: 'SMS', AttributeName: 'phone_number' } };
  }
  return {};
}

export function signUp(input: Input<'SignUp'>, ctx: OperationContext) {
  const { scope, client, pool } = locateClient(ctx, input.ClientId);
  const username = checkUsername(input.Username);
  const password = checkPasswordMember('password', input.Password);
  checkSecretHash(client, username, input.SecretHash);
  // Verified wording.
  if (pool.allowAdminCreateUserOnly) throw signUpNotPermitted();
  const attributes = checkAttributes('userAttributes', input.UserAttributes);
  if (taken(ctx, scope, pool, username)) throw userExists();
  checkPolicy(pool.passwordPolicy, password, 'policy');
  const user = newUser(pool, username, attributes, nowSeconds(ctx), 'UNCONFIRMED');
  checkSchema(pool, user.attributes);
  user.password = hashPassword(password);
  user.confirmationCode = newConfirmationCode();
  users(ctx).insert(scope, pool.id, user.username, user);
  return { UserConfirmed: false, ...deliveryDetails(pool, attributes), UserSub: user.sub };
}

function confirmed(user: StoredUser, pool: StoredPool, now: number): StoredUser {
  const { confirmationCode: _used, ...rest } = user;
  // An auto-verified email or number is verified by the confirmation.
  const attributes = [...user.attributes];
  for (const name of pool.autoVerifiedAttributes ?? []) {
    if (!attributes.some((a) => a.Name === name)) continue;
    const flag = `${name}_verified`;
    const at = attributes.findIndex((a) => a.Name === flag);
    if (at >= 0) attributes[at] = { Name: flag, Value: 'true' };
    else attributes.push({ Name: flag, Value: 'true' });
  }
  return { ...rest, attributes, status: 'CONFIRMED', lastModified: now };
}

export function confirmSignUp(input: Input<'ConfirmSignUp'>, ctx: OperationContext) {
  const { scope, client, pool } = locateClient(ctx, input.ClientId);
  const username = checkUsername(input.Username);
  const code = required('confirmationCode', input.ConfirmationCode);
  if (!/^[\S]+$/.test(code) || code.length > 2048) throw validationError(`Value '${code}' at 'confirmationCode' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\S]+`);
  checkSecretHash(client, username, input.SecretHash);
  const user = findUser(ctx, scope, pool, username);
  if (user.status !== 'UNCONFIRMED') throw cannotConfirm(user.status);
  if (user.confirmationCode !== code) throw codeMismatch();
  users(ctx).update(scope, pool.id, user.username, confirmed(user, pool, nowSeconds(ctx)));
  return {};
}

export function adminConfirmSignUp(input: Input<'AdminConfirmSignUp'>, ctx: OperationContext) {
  const pool = findPool(ctx, input.UserPoolId);
  const user = findUser(ctx, ctx.scope, pool, input.Username);
  if (user.status !== 'UNCONFIRMED') throw cannotConfirm(user.status);
  users(ctx).update(ctx.scope, pool.id, user.username, confirmed(user, pool, nowSeconds(ctx)));
  return {};
}

export function getUser(input: Input<'GetUser'>, ctx: OperationContext) {
  const token = required('accessToken', input.AccessToken);
  const { scope, pool, claims } = readAccessToken(ctx, token);
  const username = typeof claims.username === 'string' ? claims.username : undefined;
  const user = username === undefined ? undefined : users(ctx).get(scope, pool.id, username);
  if (!user) throw userNotFound();
  return { Username: user.username, UserAttributes: [{ Name: 'sub', Value: user.sub }, ...user.attributes] };
}

/** The pending sign-up confirmation code of a user (Gatehouse's own route; Cognito would have mailed it). */
export function pendingConfirmationCode(ctx: OperationContext, poolId: string, username: string): string | undefined {
  const found = pools(ctx).locate('', poolId);
  if (!found) return undefined;
  return findUser(ctx, found.scope, found.doc, username).confirmationCode;
}
