/**
 * EC2's query protocol for the Network page: DescribeVpcs, DescribeVpcAttribute, DescribeSubnets,
 * DescribeSecurityGroups, DescribeVpcEndpoints and DescribeInstances, their XML answers read with DOMParser.
 */
import { ec2 } from './aws';

export interface Vpc {
  id: string;
  name?: string;
  cidr: string;
  state: string;
  isDefault: boolean;
  dnsSupport?: boolean;
  dnsHostnames?: boolean;
}

export interface Subnet {
  id: string;
  name?: string;
  vpcId: string;
  availabilityZone: string;
  cidr: string;
  availableIps: string;
}

export interface InboundRule {
  protocol: string;
  portRange: string;
  sources: string[];
}

export interface SecurityGroup {
  id: string;
  name: string;
  description: string;
  vpcId: string;
  inbound: InboundRule[];
}

export interface VpcEndpoint {
  id: string;
  name?: string;
  vpcId: string;
  serviceName: string;
  type: string;
  state: string;
  privateDnsEnabled: boolean;
  dnsNames: string[];
  subnetIds: string[];
  groupIds: string[];
  policy: string;
}

export interface Instance {
  id: string;
  name?: string;
  state: string;
  vpcId: string;
  subnetId: string;
  privateIp: string;
  instanceType: string;
}

/** The direct children of `parent` named `tag` (EC2 nests `item` lists, so descendants would mix levels). */
function child(parent: Element | undefined, tag: string): Element | undefined {
  if (!parent) return undefined;
  return Array.from(parent.children).find((c) => c.tagName === tag);
}

function text(parent: Element | undefined, tag: string): string {
  return child(parent, tag)?.textContent ?? '';
}

function items(parent: Element | undefined): Element[] {
  return parent ? Array.from(parent.children).filter((c) => c.tagName === 'item') : [];
}

/** The items of the answer's top-level set (`vpcSet`, `subnetSet` ...). */
function topItems(doc: Document, setTag: string): Element[] {
  return items(child(doc.documentElement, setTag));
}

function nameTag(item: Element): { name?: string } {
  const tag = items(child(item, 'tagSet')).find((t) => text(t, 'key') === 'Name');
  return tag ? { name: text(tag, 'value') } : {};
}

export async function describeVpcs(): Promise<Vpc[]> {
  const doc = await ec2('DescribeVpcs');
  const vpcs = topItems(doc, 'vpcSet').map((item) => ({
    id: text(item, 'vpcId'),
    ...nameTag(item),
    cidr: text(item, 'cidrBlock'),
    state: text(item, 'state'),
    isDefault: text(item, 'isDefault') === 'true',
  }));
  // DescribeVpcAttribute answers one attribute of one VPC: two calls a VPC, all at once.
  return Promise.all(
    vpcs.map(async (vpc): Promise<Vpc> => {
      const [dnsSupport, dnsHostnames] = await Promise.all([vpcAttribute(vpc.id, 'enableDnsSupport'), vpcAttribute(vpc.id, 'enableDnsHostnames')]);
      return { ...vpc, ...(dnsSupport === undefined ? {} : { dnsSupport }), ...(dnsHostnames === undefined ? {} : { dnsHostnames }) };
    }),
  );
}

async function vpcAttribute(vpcId: string, attribute: 'enableDnsSupport' | 'enableDnsHostnames'): Promise<boolean | undefined> {
  try {
    const doc = await ec2('DescribeVpcAttribute', { VpcId: vpcId, Attribute: attribute });
    const value = text(child(doc.documentElement, attribute), 'value');
    return value === '' ? undefined : value === 'true';
  } catch {
    return undefined;
  }
}

export async function describeSubnets(): Promise<Subnet[]> {
  const doc = await ec2('DescribeSubnets');
  return topItems(doc, 'subnetSet').map((item) => ({
    id: text(item, 'subnetId'),
    ...nameTag(item),
    vpcId: text(item, 'vpcId'),
    availabilityZone: text(item, 'availabilityZone'),
    cidr: text(item, 'cidrBlock'),
    availableIps: text(item, 'availableIpAddressCount'),
  }));
}

function portRange(protocol: string, from: string, to: string): string {
  if (protocol === '-1' || from === '') return 'All';
  if (protocol === 'icmp' || protocol === '1') return 'N/A';
  return from === to ? from : `${from} - ${to}`;
}

function protocolLabel(protocol: string): string {
  if (protocol === '-1') return 'All';
  if (protocol === '6') return 'TCP';
  if (protocol === '17') return 'UDP';
  return protocol.toUpperCase();
}

export async function describeSecurityGroups(): Promise<SecurityGroup[]> {
  const doc = await ec2('DescribeSecurityGroups');
  return topItems(doc, 'securityGroupInfo').map((item) => ({
    id: text(item, 'groupId'),
    name: text(item, 'groupName'),
    description: text(item, 'groupDescription'),
    vpcId: text(item, 'vpcId'),
    inbound: items(child(item, 'ipPermissions')).map((perm) => {
      const protocol = text(perm, 'ipProtocol');
      return {
        protocol: protocolLabel(protocol),
        portRange: portRange(protocol, text(perm, 'fromPort'), text(perm, 'toPort')),
        sources: [
          ...items(child(perm, 'ipRanges')).map((r) => text(r, 'cidrIp')),
          ...items(child(perm, 'ipv6Ranges')).map((r) => text(r, 'cidrIpv6')),
          ...items(child(perm, 'prefixListIds')).map((r) => text(r, 'prefixListId')),
          ...items(child(perm, 'groups')).map((g) => text(g, 'groupId')),
        ],
      };
    }),
  }));
}

export async function describeVpcEndpoints(): Promise<VpcEndpoint[]> {
  const doc = await ec2('DescribeVpcEndpoints');
  return topItems(doc, 'vpcEndpointSet').map((item) => ({
    id: text(item, 'vpcEndpointId'),
    ...nameTag(item),
    vpcId: text(item, 'vpcId'),
    serviceName: text(item, 'serviceName'),
    type: text(item, 'vpcEndpointType'),
    state: text(item, 'state'),
    privateDnsEnabled: text(item, 'privateDnsEnabled') === 'true',
    dnsNames: items(child(item, 'dnsEntrySet')).map((e) => text(e, 'dnsName')),
    subnetIds: items(child(item, 'subnetIdSet')).map((s) => s.textContent ?? ''),
    groupIds: items(child(item, 'groupSet')).map((g) => text(g, 'groupId')),
    policy: text(item, 'policyDocument'),
  }));
}

export async function describeInstances(): Promise<Instance[]> {
  const doc = await ec2('DescribeInstances');
  return topItems(doc, 'reservationSet').flatMap((reservation) =>
    items(child(reservation, 'instancesSet')).map((item) => ({
      id: text(item, 'instanceId'),
      ...nameTag(item),
      state: text(child(item, 'instanceState'), 'name'),
      vpcId: text(item, 'vpcId'),
      subnetId: text(item, 'subnetId'),
      privateIp: text(item, 'privateIpAddress'),
      instanceType: text(item, 'instanceType'),
    })),
  );
}
