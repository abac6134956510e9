/**
 * SigV4 signatures checked as S3 checks them, for keys whose secret is known (`knownSecret`; any other key is
 * accepted unverified): the `Authorization` header and presigned URLs (`X-Amz-Signature` in the query). A
 * presigned URL's expiry is checked whatever the key. A verified request yields what its aws-chunked body's
 * chunk signatures chain from (aws-chunked.ts).
 *
 * Every other service's requests (whole bodies) are checked by `signatureMatches`: the canonical URI is the
 * path encoded twice (as every signer but S3's encodes it), the payload hash the body's SHA-256 unless
 * `x-amz-content-sha256` names one.
 */
import { ServiceError } from '../shared/errors.js';
import { amzDate as amzDateText, amzDateOf, canonicalHeaderValue, canonicalQuery, decodeLoose, deriveKey, hmac, parseAmzDate, sameHex, sha256Hex, uriEncode } from '../shared/sigv4-signing.js';

export { deriveKey, hmac, sameHex, sha256Hex, uriEncode } from '../shared/sigv4-signing.js';

export interface SignedRequest {
  method: string;
  /** Percent-encoded, as it arrived (before any virtual-host rewrite). */
  path: string;
  query: string;
  headers: Readonly<Record<string, string | undefined>>;
}

/** What a request's SigV4 signature says, read without verifying it. */
export interface SignatureInfo {
  accessKeyId: string;
  /** `20250101T000000Z` */
  amzDate: string;
  presigned: boolean;
  /** X-Amz-Security-Token, from the header or a presigned query. */
  securityToken: string | undefined;
}

/** The seed of a chunked upload's chained signatures. */
export interface ChunkSigning {
  readonly accessKeyId: string;
  readonly signingKey: Buffer;
  /** `20250101T000000Z` */
  readonly amzDate: string;
  /** `20250101/us-east-1/s3/aws4_request` */
  readonly scope: string;
  readonly seedSignature: string;
}

interface Signature {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
  amzDate: string;
  presigned: boolean;
}

const ALGORITHM = 'AWS4-HMAC-SHA256';
const HEADER_AUTH = /^AWS4-HMAC-SHA256 Credential=([^/,\s]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request,\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]{64})$/;
const MAX_PRESIGNED_EXPIRES = 604800;
/** What a SigV4 presigned URL must carry, all of it (S3's list, in its order). */
const PRESIGNED_PARAMETERS = ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Signature', 'X-Amz-Date', 'X-Amz-SignedHeaders', 'X-Amz-Expires'];
const MISSING_PARAMETERS =
  'Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.';

/** Whether the query carries any part of a SigV4 presigned signature (then it must carry all of it). */
export function isPresignedQuery(query: string): boolean {
  return /(?:^|&)X-Amz-(?:Algorithm|Credential|Signature|SignedHeaders)=/.test(query);
}

/**
 * Checks the request's signature; returns the chunk-signing seed when it was verified (so a streamed body's
 * chunks can be), undefined when there was nothing to verify (unsigned, another algorithm, an unknown key).
 */
export function verifySignature(request: SignedRequest, now: Date, secretOf: (accessKeyId: string) => string | undefined): ChunkSigning | undefined {
  const signature = readSignature(request, now);
  if (!signature) return undefined;
  const secret = secretOf(signature.accessKeyId);
  if (secret === undefined) return undefined;
  const scope = `${signature.date}/${signature.region}/${signature.service}/aws4_request`;
  const signingKey = deriveKey(secret, signature.date, signature.region, signature.service);
  let first: { canonical: string; stringToSign: string } | undefined;
  for (const canonicalUri of canonicalUris(request.path)) {
    const canonical = canonicalRequest(request, signature, canonicalUri, s3Payload(request, signature));
    const stringToSign = `${ALGORITHM}\n${signature.amzDate}\n${scope}\n${sha256Hex(canonical)}`;
    if (sameHex(hmac(signingKey, stringToSign).toString('hex'), signature.signature)) {
      return { accessKeyId: signature.accessKeyId, signingKey, amzDate: signature.amzDate, scope, seedSignature: signature.signature };
    }
    first ??= { canonical, stringToSign };
  }
  throw signatureDoesNotMatch(signature.accessKeyId, first!.stringToSign, signature.signature, first!.canonical);
}

/** The request's SigV4 signature (header or presigned query), undefined when it has none (unsigned, SigV2). */
export function readSignatureInfo(request: SignedRequest, now: Date): SignatureInfo | undefined {
  const signature = readSignature(request, now);
  if (!signature) return undefined;
  const securityToken = signature.presigned ? (new URLSearchParams(request.query).get('X-Amz-Security-Token') ?? undefined) : request.headers['x-amz-security-token'];
  return { accessKeyId: signature.accessKeyId, amzDate: signature.amzDate, presigned: signature.presigned, securityToken };
}

/**
 * Whether a request to a service other than S3 is signed with `secret`: the path encoded twice in the canonical
 * request (the path as sent, encoded again; or decoded and encoded twice, for a client that left a character
 * its signer encoded), the payload the body's SHA-256 unless `x-amz-content-sha256` names one.
 */
export function signatureMatches(request: SignedRequest & { body: Buffer }, secret: string, now: Date): boolean {
  const signature = readSignature(request, now);
  if (!signature) return false;
  const scope = `${signature.date}/${signature.region}/${signature.service}/aws4_request`;
  const signingKey = deriveKey(secret, signature.date, signature.region, signature.service);
  const payload = signature.presigned ? 'UNSIGNED-PAYLOAD' : (request.headers['x-amz-content-sha256'] ?? sha256Hex(request.body));
  const path = request.path === '' ? '/' : request.path;
  const tried = new Set<string>();
  // Most paths need no encoding at all (`/`, `/restapis`): the first form is the only one, built once.
  for (const form of PATH_FORMS) {
    const canonicalUri = form(path);
    if (tried.has(canonicalUri)) continue;
    tried.add(canonicalUri);
    const canonical = canonicalRequest(request, signature, canonicalUri, payload);
    const stringToSign = `${ALGORITHM}\n${signature.amzDate}\n${scope}\n${sha256Hex(canonical)}`;
    if (sameHex(hmac(signingKey, stringToSign).toString('hex'), signature.signature)) return true;
  }
  return false;
}

/** The path as a non-S3 signer puts it in the canonical request: encoded again; decoded and encoded twice; as sent. */
const PATH_FORMS: ReadonlyArray<(path: string) => string> = [
  (path) => (/^[\w/.~-]*$/.test(path) ? path : path.split('/').map((s) => uriEncode(s)).join('/')),
  (path) => path.split('/').map((s) => uriEncode(uriEncode(decodeLoose(s)))).join('/'),
  (path) => path,
];

/**
 * A presigned GET URL for `url` (its own query kept), signed as SigV4 query authentication with `host` the only
 * signed header: the form S3 hands out (Lambda's Code.Location), checked by `verifySignature` like any other.
 */
export function presignGet(url: URL, key: { accessKeyId: string; secret: string }, region: string, service: string, now: Date, expiresSeconds: number): string {
  const amzDate = amzDateText(now);
  const date = amzDate.slice(0, 8);
  const scope = `${date}/${region}/${service}/aws4_request`;
  const query = new URLSearchParams(url.search);
  query.set('X-Amz-Algorithm', ALGORITHM);
  query.set('X-Amz-Credential', `${key.accessKeyId}/${scope}`);
  query.set('X-Amz-Date', amzDate);
  query.set('X-Amz-Expires', String(expiresSeconds));
  query.set('X-Amz-SignedHeaders', 'host');
  const queryText = query.toString();
  const signature: Signature = { accessKeyId: key.accessKeyId, date, region, service, signedHeaders: ['host'], signature: '', amzDate, presigned: true };
  const canonical = canonicalRequest({ method: 'GET', path: url.pathname, query: queryText, headers: { host: url.host } }, signature, url.pathname, 'UNSIGNED-PAYLOAD');
  const stringToSign = `${ALGORITHM}\n${amzDate}\n${scope}\n${sha256Hex(canonical)}`;
  const signed = hmac(deriveKey(key.secret, date, region, service), stringToSign).toString('hex');
  return `${url.origin}${url.pathname}?${queryText}&X-Amz-Signature=${signed}`;
}

/** S3's answer to a signature that does not match, with the elements it adds to say what it signed. */
export function signatureDoesNotMatch(accessKeyId: string, stringToSign: string, provided: string, canonicalRequest?: string): ServiceError {
  const body: Record<string, unknown> = { AWSAccessKeyId: accessKeyId, StringToSign: stringToSign, SignatureProvided: provided, StringToSignBytes: hexBytes(stringToSign) };
  if (canonicalRequest !== undefined) {
    body.CanonicalRequest = canonicalRequest;
    body.CanonicalRequestBytes = hexBytes(canonicalRequest);
  }
  return new ServiceError('SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided. Check your key and signing method.', 403, { body });
}






function readSignature(request: SignedRequest, now: Date): Signature | undefined {
  const auth = request.headers['authorization'];
  if (auth !== undefined) {
    if (!auth.startsWith(`${ALGORITHM} `)) return undefined;
    const m = HEADER_AUTH.exec(auth.trim());
    if (!m) return undefined;
    const amzDate = request.headers['x-amz-date'] ?? amzDateOf(request.headers['date']);
    if (amzDate === undefined) return undefined;
    return { accessKeyId: m[1]!, date: m[2]!, region: m[3]!, service: m[4]!, signedHeaders: m[5]!.split(';'), signature: m[6]!, amzDate, presigned: false };
  }
  if (!isPresignedQuery(request.query)) return undefined;
  // A presigned URL with a part taken away is refused, not read as unsigned: else dropping X-Amz-Algorithm
  // would turn an altered or expired link into one nothing checks.
  const q = new URLSearchParams(request.query);
  if (PRESIGNED_PARAMETERS.some((name) => !q.get(name))) throw new ServiceError('AuthorizationQueryParametersError', MISSING_PARAMETERS, 400);
  if (q.get('X-Amz-Algorithm') !== ALGORITHM) throw new ServiceError('AuthorizationQueryParametersError', 'X-Amz-Algorithm only supports "AWS4-HMAC-SHA256"', 400);
  const credential = q.get('X-Amz-Credential')!.split('/');
  const amzDate = q.get('X-Amz-Date')!;
  const signature = q.get('X-Amz-Signature')!;
  if (credential.length !== 5 || credential[4] !== 'aws4_request' || !/^\d{8}$/.test(credential[1]!)) {
    throw new ServiceError('AuthorizationQueryParametersError', `Error parsing the X-Amz-Credential parameter; the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".`, 400);
  }
  if (parseAmzDate(amzDate) === undefined) {
    throw new ServiceError('AuthorizationQueryParametersError', "X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"", 400);
  }
  checkExpiry(amzDate, q.get('X-Amz-Expires'), now);
  return {
    accessKeyId: credential[0]!,
    date: credential[1]!,
    region: credential[2]!,
    service: credential[3]!,
    signedHeaders: (q.get('X-Amz-SignedHeaders') ?? 'host').split(';'),
    signature,
    amzDate,
    presigned: true,
  };
}

/** A presigned URL past its expiry: S3's AccessDenied with the expiry it read and its own time. */
function checkExpiry(amzDate: string, expiresText: string | null, now: Date): void {
  const signedAt = parseAmzDate(amzDate);
  if (signedAt === undefined || expiresText === null) return;
  const expires = Number(expiresText);
  if (!/^\d+$/.test(expiresText)) throw new ServiceError('AuthorizationQueryParametersError', 'X-Amz-Expires should be a number', 400);
  if (expires > MAX_PRESIGNED_EXPIRES) {
    throw new ServiceError('AuthorizationQueryParametersError', 'X-Amz-Expires must be less than a week (in seconds) that is 604800', 400);
  }
  const expiresAt = new Date(signedAt.getTime() + expires * 1000);
  if (now.getTime() > expiresAt.getTime()) {
    throw new ServiceError('AccessDenied', 'Request has expired', 403, { body: { 'X-Amz-Expires': expiresText, Expires: isoSeconds(expiresAt), ServerTime: isoSeconds(now) } });
  }
}

/** S3's payload hash: what the client says it signed (`x-amz-content-sha256`), else UNSIGNED-PAYLOAD. */
function s3Payload(request: SignedRequest, signature: Signature): string {
  return signature.presigned ? (new URLSearchParams(request.query).get('X-Amz-Content-Sha256') ?? 'UNSIGNED-PAYLOAD') : (request.headers['x-amz-content-sha256'] ?? 'UNSIGNED-PAYLOAD');
}

function canonicalRequest(request: SignedRequest, signature: Signature, canonicalUri: string, payload: string): string {
  const headers = signature.signedHeaders.map((name) => `${name}:${canonicalHeaderValue(request.headers[name] ?? '')}\n`).join('');
  return [request.method, canonicalUri, canonicalQuery(request.query, signature.presigned ? 'X-Amz-Signature' : undefined), headers, signature.signedHeaders.join(';'), payload].join('\n');
}

/**
 * The path S3's signers sign is the key encoded once. Clients put it on the wire encoded the same way, mostly:
 * the path as sent first, then each segment decoded and encoded again with UriEncode (for a client that left
 * a character such as `~` or `!` as it was while its signer encoded it).
 */
function canonicalUris(rawPath: string): string[] {
  const reencoded = rawPath
    .split('/')
    .map((segment) => {
      try {
        return uriEncode(decodeURIComponent(segment));
      } catch {
        return segment;
      }
    })
    .join('/');
  return reencoded === rawPath ? [rawPath] : [rawPath, reencoded];
}






function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function hexBytes(text: string): string {
  return Buffer.from(text, 'utf8').toString('hex').replace(/(..)(?!$)/g, '$1 ');
}
