import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadServiceModel } from './model.js';

test('models load once and are cached', () => {
  assert.equal(loadServiceModel('sts-2011-06-15'), loadServiceModel('sts-2011-06-15'));
});

test('metadata says which protocol and namespace a service speaks', () => {
  assert.equal(loadServiceModel('apigateway-2015-07-09').metadata.protocol, 'rest-json');
  assert.equal(loadServiceModel('lambda-2015-03-31').metadata.protocol, 'rest-json');
  assert.equal(loadServiceModel('sts-2011-06-15').metadata.protocol, 'query');
  assert.equal(loadServiceModel('iam-2010-05-08').metadata.xmlNamespace, 'https://iam.amazonaws.com/doc/2010-05-08/');
  const ec2 = loadServiceModel('ec2-2016-11-15').metadata;
  assert.equal(ec2.protocol, 'ec2');
  assert.equal(ec2.xmlNamespace, 'http://ec2.amazonaws.com/doc/2016-11-15');
});

test('HTTP bindings: defaults are POST / 200', () => {
  const sts = loadServiceModel('sts-2011-06-15').operations.get('GetCallerIdentity');
  assert.deepEqual(sts?.http, { method: 'POST', requestUri: '/', responseCode: 200 });
  const create = loadServiceModel('apigateway-2015-07-09').operations.get('CreateRestApi');
  assert.deepEqual(create?.http, { method: 'POST', requestUri: '/restapis', responseCode: 201 });
  const del = loadServiceModel('apigateway-2015-07-09').operations.get('DeleteMethod');
  assert.deepEqual(del?.http, { method: 'DELETE', requestUri: '/restapis/{restapi_id}/resources/{resource_id}/methods/{http_method}', responseCode: 204 });
});

test('members carry location and locationName; shapes are linked', () => {
  const put = loadServiceModel('apigateway-2015-07-09').operations.get('PutIntegration')?.input;
  assert.ok(put);
  assert.equal(put.type, 'structure');
  assert.deepEqual(put.required, ['restApiId', 'resourceId', 'httpMethod', 'type']);
  const httpMethod = put.members.get('httpMethod');
  assert.equal(httpMethod?.location, 'uri');
  assert.equal(httpMethod?.locationName, 'http_method');
  const integrationHttpMethod = put.members.get('integrationHttpMethod');
  assert.equal(integrationHttpMethod?.location, undefined);
  assert.equal(integrationHttpMethod?.locationName, 'httpMethod');
  assert.equal(put.members.get('timeoutInMillis')?.shape.type, 'integer');
  const params = put.members.get('requestParameters')?.shape;
  assert.equal(params?.type, 'map');
  assert.equal(params?.key?.shape.type, 'string');
  assert.equal(params?.value?.shape.type, 'string');
});

test('a named shape is one object wherever it is used', () => {
  const apigateway = loadServiceModel('apigateway-2015-07-09');
  const restApi = apigateway.operations.get('CreateRestApi')?.output;
  assert.ok(restApi);
  assert.equal(apigateway.operations.get('GetRestApi')?.output, restApi);
  assert.equal(apigateway.operations.get('GetRestApis')?.output?.members.get('items')?.shape.member?.shape, restApi);
  assert.equal(restApi.members.get('createdDate')?.shape.type, 'timestamp');
});

test('payloads and header-bound members (Lambda Invoke)', () => {
  const invoke = loadServiceModel('lambda-2015-03-31').operations.get('Invoke');
  assert.ok(invoke?.input && invoke.output);
  assert.equal(invoke.input.payload, 'Payload');
  assert.equal(invoke.input.members.get('Payload')?.shape.type, 'blob');
  assert.equal(invoke.input.members.get('InvocationType')?.locationName, 'X-Amz-Invocation-Type');
  assert.equal(invoke.output.members.get('StatusCode')?.location, 'statusCode');
});

test('query outputs name their resultWrapper', () => {
  assert.equal(loadServiceModel('sts-2011-06-15').operations.get('GetCallerIdentity')?.resultWrapper, 'GetCallerIdentityResult');
  assert.equal(loadServiceModel('iam-2010-05-08').operations.get('DeleteRole')?.resultWrapper, undefined);
});

test('ec2 list members keep their own locationName (item) apart from the list\'s', () => {
  const out = loadServiceModel('ec2-2016-11-15').operations.get('DescribeVpcs')?.output;
  const vpcs = out?.members.get('Vpcs');
  assert.equal(vpcs?.locationName, 'vpcSet');
  assert.equal(vpcs?.shape.member?.locationName, 'item');
  const input = loadServiceModel('ec2-2016-11-15').operations.get('DescribeVpcs')?.input;
  assert.equal(input?.members.get('Filters')?.locationName, 'Filter');
  assert.equal(input?.members.get('DryRun')?.locationName, 'dryRun');
});

test('recursive shapes terminate and link back to themselves', () => {
  // None of Gatehouse's own models is recursive; DynamoDB's AttributeValue (M: map of AttributeValue) is.
  const item = loadServiceModel('dynamodb-2012-08-10').operations.get('PutItem')?.input?.members.get('Item')?.shape;
  const attributeValue = item?.value?.shape;
  assert.ok(attributeValue);
  assert.equal(attributeValue.members.get('M')?.shape.value?.shape, attributeValue);
  assert.equal(attributeValue.members.get('L')?.shape.member?.shape, attributeValue);
});

test('an unknown model file throws', () => {
  assert.throws(() => loadServiceModel('nope-2000-01-01'));
});
