/**
 * AWS::Cognito::UserPool, UserPoolClient, UserPoolResourceServer and UserPoolGroup, through
 * Gatehouse's Cognito user pools. A pool's Ref is its id (GetAtt Arn, ProviderName, ProviderURL, UserPoolId);
 * a client's Ref is its id (GetAtt ClientId, ClientSecret, Name); a resource server's Ref is its identifier, a
 * group's its name.
 */
import { isServiceError, ResourceFailure, unlessGone } from './errors.js';
import { compact, parse } from './properties.js';
import { any, bool, int, list, map, obj, str, strings } from './schema.js';
import type { Provisioned, ResourceContext, ResourceType } from './types.js';

/** Without Gatehouse's Cognito (a build that lacks it), the failure says so rather than what the caller saw. */
async function cognitoCall(ctx: ResourceContext, type: string, operation: string, input: Record<string, unknown>): Promise<Record<string, unknown>> {
  try {
    return await ctx.call('cognito-idp', operation, input);
  } catch (error) {
    if (isServiceError(error, 'NotImplementedException')) throw new ResourceFailure(`${type} needs Gatehouse's Cognito user pools (${operation}), which this Gatehouse does not have.`);
    throw error;
  }
}

// ---- AWS::Cognito::UserPool -------------------------------------------------------------------------------

const POOL = 'AWS::Cognito::UserPool';

/** The properties passed to CreateUserPool / UpdateUserPool under the same names. */
const POOL_PASSTHROUGH = [
  'AccountRecoverySetting', 'AdminCreateUserConfig', 'AutoVerifiedAttributes', 'DeletionProtection', 'DeviceConfiguration', 'EmailConfiguration',
  'EmailVerificationMessage', 'EmailVerificationSubject', 'LambdaConfig', 'MfaConfiguration', 'SmsAuthenticationMessage', 'SmsConfiguration',
  'SmsVerificationMessage', 'UserAttributeUpdateSettings', 'UserPoolAddOns', 'UserPoolTags', 'VerificationMessageTemplate',
] as const;
/** Only at creation. */
const POOL_CREATE_ONLY = ['AliasAttributes', 'UsernameAttributes', 'UsernameConfiguration', 'Schema'] as const;

const POOL_SHAPE = obj(
  {
    UserPoolName: str,
    Policies: obj({ PasswordPolicy: obj({ MinimumLength: int, RequireLowercase: bool, RequireNumbers: bool, RequireSymbols: bool, RequireUppercase: bool, TemporaryPasswordValidityDays: int, PasswordHistorySize: int }), SignInPolicy: any }),
    AccountRecoverySetting: any,
    AdminCreateUserConfig: obj({ AllowAdminCreateUserOnly: bool, UnusedAccountValidityDays: int, InviteMessageTemplate: any }),
    AliasAttributes: strings,
    AutoVerifiedAttributes: strings,
    DeletionProtection: str,
    DeviceConfiguration: any,
    EmailConfiguration: any,
    EmailVerificationMessage: str,
    EmailVerificationSubject: str,
    LambdaConfig: any,
    MfaConfiguration: str,
    Schema: list(obj({ AttributeDataType: str, DeveloperOnlyAttribute: bool, Mutable: bool, Name: str, Required: bool, NumberAttributeConstraints: obj({ MinValue: str, MaxValue: str }), StringAttributeConstraints: obj({ MinLength: str, MaxLength: str }) })),
    SmsAuthenticationMessage: str,
    SmsConfiguration: any,
    SmsVerificationMessage: str,
    UserAttributeUpdateSettings: any,
    UsernameAttributes: strings,
    UsernameConfiguration: obj({ CaseSensitive: bool }),
    UserPoolAddOns: any,
    UserPoolTags: map(str),
    VerificationMessageTemplate: any,
  },
  [],
  // Newer settings this model predates: accepted, not acted on.
  ['EmailAuthenticationMessage', 'EmailAuthenticationSubject', 'EnabledMfas', 'UserPoolTier', 'WebAuthnRelyingPartyID', 'WebAuthnUserVerification'],
);

type PoolProps = Record<string, unknown> & { UserPoolName?: string; Policies?: { PasswordPolicy?: Record<string, unknown> } };

function poolInput(p: PoolProps, names: readonly string[]): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const n of names) if (p[n] !== undefined) input[n] = p[n];
  if (p.Policies?.PasswordPolicy) {
    const { PasswordHistorySize: _history, ...policy } = p.Policies.PasswordPolicy;
    input.Policies = { PasswordPolicy: policy };
  }
  return input;
}

function poolProvisioned(ctx: ResourceContext, poolId: string): Provisioned {
  const { account, region } = ctx.scope;
  return {
    physicalId: poolId,
    attributes: {
      Arn: `arn:aws:cognito-idp:${region}:${account}:userpool/${poolId}`,
      ProviderName: `cognito-idp.${region}.amazonaws.com/${poolId}`,
      ProviderURL: `https://cognito-idp.${region}.amazonaws.com/${poolId}`,
      UserPoolId: poolId,
    },
  };
}

export const cognitoUserPool: ResourceType = {
  type: POOL,
  // The 2016 API has no way to rename a pool or change how users sign in: those replace it.
  replaceOn: ['UserPoolName', ...POOL_CREATE_ONLY],
  async create(properties, ctx) {
    const p = parse<PoolProps>(ctx, properties, POOL_SHAPE);
    const out = await cognitoCall(ctx, POOL, 'CreateUserPool', { PoolName: p.UserPoolName ?? ctx.physicalName(128), ...poolInput(p, [...POOL_PASSTHROUGH, ...POOL_CREATE_ONLY]) });
    return poolProvisioned(ctx, (out.UserPool as { Id: string }).Id);
  },
  async update(current, _before, after, ctx) {
    const a = parse<PoolProps>(ctx, after, POOL_SHAPE);
    await cognitoCall(ctx, POOL, 'UpdateUserPool', { UserPoolId: current.physicalId, ...poolInput(a, POOL_PASSTHROUGH) });
    return poolProvisioned(ctx, current.physicalId);
  },
  async delete(current, _properties, ctx) {
    await unlessGone(cognitoCall(ctx, POOL, 'DeleteUserPool', { UserPoolId: current.physicalId }), 'ResourceNotFoundException');
  },
};

// ---- AWS::Cognito::UserPoolClient -------------------------------------------------------------------------

const CLIENT = 'AWS::Cognito::UserPoolClient';

const CLIENT_SHAPE = obj(
  {
    UserPoolId: str,
    ClientName: str,
    GenerateSecret: bool,
    AccessTokenValidity: int,
    IdTokenValidity: int,
    RefreshTokenValidity: int,
    TokenValidityUnits: obj({ AccessToken: str, IdToken: str, RefreshToken: str }),
    AllowedOAuthFlows: strings,
    AllowedOAuthFlowsUserPoolClient: bool,
    AllowedOAuthScopes: strings,
    AnalyticsConfiguration: any,
    AuthSessionValidity: int,
    CallbackURLs: strings,
    DefaultRedirectURI: str,
    EnablePropagateAdditionalUserContextData: bool,
    EnableTokenRevocation: bool,
    ExplicitAuthFlows: strings,
    LogoutURLs: strings,
    PreventUserExistenceErrors: str,
    ReadAttributes: strings,
    SupportedIdentityProviders: strings,
    WriteAttributes: strings,
  },
  ['UserPoolId'],
  ['RefreshTokenRotation'],
);

type ClientProps = Record<string, unknown> & { UserPoolId: string; ClientName?: string };

function clientInput(p: ClientProps): Record<string, unknown> {
  const { GenerateSecret: _secret, ...rest } = p;
  return compact(rest);
}

function clientProvisioned(client: { ClientId: string; ClientSecret?: string; ClientName: string }): Provisioned {
  return { physicalId: client.ClientId, attributes: { ClientId: client.ClientId, Name: client.ClientName, ...(client.ClientSecret === undefined ? {} : { ClientSecret: client.ClientSecret }) } };
}

export const cognitoUserPoolClient: ResourceType = {
  type: CLIENT,
  replaceOn: ['UserPoolId', 'GenerateSecret'],
  async create(properties, ctx) {
    const p = parse<ClientProps>(ctx, properties, CLIENT_SHAPE);
    const out = await cognitoCall(ctx, CLIENT, 'CreateUserPoolClient', { ...clientInput(p), ClientName: p.ClientName ?? ctx.physicalName(128), GenerateSecret: p.GenerateSecret === true });
    return clientProvisioned(out.UserPoolClient as { ClientId: string; ClientSecret?: string; ClientName: string });
  },
  async update(current, _before, after, ctx) {
    const a = parse<ClientProps>(ctx, after, CLIENT_SHAPE);
    const out = await cognitoCall(ctx, CLIENT, 'UpdateUserPoolClient', { ...clientInput(a), ClientId: current.physicalId, ClientName: a.ClientName ?? current.attributes.Name });
    return clientProvisioned(out.UserPoolClient as { ClientId: string; ClientSecret?: string; ClientName: string });
  },
  async delete(current, properties, ctx) {
    await unlessGone(cognitoCall(ctx, CLIENT, 'DeleteUserPoolClient', { UserPoolId: (properties as ClientProps).UserPoolId, ClientId: current.physicalId }), 'ResourceNotFoundException');
  },
};

// ---- AWS::Cognito::UserPoolResourceServer -----------------------------------------------------------------

const SERVER = 'AWS::Cognito::UserPoolResourceServer';

const SERVER_SHAPE = obj({ UserPoolId: str, Identifier: str, Name: str, Scopes: list(obj({ ScopeName: str, ScopeDescription: str }, ['ScopeName', 'ScopeDescription'])) }, ['UserPoolId', 'Identifier', 'Name']);

interface ServerProps {
  UserPoolId: string;
  Identifier: string;
  Name: string;
  Scopes?: Array<{ ScopeName: string; ScopeDescription: string }>;
}

export const cognitoResourceServer: ResourceType = {
  type: SERVER,
  replaceOn: ['UserPoolId', 'Identifier'],
  async create(properties, ctx) {
    const p = parse<ServerProps>(ctx, properties, SERVER_SHAPE);
    await cognitoCall(ctx, SERVER, 'CreateResourceServer', compact({ ...p }));
    return { physicalId: p.Identifier, attributes: {} };
  },
  async update(current, _before, after, ctx) {
    const a = parse<ServerProps>(ctx, after, SERVER_SHAPE);
    await cognitoCall(ctx, SERVER, 'UpdateResourceServer', compact({ ...a }));
    return current;
  },
  async delete(current, properties, ctx) {
    await unlessGone(cognitoCall(ctx, SERVER, 'DeleteResourceServer', { UserPoolId: (properties as Partial<ServerProps>).UserPoolId, Identifier: current.physicalId }), 'ResourceNotFoundException');
  },
};

// ---- AWS::Cognito::UserPoolGroup --------------------------------------------------------------------------

const GROUP = 'AWS::Cognito::UserPoolGroup';

const GROUP_SHAPE = obj({ UserPoolId: str, GroupName: str, Description: str, Precedence: int, RoleArn: str }, ['UserPoolId']);

interface GroupProps {
  UserPoolId: string;
  GroupName?: string;
  Description?: string;
  Precedence?: number;
  RoleArn?: string;
}

export const cognitoUserPoolGroup: ResourceType = {
  type: GROUP,
  replaceOn: ['UserPoolId', 'GroupName'],
  async create(properties, ctx) {
    const p = parse<GroupProps>(ctx, properties, GROUP_SHAPE);
    const name = p.GroupName ?? ctx.physicalName(128);
    await cognitoCall(ctx, GROUP, 'CreateGroup', compact({ ...p, GroupName: name }));
    return { physicalId: name, attributes: {} };
  },
  async update(current, _before, after, ctx) {
    const a = parse<GroupProps>(ctx, after, GROUP_SHAPE);
    await cognitoCall(ctx, GROUP, 'UpdateGroup', compact({ ...a, GroupName: current.physicalId }));
    return current;
  },
  async delete(current, properties, ctx) {
    await unlessGone(cognitoCall(ctx, GROUP, 'DeleteGroup', { UserPoolId: (properties as Partial<GroupProps>).UserPoolId, GroupName: current.physicalId }), 'ResourceNotFoundException');
  },
};

export const COGNITO_TYPES: readonly ResourceType[] = [cognitoUserPool, cognitoUserPoolClient, cognitoResourceServer, cognitoUserPoolGroup];
