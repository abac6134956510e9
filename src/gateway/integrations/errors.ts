/**
 * The gateway responses integrations answer with beyond gateway-error.ts's, and the reason Gatehouse gives
 * for a failure. AWS writes the reason to the execution log only; Gatehouse puts it on the error (its
 * `cause`), where the pipeline records it for `gatehouse explain` and the request log.
 */
import { GatewayError, internalServerError } from '../gateway-error.js';

/** The error with why it happened, in the words of AWS's execution log where it has some. */
export function because<E extends GatewayError>(error: E, reason: string): E {
  error.cause = reason;
  return error;
}

/** The integration is set up wrong (AWS logs "Execution failed due to configuration error: ..."): 500. */
export const configurationError = (reason: string): GatewayError => because(internalServerError(500), `Execution failed due to configuration error: ${reason}`);

/** The backend could not be reached: 504 with the integration-failure body (docs/aws-facts.md §3.3). */
export const networkError = (reason: string): GatewayError =>
  because(new GatewayError('INTEGRATION_FAILURE', 504, 'InternalServerErrorException', '{"message": "Network error communicating with endpoint"}'), reason);

/** A content type without a mapping template where passthroughBehavior forbids passing it through: 415. */
export const unsupportedMediaType = (reason: string): GatewayError =>
  because(new GatewayError('UNSUPPORTED_MEDIA_TYPE', 415, 'UnsupportedMediaTypeException', '{"message":"Unsupported Media Type"}'), reason);

/** A request template read a body that is not JSON as JSON: 400. */
export const unparsableBody = (detail: string): GatewayError => {
  const message = `Could not parse request body into json: ${detail}`;
  return because(new GatewayError('BAD_REQUEST_BODY', 400, 'BadRequestException', `{"message": ${JSON.stringify(message)}}`), message);
};
