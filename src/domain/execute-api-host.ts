/**
 * The one reading of execute-api host names (docs/notes/execute-api-data-plane.md, docs/aws-facts.md §1.1), shared by
 * every front door: an instance's DNS (network/), the endpoint listeners' choice of API (gateway/) and the main
 * port's public-API names (server/). Pure.
 * - `{api}.execute-api.{region}.amazonaws.com`: the private DNS name (answered by an endpoint's private hosted
 *   zone); the bare `execute-api.{region}.amazonaws.com` names no API;
 * - `{api}-{vpce}.execute-api.{region}.amazonaws.com`: the Route 53 alias of an API on one endpoint;
 * - `vpce-{id}-{suffix}[-{az}].execute-api.{region}.vpce.amazonaws.com`: an endpoint's own names;
 * - `{api}.execute-api.localhost`: Gatehouse's main port, for public APIs.
 */

export type ExecuteApiHost =
  | { kind: 'execute-api'; region: string; apiId: string | undefined }
  | { kind: 'execute-api-alias'; region: string; apiId: string; vpceId: string }
  | { kind: 'vpce'; region: string; name: string }
  | { kind: 'execute-api-local'; apiId: string };

export const REGION_PATTERN = '[a-z]{2}(?:-[a-z]+)+-\\d+';
const LABEL = '[a-z0-9][a-z0-9-]*';
const ALIAS = new RegExp(`^([a-z0-9]+)-(vpce-[0-9a-f]+)\\.execute-api\\.(${REGION_PATTERN})\\.amazonaws\\.com$`);
const PRIVATE_DNS = new RegExp(`^(?:(${LABEL})\\.)?execute-api\\.(${REGION_PATTERN})\\.amazonaws\\.com$`);
const VPCE = new RegExp(`^vpce-[0-9a-f]+-[a-z0-9]+(?:-[a-z0-9-]+)?\\.execute-api\\.(${REGION_PATTERN})\\.vpce\\.amazonaws\\.com$`);
const LOCAL = new RegExp(`^(${LABEL})\\.execute-api\\.localhost$`);

/** A host name in the form every lookup uses: lower case, no trailing dot, no IPv6 brackets. */
export function normalizeHost(host: string): string {
  let h = host.trim().toLowerCase();
  if (h.endsWith('.')) h = h.slice(0, -1);
  if (h.startsWith('[') && h.endsWith(']')) h = h.slice(1, -1);
  return h;
}

/** The host of a `Host` header value (`name`, `name:port`, `[v6]:port`), normalised. */
export function hostOfHeader(value: string): string {
  const v = value.trim();
  if (v.startsWith('[')) return normalizeHost(v.slice(0, v.indexOf(']') + 1));
  return normalizeHost(v.replace(/:\d*$/, ''));
}

/** What an execute-api name names, or undefined for any other name. `host` is normalised first. */
export function parseExecuteApiHost(host: string): ExecuteApiHost | undefined {
  const name = normalizeHost(host);
  let m = ALIAS.exec(name);
  if (m) return { kind: 'execute-api-alias', apiId: m[1]!, vpceId: m[2]!, region: m[3]! };
  m = PRIVATE_DNS.exec(name);
  if (m) return { kind: 'execute-api', apiId: m[1], region: m[2]! };
  m = VPCE.exec(name);
  if (m) return { kind: 'vpce', region: m[1]!, name };
  m = LOCAL.exec(name);
  if (m) return { kind: 'execute-api-local', apiId: m[1]! };
  return undefined;
}
