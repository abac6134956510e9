/**
 * For the resource types' tests: a real in-memory store, a Lambda host that runs functions, a ServiceCaller
 * that records what it told the commit listener, and the context of one resource of a stack.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { FunctionLogs } from '../../server/function-logs.js';
import { LocalLambdaHost } from '../../server/lambda-host.js';
import type { Scope } from '../../shared/accounts.js';
import { SERVICES } from '../../services/registry.js';
import { BlobStore } from '../../store/blob-store.js';
import { openSqliteStore } from '../../store/sqlite/sqlite-store.js';
import type { Store } from '../../store/store.js';
import { ServiceCaller, resourceContext } from './service-caller.js';
import type { Provisioned, ResourceContext, ResourceType, ServiceName } from './types.js';

export const SCOPE: Scope = { account: '123456789012', region: 'us-east-1' };
export const STACK = 'private-api-tutorial';
export const STACK_ID = `arn:aws:cloudformation:us-east-1:123456789012:stack/${STACK}/5b4f6c70-0b1a-11ef-9c8e-0a1b2c3d4e5f`;

export interface Fixture {
  store: Store;
  host: LocalLambdaHost;
  caller: ServiceCaller;
  /** `[service, operation]` of every commit the listener heard, in order. */
  commits: Array<[string, string]>;
  /** The context for resource `logicalId` of the test stack. */
  ctx(logicalId: string): ResourceContext;
  /** A service call as a client would make it, to read back what a resource type did. */
  api(service: ServiceName, operation: string, input: Record<string, unknown>): Promise<Record<string, unknown>>;
  /** Creates one resource of the stack. */
  create(type: ResourceType, logicalId: string, properties: Record<string, unknown>): Promise<Provisioned>;
  dispose(): void;
}

export function openFixture(): Fixture {
  const store = openSqliteStore(':memory:');
  const root = mkdtempSync(join(tmpdir(), 'gatehouse-cfn-resources-'));
  const host = new LocalLambdaHost({ root, endpointUrl: () => 'http://127.0.0.1:1', logger: pino({ level: 'silent' }), logs: new FunctionLogs() });
  const objects = BlobStore.temporary();
  const commits: Array<[string, string]> = [];
  const caller = new ServiceCaller({
    store,
    services: SERVICES,
    lambdaHost: host,
    objects,
    onCommit: (service, operation, ctx) => {
      commits.push([service, operation]);
      // As the server's listener does: the Lambda host forgets what it read before a Lambda change.
      if (service === 'lambda' && !/^(Get|List)/.test(operation)) ctx.lambdaHost?.changed();
    },
  });
  const ctx = (logicalId: string) => resourceContext(caller, { scope: SCOPE, stackName: STACK, stackId: STACK_ID, logicalId });
  return {
    store,
    host,
    caller,
    commits,
    ctx,
    api: (service, operation, input) => caller.call(SCOPE, service, operation, input),
    create: (type, logicalId, properties) => type.create(properties, ctx(logicalId)),
    dispose: () => {
      host.dispose();
      objects.dispose();
      store.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
