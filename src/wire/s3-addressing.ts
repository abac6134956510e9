/**
 * S3's two addressing styles on one port: path-style (`/bucket/key`, on any host) and virtual-hosted-style,
 * where the Host names the bucket. Gatehouse's S3 names are `{bucket}.s3.localhost` and
 * `{bucket}.s3.{region}.localhost` (every `*.localhost` name resolves to loopback), and AWS's own
 * `{bucket}.s3[.{region}].amazonaws.com` (also `s3-{region}`, `s3.dualstack.{region}`), which instances send
 * through their egress proxy. A virtual-hosted request is rewritten to the path form before routing.
 */

export interface S3Host {
  /** The bucket a virtual-hosted name carries; undefined for the service's own name (path-style). */
  bucket: string | undefined;
  /** The region the name carries, if any. */
  region: string | undefined;
}

const S3_HOST = /^(?:(.+)\.)?s3(?:[.-](?:dualstack\.)?([a-z]{2}(?:-[a-z]+)+-\d+))?\.(?:localhost|amazonaws\.com)$/;

/** What a Host header says about S3, or undefined when it is not an S3 name. */
export function s3Host(host: string | undefined): S3Host | undefined {
  if (host === undefined) return undefined;
  const name = host.replace(/:\d+$/, '').replace(/\.$/, '').toLowerCase();
  const m = S3_HOST.exec(name);
  if (!m) return undefined;
  return { bucket: m[1], region: m[2] };
}

/** A virtual-hosted request's path in the path style: `/` of `b.s3.localhost` is `/b`, `/k` is `/b/k`. */
export function pathStyle(path: string, bucket: string): string {
  return path === '/' || path === '' ? `/${bucket}` : `/${bucket}${path}`;
}
