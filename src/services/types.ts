/**
 * What an AWS service is to Gatehouse: a record naming its model and its operation handlers. Handlers
 * never see HTTP: they get the parsed input and a context, and return the output shape or throw a
 * ServiceError.
 */
import type { Clock } from '../shared/clock.js';
import type { Scope } from '../shared/accounts.js';
import type { BlobStore } from '../store/blob-store.js';
import type { Store } from '../store/store.js';
import type { StackEngine } from '../cloudformation/stacks/engine.js';
import type { AuthorizerRuntime } from './apigateway/authorizer-runtime.js';
import type { LambdaHost } from './lambda/host.js';

export interface OperationContext {
  readonly scope: Scope;
  readonly accessKeyId: string | undefined;
  readonly requestId: string;
  readonly store: Store;
  readonly clock: Clock;
  /** Code storage and execution environments for the Lambda service (absent where nothing runs functions). */
  readonly lambdaHost?: LambdaHost;
  /** Where S3 object bodies are kept (absent where S3 is not served). */
  readonly objects?: BlobStore;
  /** The CloudFormation stack engine (absent where stacks are not run). */
  readonly stacks?: StackEngine;
  /** The data plane's authorizers: cache flushes and test invocations (absent where nothing serves APIs). */
  readonly authorizers?: AuthorizerRuntime;
}

/** One operation's input and output, as `src/wire/models/<model>.ts` declares them in its `Operations`. */
export interface OperationTypes {
  readonly input: object;
  readonly output: unknown;
}

/** Every operation a model declares, by name (a generated `Operations` interface). */
export type OperationMap<Ops> = { readonly [K in keyof Ops]: OperationTypes };

/** Handlers run inside one store transaction and must be synchronous. */
export type OperationHandler<Op extends OperationTypes> = (input: Op['input'], ctx: OperationContext) => Op['output'];
/**
 * Handlers that wait for something outside the store (Lambda's Invoke): they run outside any transaction,
 * so what they write must be written by synchronous store calls of their own.
 */
export type AsyncOperationHandler<Op extends OperationTypes> = (input: Op['input'], ctx: OperationContext) => Promise<Op['output']>;

/** A service as its index.ts declares it: every handler checked against its operation's model types. */
export interface TypedServiceDefinition<Ops extends OperationMap<Ops>> {
  /** The SigV4 signing name, which is how requests are routed to the service. */
  readonly signingName: string;
  /** `apis/<modelFile>.min.json` in the aws-sdk package, the model `Ops` was generated from. */
  readonly modelFile: string;
  readonly operations: { readonly [K in keyof Ops]?: OperationHandler<Ops[K]> };
  readonly asyncOperations?: { readonly [K in keyof Ops]?: AsyncOperationHandler<Ops[K]> };
}

/**
 * A handler as the dispatcher sees it: the record the protocol parsed. The parameter is declared as a
 * method's so that it is compared both ways: a typed handler, whose input is the parsed record of its
 * operation (the protocol parses with the model `modelFile` names), fits here without a cast.
 */
type AnyHandler<R> = { handle(input: Record<string, unknown>, ctx: OperationContext): R }['handle'];

/** The heterogeneous view the server, the stack engine and the registry hold every service by. */
export interface AnyServiceDefinition {
  readonly signingName: string;
  readonly modelFile: string;
  readonly operations: { readonly [operation: string]: AnyHandler<unknown> | undefined };
  readonly asyncOperations?: { readonly [operation: string]: AnyHandler<Promise<unknown>> | undefined };
}

/**
 * `ServiceDefinition<Ops>` is a service typed by its model's operations; plain `ServiceDefinition` is the
 * heterogeneous view (`AnyServiceDefinition`).
 */
export type ServiceDefinition<Ops = undefined> = [Ops] extends [undefined] ? AnyServiceDefinition : Ops extends OperationMap<Ops> ? TypedServiceDefinition<Ops> : never;
