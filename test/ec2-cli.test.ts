/**
 * The EC2 side of the private-API tutorial with the AWS CLI v2 (issue 3's first check), run against a real
 * Gatehouse: a VPC with both DNS attributes, two subnets, a security group admitting HTTPS from the VPC, the
 * execute-api interface endpoint with private DNS, and an instance in the VPC.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { VpcEndpoint } from '../src/domain/ec2.js';
import type { Gatehouse } from '../src/server/gatehouse.js';
import { awsCli, awsCliError, startTestGatehouse } from './support/server.js';

let gh: Gatehouse;
before(async () => {
  gh = await startTestGatehouse();
});
after(() => gh.dispose());

const ec2 = async <T>(...args: string[]): Promise<T> => (await awsCli(gh, ['ec2', ...args])).json as T;

/** What the CLI prints for an endpoint: the domain record's EC2 members, timestamps as text. */
type CliEndpoint = Omit<VpcEndpoint, 'Interfaces' | 'DnsSuffix' | 'PrivateHostedZoneId' | 'Tags'> & { Tags: unknown[] };

describe('the private-API tutorial\'s network, with the AWS CLI', () => {
  let vpcId: string;
  let subnetA: string;
  let subnetB: string;
  let groupId: string;
  let endpoint: CliEndpoint;

  it('create-vpc, then both DNS attributes on with modify-vpc-attribute', async () => {
    const { Vpc } = await ec2<{ Vpc: { VpcId: string; CidrBlock: string; State: string; IsDefault: boolean } }>('create-vpc', '--cidr-block', '10.0.0.0/16');
    assert.match(Vpc.VpcId, /^vpc-[0-9a-f]{17}$/);
    assert.deepEqual([Vpc.CidrBlock, Vpc.State, Vpc.IsDefault], ['10.0.0.0/16', 'pending', false]);
    vpcId = Vpc.VpcId;
    const hostnamesBefore = await ec2<{ EnableDnsHostnames: { Value: boolean } }>('describe-vpc-attribute', '--vpc-id', vpcId, '--attribute', 'enableDnsHostnames');
    assert.deepEqual(hostnamesBefore, { VpcId: vpcId, EnableDnsHostnames: { Value: false } });
    const support = await awsCli(gh, ['ec2', 'modify-vpc-attribute', '--vpc-id', vpcId, '--enable-dns-support', '{"Value":true}']);
    const hostnames = await awsCli(gh, ['ec2', 'modify-vpc-attribute', '--vpc-id', vpcId, '--enable-dns-hostnames', '{"Value":true}']);
    assert.deepEqual([support.stdout, hostnames.stdout], ['', ''], 'the CLI prints nothing for <return>true</return>');
    assert.deepEqual(await ec2('describe-vpc-attribute', '--vpc-id', vpcId, '--attribute', 'enableDnsSupport'), { VpcId: vpcId, EnableDnsSupport: { Value: true } });
    assert.deepEqual(await ec2('describe-vpc-attribute', '--vpc-id', vpcId, '--attribute', 'enableDnsHostnames'), { VpcId: vpcId, EnableDnsHostnames: { Value: true } });
  });

  it('create-subnet twice, in two Availability Zones', async () => {
    type Out = { Subnet: { SubnetId: string; VpcId: string; CidrBlock: string; AvailabilityZone: string; AvailabilityZoneId: string; AvailableIpAddressCount: number } };
    const a = (await ec2<Out>('create-subnet', '--vpc-id', vpcId, '--cidr-block', '10.0.1.0/24', '--availability-zone', 'us-east-1a')).Subnet;
    const b = (await ec2<Out>('create-subnet', '--vpc-id', vpcId, '--cidr-block', '10.0.2.0/24', '--availability-zone', 'us-east-1b')).Subnet;
    assert.deepEqual([a.VpcId, a.CidrBlock, a.AvailabilityZone, a.AvailabilityZoneId, a.AvailableIpAddressCount], [vpcId, '10.0.1.0/24', 'us-east-1a', 'use1-az1', 251]);
    assert.deepEqual([b.AvailabilityZone, b.AvailabilityZoneId], ['us-east-1b', 'use1-az2']);
    subnetA = a.SubnetId;
    subnetB = b.SubnetId;
    const conflict = await awsCliError(gh, ['ec2', 'create-subnet', '--vpc-id', vpcId, '--cidr-block', '10.0.1.128/25']);
    assert.equal(conflict.stderr.trim(), "An error occurred (InvalidSubnet.Conflict) when calling the CreateSubnet operation: The CIDR '10.0.1.128/25' conflicts with another subnet");
  });

  it('create-security-group admitting 443 from the VPC CIDR', async () => {
    ({ GroupId: groupId } = await ec2<{ GroupId: string }>('create-security-group', '--group-name', 'private-api-endpoint', '--description', 'HTTPS from the VPC', '--vpc-id', vpcId));
    const auth = await ec2<{ Return: boolean; SecurityGroupRules: Array<Record<string, unknown>> }>(
      'authorize-security-group-ingress', '--group-id', groupId, '--protocol', 'tcp', '--port', '443', '--cidr', '10.0.0.0/16',
    );
    assert.equal(auth.Return, true);
    assert.deepEqual({ ...auth.SecurityGroupRules[0], SecurityGroupRuleId: 'sgr' }, {
      SecurityGroupRuleId: 'sgr', GroupId: groupId, GroupOwnerId: '000000000000', IsEgress: false, IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIpv4: '10.0.0.0/16',
    });
    const { SecurityGroups } = await ec2<{ SecurityGroups: Array<{ IpPermissions: unknown[] }> }>('describe-security-groups', '--group-ids', groupId);
    assert.deepEqual(SecurityGroups[0]!.IpPermissions, [{ FromPort: 443, IpProtocol: 'tcp', IpRanges: [{ CidrIp: '10.0.0.0/16' }], Ipv6Ranges: [], PrefixListIds: [], ToPort: 443, UserIdGroupPairs: [] }]);
  });

  it('create-vpc-endpoint: the execute-api interface endpoint with private DNS', async () => {
    const { VpcEndpoint } = await ec2<{ VpcEndpoint: CliEndpoint }>(
      'create-vpc-endpoint', '--vpc-id', vpcId, '--vpc-endpoint-type', 'Interface', '--service-name', 'com.amazonaws.us-east-1.execute-api',
      '--subnet-ids', subnetA, subnetB, '--security-group-ids', groupId, '--private-dns-enabled',
    );
    assert.match(VpcEndpoint.VpcEndpointId, /^vpce-[0-9a-f]{17}$/);
    assert.equal(VpcEndpoint.State, 'pending');
    assert.equal(VpcEndpoint.PrivateDnsEnabled, true);
    endpoint = VpcEndpoint;
  });

  it('describe-vpc-endpoints shows the endpoint as AWS does, with AWS-shaped DnsEntries', async () => {
    const { VpcEndpoints } = await ec2<{ VpcEndpoints: CliEndpoint[] }>('describe-vpc-endpoints', '--vpc-endpoint-ids', endpoint.VpcEndpointId);
    const e = VpcEndpoints[0]!;
    const id = endpoint.VpcEndpointId;
    const suffix = /^vpce-[0-9a-f]{17}-([a-z0-9]{8})\./.exec(e.DnsEntries[0]!.DnsName)?.[1];
    assert.ok(suffix, e.DnsEntries[0]!.DnsName);
    const privateZone = e.DnsEntries[3]!.HostedZoneId;
    assert.match(privateZone, /^Z0[A-Z0-9]{19}$/);
    assert.ok(!Number.isNaN(Date.parse(e.CreationTimestamp)));
    assert.equal(e.NetworkInterfaceIds.length, 2);
    assert.deepEqual({ ...e, CreationTimestamp: 'ts', NetworkInterfaceIds: [] }, {
      VpcEndpointId: id,
      VpcEndpointType: 'Interface',
      VpcId: vpcId,
      ServiceName: 'com.amazonaws.us-east-1.execute-api',
      State: 'available',
      PolicyDocument: '{"Statement":[{"Action":"*","Effect":"Allow","Principal":"*","Resource":"*"}]}',
      RouteTableIds: [],
      SubnetIds: [subnetA, subnetB],
      Groups: [{ GroupId: groupId, GroupName: 'private-api-endpoint' }],
      IpAddressType: 'ipv4',
      DnsOptions: { DnsRecordIpType: 'ipv4' },
      PrivateDnsEnabled: true,
      RequesterManaged: false,
      NetworkInterfaceIds: [],
      DnsEntries: [
        { DnsName: `${id}-${suffix}.execute-api.us-east-1.vpce.amazonaws.com`, HostedZoneId: 'Z7HUB22UULQXV' },
        { DnsName: `${id}-${suffix}-us-east-1a.execute-api.us-east-1.vpce.amazonaws.com`, HostedZoneId: 'Z7HUB22UULQXV' },
        { DnsName: `${id}-${suffix}-us-east-1b.execute-api.us-east-1.vpce.amazonaws.com`, HostedZoneId: 'Z7HUB22UULQXV' },
        { DnsName: 'execute-api.us-east-1.amazonaws.com', HostedZoneId: privateZone },
        { DnsName: '*.execute-api.us-east-1.amazonaws.com', HostedZoneId: privateZone },
      ],
      CreationTimestamp: 'ts',
      Tags: [],
      OwnerId: '000000000000',
    });
    const byFilter = await ec2<{ VpcEndpoints: CliEndpoint[] }>('describe-vpc-endpoints', '--filters', `Name=vpc-id,Values=${vpcId}`, 'Name=vpc-endpoint-type,Values=Interface');
    assert.deepEqual(byFilter.VpcEndpoints.map((x) => x.VpcEndpointId), [id]);
  });

  it('private DNS in a VPC without the DNS attributes fails with AWS\'s exact error', async () => {
    const { Vpc } = await ec2<{ Vpc: { VpcId: string } }>('create-vpc', '--cidr-block', '10.1.0.0/16');
    const { Subnet } = await ec2<{ Subnet: { SubnetId: string } }>('create-subnet', '--vpc-id', Vpc.VpcId, '--cidr-block', '10.1.1.0/24');
    const failed = await awsCliError(gh, [
      'ec2', 'create-vpc-endpoint', '--vpc-id', Vpc.VpcId, '--vpc-endpoint-type', 'Interface', '--service-name', 'com.amazonaws.us-east-1.execute-api',
      '--subnet-ids', Subnet.SubnetId, '--private-dns-enabled',
    ]);
    assert.equal(failed.code, 254);
    assert.equal(
      failed.stderr.trim(),
      `An error occurred (InvalidParameter) when calling the CreateVpcEndpoint operation: Enabling private DNS requires both enableDnsSupport and enableDnsHostnames VPC attributes set to true for ${Vpc.VpcId}`,
    );
    const gateway = await awsCliError(gh, ['ec2', 'create-vpc-endpoint', '--vpc-id', Vpc.VpcId, '--service-name', 'com.amazonaws.us-east-1.execute-api']);
    assert.equal(gateway.stderr.trim(), 'An error occurred (InvalidParameter) when calling the CreateVpcEndpoint operation: Endpoint type (Gateway) does not match available service types ([Interface]).');
  });

  it('run-instances in the VPC gives an instance with a private IP in its subnet', async () => {
    type Instance = { InstanceId: string; PrivateIpAddress: string; PrivateDnsName: string; SubnetId: string; VpcId: string; State: { Code: number; Name: string }; SecurityGroups: Array<{ GroupId: string }> };
    const run = await ec2<{ Instances: Instance[] }>('run-instances', '--image-id', 'ami-0abcdef1234567890', '--count', '1', '--instance-type', 't3.micro', '--subnet-id', subnetA, '--security-group-ids', groupId);
    const launched = run.Instances[0]!;
    assert.match(launched.InstanceId, /^i-[0-9a-f]{17}$/);
    assert.match(launched.PrivateIpAddress, /^10\.0\.1\.\d+$/);
    assert.equal(launched.PrivateIpAddress, '10.0.1.5', 'the endpoint\'s interface holds 10.0.1.4');
    assert.equal(launched.PrivateDnsName, 'ip-10-0-1-5.ec2.internal');
    const { Reservations } = await ec2<{ Reservations: Array<{ Instances: Instance[] }> }>('describe-instances', '--instance-ids', launched.InstanceId);
    const i = Reservations[0]!.Instances[0]!;
    assert.deepEqual([i.State, i.SubnetId, i.VpcId, i.PrivateIpAddress, i.SecurityGroups.map((g) => g.GroupId)], [{ Code: 16, Name: 'running' }, subnetA, vpcId, '10.0.1.5', [groupId]]);
    const terminated = await ec2<{ TerminatingInstances: unknown[] }>('terminate-instances', '--instance-ids', launched.InstanceId);
    assert.deepEqual(terminated.TerminatingInstances, [{ CurrentState: { Code: 32, Name: 'shutting-down' }, InstanceId: launched.InstanceId, PreviousState: { Code: 16, Name: 'running' } }]);
  });

  it('delete-vpc-endpoints reports unknown ids as Unsuccessful', async () => {
    const out = await ec2<{ Unsuccessful: unknown[] }>('delete-vpc-endpoints', '--vpc-endpoint-ids', endpoint.VpcEndpointId, 'vpce-0000000000000000f');
    assert.deepEqual(out.Unsuccessful, [{ Error: { Code: 'InvalidVpcEndpointId.NotFound', Message: "The Vpc Endpoint Id 'vpce-0000000000000000f' does not exist" }, ResourceId: 'vpce-0000000000000000f' }]);
  });
});
