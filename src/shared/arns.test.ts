import assert from 'node:assert/strict';
import { test } from 'node:test';
import { executeApiArn, executeApiMethodArn, lambdaFunctionArn, lambdaIntegrationUri, lambdaLayerArn, lambdaLayerVersionArn } from './arns.js';

const scope = { region: 'us-west-2', account: '123456789012' };

test('execute-api ARNs: the API, and a method request (stage and method may be *)', () => {
  assert.equal(executeApiArn(scope, 'abcdef1234'), 'arn:aws:execute-api:us-west-2:123456789012:abcdef1234');
  assert.equal(executeApiMethodArn(scope, 'abcdef1234', 'prod', 'GET', '/pets/1'), 'arn:aws:execute-api:us-west-2:123456789012:abcdef1234/prod/GET/pets/1');
  assert.equal(executeApiMethodArn(scope, 'abcdef1234', '*', 'GET', '/'), 'arn:aws:execute-api:us-west-2:123456789012:abcdef1234/*/GET/');
});

test('Lambda: a function ARN (qualified or not) and the integration URI that names it', () => {
  assert.equal(lambdaFunctionArn(scope, 'hello'), 'arn:aws:lambda:us-west-2:123456789012:function:hello');
  assert.equal(lambdaFunctionArn(scope, 'hello', '$LATEST'), 'arn:aws:lambda:us-west-2:123456789012:function:hello:$LATEST');
  assert.equal(lambdaIntegrationUri('us-west-2', lambdaFunctionArn(scope, 'hello')), 'arn:aws:apigateway:us-west-2:lambda:path/2015-03-31/functions/arn:aws:lambda:us-west-2:123456789012:function:hello/invocations');
});

test('Lambda layers: the layer and one of its versions', () => {
  assert.equal(lambdaLayerArn(scope, 'deps'), 'arn:aws:lambda:us-west-2:123456789012:layer:deps');
  assert.equal(lambdaLayerVersionArn(scope, 'deps', 3), 'arn:aws:lambda:us-west-2:123456789012:layer:deps:3');
});
