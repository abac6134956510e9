/**
 * The one answer to "is this on this machine's loopback?", used wherever Gatehouse decides where traffic may
 * go (an instance's names, HTTP integration backends, the console's Test from this machine): 127.0.0.0/8, ::1,
 * IPv4-mapped loopback in any spelling (`::ffff:127.0.0.1`, `::ffff:7f00:1`), and the name `localhost` with every
 * name under it (RFC 6761 §6.3 reserves `.localhost` for loopback). Gatehouse never sends traffic anywhere else.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import ipaddr from 'ipaddr.js';

/** An IP literal (IPv6 with or without brackets) on the loopback interface. */
export function isLoopbackAddress(address: string): boolean {
  const bare = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  if (!ipaddr.isValid(bare)) return false;
  const parsed = ipaddr.parse(bare);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) return (parsed as ipaddr.IPv6).toIPv4Address().range() === 'loopback';
  return parsed.range() === 'loopback';
}

/** `localhost` or a name under it (case and a trailing dot aside). */
export function isLoopbackName(name: string): boolean {
  const lower = name.toLowerCase().replace(/\.$/, '');
  return lower === 'localhost' || lower.endsWith('.localhost');
}

/** A host (name or IP literal) that is this machine's loopback. */
export function isLoopbackHost(host: string): boolean {
  return isLoopbackName(host) || isLoopbackAddress(host);
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * Name resolution for connections Gatehouse itself makes (an undici `connect.lookup`): names under `.localhost`
 * are 127.0.0.1 without asking anyone (the system resolver would send them to a DNS server), and any other
 * name is used only for its loopback answers (`localhost` mapped elsewhere is refused).
 */
export function loopbackLookup(hostname: string, options: { all?: boolean; family?: number }, callback: LookupCallback): void {
  if (isLoopbackName(hostname) && hostname.toLowerCase().replace(/\.$/, '') !== 'localhost') {
    const address = { address: '127.0.0.1', family: 4 };
    if (options.all) return callback(null, [address]);
    return callback(null, address.address, address.family);
  }
  dnsLookup(hostname, { family: options.family ?? 0, all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    const usable = addresses.filter((a) => isLoopbackAddress(a.address));
    if (usable.length === 0) return callback(Object.assign(new Error(`${hostname} does not resolve to a loopback address`), { code: 'ENOTFOUND' }), []);
    if (options.all) return callback(null, usable);
    callback(null, usable[0]!.address, usable[0]!.family);
  });
}
