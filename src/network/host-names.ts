/**
 * What a host name that an instance asks for *is*, before any VPC is consulted: AWS's name families for
 * execute-api (docs/aws-facts.md §1.1), AWS service endpoints, loopback, IP literals. Pure; resolve.ts decides
 * where each kind goes from a given instance.
 */
import net from 'node:net';
import { normalizeHost, parseExecuteApiHost, REGION_PATTERN, type ExecuteApiHost } from '../domain/execute-api-host.js';
import { isLoopbackAddress, isLoopbackName } from '../shared/loopback.js';

export type HostName =
  /** The execute-api names (domain/execute-api-host.ts); `{api}.execute-api.localhost` is loopback here. */
  | Exclude<ExecuteApiHost, { kind: 'execute-api-local' }>
  /** `{service}.{region}.amazonaws.com` or a global `{service}.amazonaws.com` (sts, iam). */
  | { kind: 'aws-service'; service: string; region: string | undefined }
  | { kind: 'loopback'; address: string }
  | { kind: 'ip'; address: string }
  | { kind: 'other'; name: string };

const SERVICE = new RegExp(`^([a-z0-9][a-z0-9-]*)(?:\\.(${REGION_PATTERN}))?\\.amazonaws\\.com$`);

export function classifyHost(host: string): HostName {
  const name = normalizeHost(host);
  if (net.isIP(name) !== 0) return isLoopbackAddress(name) ? { kind: 'loopback', address: name } : { kind: 'ip', address: name };
  if (isLoopbackName(name)) return { kind: 'loopback', address: '127.0.0.1' };
  const executeApi = parseExecuteApiHost(name);
  if (executeApi && executeApi.kind !== 'execute-api-local') return executeApi;
  const m = SERVICE.exec(name);
  if (m && m[1] !== 'execute-api') return { kind: 'aws-service', service: m[1]!, region: m[2] };
  return { kind: 'other', name };
}
