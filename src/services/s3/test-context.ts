/**
 * What the S3 handlers' unit tests share: a signed context of one account on a fresh in-memory store with a
 * temporary blob store, an anonymous one and another account's on the same state, bodies as streams, and
 * S3's errors asserted by code, status, text and extra elements.
 */
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import type { Scope } from '../../shared/accounts.js';
import { ServiceError } from '../../shared/errors.js';
import { BlobStore } from '../../store/blob-store.js';
import { openSqliteStore } from '../../store/sqlite/sqlite-store.js';
import type { StreamingBody } from '../../wire/shape-types.js';
import type { OperationContext } from '../types.js';

export const SCOPE: Scope = { account: '111111111111', region: 'us-east-1' };
/** 2024-05-01T12:00:00.250Z (S3 shows times to the second). */
export const T0 = Date.UTC(2024, 4, 1, 12, 0, 0, 250);

export function testContext(scope: Scope = SCOPE, shareWith?: OperationContext, accessKeyId: string | undefined = scope.account): OperationContext {
  return {
    scope,
    accessKeyId,
    requestId: 'test-request',
    store: shareWith?.store ?? openSqliteStore(':memory:'),
    clock: shareWith?.clock ?? { now: () => new Date(T0) },
    objects: shareWith?.objects ?? BlobStore.temporary(),
  };
}

export const anonymous = (ctx: OperationContext): OperationContext => ({ ...ctx, accessKeyId: undefined });

export function dispose(ctx: OperationContext): void {
  ctx.objects?.dispose();
  ctx.store.close();
}

/** Runs a sync handler as the server does: inside one store transaction. */
export function call<I, O>(ctx: OperationContext, handler: (input: I, ctx: OperationContext) => O, input: I): O {
  return ctx.store.transaction(() => handler(input, ctx));
}

/** A body as the wire hands it over, with trailers once it ended. */
export function body(text: string | Buffer, trailers?: Record<string, string>): StreamingBody {
  const stream = Readable.from([typeof text === 'string' ? Buffer.from(text) : text]) as StreamingBody;
  if (trailers) Object.defineProperty(stream, 'trailers', { value: trailers });
  return stream;
}

export async function read(b: unknown): Promise<string> {
  if (Buffer.isBuffer(b)) return b.toString('utf8');
  const chunks: Buffer[] = [];
  for await (const c of b as Readable) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

interface Expected {
  code: string;
  status: number;
  message: string;
  body?: Record<string, unknown>;
}

function check(error: unknown, expected: Expected): true {
  assert.ok(error instanceof ServiceError, `a ServiceError, not ${String(error)}`);
  const got: Expected = { code: error.code, status: error.status, message: error.message };
  if (expected.body !== undefined) got.body = error.body ?? {};
  assert.deepEqual(got, expected);
  return true;
}

export function expectError(fn: () => unknown, expected: Expected): void {
  assert.throws(fn, (e: unknown) => check(e, expected));
}

export async function expectRejection(p: Promise<unknown>, expected: Expected): Promise<void> {
  await assert.rejects(p, (e: unknown) => check(e, expected));
}
