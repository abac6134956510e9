/**
 * What a host name that an instance asks for *is*, before any VPC is consulted: AWS's name families for
 * execute-api (docs/aws-facts.md §1.1), AWS service endpoints, loopback, IP literals. Pure; resolve.ts decides
 * where each kind goes from a given instance.
 */
import net from 'node:net';

export type HostName =
  /** `{api-id}.execute-api.{region}.amazonaws.com`, or the bare `execute-api.{region}.amazonaws.com` (apiId undefined). */
  | { kind: 'execute-api'; region: string; apiId: string | undefined }
  /** `{api-id}-{vpce-id}.execute-api.{region}.amazonaws.com`, the Route 53 alias of an API on one endpoint. */
  | { kind: 'execute-api-alias'; region: string; apiId: string; vpceId: string }
  /** `vpce-{id}-{suffix}[-{az}].execute-api.{region}.vpce.amazonaws.com`, an endpoint's own DNS names. */
  | { kind: 'vpce'; region: string; name: string }
  /** `{service}.{region}.amazonaws.com` or a global `{service}.amazonaws.com` (sts, iam). */
  | { kind: 'aws-service'; service: string; region: string | undefined }
  | { kind: 'loopback'; address: string }
  | { kind: 'ip'; address: string }
  | { kind: 'other'; name: string };

const REGION = '[a-z]{2}(?:-[a-z]+)+-\\d+';
const EXECUTE_API = new RegExp(`^(?:([a-z0-9][a-z0-9-]*)\\.)?execute-api\\.(${REGION})\\.amazonaws\\.com$`);
const ALIAS = new RegExp(`^([a-z0-9]+)-(vpce-[0-9a-f]+)\\.execute-api\\.(${REGION})\\.amazonaws\\.com$`);
const VPCE = new RegExp(`^vpce-[0-9a-f]+-[a-z0-9]+(?:-[a-z0-9-]+)?\\.execute-api\\.(${REGION})\\.vpce\\.amazonaws\\.com$`);
const SERVICE = new RegExp(`^([a-z0-9][a-z0-9-]*)(?:\\.(${REGION}))?\\.amazonaws\\.com$`);

/** Lower-cases, drops a trailing dot and IPv6 brackets: the form every lookup uses. */
export function normalizeHost(host: string): string {
  let h = host.trim().toLowerCase();
  if (h.endsWith('.')) h = h.slice(0, -1);
  if (h.startsWith('[') && h.endsWith(']')) h = h.slice(1, -1);
  return h;
}

export function classifyHost(host: string): HostName {
  const name = normalizeHost(host);
  if (net.isIP(name) !== 0) return isLoopbackAddress(name) ? { kind: 'loopback', address: name } : { kind: 'ip', address: name };
  if (name === 'localhost' || name.endsWith('.localhost')) return { kind: 'loopback', address: '127.0.0.1' };
  let m = ALIAS.exec(name);
  if (m) return { kind: 'execute-api-alias', apiId: m[1]!, vpceId: m[2]!, region: m[3]! };
  m = EXECUTE_API.exec(name);
  if (m) return { kind: 'execute-api', apiId: m[1], region: m[2]! };
  m = VPCE.exec(name);
  if (m) return { kind: 'vpce', region: m[1]!, name };
  m = SERVICE.exec(name);
  if (m && m[1] !== 'execute-api') return { kind: 'aws-service', service: m[1]!, region: m[2] };
  return { kind: 'other', name };
}

/** 127.0.0.0/8, ::1 and IPv4-mapped loopback (::ffff:127.x.y.z). */
export function isLoopbackAddress(address: string): boolean {
  if (net.isIPv4(address)) return address.startsWith('127.');
  const lower = address.toLowerCase();
  return lower === '::1' || lower === '0:0:0:0:0:0:0:1' || (lower.startsWith('::ffff:') && isLoopbackAddress(lower.slice(7)));
}
