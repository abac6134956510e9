/**
 * The AWS services a VPC endpoint can connect to, and DescribeVpcEndpointServices. Gatehouse offers the one
 * that matters for private APIs (execute-api, Interface), the AWS APIs it serves itself (lambda, sts,
 * Interface), and the usual Gateway services (s3, dynamodb; s3 also as Interface), named
 * `com.amazonaws.{region}.{service}` as on AWS.
 */
import { createHash } from 'node:crypto';
import type { OperationContext } from '../types.js';
import { zonesOf } from './availability-zones.js';
import { ec2Error } from './errors.js';
import type { FilterFields } from './filters.js';
import { filteredPage, type DescribeInput } from './paging.js';

export type EndpointType = 'Interface' | 'Gateway';

export interface EndpointService {
  /** `execute-api`: the short name, as it appears inside DNS names. */
  service: string;
  type: EndpointType;
  /** The private DNS names an Interface endpoint with private DNS answers for. */
  privateDnsNames: (region: string) => string[];
}

const CATALOG: readonly EndpointService[] = [
  { service: 'dynamodb', type: 'Gateway', privateDnsNames: () => [] },
  { service: 'execute-api', type: 'Interface', privateDnsNames: (r) => [`execute-api.${r}.amazonaws.com`, `*.execute-api.${r}.amazonaws.com`] },
  { service: 'lambda', type: 'Interface', privateDnsNames: (r) => [`lambda.${r}.amazonaws.com`] },
  { service: 's3', type: 'Gateway', privateDnsNames: () => [] },
  { service: 's3', type: 'Interface', privateDnsNames: (r) => [`*.s3.${r}.amazonaws.com`] },
  { service: 'sts', type: 'Interface', privateDnsNames: (r) => [`sts.${r}.amazonaws.com`] },
];

export const serviceName = (region: string, s: EndpointService): string => `com.amazonaws.${region}.${s.service}`;

/** The catalog entries named `name` in this region (s3 has two: Gateway and Interface). */
export function servicesNamed(region: string, name: string): EndpointService[] {
  return CATALOG.filter((s) => serviceName(region, s) === name);
}

export const invalidServiceName = (name: string) => ec2Error('InvalidServiceName', `The Vpc Endpoint Service '${name}' does not exist`);

function serviceDetail(region: string, s: EndpointService) {
  const name = serviceName(region, s);
  const id = createHash('sha256').update(`${name}|${s.type}`).digest('hex').slice(0, 17);
  const privateNames = s.privateDnsNames(region);
  const detail: Record<string, unknown> = {
    ServiceName: name,
    ServiceId: `vpce-svc-${id}`,
    ServiceType: [{ ServiceType: s.type }],
    AvailabilityZones: zonesOf(region).map((z) => z.ZoneName),
    Owner: 'amazon',
    BaseEndpointDnsNames: [s.type === 'Interface' ? `${s.service}.${region}.vpce.amazonaws.com` : `${s.service}.${region}.amazonaws.com`],
    VpcEndpointPolicySupported: true,
    AcceptanceRequired: false,
    ManagesVpcEndpoints: false,
    Tags: [],
    SupportedIpAddressTypes: ['ipv4'],
  };
  if (privateNames.length > 0) {
    detail['PrivateDnsName'] = privateNames[privateNames.length - 1];
    detail['PrivateDnsNames'] = privateNames.map((n) => ({ PrivateDnsName: n }));
    detail['PrivateDnsNameVerificationState'] = 'verified';
  }
  return detail;
}

type Detail = ReturnType<typeof serviceDetail>;

const FIELDS: FilterFields<Detail> = {
  'service-name': (d) => d['ServiceName'] as string,
  'service-type': (d) => (d['ServiceType'] as Array<{ ServiceType: string }>).map((t) => t.ServiceType),
  owner: (d) => d['Owner'] as string,
  'supported-ip-address-types': (d) => d['SupportedIpAddressTypes'] as string[],
};

interface DescribeVpcEndpointServicesInput extends DescribeInput {
  ServiceNames?: string[];
}

export function describeVpcEndpointServices(input: DescribeVpcEndpointServicesInput, ctx: OperationContext) {
  const region = ctx.scope.region;
  for (const name of input.ServiceNames ?? []) if (servicesNamed(region, name).length === 0) throw invalidServiceName(name);
  const wanted = input.ServiceNames && input.ServiceNames.length > 0 ? new Set(input.ServiceNames) : undefined;
  const details = CATALOG.filter((s) => !wanted || wanted.has(serviceName(region, s))).map((s) => serviceDetail(region, s));
  const page = filteredPage(details, input, FIELDS);
  return {
    ServiceNames: [...new Set(page.items.map((d) => d['ServiceName'] as string))],
    ServiceDetails: page.items,
    NextToken: page.NextToken,
  };
}
