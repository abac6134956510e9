import { test } from 'node:test';
import { putFunctionConcurrency } from './concurrency.js';
import { createFunction } from './functions.js';
import { call, expectError, ROLE, testContext, zipOf } from './test-context.js';

test("PutFunctionConcurrency: a missing value is Lambda's null, a negative one its range error", () => {
  const ctx = testContext();
  call(ctx, createFunction, { FunctionName: 'f', Runtime: 'nodejs20.x', Role: ROLE, Handler: 'index.handler', Code: { ZipFile: zipOf({ 'index.js': '' }) } });
  expectError(() => call(ctx, putFunctionConcurrency, { FunctionName: 'f' }), 'ValidationException', 400,
    "1 validation error detected: Value null at 'reservedConcurrentExecutions' failed to satisfy constraint: Member must not be null");
  expectError(() => call(ctx, putFunctionConcurrency, { FunctionName: 'f', ReservedConcurrentExecutions: -1 }), 'ValidationException', 400,
    "1 validation error detected: Value '-1' at 'reservedConcurrentExecutions' failed to satisfy constraint: Member must have value greater than or equal to 0");
});
