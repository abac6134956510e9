/**
 * What the pipeline's unit tests run against: the real ExecuteApiPipeline over an in-memory store filled by the
 * control plane's own handlers (API Gateway's and EC2's, as a client's calls would fill it), VPC endpoints and
 * the connection origins the network layer would attach, and one call that sends a request through either
 * front door and gives back what the client saw and what the pipeline recorded.
 */
import assert from 'node:assert/strict';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DeploymentSnapshot } from '../../domain/apigateway.js';
import type { ConnectionOrigin, VpcEndpoint } from '../../domain/ec2.js';
import { createDeployment } from '../../services/apigateway/deployments.js';
import { putIntegration, putIntegrationResponse } from '../../services/apigateway/integrations.js';
import { putMethod, putMethodResponse } from '../../services/apigateway/methods.js';
import { ACCOUNT, addResource, call, createApi, REGION, SCOPE, testContext, type TestContext } from '../../services/apigateway/test-context.js';
import { createVpcEndpoint } from '../../services/ec2/vpc-endpoints.js';
import { createVpc } from '../../services/ec2/vpcs.js';
import type { Scope } from '../../shared/accounts.js';
import { Deployments } from '../deployments.js';
import { ExecuteApiPipeline, type LambdaInvoker } from '../pipeline.js';
import type { RequestRecord } from '../request-log.js';
import type { SigV4Options } from '../sigv4-caller.js';
import { incoming, outgoing, type TestRequest, type Written } from './http.js';

export { ACCOUNT, REGION };
/** `{api}.execute-api.{region}.amazonaws.com` without the API: the bare regional name. */
export const REGION_HOST = `execute-api.${REGION}.amazonaws.com`;

export class World {
  readonly ctx: TestContext = testContext();
  /** What onRequest was told, in order. */
  readonly told: RequestRecord[] = [];
  /** What onUnreadable was told: `{kind} {owner}: {reason}`. */
  readonly unreadable: string[] = [];
  readonly unexpected: unknown[] = [];
  readonly pipeline: ExecuteApiPipeline;

  /**
   * `invokeLambda` stands for the Lambda service the server would wire in (none by default); `callers`, for the
   * server's directory of known keys (none by default: every key is its account's root, unverified).
   */
  constructor(invokeLambda: LambdaInvoker = () => Promise.reject(new Error('no Lambda in these tests')), callers?: SigV4Options) {
    this.pipeline = new ExecuteApiPipeline({
      ...(callers ? { callers } : {}),
      deployments: new Deployments(this.ctx.store),
      store: this.ctx.store,
      clock: this.ctx.clock,
      invokeLambda,
      onRequest: (record) => this.told.push(record),
      onUnreadable: (kind, owner, reason) => this.unreadable.push(`${kind} ${owner}: ${reason}`),
      onUnexpectedError: (error) => this.unexpected.push(error),
    });
  }

  /** A VPC with an interface endpoint for execute-api (AWS's full-access policy unless one is given). */
  endpoint(cidr: string, policy?: object): Endpoint {
    const vpcId = call(this.ctx, createVpc, { CidrBlock: cidr }).Vpc.VpcId;
    const input = { VpcId: vpcId, VpcEndpointType: 'Interface', ServiceName: `com.amazonaws.${REGION}.execute-api`, PrivateDnsEnabled: false };
    const created = call(this.ctx, createVpcEndpoint, policy === undefined ? input : { ...input, PolicyDocument: JSON.stringify(policy) });
    return { vpcId, vpceId: created.VpcEndpoint.VpcEndpointId };
  }

  /**
   * An API with `GET /`, `GET /pets` and `GET /pets/{id}`, each a MOCK answering `{"api":"NAME"}`, deployed to
   * stage `test` (in another region when `scope` says so).
   */
  api(name: string, input: ApiInput, scope: Scope = SCOPE): Deployed {
    const ctx = scope === SCOPE ? this.ctx : testContext(scope, this.ctx);
    const { types, vpcEndpointIds, policy, ...rest } = input;
    const { id, rootId } = createApi(ctx, { name, endpointConfiguration: { types: [types], ...(vpcEndpointIds ? { vpcEndpointIds } : {}) }, ...(policy ? { policy: JSON.stringify(policy) } : {}), ...rest });
    const pets = addResource(ctx, id, rootId, 'pets');
    for (const resourceId of [rootId, pets, addResource(ctx, id, pets, '{id}')]) {
      mockMethod(ctx, { restApiId: id, resourceId, httpMethod: 'GET' }, '{"statusCode": 200}', `{"api":"${name}"}`);
    }
    return { id, rootId, deploymentId: call(ctx, createDeployment, { restApiId: id, stageName: 'test' }).id, scope };
  }

  /** Rewrites the deployed snapshot behind the control plane's back (a store from another version, or edited by hand). */
  editSnapshot(api: Deployed, edit: (snapshot: DeploymentSnapshot) => void): void {
    this.editStoredSnapshot<DeploymentSnapshot>(api, edit);
  }

  /** The same, as plain JSON: a field removed, added or given a value of another type, whatever the schema says. */
  editSnapshotJson(api: Deployed, edit: (doc: Record<string, unknown>) => void): void {
    this.editStoredSnapshot<Record<string, unknown>>(api, edit);
  }

  private editStoredSnapshot<T>(api: Deployed, edit: (doc: T) => void): void {
    const table = this.ctx.store.table<T>('deployment_snapshots');
    const snapshot = table.get(api.scope, api.id, api.deploymentId);
    assert.ok(snapshot);
    edit(snapshot);
    table.update(api.scope, api.id, api.deploymentId, snapshot);
  }

  /** Sets an endpoint's stored PolicyDocument behind the control plane's back. */
  editEndpointPolicy(endpoint: Endpoint, text: string): void {
    const table = this.ctx.store.table<VpcEndpoint>('ec2_vpc_endpoints');
    const stored = table.get(SCOPE, '', endpoint.vpceId);
    assert.ok(stored);
    table.update(SCOPE, '', endpoint.vpceId, { ...stored, PolicyDocument: text });
  }

  /** A request through an interface endpoint, by the connection's origin (none: no instance identity). */
  viaEndpoint(origin: ConnectionOrigin | undefined, request: TestRequest): Promise<Seen> {
    return this.send(request, (req, res) => this.pipeline.handle(req, res, origin));
  }

  /** A request to a public API on the main port; `url` is the URL from the stage on, as the main port strips it. */
  viaMainPort(apiId: string, url: string, request: Omit<TestRequest, 'url'> = {}): Promise<Seen> {
    return this.send({ headers: { Host: '127.0.0.1:4566' }, ...request, url: `/_aws/execute-api/${apiId}${url}` }, (req, res) => this.pipeline.handlePublic(req, res, apiId, url));
  }

  private async send(request: TestRequest, handle: (req: IncomingMessage, res: ServerResponse) => void): Promise<Seen> {
    const { res, written } = outgoing();
    handle(incoming(request), res);
    const seen = await written;
    const record = this.pipeline.requests.get(seen.headers['x-amzn-requestid'] ?? '');
    assert.ok(record, 'every request is recorded');
    assert.equal(this.told.at(-1), record, 'onRequest is told of the record');
    const answer: Answer = { status: seen.status, body: seen.body };
    const errorType = seen.headers['x-amzn-errortype'];
    if (errorType !== undefined) answer.errorType = errorType;
    return { answer, written: seen, record };
  }
}

export interface Endpoint {
  vpcId: string;
  vpceId: string;
}

export interface ApiInput {
  types: 'PRIVATE' | 'REGIONAL' | 'EDGE';
  vpcEndpointIds?: string[];
  policy?: object;
  disableExecuteApiEndpoint?: boolean;
}

export interface Deployed {
  id: string;
  rootId: string;
  deploymentId: string;
  scope: Scope;
}

/** What a client sees, as the tests compare it. */
export interface Answer {
  status: number;
  errorType?: string;
  body: string;
}

export interface Seen {
  answer: Answer;
  written: Written;
  record: RequestRecord;
}

/** Puts a method (no authorization) with a MOCK integration whose request template and 200 response template are given. */
export function mockMethod(ctx: TestContext, key: { restApiId: string; resourceId: string; httpMethod: string }, requestTemplate: string, responseTemplate: string): void {
  call(ctx, putMethod, { ...key, authorizationType: 'NONE' });
  call(ctx, putMethodResponse, { ...key, statusCode: '200' });
  call(ctx, putIntegration, { ...key, type: 'MOCK', requestTemplates: { 'application/json': requestTemplate } });
  call(ctx, putIntegrationResponse, { ...key, statusCode: '200', responseTemplates: { 'application/json': responseTemplate } });
}

/** What the network layer attaches to a connection from an instance at `sourceIp` in the endpoint's VPC. */
export const originAt = (endpoint: Endpoint, sourceIp = '10.0.1.10'): ConnectionOrigin => ({
  account: ACCOUNT,
  region: REGION,
  vpcId: endpoint.vpcId,
  vpceId: endpoint.vpceId,
  sourceIp,
  instanceId: 'i-0123456789abcdef0',
});

/** The private DNS name of an API, and its `{api}-{vpce}` alias. */
export const privateName = (api: Deployed | string): string => `${typeof api === 'string' ? api : api.id}.${REGION_HOST}`;
export const aliasName = (api: Deployed, endpoint: Endpoint): string => `${api.id}-${endpoint.vpceId}.${REGION_HOST}`;

/** Each policy's decision, in order, as `{policy} {owner} {decision}`: NoPolicy when there was none, Unreadable when it could not be read. */
export const decisions = (record: RequestRecord): string[] =>
  record.policies.map((p) => `${p.policy} ${p.owner} ${p.unreadable !== undefined ? 'Unreadable' : (p.evaluation?.decision ?? 'NoPolicy')}`);

export const FORBIDDEN: Answer = { status: 403, errorType: 'ForbiddenException', body: '{"message":"Forbidden"}' };
export const MISSING_TOKEN: Answer = { status: 403, errorType: 'MissingAuthenticationTokenException', body: '{"message":"Missing Authentication Token"}' };
export const INTERNAL_ERROR: Answer = { status: 500, errorType: 'InternalServerErrorException', body: '{"message": "Internal server error"}' };
export const ok = (name: string): Answer => ({ status: 200, body: `{"api":"${name}"}` });

/** AWS's denial of `{api}/{stage}/{METHOD}/{path}` to an anonymous caller, the account masked. */
export const denied = (api: Deployed, resource: string, explicit: boolean): Answer => ({
  status: 403,
  errorType: 'AccessDeniedException',
  body: `{"Message":"User: anonymous is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:${api.scope.region}:********${ACCOUNT.slice(-4)}:${api.id}${resource}${explicit ? ' with an explicit deny' : ''}"}`,
});

/** A policy statement list with the `execute-api:/*` shorthand. */
export const policy = (...statements: Array<{ Effect: 'Allow' | 'Deny'; Condition?: object; Resource?: string | string[] }>): object => ({
  Version: '2012-10-17',
  Statement: statements.map((s) => ({ Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*', ...s })),
});
export const OPEN = policy({ Effect: 'Allow' });
