/**
 * IPv4 address and CIDR arithmetic for VPCs, subnets, security-group ranges and address allocation. Addresses
 * are unsigned 32-bit numbers; a CIDR is its first address and its prefix length.
 */

export interface Cidr {
  /** The network address as an unsigned 32-bit number. */
  readonly base: number;
  readonly prefix: number;
}

const OCTET = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

/** `10.0.1.5` as a number, or undefined when it is not a dotted-quad IPv4 address. */
export function parseAddress(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((p) => OCTET.test(p))) return undefined;
  return parts.reduce((n, p) => n * 256 + Number(p), 0);
}

export function formatAddress(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

function size(prefix: number): number {
  return 2 ** (32 - prefix);
}

/**
 * `10.0.0.0/16` as a Cidr. Undefined when the text is not a CIDR or has host bits set (`10.0.0.1/16`), which
 * EC2 refuses as "not a valid CIDR block" rather than silently rounding down.
 */
export function parseCidr(text: string): Cidr | undefined {
  const m = /^([0-9.]+)\/(\d{1,2})$/.exec(text);
  if (!m) return undefined;
  const base = parseAddress(m[1]!);
  const prefix = Number(m[2]);
  if (base === undefined || prefix > 32) return undefined;
  if (base % size(prefix) !== 0) return undefined;
  return { base, prefix };
}

export function formatCidr(c: Cidr): string {
  return `${formatAddress(c.base)}/${c.prefix}`;
}

/** The last address of the block (its broadcast address). */
export function lastAddress(c: Cidr): number {
  return c.base + size(c.prefix) - 1;
}

export function containsAddress(c: Cidr, address: number): boolean {
  return address >= c.base && address <= lastAddress(c);
}

/** Whether `inner` lies wholly inside `outer`. */
export function containsCidr(outer: Cidr, inner: Cidr): boolean {
  return inner.prefix >= outer.prefix && containsAddress(outer, inner.base);
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  return a.base <= lastAddress(b) && b.base <= lastAddress(a);
}

export function addressCount(c: Cidr): number {
  return size(c.prefix);
}

/** The i-th block of `prefix` bits inside `outer` (172.31.0.0/16, /20, 2 → 172.31.32.0/20). */
export function nthSubnet(outer: Cidr, prefix: number, i: number): Cidr {
  return { base: outer.base + i * size(prefix), prefix };
}
