/**
 * What an AWS service is to Gatehouse: a record naming its model and its operation handlers. Handlers
 * never see HTTP: they get the parsed input and a context, and return the output shape or throw a
 * ServiceError.
 */
import type { Clock } from '../shared/clock.js';
import type { Scope } from '../shared/accounts.js';
import type { Store } from '../store/store.js';

export interface OperationContext {
  readonly scope: Scope;
  readonly accessKeyId: string | undefined;
  readonly requestId: string;
  readonly store: Store;
  readonly clock: Clock;
}

/** Synchronous handlers run inside one store transaction; asynchronous ones manage their own. */
export type OperationHandler = (input: any, ctx: OperationContext) => unknown;

export interface ServiceDefinition {
  /** The SigV4 signing name, which is how requests are routed to the service. */
  readonly signingName: string;
  /** `apis/<modelFile>.min.json` in the aws-sdk package. */
  readonly modelFile: string;
  readonly operations: Readonly<Record<string, OperationHandler>>;
}
