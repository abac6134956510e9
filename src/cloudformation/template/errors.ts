/**
 * The two error kinds the template engine raises. CloudFormation answers every template and parameter
 * problem as `ValidationError` (HTTP 400, fault Sender) with the text in `messages.ts`; missing IAM
 * acknowledgements are their own code.
 */
import { ServiceError } from '../../shared/errors.js';

export function templateError(message: string): ServiceError {
  return new ServiceError('ValidationError', message, 400);
}

export function insufficientCapabilities(message: string): ServiceError {
  return new ServiceError('InsufficientCapabilitiesException', message, 400);
}
