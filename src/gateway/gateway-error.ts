/**
 * Data-plane failures, one per API Gateway gateway response type, with the status, `x-amzn-ErrorType` and
 * body bytes AWS sends by default (docs/aws-facts.md §2.7, §3, §4). The body keeps AWS's quirks: `Message` with a
 * capital M for resource-policy denials, a space after the colon in the 5xx integration bodies.
 */

export type GatewayResponseType =
  | 'MISSING_AUTHENTICATION_TOKEN'
  | 'INVALID_SIGNATURE'
  | 'EXPIRED_TOKEN'
  | 'ACCESS_DENIED'
  | 'UNAUTHORIZED'
  | 'THROTTLED'
  | 'AUTHORIZER_CONFIGURATION_ERROR'
  | 'FORBIDDEN'
  | 'INTEGRATION_FAILURE'
  | 'INTEGRATION_TIMEOUT'
  | 'API_CONFIGURATION_ERROR'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'BAD_REQUEST_BODY'
  | 'DEFAULT_5XX';

export class GatewayError extends Error {
  constructor(
    readonly type: GatewayResponseType,
    readonly status: number,
    readonly errorType: string,
    readonly body: string,
  ) {
    // Hot path: a GatewayError is an answer, not a fault, and some are made for requests that succeed (the
    // refusal an unsigned request would meet on an AWS_IAM method); capturing a stack cost ~11 % of a cached
    // Lambda authorizer's request in process (bench/dataplane (e)). No stack is captured.
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(body);
    Error.stackTraceLimit = limit;
    this.name = 'GatewayError';
  }
}

/** Unknown API or stage, a public API through an endpoint: 403 {"message":"Forbidden"}. */
export const forbidden = (): GatewayError => new GatewayError('FORBIDDEN', 403, 'ForbiddenException', '{"message":"Forbidden"}');

/** No resource or no method for the request: 403 {"message":"Missing Authentication Token"}. */
export const missingAuthenticationToken = (): GatewayError =>
  new GatewayError('MISSING_AUTHENTICATION_TOKEN', 403, 'MissingAuthenticationTokenException', '{"message":"Missing Authentication Token"}');

/** The account in the ARN is masked to its last four digits, as AWS shows it. */
export function maskAccount(arn: string): string {
  const parts = arn.split(':');
  const account = parts[4];
  if (account === undefined || account.length < 4) return arn;
  parts[4] = `********${account.slice(-4)}`;
  return parts.join(':');
}

/** A resource-policy denial for an anonymous caller; ` with an explicit deny` when a Deny statement decided. */
export function accessDenied(resourceArn: string, explicit: boolean, caller = 'anonymous'): GatewayError {
  const message = `User: ${caller} is not authorized to perform: execute-api:Invoke on resource: ${maskAccount(resourceArn)}${explicit ? ' with an explicit deny' : ''}`;
  return new GatewayError('ACCESS_DENIED', 403, 'AccessDeniedException', JSON.stringify({ Message: message }));
}

/** 502 for a malformed Lambda proxy answer or a function error; 500 for configuration errors. */
export const internalServerError = (status: 500 | 502): GatewayError =>
  new GatewayError(status === 502 ? 'INTEGRATION_FAILURE' : 'API_CONFIGURATION_ERROR', status, 'InternalServerErrorException', '{"message": "Internal server error"}');

export const endpointTimedOut = (): GatewayError => new GatewayError('INTEGRATION_TIMEOUT', 504, 'InternalServerErrorException', '{"message": "Endpoint request timed out"}');

/** A missing or invalid token or identity source (Lambda and Cognito authorizers): 401 {"message":"Unauthorized"}. */
export const unauthorized = (): GatewayError => new GatewayError('UNAUTHORIZED', 401, 'UnauthorizedException', '{"message":"Unauthorized"}');

/**
 * A Lambda authorizer that could not be called, failed, or answered something that is not an authorizer's output:
 * 500 with a null message (public captures), whatever the cause; the execution log (the request record) says which.
 */
export const authorizerConfigurationError = (): GatewayError =>
  new GatewayError('AUTHORIZER_CONFIGURATION_ERROR', 500, 'AuthorizerConfigurationException', '{"message":null}');

/** The policy a Lambda authorizer returned does not allow the method (docs/aws-facts.md §2.7): `Message`, capital M. */
export function authorizerDenied(explicit: boolean): GatewayError {
  const message = `User is not authorized to access this resource${explicit ? ' with an explicit deny' : ''}`;
  return new GatewayError('ACCESS_DENIED', 403, 'AccessDeniedException', JSON.stringify({ Message: message }));
}
