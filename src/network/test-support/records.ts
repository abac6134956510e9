/**
 * Network records for unit tests, in the shapes the EC2 control plane stores: VPC A (10.0.0.0/16, DNS on)
 * with an execute-api endpoint in two AZs and an instance; VPC B (10.1.0.0/16) with an instance and no
 * endpoint. Every builder takes overrides, so a test states only what it changes.
 */
import type { EndpointInterface, Instance, IpPermission, SecurityGroup, Vpc, VpcEndpoint } from '../../domain/ec2.js';
import type { Scope } from '../../shared/accounts.js';
import type { NetworkRecords } from '../network-view.js';

export const SCOPE: Scope = { account: '000000000000', region: 'us-east-1' };
export const VPCE_ID = 'vpce-0a1b2c3d4e5f60718';
export const VPCE_DNS = `${VPCE_ID}-abcd1234.execute-api.us-east-1.vpce.amazonaws.com`;

export function vpc(id: string, cidr: string, overrides: Partial<Vpc> = {}): Vpc {
  return {
    VpcId: id,
    CidrBlock: cidr,
    State: 'available',
    DhcpOptionsId: 'dopt-0123456789abcdef0',
    InstanceTenancy: 'default',
    IsDefault: false,
    OwnerId: SCOPE.account,
    CidrBlockAssociationSet: [{ AssociationId: `vpc-cidr-assoc-${id.slice(4)}`, CidrBlock: cidr, CidrBlockState: { State: 'associated' } }],
    EnableDnsSupport: true,
    EnableDnsHostnames: true,
    ...overrides,
  };
}

export const allTraffic: IpPermission = { IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] };
export const httpsFrom = (cidr: string): IpPermission => ({ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: cidr }] });

export function group(id: string, vpcId: string, ingress: IpPermission[], egress: IpPermission[] = [allTraffic]): SecurityGroup {
  return { GroupId: id, GroupName: id, Description: id, VpcId: vpcId, OwnerId: SCOPE.account, IpPermissions: ingress, IpPermissionsEgress: egress };
}

export function endpoint(overrides: Partial<VpcEndpoint> = {}): VpcEndpoint {
  const interfaces: EndpointInterface[] = [
    { NetworkInterfaceId: 'eni-0000000000000000a', SubnetId: 'subnet-a1', AvailabilityZone: 'us-east-1a', PrivateIpAddress: '10.0.1.10' },
    { NetworkInterfaceId: 'eni-0000000000000000b', SubnetId: 'subnet-a2', AvailabilityZone: 'us-east-1b', PrivateIpAddress: '10.0.2.10' },
  ];
  return {
    VpcEndpointId: VPCE_ID,
    VpcEndpointType: 'Interface',
    VpcId: 'vpc-a',
    ServiceName: 'com.amazonaws.us-east-1.execute-api',
    State: 'available',
    PolicyDocument: '{"Statement":[{"Action":"*","Effect":"Allow","Principal":"*","Resource":"*"}]}',
    RouteTableIds: [],
    SubnetIds: ['subnet-a1', 'subnet-a2'],
    Groups: [{ GroupId: 'sg-endpoint', GroupName: 'sg-endpoint' }],
    IpAddressType: 'ipv4',
    DnsOptions: { DnsRecordIpType: 'ipv4' },
    PrivateDnsEnabled: true,
    RequesterManaged: false,
    NetworkInterfaceIds: interfaces.map((i) => i.NetworkInterfaceId),
    DnsEntries: [
      { DnsName: VPCE_DNS, HostedZoneId: 'Z7HUB22UULQXV' },
      { DnsName: `${VPCE_ID}-abcd1234-us-east-1a.execute-api.us-east-1.vpce.amazonaws.com`, HostedZoneId: 'Z7HUB22UULQXV' },
      { DnsName: `${VPCE_ID}-abcd1234-us-east-1b.execute-api.us-east-1.vpce.amazonaws.com`, HostedZoneId: 'Z7HUB22UULQXV' },
      { DnsName: 'execute-api.us-east-1.amazonaws.com', HostedZoneId: 'ZONEIDPRIVATE' },
      { DnsName: '*.execute-api.us-east-1.amazonaws.com', HostedZoneId: 'ZONEIDPRIVATE' },
    ],
    CreationTimestamp: '2026-01-01T00:00:00.000Z',
    OwnerId: SCOPE.account,
    Interfaces: interfaces,
    ...overrides,
  };
}

export function instance(id: string, vpcId: string, ip: string, groupIds: string[], overrides: Partial<Instance> = {}): Instance {
  return {
    InstanceId: id,
    ReservationId: `r-${id.slice(2)}`,
    ImageId: 'ami-0123456789abcdef0',
    InstanceType: 't3.micro',
    State: { Code: 16, Name: 'running' },
    PrivateIpAddress: ip,
    PrivateDnsName: `ip-${ip.replaceAll('.', '-')}.ec2.internal`,
    SubnetId: vpcId === 'vpc-a' ? 'subnet-a1' : 'subnet-b1',
    VpcId: vpcId,
    SecurityGroups: groupIds.map((g) => ({ GroupId: g, GroupName: g })),
    Placement: { AvailabilityZone: 'us-east-1a', Tenancy: 'default' },
    LaunchTime: '2026-01-01T00:00:00.000Z',
    AmiLaunchIndex: 0,
    Architecture: 'x86_64',
    RootDeviceType: 'ebs',
    OwnerId: SCOPE.account,
    ...overrides,
  };
}

export const INSTANCE_A = 'i-0aaaaaaaaaaaaaaa1';
export const INSTANCE_B = 'i-0bbbbbbbbbbbbbbb1';

/** The standard picture; `change` edits the plain documents before they are scoped. */
export function records(change: (docs: { vpcs: Vpc[]; groups: SecurityGroup[]; endpoints: VpcEndpoint[]; instances: Instance[] }) => void = () => {}): NetworkRecords {
  const docs = {
    vpcs: [vpc('vpc-a', '10.0.0.0/16'), vpc('vpc-b', '10.1.0.0/16')],
    groups: [group('sg-endpoint', 'vpc-a', [httpsFrom('10.0.0.0/16')]), group('sg-instance', 'vpc-a', []), group('sg-b', 'vpc-b', [])],
    endpoints: [endpoint()],
    instances: [instance(INSTANCE_A, 'vpc-a', '10.0.1.20', ['sg-instance']), instance(INSTANCE_B, 'vpc-b', '10.1.1.20', ['sg-b'])],
  };
  change(docs);
  const scoped = <T>(list: T[]) => list.map((doc) => ({ scope: SCOPE, doc }));
  return { vpcs: scoped(docs.vpcs), securityGroups: scoped(docs.groups), endpoints: scoped(docs.endpoints), instances: scoped(docs.instances) };
}
