import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ServiceError } from '../shared/errors.js';
import { loadServiceModel } from './model.js';
import { RestJsonProtocol } from './rest-json.js';
import { sdkRead, sdkRequest } from './test-support/aws-sdk-v2.js';
import type { WireRequest, WireResponse } from './types.js';

const apigateway = new RestJsonProtocol(loadServiceModel('apigateway-2015-07-09'));
const lambda = new RestJsonProtocol(loadServiceModel('lambda-2015-03-31'));

function request(method: string, target: string, body: string | Buffer = '', headers: Record<string, string> = {}): WireRequest {
  const [path = '/', query = ''] = target.split('?', 2);
  return { method, path, query, headers, body: Buffer.isBuffer(body) ? body : Buffer.from(body) };
}

/** Matches and parses, as the service endpoint does. */
function parse(protocol: RestJsonProtocol, req: WireRequest): { operation: string; input: Record<string, unknown> } {
  const match = protocol.match(req);
  assert.ok(match, `${req.method} ${req.path} matches an operation`);
  return { operation: match.operation.name, input: protocol.parse(match, req) };
}

function operation(protocol: RestJsonProtocol, name: string) {
  const op = protocol.model.operations.get(name);
  assert.ok(op, name);
  return op;
}

function json(response: WireResponse): unknown {
  return JSON.parse(response.body.toString());
}

function assertSerializationError(fn: () => unknown, message: string): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof ServiceError);
    assert.equal(e.code, 'SerializationException');
    assert.equal(e.status, 400);
    assert.equal(e.message, message);
    return true;
  });
}

// ---- parse: URI, query string, headers ----

test('uri labels become the members that name them', () => {
  const { operation: name, input } = parse(apigateway, request('GET', '/restapis/abc/resources/def/methods/GET/integration/responses/200'));
  assert.equal(name, 'GetIntegrationResponse');
  assert.deepEqual(input, { restApiId: 'abc', resourceId: 'def', httpMethod: 'GET', statusCode: '200' });
});

test('a percent-encoded ARN label reaches the member decoded', () => {
  const arn = 'arn:aws:apigateway:us-east-1::/restapis/abc/stages/dev';
  assert.deepEqual(parse(apigateway, request('GET', `/tags/${encodeURIComponent(arn)}?limit=10`)).input, { resourceArn: arn, limit: 10 });
});

test('query string: integers are numbers, strings stay strings', () => {
  assert.deepEqual(parse(apigateway, request('GET', '/restapis?limit=25&position=abc%3D%3D')).input, { limit: 25, position: 'abc==' });
  assert.deepEqual(parse(lambda, request('GET', '/2015-03-31/functions/?MaxItems=5&Marker=m1&FunctionVersion=ALL')).input, {
    MaxItems: 5,
    Marker: 'm1',
    FunctionVersion: 'ALL',
  });
});

test('query string: a list member takes every repeat of its name', () => {
  const { operation: name, input } = parse(apigateway, request('GET', '/restapis/abc/resources?embed=methods&embed=x&limit=500'));
  assert.equal(name, 'GetResources');
  assert.deepEqual(input, { restApiId: 'abc', embed: ['methods', 'x'], limit: 500 });
  assert.deepEqual(parse(apigateway, request('GET', '/restapis/abc/resources?embed=methods')).input, { restApiId: 'abc', embed: ['methods'] });
});

test('query string: parameters no member binds are ignored', () => {
  assert.deepEqual(parse(apigateway, request('GET', '/restapis?foo=bar')).input, {});
});

test('query string: a map member takes the unbound parameters, but not the template literal', () => {
  const { operation: name, input } = parse(apigateway, request('POST', '/restapis?mode=import&failonwarnings=true&endpointConfigurationTypes=REGIONAL&basepath=ignore', '{"openapi":"3.0.1"}'));
  assert.equal(name, 'ImportRestApi');
  assert.deepEqual(input['parameters'], { endpointConfigurationTypes: 'REGIONAL', basepath: 'ignore' });
  assert.equal(input['failOnWarnings'], true);
  // PutRestApi binds `mode` to a member, so it is not a parameter either.
  const put = parse(apigateway, request('PUT', '/restapis/abc?mode=overwrite&basepath=prepend', '{}'));
  assert.equal(put.operation, 'PutRestApi');
  assert.equal(put.input['mode'], 'overwrite');
  assert.deepEqual(put.input['parameters'], { basepath: 'prepend' });
});

test('headers: Lambda Invoke reads X-Amz-Invocation-Type, X-Amz-Log-Type, X-Amz-Client-Context', () => {
  const clientContext = Buffer.from('{"custom":{"a":1}}').toString('base64');
  const { operation: name, input } = parse(
    lambda,
    request('POST', '/2015-03-31/functions/my-fn/invocations?Qualifier=prod', '{"hello":"world"}', {
      'x-amz-invocation-type': 'Event',
      'x-amz-log-type': 'Tail',
      'x-amz-client-context': clientContext,
      'content-type': 'application/json',
    }),
  );
  assert.equal(name, 'Invoke');
  assert.equal(input['FunctionName'], 'my-fn');
  assert.equal(input['Qualifier'], 'prod');
  assert.equal(input['InvocationType'], 'Event');
  assert.equal(input['LogType'], 'Tail');
  // Not a jsonvalue member: the service decodes the base64 itself.
  assert.equal(input['ClientContext'], clientContext);
});

test('headers: members with no header sent stay absent', () => {
  const { input } = parse(lambda, request('POST', '/2015-03-31/functions/my-fn/invocations'));
  assert.deepEqual(Object.keys(input).sort(), ['FunctionName', 'Payload']);
});

test('headers: GetExport reads Accept into `accepts`', () => {
  const { operation: name, input } = parse(apigateway, request('GET', '/restapis/abc/stages/dev/exports/oas30?extensions=apigateway', '', { accept: 'application/yaml' }));
  assert.equal(name, 'GetExport');
  assert.deepEqual(input, { restApiId: 'abc', stageName: 'dev', exportType: 'oas30', parameters: { extensions: 'apigateway' }, accepts: 'application/yaml' });
});

// ---- parse: payload members ----

test('payload: Lambda Invoke Payload is the raw body as a Buffer', () => {
  const body = Buffer.from([0x7b, 0x22, 0xff, 0x00, 0x7d]); // not even UTF-8
  const { input } = parse(lambda, request('POST', '/2015-03-31/functions/my-fn/invocations', body));
  assert.ok(Buffer.isBuffer(input['Payload']));
  assert.deepEqual(input['Payload'], body);
});

test('payload: ImportRestApi body is a blob, never read as JSON members', () => {
  const { input } = parse(apigateway, request('POST', '/restapis?mode=import', '{"name":"not a member","openapi":"3.0.1"}'));
  assert.ok(Buffer.isBuffer(input['body']));
  assert.equal((input['body'] as Buffer).toString(), '{"name":"not a member","openapi":"3.0.1"}');
  assert.equal(input['name'], undefined);
});

// ---- parse: JSON bodies ----

test('body: locationName renames; a uri label and a body key may share a wire name', () => {
  const body = JSON.stringify({
    type: 'AWS_PROXY',
    httpMethod: 'POST',
    uri: 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:f/invocations',
    timeoutInMillis: 29000,
    requestParameters: { 'integration.request.header.x': 'method.request.header.x' },
    cacheKeyParameters: ['method.request.path.id'],
    tlsConfig: { insecureSkipVerification: true },
  });
  const { operation: name, input } = parse(apigateway, request('PUT', '/restapis/abc/resources/def/methods/GET/integration', body));
  assert.equal(name, 'PutIntegration');
  assert.deepEqual(input, {
    restApiId: 'abc',
    resourceId: 'def',
    httpMethod: 'GET',
    type: 'AWS_PROXY',
    integrationHttpMethod: 'POST',
    uri: 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:f/invocations',
    timeoutInMillis: 29000,
    requestParameters: { 'integration.request.header.x': 'method.request.header.x' },
    cacheKeyParameters: ['method.request.path.id'],
    tlsConfig: { insecureSkipVerification: true },
  });
});

test('body: keys are wire names; member names and uri-bound members are not read from it', () => {
  const body = JSON.stringify({ type: 'MOCK', integrationHttpMethod: 'PATCH', restApiId: 'evil', resourceId: 'evil', restapi_id: 'evil' });
  const { input } = parse(apigateway, request('PUT', '/restapis/abc/resources/def/methods/GET/integration', body));
  assert.deepEqual(input, { restApiId: 'abc', resourceId: 'def', httpMethod: 'GET', type: 'MOCK' });
});

test('body: keys newer than the model pass through as sent', () => {
  const { input } = parse(apigateway, request('POST', '/restapis', '{"name":"n","securityPolicy":"TLS_1_2","endpointConfiguration":{"types":["PRIVATE"],"ipAddressType":"dualstack"},"gone":null}'));
  assert.deepEqual(input, { name: 'n', securityPolicy: 'TLS_1_2', endpointConfiguration: { types: ['PRIVATE'], ipAddressType: 'dualstack' } });
});

test('body: nested structures, lists, maps, booleans and integers', () => {
  const body = JSON.stringify({
    name: 'private-api',
    description: 'd',
    binaryMediaTypes: ['image/png', '*/*'],
    minimumCompressionSize: 1024,
    endpointConfiguration: { types: ['PRIVATE'], vpcEndpointIds: ['vpce-1', 'vpce-2'] },
    tags: { team: 'a', env: 'dev' },
    disableExecuteApiEndpoint: false,
    policy: '{"Version":"2012-10-17"}',
  });
  const { operation: name, input } = parse(apigateway, request('POST', '/restapis', body));
  assert.equal(name, 'CreateRestApi');
  assert.deepEqual(input, JSON.parse(body));
});

test('body: null means absent, except as a map value', () => {
  const { input } = parse(apigateway, request('POST', '/restapis', '{"name":"n","description":null,"tags":{"a":null,"b":"x"},"binaryMediaTypes":[null,"a"]}'));
  assert.deepEqual(input, { name: 'n', tags: { a: null, b: 'x' }, binaryMediaTypes: ['a'] });
});

test('body: booleans and numbers sent as strings are converted', () => {
  const { input } = parse(apigateway, request('POST', '/restapis', '{"name":"n","disableExecuteApiEndpoint":"true","minimumCompressionSize":"42"}'));
  assert.deepEqual(input, { name: 'n', disableExecuteApiEndpoint: true, minimumCompressionSize: 42 });
});

test('body: an empty body, whitespace or `null` is no members', () => {
  for (const body of ['', '   \n', 'null']) {
    assert.deepEqual(parse(apigateway, request('POST', '/restapis/abc/deployments', body)).input, { restApiId: 'abc' }, JSON.stringify(body));
  }
});

test('body: a Boolean where a String belongs is Coral\'s SerializationException, word for word', () => {
  // AWS-recorded: test_put_integration_request_parameter_bool_type/put-integration-request-param-wrong-type.
  const body = JSON.stringify({ type: 'HTTP', httpMethod: 'GET', uri: 'http://example.com', requestParameters: { 'integration.request.path.testPath': true } });
  assertSerializationError(
    () => parse(apigateway, request('PUT', '/restapis/abc/resources/def/methods/GET/integration', body)),
    'class java.lang.Boolean can not be converted to an String',
  );
  assertSerializationError(() => parse(apigateway, request('POST', '/restapis', '{"name":true}')), 'class java.lang.Boolean can not be converted to an String');
});

test('body: a number where a String belongs is a TruncatingBigNumber SerializationException', () => {
  // AWS-recorded: test_integration_response_invalid_responsetemplates/put-integration-response-invalid-responseTemplates-1.
  const { operation: name } = parse(apigateway, request('PUT', '/restapis/abc/resources/def/methods/GET/integration/responses/200', '{}'));
  assert.equal(name, 'PutIntegrationResponse');
  assertSerializationError(
    () => parse(apigateway, request('PUT', '/restapis/abc/resources/def/methods/GET/integration/responses/200', '{"responseTemplates":{"application/json":123}}')),
    'class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to an String',
  );
  assertSerializationError(() => parse(apigateway, request('POST', '/restapis', '{"name":1.5}')), 'class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to an String');
});

test('body: malformed JSON and non-object JSON are SerializationExceptions', () => {
  for (const body of ['{"name":', 'not json', '{"name":"a",}']) {
    assert.throws(() => parse(apigateway, request('POST', '/restapis', body)), (e: unknown) => e instanceof ServiceError && e.code === 'SerializationException' && e.status === 400, body);
  }
  for (const body of ['[]', '"text"', '42', 'true']) {
    assert.throws(() => parse(apigateway, request('POST', '/restapis', body)), (e: unknown) => e instanceof ServiceError && e.code === 'SerializationException', body);
  }
});

// ---- parse: what real clients send ----

test('aws-sdk v2 requests parse back to their params', async () => {
  const cases: Array<[ 'apigateway' | 'lambda', string, Record<string, unknown>, Record<string, unknown>]> = [
    ['apigateway', 'CreateRestApi', { name: 'n', endpointConfiguration: { types: ['PRIVATE'], vpcEndpointIds: ['vpce-1'] }, tags: { a: 'b' }, minimumCompressionSize: 0 }, {}],
    [
      'apigateway',
      'PutIntegration',
      { restApiId: 'abc', resourceId: 'def', httpMethod: 'ANY', type: 'AWS_PROXY', integrationHttpMethod: 'POST', uri: 'arn:aws:apigateway:us-east-1:lambda:path/x' },
      {},
    ],
    ['apigateway', 'GetResources', { restApiId: 'abc', embed: ['methods'], limit: 500 }, {}],
    ['apigateway', 'GetTags', { resourceArn: 'arn:aws:apigateway:us-east-1::/restapis/abc' }, {}],
    ['apigateway', 'GetIntegrationResponse', { restApiId: 'abc', resourceId: 'def', httpMethod: 'GET', statusCode: '200' }, {}],
    ['apigateway', 'UpdateRestApi', { restApiId: 'abc', patchOperations: [{ op: 'replace', path: '/endpointConfiguration/types/EDGE', value: 'PRIVATE' }, { op: 'add', path: '/binaryMediaTypes/image~1png' }] }, {}],
    ['apigateway', 'CreateDeployment', { restApiId: 'abc', stageName: 'dev', variables: { a: 'b' }, cacheClusterEnabled: false }, {}],
    ['apigateway', 'GetExport', { restApiId: 'abc', stageName: 'dev', exportType: 'oas30', parameters: { extensions: 'postman' }, accepts: 'application/json' }, {}],
    ['lambda', 'ListFunctions', { MaxItems: 5, Marker: 'm' }, {}],
    [
      'lambda',
      'CreateFunction',
      { FunctionName: 'f', Runtime: 'nodejs20.x', Role: 'arn:aws:iam::123456789012:role/r', Handler: 'index.handler', Code: { ZipFile: Buffer.from('PK\x03\x04zip') }, Environment: { Variables: { A: 'b' } }, Timeout: 10, Publish: true },
      {},
    ],
    ['lambda', 'GetFunction', { FunctionName: 'arn:aws:lambda:us-east-1:123456789012:function:f', Qualifier: '$LATEST' }, {}],
    ['lambda', 'Invoke', { FunctionName: 'my-fn', InvocationType: 'RequestResponse', LogType: 'Tail', Qualifier: '3' }, { Payload: Buffer.from('') }],
  ];
  for (const [service, name, params, extra] of cases) {
    const req = await sdkRequest(service, name, params);
    const protocol = service === 'lambda' ? lambda : apigateway;
    const parsed = parse(protocol, req);
    assert.equal(parsed.operation, name);
    assert.deepEqual(parsed.input, { ...params, ...extra }, name);
  }
});

test('aws-sdk v2: an Invoke payload arrives byte for byte', async () => {
  const req = await sdkRequest('lambda', 'Invoke', { FunctionName: 'f', Payload: '{"key":"välue"}' });
  const { input } = parse(lambda, req);
  assert.equal((input['Payload'] as Buffer).toString('utf8'), '{"key":"välue"}');
});

// ---- serialize ----

test('serialize: status code from the model; CreateRestApi is 201 with a JSON body', async () => {
  const created = new Date('2024-05-01T12:00:00.750Z');
  const res = apigateway.serialize(operation(apigateway, 'CreateRestApi'), { id: 'abc123', name: 'n', createdDate: created, endpointConfiguration: { types: ['PRIVATE'] }, disableExecuteApiEndpoint: false }, 'req-1');
  assert.equal(res.status, 201);
  assert.equal(res.headers['Content-Type'], 'application/json');
  assert.equal(res.headers['x-amzn-RequestId'], 'req-1');
  assert.deepEqual(json(res), { id: 'abc123', name: 'n', createdDate: 1714564800, endpointConfiguration: { types: ['PRIVATE'] }, disableExecuteApiEndpoint: false });
  const read = await sdkRead('apigateway', 'CreateRestApi', res);
  assert.ok(read.ok);
  assert.deepEqual(read.data['createdDate'], new Date('2024-05-01T12:00:00.000Z'));
  assert.equal(read.data['id'], 'abc123');
});

test('serialize: DeleteMethod is 204 with an empty body', () => {
  const res = apigateway.serialize(operation(apigateway, 'DeleteMethod'), undefined, 'req-2');
  assert.equal(res.status, 204);
  assert.equal(res.body, '');
  assert.equal(res.headers['x-amzn-RequestId'], 'req-2');
});

test('serialize: output members travel under their locationName (GetRestApis items → "item")', async () => {
  const res = apigateway.serialize(operation(apigateway, 'GetRestApis'), { items: [{ id: 'a', name: 'one' }, { id: 'b', name: 'two', tags: { k: 'v' } }], position: 'p' }, 'req-3');
  assert.equal(res.status, 200);
  assert.deepEqual(json(res), { item: [{ id: 'a', name: 'one' }, { id: 'b', name: 'two', tags: { k: 'v' } }], position: 'p' });
  const read = await sdkRead('apigateway', 'GetRestApis', res);
  assert.ok(read.ok);
  assert.deepEqual(read.data['items'], [{ id: 'a', name: 'one' }, { id: 'b', name: 'two', tags: { k: 'v' } }]);
});

test('serialize: PutIntegration answers 201 with the Integration (whose member is plain httpMethod)', () => {
  const res = apigateway.serialize(operation(apigateway, 'PutIntegration'), { type: 'AWS_PROXY', httpMethod: 'POST', uri: 'u', integrationResponses: { '200': { statusCode: '200' } } }, 'r');
  assert.equal(res.status, 201);
  assert.deepEqual(json(res), { type: 'AWS_PROXY', httpMethod: 'POST', uri: 'u', integrationResponses: { '200': { statusCode: '200' } } });
});

test('serialize: output keys newer than the model pass through', () => {
  const res = apigateway.serialize(operation(apigateway, 'GetRestApi'), { id: 'a', securityPolicy: 'TLS_1_2', endpointConfiguration: { types: ['PRIVATE'], ipAddressType: 'ipv4' } }, 'r');
  assert.deepEqual(json(res), { id: 'a', securityPolicy: 'TLS_1_2', endpointConfiguration: { types: ['PRIVATE'], ipAddressType: 'ipv4' } });
});

test('serialize: timestamps are epoch seconds; numbers given as such pass through', () => {
  const res = apigateway.serialize(operation(apigateway, 'GetRestApi'), { id: 'a', createdDate: new Date(0) }, 'r');
  assert.deepEqual(json(res), { id: 'a', createdDate: 0 });
  const res2 = apigateway.serialize(operation(apigateway, 'GetRestApi'), { id: 'a', createdDate: 1700000000 }, 'r');
  assert.deepEqual(json(res2), { id: 'a', createdDate: 1700000000 });
});

test('serialize: members that are undefined or null are left out', () => {
  const res = apigateway.serialize(operation(apigateway, 'GetRestApi'), { id: 'a', name: undefined, description: null, tags: {} }, 'r');
  assert.deepEqual(json(res), { id: 'a', tags: {} });
});

test('serialize: Lambda Invoke sets status, headers and a raw payload', async () => {
  const res = lambda.serialize(
    operation(lambda, 'Invoke'),
    { StatusCode: 200, FunctionError: 'Unhandled', LogResult: Buffer.from('START\n').toString('base64'), ExecutedVersion: '$LATEST', Payload: Buffer.from('{"errorMessage":"boom"}') },
    'req-4',
  );
  assert.equal(res.status, 200);
  assert.equal(res.headers['X-Amz-Function-Error'], 'Unhandled');
  assert.equal(res.headers['X-Amz-Log-Result'], Buffer.from('START\n').toString('base64'));
  assert.equal(res.headers['X-Amz-Executed-Version'], '$LATEST');
  assert.deepEqual(res.body, Buffer.from('{"errorMessage":"boom"}'));
  const read = await sdkRead('lambda', 'Invoke', res);
  assert.ok(read.ok);
  assert.equal(read.data['StatusCode'], 200);
  assert.equal(read.data['FunctionError'], 'Unhandled');
  assert.equal(read.data['ExecutedVersion'], '$LATEST');
  assert.equal(String(read.data['Payload']), '{"errorMessage":"boom"}');
});

test('serialize: an asynchronous Invoke answers 202 with no payload', () => {
  const res = lambda.serialize(operation(lambda, 'Invoke'), { StatusCode: 202 }, 'r');
  assert.equal(res.status, 202);
  assert.equal(res.body, '');
});

test('serialize: a blob payload keeps the Content-Type its member sets', () => {
  const res = apigateway.serialize(operation(apigateway, 'GetExport'), { contentType: 'application/yaml', contentDisposition: 'attachment; filename="a.yaml"', body: Buffer.from('openapi: 3.0.1\n') }, 'r');
  assert.equal(res.status, 200);
  assert.equal(res.headers['Content-Type'], 'application/yaml');
  assert.equal(res.headers['Content-Disposition'], 'attachment; filename="a.yaml"');
  assert.equal(res.body.toString(), 'openapi: 3.0.1\n');
});

// ---- errors ----

test('serializeError: x-amzn-ErrorType header and {"message"} body', async () => {
  const res = apigateway.serializeError(new ServiceError('NotFoundException', 'Invalid API identifier specified 123456789012:abc', 404), 'req-5');
  assert.equal(res.status, 404);
  assert.equal(res.headers['x-amzn-ErrorType'], 'NotFoundException');
  assert.equal(res.headers['x-amzn-RequestId'], 'req-5');
  assert.equal(res.headers['Content-Type'], 'application/json');
  assert.deepEqual(json(res), { message: 'Invalid API identifier specified 123456789012:abc' });
  const read = await sdkRead('apigateway', 'GetRestApi', res);
  assert.deepEqual(read, { ok: false, code: 'NotFoundException', message: 'Invalid API identifier specified 123456789012:abc', requestId: 'req-5' });
});

test('serializeError: error-specific headers are added', () => {
  const res = apigateway.serializeError(new ServiceError('TooManyRequestsException', 'Too Many Requests', 429, { headers: { 'Retry-After': '1' } }), 'r');
  assert.equal(res.status, 429);
  assert.equal(res.headers['Retry-After'], '1');
  assert.equal(res.headers['x-amzn-ErrorType'], 'TooManyRequestsException');
});

test('a serialization error goes out as SerializationException', async () => {
  let error: unknown;
  try {
    parse(apigateway, request('POST', '/restapis', '{"name":false}'));
  } catch (e) {
    error = e;
  }
  assert.ok(error instanceof ServiceError);
  const res = apigateway.serializeError(error, 'r');
  assert.equal(res.status, 400);
  assert.equal(res.headers['x-amzn-ErrorType'], 'SerializationException');
  const read = await sdkRead('apigateway', 'CreateRestApi', res);
  assert.ok(!read.ok);
  assert.equal(read.code, 'SerializationException');
  assert.equal(read.message, 'class java.lang.Boolean can not be converted to an String');
});

test('unknownOperation is a 404 UnknownOperationException', () => {
  const req = request('GET', '/nope');
  assert.equal(apigateway.match(req), undefined);
  const e = apigateway.unknownOperation(req);
  assert.equal(e.code, 'UnknownOperationException');
  assert.equal(e.status, 404);
});
