/**
 * The execute-api pipeline's steps, in the order API Gateway takes them (DESIGN.md, "The execute-api pipeline
 * is an ordered list of named steps"). A step throws a GatewayError to answer with AWS's gateway response;
 * `integration` writes the answer. Synchronous steps are not awaited (the hot path pays no promise for them).
 */
import { checkApiKey } from './api-key.js';
import { authorize } from './authorization.js';
import type { StepDeps } from './deps.js';
import { checkEndpointPolicy } from './endpoint-policy.js';
import { integrate } from './integration.js';
import type { ExecuteApiRequest } from './request.js';
import { resolveStage } from './resolve.js';
import { routeRequest } from './route.js';
import { throttle } from './throttle.js';

export type Step = (request: ExecuteApiRequest, deps: StepDeps) => void | Promise<void>;

export const STEPS: ReadonlyArray<readonly [name: string, step: Step]> = [
  ['resolve', resolveStage],
  ['route', routeRequest],
  ['endpoint-policy', checkEndpointPolicy],
  ['authorization', authorize],
  ['api-key', checkApiKey],
  ['throttle', throttle],
  ['integration', integrate],
];
