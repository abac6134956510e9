/**
 * SigV4 header signing for Gatehouse's own small clients (`gatehouse tutorial`'s calls), so they are accepted
 * under `--strict-auth` as any SDK's are: every service but S3 (the path encoded twice, the payload hashed).
 */
import { amzDate as amzDateText, deriveKey, hmac, sha256Hex, uriEncode } from '../shared/sigv4-signing.js';

export interface SigningKey {
  accessKeyId: string;
  secret: string;
}

/** The headers to send with the request: `x-amz-date` and `Authorization` added to `headers` (names lower-cased). */
export function signRequest(request: { method: string; url: URL; headers: Record<string, string>; body: string }, key: SigningKey, region: string, service: string, now: Date): Record<string, string> {
  const amzDate = amzDateText(now);
  const date = amzDate.slice(0, 8);
  const headers: Record<string, string> = { host: request.url.host, 'x-amz-date': amzDate };
  for (const [name, value] of Object.entries(request.headers)) headers[name.toLowerCase()] = value;
  const names = Object.keys(headers).sort();
  const path = request.url.pathname.split('/').map((s) => uriEncode(s)).join('/');
  const query = [...request.url.searchParams]
    .map(([k, v]) => `${uriEncode(k)}=${uriEncode(v)}`)
    .sort()
    .join('&');
  const canonical = [request.method, path, query, names.map((n) => `${n}:${headers[n]!.trim()}\n`).join(''), names.join(';'), sha256Hex(request.body)].join('\n');
  const scope = `${date}/${region}/${service}/aws4_request`;
  const signature = hmac(deriveKey(key.secret, date, region, service), `AWS4-HMAC-SHA256\n${amzDate}\n${scope}\n${sha256Hex(canonical)}`).toString('hex');
  const { host: _host, ...rest } = headers;
  return { ...rest, authorization: `AWS4-HMAC-SHA256 Credential=${key.accessKeyId}/${scope}, SignedHeaders=${names.join(';')}, Signature=${signature}` };
}
