import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { updateMethod } from '../../services/apigateway/methods.js';
import { call } from '../../services/apigateway/test-context.js';
import { rootIdentity, type KnownCredential, type SigV4Options } from '../sigv4-caller.js';
import { signedRequest } from '../test-support/sigv4-sign.js';
import { ACCOUNT, REGION, decisions, MISSING_TOKEN, originAt, privateName, World, type Deployed } from '../test-support/pipeline-world.js';
import { createDeployment } from '../../services/apigateway/deployments.js';
import { getResources } from '../../services/apigateway/resources.js';

const ALICE: KnownCredential = {
  secret: 'alice-secret',
  active: true,
  identity: { kind: 'user', arn: `arn:aws:iam::${ACCOUNT}:user/alice`, account: ACCOUNT, userId: 'AIDAALICE', principalArn: `arn:aws:iam::${ACCOUNT}:user/alice`, userName: 'alice' },
};

function world(): World {
  const keys: Record<string, KnownCredential> = { test: { secret: 'test', active: true, identity: rootIdentity(ACCOUNT) }, AKIAALICE: ALICE };
  const callers: SigV4Options = { directory: { credential: (id) => keys[id], identityPolicies: () => [] }, defaultAccount: ACCOUNT };
  return new World(undefined, callers);
}

/** GET /pets made AWS_IAM, and the API deployed again. */
function iamPets(w: World, api: Deployed): void {
  const pets = (call(w.ctx, getResources, { restApiId: api.id }).items as Array<{ id: string; path: string }>).find((r) => r.path === '/pets')!;
  call(w.ctx, updateMethod, { restApiId: api.id, resourceId: pets.id, httpMethod: 'GET', patchOperations: [{ op: 'replace', path: '/authorizationType', value: 'AWS_IAM' }] });
  call(w.ctx, createDeployment, { restApiId: api.id, stageName: 'test' });
}

const now = (w: World): Date => w.ctx.clock.now();

describe('step authorization: AWS_IAM', () => {
  it('on the main port: the path the client signed (with the /_aws/execute-api prefix) verifies; unsigned is Missing Authentication Token', async () => {
    const w = world();
    const api = w.api('public', { types: 'REGIONAL' });
    iamPets(w, api);
    assert.deepEqual((await w.viaMainPort(api.id, '/test/pets')).answer, MISSING_TOKEN);
    const signed = await signedRequest({ host: '127.0.0.1:4566', path: `/_aws/execute-api/${api.id}/test/pets`, at: now(w), region: REGION });
    const seen = await w.viaMainPort(api.id, '/test/pets', { headers: { Host: '127.0.0.1:4566', authorization: String(signed.headers['authorization']), 'x-amz-date': String(signed.headers['x-amz-date']) } });
    assert.equal(seen.answer.status, 200, seen.answer.body);
    assert.deepEqual(seen.record.caller, { arn: `arn:aws:iam::${ACCOUNT}:root`, accessKeyId: 'test', verified: true });
    assert.deepEqual(seen.record.iam, { caller: `arn:aws:iam::${ACCOUNT}:root`, table: 'A', identity: 'Allow', root: true, unknownPolicies: [], resource: 'None', decision: 'Allow' });
    // A NONE method of the same public API ignores a signature that does not hold.
    const other = await w.viaMainPort(api.id, '/test', { headers: { authorization: `AWS4-HMAC-SHA256 Credential=x/20200101/${REGION}/execute-api/aws4_request, SignedHeaders=host, Signature=00`, 'x-amz-date': '20200101T000000Z' } });
    assert.equal(other.answer.status, 200);
  });

  it('the VPC endpoint policy sees the signed caller, whatever the method: an endpoint policy allowing only alice', async () => {
    const w = world();
    const endpoint = w.endpoint('10.0.0.0/16', {
      Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:user/alice` }, Action: 'execute-api:Invoke', Resource: '*' }],
    });
    const api = w.api('private', { types: 'PRIVATE', vpcEndpointIds: [endpoint.vpceId], policy: { Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' }] } });
    const host = privateName(api);
    const unsigned = await w.viaEndpoint(originAt(endpoint), { url: '/test/pets', headers: { Host: host } });
    assert.equal(unsigned.answer.status, 403);
    assert.equal(unsigned.answer.body, `{"Message":"User: anonymous is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:${REGION}:********${ACCOUNT.slice(-4)}:${api.id}/test/GET/pets"}`);
    const signed = await signedRequest({ host, path: '/test/pets', at: now(w), region: REGION, key: { accessKeyId: 'AKIAALICE', secretAccessKey: 'alice-secret' } });
    const seen = await w.viaEndpoint(originAt(endpoint), { url: signed.url, headers: { Host: host, authorization: String(signed.headers['authorization']), 'x-amz-date': String(signed.headers['x-amz-date']) } });
    assert.equal(seen.answer.status, 200, seen.answer.body);
    assert.deepEqual(decisions(seen.record), [`vpc-endpoint ${endpoint.vpceId} Allow`, `resource ${api.id} Allow`]);
    // The root is not alice: the endpoint policy names it in its denial.
    const root = await signedRequest({ host, path: '/test/pets', at: now(w), region: REGION });
    const refused = await w.viaEndpoint(originAt(endpoint), { url: root.url, headers: { Host: host, authorization: String(root.headers['authorization']), 'x-amz-date': String(root.headers['x-amz-date']) } });
    assert.equal(refused.answer.body, `{"Message":"User: arn:aws:iam::${ACCOUNT}:root is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:${REGION}:********${ACCOUNT.slice(-4)}:${api.id}/test/GET/pets"}`);
  });
});
