/**
 * How resource types reach Gatehouse's services: one operation at a time, run as the API runs it (a
 * synchronous handler inside its own store transaction, an async one outside any), then the commit listener
 * told, so the network and Lambda layers follow what a stack changed exactly as they follow API requests
 * (services/operation-runner.ts runs both). Inputs and outputs are in the service model's shape, as handlers take them.
 */
import { randomBytes } from 'node:crypto';
import type { Scope } from '../../shared/accounts.js';
import { systemClock, type Clock } from '../../shared/clock.js';
import { ServiceError } from '../../shared/errors.js';
import { requestId as newRequestId } from '../../shared/ids.js';
import type { LambdaHost } from '../../services/lambda/host.js';
import { hasOperation, runOperation, type CommitListener } from '../../services/operation-runner.js';
import type { OperationContext, ServiceDefinition } from '../../services/types.js';
import type { BlobStore } from '../../store/blob-store.js';
import type { Store } from '../../store/store.js';
import type { ResourceContext, ServiceName } from './types.js';

export interface ServiceCallerOptions {
  store: Store;
  clock?: Clock;
  /** Needed for Lambda functions to be created and run. */
  lambdaHost?: LambdaHost;
  /** S3's object bodies (for S3 resources and code read from S3). */
  objects?: BlobStore;
  onCommit?: CommitListener;
  /**
   * The service records to call: the server hands in Gatehouse's registry (a test, the few it needs). The engine
   * never imports the registry itself: services/cloudformation uses the engine, so that would be an import circle.
   */
  services: readonly ServiceDefinition[];
}

/** Which service and request a ServiceError came from, for CloudFormation's status reasons. */
const calls = new WeakMap<object, { service: string; operation: string; requestId: string }>();

export function callOf(error: unknown): { service: string; operation: string; requestId: string } | undefined {
  return typeof error === 'object' && error !== null ? calls.get(error) : undefined;
}

/** A service Gatehouse has no record for (yet): answered the way an unimplemented operation is. */
function serviceMissing(service: string): ServiceError {
  return new ServiceError('NotImplementedException', `Gatehouse has no ${service} service yet.`, 501);
}

export class ServiceCaller {
  private readonly services: ReadonlyMap<string, ServiceDefinition>;
  private readonly clock: Clock;

  constructor(private readonly options: ServiceCallerOptions) {
    this.services = new Map(options.services.map((s) => [s.signingName, s]));
    this.clock = options.clock ?? systemClock;
  }

  /** Whether Gatehouse has this service and operation (a record can say clearly what it needs). */
  has(service: string, operation: string): boolean {
    const definition = this.services.get(service);
    return definition !== undefined && hasOperation(definition, operation);
  }

  async call(scope: Scope, service: ServiceName, operation: string, input: Record<string, unknown>): Promise<Record<string, unknown>> {
    const requestId = newRequestId();
    const ctx: OperationContext = {
      scope,
      // A stack acts for its account, as a signed request of that account would (a 12-digit key is its account):
      // undefined would make it anonymous to S3.
      accessKeyId: scope.account,
      requestId,
      store: this.options.store,
      clock: this.clock,
      ...(this.options.lambdaHost ? { lambdaHost: this.options.lambdaHost } : {}),
      ...(this.options.objects ? { objects: this.options.objects } : {}),
    };
    try {
      const definition = this.services.get(service);
      if (!definition) throw serviceMissing(service);
      const output = await runOperation(definition, operation, () => input, ctx, this.options.onCommit);
      return output === undefined || output === null ? {} : (output as Record<string, unknown>);
    } catch (error) {
      if (error instanceof ServiceError) calls.set(error, { service, operation, requestId });
      throw error;
    }
  }
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** `n` random characters from `alphabet`, each equally likely. */
export function randomChars(n: number, alphabet: string = ALNUM): string {
  let out = '';
  while (out.length < n) {
    for (const b of randomBytes(n * 2)) {
      // Reject bytes past the largest multiple of the alphabet's size, so no character is favoured.
      if (b < 256 - (256 % alphabet.length) && out.length < n) out += alphabet[b % alphabet.length];
    }
  }
  return out;
}

/**
 * `{stack}-{logicalId}-{RANDOM}` with a 12-character suffix, as CloudFormation names resources whose template
 * names none. When it would be longer than `maxLength`, the suffix stays whole and the stack name and logical
 * id are cut: the stack name keeps half the room left (more when the logical id needs less), the logical id the rest.
 */
export function generatedName(stackName: string, logicalId: string, maxLength = 255, suffix = randomChars(12)): string {
  const budget = maxLength - suffix.length - 2;
  if (stackName.length + logicalId.length <= budget) return `${stackName}-${logicalId}-${suffix}`;
  const stackKeep = Math.min(stackName.length, Math.max(Math.ceil(budget / 2), budget - logicalId.length));
  const logicalKeep = budget - stackKeep;
  return `${stackName.slice(0, Math.max(0, stackKeep))}-${logicalId.slice(0, Math.max(0, logicalKeep))}-${suffix}`;
}

export interface StackResource {
  scope: Scope;
  stackName: string;
  stackId: string;
  logicalId: string;
}

/** The context a resource type gets for one resource of one stack. */
export function resourceContext(caller: ServiceCaller, resource: StackResource): ResourceContext {
  return {
    scope: resource.scope,
    stackName: resource.stackName,
    stackId: resource.stackId,
    logicalId: resource.logicalId,
    call: (service, operation, input) => caller.call(resource.scope, service, operation, input),
    physicalName: (maxLength) => generatedName(resource.stackName, resource.logicalId, maxLength),
  };
}
