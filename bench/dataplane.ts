/**
 * bench/dataplane: requests to a deployed private API from an instance (through the egress proxy and the
 * endpoint listener, TLS, keep-alive, 50 connections), side by side in one run with the limit: a raw Node
 * HTTP server that calls the same handler in process. Gatehouse runs in its own process.
 *   (a) raw Node HTTP + the handler in process (the limit)
 *   (b) Gatehouse, MOCK integration
 *   (c) Gatehouse, Lambda proxy integration (warm environments)
 *   (d) serverless-offline 13 (in-process mode) serving the same handler over plain HTTP
 * and, to separate the pipeline from the network, (b) and (c) again for a public API on Gatehouse's main port
 * (plain HTTP, no proxy, no TLS), as (a) and (d) are served; and what a Lambda authorizer (TOKEN) adds to the
 * private MOCK row (issue 14: cached ≤ 10 µs server CPU, uncached ≤ one warm invoke):
 *   (x) MOCK with the same Authorization header and no authorizer (the control (e) is compared with)
 *   (e) MOCK behind a Lambda authorizer whose answer is cached (TTL 300 s)
 *   (f) MOCK behind a Lambda authorizer called for every request (TTL 0)
 * Targets (issue 5): MOCK >= 50 % of (a); Lambda proxy >= 25 % of (a) and >= 3x (d); p99 under 10 ms.
 * BENCH_SKIP_SLS=1 leaves (d) out (its first run installs serverless from the npm registry); BENCH_ONLY=REGEX
 * runs only the rows whose name matches (and (a)). BENCH_BASELINE_BIN=path/to/bin/gatehouse.js runs every
 * Gatehouse row against that build too, interleaved (before/after in one run); BENCH_SERVER_CPUS=0 pins the
 * Gatehouse processes (see support.ts). Server CPU per request counts Gatehouse and its Lambda environments.
 */
import { CreateAuthorizerCommand, CreateDeploymentCommand, CreateResourceCommand, GetResourcesCommand, CreateRestApiCommand, PutIntegrationCommand, PutIntegrationResponseCommand, PutMethodCommand, PutMethodResponseCommand, APIGatewayClient } from '@aws-sdk/client-api-gateway';
import { EC2Client } from '@aws-sdk/client-ec2';
import { AddPermissionCommand, CreateFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSecureContext, rootCertificates } from 'node:tls';
import { Agent, ProxyAgent, type Dispatcher } from 'undici';
import { zipSync } from 'fflate';
import { proxyAuthorization } from '../src/network/proxy-credentials.js';
import { createPrivateNetwork } from '../test/support/network.js';
import { startServerlessOffline } from './lib/serverless-offline.js';
import { load, processTreeCpuMs, startGatehouseProcess, table, type Measured, type RunningServer } from './support.js';

const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 5);
/** BENCH_CONNECTIONS=1 measures one request at a time (CPU per request without queueing). */
const CONNECTIONS = Number(process.env['BENCH_CONNECTIONS'] ?? 50);
/** Long enough for 50 execution environments to start (cold starts are not what (c) measures). */
const WARM_UP_SECONDS = Number(process.env['BENCH_WARMUP_SECONDS'] ?? 3);
const HANDLER_SOURCE = 'async (event) => ({ statusCode: 200, body: JSON.stringify({ message: "Hello from Lambda!", path: event.path }) })';

interface Row {
  name: string;
  url: string;
  headers?: Record<string, string>;
  make: () => Dispatcher;
  /** The Gatehouse process serving it (its CPU per request is reported). */
  server?: RunningServer;
}

export async function run(): Promise<void> {
  const baselineBin = process.env['BENCH_BASELINE_BIN'];
  console.log(`bench/dataplane: ${CONNECTIONS} keep-alive connection(s), ${SECONDS} s per run, a private API called from an instance`);
  if (process.env['BENCH_SERVER_CPUS']) console.log(`Gatehouse and its Lambda environments pinned to CPU ${process.env['BENCH_SERVER_CPUS']}`);
  if (baselineBin) console.log(`each Gatehouse row also against the baseline build ${baselineBin}, interleaved`);
  console.log('');
  // The limit: the same handler, called in process for each request.
  const handler = eval(HANDLER_SOURCE) as (e: unknown) => Promise<{ statusCode: number; body: string }>;
  const raw = createServer((req, res) => {
    req.resume();
    void handler({ path: req.url }).then((r) => {
      res.writeHead(r.statusCode, { 'Content-Type': 'application/json' });
      res.end(r.body);
    });
  });
  const servers: RunningServer[] = [];
  let sls: RunningServer | undefined;
  try {
    const current = await startGatehouseProcess();
    servers.push(current);
    const gatehouses: Array<[string, RunningServer]> = [['', current]];
    if (baselineBin) {
      const baseline = await startGatehouseProcess([], baselineBin);
      servers.push(baseline);
      gatehouses.push([' [baseline]', baseline]);
    }
    await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', resolve));
    const direct = (): Dispatcher => new Agent({ connections: CONNECTIONS });
    const rows: Row[] = [{ name: '(a) raw Node HTTP, handler in process (limit)', url: `http://127.0.0.1:${(raw.address() as AddressInfo).port}/lambda`, make: direct }];
    const prepared = await Promise.all(gatehouses.map(([suffix, gh]) => gatehouseRows(gh, suffix)));
    // Interleaved: each Gatehouse row, then the same row on the baseline, so both meet the same machine.
    for (let i = 0; i < prepared[0]!.length; i++) for (const list of prepared) if (list[i]) rows.push(list[i]!);
    if (process.env['BENCH_SKIP_SLS'] !== '1') {
      sls = await startServerlessOffline(HANDLER_SOURCE, 'lambda', 'test');
      rows.push({ name: '(d) serverless-offline 13, in-process', url: `${sls.url}/test/lambda`, make: direct });
    }
    const results: Array<[string, Measured, { server: number; environments: number } | undefined]> = [];
    // BENCH_ONLY=REGEX runs the matching rows (and always (a), the limit the ratios are against).
    const only = process.env['BENCH_ONLY'] ? new RegExp(process.env['BENCH_ONLY']) : undefined;
    for (const row of rows) {
      if (only && !row.name.startsWith('(a)') && !only.test(row.name)) continue;
      const dispatcher = row.make();
      await load(dispatcher, row.url, row.headers ?? {}, WARM_UP_SECONDS, false, 200, CONNECTIONS); // warm-up: connections, JIT, environments
      const before = row.server ? processTreeCpuMs(row.server.pid) : undefined;
      const measured = await load(dispatcher, row.url, row.headers ?? {}, SECONDS, false, 200, CONNECTIONS);
      const after = row.server ? processTreeCpuMs(row.server.pid) : undefined;
      const perRequest = (ms: number): number => (ms * 1000) / measured.requests;
      const cpu = before && after ? { server: perRequest(after.own - before.own), environments: perRequest(after.tree - after.own - (before.tree - before.own)) } : undefined;
      results.push([row.name, measured, cpu]);
      await dispatcher.close();
    }
    const limit = results[0]![1].perSecond;
    const offline = results.find(([name]) => name.startsWith('(d)'))?.[1].perSecond;
    table(results.map(([name, r, cpu]) => ({
      path: name,
      'requests/s': Math.round(r.perSecond),
      'p50 ms': r.p50.toFixed(2),
      'p99 ms': r.p99.toFixed(2),
      // Gatehouse's process, and its Lambda environments' processes, per request.
      'server CPU µs/req': cpu === undefined ? '-' : Math.round(cpu.server),
      'env CPU µs/req': cpu === undefined || cpu.environments === 0 ? '-' : Math.round(cpu.environments),
      'vs (a)': (r.perSecond / limit).toFixed(2),
      'vs (d)': offline ? (r.perSecond / offline).toFixed(2) : '-',
    })));
  } finally {
    await sls?.stop();
    raw.close();
    for (const server of servers) await server.stop();
  }
}

/** A private network, the `bench` function and the two APIs on one Gatehouse; its rows, named with `suffix`. */
async function gatehouseRows(gh: RunningServer, suffix: string): Promise<Row[]> {
  const config = { endpoint: gh.url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 };
  const ec2 = new EC2Client(config);
  const apig = new APIGatewayClient(config);
  const lambda = new LambdaClient(config);
  try {
    const net = await createPrivateNetwork(ec2);
    await lambda.send(new CreateFunctionCommand({ FunctionName: 'bench', Runtime: 'nodejs20.x', Role: 'arn:aws:iam::000000000000:role/r', Handler: 'index.handler', Code: { ZipFile: Buffer.from(zipSync({ 'index.js': new TextEncoder().encode(`exports.handler = ${HANDLER_SOURCE};`) })) } }));
    // The seed tutorial's policy: every request to the private API is evaluated against it.
    const policy = { Version: '2012-10-17', Statement: [
      { Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*', Condition: { StringNotEquals: { 'aws:sourceVpce': net.vpceId } } },
      { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' },
    ] };
    const restApiId = await benchApi(apig, 'PRIVATE', JSON.stringify(policy));
    const publicApiId = await benchApi(apig, 'REGIONAL', undefined);
    await lambda.send(new AddPermissionCommand({ FunctionName: 'bench', StatementId: 'apigw', Action: 'lambda:InvokeFunction', Principal: 'apigateway.amazonaws.com' }));
    // A baseline build from before authorizers has no (e) and (f) rows.
    const authorized = await authorizedRoutes(apig, lambda, restApiId).then(() => true, () => false);
    const info = (await (await fetch(`${gh.url}/_gatehouse/network`)).json()) as { proxy: { host: string; port: number }; caFile: string };
    const secureContext = createSecureContext({ ca: [...rootCertificates, readFileSync(info.caFile, 'utf8')] });
    const base = `https://${restApiId}.execute-api.us-east-1.amazonaws.com/test`;
    const proxied = (): Dispatcher => new ProxyAgent({ uri: `http://${info.proxy.host}:${info.proxy.port}`, token: proxyAuthorization(net.instanceId), connections: CONNECTIONS, requestTls: { secureContext } });
    const direct = (): Dispatcher => new Agent({ connections: CONNECTIONS });
    const publicBase = `${gh.url}/_aws/execute-api/${publicApiId}/test`;
    return [
      { name: `(b) Gatehouse MOCK, private API from an instance${suffix}`, url: `${base}/mock`, make: proxied, server: gh },
      { name: `(x) Gatehouse MOCK with an Authorization header, no authorizer${suffix}`, url: `${base}/mock`, headers: { Authorization: 'allow' }, make: proxied, server: gh },
      { name: `(c) Gatehouse Lambda proxy, private API from an instance${suffix}`, url: `${base}/lambda`, make: proxied, server: gh },
      ...(authorized
        ? [
            { name: `(e) Gatehouse MOCK behind a cached Lambda authorizer, private${suffix}`, url: `${base}/cached`, headers: { Authorization: 'allow' }, make: proxied, server: gh },
            { name: `(f) Gatehouse MOCK behind an uncached Lambda authorizer, private${suffix}`, url: `${base}/uncached`, headers: { Authorization: 'allow' }, make: proxied, server: gh },
          ]
        : []),
      { name: `(b) Gatehouse MOCK, public API on the main port${suffix}`, url: `${publicBase}/mock`, make: direct, server: gh },
      { name: `(c) Gatehouse Lambda proxy, public API on the main port${suffix}`, url: `${publicBase}/lambda`, make: direct, server: gh },
    ];
  } finally {
    ec2.destroy();
    apig.destroy();
    lambda.destroy();
  }
}

const AUTHORIZER_SOURCE = `exports.handler = async (event) => ({ principalId: 'bench', policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: event.methodArn.replace(/\\/GET\\/.*$/, '/*') }] }, context: { user: 'bench' } });`;

/** `/cached` and `/uncached`: MOCK methods behind a TOKEN authorizer (TTL 300 s and 0), deployed to `test` again. */
async function authorizedRoutes(apig: APIGatewayClient, lambda: LambdaClient, restApiId: string): Promise<void> {
  await lambda.send(new CreateFunctionCommand({ FunctionName: 'bench-auth', Runtime: 'nodejs20.x', Role: 'arn:aws:iam::000000000000:role/r', Handler: 'index.handler', Code: { ZipFile: Buffer.from(zipSync({ 'index.js': new TextEncoder().encode(AUTHORIZER_SOURCE) })) } }));
  await lambda.send(new AddPermissionCommand({ FunctionName: 'bench-auth', StatementId: 'apigw', Action: 'lambda:InvokeFunction', Principal: 'apigateway.amazonaws.com' }));
  const authorizerUri = 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:bench-auth/invocations';
  const root = (await apig.send(new GetResourcesCommand({ restApiId }))).items!.find((r) => r.path === '/')!.id!;
  for (const [pathPart, ttl] of [['cached', 300], ['uncached', 0]] as const) {
    const authorizer = await apig.send(new CreateAuthorizerCommand({ restApiId, name: pathPart, type: 'TOKEN', authorizerUri, identitySource: 'method.request.header.Authorization', authorizerResultTtlInSeconds: ttl }));
    const resourceId = (await apig.send(new CreateResourceCommand({ restApiId, parentId: root, pathPart }))).id!;
    await apig.send(new PutMethodCommand({ restApiId, resourceId, httpMethod: 'GET', authorizationType: 'CUSTOM', authorizerId: authorizer.id! }));
    await apig.send(new PutIntegrationCommand({ restApiId, resourceId, httpMethod: 'GET', type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }));
    await apig.send(new PutMethodResponseCommand({ restApiId, resourceId, httpMethod: 'GET', statusCode: '200' }));
    await apig.send(new PutIntegrationResponseCommand({ restApiId, resourceId, httpMethod: 'GET', statusCode: '200', responseTemplates: { 'application/json': '{"message":"Hello from MOCK"}' } }));
  }
  await apig.send(new CreateDeploymentCommand({ restApiId, stageName: 'test' }));
}

/** `/mock` (MOCK) and `/lambda` (Lambda proxy to `bench`) GET methods, deployed to `test`. */
async function benchApi(apig: APIGatewayClient, type: 'PRIVATE' | 'REGIONAL', policy: string | undefined): Promise<string> {
  const api = await apig.send(new CreateRestApiCommand({ name: `bench-${type}`, endpointConfiguration: { types: [type] }, ...(policy ? { policy } : {}) }));
  const restApiId = api.id!;
  const mock = (await apig.send(new CreateResourceCommand({ restApiId, parentId: api.rootResourceId!, pathPart: 'mock' }))).id!;
  const fn = (await apig.send(new CreateResourceCommand({ restApiId, parentId: api.rootResourceId!, pathPart: 'lambda' }))).id!;
  for (const resourceId of [mock, fn]) await apig.send(new PutMethodCommand({ restApiId, resourceId, httpMethod: 'GET', authorizationType: 'NONE' }));
  await apig.send(new PutIntegrationCommand({ restApiId, resourceId: mock, httpMethod: 'GET', type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }));
  await apig.send(new PutMethodResponseCommand({ restApiId, resourceId: mock, httpMethod: 'GET', statusCode: '200' }));
  await apig.send(new PutIntegrationResponseCommand({ restApiId, resourceId: mock, httpMethod: 'GET', statusCode: '200', responseTemplates: { 'application/json': '{"message":"Hello from MOCK"}' } }));
  const functionArn = 'arn:aws:lambda:us-east-1:000000000000:function:bench';
  await apig.send(new PutIntegrationCommand({ restApiId, resourceId: fn, httpMethod: 'GET', type: 'AWS_PROXY', integrationHttpMethod: 'POST', uri: `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${functionArn}/invocations` }));
  await apig.send(new CreateDeploymentCommand({ restApiId, stageName: 'test' }));
  return restApiId;
}
