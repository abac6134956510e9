/** The CloudFormation stack engine, built over Gatehouse's own services (loaded with them, after listen). */
import { resourceType } from '../cloudformation/resources/registry.js';
import { ServiceCaller } from '../cloudformation/resources/service-caller.js';
import { StackEngine } from '../cloudformation/stacks/engine.js';
import { stackEnvironment } from '../cloudformation/stacks/environment.js';
import type { LambdaHost } from '../services/lambda/host.js';
import type { CommitListener } from '../services/operation-runner.js';
import type { ServiceDefinition } from '../services/types.js';
import { systemClock } from '../shared/clock.js';
import type { BlobStore } from '../store/blob-store.js';
import type { Store } from '../store/store.js';
import type { Logger } from './logger.js';

export function createStackEngine(deps: { store: Store; services: readonly ServiceDefinition[]; lambdaHost: LambdaHost; objects?: BlobStore; onCommit: CommitListener; logger: Logger }): StackEngine {
  const caller = new ServiceCaller({ store: deps.store, clock: systemClock, lambdaHost: deps.lambdaHost, ...(deps.objects ? { objects: deps.objects } : {}), onCommit: deps.onCommit, services: deps.services });
  const engine = new StackEngine({
    store: deps.store,
    clock: systemClock,
    caller,
    resourceType,
    environment: (scope, stack) => stackEnvironment({ store: deps.store, clock: systemClock, services: () => deps.services }, scope, stack),
    onUnexpectedError: (error) => deps.logger.error({ err: error }, 'stack operation failed'),
  });
  engine.recover();
  return engine;
}
