/**
 * App clients: CreateUserPoolClient (with or without a secret), DescribeUserPoolClient, ListUserPoolClients,
 * DeleteUserPoolClient. Auth flows, OAuth flows and scopes are kept and enforced by the auth operations.
 */
import type { Operations } from '../../wire/models/cognito-idp-2016-04-18.js';
import type { OperationContext } from '../types.js';
import { checkEnum, checkName, checkRange } from './checks.js';
import { invalidOAuthFlow, scopeDoesNotExist, validationError } from './errors.js';
import { newClientId, newClientSecret } from './ids.js';
import { clients, findClient, findPool, forgetRefreshTokens, resourceServers, type StoredClient, type StoredPool } from './state.js';

type Input<Op extends keyof Operations> = Operations[Op]['input'];

const AUTH_FLOWS = ['ADMIN_NO_SRP_AUTH', 'CUSTOM_AUTH_FLOW_ONLY', 'USER_PASSWORD_AUTH', 'ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_CUSTOM_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_AUTH'];
const OAUTH_FLOWS = ['code', 'implicit', 'client_credentials'];
const STANDARD_SCOPES = ['phone', 'email', 'openid', 'profile', 'aws.cognito.signin.user.admin'];
const UNITS = ['seconds', 'minutes', 'hours', 'days'];
/** "If you don't specify a value for ExplicitAuthFlows, your user client supports ALLOW_REFRESH_TOKEN_AUTH, ALLOW_USER_SRP_AUTH, and ALLOW_CUSTOM_AUTH." */
const DEFAULT_AUTH_FLOWS = ['ALLOW_USER_SRP_AUTH', 'ALLOW_CUSTOM_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'];

function checkList(member: string, values: string[] | undefined, allowed: readonly string[]): string[] | undefined {
  if (values?.some((v) => !allowed.includes(v))) {
    throw validationError(`Value '[${values.join(', ')}]' at '${member}' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [${allowed.join(', ')}]]`);
  }
  return values;
}

/** Custom scopes (`{identifier}/{scope}`) must be ones a resource server of the pool defines. */
function checkScopes(ctx: OperationContext, pool: StoredPool, scopes: string[] | undefined): void {
  for (const scope of scopes ?? []) {
    if (STANDARD_SCOPES.includes(scope)) continue;
    const slash = scope.lastIndexOf('/');
    const server = slash > 0 ? resourceServers(ctx).get(ctx.scope, pool.id, scope.slice(0, slash)) : undefined;
    if (!server?.scopes.some((s) => s.ScopeName === scope.slice(slash + 1))) throw scopeDoesNotExist(scope);
  }
}

/** Whether `client` lets `flow` (InitiateAuth's AuthFlow) through. */
export function flowEnabled(client: StoredClient, flow: string): boolean {
  const flows = client.explicitAuthFlows ?? DEFAULT_AUTH_FLOWS;
  switch (flow) {
    case 'USER_PASSWORD_AUTH':
      return flows.includes('ALLOW_USER_PASSWORD_AUTH') || flows.includes('USER_PASSWORD_AUTH');
    case 'ADMIN_USER_PASSWORD_AUTH':
    case 'ADMIN_NO_SRP_AUTH':
      return flows.includes('ALLOW_ADMIN_USER_PASSWORD_AUTH') || flows.includes('ADMIN_NO_SRP_AUTH');
    case 'REFRESH_TOKEN_AUTH':
    case 'REFRESH_TOKEN':
      // Clients of the legacy values (no ALLOW_ prefix) always could refresh.
      return flows.includes('ALLOW_REFRESH_TOKEN_AUTH') || !flows.some((f) => f.startsWith('ALLOW_'));
    default:
      return false;
  }
}

type ClientSettings = Omit<Input<'CreateUserPoolClient'>, 'UserPoolId' | 'ClientName' | 'GenerateSecret'>;

function clientSettings(ctx: OperationContext, pool: StoredPool, input: ClientSettings, hasSecret: boolean) {
  const explicitAuthFlows = checkList('explicitAuthFlows', input.ExplicitAuthFlows, AUTH_FLOWS);
  const allowedOAuthFlows = checkList('allowedOAuthFlows', input.AllowedOAuthFlows, OAUTH_FLOWS);
  const refresh = checkRange('refreshTokenValidity', input.RefreshTokenValidity, 0, 315360000);
  const access = checkRange('accessTokenValidity', input.AccessTokenValidity, 1, 86400);
  const id = checkRange('idTokenValidity', input.IdTokenValidity, 1, 86400);
  const units = input.TokenValidityUnits;
  if (units) {
    checkEnum('tokenValidityUnits.accessToken', units.AccessToken, UNITS);
    checkEnum('tokenValidityUnits.idToken', units.IdToken, UNITS);
    checkEnum('tokenValidityUnits.refreshToken', units.RefreshToken, UNITS);
  }
  checkEnum('preventUserExistenceErrors', input.PreventUserExistenceErrors, ['LEGACY', 'ENABLED']);
  if (allowedOAuthFlows?.includes('client_credentials')) {
    // Inferred texts: the grant needs the client's secret, and cannot be mixed with the user grants.
    if (!hasSecret) throw invalidOAuthFlow('client_credentials flow can not be selected if client does not have a client secret.');
    if (allowedOAuthFlows.length > 1) throw invalidOAuthFlow('client_credentials flow can not be selected along with code flow or implicit flow.');
  }
  checkScopes(ctx, pool, input.AllowedOAuthScopes);
  const settings: Record<string, unknown> = {};
  for (const name of ['ReadAttributes', 'WriteAttributes', 'SupportedIdentityProviders', 'CallbackURLs', 'LogoutURLs', 'DefaultRedirectURI', 'AnalyticsConfiguration', 'PreventUserExistenceErrors'] as const) {
    if (input[name] !== undefined) settings[name] = input[name];
  }
  return {
    settings,
    ...(explicitAuthFlows ? { explicitAuthFlows } : {}),
    ...(allowedOAuthFlows ? { allowedOAuthFlows } : {}),
    ...(input.AllowedOAuthScopes ? { allowedOAuthScopes: input.AllowedOAuthScopes } : {}),
    allowedOAuthFlowsUserPoolClient: input.AllowedOAuthFlowsUserPoolClient ?? false,
    enableTokenRevocation: input.EnableTokenRevocation ?? true,
    authSessionValidity: checkRange('authSessionValidity', input.AuthSessionValidity, 3, 15) ?? 3,
    refreshTokenValidity: refresh ?? 30,
    ...(access === undefined ? {} : { accessTokenValidity: access }),
    ...(id === undefined ? {} : { idTokenValidity: id }),
    ...(units ? { tokenValidityUnits: units } : {}),
  };
}

/** The UserPoolClient structure the client operations answer. */
export function clientView(c: StoredClient) {
  return {
    UserPoolId: c.poolId,
    ClientName: c.clientName,
    ClientId: c.clientId,
    ...(c.clientSecret === undefined ? {} : { ClientSecret: c.clientSecret }),
    LastModifiedDate: c.lastModified,
    CreationDate: c.created,
    RefreshTokenValidity: c.refreshTokenValidity,
    ...(c.accessTokenValidity === undefined ? {} : { AccessTokenValidity: c.accessTokenValidity }),
    ...(c.idTokenValidity === undefined ? {} : { IdTokenValidity: c.idTokenValidity }),
    TokenValidityUnits: c.tokenValidityUnits ?? {},
    ...c.settings,
    ...(c.explicitAuthFlows ? { ExplicitAuthFlows: c.explicitAuthFlows } : {}),
    ...(c.allowedOAuthFlows ? { AllowedOAuthFlows: c.allowedOAuthFlows } : {}),
    ...(c.allowedOAuthScopes ? { AllowedOAuthScopes: c.allowedOAuthScopes } : {}),
    AllowedOAuthFlowsUserPoolClient: c.allowedOAuthFlowsUserPoolClient,
    EnableTokenRevocation: c.enableTokenRevocation,
    EnablePropagateAdditionalUserContextData: false,
    AuthSessionValidity: c.authSessionValidity,
  };
}

export function createUserPoolClient(input: Input<'CreateUserPoolClient'>, ctx: OperationContext) {
  const pool = findPool(ctx, input.UserPoolId);
  const name = checkName('clientName', input.ClientName, 128);
  const secret = input.GenerateSecret === true;
  const at = ctx.clock.now().getTime() / 1000;
  const client: StoredClient = {
    poolId: pool.id,
    clientId: newClientId(),
    clientName: name,
    ...(secret ? { clientSecret: newClientSecret() } : {}),
    created: at,
    lastModified: at,
    ...clientSettings(ctx, pool, input, secret),
  };
  clients(ctx).insert(ctx.scope, '', client.clientId, client);
  return { UserPoolClient: clientView(client) };
}

export function describeUserPoolClient(input: Input<'DescribeUserPoolClient'>, ctx: OperationContext) {
  const pool = findPool(ctx, input.UserPoolId);
  return { UserPoolClient: clientView(findClient(ctx, pool, input.ClientId)) };
}

/** UpdateUserPoolClient replaces every setting with what the request says (absent ones back to defaults), as on AWS. */
export function updateUserPoolClient(input: Input<'UpdateUserPoolClient'>, ctx: OperationContext) {
  const pool = findPool(ctx, input.UserPoolId);
  const client = findClient(ctx, pool, input.ClientId);
  const updated: StoredClient = {
    poolId: client.poolId,
    clientId: client.clientId,
    clientName: input.ClientName === undefined ? client.clientName : checkName('clientName', input.ClientName, 128),
    ...(client.clientSecret === undefined ? {} : { clientSecret: client.clientSecret }),
    created: client.created,
    lastModified: ctx.clock.now().getTime() / 1000,
    ...clientSettings(ctx, pool, input, client.clientSecret !== undefined),
  };
  clients(ctx).update(ctx.scope, '', client.clientId, updated);
  return { UserPoolClient: clientView(updated) };
}

export function listUserPoolClients(input: Input<'ListUserPoolClients'>, ctx: OperationContext) {
  const pool = findPool(ctx, input.UserPoolId);
  const max = checkRange('maxResults', input.MaxResults, 1, 60) ?? 60;
  const all = clients(ctx).list(ctx.scope, '').filter((c) => c.poolId === pool.id);
  const start = input.NextToken === undefined ? 0 : Math.max(0, all.findIndex((c) => c.clientId === input.NextToken));
  const page = all.slice(start, start + max);
  const next = all[start + max];
  return {
    UserPoolClients: page.map((c) => ({ ClientId: c.clientId, UserPoolId: c.poolId, ClientName: c.clientName })),
    ...(next ? { NextToken: next.clientId } : {}),
  };
}

export function deleteUserPoolClient(input: Input<'DeleteUserPoolClient'>, ctx: OperationContext): void {
  const pool = findPool(ctx, input.UserPoolId);
  const client = findClient(ctx, pool, input.ClientId);
  clients(ctx).delete(ctx.scope, '', client.clientId);
  forgetRefreshTokens(ctx, (t) => t.clientId === client.clientId);
}
