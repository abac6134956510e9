/**
 * AWS's default VPC: every account+region has one from the start, so Gatehouse creates it on the first EC2
 * call in a scope: 172.31.0.0/16 with both DNS attributes on, a default /20 subnet in every Availability
 * Zone (172.31.0.0/20, 172.31.16.0/20, ...) that gives instances public addresses, and the VPC's 'default'
 * security group. A user may delete it, as on AWS; it does not come back (the scope's `default-vpc`
 * account attribute remembers that it had one).
 */
import type { OperationContext } from '../types.js';
import { accountAttributes, saveAccountAttributes } from './account-attributes.js';
import { zonesOf } from './availability-zones.js';
import { nthSubnet, parseCidr } from './cidr.js';
import { addSubnet } from './subnets.js';
import { addVpc } from './vpcs.js';

const DEFAULT_CIDR = '172.31.0.0/16';

export function ensureDefaultVpc(ctx: OperationContext): void {
  if (accountAttributes(ctx)) return;
  const vpc = addVpc(ctx, DEFAULT_CIDR, { isDefault: true });
  const cidr = parseCidr(DEFAULT_CIDR)!;
  zonesOf(ctx.scope.region).forEach((zone, i) => addSubnet(ctx, vpc, nthSubnet(cidr, 20, i), zone, { defaultForAz: true }));
  saveAccountAttributes(ctx, { DefaultVpcId: vpc.VpcId });
}
