/**
 * S3's legacy SigV2 requests, still what boto3's `generate_presigned_url` makes by default
 * (`?AWSAccessKeyId=…&Signature=…&Expires=…`) and what old clients put in `Authorization: AWS key:signature`.
 * Gatehouse reads who signed and enforces a presigned URL's expiry; a presigned URL's signature is verified when
 * the key is known, as SigV4's is (a header signature is not, as for every service).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { ServiceError } from '../shared/errors.js';

export interface SigV2Credential {
  accessKeyId: string;
  /** A presigned URL's expiry, epoch seconds. */
  expires?: number;
}

export function sigV2Credential(headers: Readonly<Record<string, string | undefined>>, query: string): SigV2Credential | undefined {
  const auth = headers['authorization'];
  if (auth !== undefined) {
    const m = /^AWS ([^:\s]+):\S+$/.exec(auth.trim());
    return m ? { accessKeyId: m[1]! } : undefined;
  }
  if (!query.includes('AWSAccessKeyId=') || !query.includes('Signature=')) return undefined;
  const q = new URLSearchParams(query);
  const accessKeyId = q.get('AWSAccessKeyId');
  if (!accessKeyId || q.get('Signature') === null) return undefined;
  const expires = Number(q.get('Expires'));
  return Number.isInteger(expires) && q.get('Expires') !== null ? { accessKeyId, expires } : { accessKeyId };
}

/** A SigV2 presigned URL past its `Expires`: S3's AccessDenied with the expiry and its own time. */
export function checkSigV2Expiry(credential: SigV2Credential, now: Date): void {
  if (credential.expires === undefined || now.getTime() <= credential.expires * 1000) return;
  const iso = (d: Date): string => d.toISOString().replace(/\.\d{3}Z$/, 'Z');
  throw new ServiceError('AccessDenied', 'Request has expired', 403, { body: { Expires: iso(new Date(credential.expires * 1000)), ServerTime: iso(now) } });
}

/** The query parameters SigV2 signs as part of the resource (S3's sub-resources and response overrides). */
const SUBRESOURCES = new Set([
  'accelerate', 'acl', 'analytics', 'cors', 'delete', 'encryption', 'intelligent-tiering', 'inventory', 'legal-hold', 'lifecycle', 'location',
  'logging', 'metrics', 'notification', 'object-lock', 'ownershipControls', 'partNumber', 'policy', 'publicAccessBlock', 'replication',
  'requestPayment', 'response-cache-control', 'response-content-disposition', 'response-content-encoding', 'response-content-language',
  'response-content-type', 'response-expires', 'restore', 'retention', 'select', 'select-type', 'tagging', 'torrent', 'uploadId', 'uploads',
  'versionId', 'versioning', 'versions', 'website',
]);

export interface SigV2Request {
  method: string;
  query: string;
  headers: Readonly<Record<string, string | undefined>>;
}

/**
 * Checks a SigV2 presigned URL's signature when `secretOf` knows its key: HMAC-SHA1 over the method, Content-MD5,
 * Content-Type, Expires, the `x-amz-` headers and the resource (`/bucket/key` as sent, with its sub-resources).
 * `resource` is the path-style path the URL names (a virtual-hosted request's bucket put in front).
 */
export function verifySigV2Query(request: SigV2Request, resource: string, secretOf: (accessKeyId: string) => string | undefined): void {
  const q = new URLSearchParams(request.query);
  const accessKeyId = q.get('AWSAccessKeyId');
  const signature = q.get('Signature');
  const expires = q.get('Expires');
  if (!accessKeyId || signature === null) return;
  const secret = secretOf(accessKeyId);
  if (secret === undefined) return;
  const sub = [...q.entries()]
    .filter(([name]) => SUBRESOURCES.has(name))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => (value === '' ? name : `${name}=${value}`));
  const amzHeaders = Object.entries(request.headers)
    .filter((e): e is [string, string] => e[0].startsWith('x-amz-') && e[1] !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => `${name}:${value.trim()}\n`)
    .join('');
  const h = request.headers;
  const stringToSign = `${request.method}\n${h['content-md5'] ?? ''}\n${h['content-type'] ?? ''}\n${expires ?? ''}\n${amzHeaders}${resource}${sub.length > 0 ? `?${sub.join('&')}` : ''}`;
  const expected = createHmac('sha1', secret).update(stringToSign, 'utf8').digest('base64');
  if (expected.length === signature.length && timingSafeEqual(Buffer.from(expected), Buffer.from(signature))) return;
  const bytes = [...Buffer.from(stringToSign, 'utf8')].map((b) => b.toString(16).padStart(2, '0')).join(' ');
  throw new ServiceError('SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided. Check your key and signing method.', 403, {
    body: { AWSAccessKeyId: accessKeyId, StringToSign: stringToSign, SignatureProvided: signature, StringToSignBytes: bytes },
  });
}
