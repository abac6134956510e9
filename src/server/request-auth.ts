/**
 * Who may call the AWS services, checked once for every request before its service sees it (front-door.ts for
 * whole bodies, s3-route.ts for S3's streams). The rules:
 *
 * - A key Gatehouse issued (an IAM user's or the root's access key, an STS session, an instance's role session)
 *   always counts: inactive → the protocol's invalid-token answer; a session whose X-Amz-Security-Token is not
 *   its own → the same; expired → ExpiredToken; signed more than 15 minutes off the server's clock → the
 *   protocol's skew answer; a signature that does not match its secret → SignatureDoesNotMatch /
 *   InvalidSignatureException.
 * - An access key Gatehouse issued and that was deleted since (an `AKIA…` key kept as deleted) → invalid token,
 *   never the default account's root.
 * - Any other key: without `--strict-auth`, accepted unverified as it always was (a 12-digit key is that
 *   account, anything else the default account); with it, only keys whose secret Gatehouse knows count
 *   (`test`/`test`, and the 12-digit account key with secret `gatehouse` that Lambda functions run with),
 *   verified as above, and any other → invalid token; a request with no signature → the protocol's
 *   missing-authentication answer (S3 excepted: an unsigned S3 request is anonymous, for the bucket policy; so
 *   are the operations AWS serves unsigned, the model's `authtype: none`, such as Cognito's InitiateAuth).
 * - The console's own requests under `--strict-auth`: a browser page of this origin (`Sec-Fetch-Site:
 *   same-origin`, which a page cannot forge) naming the `test` key is accepted without a signature, as the
 *   default account's root (the console holds no secret; test/test is public anyway).
 */
import { credentialStatus } from '../services/iam/credentials.js';
import { strictSecret } from '../shared/known-secrets.js';
import { parseAmzDate } from '../shared/sigv4-signing.js';
import { readSignatureInfo, signatureMatches } from '../wire/sigv4-verify.js';
import type { WireRequest } from '../wire/types.js';
import type { App } from './app.js';
import { expiredToken, invalidToken, missingAuthentication, signatureMismatch, SKEW_MS, skewed, type ProtocolFamily } from './auth-errors.js';

/** What the caller of `checkCaller` must still do: S3 verifies its own signatures (with its chunk signing). */
export interface CallerCheck {
  /** The secret the signature must be (or was) verified with; undefined: not verified (any credentials work). */
  secret: string | undefined;
}

/**
 * Throws the protocol's ServiceError when the request's credentials are refused. `unsignedOperation` says
 * whether the request is for an operation AWS serves unsigned (asked only of an unsigned request).
 */
export function checkCaller(app: App, request: WireRequest, family: ProtocolFamily, now: Date, unsignedOperation: () => boolean = () => false): CallerCheck {
  const info = signatureOf(request, family, now);
  const strict = app.resolved.strictAuth;
  if (!info) {
    if (strict && family !== 'rest-xml' && !isConsole(request) && !unsignedOperation()) throw missingAuthentication(family);
    return { secret: undefined };
  }
  const secret = checkKey(app, info.accessKeyId, info.securityToken, family, now);
  if (secret === undefined) return { secret: undefined };
  if (!info.presigned) {
    const signedAt = parseAmzDate(info.amzDate);
    if (signedAt && Math.abs(signedAt.getTime() - now.getTime()) > SKEW_MS) throw skewed(family, info.amzDate, signedAt, now);
  }
  if (family !== 'rest-xml' && !signatureMatches(request, secret, now)) throw signatureMismatch(family);
  return { secret };
}

/**
 * The secret a request signed with `key` must be verified with (undefined: any other key without
 * --strict-auth, taken unverified); throws the family's refusal of the key itself.
 */
function checkKey(app: App, key: string, securityToken: string | undefined, family: ProtocolFamily, now: Date): string | undefined {
  const status = credentialStatus(app.store, key, now);
  if (status.kind === 'unknown') {
    if (!app.resolved.strictAuth) return undefined;
    const secret = strictSecret(key);
    if (secret === undefined) throw invalidToken(family, key, securityToken !== undefined);
    return secret;
  }
  const issued = status.credential;
  const session = issued.SessionToken !== undefined;
  if (status.kind === 'inactive') throw invalidToken(family, key, session);
  if (session && securityToken !== issued.SessionToken) throw invalidToken(family, key, true);
  if (status.kind === 'expired') throw expiredToken(family);
  return issued.SecretAccessKey;
}

/**
 * S3's legacy SigV2 (boto3's default presigned URLs, `Authorization: AWS key:signature`): the key is refused as a
 * SigV4 one would be; the secret to verify a presigned URL with is returned (a SigV2 header signature is not
 * verified: Gatehouse has no SigV2 header verifier).
 */
export function checkSigV2Caller(app: App, request: WireRequest, accessKeyId: string, now: Date): string | undefined {
  const token = request.headers['x-amz-security-token'] ?? new URLSearchParams(request.query).get('x-amz-security-token') ?? undefined;
  return checkKey(app, accessKeyId, token, 'rest-xml', now);
}

/**
 * The request's signature. S3's rules for a presigned query with parts missing (or expired) are S3's
 * (sigv4-verify's answers); to any other service such a query is no signature at all, as it always was.
 */
function signatureOf(request: WireRequest, family: ProtocolFamily, now: Date): ReturnType<typeof readSignatureInfo> {
  if (family === 'rest-xml') return readSignatureInfo(request, now);
  try {
    return readSignatureInfo(request, now);
  } catch {
    return undefined;
  }
}

/** The console's placeholder-signed requests (console-ui/src/aws.ts), from a page of this very origin. */
function isConsole(request: WireRequest): boolean {
  return request.headers['sec-fetch-site'] === 'same-origin' && /^AWS4-HMAC-SHA256 Credential=test\//.test(request.headers['authorization'] ?? '');
}
