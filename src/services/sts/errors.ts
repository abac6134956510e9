/** STS's errors with AWS's texts. STS is a query service: its validation errors are `ValidationError`. */
import { ServiceError } from '../../shared/errors.js';

/** Verified: AssumeRole refused (no such role, or its trust policy does not allow the caller). */
export const notAuthorized = (callerArn: string, action: string, resource: string): ServiceError =>
  new ServiceError('AccessDenied', `User: ${callerArn} is not authorized to perform: ${action} on resource: ${resource}`, 403);

/** Verified. */
export const sessionCredentials = (): ServiceError => new ServiceError('AccessDenied', 'Cannot call GetSessionToken with session credentials', 403);

/** Verified (every service's answer to a key it does not know or that was deactivated). */
export const invalidToken = (): ServiceError => new ServiceError('InvalidClientTokenId', 'The security token included in the request is invalid.', 403);

/** Verified (403, as IAM and STS answer it over the query protocol). */
export const expiredToken = (): ServiceError => new ServiceError('ExpiredToken', 'The security token included in the request is expired', 403);

export const validation = (message: string): ServiceError => new ServiceError('ValidationError', message, 400);

/** Verified. */
export const exceedsMaxSession = (): ServiceError => validation('The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
/** Verified. */
export const exceedsChainingLimit = (): ServiceError => validation('The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.');

/** Inferred wording (STS's PackedPolicyTooLarge). */
export const packedPolicyTooLarge = (percent: number): ServiceError =>
  new ServiceError('PackedPolicyTooLarge', `Packed policy consumes ${percent}% of allotted space, please use smaller policy.`, 400);

/** Inferred (STS's MalformedPolicyDocument for a session policy). */
export const malformedPolicy = (message: string): ServiceError => new ServiceError('MalformedPolicyDocument', message, 400);
