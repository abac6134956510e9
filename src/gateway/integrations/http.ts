/** HTTP and HTTP_PROXY integrations. Not yet served: API Gateway's answer for an integration it cannot call. */
import { internalServerError } from '../gateway-error.js';
import type { IntegrationHandler } from './registry.js';

export const httpIntegration: IntegrationHandler = async () => {
  throw internalServerError(500);
};
