/**
 * Who signed an execute-api request: SigV4 checked as API Gateway checks it (the `Authorization` header or the
 * query form, a session token in `X-Amz-Security-Token`, the signing time within 5 minutes, a credential scoped
 * to `execute-api` in the API's region, the payload hash computed from the body). The answer is anonymous (no
 * signature, or an `Authorization` that is not SigV4 such as a bearer token), a caller, or a refusal worded as
 * AWS words it (docs/notes/iam-callers.md lists the sources). Which keys verify comes from a CallerDirectory the
 * server hands in: keys it knows are checked against their secret; any other key is the root of its account,
 * unverified (Gatehouse's "any credentials work" rule), unless strictAuth refuses it as AWS refuses an unknown key.
 */
import { accountForAccessKey } from '../shared/accounts.js';
import {
  amzDate as amzDateText,
  amzDateOf,
  canonicalHeaderValue,
  canonicalQuery,
  deriveKey,
  hmac,
  parseAmzDate,
  sameHex,
  sha256Hex,
  SIGV4_ALGORITHM,
  uriEncode,
} from '../shared/sigv4-signing.js';
import type { PolicyDocument } from '../policy/document.js';
import { GatewayError } from './gateway-error.js';

/** An IAM identity as execute-api reports it. */
export interface CallerIdentity {
  kind: 'root' | 'user' | 'assumed-role';
  /** `arn:aws:iam::A:root`, `arn:aws:iam::A:user/path/name`, `arn:aws:sts::A:assumed-role/R/session`. */
  arn: string;
  account: string;
  /** The principal id: the account (root), `AIDA…` (user), `AROA…:session` (role session). */
  userId: string;
  /** The role's ARN with its path for a role session (policies naming the role match it); else `arn`. */
  principalArn: string;
  /** IAM users only (`aws:username`). */
  userName?: string;
}

/** A credential whose secret is known, so its signatures can be verified. */
export interface KnownCredential {
  secret: string;
  /** Temporary credentials only: the token the request must carry. */
  sessionToken?: string;
  /** Temporary credentials only: epoch milliseconds. */
  expiration?: number;
  /** An access key made Inactive is refused as an unknown one. */
  active: boolean;
  identity: CallerIdentity;
}

/** An identity-based policy with where it came from (`inline:{name}` or the managed policy's ARN). */
export interface IdentityPolicy {
  source: string;
  document: PolicyDocument;
}

/**
 * What the gateway asks the server about callers (implemented in server/iam-callers.ts from IAM's state; the
 * gateway never reads services).
 */
export interface CallerDirectory {
  /** The key's credential when Gatehouse knows its secret (`test`, keys IAM and STS issued); else undefined. */
  credential(accessKeyId: string): KnownCredential | undefined;
  /** The identity-based policies that apply to the identity (none for a root). */
  identityPolicies(identity: CallerIdentity): readonly IdentityPolicy[];
  /** Attached AWS managed policies, whose documents Gatehouse does not have (they are named in explanations). */
  unknownPolicies?(identity: CallerIdentity): readonly string[];
}

export interface SigV4Options {
  directory: CallerDirectory;
  /** The account of a key Gatehouse does not know (accountForAccessKey's default). */
  defaultAccount: string;
  /** Refuse keys Gatehouse does not know, as AWS refuses them (default: accept them unverified as their account's root). */
  strictAuth?: boolean;
}

/** The request as it arrived. */
export interface SignedRequest {
  method: string;
  /** The request target as sent (path and query, percent-encoded), before any prefix was stripped. */
  url: string;
  /** Node's header map (lower-case names). */
  headers: Readonly<Record<string, string | string[] | undefined>>;
  body: Buffer;
}

export interface SignedCaller {
  accessKeyId: string;
  identity: CallerIdentity;
  /** False for a key Gatehouse does not know (accepted as its account's root, the signature unchecked). */
  verified: boolean;
}

export type SigV4Outcome =
  /** No signature, or an `Authorization` that is not SigV4: anonymous, but an AWS_IAM method refuses it with `refusal`. */
  | { kind: 'anonymous'; refusal: GatewayError }
  | { kind: 'caller'; caller: SignedCaller }
  /** A SigV4 signature that does not hold: refused on AWS_IAM methods and through a VPC endpoint. */
  | { kind: 'refused'; refusal: GatewayError };

/** How far the signing time may be from the server's (API Gateway: "… - 5 min."). */
const SKEW_MS = 5 * 60 * 1000;
const SERVICE = 'execute-api';
const MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

const refusal = (type: 'INVALID_SIGNATURE' | 'EXPIRED_TOKEN' | 'MISSING_AUTHENTICATION_TOKEN', errorType: string, message: string): GatewayError =>
  new GatewayError(type, 403, errorType, JSON.stringify({ message }));

/** No signature on an AWS_IAM method. */
export const missingToken = (): GatewayError => refusal('MISSING_AUTHENTICATION_TOKEN', 'MissingAuthenticationTokenException', 'Missing Authentication Token');
const incomplete = (message: string): GatewayError => refusal('INVALID_SIGNATURE', 'IncompleteSignatureException', message);
const invalidSignature = (message: string): GatewayError => refusal('INVALID_SIGNATURE', 'InvalidSignatureException', message);
const invalidToken = (): GatewayError => refusal('INVALID_SIGNATURE', 'UnrecognizedClientException', 'The security token included in the request is invalid.');
const expiredToken = (): GatewayError => refusal('EXPIRED_TOKEN', 'ExpiredTokenException', 'The security token included in the request is expired');

const ANONYMOUS: SigV4Outcome = { kind: 'anonymous', refusal: missingToken() };

/** The parts of a signature, from the header or the query. */
interface Parsed {
  accessKeyId: string;
  scope: string[];
  signedHeaders: string[];
  signature: string;
  amzDate: string;
  sessionToken: string | undefined;
  presigned: boolean;
  expires: number | undefined;
}

// Hot path: a signing key is derived once per (secret, day, region, service), not per request (bench/iam-caller: 9-15 µs CPU per verification, GET to presigned).
const signingKeys = new Map<string, Buffer>();

function signingKey(secret: string, date: string, region: string): Buffer {
  const id = `${secret}\u0000${date}\u0000${region}`;
  let key = signingKeys.get(id);
  if (!key) {
    key = deriveKey(secret, date, region, SERVICE);
    if (signingKeys.size >= 1000) signingKeys.clear();
    signingKeys.set(id, key);
  }
  return key;
}

const first = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v.join(',') : v);

/**
 * Authenticates a request to an API in `region` at `now`. Never throws: a refusal is returned, so the pipeline
 * decides whether it matters (an AWS_IAM method, a VPC endpoint) or not (a NONE method on a public API).
 */
export function authenticate(request: SignedRequest, region: string, now: Date, options: SigV4Options): SigV4Outcome {
  const q = request.url.indexOf('?');
  const query = q < 0 ? '' : request.url.slice(q + 1);
  const auth = first(request.headers['authorization']);
  let parsed: Parsed | GatewayError | undefined;
  if (auth !== undefined) parsed = parseHeader(auth, request.headers);
  else if (query !== '' && (query.includes('X-Amz-Signature=') || query.includes('X-Amz-Credential=') || query.includes('X-Amz-Algorithm='))) parsed = parseQuery(query);
  if (parsed === undefined) return ANONYMOUS;
  if (parsed instanceof GatewayError) return auth !== undefined && !isSigV4Header(auth) ? { kind: 'anonymous', refusal: parsed } : { kind: 'refused', refusal: parsed };
  const scopeError = checkScope(parsed, region, now);
  if (scopeError) return { kind: 'refused', refusal: scopeError };
  const credential = options.directory.credential(parsed.accessKeyId);
  if (!credential) {
    if (options.strictAuth) return { kind: 'refused', refusal: invalidToken() };
    const account = accountForAccessKey(parsed.accessKeyId, options.defaultAccount);
    return { kind: 'caller', caller: { accessKeyId: parsed.accessKeyId, identity: rootIdentity(account), verified: false } };
  }
  if (!credential.active || credential.sessionToken !== parsed.sessionToken) return { kind: 'refused', refusal: invalidToken() };
  if (credential.expiration !== undefined && credential.expiration <= now.getTime()) return { kind: 'refused', refusal: expiredToken() };
  const path = q < 0 ? request.url : request.url.slice(0, q);
  const mismatch = checkSignature(request, path, query, parsed, credential.secret);
  if (mismatch) return { kind: 'refused', refusal: mismatch };
  return { kind: 'caller', caller: { accessKeyId: parsed.accessKeyId, identity: credential.identity, verified: true } };
}

/** An account's root as a caller (the default `test` key, and any key Gatehouse does not know). */
export function rootIdentity(account: string): CallerIdentity {
  const arn = `arn:aws:iam::${account}:root`;
  return { kind: 'root', arn, account, userId: account, principalArn: arn };
}

export const isSigV4Header = (auth: string): boolean => auth.startsWith(`${SIGV4_ALGORITHM} `) || auth === SIGV4_ALGORITHM;

/**
 * The `Authorization` header read as API Gateway reads any: an algorithm, then `key=value` pairs separated by
 * commas. Its complaints are AWS's, in its order (a pair without `=` first, then each missing part, then the
 * date), followed by the header itself.
 */
function parseHeader(auth: string, headers: SignedRequest['headers']): Parsed | GatewayError {
  const trimmed = auth.trim();
  const space = trimmed.search(/\s/);
  const algorithm = space < 0 ? trimmed : trimmed.slice(0, space);
  const rest = space < 0 ? '' : trimmed.slice(space + 1);
  const pairs = new Map<string, string>();
  for (const raw of rest.split(',')) {
    const part = raw.trim();
    if (part === '') continue;
    const eq = part.indexOf('=');
    if (eq < 0) return incomplete(`'${part}' not a valid key=value pair (missing equal-sign) in Authorization header: '${auth}'.`);
    pairs.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const amzDate = first(headers['x-amz-date']) ?? amzDateOf(first(headers['date']));
  const missing: string[] = [];
  for (const name of ['Credential', 'Signature', 'SignedHeaders']) if (!pairs.get(name)) missing.push(`Authorization header requires '${name}' parameter.`);
  if (first(headers['x-amz-date']) === undefined && first(headers['date']) === undefined) missing.push("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
  if (missing.length > 0) return incomplete(`${missing.join(' ')} Authorization=${auth}`);
  if (algorithm !== SIGV4_ALGORITHM) return incomplete(`Unsupported Authorization Type: '${algorithm}'.`);
  if (amzDate === undefined) return incomplete("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
  return {
    ...splitCredential(pairs.get('Credential')!),
    signedHeaders: pairs.get('SignedHeaders')!.split(';'),
    signature: pairs.get('Signature')!,
    amzDate,
    sessionToken: first(headers['x-amz-security-token']),
    presigned: false,
    expires: undefined,
  };
}

/** `AKID/20261206/us-east-1/execute-api/aws4_request`: the key, and the scope's parts. */
function splitCredential(credential: string): { accessKeyId: string; scope: string[] } {
  const slash = credential.indexOf('/');
  return slash < 0 ? { accessKeyId: credential, scope: [] } : { accessKeyId: credential.slice(0, slash), scope: credential.slice(slash + 1).split('/') };
}

const QUERY_PARTS = ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Signature', 'X-Amz-SignedHeaders', 'X-Amz-Date'];

/** The query form (a presigned URL): every part present, or AWS's list of the missing ones. */
function parseQuery(query: string): Parsed | GatewayError {
  const q = new URLSearchParams(query);
  const missing = QUERY_PARTS.filter((name) => !q.get(name));
  if (missing.length > 0) return incomplete(`${missing.map((name) => `AWS query-string parameters must include '${name}'.`).join(' ')} Re-examine the query-string parameters.`);
  const algorithm = q.get('X-Amz-Algorithm')!;
  if (algorithm !== SIGV4_ALGORITHM) return incomplete(`Unsupported AWS 'algorithm': '${algorithm}'.`);
  const expires = q.get('X-Amz-Expires');
  return {
    ...splitCredential(q.get('X-Amz-Credential')!),
    signedHeaders: q.get('X-Amz-SignedHeaders')!.split(';'),
    signature: q.get('X-Amz-Signature')!,
    amzDate: q.get('X-Amz-Date')!,
    sessionToken: q.get('X-Amz-Security-Token') ?? undefined,
    presigned: true,
    expires: expires !== null && /^\d+$/.test(expires) ? Number(expires) : undefined,
  };
}

/** The credential scope (`date/region/execute-api/aws4_request`) and the signing time. */
function checkScope(parsed: Parsed, region: string, now: Date): GatewayError | undefined {
  const [date, scopeRegion, service, terminator] = parsed.scope;
  if (parsed.scope.length !== 4 || terminator !== 'aws4_request') return invalidSignature(`Credential should be scoped with a valid terminator: 'aws4_request', not '${terminator ?? parsed.scope.at(-1) ?? ''}'. `);
  if (service !== SERVICE) return invalidSignature(`Credential should be scoped to correct service: '${SERVICE}'. `);
  if (scopeRegion !== region) return invalidSignature(`Credential should be scoped to a valid region, not '${scopeRegion}'. `);
  const signedAt = parseAmzDate(parsed.amzDate);
  if (!signedAt) return incomplete(`Date must be in ISO-8601 'basic format'. Got '${parsed.amzDate}'. See http://en.wikipedia.org/wiki/ISO_8601`);
  if (date !== parsed.amzDate.slice(0, 8)) {
    return invalidSignature(`Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${date}' != '${parsed.amzDate.slice(0, 8)}', from '${parsed.amzDate}'.`);
  }
  const at = signedAt.getTime();
  const nowMs = now.getTime();
  // A presigned URL lives X-Amz-Expires seconds; a signed header, the skew either way.
  const lifetime = parsed.presigned && parsed.expires !== undefined ? Math.max(parsed.expires * 1000, SKEW_MS) : SKEW_MS;
  if (at < nowMs - lifetime) {
    return invalidSignature(`Signature expired: ${parsed.amzDate} is now earlier than ${amzDateText(new Date(nowMs - lifetime))} (${amzDateText(now)} - ${lifetime / 60000} min.)`);
  }
  if (at > nowMs + SKEW_MS) return invalidSignature(`Signature not yet current: ${parsed.amzDate} is still later than ${amzDateText(new Date(nowMs + SKEW_MS))} (${amzDateText(now)} + 5 min.)`);
  return undefined;
}

/**
 * The signature against each canonical path a client may have signed: the standard one (segments normalised,
 * then encoded a second time, as botocore and SDK v3 sign), then the path exactly as sent (curl). AWS's answer
 * names the standard one.
 */
function checkSignature(request: SignedRequest, path: string, query: string, parsed: Parsed, secret: string): GatewayError | undefined {
  const key = signingKey(secret, parsed.scope[0]!, parsed.scope[1]!);
  const scope = `${parsed.scope[0]}/${parsed.scope[1]}/${SERVICE}/aws4_request`;
  const headers = canonicalHeaders(request.headers, parsed.signedHeaders);
  const rest = `\n${canonicalQuery(query, parsed.presigned ? 'X-Amz-Signature' : undefined)}\n${headers}\n${parsed.signedHeaders.join(';')}\n${sha256Hex(request.body)}`;
  let answer: { canonical: string; stringToSign: string } | undefined;
  for (const uri of canonicalPaths(path)) {
    const canonical = `${request.method}\n${uri}${rest}`;
    const stringToSign = `${SIGV4_ALGORITHM}\n${parsed.amzDate}\n${scope}\n${sha256Hex(canonical)}`;
    if (sameHex(hmac(key, stringToSign).toString('hex'), parsed.signature)) return undefined;
    answer ??= { canonical, stringToSign };
  }
  return invalidSignature(`${MISMATCH}\n\nThe Canonical String for this request should have been\n'${answer!.canonical}'\n\nThe String-to-Sign should have been\n'${answer!.stringToSign}'\n`);
}

function canonicalHeaders(headers: SignedRequest['headers'], names: readonly string[]): string {
  let out = '';
  for (const name of names) out += `${name}:${canonicalHeaderValue(first(headers[name]) ?? '')}\n`;
  return out;
}

function canonicalPaths(raw: string): string[] {
  const segments: string[] = [];
  for (const segment of raw.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  const normalised = `/${segments.join('/')}${segments.length > 0 && raw.endsWith('/') ? '/' : ''}`;
  const standard = normalised.split('/').map(uriEncode).join('/');
  return standard === raw ? [standard] : [standard, raw];
}
