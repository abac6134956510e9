/**
 * VPC endpoints end to end with the AWS SDK for JavaScript v3: the execute-api interface endpoint of the
 * private-API tutorial (docs/aws-facts.md §6), Gateway endpoints, ModifyVpcEndpoint, DeleteVpcEndpoints,
 * DescribeVpcEndpoints and DescribeVpcEndpointServices, with AWS's shapes and errors.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CreateSecurityGroupCommand,
  CreateVpcEndpointCommand,
  DeleteVpcEndpointsCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcEndpointServicesCommand,
  DescribeVpcEndpointsCommand,
  ModifyVpcEndpointCommand,
  RunInstancesCommand,
  type CreateVpcEndpointCommandInput,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import type { Gatehouse } from '../src/server/gatehouse.js';
import { ec2GatehouseForFile, idPattern, newSubnet, newVpc, rawEc2 } from './support/ec2.js';
import { ACCOUNT, expectError } from './support/server.js';

const EXECUTE_API = 'com.amazonaws.us-east-1.execute-api';
const FULL_ACCESS = '{"Statement":[{"Action":"*","Effect":"Allow","Principal":"*","Resource":"*"}]}';

let gh: Gatehouse;
let client: EC2Client;
ec2GatehouseForFile((server) => ({ gh, client } = server));

/** A VPC with both DNS attributes on and two subnets in different zones, as the tutorial builds it. */
async function tutorialVpc(cidrPrefix: string) {
  const vpc = await newVpc(client, `${cidrPrefix}.0.0/16`, { dns: true });
  const a = await newSubnet(client, vpc.VpcId, `${cidrPrefix}.1.0/24`, 'us-east-1a');
  const b = await newSubnet(client, vpc.VpcId, `${cidrPrefix}.2.0/24`, 'us-east-1b');
  return { vpc, a, b };
}

function createInterface(input: Partial<CreateVpcEndpointCommandInput> & { VpcId: string }) {
  return client.send(new CreateVpcEndpointCommand({ ServiceName: EXECUTE_API, VpcEndpointType: 'Interface', ...input }));
}

async function endpointOf(id: string) {
  return (await client.send(new DescribeVpcEndpointsCommand({ VpcEndpointIds: [id] }))).VpcEndpoints![0]!;
}

async function freeAddresses(SubnetId: string) {
  return (await client.send(new DescribeSubnetsCommand({ SubnetIds: [SubnetId] }))).Subnets![0]!.AvailableIpAddressCount;
}

describe('CreateVpcEndpoint: the execute-api interface endpoint', () => {
  it('answers an AWS-shaped endpoint: pending at first, then available', async () => {
    const { vpc, a, b } = await tutorialVpc('10.0');
    const sg = (await client.send(new CreateSecurityGroupCommand({ VpcId: vpc.VpcId, GroupName: 'endpoint', Description: 'HTTPS from the VPC' }))).GroupId!;
    const { VpcEndpoint: created } = await createInterface({ VpcId: vpc.VpcId, SubnetIds: [a.SubnetId, b.SubnetId], SecurityGroupIds: [sg] });
    const id = created!.VpcEndpointId!;
    assert.match(id, idPattern('vpce'));
    assert.equal(created!.State, 'pending');
    const e = await endpointOf(id);
    assert.equal(e.State, 'available');
    assert.deepEqual(
      {
        VpcEndpointType: e.VpcEndpointType, VpcId: e.VpcId, ServiceName: e.ServiceName, PolicyDocument: e.PolicyDocument, RouteTableIds: e.RouteTableIds,
        SubnetIds: e.SubnetIds, Groups: e.Groups, IpAddressType: e.IpAddressType, DnsOptions: e.DnsOptions, PrivateDnsEnabled: e.PrivateDnsEnabled,
        RequesterManaged: e.RequesterManaged, Tags: e.Tags, OwnerId: e.OwnerId,
      },
      {
        VpcEndpointType: 'Interface', VpcId: vpc.VpcId, ServiceName: EXECUTE_API, PolicyDocument: FULL_ACCESS, RouteTableIds: [],
        SubnetIds: [a.SubnetId, b.SubnetId], Groups: [{ GroupId: sg, GroupName: 'endpoint' }], IpAddressType: 'ipv4', DnsOptions: { DnsRecordIpType: 'ipv4' }, PrivateDnsEnabled: true,
        RequesterManaged: false, Tags: [], OwnerId: ACCOUNT,
      },
    );
    assert.ok(e.CreationTimestamp instanceof Date && !Number.isNaN(e.CreationTimestamp.getTime()));
    assert.equal(e.NetworkInterfaceIds?.length, 2);
    for (const eni of e.NetworkInterfaceIds!) assert.match(eni, idPattern('eni'));
  });

  it('has AWS\'s DnsEntries: Regional name, one zonal name per zone, then the private names', async () => {
    const { vpc, a, b } = await tutorialVpc('10.1');
    const { VpcEndpoint } = await createInterface({ VpcId: vpc.VpcId, SubnetIds: [b.SubnetId, a.SubnetId] });
    const id = VpcEndpoint!.VpcEndpointId!;
    const entries = (await endpointOf(id)).DnsEntries!;
    assert.equal(entries.length, 5);
    const suffix = new RegExp(`^${id}-([a-z0-9]{8})\\.execute-api\\.us-east-1\\.vpce\\.amazonaws\\.com$`).exec(entries[0]!.DnsName!)?.[1];
    assert.ok(suffix, entries[0]!.DnsName);
    assert.deepEqual(
      entries.map((d) => d.DnsName),
      [
        `${id}-${suffix}.execute-api.us-east-1.vpce.amazonaws.com`,
        `${id}-${suffix}-us-east-1a.execute-api.us-east-1.vpce.amazonaws.com`,
        `${id}-${suffix}-us-east-1b.execute-api.us-east-1.vpce.amazonaws.com`,
        'execute-api.us-east-1.amazonaws.com',
        '*.execute-api.us-east-1.amazonaws.com',
      ],
    );
    assert.deepEqual(entries.slice(0, 3).map((d) => d.HostedZoneId), ['Z7HUB22UULQXV', 'Z7HUB22UULQXV', 'Z7HUB22UULQXV']);
    assert.match(entries[3]!.HostedZoneId!, /^Z0[A-Z0-9]{19}$/);
    assert.equal(entries[4]!.HostedZoneId, entries[3]!.HostedZoneId, 'both private names live in one private hosted zone');
  });

  it('puts a network interface with a private IP in each subnet; the address is not handed out again', async () => {
    const { vpc, a, b } = await tutorialVpc('10.2');
    assert.equal(await freeAddresses(a.SubnetId), 251);
    await createInterface({ VpcId: vpc.VpcId, SubnetIds: [a.SubnetId, b.SubnetId] });
    assert.equal(await freeAddresses(a.SubnetId), 250);
    assert.equal(await freeAddresses(b.SubnetId), 250);
    const { Instances } = await client.send(new RunInstancesCommand({ ImageId: 'ami-12345678', MinCount: 1, MaxCount: 1, SubnetId: a.SubnetId }));
    assert.equal(Instances![0]!.PrivateIpAddress, '10.2.1.5', 'the endpoint holds 10.2.1.4, the first address after the four AWS reserves');
    await expectError(
      client.send(new RunInstancesCommand({ ImageId: 'ami-12345678', MinCount: 1, MaxCount: 1, SubnetId: b.SubnetId, PrivateIpAddress: '10.2.2.4' })),
      'InvalidIPAddress.InUse',
      400,
      'Address 10.2.2.4 is in use.',
    );
  });

  it('uses the VPC\'s default security group when none is given', async () => {
    const { vpc, a } = await tutorialVpc('10.3');
    const { VpcEndpoint } = await createInterface({ VpcId: vpc.VpcId, SubnetIds: [a.SubnetId] });
    const def = (await client.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpc.VpcId] }, { Name: 'group-name', Values: ['default'] }] }))).SecurityGroups![0]!;
    assert.deepEqual(VpcEndpoint!.Groups, [{ GroupId: def.GroupId, GroupName: 'default' }]);
  });

  it('private DNS needs both DNS attributes of the VPC: AWS\'s exact error', async () => {
    const vpc = await newVpc(client, '10.4.0.0/16');
    const subnet = await newSubnet(client, vpc.VpcId, '10.4.1.0/24');
    await expectError(
      createInterface({ VpcId: vpc.VpcId, SubnetIds: [subnet.SubnetId] }),
      'InvalidParameter',
      400,
      `Enabling private DNS requires both enableDnsSupport and enableDnsHostnames VPC attributes set to true for ${vpc.VpcId}`,
    );
    assert.equal(await freeAddresses(subnet.SubnetId), 251, 'the failed call stored nothing');
    const { VpcEndpoint } = await createInterface({ VpcId: vpc.VpcId, SubnetIds: [subnet.SubnetId], PrivateDnsEnabled: false });
    assert.equal(VpcEndpoint!.PrivateDnsEnabled, false);
    assert.equal(VpcEndpoint!.DnsEntries?.length, 2, 'public names only');
  });

  it('only one endpoint per VPC may hold the private names', async () => {
    const { vpc, a } = await tutorialVpc('10.5');
    await createInterface({ VpcId: vpc.VpcId, SubnetIds: [a.SubnetId] });
    await expectError(
      createInterface({ VpcId: vpc.VpcId }),
      'InvalidParameter',
      400,
      `private-dns-enabled cannot be set because there is already a conflicting DNS domain for execute-api.us-east-1.amazonaws.com in the VPC ${vpc.VpcId}`,
    );
    await createInterface({ VpcId: vpc.VpcId, PrivateDnsEnabled: false });
  });

  it('refuses two subnets in one zone, subnets and groups of other VPCs, unknown ids', async () => {
    const { vpc, a } = await tutorialVpc('10.6');
    const a2 = await newSubnet(client, vpc.VpcId, '10.6.3.0/24', 'us-east-1a');
    await expectError(
      createInterface({ VpcId: vpc.VpcId, SubnetIds: [a.SubnetId, a2.SubnetId] }),
      'DuplicateSubnetsInSameZone',
      400,
      `Found another VPC endpoint subnet in the availability zone of ${a.SubnetId}. VPC endpoint subnets should be in different availability zones supported by the VPC endpoint service.`,
    );
    const other = await tutorialVpc('10.7');
    await expectError(createInterface({ VpcId: vpc.VpcId, SubnetIds: [other.a.SubnetId] }), 'InvalidParameter', 400, 'You have specified two resources that belong to different networks.');
    await expectError(createInterface({ VpcId: vpc.VpcId, SubnetIds: ['subnet-0000000000000000e'] }), 'InvalidSubnetID.NotFound', 400, "The subnet ID 'subnet-0000000000000000e' does not exist");
    await expectError(
      createInterface({ VpcId: vpc.VpcId, SubnetIds: ['a.subnet'] }),
      'InvalidSubnetId.Malformed',
      400,
      "Invalid Subnet Id: 'a.subnet' (expecting 'subnet-...; the Id may only contain lowercase alphanumeric characters and a single dash')",
    );
    await expectError(createInterface({ VpcId: vpc.VpcId, SecurityGroupIds: ['sg-0000000000000000e'] }), 'InvalidGroup.NotFound', 400, "The security group 'sg-0000000000000000e' does not exist");
    await expectError(createInterface({ VpcId: 'vpc-0000000000000000e' }), 'InvalidVpcID.NotFound', 400, "The vpc ID 'vpc-0000000000000000e' does not exist");
    await expectError(
      createInterface({ VpcId: 'MalformedVpcId' }),
      'InvalidVpcId.Malformed',
      400,
      "Invalid Id: 'MalformedVpcId' (expecting 'vpc-...; the Id may only contain lowercase alphanumeric characters and a single dash')",
    );
  });

  it('VpcEndpointType defaults to Gateway, which execute-api does not offer; unknown services are refused', async () => {
    const { vpc } = await tutorialVpc('10.8');
    await expectError(
      client.send(new CreateVpcEndpointCommand({ VpcId: vpc.VpcId, ServiceName: EXECUTE_API })),
      'InvalidParameter',
      400,
      'Endpoint type (Gateway) does not match available service types ([Interface]).',
    );
    await expectError(
      client.send(new CreateVpcEndpointCommand({ VpcId: vpc.VpcId, ServiceName: 'com.amazonaws.us-east-1.nothing', VpcEndpointType: 'Interface' })),
      'InvalidServiceName',
      400,
      "The Vpc Endpoint Service 'com.amazonaws.us-east-1.nothing' does not exist",
    );
    await expectError(
      client.send(new CreateVpcEndpointCommand({ VpcId: vpc.VpcId, ServiceName: 'com.amazonaws.eu-west-1.execute-api', VpcEndpointType: 'Interface' })),
      'InvalidServiceName',
      400,
      "The Vpc Endpoint Service 'com.amazonaws.eu-west-1.execute-api' does not exist",
    );
  });

  it('keeps a given policy as sent; refuses one that is not a policy', async () => {
    const { vpc } = await tutorialVpc('10.9');
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: '*' }] }, null, 2);
    const { VpcEndpoint } = await createInterface({ VpcId: vpc.VpcId, PrivateDnsEnabled: false, PolicyDocument: policy });
    assert.equal(VpcEndpoint!.PolicyDocument, policy);
    await expectError(createInterface({ VpcId: vpc.VpcId, PrivateDnsEnabled: false, PolicyDocument: '{"Statement": [' }), 'InvalidPolicyDocument', 400, 'The Policy Document is not valid. Syntax error at position (1,16)');
    await expectError(createInterface({ VpcId: vpc.VpcId, PrivateDnsEnabled: false, PolicyDocument: '{"Statement": 1}' }), 'InvalidPolicyDocument', 400, 'The Policy Document is not valid.');
  });

  it('DryRun checks everything, answers DryRunOperation and allocates nothing', async () => {
    const { vpc, a } = await tutorialVpc('10.10');
    await expectError(createInterface({ VpcId: vpc.VpcId, SubnetIds: [a.SubnetId], DryRun: true }), 'DryRunOperation', 412, 'Request would have succeeded, but DryRun flag is set.');
    assert.equal(await freeAddresses(a.SubnetId), 251);
    assert.deepEqual((await client.send(new DescribeVpcEndpointsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpc.VpcId] }] }))).VpcEndpoints, []);
  });

  it('answers AWS\'s XML: lower-case state, dnsEntrySet items, no Gatehouse-only fields', async () => {
    const { vpc, a } = await tutorialVpc('10.11');
    const { VpcEndpoint } = await createInterface({ VpcId: vpc.VpcId, SubnetIds: [a.SubnetId] });
    const { text } = await rawEc2(gh, { Action: 'DescribeVpcEndpoints', 'VpcEndpointId.1': VpcEndpoint!.VpcEndpointId! });
    assert.ok(text.includes('<state>available</state>'), text);
    assert.ok(/<dnsEntrySet><item><dnsName>vpce-[0-9a-f]{17}-[a-z0-9]{8}\.execute-api\.us-east-1\.vpce\.amazonaws\.com<\/dnsName><hostedZoneId>Z7HUB22UULQXV<\/hostedZoneId><\/item>/.test(text), text);
    assert.ok(text.includes('<tagSet/>') || text.includes('<tagSet></tagSet>'), text);
    assert.ok(!/Interfaces|DnsSuffix|PrivateHostedZoneId/.test(text), text);
  });
});

describe('Gateway endpoints', () => {
  it('s3 as a Gateway endpoint: no subnets, groups, DNS entries', async () => {
    const { vpc } = await tutorialVpc('10.20');
    const { VpcEndpoint: e } = await client.send(new CreateVpcEndpointCommand({ VpcId: vpc.VpcId, ServiceName: 'com.amazonaws.us-east-1.s3' }));
    assert.deepEqual(
      [e!.VpcEndpointType, e!.State, e!.SubnetIds, e!.Groups, e!.DnsEntries, e!.NetworkInterfaceIds, e!.PrivateDnsEnabled, e!.RouteTableIds, e!.PolicyDocument],
      ['Gateway', 'available', [], [], [], [], false, [], FULL_ACCESS],
    );
    await expectError(
      client.send(new CreateVpcEndpointCommand({ VpcId: vpc.VpcId, ServiceName: 'com.amazonaws.us-east-1.s3', SubnetIds: ['subnet-00000000000000000'] })),
      'InvalidParameter',
      400,
      'Subnet IDs are only supported for Interface and GatewayLoadBalancer type VPC Endpoints.',
    );
    await expectError(
      createInterface({ VpcId: vpc.VpcId, RouteTableIds: ['rtb-00000000000000000'] }),
      'InvalidParameter',
      400,
      'Route table IDs are only supported for Gateway type VPC Endpoint.',
    );
  });
});

describe('ModifyVpcEndpoint', () => {
  it('adds and removes subnets: interfaces, addresses and zonal names follow', async () => {
    const { vpc, a, b } = await tutorialVpc('10.30');
    const { VpcEndpoint } = await createInterface({ VpcId: vpc.VpcId, SubnetIds: [a.SubnetId] });
    const id = VpcEndpoint!.VpcEndpointId!;
    assert.equal((await client.send(new ModifyVpcEndpointCommand({ VpcEndpointId: id, AddSubnetIds: [b.SubnetId] }))).Return, true);
    let e = await endpointOf(id);
    assert.deepEqual(e.SubnetIds, [a.SubnetId, b.SubnetId]);
    assert.equal(e.NetworkInterfaceIds?.length, 2);
    assert.equal(e.DnsEntries?.length, 5);
    assert.equal(await freeAddresses(b.SubnetId), 250);
    await client.send(new ModifyVpcEndpointCommand({ VpcEndpointId: id, RemoveSubnetIds: [a.SubnetId] }));
    e = await endpointOf(id);
    assert.deepEqual(e.SubnetIds, [b.SubnetId]);
    assert.ok(e.DnsEntries?.some((d) => d.DnsName!.includes('-us-east-1b.')) && !e.DnsEntries?.some((d) => d.DnsName!.includes('-us-east-1a.')));
    assert.equal(await freeAddresses(a.SubnetId), 251, 'the removed interface gave its address back');
    const a2 = await newSubnet(client, vpc.VpcId, '10.30.3.0/24', 'us-east-1b');
    await expectError(
      client.send(new ModifyVpcEndpointCommand({ VpcEndpointId: id, AddSubnetIds: [a2.SubnetId] })),
      'DuplicateSubnetsInSameZone',
      400,
      `Found another VPC endpoint subnet in the availability zone of ${b.SubnetId}. VPC endpoint subnets should be in different availability zones supported by the VPC endpoint service.`,
    );
    // Moving within a zone works in one call: removals happen first.
    await client.send(new ModifyVpcEndpointCommand({ VpcEndpointId: id, RemoveSubnetIds: [b.SubnetId], AddSubnetIds: [a2.SubnetId] }));
    assert.deepEqual((await endpointOf(id)).SubnetIds, [a2.SubnetId]);
  });

  it('security groups, private DNS on and off, policy and reset', async () => {
    const { vpc, a } = await tutorialVpc('10.31');
    const sg = (await client.send(new CreateSecurityGroupCommand({ VpcId: vpc.VpcId, GroupName: 'extra', Description: 'x' }))).GroupId!;
    const { VpcEndpoint } = await createInterface({ VpcId: vpc.VpcId, SubnetIds: [a.SubnetId] });
    const id = VpcEndpoint!.VpcEndpointId!;
    const defaultId = VpcEndpoint!.Groups![0]!.GroupId!;
    await client.send(new ModifyVpcEndpointCommand({ VpcEndpointId: id, AddSecurityGroupIds: [sg], RemoveSecurityGroupIds: [defaultId] }));
    assert.deepEqual((await endpointOf(id)).Groups, [{ GroupId: sg, GroupName: 'extra' }]);
    await client.send(new ModifyVpcEndpointCommand({ VpcEndpointId: id, PrivateDnsEnabled: false }));
    let e = await endpointOf(id);
    assert.equal(e.PrivateDnsEnabled, false);
    assert.deepEqual(e.DnsEntries?.map((d) => d.DnsName!.endsWith('.vpce.amazonaws.com')), [true, true]);
    await client.send(new ModifyVpcEndpointCommand({ VpcEndpointId: id, PrivateDnsEnabled: true }));
    e = await endpointOf(id);
    assert.equal(e.DnsEntries?.length, 4);
    assert.equal(e.DnsEntries![0]!.DnsName, VpcEndpoint!.DnsEntries![0]!.DnsName, 'the names keep their suffix');
    const policy = '{"Statement":[{"Effect":"Deny","Principal":"*","Action":"*","Resource":"*"}]}';
    await client.send(new ModifyVpcEndpointCommand({ VpcEndpointId: id, PolicyDocument: policy }));
    assert.equal((await endpointOf(id)).PolicyDocument, policy);
    await client.send(new ModifyVpcEndpointCommand({ VpcEndpointId: id, ResetPolicy: true }));
    assert.equal((await endpointOf(id)).PolicyDocument, FULL_ACCESS);
    await expectError(client.send(new ModifyVpcEndpointCommand({ VpcEndpointId: 'vpce-0000000000000000e', ResetPolicy: true })), 'InvalidVpcEndpointId.NotFound', 400, "The Vpc Endpoint Id 'vpce-0000000000000000e' does not exist");
  });

  it('turning private DNS on checks the VPC attributes', async () => {
    const vpc = await newVpc(client, '10.32.0.0/16');
    const { VpcEndpoint } = await createInterface({ VpcId: vpc.VpcId, PrivateDnsEnabled: false });
    await expectError(
      client.send(new ModifyVpcEndpointCommand({ VpcEndpointId: VpcEndpoint!.VpcEndpointId!, PrivateDnsEnabled: true })),
      'InvalidParameter',
      400,
      `Enabling private DNS requires both enableDnsSupport and enableDnsHostnames VPC attributes set to true for ${vpc.VpcId}`,
    );
  });
});

describe('DeleteVpcEndpoints and DescribeVpcEndpoints', () => {
  it('deletes known endpoints, reports unknown ones as Unsuccessful, and frees the addresses', async () => {
    const { vpc, a } = await tutorialVpc('10.40');
    const { VpcEndpoint } = await createInterface({ VpcId: vpc.VpcId, SubnetIds: [a.SubnetId] });
    const id = VpcEndpoint!.VpcEndpointId!;
    const out = await client.send(new DeleteVpcEndpointsCommand({ VpcEndpointIds: [id, 'vpce-0000000000000000e'] }));
    assert.deepEqual(out.Unsuccessful, [{ Error: { Code: 'InvalidVpcEndpointId.NotFound', Message: "The Vpc Endpoint Id 'vpce-0000000000000000e' does not exist" }, ResourceId: 'vpce-0000000000000000e' }]);
    assert.equal(await freeAddresses(a.SubnetId), 251);
    await expectError(client.send(new DescribeVpcEndpointsCommand({ VpcEndpointIds: [id] })), 'InvalidVpcEndpointId.NotFound', 400, `The Vpc Endpoint Id '${id}' does not exist`);
    assert.deepEqual((await client.send(new DeleteVpcEndpointsCommand({ VpcEndpointIds: [id] }))).Unsuccessful?.map((u) => u.ResourceId), [id]);
  });

  it('filters: vpc-id, vpc-endpoint-type, service-name, vpc-endpoint-state, tags', async () => {
    const { vpc } = await tutorialVpc('10.41');
    const { VpcEndpoint: i } = await createInterface({ VpcId: vpc.VpcId, TagSpecifications: [{ ResourceType: 'vpc-endpoint', Tags: [{ Key: 'Name', Value: 'api' }] }] });
    const { VpcEndpoint: g } = await client.send(new CreateVpcEndpointCommand({ VpcId: vpc.VpcId, ServiceName: 'com.amazonaws.us-east-1.dynamodb' }));
    const ids = async (Filters: Array<{ Name: string; Values: string[] }>) =>
      (await client.send(new DescribeVpcEndpointsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpc.VpcId] }, ...Filters] }))).VpcEndpoints!.map((e) => e.VpcEndpointId);
    assert.deepEqual(await ids([]), [i!.VpcEndpointId, g!.VpcEndpointId]);
    assert.deepEqual(await ids([{ Name: 'vpc-endpoint-type', Values: ['Interface'] }]), [i!.VpcEndpointId]);
    assert.deepEqual(await ids([{ Name: 'service-name', Values: ['*.dynamodb'] }]), [g!.VpcEndpointId]);
    assert.deepEqual(await ids([{ Name: 'vpc-endpoint-state', Values: ['available'] }]), [i!.VpcEndpointId, g!.VpcEndpointId]);
    assert.deepEqual(await ids([{ Name: 'tag:Name', Values: ['api'] }]), [i!.VpcEndpointId]);
    assert.deepEqual(i!.Tags, [{ Key: 'Name', Value: 'api' }]);
  });
});

describe('DescribeVpcEndpointServices', () => {
  it('lists execute-api as an Interface service, and the Gateway services', async () => {
    const out = await client.send(new DescribeVpcEndpointServicesCommand({}));
    assert.ok(out.ServiceNames?.includes(EXECUTE_API));
    assert.ok(out.ServiceNames?.includes('com.amazonaws.us-east-1.s3'));
    assert.ok(out.ServiceNames?.includes('com.amazonaws.us-east-1.dynamodb'));
    const api = out.ServiceDetails!.find((d) => d.ServiceName === EXECUTE_API)!;
    assert.deepEqual(api.ServiceType, [{ ServiceType: 'Interface' }]);
    assert.deepEqual(api.BaseEndpointDnsNames, ['execute-api.us-east-1.vpce.amazonaws.com']);
    assert.equal(api.PrivateDnsName, '*.execute-api.us-east-1.amazonaws.com');
    assert.deepEqual(api.AvailabilityZones, ['us-east-1a', 'us-east-1b', 'us-east-1c', 'us-east-1d', 'us-east-1e', 'us-east-1f']);
    assert.deepEqual([api.Owner, api.VpcEndpointPolicySupported, api.AcceptanceRequired], ['amazon', true, false]);
    assert.match(api.ServiceId!, idPattern('vpce-svc'));
    const gateways = await client.send(new DescribeVpcEndpointServicesCommand({ Filters: [{ Name: 'service-type', Values: ['Gateway'] }] }));
    assert.deepEqual(gateways.ServiceNames, ['com.amazonaws.us-east-1.dynamodb', 'com.amazonaws.us-east-1.s3']);
    const named = await client.send(new DescribeVpcEndpointServicesCommand({ ServiceNames: [EXECUTE_API] }));
    assert.deepEqual(named.ServiceNames, [EXECUTE_API]);
    await expectError(client.send(new DescribeVpcEndpointServicesCommand({ ServiceNames: ['s3'] })), 'InvalidServiceName', 400, "The Vpc Endpoint Service 's3' does not exist");
  });
});
