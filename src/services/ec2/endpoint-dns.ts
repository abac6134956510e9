/**
 * An interface endpoint's DnsEntries, in AWS's forms and order: the Regional name
 * `vpce-{id}-{8 chars}.{service}.{region}.vpce.amazonaws.com`, one zonal name per subnet's Availability Zone
 * (`vpce-{id}-{8 chars}-{az}...`, in zone order), then, with private DNS on, the service's private names (for execute-api
 * `execute-api.{region}.amazonaws.com` and `*.execute-api.{region}.amazonaws.com`). The public names live in
 * the region's `vpce.amazonaws.com` hosted zone; the private ones in a private hosted zone of the VPC.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { VpcEndpoint } from '../../domain/ec2.js';
import { lowerAlnumId } from '../../shared/ids.js';
import type { EndpointService } from './endpoint-services.js';

/**
 * The hosted zone of `*.vpce.amazonaws.com` names per region. us-east-1's is AWS's published Z7HUB22UULQXV;
 * regions not listed get a stable id of the same shape.
 */
const VPCE_ZONES: Readonly<Record<string, string>> = {
  'us-east-1': 'Z7HUB22UULQXV',
  'us-east-2': 'ZC8PG0KIFKBRI',
  'us-west-1': 'Z12I86A8N7VCZO',
  'us-west-2': 'Z1YSA3EXCYUU9Z',
  'eu-west-1': 'Z38GZ743OKFT7T',
  'eu-central-1': 'Z273ZU8SZ5RJPC',
};

const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

function upperAlnum(bytes: Buffer, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += UPPER_ALNUM[bytes[i % bytes.length]! % UPPER_ALNUM.length];
  return out;
}

export function vpceHostedZoneId(region: string): string {
  return VPCE_ZONES[region] ?? `Z${upperAlnum(createHash('sha256').update(`vpce:${region}`).digest(), 13)}`;
}

/** A new private hosted zone id, in the form Route 53 hands out today (`Z0` and 19 more characters). */
export function newPrivateHostedZoneId(): string {
  return `Z0${upperAlnum(randomBytes(19), 19)}`;
}

export function newDnsSuffix(): string {
  return lowerAlnumId(8);
}

type DnsFields = Pick<VpcEndpoint, 'VpcEndpointId' | 'Interfaces' | 'PrivateDnsEnabled'> & { DnsSuffix: string; PrivateHostedZoneId: string };

export function dnsEntries(region: string, service: EndpointService, e: DnsFields): VpcEndpoint['DnsEntries'] {
  const zone = vpceHostedZoneId(region);
  const base = `${e.VpcEndpointId}-${e.DnsSuffix}`;
  const domain = `${service.service}.${region}.vpce.amazonaws.com`;
  const zones = [...new Set(e.Interfaces.map((nic) => nic.AvailabilityZone))].sort();
  return [
    { DnsName: `${base}.${domain}`, HostedZoneId: zone },
    ...zones.map((az) => ({ DnsName: `${base}-${az}.${domain}`, HostedZoneId: zone })),
    ...(e.PrivateDnsEnabled ? service.privateDnsNames(region).map((name) => ({ DnsName: name, HostedZoneId: e.PrivateHostedZoneId })) : []),
  ];
}
