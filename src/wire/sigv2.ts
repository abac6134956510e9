/**
 * S3's legacy SigV2 requests, still what boto3's `generate_presigned_url` makes by default
 * (`?AWSAccessKeyId=…&Signature=…&Expires=…`) and what old clients put in `Authorization: AWS key:signature`.
 * Gatehouse reads who signed and enforces a presigned URL's expiry; the signature itself is not verified.
 */
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
