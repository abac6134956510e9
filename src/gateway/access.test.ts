import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Method, Resource, RestApi, Stage } from '../domain/apigateway.js';
import { methodAccess } from './access.js';
import type { ServedStage } from './deployments.js';
import { Router } from './router.js';
import { readStoredPolicy, type StoredPolicy } from './stored-policy.js';

const NOW = new Date('2026-11-22T08:00:00Z');
const VPCE = 'vpce-0123456789abcdef0';
const OTHER = 'vpce-0fedcba9876543210';

function policy(doc: unknown): StoredPolicy {
  const parsed = readStoredPolicy(JSON.stringify(doc));
  assert.ok('document' in parsed);
  return parsed;
}

/** What a store from another version, or edited by hand, may hold. */
const UNREADABLE = readStoredPolicy('{"Statement": "allow everyone"}');

/** The seed's policy: deny unless the request comes through VPCE, then allow. */
const SEED = policy({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*', Condition: { StringNotEquals: { 'aws:sourceVpce': VPCE } } },
    { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' },
  ].map((s) => ({ ...s, Resource: 'arn:aws:execute-api:us-east-1:111122223333:abcdef1234/*' })),
});
const FULL_ACCESS = policy({ Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }] });
/** An endpoint policy that allows only GETs. */
const GETS_ONLY = policy({ Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'arn:aws:execute-api:*:*:*/*/GET/*' }] });

const method = (httpMethod: string): Method => ({ httpMethod, authorizationType: 'NONE', apiKeyRequired: false });
const resources: Resource[] = [
  { id: 'root', path: '/', resourceMethods: { GET: method('GET') } },
  { id: 'pets', parentId: 'root', pathPart: 'pets', path: '/pets', resourceMethods: { POST: method('POST'), ANY: method('ANY') } },
];

function served(resourcePolicy: StoredPolicy | undefined): ServedStage {
  const api = { id: 'abcdef1234', name: 'seed', endpointConfiguration: { types: ['PRIVATE'] } } as unknown as RestApi;
  return {
    stage: { stageName: 'test' } as Stage,
    deployment: { scope: { account: '111122223333', region: 'us-east-1' }, deploymentId: 'd1', api, router: new Router(resources), resources, policy: resourcePolicy, vpcEndpointIds: new Set(), authorizers: new Map() },
  };
}

const origin = (vpceId: string) => ({ account: '111122223333', region: 'us-east-1', vpcId: 'vpc-1', vpceId, sourceIp: '10.0.1.5', instanceId: 'i-1' });

describe('methodAccess', () => {
  it('decides each method of the deployment with both policies, as the pipeline would for a request', () => {
    const through = methodAccess(served(SEED), origin(VPCE), FULL_ACCESS, NOW);
    assert.deepEqual(through.map((m) => [m.method, m.allowed]), [['GET /', true], ['ANY /pets', true], ['POST /pets', true]]);
    assert.equal(through[0]!.reason, `VPC endpoint policy of ${VPCE}: allowed by statement 0; resource policy of abcdef1234: allowed by statement 1`);

    const elsewhere = methodAccess(served(SEED), origin(OTHER), FULL_ACCESS, NOW);
    assert.ok(elsewhere.every((m) => !m.allowed));
    assert.match(elsewhere[0]!.reason, new RegExp(`^resource policy of abcdef1234: explicit deny by statement 0: aws:sourceVpce is ${OTHER}`));
  });

  it('asks the endpoint policy first: a method it does not allow never reaches the resource policy', () => {
    const access = methodAccess(served(SEED), origin(VPCE), GETS_ONLY, NOW);
    // ANY gets GET through and nothing else: one line per method then.
    assert.deepEqual(access.map((m) => [m.method, m.allowed]), [
      ['GET /', true],
      ['ANY /pets as GET', true],
      ['ANY /pets as DELETE', false],
      ['ANY /pets as HEAD', false],
      ['ANY /pets as OPTIONS', false],
      ['ANY /pets as PATCH', false],
      ['ANY /pets as POST', false],
      ['ANY /pets as PUT', false],
      ['POST /pets', false],
    ]);
    assert.match(access.at(-1)!.reason, new RegExp(`^VPC endpoint policy of ${VPCE}: `));
  });

  it('denies everything for a private API deployed without a resource policy', () => {
    assert.ok(methodAccess(served(undefined), origin(VPCE), FULL_ACCESS, NOW).every((m) => !m.allowed && m.reason.includes('there is none')));
  });

  it('fails closed: a stored endpoint or resource policy that cannot be read denies every method, and says why', () => {
    assert.ok('unreadable' in UNREADABLE);
    const endpoint = methodAccess(served(SEED), origin(VPCE), UNREADABLE, NOW);
    assert.ok(endpoint.every((m) => !m.allowed && m.reason === `VPC endpoint policy of ${VPCE}: the stored policy cannot be read (${UNREADABLE.unreadable}), so it denies every request (Gatehouse fails closed)`), endpoint[0]!.reason);
    const resource = methodAccess(served(UNREADABLE), origin(VPCE), FULL_ACCESS, NOW);
    assert.ok(resource.every((m) => !m.allowed && m.reason.startsWith('resource policy of abcdef1234: the stored policy cannot be read')), resource[0]!.reason);
  });

  it('a method that checks its caller is reachable unless the resource policy denies explicitly; the reason says who decides next', () => {
    const onlyRoot = policy({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'arn:aws:execute-api:us-east-1:111122223333:abcdef1234/*/GET/' }] });
    const guarded: Resource[] = [
      { id: 'root', path: '/', resourceMethods: { GET: method('GET') } },
      { id: 'pets', parentId: 'root', pathPart: 'pets', path: '/pets', resourceMethods: { GET: { ...method('GET'), authorizationType: 'CUSTOM', authorizerId: 'auth01' }, POST: { ...method('POST'), authorizationType: 'AWS_IAM' } } },
    ];
    const s = served(onlyRoot);
    const custom = { ...s, deployment: { ...s.deployment, resources: guarded, router: new Router(guarded), authorizers: new Map([['auth01', { kind: 'lambda' as const, type: 'TOKEN' as const, id: 'auth01', name: 'tokens', cacheId: 'd1/auth01', sources: [], ttlMs: 0, functionArn: undefined, sourceArn: '', credentials: undefined, validation: undefined }]]) } };
    const access = methodAccess(custom, origin(VPCE), FULL_ACCESS, NOW);
    assert.deepEqual(access.map((m) => [m.method, m.allowed]), [['GET /', true], ['GET /pets', true], ['POST /pets', true]]);
    assert.match(access[1]!.reason, /; then the Lambda authorizer tokens decides for each caller$/);
    assert.match(access[2]!.reason, /; then the SigV4 caller's IAM policies decide with the resource policy/);
    // The seed's explicit deny from another endpoint refuses before any authorizer.
    const elsewhere = methodAccess({ ...custom, deployment: { ...custom.deployment, policy: SEED } }, origin(OTHER), FULL_ACCESS, NOW);
    assert.ok(elsewhere.every((m) => !m.allowed));
  });
});
