/**
 * User pools: CreateUserPool, DescribeUserPool, ListUserPools, UpdateUserPool, DeleteUserPool. Each pool gets
 * its own RSA signing key when it is made. Settings Gatehouse does not act on (MFA, messages, Lambda triggers,
 * email and SMS configuration) are kept and answered as given.
 */
import type { Operations } from '../../wire/models/cognito-idp-2016-04-18.js';
import type { Scope } from '../../shared/accounts.js';
import type { OperationContext } from '../types.js';
import { checkEnum, checkName, checkRange, required } from './checks.js';
import { invalidParameter } from './errors.js';
import { newPoolKey } from './tokens.js';
import { clients, findPool, forgetRefreshTokens, poolArn, pools, resourceServers, users, type PasswordPolicy, type StoredPool } from './state.js';
import { mixedId } from './ids.js';

type Input<Op extends keyof Operations> = Operations[Op]['input'];

const DEFAULT_POLICY: PasswordPolicy = { MinimumLength: 8, RequireUppercase: true, RequireLowercase: true, RequireNumbers: true, RequireSymbols: true, TemporaryPasswordValidityDays: 7 };

function passwordPolicy(p: Input<'CreateUserPool'>['Policies']): PasswordPolicy {
  const given = p?.PasswordPolicy;
  if (!given) return DEFAULT_POLICY;
  return {
    MinimumLength: checkRange('policies.passwordPolicy.minimumLength', given.MinimumLength, 6, 99) ?? 8,
    RequireUppercase: given.RequireUppercase ?? false,
    RequireLowercase: given.RequireLowercase ?? false,
    RequireNumbers: given.RequireNumbers ?? false,
    RequireSymbols: given.RequireSymbols ?? false,
    TemporaryPasswordValidityDays: checkRange('policies.passwordPolicy.temporaryPasswordValidityDays', given.TemporaryPasswordValidityDays, 0, 365) ?? 7,
  };
}

/** The settings kept as given and answered back (UpdateUserPool replaces them, as on AWS). */
function keptSettings(input: Input<'UpdateUserPool'>): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const name of ['LambdaConfig', 'SmsVerificationMessage', 'EmailVerificationMessage', 'EmailVerificationSubject', 'VerificationMessageTemplate', 'SmsAuthenticationMessage', 'UserAttributeUpdateSettings', 'DeviceConfiguration', 'EmailConfiguration', 'SmsConfiguration', 'UserPoolAddOns', 'AccountRecoverySetting'] as const) {
    if (input[name] !== undefined) kept[name] = input[name];
  }
  kept.MfaConfiguration = checkEnum('mfaConfiguration', input.MfaConfiguration, ['OFF', 'ON', 'OPTIONAL']) ?? 'OFF';
  return kept;
}

const STRING_ATTRIBUTES = ['name', 'given_name', 'family_name', 'middle_name', 'nickname', 'preferred_username', 'profile', 'picture', 'website', 'email', 'gender', 'birthdate', 'zoneinfo', 'locale', 'phone_number', 'address'];

/** The standard attributes every pool has, then the pool's custom ones (`custom:` + name). */
function schemaAttributes(custom: Input<'CreateUserPool'>['Schema']): unknown[] {
  const string = (Name: string, Mutable: boolean, Required: boolean, min: string) => ({ Name, AttributeDataType: 'String', DeveloperOnlyAttribute: false, Mutable, Required, StringAttributeConstraints: { MinLength: min, MaxLength: '2048' } });
  const standard: unknown[] = [string('sub', false, true, '1'), ...STRING_ATTRIBUTES.map((n) => string(n, true, false, '0'))];
  standard.splice(12, 0, { Name: 'email_verified', AttributeDataType: 'Boolean', DeveloperOnlyAttribute: false, Mutable: true, Required: false });
  standard.push({ Name: 'phone_number_verified', AttributeDataType: 'Boolean', DeveloperOnlyAttribute: false, Mutable: true, Required: false });
  standard.push({ Name: 'updated_at', AttributeDataType: 'Number', DeveloperOnlyAttribute: false, Mutable: true, Required: false, NumberAttributeConstraints: { MinValue: '0' } });
  const standardNames = new Set(['sub', 'email_verified', 'phone_number_verified', 'updated_at', ...STRING_ATTRIBUTES]);
  for (const a of custom ?? []) {
    const name = required('schema.member.name', a.Name);
    if (standardNames.has(name)) {
      // A standard attribute can be made required (or immutable) at creation.
      const at = standard.findIndex((s) => (s as { Name: string }).Name === name);
      standard[at] = { ...(standard[at] as object), ...(a.Required === undefined ? {} : { Required: a.Required }), ...(a.Mutable === undefined ? {} : { Mutable: a.Mutable }) };
      continue;
    }
    standard.push({ Name: `custom:${name}`, AttributeDataType: a.AttributeDataType ?? 'String', DeveloperOnlyAttribute: a.DeveloperOnlyAttribute ?? false, Mutable: a.Mutable ?? true, Required: a.Required ?? false, ...(a.AttributeDataType === 'Number' ? { NumberAttributeConstraints: a.NumberAttributeConstraints ?? {} } : { StringAttributeConstraints: a.StringAttributeConstraints ?? {} }) });
  }
  return standard;
}

/** The UserPool structure DescribeUserPool answers. */
export function poolView(ctx: OperationContext, scope: Scope, p: StoredPool) {
  return {
    Id: p.id,
    Name: p.name,
    Policies: { PasswordPolicy: p.passwordPolicy },
    DeletionProtection: p.deletionProtection,
    LambdaConfig: {},
    ...p.settings,
    LastModifiedDate: p.lastModified,
    CreationDate: p.created,
    SchemaAttributes: p.settings.SchemaAttributes as never,
    ...(p.autoVerifiedAttributes ? { AutoVerifiedAttributes: p.autoVerifiedAttributes } : {}),
    ...(p.aliasAttributes ? { AliasAttributes: p.aliasAttributes } : {}),
    ...(p.usernameAttributes ? { UsernameAttributes: p.usernameAttributes } : {}),
    VerificationMessageTemplate: (p.settings.VerificationMessageTemplate as never) ?? { DefaultEmailOption: 'CONFIRM_WITH_CODE' },
    EstimatedNumberOfUsers: users(ctx).list(scope, p.id).length,
    EmailConfiguration: (p.settings.EmailConfiguration as never) ?? { EmailSendingAccount: 'COGNITO_DEFAULT' },
    UserPoolTags: p.tags,
    AdminCreateUserConfig: { AllowAdminCreateUserOnly: p.allowAdminCreateUserOnly, UnusedAccountValidityDays: p.passwordPolicy.TemporaryPasswordValidityDays },
    Arn: poolArn(scope, p.id),
  };
}

const now = (ctx: OperationContext): number => ctx.clock.now().getTime() / 1000;

export function createUserPool(input: Input<'CreateUserPool'>, ctx: OperationContext) {
  const name = checkName('poolName', input.PoolName, 128);
  const policy = passwordPolicy(input.Policies);
  const deletionProtection = checkEnum('deletionProtection', input.DeletionProtection, ['ACTIVE', 'INACTIVE']) ?? 'INACTIVE';
  if (input.UsernameAttributes !== undefined && input.AliasAttributes !== undefined) {
    // Inferred text: the two ways to sign in by email are exclusive.
    throw invalidParameter('Only one of the aliasAttributes or usernameAttributes can be set in a User Pool.');
  }
  const created = now(ctx);
  const id = `${ctx.scope.region}_${mixedId(9)}`;
  const pool: StoredPool = {
    id,
    name,
    created,
    lastModified: created,
    passwordPolicy: policy,
    deletionProtection,
    settings: { ...keptSettings(input), SchemaAttributes: schemaAttributes(input.Schema) },
    ...(input.UsernameAttributes ? { usernameAttributes: input.UsernameAttributes } : {}),
    ...(input.AliasAttributes ? { aliasAttributes: input.AliasAttributes } : {}),
    ...(input.AutoVerifiedAttributes ? { autoVerifiedAttributes: input.AutoVerifiedAttributes } : {}),
    allowAdminCreateUserOnly: input.AdminCreateUserConfig?.AllowAdminCreateUserOnly ?? false,
    tags: input.UserPoolTags ?? {},
    key: newPoolKey(),
  };
  pools(ctx).insert(ctx.scope, '', id, pool);
  return { UserPool: poolView(ctx, ctx.scope, pool) };
}

export function describeUserPool(input: Input<'DescribeUserPool'>, ctx: OperationContext) {
  return { UserPool: poolView(ctx, ctx.scope, findPool(ctx, input.UserPoolId)) };
}

export function listUserPools(input: Input<'ListUserPools'>, ctx: OperationContext) {
  const max = checkRange('maxResults', required('maxResults', input.MaxResults), 1, 60)!;
  const page = pools(ctx).page(ctx.scope, '', max, input.NextToken);
  return {
    UserPools: page.items.map((p) => ({ Id: p.id, Name: p.name, LambdaConfig: (p.settings.LambdaConfig as never) ?? {}, LastModifiedDate: p.lastModified, CreationDate: p.created })),
    ...(page.next === undefined ? {} : { NextToken: page.next }),
  };
}

export function updateUserPool(input: Input<'UpdateUserPool'>, ctx: OperationContext) {
  const pool = findPool(ctx, input.UserPoolId);
  const updated: StoredPool = {
    ...pool,
    lastModified: now(ctx),
    passwordPolicy: passwordPolicy(input.Policies),
    deletionProtection: checkEnum('deletionProtection', input.DeletionProtection, ['ACTIVE', 'INACTIVE']) ?? 'INACTIVE',
    settings: { ...keptSettings(input), SchemaAttributes: pool.settings.SchemaAttributes },
    allowAdminCreateUserOnly: input.AdminCreateUserConfig?.AllowAdminCreateUserOnly ?? false,
    tags: input.UserPoolTags ?? pool.tags,
  };
  if (input.AutoVerifiedAttributes) updated.autoVerifiedAttributes = input.AutoVerifiedAttributes;
  else delete updated.autoVerifiedAttributes;
  pools(ctx).update(ctx.scope, '', pool.id, updated);
  return {};
}

/** Deletes the pool with its clients, users and resource servers (its refresh tokens then refresh nothing). */
export function deleteUserPool(input: Input<'DeleteUserPool'>, ctx: OperationContext): void {
  const pool = findPool(ctx, input.UserPoolId);
  if (pool.deletionProtection === 'ACTIVE') {
    // Verified wording (users' reports of `aws cognito-idp delete-user-pool` on a protected pool).
    throw invalidParameter('The user pool cannot be deleted because deletion protection is activated. Deletion protection must be inactivated first.');
  }
  const table = clients(ctx);
  for (const c of table.list(ctx.scope, '')) if (c.poolId === pool.id) table.delete(ctx.scope, '', c.clientId);
  users(ctx).deleteByParent(ctx.scope, pool.id);
  forgetRefreshTokens(ctx, (t) => t.poolId === pool.id);
  resourceServers(ctx).deleteByParent(ctx.scope, pool.id);
  pools(ctx).delete(ctx.scope, '', pool.id);
}
