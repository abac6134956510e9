/** Authorizer handlers called directly: create (defaults, every kind), get, list, update, delete, and AWS's refusals of bad input. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createAuthorizer, deleteAuthorizer, getAuthorizer, getAuthorizers, updateAuthorizer } from './authorizers.js';
import { call, createApi, expectError, ops, testContext } from './test-context.js';

const URI = 'arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:111111111111:function:auth/invocations';
const POOL = 'arn:aws:cognito-idp:eu-west-1:111111111111:userpool/eu-west-1_AbCdEf123';

function setup() {
  const ctx = testContext();
  const { id: restApiId } = createApi(ctx);
  const create = (input: Record<string, unknown>) => call(ctx, createAuthorizer, { restApiId, name: 'a', ...input } as never);
  return { ctx, restApiId, create };
}

describe('CreateAuthorizer', () => {
  it('creates each kind with AWS defaults (TTL 300), lists and gets them', () => {
    const { ctx, restApiId, create } = setup();
    const token = create({ type: 'TOKEN', authorizerUri: URI, identitySource: 'method.request.header.Authorization' });
    assert.deepEqual(token, { id: token.id, name: 'a', type: 'TOKEN', authorizerUri: URI, identitySource: 'method.request.header.Authorization', authorizerResultTtlInSeconds: 300 });
    assert.match(token.id, /^[a-z0-9]{6}$/);
    const request = create({ name: 'r', type: 'REQUEST', authorizerUri: URI, identitySource: '', authorizerResultTtlInSeconds: 0 });
    const cognito = create({ name: 'c', type: 'COGNITO_USER_POOLS', providerARNs: [POOL], identitySource: 'method.request.header.Authorization' });
    assert.deepEqual(call(ctx, getAuthorizers, { restApiId }).items.map((a) => a.id), [token.id, request.id, cognito.id]);
    assert.deepEqual(call(ctx, getAuthorizer, { restApiId, authorizerId: cognito.id }), cognito);
  });

  it("refuses bad input with AWS's answers, storing nothing", () => {
    const { ctx, restApiId, create } = setup();
    expectError(() => create({ type: 'JWT' }), 'ValidationException', "1 validation error detected: Value 'JWT' at 'createAuthorizerInput.type' failed to satisfy constraint: Member must satisfy enum value set: [TOKEN, REQUEST, COGNITO_USER_POOLS]");
    expectError(() => call(ctx, createAuthorizer, { restApiId, type: 'TOKEN' } as never), 'ValidationException', "1 validation error detected: Value null at 'createAuthorizerInput.name' failed to satisfy constraint: Member must not be null");
    expectError(() => create({ type: 'TOKEN', identitySource: 'method.request.header.Authorization' }), 'BadRequestException', 'Authorizer URI must be specified for TOKEN authorizers.');
    expectError(() => create({ type: 'TOKEN', authorizerUri: 'arn:aws:lambda:eu-west-1:111111111111:function:auth', identitySource: 'method.request.header.Authorization' }), 'BadRequestException', 'Invalid Authorizer URI specified: arn:aws:lambda:eu-west-1:111111111111:function:auth. It must name a Lambda function, as in arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:auth/invocations.');
    expectError(() => create({ type: 'TOKEN', authorizerUri: URI, identitySource: 'method.request.querystring.t' }), 'BadRequestException', "Invalid token source expression: method.request.querystring.t. The source must be a method request header, matching 'method.request.header.[a-zA-Z0-9._-]+'.");
    expectError(() => create({ type: 'TOKEN', authorizerUri: URI, identitySource: 'method.request.header.Authorization', authorizerResultTtlInSeconds: 3601 }), 'BadRequestException', 'Invalid Authorizer TTL specified: 3601. It must be between 0 and 3600 seconds.');
    expectError(() => create({ type: 'TOKEN', authorizerUri: URI, identitySource: 'method.request.header.Authorization', identityValidationExpression: '(' }), 'BadRequestException', 'Invalid identity validation expression specified: (');
    expectError(() => create({ type: 'REQUEST', authorizerUri: URI }), 'BadRequestException', 'Identity source must be specified for REQUEST authorizers when caching is enabled (authorizerResultTtlInSeconds greater than 0).');
    expectError(() => create({ type: 'REQUEST', authorizerUri: URI, identitySource: 'method.request.body.x' }), 'BadRequestException', 'Invalid identity source expression: method.request.body.x. The source must be a method request header or query string, a stage variable or a context variable, as in method.request.header.Auth, method.request.querystring.token, stageVariables.key or context.sourceIp.');
    expectError(() => create({ type: 'COGNITO_USER_POOLS', identitySource: 'method.request.header.Authorization' }), 'BadRequestException', 'ProviderARNs must be specified for COGNITO_USER_POOLS authorizers.');
    expectError(() => create({ type: 'COGNITO_USER_POOLS', providerARNs: ['pool'], identitySource: 'method.request.header.Authorization' }), 'BadRequestException', 'Invalid ProviderARN specified: pool. It must be a Cognito user pool ARN, as in arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_AbCdEf123.');
    expectError(() => create({ type: 'TOKEN', authorizerUri: URI, identitySource: 'method.request.header.Authorization', authorizerCredentials: 'me' }), 'BadRequestException', 'Invalid Authorizer credentials specified: me. It must be an IAM role ARN.');
    expectError(() => call(ctx, createAuthorizer, { restApiId: 'nope000000', name: 'a', type: 'TOKEN' } as never), 'NotFoundException', 'Invalid API identifier specified 111111111111:nope000000');
    assert.deepEqual(call(ctx, getAuthorizers, { restApiId }).items, []);
  });
});

describe('UpdateAuthorizer and DeleteAuthorizer', () => {
  it('patches fields, adds and removes provider ARNs; an update that leaves a bad authorizer changes nothing', () => {
    const { ctx, restApiId, create } = setup();
    const a = create({ type: 'COGNITO_USER_POOLS', providerARNs: [POOL], identitySource: 'method.request.header.Authorization' });
    const other = POOL.replace('AbCdEf123', 'Other99');
    const updated = call(ctx, updateAuthorizer, { restApiId, authorizerId: a.id, patchOperations: ops(['replace', '/name', 'users'], ['add', '/providerARNs', other], ['replace', '/authorizerResultTtlInSeconds', '60']) });
    assert.deepEqual([updated.name, updated.providerARNs, updated.authorizerResultTtlInSeconds], ['users', [POOL, other], 60]);
    expectError(() => call(ctx, updateAuthorizer, { restApiId, authorizerId: a.id, patchOperations: ops(['remove', '/providerARNs', POOL], ['remove', '/providerARNs', other]) }), 'BadRequestException', 'ProviderARNs must be specified for COGNITO_USER_POOLS authorizers.');
    expectError(() => call(ctx, updateAuthorizer, { restApiId, authorizerId: a.id, patchOperations: ops(['replace', '/colour', 'red']) }), 'BadRequestException', 'Invalid patch path /colour specified. Must be one of: /name, /type, /authorizerUri, /authorizerCredentials, /identitySource, /identityValidationExpression, /authorizerResultTtlInSeconds, /authType, /providerARNs');
    assert.deepEqual(call(ctx, getAuthorizer, { restApiId, authorizerId: a.id }).providerARNs, [POOL, other]);
    call(ctx, deleteAuthorizer, { restApiId, authorizerId: a.id });
    expectError(() => call(ctx, getAuthorizer, { restApiId, authorizerId: a.id }), 'NotFoundException', 'Invalid Authorizer identifier specified');
    expectError(() => call(ctx, deleteAuthorizer, { restApiId, authorizerId: a.id }), 'NotFoundException', 'Invalid Authorizer identifier specified');
  });
});
