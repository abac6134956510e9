/**
 * AWS (non-proxy) integrations. Lambda (`arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/{arn}/invocations`)
 * is served: the request template's output (or the body passed through) is the function's event, the
 * function is invoked as API Gateway, and its result is the integration response. A function error's
 * `errorMessage` is what selectionPatterns match (developer guide, "Handle Lambda errors in API Gateway";
 * recorded: test_lambda_selection_patterns); without a match the default response answers, with the error
 * as its body and 200 unless it says otherwise. A successful result has no error message: only a pattern
 * that matches the empty string (`.*`) can select a response for it. Other AWS services are not served.
 */
import { internalServerError } from '../gateway-error.js';
import type { Answer } from '../invocation.js';
import { compileIntegration, selectResponse } from './compiled.js';
import { because, configurationError } from './errors.js';
import { Exchange } from './exchange.js';
import { callLambda, functionArnOfUri } from './lambda-proxy.js';
import { methodResponse } from './method-response.js';
import type { IntegrationHandler } from './registry.js';
import { integrationRequestBody } from './request-body.js';
import { withStageVariables } from './uri.js';

const SERVICE = /^arn:aws[a-z-]*:apigateway:[a-z0-9-]+:([a-z0-9.-]+):/;

export const awsIntegration: IntegrationHandler = async (inv, integration, deps): Promise<Answer> => {
  const uri = withStageVariables(integration.uri ?? '', inv.served.stage.variables);
  const functionArn = functionArnOfUri(uri);
  if (!functionArn) {
    const service = SERVICE.exec(uri)?.[1] ?? 'unknown';
    throw because(internalServerError(500), `Gatehouse serves AWS integrations with Lambda only; ${service} (${uri}) is not supported`);
  }
  if (integration.httpMethod !== 'POST') throw configurationError(`Lambda is invoked with POST; the integration's httpMethod is ${integration.httpMethod ?? 'not set'}`);
  const compiled = compileIntegration(integration);
  const exchange = new Exchange(inv);
  const request = integrationRequestBody(integration, compiled, exchange);
  let payload = request.body.toString('utf8');
  if (payload.trim() === '') payload = '{}';
  try {
    JSON.parse(payload);
  } catch (error) {
    // Lambda refuses an event that is not JSON (InvalidRequestContentException).
    throw because(internalServerError(502), `Lambda refused the event: Could not parse request body into json: ${(error as Error).message}`);
  }
  const result = await callLambda(inv, deps.invokeLambda, functionArn, payload, integration.timeoutInMillis);
  const failed = result.kind === 'error';
  const errorMessage = failed ? errorMessageOf(result.payload) : '';
  const chosen = selectResponse(compiled.responses, errorMessage);
  if (!chosen) {
    throw configurationError(failed ? `No match for output mapping and no default output mapping configured for the Lambda error: ${errorMessage}` : 'No match for output mapping and no default output mapping configured. Endpoint Response Status Code: 200');
  }
  const headers = ['Content-Type', 'application/json', ...(failed ? ['X-Amz-Function-Error', 'Unhandled'] : [])];
  return methodResponse(exchange, { chosen, result: { headers, body: result.payload, deserializeErrorMessage: failed }, bodyBytes: Buffer.from(result.payload), traced: true });
};

function errorMessageOf(payload: string): string {
  try {
    const parsed = JSON.parse(payload) as unknown;
    const message = typeof parsed === 'object' && parsed !== null ? (parsed as { errorMessage?: unknown }).errorMessage : undefined;
    return typeof message === 'string' ? message : '';
  } catch {
    return '';
  }
}
