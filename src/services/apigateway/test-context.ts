/**
 * What the API Gateway handlers' unit tests share: an operation context on a fresh in-memory store with a
 * clock that moves only when told, each call run inside one store transaction as the server runs it, AWS's
 * errors asserted by code, status and exact text, and the few calls that build an API to test against.
 */
import assert from 'node:assert/strict';
import type { Scope } from '../../shared/accounts.js';
import type { Clock } from '../../shared/clock.js';
import { ServiceError } from '../../shared/errors.js';
import { openSqliteStore } from '../../store/sqlite/sqlite-store.js';
import type { OperationContext } from '../types.js';
import { putIntegration } from './integrations.js';
import { putMethod } from './methods.js';
import { createResource } from './resources.js';
import { createRestApi } from './rest-apis.js';

export const ACCOUNT = '111111111111';
export const REGION = 'eu-west-1';
export const SCOPE: Scope = { account: ACCOUNT, region: REGION };
/** 2024-05-01T12:00:00Z, in the epoch seconds API Gateway reports dates in. */
export const T0 = 1714564800;

export interface TestClock extends Clock {
  /** Moves the clock forward by `seconds`. */
  advance(seconds: number): void;
}

export interface TestContext extends OperationContext {
  readonly clock: TestClock;
}

/** A context on an empty in-memory store, at T0. `scope` makes one more context on the same store. */
export function testContext(scope: Scope = SCOPE, shareStoreWith?: TestContext): TestContext {
  let now = T0 * 1000;
  const clock: TestClock = {
    now: () => new Date(now),
    advance: (seconds) => {
      now += seconds * 1000;
    },
  };
  const store = shareStoreWith?.store ?? openSqliteStore(':memory:');
  return { scope, accessKeyId: undefined, requestId: 'test-request', store, clock: shareStoreWith?.clock ?? clock };
}

/** Runs a handler as the server does: inside one store transaction, so a handler that throws stores nothing. */
export function call<I, O>(ctx: OperationContext, handler: (input: I, ctx: OperationContext) => O, input: I): O {
  return ctx.store.transaction(() => handler(input, ctx));
}

const STATUS: Record<string, number> = { BadRequestException: 400, ValidationException: 400, NotFoundException: 404, ConflictException: 409 };

/** Asserts that `fn` throws AWS's error `code` (with its HTTP status) and exactly `message`. */
export function expectError(fn: () => unknown, code: string, message: string): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof ServiceError, `a ServiceError, not ${String(error)}`);
    assert.deepEqual({ code: error.code, status: error.status, message: error.message }, { code, status: STATUS[code], message });
    return true;
  });
}

/** One patch operation list from [op, path, value?] triples. */
export function ops(...triples: Array<[string, string, string?]>): Array<{ op: string; path: string; value?: string }> {
  return triples.map(([op, path, value]) => (value === undefined ? { op, path } : { op, path, value }));
}

/** A policy document that lets anyone in, with the `execute-api:/*` shorthand. */
export const OPEN_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' }],
});

/** Creates an API (REGIONAL unless `input` says otherwise); returns its id and its root resource's id. */
export function createApi(ctx: OperationContext, input: Record<string, unknown> = {}): { id: string; rootId: string } {
  const api = call(ctx, createRestApi, { name: 'test-api', endpointConfiguration: { types: ['REGIONAL'] }, ...input });
  return { id: api['id'] as string, rootId: api['rootResourceId'] as string };
}

/** Creates a resource under `parentId`; returns its id. */
export function addResource(ctx: OperationContext, restApiId: string, parentId: string, pathPart: string): string {
  return call(ctx, createResource, { restApiId, parentId, pathPart })['id'] as string;
}

/** The key of a GET method-to-be on a new API's `/pets` resource (nothing put on it yet). */
export function methodKey(ctx: OperationContext): { restApiId: string; resourceId: string; httpMethod: string } {
  const { id: restApiId, rootId } = createApi(ctx);
  return { restApiId, resourceId: addResource(ctx, restApiId, rootId, 'pets'), httpMethod: 'GET' };
}

/** The validation clause of a status code that is not 1xx to 5xx (`'wrong'`), as method and integration responses give it. */
export const STATUS_CODE_CLAUSE = "Value 'wrong' at 'statusCode' failed to satisfy constraint: Member must satisfy regular expression pattern: [1-5]\\d\\d";

/** Puts `httpMethod` (no authorization) with a MOCK integration on a resource: enough to deploy. */
export function addMockMethod(ctx: OperationContext, restApiId: string, resourceId: string, httpMethod = 'GET'): void {
  call(ctx, putMethod, { restApiId, resourceId, httpMethod, authorizationType: 'NONE' });
  call(ctx, putIntegration, { restApiId, resourceId, httpMethod, type: 'MOCK' });
}
