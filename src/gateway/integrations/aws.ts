/** AWS (non-proxy) integrations. Not yet served: API Gateway's answer for an integration it cannot call. */
import { internalServerError } from '../gateway-error.js';
import type { IntegrationHandler } from './registry.js';

export const awsIntegration: IntegrationHandler = async () => {
  throw internalServerError(500);
};
