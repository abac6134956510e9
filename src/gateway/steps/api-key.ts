/**
 * Step `api-key`: a method with `apiKeyRequired` needs a valid API key (the `x-api-key` header, or an
 * authorizer's `usageIdentifierKey` when the API's apiKeySource is AUTHORIZER) that a usage plan of the stage
 * accepts; anything else is 403 {"message":"Forbidden"} (INVALID_API_KEY, observed). Gatehouse has no API keys
 * or usage plans yet, so no key can be valid: such a method refuses every request, as AWS would refuse a key it
 * does not know, and the record says why (never let through unchecked).
 */
import { forbidden } from '../gateway-error.js';
import { routed, type ExecuteApiRequest } from './request.js';

export function checkApiKey(request: ExecuteApiRequest): void {
  const { routing, served, record, req } = routed(request);
  if (!routing.route.method.apiKeyRequired) return;
  const fromAuthorizer = served.deployment.api.apiKeySource === 'AUTHORIZER';
  const key = fromAuthorizer ? request.usageIdentifierKey : req.headers['x-api-key'];
  const where = fromAuthorizer ? "the authorizer's usageIdentifierKey" : 'the x-api-key header';
  record.apiKey = {
    required: true,
    reason: key === undefined || key === '' ? `the method requires an API key and ${where} carries none` : `the method requires an API key, and the one in ${where} belongs to no usage plan of the stage (Gatehouse has no API keys or usage plans yet, so none can)`,
  };
  throw forbidden();
}
