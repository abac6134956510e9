/**
 * What an AWS service is to Gatehouse: a record naming its model and its operation handlers. Handlers
 * never see HTTP: they get the parsed input and a context, and return the output shape or throw a
 * ServiceError.
 */
import type { Clock } from '../shared/clock.js';
import type { Scope } from '../shared/accounts.js';
import type { Store } from '../store/store.js';
import type { StackEngine } from '../cloudformation/stacks/engine.js';
import type { LambdaHost } from './lambda/host.js';

export interface OperationContext {
  readonly scope: Scope;
  readonly accessKeyId: string | undefined;
  readonly requestId: string;
  readonly store: Store;
  readonly clock: Clock;
  /** Code storage and execution environments for the Lambda service (absent where nothing runs functions). */
  readonly lambdaHost?: LambdaHost;
  /** The CloudFormation stack engine (absent where stacks are not run). */
  readonly stacks?: StackEngine;
}

/** Handlers run inside one store transaction and must be synchronous. */
export type OperationHandler = (input: any, ctx: OperationContext) => unknown;
/**
 * Handlers that wait for something outside the store (Lambda's Invoke): they run outside any transaction,
 * so what they write must be written by synchronous store calls of their own.
 */
export type AsyncOperationHandler = (input: any, ctx: OperationContext) => Promise<unknown>;

export interface ServiceDefinition {
  /** The SigV4 signing name, which is how requests are routed to the service. */
  readonly signingName: string;
  /** `apis/<modelFile>.min.json` in the aws-sdk package. */
  readonly modelFile: string;
  readonly operations: Readonly<Record<string, OperationHandler>>;
  readonly asyncOperations?: Readonly<Record<string, AsyncOperationHandler>>;
}
