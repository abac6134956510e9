/**
 * Lambda's errors with its exact bodies: the key is `Message` for ResourceNotFoundException and `message`
 * for the others, with `"Type":"User"` on the modelled ones; the framework's ValidationException has no Type.
 */
import { ServiceError } from '../../shared/errors.js';

const user = (code: string, status: number, key: 'message' | 'Message', message: string, extra: Record<string, unknown> = {}): ServiceError =>
  new ServiceError(code, message, status, { body: { ...extra, Type: 'User', [key]: message } });

export const resourceNotFound = (message: string): ServiceError => user('ResourceNotFoundException', 404, 'Message', message);
export const functionNotFound = (arn: string): ServiceError => resourceNotFound(`Function not found: ${arn}`);
export const resourceConflict = (message: string): ServiceError => user('ResourceConflictException', 409, 'message', message);
export const invalidParameter = (message: string): ServiceError => user('InvalidParameterValueException', 400, 'message', message);
export const preconditionFailed = (message: string): ServiceError => user('PreconditionFailedException', 412, 'message', message);
export const tooManyRequests = (reason: string): ServiceError =>
  user('TooManyRequestsException', 429, 'message', 'Rate Exceeded.', { Reason: reason });
export const requestTooLarge = (message: string): ServiceError => new ServiceError('RequestEntityTooLargeException', message, 413, { body: { Message: message } });
export const invalidRequestContent = (message: string): ServiceError => user('InvalidRequestContentException', 400, 'message', message);
