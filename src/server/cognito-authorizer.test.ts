/**
 * A COGNITO_USER_POOLS method over the real pipeline, control plane and Cognito service in one store, with a
 * clock the test moves: a token is accepted, then refused once it has expired (even from the stage's cache, which
 * never outlives the token); the resource policy must then allow explicitly; the record says why.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decisions, ok, originAt, policy, privateName, World } from '../gateway/test-support/pipeline-world.js';
import { decisionReason } from '../gateway/request-log.js';
import { createAuthorizer } from '../services/apigateway/authorizers.js';
import { createDeployment } from '../services/apigateway/deployments.js';
import { updateMethod } from '../services/apigateway/methods.js';
import { getResources } from '../services/apigateway/resources.js';
import { call } from '../services/apigateway/test-context.js';
import { adminInitiateAuth } from '../services/cognito-idp/auth.js';
import { createUserPoolClient } from '../services/cognito-idp/clients.js';
import { createUserPool } from '../services/cognito-idp/pools.js';
import { adminCreateUser, adminSetUserPassword } from '../services/cognito-idp/users.js';
import { cognitoKeys } from './cognito-keys.js';

const UNAUTHORIZED = { status: 401, errorType: 'UnauthorizedException', body: '{"message":"Unauthorized"}' };

describe('COGNITO_USER_POOLS over the pipeline', () => {
  it('accepts a token until it expires; the cache never outlives it; the resource policy must allow explicitly', async () => {
    // One store for the services and the pipeline's key lookup.
    const w = new World(undefined, undefined, (store) => ({ cognitoKeys: cognitoKeys(store) }));
    const ctx = w.ctx;
    const pool = call(ctx, createUserPool, { PoolName: 'users' } as never) as { UserPool: { Id: string; Arn: string } };
    const client = call(ctx, createUserPoolClient, { UserPoolId: pool.UserPool.Id, ClientName: 'web', ExplicitAuthFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH'] } as never) as { UserPoolClient: { ClientId: string } };
    call(ctx, adminCreateUser, { UserPoolId: pool.UserPool.Id, Username: 'alice', MessageAction: 'SUPPRESS' } as never);
    call(ctx, adminSetUserPassword, { UserPoolId: pool.UserPool.Id, Username: 'alice', Password: 'Correct-Horse-9', Permanent: true } as never);
    const auth = call(ctx, adminInitiateAuth, { UserPoolId: pool.UserPool.Id, ClientId: client.UserPoolClient.ClientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'alice', PASSWORD: 'Correct-Horse-9' } } as never) as { AuthenticationResult: { IdToken: string } };
    const token = auth.AuthenticationResult.IdToken;

    const e = w.endpoint('10.0.0.0/16');
    // The resource policy allows GET /pets only: /pets/{id} is then refused even with a good token.
    const api = w.api('p', { types: 'PRIVATE', vpcEndpointIds: [e.vpceId], policy: policy({ Effect: 'Allow', Resource: 'execute-api:/*/GET/pets' }) });
    const authorizer = call(ctx, createAuthorizer, { restApiId: api.id, name: 'users', type: 'COGNITO_USER_POOLS', providerARNs: [pool.UserPool.Arn], identitySource: 'method.request.header.Authorization' });
    for (const path of ['/pets', '/pets/{id}']) {
      const resourceId = String(call(ctx, getResources, { restApiId: api.id }).items.find((r) => r.path === path)!.id);
      call(ctx, updateMethod, { restApiId: api.id, resourceId, httpMethod: 'GET', patchOperations: [{ op: 'replace', path: '/authorizationType', value: 'COGNITO_USER_POOLS' }, { op: 'replace', path: '/authorizerId', value: authorizer.id }] });
    }
    call(ctx, createDeployment, { restApiId: api.id, stageName: 'test' });
    const send = (path: string, withToken = token) => w.viaEndpoint(originAt(e), { url: `/test${path}`, headers: { Host: privateName(api), Authorization: withToken } });

    const first = await send('/pets');
    assert.deepEqual(first.answer, ok('p'));
    assert.deepEqual(decisions(first.record), [`vpc-endpoint ${e.vpceId} Allow`, `resource ${api.id} Allow`]);
    assert.equal((await send('/pets')).record.authorization?.authorizer?.cached, true);
    const other = await send('/pets/7');
    assert.equal(other.answer.status, 403);
    assert.match(other.answer.body, /User: anonymous is not authorized to perform: execute-api:Invoke on resource: .*\/test\/GET\/pets\/7"/);

    // An hour and a bit later the token has expired: refused, though its answer was cached for 300 s.
    ctx.clock.advance(3601);
    const late = await send('/pets');
    assert.deepEqual(late.answer, UNAUTHORIZED);
    assert.equal(decisionReason(late.record), `authorizer users (${authorizer.id}): the token has expired`);
  });
});
