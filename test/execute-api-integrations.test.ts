/**
 * Integrations end to end (issue 5 §5): APIs built with the SDK v3 as a user builds them (PutMethod,
 * PutIntegration, PutMethodResponse, PutIntegrationResponse), deployed, and called on the main port as
 * public (REGIONAL) APIs, plus one private API called from an instance through its VPC endpoint. Backends
 * are small HTTP servers on loopback started here; the Lambda function runs for real.
 */
import {
  CreateDeploymentCommand, CreateResourceCommand, CreateRestApiCommand, PutIntegrationCommand, PutIntegrationResponseCommand, PutMethodCommand,
  PutMethodResponseCommand, UpdateRestApiCommand, type APIGatewayClient, type PutIntegrationCommandInput, type PutIntegrationResponseCommandInput,
} from '@aws-sdk/client-api-gateway';
import type { EC2Client } from '@aws-sdk/client-ec2';
import { AddPermissionCommand, CreateFunctionCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { after, before, describe, test } from 'node:test';
import type { Gatehouse } from '../src/server/gatehouse.js';
import { lambdaClient, ROLE, zipOf } from './support/lambda.js';
import { createPrivateNetwork, type PrivateNetwork } from './support/network.js';
import { apigatewayClient, ec2Client, startTestGatehouse } from './support/server.js';

let gh: Gatehouse;
let apig: APIGatewayClient;
let lambda: LambdaClient;
let ec2: EC2Client;

/** What the echo backend saw, per request. */
interface Seen {
  method: string;
  url: string;
  rawHeaders: string[];
  body: string;
}

let backend: Server;
let backendPort: number;
const seen: Seen[] = [];
/** A server on a non-loopback address of this machine: Gatehouse must never connect to it. */
let outsider: Server;
let outsiderHost: string;
let outsiderConnections = 0;

/** Echo backend: `/status/{code}` answers that status; `/slow` answers after 3 s; anything else 201. */
function echo(req: IncomingMessage, body: string): { status: number; headers: Record<string, string | string[]>; body: string } {
  const url = req.url ?? '/';
  const status = /^\/status\/(\d{3})/.exec(url)?.[1];
  const code = status ? Number(status) : 201;
  const payload = JSON.stringify({ status: code, method: req.method, url, body, headers: Object.fromEntries(Object.entries(req.headers)) });
  return { status: code, headers: { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(payload)), 'X-Backend': 'echo', 'X-Status': String(code), 'Set-Cookie': ['a=1', 'b=2'] }, body: payload };
}

function header(s: Seen, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (let i = 0; i + 1 < s.rawHeaders.length; i += 2) if (s.rawHeaders[i]!.toLowerCase() === lower) return s.rawHeaders[i + 1];
  return undefined;
}

async function listen(server: Server, host: string): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return (server.address() as AddressInfo).port;
}

before(async () => {
  backend = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      seen.push({ method: req.method ?? '', url: req.url ?? '', rawHeaders: req.rawHeaders, body });
      const answer = echo(req, body);
      const send = (): void => {
        res.writeHead(answer.status, answer.headers);
        res.end(answer.body);
      };
      if (req.url?.startsWith('/slow')) setTimeout(send, 3_000).unref();
      else send();
    });
  });
  backendPort = await listen(backend, '127.0.0.1');
  outsiderHost = Object.values(networkInterfaces()).flat().find((a) => a && a.family === 'IPv4' && !a.internal)?.address ?? '10.255.255.1';
  outsider = createServer((_req, res) => res.end('reached'));
  outsider.on('connection', () => outsiderConnections++);
  await listen(outsider, '0.0.0.0');

  gh = await startTestGatehouse();
  apig = apigatewayClient(gh);
  lambda = lambdaClient(gh);
  ec2 = ec2Client(gh);
});

after(async () => {
  apig.destroy();
  lambda.destroy();
  ec2.destroy();
  await gh.dispose();
  backend.closeAllConnections();
  outsider.closeAllConnections();
  await Promise.all([new Promise((r) => backend.close(r)), new Promise((r) => outsider.close(r))]);
});

// ---- building APIs the way a user does ----

interface MethodSpec {
  path: string;
  httpMethod: string;
  requestParameters?: Record<string, boolean>;
  integration: Omit<PutIntegrationCommandInput, 'restApiId' | 'resourceId' | 'httpMethod'>;
  /** status code → integration response settings (a method response is put for each, declaring the mapped headers). */
  responses?: Record<string, Omit<PutIntegrationResponseCommandInput, 'restApiId' | 'resourceId' | 'httpMethod' | 'statusCode'>>;
}

async function buildApi(name: string, methods: MethodSpec[], options: { private?: PrivateNetwork; variables?: Record<string, string> } = {}): Promise<string> {
  const api = await apig.send(new CreateRestApiCommand({ name, endpointConfiguration: { types: [options.private ? 'PRIVATE' : 'REGIONAL'] } }));
  const restApiId = api.id!;
  const resources = new Map<string, string>([['/', api.rootResourceId!]]);
  const resourceId = async (path: string): Promise<string> => {
    const known = resources.get(path);
    if (known) return known;
    const cut = path.lastIndexOf('/');
    const parentId = await resourceId(cut === 0 ? '/' : path.slice(0, cut));
    const id = (await apig.send(new CreateResourceCommand({ restApiId, parentId, pathPart: path.slice(cut + 1) }))).id!;
    resources.set(path, id);
    return id;
  };
  for (const m of methods) {
    const id = await resourceId(m.path);
    await apig.send(new PutMethodCommand({ restApiId, resourceId: id, httpMethod: m.httpMethod, authorizationType: 'NONE', requestParameters: m.requestParameters }));
    await apig.send(new PutIntegrationCommand({ restApiId, resourceId: id, httpMethod: m.httpMethod, ...m.integration }));
    for (const [statusCode, response] of Object.entries(m.responses ?? {})) {
      const declared = Object.fromEntries(Object.keys(response.responseParameters ?? {}).map((k) => [k, false]));
      await apig.send(new PutMethodResponseCommand({ restApiId, resourceId: id, httpMethod: m.httpMethod, statusCode, responseParameters: declared }));
      await apig.send(new PutIntegrationResponseCommand({ restApiId, resourceId: id, httpMethod: m.httpMethod, statusCode, ...response }));
    }
  }
  if (options.private) {
    const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*', Condition: { StringEquals: { 'aws:SourceVpce': options.private.vpceId } } }] };
    await apig.send(new UpdateRestApiCommand({ restApiId, patchOperations: [{ op: 'replace', path: '/policy', value: JSON.stringify(policy) }] }));
  }
  await apig.send(new CreateDeploymentCommand({ restApiId, stageName: 'test', variables: options.variables }));
  return restApiId;
}

async function call(apiId: string, path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  const res = await fetch(`${gh.url}/_aws/execute-api/${apiId}/test${path}`, init);
  return { status: res.status, headers: res.headers, text: await res.text() };
}

const backendUri = (path: string): string => `http://127.0.0.1:${backendPort}${path}`;
const lastSeen = (): Seen => seen[seen.length - 1]!;

// ---- HTTP_PROXY ----

describe('HTTP_PROXY', () => {
  let apiId: string;
  before(async () => {
    apiId = await buildApi('http-proxy', [
      {
        path: '/store/{proxy+}',
        httpMethod: 'ANY',
        requestParameters: { 'method.request.path.proxy': true },
        integration: { type: 'HTTP_PROXY', integrationHttpMethod: 'ANY', uri: backendUri('/backend/{proxy}'), requestParameters: { 'integration.request.path.proxy': 'method.request.path.proxy', 'integration.request.header.X-Mapped': "'mapped-value'" } },
      },
      { path: '/slow', httpMethod: 'GET', integration: { type: 'HTTP_PROXY', integrationHttpMethod: 'GET', uri: backendUri('/slow'), timeoutInMillis: 200 } },
      { path: '/down', httpMethod: 'GET', integration: { type: 'HTTP_PROXY', integrationHttpMethod: 'GET', uri: 'http://127.0.0.1:1/nothing-listens-here' } },
      { path: '/outside', httpMethod: 'GET', integration: { type: 'HTTP_PROXY', integrationHttpMethod: 'GET', uri: `http://${outsiderHost}:${(outsider.address() as AddressInfo).port}/` } },
      { path: '/by-name', httpMethod: 'GET', integration: { type: 'HTTP_PROXY', integrationHttpMethod: 'GET', uri: `http://localhost:${backendPort}/by-name` } },
    ]);
  });

  test('passes the request through to the {proxy} path, and the backend answer back as is', async () => {
    const res = await call(apiId, '/store/pets/a%2Fb/c%20d?x=1&x=2&y=%C3%A9', { method: 'POST', headers: { 'Content-Type': 'text/plain', 'X-Custom': 'client-value', 'User-Agent': 'integration-test' }, body: 'hello backend' });
    assert.equal(res.status, 201, res.text);
    const s = lastSeen();
    assert.equal(s.method, 'POST');
    // {proxy} is the greedy path, each parameter decoded then sent encoded (%2F reaches the backend as /).
    assert.equal(s.url, '/backend/pets/a/b/c%20d?x=1&x=2&y=%C3%A9');
    assert.equal(s.body, 'hello backend');
    assert.equal(header(s, 'content-type'), 'text/plain');
    assert.equal(header(s, 'x-custom'), 'client-value');
    assert.equal(header(s, 'user-agent'), 'integration-test');
    assert.equal(header(s, 'x-mapped'), 'mapped-value');
    assert.equal(header(s, 'host'), `127.0.0.1:${backendPort}`);
    assert.equal(header(s, 'x-amzn-apigateway-api-id'), apiId);
    assert.match(header(s, 'x-amzn-trace-id') ?? '', /^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/);
    assert.equal(header(s, 'x-forwarded-for'), '127.0.0.1');
    assert.equal(header(s, 'x-forwarded-proto'), 'https');
    // The backend's answer: status, headers (its connection headers remapped), body, untouched.
    assert.equal(res.headers.get('x-backend'), 'echo');
    assert.equal(res.headers.get('content-type'), 'application/json');
    assert.equal(res.headers.get('set-cookie'), 'a=1, b=2');
    assert.ok(res.headers.get('x-amzn-remapped-date'));
    assert.equal(res.headers.get('x-amzn-remapped-content-length'), String(Buffer.byteLength(res.text)));
    assert.equal(res.headers.get('x-amzn-remapped-connection'), 'keep-alive');
    assert.notEqual(res.headers.get('keep-alive'), 'timeout=5', "the backend's Keep-Alive belongs to its connection with Gatehouse");
    assert.equal(res.headers.get('x-amzn-trace-id'), null, 'HTTP_PROXY answers carry no trace id (recorded)');
    assert.match(res.headers.get('x-amzn-requestid') ?? '', /^[0-9a-f-]{36}$/);
    assert.equal((JSON.parse(res.text) as { body: string }).body, 'hello backend');
  });

  test('ANY calls the backend with the request method; a backend error status comes back as is', async () => {
    const res = await call(apiId, '/store/x', { method: 'DELETE' });
    assert.equal(res.status, 201);
    assert.equal(lastSeen().method, 'DELETE');
    const missing = await call(apiId, '/store/status/404');
    assert.equal(missing.status, 201, 'the path is /backend/status/404, which the echo answers 201');
  });

  test('a backend reached by the name localhost', async () => {
    const res = await call(apiId, '/by-name');
    assert.equal(res.status, 201, res.text);
    assert.equal(lastSeen().url, '/by-name');
  });

  test('timeoutInMillis: 504 Endpoint request timed out', async () => {
    const started = Date.now();
    const res = await call(apiId, '/slow');
    assert.equal(res.status, 504);
    assert.equal(res.text, '{"message": "Endpoint request timed out"}');
    assert.equal(res.headers.get('x-amzn-errortype'), 'InternalServerErrorException');
    assert.ok(Date.now() - started < 2_500, 'answered at the integration timeout, not when the backend answered');
  });

  test('a loopback backend that is not listening: 504 Network error communicating with endpoint', async () => {
    const res = await call(apiId, '/down');
    assert.equal(res.status, 504);
    assert.equal(res.text, '{"message": "Network error communicating with endpoint"}');
  });

  test('a backend off loopback is never contacted; the request says why', async () => {
    const before = outsiderConnections;
    const res = await call(apiId, '/outside');
    assert.equal(res.status, 504);
    assert.equal(res.text, '{"message": "Network error communicating with endpoint"}');
    assert.equal(res.headers.get('x-amzn-errortype'), 'InternalServerErrorException');
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(outsiderConnections, before, 'no connection was made');
    const record = (await (await fetch(`${gh.url}/_gatehouse/requests/${res.headers.get('x-amzn-requestid')}`)).json()) as { integrationError?: string; status: number };
    assert.equal(record.status, 504);
    assert.match(record.integrationError ?? '', new RegExp(`loopback only .*${outsiderHost.replace(/\./g, '\\.')} was not contacted`));
  });
});

// ---- HTTP (non-proxy) ----

describe('HTTP with mapping templates and selectionPattern', () => {
  let apiId: string;
  before(async () => {
    apiId = await buildApi(
      'http',
      [
        {
          path: '/orders/{status}',
          httpMethod: 'POST',
          requestParameters: { 'method.request.path.status': true, 'method.request.header.x-who': false, 'method.request.querystring.page': false },
          integration: {
            type: 'HTTP',
            integrationHttpMethod: 'PUT',
            uri: `http://localhost:${backendPort}/status/{code}`,
            requestParameters: {
              'integration.request.path.code': 'method.request.path.status',
              'integration.request.querystring.who': 'method.request.header.x-who',
              'integration.request.querystring.p': 'method.request.querystring.page',
              'integration.request.header.X-Color': 'stageVariables.color',
              'integration.request.header.X-Request-Id': 'context.requestId',
            },
            requestTemplates: { 'application/json': '{"item": "$input.path(\'$.item\')", "qty": $input.json(\'$.qty\'), "stage": "$context.stage"}' },
          },
          responses: {
            '200': {
              responseTemplates: { 'application/json': '{"backendMethod": "$input.path(\'$.method\')", "sent": $input.path(\'$.body\'), "status": "$input.path(\'$.status\')"}' },
              responseParameters: { 'method.response.header.X-Backend-Status': 'integration.response.header.X-Status', 'method.response.header.X-Static': "'static-value'", 'method.response.header.Server': "'mapped-server'" },
            },
            '400': { selectionPattern: '4\\d{2}', responseTemplates: { 'application/json': '{"error": "the backend said $input.path(\'$.status\')"}' } },
          },
        },
        {
          path: '/plain',
          httpMethod: 'GET',
          integration: { type: 'HTTP', integrationHttpMethod: 'GET', uri: backendUri('/plain') },
          responses: { '200': {} },
        },
      ],
      { variables: { color: 'blue' } },
    );
  });

  test('the request template and the parameter mappings make the backend request', async () => {
    const res = await call(apiId, '/orders/201?page=3', { method: 'POST', headers: { 'Content-Type': 'application/json', 'x-who': 'ann', 'X-Not-Mapped': 'nope' }, body: '{"item": "book", "qty": 2}' });
    assert.equal(res.status, 200, res.text);
    const s = lastSeen();
    assert.equal(s.method, 'PUT');
    assert.equal(s.url, '/status/201?who=ann&p=3');
    assert.deepEqual(JSON.parse(s.body), { item: 'book', qty: 2, stage: 'test' });
    assert.equal(header(s, 'content-type'), 'application/json');
    assert.equal(header(s, 'accept'), 'application/json');
    assert.equal(header(s, 'user-agent'), `AmazonAPIGateway_${apiId}`);
    assert.equal(header(s, 'x-amzn-apigateway-api-id'), apiId);
    assert.equal(header(s, 'x-color'), 'blue');
    assert.equal(header(s, 'x-request-id'), res.headers.get('x-amzn-requestid'));
    assert.equal(header(s, 'x-not-mapped'), undefined, 'a non-proxy integration sends no client header unless mapped');
    // Backend 201 matches no pattern: the default response (200) with its template and header mappings.
    assert.deepEqual(JSON.parse(res.text), { backendMethod: 'PUT', sent: { item: 'book', qty: 2, stage: 'test' }, status: '201' });
    assert.equal(res.headers.get('content-type'), 'application/json');
    assert.equal(res.headers.get('x-backend-status'), '201');
    assert.equal(res.headers.get('x-static'), 'static-value');
    assert.equal(res.headers.get('x-amzn-remapped-server'), 'mapped-server');
    assert.equal(res.headers.get('x-backend'), null, 'backend headers are not passed unless mapped');
    assert.match(res.headers.get('x-amzn-trace-id') ?? '', /^Root=1-/);
  });

  test('selectionPattern 4\\d{2} turns a backend 404 into the 400 response; a 500 falls to the default', async () => {
    const notFound = await call(apiId, '/orders/404', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"item": "x", "qty": 1}' });
    assert.equal(notFound.status, 400);
    assert.equal(notFound.text, '{"error": "the backend said 404"}');
    const failed = await call(apiId, '/orders/500', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"item": "x", "qty": 1}' });
    assert.equal(failed.status, 200);
    assert.equal((JSON.parse(failed.text) as { status: string }).status, '500');
  });

  test('no template: the backend body passes through; an unmapped content type passes through (WHEN_NO_MATCH)', async () => {
    const res = await call(apiId, '/plain');
    assert.equal(res.status, 200);
    assert.equal((JSON.parse(res.text) as { url: string }).url, '/plain');
    assert.equal(res.headers.get('content-type'), 'application/json');
    const passed = await call(apiId, '/orders/201', { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: 'raw words' });
    assert.equal(passed.status, 200);
    assert.equal(lastSeen().body, 'raw words');
    assert.equal(header(lastSeen(), 'content-type'), 'text/plain');
  });

  test('a request template reading a body that is not JSON: 400', async () => {
    const res = await call(apiId, '/orders/201', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: 'not json' });
    assert.equal(res.status, 400);
    assert.match(res.text, /^\{"message": "Could not parse request body into json: /);
  });
});

// ---- MOCK ----

describe('MOCK with VTL', () => {
  let apiId: string;
  const requestTemplate = [
    "#set($code = $input.params('code'))",
    '#if($code == "teapot")',
    '#set($context.responseOverride.status = 418)',
    '#set($context.responseOverride.header.X-Override = "tea")',
    '#end',
    '{"statusCode": #if($code == "404")404#else 200#end}',
  ].join('\n');
  const okTemplate = [
    '{',
    '  "requestId": "$context.requestId",',
    '  "apiId": "$context.apiId",',
    '  "stage": "$context.stage",',
    '  "resourcePath": "$context.resourcePath",',
    '  "httpMethod": "$context.httpMethod",',
    '  "path": "$context.path",',
    '  "sourceIp": "$context.identity.sourceIp",',
    '  "color": "$stageVariables.color",',
    "  \"pet\": \"$input.params('pet')\",",
    "  \"b64\": \"$util.base64Encode($input.params('pet'))\",",
    "  \"url\": \"$util.urlEncode($input.params('q'))\",",
    "  \"escaped\": \"$util.escapeJavaScript($input.params('q'))\"",
    '}',
  ].join('\n');
  before(async () => {
    apiId = await buildApi(
      'mock',
      [
        {
          path: '/pets/{pet}',
          httpMethod: 'GET',
          requestParameters: { 'method.request.path.pet': true },
          integration: { type: 'MOCK', requestTemplates: { 'application/json': requestTemplate } },
          responses: {
            '200': { selectionPattern: '', responseTemplates: { 'application/json': okTemplate } },
            '404': {
              selectionPattern: '404',
              responseTemplates: { 'application/json': '{"message": "no pet $util.escapeJavaScript($input.params(\'pet\'))"}', 'application/xml': '<error>no pet</error>' },
              responseParameters: { 'method.response.header.X-Mock': "'yes'" },
            },
          },
        },
        {
          path: '/strict',
          httpMethod: 'POST',
          integration: { type: 'MOCK', passthroughBehavior: 'NEVER', requestTemplates: { 'application/json': '{"statusCode": 200}' } },
          responses: { '200': { responseTemplates: { 'application/json': '{"ok": true}' } } },
        },
        {
          path: '/templates-only',
          httpMethod: 'POST',
          integration: { type: 'MOCK', passthroughBehavior: 'WHEN_NO_TEMPLATES', requestTemplates: { 'application/json': '{"statusCode": 200}' } },
          responses: { '200': {} },
        },
        {
          path: '/lenient',
          httpMethod: 'OPTIONS',
          integration: { type: 'MOCK', requestTemplates: { 'application/json': '{statusCode: 200}' } },
          responses: { '200': { responseParameters: { 'method.response.header.Access-Control-Allow-Origin': "'*'" } } },
        },
        {
          path: '/string-status',
          httpMethod: 'GET',
          integration: { type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": "200"}' } },
          responses: { '200': {} },
        },
      ],
      { variables: { color: 'green' } },
    );
  });

  test('statusCode 200 selects the default response; its template sees $context, $input, $stageVariables, $util', async () => {
    const res = await call(apiId, '/pets/rex?q=a%20b%26c%22', { headers: { 'User-Agent': 'mock-test' } });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(JSON.parse(res.text), {
      requestId: res.headers.get('x-amzn-requestid'),
      apiId,
      stage: 'test',
      resourcePath: '/pets/{pet}',
      httpMethod: 'GET',
      path: '/test/pets/rex',
      sourceIp: '127.0.0.1',
      color: 'green',
      pet: 'rex',
      b64: 'cmV4',
      url: 'a+b%26c%22',
      escaped: 'a b&c"',
    });
    assert.equal(res.headers.get('content-type'), 'application/json');
    assert.equal(res.headers.get('x-amzn-trace-id'), null, 'MOCK answers carry no trace id (recorded)');
  });

  test('statusCode 404 selects the 404 response by its pattern; Accept picks the template', async () => {
    const res = await call(apiId, '/pets/nemo?code=404');
    assert.equal(res.status, 404);
    assert.equal(res.text, '{"message": "no pet nemo"}');
    assert.equal(res.headers.get('x-mock'), 'yes');
    const xml = await call(apiId, '/pets/nemo?code=404', { headers: { Accept: 'application/xml' } });
    assert.equal(xml.text, '<error>no pet</error>');
    assert.equal(xml.headers.get('content-type'), 'application/xml');
  });

  test('$context.responseOverride set in the request template changes the status and headers', async () => {
    const res = await call(apiId, '/pets/rex?code=teapot');
    assert.equal(res.status, 418);
    assert.equal(res.headers.get('x-override'), 'tea');
    assert.equal((JSON.parse(res.text) as { pet: string }).pet, 'rex');
  });

  test('passthroughBehavior NEVER and WHEN_NO_TEMPLATES: 415 for a content type without a template', async () => {
    for (const path of ['/strict', '/templates-only']) {
      const refused = await call(apiId, path, { method: 'POST', headers: { 'Content-Type': 'text/xml' }, body: '<a/>' });
      assert.equal(refused.status, 415, path);
      assert.equal(refused.text, '{"message":"Unsupported Media Type"}');
      assert.equal(refused.headers.get('x-amzn-errortype'), 'UnsupportedMediaTypeException');
      const mapped = await call(apiId, path, { method: 'POST', headers: { 'Content-Type': 'application/json; charset=utf-8' }, body: '{}' });
      assert.equal(mapped.status, 200, path);
    }
    const strict = await call(apiId, '/strict', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    assert.equal(strict.text, '{"ok": true}');
  });

  test('a lenient statusCode ({statusCode: 200}, as CDK writes it) works; a string statusCode is a 500', async () => {
    const res = await call(apiId, '/lenient', { method: 'OPTIONS' });
    assert.equal(res.status, 200);
    assert.equal(res.text, '');
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    const bad = await call(apiId, '/string-status');
    assert.equal(bad.status, 500);
    assert.equal(bad.text, '{"message": "Internal server error"}');
  });
});

// ---- AWS (Lambda, non-proxy) ----

describe('AWS Lambda non-proxy integration', () => {
  let apiId: string;
  before(async () => {
    const code = 'exports.handler = async (event) => { if (event.fail) throw new Error("Malformed input: " + event.fail); return { got: event, greeting: "hello " + event.name }; };';
    await lambda.send(new CreateFunctionCommand({ FunctionName: 'integrations-fn', Runtime: 'nodejs20.x', Role: ROLE, Handler: 'index.handler', Code: { ZipFile: zipOf({ 'index.js': code }) } }));
    const uri = 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:integrations-fn/invocations';
    apiId = await buildApi('aws-lambda', [
      {
        path: '/greet',
        httpMethod: 'POST',
        integration: {
          type: 'AWS',
          integrationHttpMethod: 'POST',
          uri,
          requestTemplates: { 'application/json': '{"name": "$input.path(\'$.name\')", "fail": "$input.path(\'$.fail\')", "stage": "$context.stage", "agent": "$context.identity.userAgent"}' },
        },
        responses: {
          '200': { responseTemplates: { 'application/json': '{"message": "$input.path(\'$.greeting\')", "stage": "$input.path(\'$.got.stage\')"}' } },
          '400': { selectionPattern: 'Malformed.*', responseTemplates: { 'application/json': '{"error": "$util.escapeJavaScript($input.path(\'$.errorMessage\'))"}' }, responseParameters: { 'method.response.header.X-Error-Type': 'integration.response.body.errorType' } },
        },
      },
      { path: '/raw', httpMethod: 'POST', integration: { type: 'AWS', integrationHttpMethod: 'POST', uri }, responses: { '200': {} } },
    ]);
    await lambda.send(new AddPermissionCommand({ FunctionName: 'integrations-fn', StatementId: 'apigateway', Action: 'lambda:InvokeFunction', Principal: 'apigateway.amazonaws.com', SourceArn: `arn:aws:execute-api:us-east-1:000000000000:${apiId}/*` }));
  });

  test('the request template is the event; the response template shapes the result', async () => {
    const res = await call(apiId, '/greet', { method: 'POST', headers: { 'Content-Type': 'application/json', 'User-Agent': 'lambda-test' }, body: '{"name": "ann"}' });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.text, '{"message": "hello ann", "stage": "test"}');
    assert.equal(res.headers.get('content-type'), 'application/json');
    assert.match(res.headers.get('x-amzn-trace-id') ?? '', /^Root=1-/);
  });

  test("a function error's errorMessage selects the 400 response by its pattern", async () => {
    const res = await call(apiId, '/greet', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"name": "bob", "fail": "no bob"}' });
    assert.equal(res.status, 400);
    assert.equal(res.text, '{"error": "Malformed input: no bob"}');
    assert.equal(res.headers.get('x-error-type'), 'Error');
  });

  test('without templates the body passes through both ways, and an unmatched error comes back as the default 200', async () => {
    const ok = await call(apiId, '/raw', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"name": "cy"}' });
    assert.equal(ok.status, 200);
    assert.deepEqual(JSON.parse(ok.text), { got: { name: 'cy' }, greeting: 'hello cy' });
    const failed = await call(apiId, '/raw', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"fail": "x"}' });
    assert.equal(failed.status, 200);
    const error = JSON.parse(failed.text) as { errorMessage: string; errorType: string };
    assert.equal(error.errorMessage, 'Malformed input: x');
    assert.equal(error.errorType, 'Error');
  });
});

// ---- a private API, from an instance through its VPC endpoint ----

describe('a private API from an instance in the VPC', () => {
  let apiId: string;
  let net: PrivateNetwork;
  before(async () => {
    net = await createPrivateNetwork(ec2);
    apiId = await buildApi(
      'private-integrations',
      [
        { path: '/who', httpMethod: 'GET', integration: { type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }, responses: { '200': { responseTemplates: { 'application/json': '{"vpce": "$context.identity.vpceId", "vpc": "$context.identity.vpcId", "ip": "$context.identity.sourceIp"}' } } } },
        { path: '/backend', httpMethod: 'GET', integration: { type: 'HTTP_PROXY', integrationHttpMethod: 'GET', uri: backendUri('/private') } },
      ],
      { private: net },
    );
  });

  async function fromInstance(path: string) {
    const res = await fetch(`https://${apiId}.execute-api.us-east-1.amazonaws.com/test${path}`, { dispatcher: await gh.instanceDispatcher(net.instanceId) } as RequestInit);
    return { status: res.status, headers: res.headers, text: await res.text() };
  }

  test('MOCK templates see the endpoint and VPC; HTTP_PROXY backends get the endpoint headers', async () => {
    const who = await fromInstance('/who');
    assert.equal(who.status, 200, who.text);
    const body = JSON.parse(who.text) as Record<string, string>;
    assert.equal(body['vpce'], net.vpceId);
    assert.equal(body['vpc'], net.vpcId);
    assert.match(body['ip']!, /^10\.0\.1\.\d+$/);
    const proxied = await fromInstance('/backend');
    assert.equal(proxied.status, 201, proxied.text);
    const s = lastSeen();
    assert.equal(s.url, '/private');
    assert.equal(header(s, 'x-amzn-vpce-id'), net.vpceId);
    assert.equal(header(s, 'x-amzn-vpc-id'), net.vpcId);
    assert.match(header(s, 'x-forwarded-for') ?? '', /^10\.0\.1\.\d+$/);
    assert.equal(proxied.headers.get('server'), 'Server');
  });
});
