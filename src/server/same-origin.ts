/**
 * Gatehouse's own routes (the console, `/_gatehouse/...`) answer only their own origin: a browser names
 * another in `Origin` or `Sec-Fetch-Site`, and a `Host` that is not a name of this machine means DNS
 * rebinding.
 */
import { isIP } from 'node:net';
import { hostOfHeader, normalizeHost } from '../domain/execute-api-host.js';
import { isLoopbackName } from '../shared/loopback.js';

/**
 * Why the request comes from another origin, or undefined when it is the console's own, typed in, or from a
 * program (the CLI, an SDK, curl). The console's files and every `/_gatehouse/` route ask: the requests
 * log holds request headers and bodies, and `/_gatehouse/send` acts for an instance.
 */
export function foreignOrigin(headers: Record<string, string | string[] | undefined>, listenHost: string): string | undefined {
  const host = typeof headers['host'] === 'string' ? headers['host'] : undefined;
  if (!host || !isLocalHostName(host, listenHost)) return `Host ${host ?? '(none)'}`;
  const origin = headers['origin'];
  if (origin !== undefined && origin !== `http://${host}` && origin !== `https://${host}`) return `Origin ${origin}`;
  const site = headers['sec-fetch-site'];
  if (site === 'cross-site' || site === 'same-site') return `Sec-Fetch-Site ${site}`;
  return undefined;
}

/**
 * Only names that can mean this machine: IP literals, `localhost` and the name Gatehouse listens on (with a
 * port or not). Any other name reached us through someone's DNS, which is how a foreign page would rebind to
 * loopback.
 */
function isLocalHostName(host: string, listenHost: string): boolean {
  const name = hostOfHeader(host);
  return name === normalizeHost(listenHost) || isLoopbackName(name) || isIP(name) !== 0;
}
