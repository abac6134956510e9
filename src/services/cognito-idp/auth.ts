/**
 * Signing in: InitiateAuth (unsigned) and AdminInitiateAuth with the password flows (USER_PASSWORD_AUTH,
 * ADMIN_USER_PASSWORD_AUTH and its older name ADMIN_NO_SRP_AUTH) and the refresh flow (REFRESH_TOKEN_AUTH,
 * REFRESH_TOKEN); the NEW_PASSWORD_REQUIRED challenge of a user with a temporary password, answered by
 * RespondToAuthChallenge or AdminRespondToAuthChallenge. SRP and custom auth are not implemented.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Scope } from '../../shared/accounts.js';
import { ServiceError } from '../../shared/errors.js';
import type { Operations } from '../../wire/models/cognito-idp-2016-04-18.js';
import type { OperationContext } from '../types.js';
import { checkEnum, required } from './checks.js';
import { flowEnabled } from './clients.js';
import { authMethodNotSupported, flowDisabled, incorrectCredentials, invalidParameter, invalidRefreshToken, invalidSession, missingParameter, userDisabled, userNotConfirmed, userNotFound, userPasswordFlowDisabled } from './errors.js';
import { checkPolicy, hashPassword, passwordMatches } from './passwords.js';
import { findClient, findPool, findUser, locateClient, refreshTokens, users, type StoredClient, type StoredPool, type StoredUser } from './state.js';
import { newRefreshToken, tokenHash, userTokens, type Session } from './tokens.js';
import { checkSecretHash } from './users.js';

type Input<Op extends keyof Operations> = Operations[Op]['input'];

const AUTH_FLOWS = ['USER_SRP_AUTH', 'REFRESH_TOKEN_AUTH', 'REFRESH_TOKEN', 'CUSTOM_AUTH', 'ADMIN_NO_SRP_AUTH', 'USER_PASSWORD_AUTH', 'ADMIN_USER_PASSWORD_AUTH', 'USER_AUTH'];
const CHALLENGES = ['SMS_MFA', 'EMAIL_OTP', 'SOFTWARE_TOKEN_MFA', 'SELECT_MFA_TYPE', 'MFA_SETUP', 'PASSWORD_VERIFIER', 'CUSTOM_CHALLENGE', 'SELECT_CHALLENGE', 'DEVICE_SRP_AUTH', 'DEVICE_PASSWORD_VERIFIER', 'ADMIN_NO_SRP_AUTH', 'NEW_PASSWORD_REQUIRED', 'SMS_OTP', 'PASSWORD', 'WEB_AUTHN', 'PASSWORD_SRP'];
/** The flows each operation takes; any other valid flow is "not supported" there. */
const USER_FLOWS = ['USER_SRP_AUTH', 'REFRESH_TOKEN_AUTH', 'REFRESH_TOKEN', 'CUSTOM_AUTH', 'USER_PASSWORD_AUTH', 'USER_AUTH'];
const ADMIN_FLOWS = ['USER_SRP_AUTH', 'REFRESH_TOKEN_AUTH', 'REFRESH_TOKEN', 'CUSTOM_AUTH', 'ADMIN_NO_SRP_AUTH', 'ADMIN_USER_PASSWORD_AUTH', 'USER_AUTH'];

interface Caller {
  scope: Scope;
  pool: StoredPool;
  client: StoredClient;
}

type AuthAnswer = {
  ChallengeName?: string;
  Session?: string;
  ChallengeParameters: Record<string, string>;
  AuthenticationResult?: { AccessToken: string; ExpiresIn: number; TokenType: string; RefreshToken?: string; IdToken: string };
};

const seconds = (ctx: OperationContext): number => Math.floor(ctx.clock.now().getTime() / 1000);

function param(params: Record<string, string> | undefined, name: string): string {
  const value = params?.[name];
  if (value === undefined || value === '') throw missingParameter(name);
  return value;
}

/** A user the client may not learn exists: hidden behind the password error when the client prevents existence errors. */
function unknownUser(client: StoredClient): ServiceError {
  return client.settings.PreventUserExistenceErrors === 'ENABLED' ? incorrectCredentials() : userNotFound();
}

function signedIn(ctx: OperationContext, caller: Caller, user: StoredUser): AuthAnswer {
  const session: Session = { authTime: seconds(ctx), originJti: randomUUID() };
  const tokens = userTokens(caller.scope, caller.pool, caller.client, user, ctx.clock.now(), session);
  const refresh = newRefreshToken(ctx, caller.scope, caller.pool, caller.client, user, session);
  return { ChallengeParameters: {}, AuthenticationResult: { AccessToken: tokens.AccessToken, ExpiresIn: tokens.ExpiresIn, TokenType: tokens.TokenType, RefreshToken: refresh, IdToken: tokens.IdToken } };
}

/** A user with a temporary password must choose a new one first: the challenge, with a session to answer it in. */
function newPasswordChallenge(ctx: OperationContext, caller: Caller, user: StoredUser): AuthAnswer {
  const session = randomBytes(96).toString('base64url');
  const expires = seconds(ctx) + caller.client.authSessionValidity * 60;
  users(ctx).update(caller.scope, caller.pool.id, user.username, { ...user, challenge: { sessionHash: tokenHash(session), clientId: caller.client.clientId, expires } });
  const userAttributes = Object.fromEntries(user.attributes.map((a) => [a.Name, a.Value]));
  return { ChallengeName: 'NEW_PASSWORD_REQUIRED', Session: session, ChallengeParameters: { USER_ID_FOR_SRP: user.username, requiredAttributes: '[]', userAttributes: JSON.stringify(userAttributes) } };
}

function passwordAuth(ctx: OperationContext, caller: Caller, params: Record<string, string> | undefined): AuthAnswer {
  const username = param(params, 'USERNAME');
  const password = param(params, 'PASSWORD');
  checkSecretHash(caller.client, username, params?.SECRET_HASH);
  let user: StoredUser;
  try {
    user = findUser(ctx, caller.scope, caller.pool, username);
  } catch {
    throw unknownUser(caller.client);
  }
  if (!user.enabled) throw userDisabled();
  // An unconfirmed user is told so whatever the password (users' reports: aws-sdk-js#4608).
  if (user.status === 'UNCONFIRMED') throw userNotConfirmed();
  if (!passwordMatches(user.password, password)) throw incorrectCredentials();
  if (user.status === 'FORCE_CHANGE_PASSWORD') return newPasswordChallenge(ctx, caller, user);
  return signedIn(ctx, caller, user);
}

function refreshAuth(ctx: OperationContext, caller: Caller, params: Record<string, string> | undefined): AuthAnswer {
  const token = param(params, 'REFRESH_TOKEN');
  const found = refreshTokens(ctx).locate('', tokenHash(token));
  const stored = found?.doc;
  if (!stored || stored.clientId !== caller.client.clientId || stored.poolId !== caller.pool.id || stored.expires <= seconds(ctx)) throw invalidRefreshToken();
  // The hash is of the user's name as the client sends it (USERNAME), else as Cognito keeps it (the sub, in a
  // pool of email usernames).
  checkSecretHash(caller.client, params?.USERNAME ?? stored.username, params?.SECRET_HASH);
  const user = users(ctx).get(caller.scope, caller.pool.id, stored.username);
  if (!user || user.sub !== stored.sub) throw invalidRefreshToken();
  if (!user.enabled) throw userDisabled();
  const tokens = userTokens(caller.scope, caller.pool, caller.client, user, ctx.clock.now(), { authTime: stored.authTime, originJti: stored.originJti });
  return { ChallengeParameters: {}, AuthenticationResult: { AccessToken: tokens.AccessToken, ExpiresIn: tokens.ExpiresIn, TokenType: tokens.TokenType, IdToken: tokens.IdToken } };
}

/** The model's check of AuthFlow, made before anything is looked up (as Coral validates the request first). */
const checkFlow = (flow: string | undefined): string => checkEnum('authFlow', required('authFlow', flow), AUTH_FLOWS)!;

function authenticate(ctx: OperationContext, caller: Caller, flow: string, params: Record<string, string> | undefined, takes: readonly string[]): AuthAnswer {
  if (!takes.includes(flow)) throw authMethodNotSupported();
  if (flow === 'USER_SRP_AUTH' || flow === 'CUSTOM_AUTH' || flow === 'USER_AUTH') {
    throw new ServiceError('NotImplementedException', `Gatehouse does not implement the ${flow} flow; use USER_PASSWORD_AUTH or ADMIN_USER_PASSWORD_AUTH.`, 501);
  }
  if (!flowEnabled(caller.client, flow)) throw flow === 'USER_PASSWORD_AUTH' ? userPasswordFlowDisabled() : flowDisabled();
  return flow === 'REFRESH_TOKEN_AUTH' || flow === 'REFRESH_TOKEN' ? refreshAuth(ctx, caller, params) : passwordAuth(ctx, caller, params);
}

export function initiateAuth(input: Input<'InitiateAuth'>, ctx: OperationContext) {
  const flow = checkFlow(input.AuthFlow);
  const caller = locateClient(ctx, input.ClientId);
  return authenticate(ctx, caller, flow, input.AuthParameters, USER_FLOWS);
}

export function adminInitiateAuth(input: Input<'AdminInitiateAuth'>, ctx: OperationContext) {
  const flow = checkFlow(input.AuthFlow);
  const pool = findPool(ctx, input.UserPoolId);
  const client = findClient(ctx, pool, input.ClientId);
  return authenticate(ctx, { scope: ctx.scope, pool, client }, flow, input.AuthParameters, ADMIN_FLOWS);
}

function answerChallenge(ctx: OperationContext, caller: Caller, name: string | undefined, session: string | undefined, responses: Record<string, string> | undefined): AuthAnswer {
  const challenge = checkEnum('challengeName', required('challengeName', name), CHALLENGES)!;
  // Inferred text: only the challenge Gatehouse ever sets can be answered.
  if (challenge !== 'NEW_PASSWORD_REQUIRED') throw invalidParameter(`Gatehouse does not issue the ${challenge} challenge.`);
  const username = param(responses, 'USERNAME');
  const password = param(responses, 'NEW_PASSWORD');
  checkSecretHash(caller.client, username, responses?.SECRET_HASH);
  let user: StoredUser;
  try {
    user = findUser(ctx, caller.scope, caller.pool, username);
  } catch {
    throw unknownUser(caller.client);
  }
  const pending = user.challenge;
  if (!pending || session === undefined || pending.sessionHash !== tokenHash(session) || pending.clientId !== caller.client.clientId) throw invalidSession();
  // Verified wording.
  if (pending.expires <= seconds(ctx)) throw new ServiceError('NotAuthorizedException', 'Invalid session for the user, session is expired.', 400);
  checkPolicy(caller.pool.passwordPolicy, password, 'policy');
  const attributes = [...user.attributes];
  for (const [key, value] of Object.entries(responses ?? {})) {
    if (!key.startsWith('userAttributes.')) continue;
    const attr = key.slice('userAttributes.'.length);
    const at = attributes.findIndex((a) => a.Name === attr);
    if (at >= 0) attributes[at] = { Name: attr, Value: value };
    else attributes.push({ Name: attr, Value: value });
  }
  const { challenge: _answered, ...rest } = user;
  const updated: StoredUser = { ...rest, attributes, password: hashPassword(password), status: 'CONFIRMED', lastModified: ctx.clock.now().getTime() / 1000 };
  users(ctx).update(caller.scope, caller.pool.id, user.username, updated);
  return signedIn(ctx, caller, updated);
}

export function respondToAuthChallenge(input: Input<'RespondToAuthChallenge'>, ctx: OperationContext) {
  const caller = locateClient(ctx, input.ClientId);
  return answerChallenge(ctx, caller, input.ChallengeName, input.Session, input.ChallengeResponses);
}

export function adminRespondToAuthChallenge(input: Input<'AdminRespondToAuthChallenge'>, ctx: OperationContext) {
  const pool = findPool(ctx, input.UserPoolId);
  const client = findClient(ctx, pool, input.ClientId);
  return answerChallenge(ctx, { scope: ctx.scope, pool, client }, input.ChallengeName, input.Session, input.ChallengeResponses);
}
