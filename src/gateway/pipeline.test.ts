/**
 * The execute-api pipeline step by step, without a server (pipeline-test-world.ts): resolve → route → VPC
 * endpoint policy → resource policy → integration → answer. Each case asserts the exact status,
 * x-amzn-ErrorType and body AWS answers, and what the request's record says: how far the request got (API,
 * stage, resource, ARN) and which policies were evaluated with what decision.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createDeployment } from '../services/apigateway/deployments.js';
import { putIntegration } from '../services/apigateway/integrations.js';
import { putMethod, updateMethod } from '../services/apigateway/methods.js';
import { updateStage } from '../services/apigateway/stages.js';
import { call } from '../services/apigateway/test-context.js';
import { deleteVpcEndpoints } from '../services/ec2/vpc-endpoints.js';
import { decisionReason, explainedRecord } from './request-log.js';
import {
  ACCOUNT,
  aliasName,
  decisions,
  denied,
  type Deployed,
  type Endpoint,
  FORBIDDEN,
  INTERNAL_ERROR,
  MISSING_TOKEN,
  mockMethod,
  ok,
  OPEN,
  originAt,
  policy,
  privateName,
  REGION,
  REGION_HOST,
  World,
} from './test-support/pipeline-world.js';

/** A world with two endpoints (a: 10.0.0.0/16, b: 10.1.0.0/16) and a private API open to both. */
function twoEndpoints() {
  const w = new World();
  const a = w.endpoint('10.0.0.0/16');
  const b = w.endpoint('10.1.0.0/16');
  const p = w.api('p', { types: 'PRIVATE', vpcEndpointIds: [a.vpceId, b.vpceId], policy: OPEN });
  return { w, a, b, p };
}

describe('resolve: the API and stage, by the front door', () => {
  it('serves a private API by its private DNS name through an endpoint, and records who came through which endpoint', async () => {
    const { w, a, p } = twoEndpoints();
    const { answer, record } = await w.viaEndpoint(originAt(a), { url: '/test/pets/7?x=1', headers: { Host: privateName(p), 'User-Agent': 'curl/8' } });
    assert.deepEqual(answer, ok('p'));
    const { requestId, durationMs, policies, ...rest } = record;
    assert.match(requestId, /^[0-9a-f-]{36}$/);
    assert.ok(durationMs >= 0);
    assert.deepEqual(rest, {
      time: '2024-05-01T12:00:00.000Z',
      door: 'private',
      method: 'GET',
      host: privateName(p),
      url: '/test/pets/7?x=1',
      sourceIp: '10.0.1.10',
      instanceId: 'i-0123456789abcdef0',
      vpcId: a.vpcId,
      vpceId: a.vpceId,
      apiId: p.id,
      stage: 'test',
      resource: 'GET /pets/{id}',
      resourceArn: `arn:aws:execute-api:${REGION}:${ACCOUNT}:${p.id}/test/GET/pets/7`,
      integration: 'MOCK',
      status: 200,
    });
    assert.deepEqual(decisions(record), [`vpc-endpoint ${a.vpceId} Allow`, `resource ${p.id} Allow`]);
  });

  it('answers 403 Forbidden for an unknown API, an unknown, upper-case or missing stage, and records no API', async () => {
    const { w, a, p } = twoEndpoints();
    for (const [host, url] of [[privateName('zzzzzzzzzz'), '/test'], [privateName(p), '/prod/pets'], [privateName(p), '/TEST/pets'], [privateName(p), '/'], [privateName(p), '//']]) {
      const { answer, record } = await w.viaEndpoint(originAt(a), { url: url!, headers: { Host: host! } });
      assert.deepEqual(answer, FORBIDDEN, `${host}${url}`);
      assert.equal(record.apiId, undefined);
      assert.deepEqual(record.policies, []);
      assert.equal(record.errorType, 'ForbiddenException');
    }
  });

  it('answers 403 Forbidden to a connection without an instance identity', async () => {
    const { w, p } = twoEndpoints();
    const { answer, record } = await w.viaEndpoint(undefined, { url: '/test/pets', headers: { Host: privateName(p) }, remoteAddress: '10.0.1.10' });
    assert.deepEqual(answer, FORBIDDEN);
    assert.equal(record.door, 'private');
    assert.equal(record.vpceId, undefined);
    assert.equal(record.apiId, undefined);
    assert.equal(record.sourceIp, '10.0.1.10');
  });

  it('never serves a private API on the public door, nor a public API through an endpoint', async () => {
    const { w, a, p } = twoEndpoints();
    const r = w.api('r', { types: 'REGIONAL' });
    assert.deepEqual((await w.viaMainPort(p.id, '/test/pets')).answer, FORBIDDEN);
    // Even with the headers an endpoint would add.
    assert.deepEqual((await w.viaMainPort(p.id, '/test/pets', { headers: { 'x-amzn-vpce-id': a.vpceId, 'x-apigw-api-id': p.id } })).answer, FORBIDDEN);
    assert.deepEqual((await w.viaEndpoint(originAt(a), { url: '/test/pets', headers: { Host: privateName(r) } })).answer, FORBIDDEN);
    assert.deepEqual((await w.viaMainPort(r.id, '/test/pets')).answer, ok('r'));
  });

  it("serves only its own region's APIs through an endpoint", async () => {
    const { w, a } = twoEndpoints();
    const west = w.api('w', { types: 'PRIVATE', policy: OPEN }, { account: ACCOUNT, region: 'us-west-2' });
    assert.deepEqual((await w.viaEndpoint(originAt(a), { url: '/test/pets', headers: { Host: REGION_HOST, 'x-apigw-api-id': west.id } })).answer, FORBIDDEN);
    assert.deepEqual((await w.viaEndpoint(originAt(a), { url: '/test/pets', headers: { Host: `${west.id}.execute-api.us-west-2.amazonaws.com` } })).answer, FORBIDDEN);
  });

  it('serves the {api}-{vpce} alias only for the endpoint the request came through, and only if the API lists it', async () => {
    const { w, a, b, p } = twoEndpoints();
    const onlyA = w.api('only-a', { types: 'PRIVATE', vpcEndpointIds: [a.vpceId], policy: OPEN });
    assert.deepEqual((await w.viaEndpoint(originAt(a), { url: '/test/pets', headers: { Host: aliasName(p, a) } })).answer, ok('p'));
    // Another endpoint's alias (both are associated), through a.
    assert.deepEqual((await w.viaEndpoint(originAt(a), { url: '/test/pets', headers: { Host: aliasName(p, b) } })).answer, FORBIDDEN);
    // This endpoint's alias for an API that does not list it; the private DNS name still reaches it.
    assert.deepEqual((await w.viaEndpoint(originAt(b), { url: '/test/pets', headers: { Host: aliasName(onlyA, b) } })).answer, FORBIDDEN);
    assert.deepEqual((await w.viaEndpoint(originAt(b), { url: '/test/pets', headers: { Host: privateName(onlyA) } })).answer, ok('only-a'));
  });

  it('reads x-apigw-api-id only when the Host names no API', async () => {
    const { w, a, p } = twoEndpoints();
    const q = w.api('q', { types: 'PRIVATE', policy: OPEN });
    const vpceName = `${a.vpceId}-abcd1234.execute-api.${REGION}.vpce.amazonaws.com`;
    const via = async (headers: Record<string, string>) => (await w.viaEndpoint(originAt(a), { url: '/test/pets', headers })).answer;
    assert.deepEqual(await via({ Host: vpceName, 'x-apigw-api-id': p.id }), ok('p'));
    assert.deepEqual(await via({ Host: `${REGION_HOST}:443`, 'x-apigw-api-id': ` ${p.id} ` }), ok('p'));
    assert.deepEqual(await via({ Host: privateName(p), 'x-apigw-api-id': q.id }), ok('p'));
    assert.deepEqual(await via({ Host: aliasName(p, a), 'x-apigw-api-id': q.id }), ok('p'));
    assert.deepEqual(await via({ Host: vpceName }), FORBIDDEN);
    assert.deepEqual(await via({ Host: vpceName, 'x-apigw-api-id': 'zzzzzzzzzz' }), FORBIDDEN);
    // A name that is not execute-api's at all falls back to the header, as an endpoint's IP address would.
    assert.deepEqual(await via({ Host: '10.0.1.5', 'x-apigw-api-id': q.id }), ok('q'));
  });

  it('answers 403 Forbidden on the public door when the default endpoint is disabled', async () => {
    const w = new World();
    const r = w.api('r', { types: 'REGIONAL', disableExecuteApiEndpoint: true });
    const { answer, record } = await w.viaMainPort(r.id, '/test/pets');
    assert.deepEqual(answer, FORBIDDEN);
    assert.equal(record.door, 'public');
    assert.equal(record.apiId, undefined);
  });

  it('serves an EDGE API on the public door, and an unknown or empty API id is Forbidden', async () => {
    const w = new World();
    const e = w.api('e', { types: 'EDGE' });
    assert.deepEqual((await w.viaMainPort(e.id, '/test')).answer, ok('e'));
    assert.deepEqual((await w.viaMainPort('zzzzzzzzzz', '/test')).answer, FORBIDDEN);
    assert.deepEqual((await w.viaMainPort('', '/')).answer, FORBIDDEN);
  });
});

describe('route: the resource and method', () => {
  it('answers Missing Authentication Token for an unknown path or method, before any policy is evaluated', async () => {
    const { w, a, p } = twoEndpoints();
    for (const [method, url] of [['GET', '/test/nothing'], ['DELETE', '/test/pets'], ['GET', '/test/pets/1/2']]) {
      const { answer, record } = await w.viaEndpoint(originAt(a), { method: method!, url: url!, headers: { Host: privateName(p) } });
      assert.deepEqual(answer, MISSING_TOKEN, `${method} ${url}`);
      assert.equal(record.apiId, p.id);
      assert.equal(record.stage, 'test');
      assert.equal(record.resource, undefined);
      assert.equal(record.resourceArn, undefined);
      assert.deepEqual(record.policies, []);
    }
    const r = w.api('r', { types: 'REGIONAL', policy: policy({ Effect: 'Deny' }) });
    const { answer, record } = await w.viaMainPort(r.id, '/test/nothing');
    assert.deepEqual(answer, MISSING_TOKEN);
    assert.deepEqual(record.policies, []);
  });

  it('routes the root, a trailing slash and doubled slashes; the ARN keeps the path as sent', async () => {
    const { w, a, p } = twoEndpoints();
    const arn = `arn:aws:execute-api:${REGION}:${ACCOUNT}:${p.id}/test/GET`;
    for (const [url, resource, resourceArn] of [['/test', 'GET /', `${arn}/`], ['/test/pets/', 'GET /pets', `${arn}/pets/`], ['/test//pets', 'GET /pets', `${arn}/pets`]]) {
      const { answer, record } = await w.viaEndpoint(originAt(a), { url: url!, headers: { Host: privateName(p) } });
      assert.deepEqual(answer, ok('p'), url);
      assert.deepEqual([record.resource, record.resourceArn], [resource, resourceArn]);
    }
  });
});

describe('VPC endpoint policy: evaluated first', () => {
  it("denies before the resource policy is evaluated, explicitly or implicitly, in AWS's words", async () => {
    const w = new World();
    const apiArn = (id: string) => `arn:aws:execute-api:${REGION}:${ACCOUNT}:${id}/*`;
    const open = w.endpoint('10.0.0.0/16');
    const p = w.api('p', { types: 'PRIVATE', policy: OPEN });
    const q = w.api('q', { types: 'PRIVATE', policy: OPEN });
    // Allows everything but q (which it does not allow), and explicitly denies p.
    const strict = w.endpoint('10.1.0.0/16', {
      Statement: [
        { Effect: 'Allow', Principal: '*', Action: '*', NotResource: apiArn(q.id) },
        { Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: apiArn(p.id) },
      ],
    });
    let seen = await w.viaEndpoint(originAt(strict, '10.1.1.10'), { url: '/test/pets', headers: { Host: privateName(p) } });
    assert.deepEqual(seen.answer, denied(p, '/test/GET/pets', true));
    assert.deepEqual(decisions(seen.record), [`vpc-endpoint ${strict.vpceId} ExplicitDeny`]);
    seen = await w.viaEndpoint(originAt(strict, '10.1.1.10'), { url: '/test/pets/1', headers: { Host: privateName(q) } });
    assert.deepEqual(seen.answer, denied(q, '/test/GET/pets/1', false));
    assert.deepEqual(decisions(seen.record), [`vpc-endpoint ${strict.vpceId} ImplicitDeny`]);
    // AWS's default policy (none was given) lets both through to their resource policies.
    for (const api of [p, q]) {
      seen = await w.viaEndpoint(originAt(open), { url: '/test', headers: { Host: privateName(api) } });
      assert.deepEqual(decisions(seen.record), [`vpc-endpoint ${open.vpceId} Allow`, `resource ${api.id} Allow`]);
    }
  });

  it('lets the endpoint allow what the resource policy then denies', async () => {
    const w = new World();
    const a = w.endpoint('10.0.0.0/16', { Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: '*' }] });
    const p = w.api('p', { types: 'PRIVATE', policy: policy({ Effect: 'Deny' }) });
    const { answer, record } = await w.viaEndpoint(originAt(a), { url: '/test/pets', headers: { Host: privateName(p) } });
    assert.deepEqual(answer, denied(p, '/test/GET/pets', true));
    assert.deepEqual(decisions(record), [`vpc-endpoint ${a.vpceId} Allow`, `resource ${p.id} ExplicitDeny`]);
  });

  it('answers 403 Forbidden when the endpoint was deleted while the connection was open', async () => {
    const { w, a, p } = twoEndpoints();
    call(w.ctx, deleteVpcEndpoints, { VpcEndpointIds: [a.vpceId] });
    const { answer, record } = await w.viaEndpoint(originAt(a), { url: '/test/pets', headers: { Host: privateName(p) } });
    assert.deepEqual(answer, FORBIDDEN);
    assert.equal(record.apiId, p.id);
    assert.deepEqual(record.policies, []);
  });
});

describe('resource policy', () => {
  it('denies every request to a private API deployed without one (implicit deny)', async () => {
    const { w, a, p } = twoEndpoints();
    // The control plane refuses to deploy a private API without a policy; a snapshot may still lack one.
    w.editSnapshot(p, (s) => delete s.api.policy);
    const { answer, record } = await w.viaEndpoint(originAt(a), { url: '/test/pets', headers: { Host: privateName(p) } });
    assert.deepEqual(answer, denied(p, '/test/GET/pets', false));
    assert.deepEqual(decisions(record), [`vpc-endpoint ${a.vpceId} Allow`, `resource ${p.id} NoPolicy`]);
  });

  it('leaves a public API without one open', async () => {
    const w = new World();
    const r = w.api('r', { types: 'REGIONAL' });
    const { answer, record } = await w.viaMainPort(r.id, '/test/pets', { remoteAddress: '::ffff:198.51.100.7' });
    assert.deepEqual(answer, ok('r'));
    assert.deepEqual(decisions(record), [`resource ${r.id} NoPolicy`]);
    assert.equal(record.sourceIp, '198.51.100.7');
  });

  it('sees aws:SourceVpce, aws:SourceVpc and aws:VpcSourceIp on the private door, and no aws:SourceIp', async () => {
    const { w, a, b } = twoEndpoints();
    const both = [a.vpceId, b.vpceId];
    const byVpce = w.api('vpce', { types: 'PRIVATE', vpcEndpointIds: both, policy: policy({ Effect: 'Allow', Condition: { StringEquals: { 'aws:SourceVpce': a.vpceId } } }) });
    const byVpc = w.api('vpc', { types: 'PRIVATE', vpcEndpointIds: both, policy: policy({ Effect: 'Allow', Condition: { StringEquals: { 'aws:SourceVpc': b.vpcId } } }) });
    const byIp = w.api('ip', { types: 'PRIVATE', policy: policy({ Effect: 'Allow' }, { Effect: 'Deny', Condition: { NotIpAddress: { 'aws:VpcSourceIp': '10.0.1.0/24' } } }) });
    const bySourceIp = w.api('source-ip', { types: 'PRIVATE', policy: policy({ Effect: 'Allow', Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } }) });
    const via = async (endpoint: Endpoint, sourceIp: string, api: Deployed, headers: Record<string, string> = {}) =>
      (await w.viaEndpoint(originAt(endpoint, sourceIp), { url: '/test/pets', headers: { Host: privateName(api), ...headers } })).answer;
    assert.deepEqual(await via(a, '10.0.1.10', byVpce), ok('vpce'));
    assert.deepEqual(await via(b, '10.1.1.10', byVpce), denied(byVpce, '/test/GET/pets', false));
    // Headers claiming another endpoint or VPC change nothing.
    assert.deepEqual(await via(b, '10.1.1.10', byVpce, { 'x-amzn-vpce-id': a.vpceId, 'x-amzn-vpc-id': a.vpcId }), denied(byVpce, '/test/GET/pets', false));
    assert.deepEqual(await via(b, '10.1.1.10', byVpc), ok('vpc'));
    assert.deepEqual(await via(a, '10.0.1.10', byVpc), denied(byVpc, '/test/GET/pets', false));
    assert.deepEqual(await via(a, '10.0.1.10', byIp), ok('ip'));
    assert.deepEqual(await via(a, '10.0.2.10', byIp), denied(byIp, '/test/GET/pets', true));
    assert.deepEqual(await via(a, '10.0.2.10', byIp, { 'X-Forwarded-For': '10.0.1.10' }), denied(byIp, '/test/GET/pets', true));
    assert.deepEqual(await via(a, '10.0.1.10', bySourceIp), denied(bySourceIp, '/test/GET/pets', false));
  });

  it('sees aws:SourceIp (the peer, IPv4-mapped prefix removed) on the public door, and no aws:SourceVpce', async () => {
    const w = new World();
    const a = w.endpoint('10.0.0.0/16');
    const r = w.api('r', { types: 'REGIONAL', policy: policy({ Effect: 'Allow' }, { Effect: 'Deny', Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } }) });
    const byVpce = w.api('vpce', { types: 'REGIONAL', policy: policy({ Effect: 'Allow', Condition: { StringEquals: { 'aws:SourceVpce': a.vpceId } } }) });
    assert.deepEqual((await w.viaMainPort(r.id, '/test/pets', { remoteAddress: '198.51.100.7' })).answer, ok('r'));
    assert.deepEqual((await w.viaMainPort(r.id, '/test/pets', { remoteAddress: '203.0.113.7' })).answer, denied(r, '/test/GET/pets', true));
    const { answer, record } = await w.viaMainPort(r.id, '/test/pets', { remoteAddress: '::ffff:203.0.113.7', headers: { 'X-Forwarded-For': '198.51.100.7' } });
    assert.deepEqual(answer, denied(r, '/test/GET/pets', true));
    assert.deepEqual(decisions(record), [`resource ${r.id} ExplicitDeny`]);
    assert.deepEqual((await w.viaMainPort(byVpce.id, '/test', { headers: { 'x-amzn-vpce-id': a.vpceId } })).answer, denied(byVpce, '/test/GET/', false));
  });
});

describe('fail closed: a stored policy that cannot be read denies', () => {
  const UNREADABLE = '{"Statement": "allow everyone"}';

  it('an unreadable resource policy, on a private API: told once for two requests', async () => {
    const { w, a, p } = twoEndpoints();
    w.editSnapshot(p, (s) => (s.api.policy = UNREADABLE));
    for (const path of ['/pets', '/pets/1']) {
      const { answer, record } = await w.viaEndpoint(originAt(a), { url: `/test${path}`, headers: { Host: privateName(p) } });
      assert.deepEqual(answer, denied(p, `/test/GET${path}`, false));
      assert.deepEqual(decisions(record), [`vpc-endpoint ${a.vpceId} Allow`, `resource ${p.id} Unreadable`]);
      assert.match(record.policies[1]?.unreadable ?? '', /^Statement: /);
    }
    assert.equal(w.unreadable.length, 1);
    assert.equal(w.unreadable[0], `resource ${p.id}: ${w.told[0]?.policies[1]?.unreadable}`);
  });

  it('an unreadable resource policy, on a public API: denied, not open', async () => {
    const w = new World();
    const r = w.api('r', { types: 'REGIONAL', policy: OPEN });
    w.editSnapshot(r, (s) => (s.api.policy = UNREADABLE));
    for (let i = 0; i < 2; i++) {
      const { answer, record } = await w.viaMainPort(r.id, '/test/pets');
      assert.deepEqual(answer, denied(r, '/test/GET/pets', false));
      assert.deepEqual(decisions(record), [`resource ${r.id} Unreadable`]);
    }
    assert.deepEqual(w.unreadable.length, 1);
    assert.match(w.unreadable[0] ?? '', new RegExp(`^resource ${r.id}: Statement: `));
  });

  it("an unreadable endpoint PolicyDocument denies every API behind it, before their resource policies", async () => {
    const { w, a, b, p } = twoEndpoints();
    const q = w.api('q', { types: 'PRIVATE', policy: OPEN });
    w.editEndpointPolicy(a, 'not JSON');
    for (const api of [p, q]) {
      const { answer, record } = await w.viaEndpoint(originAt(a), { url: '/test', headers: { Host: privateName(api) } });
      assert.deepEqual(answer, denied(api, '/test/GET/', false));
      assert.deepEqual(decisions(record), [`vpc-endpoint ${a.vpceId} Unreadable`]);
    }
    assert.deepEqual(w.unreadable.length, 1);
    assert.match(w.unreadable[0] ?? '', new RegExp(`^vpc-endpoint ${a.vpceId}: not JSON: `));
    // The other endpoint still gets in.
    assert.deepEqual((await w.viaEndpoint(originAt(b, '10.1.1.10'), { url: '/test', headers: { Host: privateName(p) } })).answer, ok('p'));
  });
});

describe('fail closed: a deployment whose stored snapshot cannot be read serves nothing', () => {
  it('a snapshot without its resources: Forbidden on every path, the record says why, told once for two requests', async () => {
    const { w, a, p } = twoEndpoints();
    w.editSnapshotJson(p, (doc) => delete doc['resources']);
    for (const path of ['/pets', '/pets/1']) {
      const { answer, record } = await w.viaEndpoint(originAt(a), { url: `/test${path}`, headers: { Host: privateName(p) } });
      assert.deepEqual(answer, FORBIDDEN);
      assert.equal(record.apiId, p.id);
      assert.equal(record.stage, 'test');
      assert.equal(record.resource, undefined);
      assert.deepEqual(decisions(record), []);
      assert.equal(record.unreadableDeployment?.deploymentId, p.deploymentId);
      assert.match(record.unreadableDeployment?.reason ?? '', /^resources: .*expected array/);
      const why = `deployment ${p.deploymentId} of ${p.id}, served by stage test: the stored deployment cannot be read (${record.unreadableDeployment?.reason}), so every request to the stage is refused with 403 Forbidden (Gatehouse fails closed)`;
      assert.equal(decisionReason(record), why);
      assert.equal(explainedRecord(record).reason, why);
    }
    assert.deepEqual(w.unreadable, [`deployment ${p.id}/${p.deploymentId}: ${w.told[0]?.unreadableDeployment?.reason}`]);
    assert.deepEqual(w.unexpected, []);
  });

  it('a field of the wrong type, on a public API: Forbidden, not served as it was', async () => {
    const w = new World();
    const r = w.api('r', { types: 'REGIONAL', policy: OPEN });
    w.editSnapshotJson(r, (doc) => Object.assign(doc['api'] as object, { disableExecuteApiEndpoint: 'no' }));
    for (let i = 0; i < 2; i++) {
      const { answer, record } = await w.viaMainPort(r.id, '/test/pets');
      assert.deepEqual(answer, FORBIDDEN);
      assert.match(record.unreadableDeployment?.reason ?? '', /^api\.disableExecuteApiEndpoint: .*expected boolean/);
    }
    assert.equal(w.unreadable.length, 1);
    assert.match(w.unreadable[0] ?? '', new RegExp(`^deployment ${r.id}/${r.deploymentId}: api\\.disableExecuteApiEndpoint: `));
  });

  it('a snapshot with fields this Gatehouse does not know (written by a newer one) still serves', async () => {
    const { w, a, p } = twoEndpoints();
    w.editSnapshotJson(p, (doc) => {
      doc['writtenBy'] = 'gatehouse 9.0';
      Object.assign(doc['api'] as object, { ipv6: { enabled: true } });
    });
    const { answer, record } = await w.viaEndpoint(originAt(a), { url: '/test/pets', headers: { Host: privateName(p) } });
    assert.deepEqual(answer, ok('p'));
    assert.equal(record.unreadableDeployment, undefined);
    assert.deepEqual(w.unreadable, []);
  });

  it('a new deployment to the stage serves again; other stages and APIs were never affected', async () => {
    const { w, a, p } = twoEndpoints();
    const q = w.api('q', { types: 'PRIVATE', policy: OPEN });
    w.editSnapshotJson(p, (doc) => delete doc['resources']);
    const request = (api: Deployed) => w.viaEndpoint(originAt(a), { url: '/test/pets', headers: { Host: privateName(api) } });
    assert.deepEqual((await request(p)).answer, FORBIDDEN);
    assert.deepEqual((await request(q)).answer, ok('q'));
    call(w.ctx, createDeployment, { restApiId: p.id, stageName: 'test' });
    assert.deepEqual((await request(p)).answer, ok('p'));
  });
});

describe('integration', () => {
  it('answers what the MOCK response template gives, with the request ids and Server header, and no trace id (recorded)', async () => {
    const { w, a, p } = twoEndpoints();
    const { answer, written, record } = await w.viaEndpoint(originAt(a), { method: 'get', url: '/test/pets', headers: { Host: privateName(p) } });
    assert.deepEqual(answer, ok('p'));
    assert.equal(record.method, 'GET');
    assert.equal(written.headers['content-type'], 'application/json');
    assert.equal(written.headers['content-length'], String(Buffer.byteLength(answer.body)));
    assert.equal(written.headers['x-amzn-requestid'], record.requestId);
    assert.match(written.headers['x-amz-apigw-id'] ?? '', /^[A-Za-z0-9+/]{15}=$/);
    assert.equal(written.headers['x-amzn-trace-id'], undefined);
    assert.equal(written.headers['server'], 'Server');
  });

  it('hands an AWS_PROXY method to Lambda as API Gateway, and answers what the function returned, traced; gateway errors are not', async () => {
    const calls: Array<{ functionArn: string; sourceArn: string }> = [];
    const w = new World(async (functionArn, _payload, { sourceArn }) => {
      calls.push({ functionArn, sourceArn });
      return { kind: 'success', payload: JSON.stringify({ statusCode: 201, headers: { 'Content-Type': 'text/plain' }, body: 'made' }), log: 'START RequestId: 1\n' };
    });
    const r = w.api('r', { types: 'REGIONAL' });
    const functionArn = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:make`;
    const key = { restApiId: r.id, resourceId: r.rootId, httpMethod: 'POST' };
    call(w.ctx, putMethod, { ...key, authorizationType: 'NONE' });
    call(w.ctx, putIntegration, { ...key, type: 'AWS_PROXY', integrationHttpMethod: 'POST', uri: `arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/${functionArn}/invocations` });
    call(w.ctx, createDeployment, { restApiId: r.id, stageName: 'test' });
    const { answer, written, record } = await w.viaMainPort(r.id, '/test', { method: 'POST', body: 'x' });
    assert.deepEqual(answer, { status: 201, body: 'made' });
    assert.equal(written.headers['content-type'], 'text/plain');
    assert.match(written.headers['x-amzn-trace-id'] ?? '', /^Root=1-66322ec0-[0-9a-f]{24}$/);
    assert.deepEqual(calls, [{ functionArn, sourceArn: `arn:aws:execute-api:${REGION}:${ACCOUNT}:${r.id}/test/POST/` }]);
    assert.equal(record.integration, 'AWS_PROXY');
    assert.equal(record.lambda?.functionArn, functionArn);
    assert.equal(record.lambda?.log, 'START RequestId: 1\n');
    const error = await w.viaMainPort(r.id, '/test/nothing');
    assert.deepEqual(error.answer, MISSING_TOKEN);
    assert.equal(error.written.headers['x-amzn-trace-id'], undefined);
    assert.equal(error.written.headers['content-type'], 'application/json');
  });

  it('answers 500 for a MOCK template that gives no integer statusCode, and records why', async () => {
    const w = new World();
    const r = w.api('r', { types: 'REGIONAL' });
    mockMethod(w.ctx, { restApiId: r.id, resourceId: r.rootId, httpMethod: 'POST' }, '{"statusCode": "200"}', '{}');
    call(w.ctx, createDeployment, { restApiId: r.id, stageName: 'test' });
    const { answer, record } = await w.viaMainPort(r.id, '/test', { method: 'POST', body: '{}' });
    assert.deepEqual(answer, INTERNAL_ERROR);
    assert.equal(record.integration, 'MOCK');
    assert.equal(record.integrationError, 'Execution failed due to configuration error: statusCode should be an integer which defined in request template');
    assert.deepEqual(w.unexpected, []);
  });
});

describe("Gatehouse's own failures", () => {
  it('become 500 Internal server error, told to onUnexpectedError, and are still recorded', async () => {
    const { w, a, p } = twoEndpoints();
    w.ctx.store.close();
    const { answer, record } = await w.viaEndpoint(originAt(a), { url: '/test/pets', headers: { Host: privateName(p) } });
    assert.deepEqual(answer, INTERNAL_ERROR);
    assert.equal(record.status, 500);
    assert.equal(w.unexpected.length, 1);
    assert.match(String(w.unexpected[0]), /database connection is not open/);
  });
});

describe('api-key: a method that requires an API key', () => {
  it('refuses every request with 403 Forbidden (no usage plan can accept a key yet), after the policies allow it, and says why', async () => {
    const w = new World();
    const e = w.endpoint('10.0.0.0/16');
    const p = w.api('p', { types: 'PRIVATE', vpcEndpointIds: [e.vpceId], policy: OPEN });
    call(w.ctx, updateMethod, { restApiId: p.id, resourceId: p.rootId, httpMethod: 'GET', patchOperations: [{ op: 'replace', path: '/apiKeyRequired', value: 'true' }] });
    call(w.ctx, createDeployment, { restApiId: p.id, stageName: 'test' });
    const none = await w.viaEndpoint(originAt(e), { url: '/test', headers: { Host: privateName(p) } });
    assert.deepEqual(none.answer, FORBIDDEN);
    assert.equal(decisionReason(none.record), 'API key: the method requires an API key and the x-api-key header carries none');
    const some = await w.viaEndpoint(originAt(e), { url: '/test', headers: { Host: privateName(p), 'x-api-key': 'abc' } });
    assert.deepEqual(some.answer, FORBIDDEN);
    assert.match(decisionReason(some.record) ?? '', /belongs to no usage plan of the stage/);
    // Other methods of the API are not affected.
    assert.deepEqual((await w.viaEndpoint(originAt(e), { url: '/test/pets', headers: { Host: privateName(p) } })).answer, ok('p'));
  });
});

describe('throttle: the stage throttling settings', () => {
  it('a token bucket per setting: burst requests at once, then 429 Too Many Requests until it refills; a method setting wins over */*', async () => {
    const w = new World();
    const e = w.endpoint('10.0.0.0/16');
    const p = w.api('p', { types: 'PRIVATE', vpcEndpointIds: [e.vpceId], policy: OPEN });
    call(w.ctx, updateStage, { restApiId: p.id, stageName: 'test', patchOperations: [
      { op: 'replace', path: '/*/*/throttling/burstLimit', value: '2' },
      { op: 'replace', path: '/*/*/throttling/rateLimit', value: '1' },
      { op: 'replace', path: '/~1pets/GET/throttling/burstLimit', value: '5' },
    ] });
    const get = (url: string) => w.viaEndpoint(originAt(e), { url, headers: { Host: privateName(p) } });
    const TOO_MANY = { status: 429, errorType: 'TooManyRequestsException', body: '{"message":"Too Many Requests"}' };
    assert.deepEqual([(await get('/test')).answer, (await get('/test')).answer], [ok('p'), ok('p')]);
    const third = await get('/test');
    assert.deepEqual(third.answer, TOO_MANY);
    assert.equal(decisionReason(third.record), "throttled: the stage's setting */* allows 1 requests per second with bursts of 2, and this request was past them");
    // GET /pets has its own setting (burst 5, rate 1 copied from */* when it was made).
    for (let i = 0; i < 5; i++) assert.deepEqual((await get('/test/pets')).answer, ok('p'));
    assert.deepEqual((await get('/test/pets')).answer, TOO_MANY);
    // A second later one token is back.
    w.ctx.clock.advance(1);
    assert.deepEqual((await get('/test')).answer, ok('p'));
    assert.deepEqual((await get('/test')).answer, TOO_MANY);
  });
});
