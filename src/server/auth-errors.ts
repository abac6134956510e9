/**
 * How each AWS protocol family refuses credentials, with AWS's codes, statuses and texts. "Verified": quoted
 * from AWS's answers in client issue threads (STS/IAM over query, DynamoDB, Cognito and Lambda over JSON, EC2);
 * "inferred": the same exception another family of the same kind answers.
 */
import { ServiceError } from '../shared/errors.js';

export type ProtocolFamily = 'query' | 'ec2' | 'json' | 'rest-json' | 'rest-xml';

const INVALID_TOKEN = 'The security token included in the request is invalid.';
const EXPIRED_TOKEN = 'The security token included in the request is expired';
const SIGNATURE_MISMATCH = 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';
const EC2_AUTH_FAILURE = 'AWS was not able to validate the provided access credentials';

/** A key AWS does not know (never issued, deactivated, deleted), or a session token that is not the key's. */
export function invalidToken(family: ProtocolFamily, accessKeyId: string, sessionToken: boolean): ServiceError {
  switch (family) {
    case 'query':
      return new ServiceError('InvalidClientTokenId', INVALID_TOKEN, 403); // verified
    case 'ec2':
      return new ServiceError('AuthFailure', EC2_AUTH_FAILURE, 401); // verified
    case 'json':
      return new ServiceError('UnrecognizedClientException', INVALID_TOKEN, 400); // verified (DynamoDB, Cognito)
    case 'rest-json':
      return new ServiceError('UnrecognizedClientException', INVALID_TOKEN, 403); // verified (Lambda)
    case 'rest-xml':
      // S3: a session token it cannot read, or a key it has no record of. Verified.
      if (sessionToken) return new ServiceError('InvalidToken', 'The provided token is malformed or otherwise invalid.', 400);
      return new ServiceError('InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.', 403, { body: { AWSAccessKeyId: accessKeyId } });
  }
}

/** An STS session past its Expiration. */
export function expiredToken(family: ProtocolFamily): ServiceError {
  switch (family) {
    case 'query':
      return new ServiceError('ExpiredToken', EXPIRED_TOKEN, 403); // verified (STS, IAM)
    case 'ec2':
      return new ServiceError('RequestExpired', 'Request has expired.', 400); // verified
    case 'json':
      return new ServiceError('ExpiredTokenException', EXPIRED_TOKEN, 400); // verified (DynamoDB)
    case 'rest-json':
      return new ServiceError('ExpiredTokenException', EXPIRED_TOKEN, 403); // inferred
    case 'rest-xml':
      return new ServiceError('ExpiredToken', 'The provided token has expired.', 400); // verified
  }
}

/** A signature that does not match the key's secret (S3's own answer, with what it signed, is sigv4-verify's). */
export function signatureMismatch(family: Exclude<ProtocolFamily, 'rest-xml'>): ServiceError {
  switch (family) {
    case 'query':
      return new ServiceError('SignatureDoesNotMatch', SIGNATURE_MISMATCH, 403); // verified
    case 'ec2':
      return new ServiceError('AuthFailure', EC2_AUTH_FAILURE, 401); // verified
    case 'json':
      return new ServiceError('InvalidSignatureException', SIGNATURE_MISMATCH, 400); // verified
    case 'rest-json':
      return new ServiceError('InvalidSignatureException', SIGNATURE_MISMATCH, 403); // verified (API Gateway, Lambda)
  }
}

/**
 * A request signed more than 15 minutes before or after the server's clock: "Signature expired: {signed} is now
 * earlier than {now - 15 min} ({now} - 15 min.)" (verified), or "not yet current" for one from the future.
 */
export function skewed(family: ProtocolFamily, amzDate: string, signedAt: Date, now: Date): ServiceError {
  const late = signedAt.getTime() < now.getTime();
  const bound = amzDateOf(new Date(now.getTime() + (late ? -1 : 1) * SKEW_MS));
  const message = late
    ? `Signature expired: ${amzDate} is now earlier than ${bound} (${amzDateOf(now)} - 15 min.)`
    : `Signature not yet current: ${amzDate} is still later than ${bound} (${amzDateOf(now)} + 15 min.)`;
  switch (family) {
    case 'query':
      return new ServiceError('SignatureDoesNotMatch', message, 403);
    case 'ec2':
      return new ServiceError('RequestExpired', `Request has expired. Timestamp date is ${amzDate}`, 400); // inferred
    case 'json':
      return new ServiceError('InvalidSignatureException', message, 400);
    case 'rest-json':
      return new ServiceError('InvalidSignatureException', message, 403);
    case 'rest-xml':
      // Verified: S3's own answer, with both times and the allowed skew.
      return new ServiceError('RequestTimeTooSkewed', 'The difference between the request time and the current time is too large.', 403, {
        body: { RequestTime: amzDate, ServerTime: now.toISOString().replace(/\.\d{3}Z$/, 'Z'), MaxAllowedSkewMilliseconds: String(SKEW_MS) },
      });
  }
}

/** `--strict-auth`: a request with no SigV4 signature at all. */
export function missingAuthentication(family: Exclude<ProtocolFamily, 'rest-xml'>): ServiceError {
  switch (family) {
    case 'query':
    case 'ec2':
      return new ServiceError('MissingAuthenticationToken', 'Request is missing Authentication Token', 403); // verified (STS)
    case 'json':
      return new ServiceError('MissingAuthenticationTokenException', 'Missing Authentication Token', 400); // inferred
    case 'rest-json':
      return new ServiceError('MissingAuthenticationTokenException', 'Missing Authentication Token', 403); // verified (API Gateway)
  }
}

export const SKEW_MS = 15 * 60 * 1000;

const amzDateOf = (date: Date): string => date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
