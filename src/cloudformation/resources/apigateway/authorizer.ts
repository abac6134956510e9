/**
 * AWS::ApiGateway::Authorizer: a Lambda (TOKEN, REQUEST) or Cognito user pool authorizer of an API, made
 * through Gatehouse's API Gateway service; every property but RestApiId changes in place (UpdateAuthorizer).
 * Ref and AuthorizerId are the authorizer's id.
 */
import { unlessGone } from '../errors.js';
import { parse } from '../properties.js';
import { int, obj, str, strings } from '../schema.js';
import type { ResourceType } from '../types.js';
import { GONE, type PatchOperation } from './service.js';

interface AuthorizerProps {
  RestApiId: string;
  Name: string;
  Type: string;
  AuthType?: string;
  AuthorizerCredentials?: string;
  AuthorizerResultTtlInSeconds?: number;
  AuthorizerUri?: string;
  IdentitySource?: string;
  IdentityValidationExpression?: string;
  ProviderARNs?: string[];
}

const AUTHORIZER_SHAPE = obj(
  { RestApiId: str, Name: str, Type: str, AuthType: str, AuthorizerCredentials: str, AuthorizerResultTtlInSeconds: int, AuthorizerUri: str, IdentitySource: str, IdentityValidationExpression: str, ProviderARNs: strings },
  ['Name', 'RestApiId', 'Type'],
);

/** CloudFormation property → the model member and patch path it becomes. */
const SCALARS = [
  ['Name', 'name'],
  ['Type', 'type'],
  ['AuthType', 'authType'],
  ['AuthorizerCredentials', 'authorizerCredentials'],
  ['AuthorizerResultTtlInSeconds', 'authorizerResultTtlInSeconds'],
  ['AuthorizerUri', 'authorizerUri'],
  ['IdentitySource', 'identitySource'],
  ['IdentityValidationExpression', 'identityValidationExpression'],
] as const;

export const authorizer: ResourceType = {
  type: 'AWS::ApiGateway::Authorizer',
  replaceOn: ['RestApiId'],
  async create(properties, ctx) {
    const p = parse<AuthorizerProps>(ctx, properties, AUTHORIZER_SHAPE);
    const input: Record<string, unknown> = { restApiId: p.RestApiId, providerARNs: p.ProviderARNs };
    for (const [property, member] of SCALARS) input[member] = p[property];
    const out = await ctx.call('apigateway', 'CreateAuthorizer', input);
    const id = out.id as string;
    return { physicalId: id, attributes: { AuthorizerId: id } };
  },
  async update(current, before, after, ctx) {
    const b = parse<AuthorizerProps>(ctx, before, AUTHORIZER_SHAPE);
    const a = parse<AuthorizerProps>(ctx, after, AUTHORIZER_SHAPE);
    const ops: PatchOperation[] = [];
    for (const [property, member] of SCALARS) {
      if (a[property] !== b[property]) ops.push({ op: 'replace', path: `/${member}`, value: a[property] === undefined ? '' : String(a[property]) });
    }
    if ((a.ProviderARNs ?? []).join(',') !== (b.ProviderARNs ?? []).join(',')) ops.push({ op: 'replace', path: '/providerARNs', value: (a.ProviderARNs ?? []).join(',') });
    if (ops.length > 0) await ctx.call('apigateway', 'UpdateAuthorizer', { restApiId: a.RestApiId, authorizerId: current.physicalId, patchOperations: ops });
    return current;
  },
  async delete(current, properties, ctx) {
    await unlessGone(ctx.call('apigateway', 'DeleteAuthorizer', { restApiId: properties['RestApiId'], authorizerId: current.physicalId }), GONE);
  },
};
