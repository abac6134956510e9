import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatSimulation, policySource, simulate, SimulateInputError, type SimulateOptions } from './simulate.js';

/** The seed tutorial's resource policy, with its `execute-api:/*` shorthand. */
const SEED = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*', Condition: { StringNotEquals: { 'aws:sourceVpce': 'vpce-0123' } } },
    { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' },
  ],
});
const NOW = new Date('2026-05-01T12:00:00Z');
const base: SimulateOptions = { policy: SEED, api: 'abcdef1234', stage: 'test', method: 'get', path: '/pets', account: '123456789012' };
const run = (options: Partial<SimulateOptions>) => simulate({ ...base, ...options }, undefined, NOW);

describe('gatehouse policy simulate', () => {
  it('the seed policy allows its endpoint: the shorthand is expanded for the described API', () => {
    const sim = run({ sourceVpce: 'vpce-0123' });
    assert.deepEqual(sim.answer, { allowed: true });
    assert.equal(sim.request.resourceArn, 'arn:aws:execute-api:us-east-1:123456789012:abcdef1234/test/GET/pets');
    const statement = sim.record.policies[0]!.evaluation!.statements[1]!;
    assert.equal(statement.statement.Resource, 'arn:aws:execute-api:us-east-1:123456789012:abcdef1234/*');
    assert.equal(sim.record.reason, 'resource policy of abcdef1234: allowed by statement 1');
  });
  it("another endpoint: API Gateway's exact denial", () => {
    const sim = run({ sourceVpce: 'vpce-9999', path: '/' });
    assert.deepEqual(sim.answer, {
      allowed: false,
      status: 403,
      errorType: 'AccessDeniedException',
      body: '{"Message":"User: anonymous is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:********9012:abcdef1234/test/GET/ with an explicit deny"}',
    });
    const text = formatSimulation(sim);
    assert.match(text, /^Simulated request \(nothing was sent\)\n  GET \/ on API abcdef1234, stage test, as an anonymous caller\n/);
    assert.match(text, /\n  condition keys: aws:CurrentTime=2026-05-01T12:00:00\.000Z, aws:EpochTime=1777636800, aws:SourceVpce=vpce-9999, aws:SecureTransport=true\n/);
    assert.match(text, /\n     condition  StringNotEquals aws:sourceVpce: request vpce-9999, policy vpce-0123 → true\n/);
    assert.match(text, /\nAnswer: 403 AccessDeniedException \{"Message":"User: anonymous is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:\*{8}9012:abcdef1234\/test\/GET\/ with an explicit deny"\}\n  Why: resource policy of abcdef1234: explicit deny by statement 0: aws:sourceVpce is vpce-9999: satisfies StringNotEquals \[vpce-0123\]\n$/);
  });
  it('--resource ARN names the request, its region and account', () => {
    const sim = simulate({ policy: SEED, resource: 'arn:aws:execute-api:eu-west-1:111122223333:abcdef1234/prod/POST/pets/7', sourceVpce: 'vpce-0123' }, undefined, NOW);
    assert.deepEqual([sim.request.method, sim.request.path, sim.request.stage, sim.request.region, sim.request.account], ['POST', '/pets/7', 'prod', 'eu-west-1', '111122223333']);
    assert.equal(sim.record.policies[0]!.evaluation!.statements[0]!.statement.Resource, 'arn:aws:execute-api:eu-west-1:111122223333:abcdef1234/*');
    assert.throws(() => simulate({ policy: SEED, resource: 'arn:aws:s3:::bucket' }), /--resource: arn:aws:s3:::bucket is not an execute-api ARN/);
    assert.throws(() => simulate({ ...base, resource: 'arn:aws:execute-api:us-east-1:111122223333:abcdef1234/prod/GET/' }), /either with --resource ARN or with --api/);
  });
  it('the endpoint policy is evaluated first, and a refusal there ends it', () => {
    const endpointPolicy = JSON.stringify({ Statement: [{ Effect: 'Deny', Principal: '*', Action: '*', Resource: '*', Condition: { StringNotEquals: { 'aws:SourceVpc': 'vpc-1' } } }, { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }] });
    const sim = run({ sourceVpce: 'vpce-0123', sourceVpc: 'vpc-2', endpointPolicy });
    assert.deepEqual(sim.record.policies.map((p) => [p.policy, p.owner, p.decision]), [['vpc-endpoint', 'vpce-0123', 'ExplicitDeny']]);
    assert.equal(sim.answer.allowed, false);
    assert.match(formatSimulation(sim), /The resource policy was not evaluated: the VPC endpoint policy refused the request first/);
    assert.equal(run({ sourceVpce: 'vpce-0123', sourceVpc: 'vpc-1', endpointPolicy }).record.policies.length, 2);
  });
  it('condition keys: the flags, --context (case-insensitive, repeatable), --time and --secure-transport', () => {
    const sim = run({ sourceVpce: 'vpce-0123', vpcSourceIp: '10.0.1.5', userAgent: 'curl/8', referer: 'https://a', secureTransport: 'false', time: '2027-01-01T00:00:00Z', context: ['aws:SourceVpce=vpce-7', 'aws:TagKeys=a', 'aws:TagKeys=b'] });
    assert.deepEqual(sim.request.conditionKeys, {
      'aws:CurrentTime': '2027-01-01T00:00:00.000Z',
      'aws:EpochTime': '1798761600',
      'aws:UserAgent': 'curl/8',
      'aws:Referer': 'https://a',
      'aws:VpcSourceIp': '10.0.1.5',
      'aws:SecureTransport': 'false',
      'aws:SourceVpce': 'vpce-7',
      'aws:TagKeys': ['a', 'b'],
    });
    assert.equal(sim.answer.allowed, false);
    assert.throws(() => run({ context: ['novalue'] }), /--context: novalue is not key=value/);
    assert.throws(() => run({ time: 'yesterday' }), /--time: yesterday is not an ISO 8601 time/);
  });
  it('notes what a real request would not carry', () => {
    assert.deepEqual(run({ sourceVpce: 'vpce-0123', sourceIp: '203.0.113.9' }).notes, ['Through a VPC endpoint API Gateway sets aws:VpcSourceIp, not aws:SourceIp: a real request would not carry aws:SourceIp.']);
  });
  it("invalid policies: AWS's message, and what exactly is wrong", () => {
    const refused = (options: Partial<SimulateOptions>): string => {
      try {
        run(options);
      } catch (e) {
        assert.ok(e instanceof SimulateInputError);
        return e.message;
      }
      throw new Error('expected a refusal');
    };
    assert.equal(refused({ policy: '{"Statement": [' }), '--policy: BadRequestException: Invalid policy document. Please check the policy syntax and ensure that Principals are valid. (Gatehouse: not JSON: Unexpected end of JSON input)');
    assert.match(refused({ policy: '{"Statement": {"Effect": "Allow", "Principal": "*", "Action": "*"}}' }), /^--policy: BadRequestException: Invalid policy document\./);
    assert.match(refused({ endpointPolicy: '{"Statement": [' }), /^--endpoint-policy: InvalidPolicyDocument: The Policy Document is not valid\. Syntax error at position \(1,16\)/);
  });
  it('a request must be named', () => {
    assert.throws(() => simulate({ policy: SEED, api: 'abcdef1234' }), /name the request: --resource ARN, or --api, --stage, --method and --path \(missing --stage, --method\)/);
  });
});

describe('policy sources', () => {
  const files: Record<string, string> = { 'policy.json': '{"Statement": []}' };
  const read = (path: string): string => {
    const text = files[path];
    if (text === undefined) throw Object.assign(new Error('no such file'), { code: 'ENOENT' });
    return text;
  };
  it('inline JSON, a file, file://file', () => {
    assert.equal(policySource(' {"a": 1}', '--policy', read), ' {"a": 1}');
    assert.equal(policySource('policy.json', '--policy', read), '{"Statement": []}');
    assert.equal(policySource('file://policy.json', '--policy', read), '{"Statement": []}');
    assert.throws(() => policySource('missing.json', '--policy', read), /--policy: missing\.json is neither a JSON policy nor a file that can be read \(ENOENT\)/);
  });
});
