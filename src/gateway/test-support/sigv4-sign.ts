/**
 * Requests signed by the AWS SDK v3's own signer (@smithy/signature-v4), for the gateway's SigV4 tests: the
 * header form and the query form, with or without `x-amz-content-sha256`, as SDK v3 sends them.
 */
import { createHash, createHmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import type { SignedRequest } from '../sigv4-caller.js';

type Source = string | ArrayBuffer | ArrayBufferView;
const bytes = (data: Source): string | Buffer => (typeof data === 'string' ? data : ArrayBuffer.isView(data) ? Buffer.from(data.buffer, data.byteOffset, data.byteLength) : Buffer.from(data));

class NodeSha256 {
  private readonly hash;
  constructor(secret?: Source) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
  }
  update(data: Source): void {
    this.hash.update(bytes(data));
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.hash.digest()));
  }
}

export interface SignOptions {
  method?: string;
  host?: string;
  /** The path as the SDK is given it (unencoded). */
  path?: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: string;
  key?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  region?: string;
  service?: string;
  at?: Date;
  /** SDK v3 adds x-amz-content-sha256 unless told not to. */
  applyChecksum?: boolean;
  presign?: boolean;
}

/** The request as it reaches the server (path encoded once, as the SDK's HTTP handler sends it). */
export async function signedRequest(o: SignOptions = {}): Promise<SignedRequest> {
  const signer = new SignatureV4({
    service: o.service ?? 'execute-api',
    region: o.region ?? 'us-east-1',
    credentials: o.key ?? { accessKeyId: 'test', secretAccessKey: 'test' },
    sha256: NodeSha256,
    applyChecksum: o.applyChecksum ?? false,
  });
  const host = o.host ?? 'abc123.execute-api.us-east-1.amazonaws.com';
  const request = { method: o.method ?? 'GET', protocol: 'https:', hostname: host, path: o.path ?? '/prod/pets', query: o.query ?? {}, headers: { host, ...(o.headers ?? {}) }, body: o.body };
  const at = o.at ?? new Date('2026-12-06T18:00:00Z');
  const signed = o.presign ? await signer.presign(request, { signingDate: at, expiresIn: 300 }) : await signer.sign(request, { signingDate: at });
  const path = signed.path.split('/').map((s) => encodeURIComponent(s)).join('/');
  const query = Object.entries(signed.query ?? {}).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`).join('&');
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(signed.headers)) headers[k.toLowerCase()] = String(v);
  return { method: signed.method, url: query === '' ? path : `${path}?${query}`, headers, body: Buffer.from(o.body ?? '') };
}
