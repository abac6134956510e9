import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { explainedRecord, type RequestRecord } from '../gateway/request-log.js';
import { parsePolicyValue } from '../policy/document.js';
import { evaluatePolicy } from '../policy/evaluate.js';
import { requestKeys } from '../policy/request.js';
import { conditionLine, decisionOf, formatExplanation, formatRecentLine, requestUrl } from './explain-format.js';

const API = 'abcdef1234';
const ARN = `arn:aws:execute-api:us-east-1:111122223333:${API}/test/GET/pets`;

function evaluate(policy: unknown, keys: Record<string, string>) {
  const parsed = parsePolicyValue(policy);
  if (!parsed.ok) throw new Error(parsed.reason);
  return evaluatePolicy(parsed.document, { principal: { kind: 'anonymous' }, action: 'execute-api:Invoke', resource: ARN, keys: requestKeys(keys) });
}

const ENDPOINT_POLICY = { Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }] };
const RESOURCE_POLICY = {
  Version: '2012-10-17',
  Statement: [
    { Sid: 'OnlyOurEndpoint', Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: `arn:aws:execute-api:us-east-1:111122223333:${API}/*`, Condition: { StringNotEquals: { 'aws:sourceVpce': 'vpce-0123' } } },
    { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: `arn:aws:execute-api:us-east-1:111122223333:${API}/*` },
  ],
};

function record(vpce: string): RequestRecord {
  const keys = { 'aws:SourceVpce': vpce, 'aws:SourceVpc': 'vpc-1' };
  const resource = evaluate(RESOURCE_POLICY, keys);
  const denied = resource.decision !== 'Allow';
  const r: RequestRecord = {
    requestId: '5b0c8f3e-0000-4000-8000-000000000001',
    time: '2026-05-01T12:00:00.000Z',
    door: 'private',
    method: 'GET',
    host: `${API}.execute-api.us-east-1.amazonaws.com`,
    url: '/test/pets',
    sourceIp: '10.0.1.5',
    instanceId: 'i-0123456789abcdef0',
    vpcId: 'vpc-1',
    vpceId: vpce,
    apiId: API,
    stage: 'test',
    resource: 'GET /pets',
    resourceArn: ARN,
    policies: [
      { policy: 'vpc-endpoint', owner: vpce, evaluation: evaluate(ENDPOINT_POLICY, keys) },
      { policy: 'resource', owner: API, evaluation: resource },
    ],
    status: denied ? 403 : 200,
    durationMs: 2.5,
  };
  if (denied) r.errorType = 'AccessDeniedException';
  else r.integration = 'MOCK';
  return r;
}

describe('gatehouse explain: one request', () => {
  it('an integration failure says why, in the words of the execution log', () => {
    const failed = { ...record('vpce-0123'), status: 504, errorType: 'InternalServerErrorException', integration: 'HTTP_PROXY', integrationError: 'Execution failed due to configuration error: 10.1.2.3 is not a loopback address' };
    const text = formatExplanation(explainedRecord(failed));
    assert.match(text, /\nAnswer: 504 InternalServerErrorException\n  Integration: Execution failed due to configuration error: 10\.1\.2\.3 is not a loopback address\n$/);
  });

  it('an explicit deny: the request, each policy with its statements, the answer and why', () => {
    assert.equal(
      formatExplanation(explainedRecord(record('vpce-9999'))),
      `Request 5b0c8f3e-0000-4000-8000-000000000001 at 2026-05-01T12:00:00.000Z (2.5 ms)
  GET https://abcdef1234.execute-api.us-east-1.amazonaws.com/test/pets
  from instance i-0123456789abcdef0 (10.0.1.5) in vpc-1, through VPC endpoint vpce-9999
  reached API abcdef1234, stage test, resource GET /pets
  resource ARN ${ARN}

1. VPC endpoint policy of vpce-9999: ALLOW
   Decided by statement 0 (Allow).
   statement 0 Allow: applies, and decides
     principal  matches         *
     action     matches         *
     resource   matches         *

2. Resource policy of abcdef1234: DENY (explicit deny)
   Decided by statement 0 (OnlyOurEndpoint) (Deny).
   statement 0 (OnlyOurEndpoint) Deny: applies, and decides
     principal  matches         *
     action     matches         execute-api:Invoke
     resource   matches         arn:aws:execute-api:us-east-1:111122223333:abcdef1234/*
     condition  StringNotEquals aws:sourceVpce: request vpce-9999, policy vpce-0123 → true
   statement 1 Allow: applies, but an explicit deny wins
     principal  matches         *
     action     matches         execute-api:Invoke
     resource   matches         arn:aws:execute-api:us-east-1:111122223333:abcdef1234/*

Answer: 403 AccessDeniedException {"Message":"User: anonymous is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:********3333:abcdef1234/test/GET/pets with an explicit deny"}
  Why: resource policy of abcdef1234: explicit deny by statement 0 (OnlyOurEndpoint): aws:sourceVpce is vpce-9999: satisfies StringNotEquals [vpce-0123]
`,
    );
  });
  it('an allowed request: the Deny that did not apply and the integration that answered', () => {
    const text = formatExplanation(explainedRecord(record('vpce-0123')));
    assert.match(text, /\n   statement 0 \(OnlyOurEndpoint\) Deny: does not apply\n/);
    assert.match(text, /\n     condition  StringNotEquals aws:sourceVpce: request vpce-0123, policy vpce-0123 → false\n/);
    assert.match(text, /\n   statement 1 Allow: applies, and decides\n/);
    assert.match(text, /\nAnswer: 200 \(from the MOCK integration\)\n$/);
  });
  it('a request refused before any policy: what the error means', () => {
    const r = { ...record('vpce-0123'), policies: [], status: 403, errorType: 'ForbiddenException', resource: undefined, resourceArn: undefined };
    delete r.resource;
    delete r.resourceArn;
    delete r.integration;
    const text = formatExplanation(explainedRecord(r));
    assert.match(text, /\nAnswer: 403 ForbiddenException\n  no policy was evaluated: the request did not reach a private API/);
  });
  it('a stage whose deployment cannot be read: Forbidden, and why in one sentence', () => {
    const r = { ...record('vpce-0123'), policies: [], status: 403, errorType: 'ForbiddenException', unreadableDeployment: { deploymentId: 'dep123', reason: 'resources: Invalid input: expected array, received undefined' } };
    delete r.resource;
    delete r.resourceArn;
    const explained = explainedRecord(r);
    assert.match(
      formatExplanation(explained),
      /\n  reached API abcdef1234, stage test\n\nAnswer: 403 ForbiddenException\n  Why: deployment dep123 of abcdef1234, served by stage test: the stored deployment cannot be read \(resources: Invalid input: expected array, received undefined\), so every request to the stage is refused with 403 Forbidden \(Gatehouse fails closed\)\n$/,
    );
    assert.equal(decisionOf(explained), 'deployment:Unreadable');
  });
  it('no resource policy: a private API denies, a public one is open', () => {
    const none = { ...record('vpce-0123'), policies: [{ policy: 'resource' as const, owner: API, evaluation: undefined }], status: 403, errorType: 'AccessDeniedException' };
    const text = formatExplanation(explainedRecord(none));
    assert.match(text, /\n1\. Resource policy of abcdef1234: none\n   The deployed API has no resource policy\. A private API without one denies every request \(implicit deny\)\.\n/);
    assert.match(text, /Answer: 403 AccessDeniedException \{"Message":"User: anonymous is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:\*{8}3333:abcdef1234\/test\/GET\/pets"\}\n  Why: resource policy of abcdef1234: there is none/);
    const open = formatExplanation(explainedRecord({ ...none, door: 'public', status: 200, errorType: undefined } as unknown as RequestRecord));
    assert.match(open, /A public API without one is open to everyone\./);
  });
  it('the endpoint policy refused: the resource policy was not evaluated', () => {
    const keys = { 'aws:SourceVpce': 'vpce-0123' };
    const endpointDeny = evaluate({ Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: `arn:aws:execute-api:*:*:*/prod/*` }] }, keys);
    const r = { ...record('vpce-0123'), policies: [{ policy: 'vpc-endpoint' as const, owner: 'vpce-0123', evaluation: endpointDeny }], status: 403, errorType: 'AccessDeniedException' };
    const text = formatExplanation(explainedRecord(r));
    assert.match(text, /1\. VPC endpoint policy of vpce-0123: DENY \(implicit deny\)\n   No statement allows this request, so it is denied \(implicit deny\)\.\n   statement 0 Allow: does not apply\n/);
    assert.match(text, /     resource   does not match  arn:aws:execute-api:\*:\*:\*\/prod\/\*\n/);
    assert.match(text, /\(The resource policy was not evaluated: the VPC endpoint policy refused the request first\.\)/);
    assert.match(text, /Answer: 403 AccessDeniedException \{"Message":"User: anonymous is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:\*{8}3333:abcdef1234\/test\/GET\/pets"\}\n/);
  });
});

describe('condition lines', () => {
  const cond = (condition: unknown, keys: Record<string, string>) => evaluate({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*', Condition: condition }] }, keys).statements[0]!.conditions[0]!;
  it('a present key: the request value, the policy values, the result', () => {
    assert.equal(conditionLine(cond({ StringEquals: { 'aws:SourceVpc': ['vpc-1', 'vpc-2'] } }, { 'aws:SourceVpc': 'vpc-3' })), '     condition  StringEquals aws:SourceVpc: request vpc-3, policy [vpc-1, vpc-2] → false');
    assert.equal(conditionLine(cond({ IpAddress: { 'aws:VpcSourceIp': '10.0.0.0/16' } }, { 'aws:VpcSourceIp': '10.0.1.5' })), '     condition  IpAddress aws:VpcSourceIp: request 10.0.1.5, policy 10.0.0.0/16 → true');
  });
  it('an absent key: "absent" and the rule that decided', () => {
    assert.equal(conditionLine(cond({ StringEquals: { 'aws:SourceVpc': 'vpc-1' } }, {})), '     condition  StringEquals aws:SourceVpc: request absent, policy vpc-1 → false (a positive operator is false for an absent key)');
    assert.equal(conditionLine(cond({ StringNotEquals: { 'aws:SourceVpce': 'vpce-1' } }, {})), '     condition  StringNotEquals aws:SourceVpce: request absent, policy vpce-1 → true (a negated operator is true for an absent key)');
    assert.equal(conditionLine(cond({ Null: { 'aws:SourceVpce': 'true' } }, {})), '     condition  Null aws:SourceVpce: request absent, policy true → true (Null true: the key must be absent)');
  });
  it('policy variables and unknown operators say so', () => {
    assert.equal(conditionLine(cond({ StringEquals: { 'aws:Referer': '${aws:SourceVpc}' } }, { 'aws:Referer': 'x', 'aws:SourceVpc': 'vpc-1' })), '     condition  StringEquals aws:Referer: request x, policy ${aws:SourceVpc} → false (aws:Referer is x: does not satisfy StringEquals [${aws:SourceVpc}] (with policy variables: [vpc-1]))');
    assert.equal(conditionLine(cond({ StringSortOf: { 'aws:SourceVpc': 'vpc-1' } }, { 'aws:SourceVpc': 'vpc-1' })), '     condition  StringSortOf aws:SourceVpc: policy vpc-1 → false (StringSortOf is not an IAM condition operator)');
  });
});

describe('gatehouse explain --last: one line per request', () => {
  it('time, id, method, URL, status and decision', () => {
    assert.equal(formatRecentLine(explainedRecord(record('vpce-9999'))), '2026-05-01T12:00:00.000Z  5b0c8f3e-0000-4000-8000-000000000001  GET     https://abcdef1234.execute-api.us-east-1.amazonaws.com/test/pets  403  resource:ExplicitDeny');
    assert.equal(decisionOf(explainedRecord(record('vpce-0123'))), 'allowed');
    assert.equal(decisionOf({ door: 'private', policies: [] }), '-');
    assert.equal(decisionOf({ door: 'private', policies: [{ policy: 'resource', owner: API, decision: 'NoPolicy', explanation: [] }] }), 'resource:NoPolicy');
    assert.equal(decisionOf({ door: 'public', policies: [{ policy: 'resource', owner: API, decision: 'NoPolicy', explanation: [] }] }), 'allowed');
  });
  it('public APIs: by host, or with the path prefix the pipeline took off', () => {
    assert.equal(requestUrl({ door: 'public', host: 'abcdef1234.execute-api.localhost:4566', url: '/prod/x', apiId: API }), 'http://abcdef1234.execute-api.localhost:4566/prod/x');
    assert.equal(requestUrl({ door: 'public', host: '127.0.0.1:4566', url: '/prod/x', apiId: API }), 'http://127.0.0.1:4566/_aws/execute-api/abcdef1234/prod/x');
  });
});

describe('decisionOf for AWS_IAM', () => {
  it("follows the table's decision: an identity Allow with a resource policy that neither allows nor denies is allowed (Table A)", () => {
    const base = { door: 'private' as const, unreadableDeployment: undefined, authorization: undefined, apiKey: undefined };
    const policies = [
      { policy: 'vpc-endpoint' as const, owner: 'vpce-1', decision: 'Allow' as const, explanation: [] },
      { policy: 'identity' as const, owner: 'inline:p', decision: 'Allow' as const, explanation: [] },
      { policy: 'resource' as const, owner: 'api', decision: 'ImplicitDeny' as const, explanation: [] },
    ];
    const iam = { caller: 'arn:aws:iam::000000000000:user/u', table: 'A' as const, identity: 'Allow' as const, root: false, unknownPolicies: [], resource: 'ImplicitDeny' as const, decision: 'Allow' as const };
    assert.equal(decisionOf({ ...base, policies, iam } as never), 'allowed');
    assert.equal(decisionOf({ ...base, policies, iam: { ...iam, table: 'B', decision: 'ImplicitDeny' } } as never), 'resource:ImplicitDeny');
  });
});
