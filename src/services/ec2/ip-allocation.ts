/**
 * Private IPv4 addresses in a subnet. Instances and endpoint network interfaces draw from one pool per subnet,
 * so no address is ever handed out twice. As on AWS, the first four addresses of a subnet (network, VPC
 * router, DNS, future use) and the last (broadcast) are reserved; free addresses are handed out lowest first.
 */
import type { Subnet } from '../../domain/ec2.js';
import type { OperationContext } from '../types.js';
import { addressCount, containsAddress, formatAddress, lastAddress, parseAddress, parseCidr, type Cidr } from './cidr.js';
import { ec2Error, invalidParameterValue } from './errors.js';
import { all, liveInstances, save } from './state.js';

const RESERVED_AT_START = 4;

/** How many addresses a subnet of this size offers (AWS's AvailableIpAddressCount when empty). */
export function usableCount(cidr: Cidr): number {
  return addressCount(cidr) - RESERVED_AT_START - 1;
}

/** The lowest address of `cidr` that is neither reserved nor in `used`. */
export function lowestFree(cidr: Cidr, used: ReadonlySet<number>): number | undefined {
  for (let a = cidr.base + RESERVED_AT_START; a < lastAddress(cidr); a++) if (!used.has(a)) return a;
  return undefined;
}

/** Why `address` cannot be given out in `cidr` (AWS's error), or undefined when it can. */
export function addressProblem(cidr: Cidr, address: string, used: ReadonlySet<number>): Error | undefined {
  const n = parseAddress(address);
  if (n === undefined) return invalidParameterValue(`Value (${address}) for parameter privateIpAddress is invalid. This is not a valid IPv4 address.`);
  if (!containsAddress(cidr, n)) return invalidParameterValue(`Address ${address} does not fall within the subnet's address range`);
  if (n < cidr.base + RESERVED_AT_START || n === lastAddress(cidr)) return invalidParameterValue(`Address ${address} is in subnet's reserved address range`);
  if (used.has(n)) return ec2Error('InvalidIPAddress.InUse', `Address ${address} is in use.`);
  return undefined;
}

/** Addresses taken in a subnet: running (not terminated) instances and endpoint network interfaces. */
export function usedAddresses(ctx: OperationContext, subnetId: string): Set<number> {
  const used = new Set<number>();
  const add = (ip: string) => {
    const n = parseAddress(ip);
    if (n !== undefined) used.add(n);
  };
  for (const i of liveInstances(ctx)) if (i.SubnetId === subnetId) add(i.PrivateIpAddress);
  for (const e of all(ctx, 'endpoints')) for (const nic of e.Interfaces) if (nic.SubnetId === subnetId) add(nic.PrivateIpAddress);
  return used;
}

/** A pool for one operation: addresses it takes stay taken for the rest of the operation. */
export class AddressPool {
  private readonly cidr: Cidr;
  private readonly used: Set<number>;

  constructor(ctx: OperationContext, readonly subnet: Subnet) {
    this.cidr = parseCidr(subnet.CidrBlock)!;
    this.used = usedAddresses(ctx, subnet.SubnetId);
  }

  get free(): number {
    return usableCount(this.cidr) - this.used.size;
  }

  /** The requested address if it is free (else AWS's error), or the lowest free one. */
  take(requested?: string): string {
    let n: number | undefined;
    if (requested !== undefined) {
      const problem = addressProblem(this.cidr, requested, this.used);
      if (problem) throw problem;
      n = parseAddress(requested)!;
    } else {
      n = lowestFree(this.cidr, this.used);
      if (n === undefined) throw insufficientAddresses(this.subnet.SubnetId);
    }
    this.used.add(n);
    return formatAddress(n);
  }
}

export function insufficientAddresses(subnetId: string): Error {
  return ec2Error('InsufficientFreeAddressesInSubnet', `There are not enough free addresses in subnet '${subnetId}' to satisfy the requested number of instances.`);
}

/** Brings the stored AvailableIpAddressCount of these subnets in line with what is allocated now. */
export function refreshAvailableCounts(ctx: OperationContext, subnetIds: Iterable<string>): void {
  const wanted = new Set(subnetIds);
  for (const subnet of all(ctx, 'subnets')) {
    if (!wanted.has(subnet.SubnetId)) continue;
    const count = usableCount(parseCidr(subnet.CidrBlock)!) - usedAddresses(ctx, subnet.SubnetId).size;
    if (count !== subnet.AvailableIpAddressCount) save(ctx, 'subnets', subnet.SubnetId, { ...subnet, AvailableIpAddressCount: count });
  }
}
