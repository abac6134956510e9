/**
 * bench/dataplane: requests to a deployed private API from an instance (through the egress proxy and the
 * endpoint listener, TLS, keep-alive, 50 connections), side by side in one run with the limit: a raw Node
 * HTTP server that calls the same handler in process. Gatehouse runs in its own process.
 *   (a) raw Node HTTP + the handler in process (the limit)
 *   (b) Gatehouse, MOCK integration
 *   (c) Gatehouse, Lambda proxy integration (warm environments)
 * Targets (issue 5): MOCK >= 50 % of (a), Lambda proxy >= 25 % of (a), p99 under 10 ms. serverless-offline,
 * the fourth column, is not installed here.
 */
import { CreateDeploymentCommand, CreateResourceCommand, CreateRestApiCommand, PutIntegrationCommand, PutIntegrationResponseCommand, PutMethodCommand, PutMethodResponseCommand, UpdateRestApiCommand, APIGatewayClient } from '@aws-sdk/client-api-gateway';
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
import { load, startGatehouseProcess, table, type Measured } from './support.js';

const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 5);
const CONNECTIONS = 50;
const HANDLER_SOURCE = 'async (event) => ({ statusCode: 200, body: JSON.stringify({ message: "Hello from Lambda!", path: event.path }) })';

export async function run(): Promise<void> {
  console.log(`bench/dataplane: ${CONNECTIONS} keep-alive connections, ${SECONDS} s per run, a private API called from an instance\n`);
  const gh = await startGatehouseProcess();
  const config = { endpoint: gh.url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 };
  const ec2 = new EC2Client(config);
  const apig = new APIGatewayClient(config);
  const lambda = new LambdaClient(config);
  const raw = createServer((req, res) => {
    // The limit: the same handler, called in process for each request.
    const handler = eval(HANDLER_SOURCE) as (e: unknown) => Promise<{ statusCode: number; body: string }>;
    req.resume();
    void handler({ path: req.url }).then((r) => {
      res.writeHead(r.statusCode, { 'Content-Type': 'application/json' });
      res.end(r.body);
    });
  });
  try {
    const net = await createPrivateNetwork(ec2);
    await lambda.send(new CreateFunctionCommand({ FunctionName: 'bench', Runtime: 'nodejs20.x', Role: 'arn:aws:iam::000000000000:role/r', Handler: 'index.handler', Code: { ZipFile: Buffer.from(zipSync({ 'index.js': new TextEncoder().encode(`exports.handler = ${HANDLER_SOURCE};`) })) } }));
    const api = await apig.send(new CreateRestApiCommand({ name: 'bench', endpointConfiguration: { types: ['PRIVATE'] } }));
    const restApiId = api.id!;
    const mock = (await apig.send(new CreateResourceCommand({ restApiId, parentId: api.rootResourceId!, pathPart: 'mock' }))).id!;
    const fn = (await apig.send(new CreateResourceCommand({ restApiId, parentId: api.rootResourceId!, pathPart: 'lambda' }))).id!;
    for (const resourceId of [mock, fn]) await apig.send(new PutMethodCommand({ restApiId, resourceId, httpMethod: 'GET', authorizationType: 'NONE' }));
    await apig.send(new PutIntegrationCommand({ restApiId, resourceId: mock, httpMethod: 'GET', type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }));
    await apig.send(new PutMethodResponseCommand({ restApiId, resourceId: mock, httpMethod: 'GET', statusCode: '200' }));
    await apig.send(new PutIntegrationResponseCommand({ restApiId, resourceId: mock, httpMethod: 'GET', statusCode: '200', responseTemplates: { 'application/json': '{"message":"Hello from MOCK"}' } }));
    await apig.send(new PutIntegrationCommand({ restApiId, resourceId: fn, httpMethod: 'GET', type: 'AWS_PROXY', integrationHttpMethod: 'POST', uri: 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:bench/invocations' }));
    await lambda.send(new AddPermissionCommand({ FunctionName: 'bench', StatementId: 'apigw', Action: 'lambda:InvokeFunction', Principal: 'apigateway.amazonaws.com', SourceArn: `arn:aws:execute-api:us-east-1:000000000000:${restApiId}/*` }));
    // The seed tutorial's policy: every request is evaluated against it.
    const policy = { Version: '2012-10-17', Statement: [
      { Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*', Condition: { StringNotEquals: { 'aws:sourceVpce': net.vpceId } } },
      { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' },
    ] };
    await apig.send(new UpdateRestApiCommand({ restApiId, patchOperations: [{ op: 'replace', path: '/policy', value: JSON.stringify(policy) }] }));
    await apig.send(new CreateDeploymentCommand({ restApiId, stageName: 'test' }));

    const info = (await (await fetch(`${gh.url}/_gatehouse/network`)).json()) as { proxy: { host: string; port: number }; caFile: string };
    const secureContext = createSecureContext({ ca: [...rootCertificates, readFileSync(info.caFile, 'utf8')] });
    await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', resolve));
    const rawPort = (raw.address() as AddressInfo).port;
    const base = `https://${restApiId}.execute-api.us-east-1.amazonaws.com/test`;
    const proxied = (): Dispatcher => new ProxyAgent({ uri: `http://${info.proxy.host}:${info.proxy.port}`, token: proxyAuthorization(net.instanceId), connections: CONNECTIONS, requestTls: { secureContext } });
    const paths: Array<[string, string, () => Dispatcher]> = [
      ['(a) raw Node HTTP, handler in process (limit)', `http://127.0.0.1:${rawPort}/lambda`, () => new Agent({ connections: CONNECTIONS })],
      ['(b) Gatehouse MOCK', `${base}/mock`, proxied],
      ['(c) Gatehouse Lambda proxy (warm)', `${base}/lambda`, proxied],
    ];
    const results: Array<[string, Measured]> = [];
    for (const [name, url, make] of paths) {
      const dispatcher = make();
      await load(dispatcher, url, {}, 1, false, 200, CONNECTIONS); // warm-up: connections, JIT, environments
      results.push([name, await load(dispatcher, url, {}, SECONDS, false, 200, CONNECTIONS)]);
      await dispatcher.close();
    }
    const limit = results[0]![1].perSecond;
    table(results.map(([name, r]) => ({ path: name, 'requests/s': Math.round(r.perSecond), 'p50 ms': r.p50.toFixed(2), 'p99 ms': r.p99.toFixed(2), 'vs (a)': (r.perSecond / limit).toFixed(2) })));
  } finally {
    raw.close();
    ec2.destroy();
    apig.destroy();
    lambda.destroy();
    await gh.stop();
  }
}
