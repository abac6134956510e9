/**
 * How one operation of a service runs, wherever the call comes from (an API request on the main port, or a
 * CloudFormation resource): a synchronous handler inside its own store transaction, so a failure writes
 * nothing; an async handler (one that waits on something outside the store, such as Lambda's Invoke) outside
 * any, writing through synchronous store calls of its own. Listeners are told only after a commit.
 */
import { notImplemented } from '../shared/errors.js';
import type { OperationContext, ServiceDefinition } from './types.js';

/** Told after an operation's transaction committed (the network re-reads VPC endpoints, the Lambda host forgets). */
export type CommitListener = (service: string, operation: string, ctx: OperationContext) => void;

/** Whether the service has a handler for the operation. */
export function hasOperation(definition: ServiceDefinition, operation: string): boolean {
  return definition.operations[operation] !== undefined || definition.asyncOperations?.[operation] !== undefined;
}

/**
 * Runs `operation` with an input already in the model's shape; NotImplemented when the service has no handler.
 * `input` is a thunk so a protocol parses the request only once the operation is known to be implemented.
 */
export async function runOperation(definition: ServiceDefinition, operation: string, input: () => Record<string, unknown>, ctx: OperationContext, onCommit?: CommitListener): Promise<unknown> {
  const asyncHandler = definition.asyncOperations?.[operation];
  const handler = definition.operations[operation];
  if (!handler && !asyncHandler) throw notImplemented(definition.signingName, operation);
  let result: unknown;
  if (asyncHandler) result = await asyncHandler(input(), ctx);
  else {
    const parsed = input();
    ctx.store.transaction(() => {
      result = handler!(parsed, ctx);
      // A promise here would escape the transaction: async handlers must not touch the store this way.
      if (result instanceof Promise) throw new Error(`handler ${operation} is async; it must not run inside a transaction`);
    });
  }
  onCommit?.(definition.signingName, operation, ctx);
  return result;
}
