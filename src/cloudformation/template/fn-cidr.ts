/**
 * `Fn::Cidr [ipBlock, count, cidrBits]`: `count` consecutive blocks of `cidrBits` host bits each, carved
 * from the start of `ipBlock` (`!Cidr [10.0.0.0/16, 4, 8]` is 10.0.0.0/24 ... 10.0.3.0/24). IPv4 and IPv6.
 */
import ipaddr from 'ipaddr.js';
import type { IntrinsicFunction } from './evaluate.js';
import { templateError } from './errors.js';
import * as msg from './messages.js';
import { scalarText } from './values.js';

/** AWS documents 1 to 256 blocks per call. */
const MAX_COUNT = 256;

export function cidrBlocks(block: string, count: number, cidrBits: number): string[] {
  let parsed: [ipaddr.IPv4 | ipaddr.IPv6, number];
  try {
    // ipaddr.js also reads shorthand IPv4 ("10.0.0/16", "167772160/8"); AWS wants four decimal parts.
    if (!block.includes(':') && !/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/.test(block)) throw new Error('not dotted quad');
    parsed = ipaddr.parseCIDR(block);
  } catch {
    throw templateError(msg.cidrInvalidBlock(block));
  }
  const [address, prefix] = parsed;
  const width = address.kind() === 'ipv4' ? 32 : 128;
  if (!Number.isInteger(cidrBits) || cidrBits < 1 || cidrBits > width - prefix) throw templateError(msg.cidrBlockSize(cidrBits));
  if (!Number.isInteger(count) || count < 1 || count > MAX_COUNT || BigInt(count) > 1n << BigInt(width - prefix - cidrBits)) {
    throw templateError(msg.cidrCount(count));
  }
  const hostBits = BigInt(width - prefix);
  const network = (toBigInt(address.toByteArray()) >> hostBits) << hostBits;
  const step = 1n << BigInt(cidrBits);
  const blocks: string[] = [];
  for (let i = 0n; i < BigInt(count); i++) {
    blocks.push(`${fromBigInt(network + i * step, width / 8).toString()}/${width - cidrBits}`);
  }
  return blocks;
}

function toBigInt(bytes: number[]): bigint {
  return bytes.reduce((n, byte) => (n << 8n) | BigInt(byte), 0n);
}

function fromBigInt(n: bigint, length: number): ipaddr.IPv4 | ipaddr.IPv6 {
  const bytes: number[] = [];
  for (let i = 0; i < length; i++) bytes.unshift(Number((n >> BigInt(8 * i)) & 0xffn));
  return ipaddr.fromByteArray(bytes);
}

export const fnCidr: IntrinsicFunction = (argument, ctx, evaluate) => {
  if (!Array.isArray(argument) || argument.length !== 3) throw templateError(msg.cidrShape());
  const [block, count, bits] = argument.map((a) => scalarText(evaluate(a, ctx)));
  if (block === undefined || count === undefined || bits === undefined) throw templateError(msg.cidrShape());
  return cidrBlocks(block, Number(count), Number(bits));
};
