/**
 * A Lambda authorizer in the pipeline, every row of AWS's Table A (its policy with the resource policy) and the
 * order AWS documents (the resource policy's explicit deny before the authorizer is called), over the real
 * pipeline and control plane with a scripted Lambda: the exact answers and what the record says.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createAuthorizer } from '../../services/apigateway/authorizers.js';
import { updateMethod } from '../../services/apigateway/methods.js';
import { createDeployment } from '../../services/apigateway/deployments.js';
import { updateRestApi } from '../../services/apigateway/rest-apis.js';
import { call, SCOPE } from '../../services/apigateway/test-context.js';
import { getResources } from '../../services/apigateway/resources.js';
import type { LambdaInvoker } from '../invocation.js';
import { decisionReason, denyingPolicy } from '../request-log.js';
import { decisions, denied, ok, originAt, policy, privateName, World } from '../test-support/pipeline-world.js';

type Effect = 'Allow' | 'Deny' | 'Neither';
const UNAUTHORIZED = { status: 401, errorType: 'UnauthorizedException', body: '{"message":"Unauthorized"}' };
const DENY = { status: 403, errorType: 'AccessDeniedException', body: '{"Message":"User is not authorized to access this resource with an explicit deny"}' };
const IMPLICIT = { status: 403, errorType: 'AccessDeniedException', body: '{"Message":"User is not authorized to access this resource"}' };
const FAILED = { status: 500, errorType: 'AuthorizerConfigurationException', body: '{"message":null}' };
const FN = 'arn:aws:lambda:us-east-1:000000000000:function:auth';

/** The authorizer's answer for a token: `Allow`/`Deny` on the method, `Neither` on another one; other tokens script failures. */
function scripted(calls: string[]): LambdaInvoker {
  return async (functionArn, payload, caller) => {
    const event = JSON.parse(payload) as { authorizationToken: string; methodArn: string };
    calls.push(`${functionArn} ${caller.sourceArn} ${event.authorizationToken}`);
    const token = event.authorizationToken;
    if (token === 'unauthorized') return { kind: 'error', payload: '{"errorMessage":"Unauthorized","errorType":"Error"}' };
    if (token === 'crash') return { kind: 'error', payload: '{"errorMessage":"boom","errorType":"Error"}' };
    if (token === 'badpolicy') return { kind: 'success', payload: '{"principalId":"p","policyDocument":{"Statement":"everything"}}' };
    if (token === 'refused') throw Object.assign(new Error('no'), { name: 'AccessDeniedException' });
    if (token === 'withkey') return { kind: 'success', payload: JSON.stringify({ principalId: 'k', policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: event.methodArn }] }, usageIdentifierKey: 'key-123' }) };
    const effect = token as Effect;
    const resource = effect === 'Neither' ? event.methodArn.replace(/\/GET\/.*$/, '/POST/other') : event.methodArn;
    return { kind: 'success', payload: JSON.stringify({ principalId: 'alice', policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: effect === 'Neither' ? 'Allow' : effect, Resource: resource }] }, context: { k: 1 } }) };
  };
}

/** A private API whose `GET /pets` is guarded by a TOKEN authorizer; the resource policy answers `resource` for it. */
function world(resource: Effect, ttl = 0) {
  const calls: string[] = [];
  const w = new World(scripted(calls));
  const e = w.endpoint('10.0.0.0/16');
  const statements = resource === 'Neither' ? [{ Effect: 'Allow' as const, Resource: 'execute-api:/*/GET/' }] : [{ Effect: resource, Resource: 'execute-api:/*/GET/pets' }];
  // Deny statements need an Allow elsewhere for the API to be reachable at all.
  const api = w.api('p', { types: 'PRIVATE', vpcEndpointIds: [e.vpceId], policy: policy(...statements) });
  const authorizer = call(w.ctx, createAuthorizer, {
    restApiId: api.id, name: 'tokens', type: 'TOKEN', identitySource: 'method.request.header.Authorization', authorizerResultTtlInSeconds: ttl,
    authorizerUri: `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${FN}/invocations`,
  });
  const pets = call(w.ctx, getResources, { restApiId: api.id }).items.find((r) => r.path === '/pets')!;
  call(w.ctx, updateMethod, { restApiId: api.id, resourceId: String(pets.id), httpMethod: 'GET', patchOperations: [{ op: 'replace', path: '/authorizationType', value: 'CUSTOM' }, { op: 'replace', path: '/authorizerId', value: authorizer.id }] });
  call(w.ctx, createDeployment, { restApiId: api.id, stageName: 'test' });
  const send = (token: string | undefined) => w.viaEndpoint(originAt(e), { url: '/test/pets', headers: { Host: privateName(api), ...(token === undefined ? {} : { Authorization: token }) } });
  return { w, api, calls, authorizerId: authorizer.id, send };
}

describe('Table A: a Lambda authorizer with the resource policy (same account)', () => {
  const rows: Array<[Effect, Effect, 'allow' | 'explicit' | 'implicit' | 'resource-explicit']> = [
    ['Allow', 'Allow', 'allow'],
    ['Allow', 'Neither', 'allow'],
    ['Allow', 'Deny', 'resource-explicit'],
    ['Neither', 'Allow', 'allow'],
    ['Neither', 'Neither', 'implicit'],
    ['Neither', 'Deny', 'resource-explicit'],
    ['Deny', 'Allow', 'explicit'],
    ['Deny', 'Neither', 'explicit'],
    ['Deny', 'Deny', 'resource-explicit'],
  ];
  for (const [authorizer, resource, result] of rows) {
    it(`authorizer ${authorizer}, resource policy ${resource}: ${result}`, async () => {
      const { send, api, calls, authorizerId } = world(resource);
      const { answer, record } = await send(authorizer);
      const expected = result === 'allow' ? ok('p') : result === 'explicit' ? DENY : result === 'implicit' ? IMPLICIT : denied(api, '/test/GET/pets', true);
      assert.deepEqual(answer, expected);
      // The resource policy's explicit deny refuses before the authorizer is called.
      assert.equal(calls.length, result === 'resource-explicit' ? 0 : 1);
      const expectDecisions = [`vpc-endpoint ${record.vpceId} Allow`, `resource ${api.id} ${resource === 'Neither' ? 'ImplicitDeny' : resource === 'Deny' ? 'ExplicitDeny' : 'Allow'}`];
      if (result !== 'resource-explicit') expectDecisions.push(`authorizer ${authorizerId} ${authorizer === 'Neither' ? 'ImplicitDeny' : authorizer === 'Deny' ? 'ExplicitDeny' : 'Allow'}`);
      assert.deepEqual(decisions(record), expectDecisions);
      assert.equal(denyingPolicy(record)?.policy, result === 'allow' ? undefined : result === 'resource-explicit' ? 'resource' : 'authorizer');
    });
  }
});

describe('what the authorizer itself answers', () => {
  it('401 without a call for a missing or empty token; 401 for its Unauthorized; 500 for a crash, a policy that does not parse, a refused call', async () => {
    const { send, calls } = world('Allow');
    for (const token of [undefined, '']) assert.deepEqual((await send(token)).answer, UNAUTHORIZED);
    assert.equal(calls.length, 0);
    assert.deepEqual((await send('unauthorized')).answer, UNAUTHORIZED);
    for (const token of ['crash', 'badpolicy', 'refused']) {
      const { answer, record } = await send(token);
      assert.deepEqual(answer, FAILED, token);
      assert.equal(record.authorization?.authorizer?.outcome, 'failed');
    }
    const { record } = await send('badpolicy');
    assert.match(decisionReason(record) ?? '', /^authorizer tokens \(\w+\): Could not parse policy: /);
  });

  it('is called from .../authorizers/{id}; caches by token for the TTL, per stage; a flush empties the stage', async () => {
    const { w, send, calls, api, authorizerId } = world('Neither', 300);
    assert.deepEqual((await send('Allow')).answer, ok('p'));
    assert.deepEqual((await send('Allow')).answer, ok('p'));
    assert.deepEqual(calls, [`${FN} arn:aws:execute-api:${SCOPE.region}:${SCOPE.account}:${api.id}/authorizers/${authorizerId} Allow`]);
    const { record } = await send('Allow');
    assert.equal(record.authorization?.authorizer?.cached, true);
    w.pipeline.authorizerCache.flush(`${SCOPE.account}/${api.id}/test`);
    await send('Allow');
    assert.equal(calls.length, 2);
    // A 401 is not cached: the function is asked again.
    await send('unauthorized');
    await send('unauthorized');
    assert.equal(calls.length, 4);
    // A new deployment of the stage starts from an empty cache (its authorizer may have changed).
    call(w.ctx, createDeployment, { restApiId: api.id, stageName: 'test' });
    await send('Allow');
    await send('Allow');
    assert.equal(calls.length, 5);
  });
});

describe('an API key from the authorizer (apiKeySource AUTHORIZER)', () => {
  it("the api-key step reads the authorizer's usageIdentifierKey, not the header: none, or one no usage plan accepts", async () => {
    const { w, api, send } = world('Allow');
    const pets = call(w.ctx, getResources, { restApiId: api.id }).items.find((r) => r.path === '/pets')!;
    call(w.ctx, updateRestApi, { restApiId: api.id, patchOperations: [{ op: 'replace', path: '/apiKeySource', value: 'AUTHORIZER' }] });
    call(w.ctx, updateMethod, { restApiId: api.id, resourceId: String(pets.id), httpMethod: 'GET', patchOperations: [{ op: 'replace', path: '/apiKeyRequired', value: 'true' }] });
    call(w.ctx, createDeployment, { restApiId: api.id, stageName: 'test' });
    const FORBIDDEN = { status: 403, errorType: 'ForbiddenException', body: '{"message":"Forbidden"}' };
    const none = await send('Allow');
    assert.deepEqual(none.answer, FORBIDDEN);
    assert.equal(decisionReason(none.record), "API key: the method requires an API key and the authorizer's usageIdentifierKey carries none");
    const keyed = await send('withkey');
    assert.deepEqual(keyed.answer, FORBIDDEN);
    assert.match(decisionReason(keyed.record) ?? '', /^API key: the method requires an API key, and the one in the authorizer's usageIdentifierKey belongs to no usage plan/);
  });
});
