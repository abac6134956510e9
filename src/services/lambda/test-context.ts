/**
 * What the Lambda handlers' unit tests share: an operation context on a fresh in-memory store, a host that
 * keeps packages in memory (no environments: these tests do not invoke), each call run inside one store
 * transaction as the server runs it, and Lambda's errors asserted by code, status and exact text.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { zipSync } from 'fflate';
import type { Scope } from '../../shared/accounts.js';
import { ServiceError } from '../../shared/errors.js';
import { openSqliteStore } from '../../store/sqlite/sqlite-store.js';
import type { OperationContext } from '../types.js';
import type { CodeWhere, LambdaHost } from './host.js';

export const SCOPE: Scope = { account: '111111111111', region: 'eu-west-1' };
export const ROLE = 'arn:aws:iam::111111111111:role/lambda-role';
/** 2024-05-01T12:00:00Z. */
export const T0 = Date.UTC(2024, 4, 1, 12);

/** Packages kept in memory by key; invoking is not for unit tests. */
export class MemoryLambdaHost implements LambdaHost {
  readonly packages = new Map<string, Buffer>();
  generation = 0;
  changed(): void {
    this.generation++;
  }
  storeCode(zip: Buffer) {
    const digest = createHash('sha256').update(zip).digest();
    this.packages.set(digest.toString('hex'), zip);
    return { key: digest.toString('hex'), sha256: digest.toString('base64'), size: zip.length };
  }
  codeLocation(key: string, _where: CodeWhere): string {
    return `http://127.0.0.1:4566/_gatehouse/lambda/code/${key}.zip`;
  }
  invoke(): never {
    throw new Error('unit tests do not invoke functions');
  }
  retire(): void {}
}

/** A context on an empty in-memory store at T0; `shareWith` makes one more (another scope) on the same store. */
export function testContext(scope: Scope = SCOPE, shareWith?: OperationContext): OperationContext {
  return {
    scope,
    accessKeyId: undefined,
    requestId: 'test-request',
    store: shareWith?.store ?? openSqliteStore(':memory:'),
    clock: { now: () => new Date(T0) },
    lambdaHost: shareWith?.lambdaHost ?? new MemoryLambdaHost(),
  };
}

/** Runs a handler as the server does: inside one store transaction, so a handler that throws stores nothing. */
export function call<I, O>(ctx: OperationContext, handler: (input: I, ctx: OperationContext) => O, input: I): O {
  return ctx.store.transaction(() => handler(input, ctx));
}

/** Asserts that `fn` throws Lambda's error `code` with `status` and exactly `message`. */
export function expectError(fn: () => unknown, code: string, status: number, message: string): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof ServiceError, `a ServiceError, not ${String(error)}`);
    assert.deepEqual({ code: error.code, status: error.status, message: error.message }, { code, status, message });
    return true;
  });
}

/** A zip holding `files` (name → text). */
export function zipOf(files: Record<string, string>): Buffer {
  return Buffer.from(zipSync(Object.fromEntries(Object.entries(files).map(([name, text]) => [name, new TextEncoder().encode(text)]))));
}
