import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadServiceModel, type OperationModel } from './model.js';
import { RouteTable } from './rest-routes.js';

const apigateway = new RouteTable(loadServiceModel('apigateway-2015-07-09').operations.values());
const lambda = new RouteTable(loadServiceModel('lambda-2015-03-31').operations.values());

function route(table: RouteTable, method: string, target: string): { name: string; labels: Record<string, string> } | undefined {
  const [path = '', query = ''] = target.split('?', 2);
  const m = table.match(method, path, new URLSearchParams(query));
  return m && { name: m.operation.name, labels: m.labels };
}

/** A hand-written operation, for templates the loaded models do not contain. */
function op(name: string, method: string, requestUri: string): OperationModel {
  return { name, http: { method, requestUri, responseCode: 200 }, deprecated: false, unsigned: false };
}

// ---- apigateway ----

test('POST /restapis is CreateRestApi; with ?mode=import it is ImportRestApi', () => {
  assert.deepEqual(route(apigateway, 'POST', '/restapis'), { name: 'CreateRestApi', labels: {} });
  assert.deepEqual(route(apigateway, 'POST', '/restapis?mode=import'), { name: 'ImportRestApi', labels: {} });
  assert.deepEqual(route(apigateway, 'POST', '/restapis?failonwarnings=true&mode=import'), { name: 'ImportRestApi', labels: {} });
  // A query literal must have its exact value; another value leaves the plain template.
  assert.deepEqual(route(apigateway, 'POST', '/restapis?mode=merge'), { name: 'CreateRestApi', labels: {} });
});

test('POST /apikeys?mode=import is ImportApiKeys, POST /apikeys CreateApiKey', () => {
  assert.equal(route(apigateway, 'POST', '/apikeys?mode=import&format=csv')?.name, 'ImportApiKeys');
  assert.equal(route(apigateway, 'POST', '/apikeys')?.name, 'CreateApiKey');
});

test('the method picks among operations on one path', () => {
  assert.equal(route(apigateway, 'GET', '/restapis')?.name, 'GetRestApis');
  assert.deepEqual(route(apigateway, 'GET', '/restapis/abc123'), { name: 'GetRestApi', labels: { restapi_id: 'abc123' } });
  assert.equal(route(apigateway, 'PATCH', '/restapis/abc123')?.name, 'UpdateRestApi');
  assert.equal(route(apigateway, 'DELETE', '/restapis/abc123')?.name, 'DeleteRestApi');
  assert.equal(route(apigateway, 'PUT', '/restapis/abc123?mode=overwrite')?.name, 'PutRestApi');
  assert.equal(route(apigateway, 'HEAD', '/restapis/abc123'), undefined);
});

test('deep templates capture every label', () => {
  assert.deepEqual(route(apigateway, 'GET', '/restapis/abc/resources/def/methods/GET/integration/responses/200'), {
    name: 'GetIntegrationResponse',
    labels: { restapi_id: 'abc', resource_id: 'def', http_method: 'GET', status_code: '200' },
  });
  assert.deepEqual(route(apigateway, 'PUT', '/restapis/abc/resources/def/methods/ANY/integration'), {
    name: 'PutIntegration',
    labels: { restapi_id: 'abc', resource_id: 'def', http_method: 'ANY' },
  });
  assert.deepEqual(route(apigateway, 'POST', '/restapis/abc/resources/def'), {
    name: 'CreateResource',
    labels: { restapi_id: 'abc', parent_id: 'def' },
  });
  assert.deepEqual(route(apigateway, 'GET', '/restapis/abc/stages/dev'), { name: 'GetStage', labels: { restapi_id: 'abc', stage_name: 'dev' } });
  assert.equal(route(apigateway, 'POST', '/restapis/abc/deployments')?.name, 'CreateDeployment');
});

test('a literal segment beats a label in the same place, whatever the model order', () => {
  for (const ops of [
    [op('ByLabel', 'GET', '/v1/{id}'), op('ByLiteral', 'GET', '/v1/special')],
    [op('ByLiteral', 'GET', '/v1/special'), op('ByLabel', 'GET', '/v1/{id}')],
  ]) {
    const table = new RouteTable(ops);
    assert.equal(table.match('GET', '/v1/special', new URLSearchParams())?.operation.name, 'ByLiteral');
    assert.equal(table.match('GET', '/v1/other', new URLSearchParams())?.operation.name, 'ByLabel');
  }
  assert.equal(route(apigateway, 'GET', '/restapis/abc/resources')?.name, 'GetResources');
  assert.equal(route(apigateway, 'GET', '/restapis/abc/authorizers/xyz')?.name, 'GetAuthorizer');
});

test('labels are percent-decoded: GET /tags/{ARN with %2F} is GetTags on the whole ARN', () => {
  const arn = 'arn:aws:apigateway:us-east-1::/restapis/abc123/stages/dev';
  assert.deepEqual(route(apigateway, 'GET', `/tags/${encodeURIComponent(arn)}`), { name: 'GetTags', labels: { resource_arn: arn } });
  assert.deepEqual(route(apigateway, 'GET', '/tags/arn%3Aaws%3Aapigateway%3Aus-east-1%3A%3A%2Frestapis%2Fabc'), {
    name: 'GetTags',
    labels: { resource_arn: 'arn:aws:apigateway:us-east-1::/restapis/abc' },
  });
  assert.equal(route(apigateway, 'PUT', `/tags/${encodeURIComponent(arn)}`)?.name, 'TagResource');
  assert.equal(route(apigateway, 'DELETE', `/tags/${encodeURIComponent(arn)}?tagKeys=a`)?.name, 'UntagResource');
  // Unencoded, the ARN's slashes are segments and nothing matches.
  assert.equal(route(apigateway, 'GET', `/tags/${arn}`), undefined);
});

test('a label that is not valid percent-encoding matches nothing', () => {
  assert.equal(route(apigateway, 'GET', '/restapis/%E0%A4%A'), undefined);
  assert.equal(route(apigateway, 'GET', '/restapis/%zz'), undefined);
});

test('unknown paths and methods match nothing', () => {
  assert.equal(route(apigateway, 'GET', '/nope'), undefined);
  assert.equal(route(apigateway, 'GET', '/'), undefined);
  assert.equal(route(apigateway, 'GET', '/restapis/abc/nope'), undefined);
  assert.equal(route(apigateway, 'GET', '/restapis/abc/resources/def/methods/GET/integration/responses/200/extra'), undefined);
  assert.equal(route(apigateway, 'TRACE', '/restapis'), undefined);
  // An empty segment is not a label value.
  assert.equal(route(apigateway, 'GET', '/restapis//resources'), undefined);
});

test('trailing slashes are optional, on either side', () => {
  // Smithy http trait: "with the exception of trailing slashes which are always optional".
  assert.equal(route(apigateway, 'GET', '/restapis/')?.name, 'GetRestApis');
  assert.deepEqual(route(apigateway, 'GET', '/restapis/abc/'), { name: 'GetRestApi', labels: { restapi_id: 'abc' } });
  assert.equal(route(apigateway, 'POST', '/restapis/?mode=import')?.name, 'ImportRestApi');
  assert.equal(route(lambda, 'GET', '/2015-03-31/functions/')?.name, 'ListFunctions');
  assert.equal(route(lambda, 'GET', '/2015-03-31/functions')?.name, 'ListFunctions');
  assert.deepEqual(route(lambda, 'GET', '/2015-03-31/functions/my-fn/'), { name: 'GetFunction', labels: { FunctionName: 'my-fn' } });
  assert.equal(route(lambda, 'POST', '/2015-03-31/event-source-mappings')?.name, 'CreateEventSourceMapping');
});

// ---- lambda ----

test('lambda: POST /2015-03-31/functions/my-fn/invocations is Invoke', () => {
  assert.deepEqual(route(lambda, 'POST', '/2015-03-31/functions/my-fn/invocations'), { name: 'Invoke', labels: { FunctionName: 'my-fn' } });
  assert.deepEqual(route(lambda, 'POST', '/2015-03-31/functions/my-fn/invocations?Qualifier=prod'), { name: 'Invoke', labels: { FunctionName: 'my-fn' } });
  assert.equal(route(lambda, 'GET', '/2015-03-31/functions/my-fn/invocations'), undefined);
});

test('lambda: GET /2015-03-31/functions/ is ListFunctions, a named function is GetFunction', () => {
  assert.deepEqual(route(lambda, 'GET', '/2015-03-31/functions/'), { name: 'ListFunctions', labels: {} });
  assert.deepEqual(route(lambda, 'GET', '/2015-03-31/functions/my-fn'), { name: 'GetFunction', labels: { FunctionName: 'my-fn' } });
  assert.equal(route(lambda, 'POST', '/2015-03-31/functions')?.name, 'CreateFunction');
  assert.equal(route(lambda, 'DELETE', '/2015-03-31/functions/my-fn')?.name, 'DeleteFunction');
  assert.equal(route(lambda, 'GET', '/2015-03-31/functions/my-fn/configuration')?.name, 'GetFunctionConfiguration');
  assert.equal(route(lambda, 'PUT', '/2015-03-31/functions/my-fn/code')?.name, 'UpdateFunctionCode');
});

test('lambda: a function ARN as a label is percent-decoded', () => {
  const arn = 'arn:aws:lambda:us-east-1:123456789012:function:my-fn:prod';
  assert.deepEqual(route(lambda, 'GET', `/2015-03-31/functions/${encodeURIComponent(arn)}/configuration`), {
    name: 'GetFunctionConfiguration',
    labels: { FunctionName: arn },
  });
  // Colons may also arrive unencoded: they are not segment separators.
  assert.deepEqual(route(lambda, 'POST', `/2015-03-31/functions/${arn}/invocations`), { name: 'Invoke', labels: { FunctionName: arn } });
});

test('lambda: query literals pick between operations sharing a path', () => {
  assert.equal(route(lambda, 'GET', '/2018-10-31/layers?find=LayerVersion&Arn=x')?.name, 'GetLayerVersionByArn');
  assert.equal(route(lambda, 'GET', '/2018-10-31/layers')?.name, 'ListLayers');
  assert.equal(route(lambda, 'GET', '/2019-09-30/functions/f/provisioned-concurrency?List=ALL')?.name, 'ListProvisionedConcurrencyConfigs');
  assert.equal(route(lambda, 'GET', '/2019-09-30/functions/f/provisioned-concurrency?Qualifier=1')?.name, 'GetProvisionedConcurrencyConfig');
});

test('lambda: API versions in the path are literals', () => {
  assert.equal(route(lambda, 'GET', '/2016-08-19/account-settings/')?.name, 'GetAccountSettings');
  assert.equal(route(lambda, 'GET', '/2099-01-01/functions/'), undefined);
});

// ---- greedy labels (not in these two models, but part of the template language) ----

test('a greedy label takes the rest of the path, decoded, and needs at least one segment', () => {
  const table = new RouteTable([op('GetObject', 'GET', '/{Bucket}/{Key+}'), op('ListObjects', 'GET', '/{Bucket}')]);
  const m = table.match('GET', '/b/a/b%20c/d.txt', new URLSearchParams());
  assert.equal(m?.operation.name, 'GetObject');
  assert.deepEqual(m?.labels, { Bucket: 'b', Key: 'a/b c/d.txt' });
  assert.deepEqual(table.match('GET', '/b/k', new URLSearchParams())?.labels, { Bucket: 'b', Key: 'k' });
  assert.deepEqual(table.match('GET', '/b/a/b/', new URLSearchParams())?.labels, { Bucket: 'b', Key: 'a/b' });
  assert.equal(table.match('GET', '/b', new URLSearchParams())?.operation.name, 'ListObjects');
  assert.equal(table.match('GET', '/b/', new URLSearchParams())?.operation.name, 'ListObjects');
});

test('a non-greedy template wins over a greedy one that also matches', () => {
  const table = new RouteTable([op('Greedy', 'GET', '/v1/{path+}'), op('Exact', 'GET', '/v1/{id}/tags'), op('One', 'GET', '/v1/{id}')]);
  assert.equal(table.match('GET', '/v1/x/tags', new URLSearchParams())?.operation.name, 'Exact');
  assert.equal(table.match('GET', '/v1/x', new URLSearchParams())?.operation.name, 'One');
  assert.deepEqual(table.match('GET', '/v1/x/y/z', new URLSearchParams())?.labels, { path: 'x/y/z' });
});

test('a greedy label may sit before literal segments', () => {
  const table = new RouteTable([op('Mid', 'GET', '/prefix/{label+}/suffix')]);
  const labels = (path: string): Record<string, string> | undefined => table.match('GET', path, new URLSearchParams())?.labels;
  assert.deepEqual(labels('/prefix/foo/suffix'), { label: 'foo' });
  assert.deepEqual(labels('/prefix/foo/bar/suffix'), { label: 'foo/bar' });
  assert.deepEqual(labels('/prefix/foo/suffix/bar/suffix'), { label: 'foo/suffix/bar' });
  assert.equal(labels('/prefix/foo/bar'), undefined);
  assert.equal(labels('/prefix/suffix'), undefined);
  assert.equal(labels('/foo/bar/suffix'), undefined);
});

test('a query literal without a value only needs the key', () => {
  const table = new RouteTable([op('Plain', 'GET', '/things'), op('Flagged', 'GET', '/things?versions')]);
  assert.equal(table.match('GET', '/things', new URLSearchParams('versions'))?.operation.name, 'Flagged');
  assert.equal(table.match('GET', '/things', new URLSearchParams('versions=1'))?.operation.name, 'Flagged');
  assert.equal(table.match('GET', '/things', new URLSearchParams('other'))?.operation.name, 'Plain');
});

test('the root template matches only the root', () => {
  const table = new RouteTable([op('Root', 'POST', '/')]);
  assert.equal(table.match('POST', '/', new URLSearchParams())?.operation.name, 'Root');
  assert.equal(table.match('POST', '/x', new URLSearchParams()), undefined);
});
