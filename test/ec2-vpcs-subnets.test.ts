/**
 * EC2 VPCs, subnets and Availability Zones end to end with the AWS SDK for JavaScript v3: the default VPC every
 * account+region has, CreateVpc / DescribeVpcs / DeleteVpc / Modify- and DescribeVpcAttribute, CreateSubnet /
 * DescribeSubnets / DeleteSubnet, DescribeAvailabilityZones, filters, paging, DryRun and AWS's errors.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import {
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DeleteSecurityGroupCommand,
  DeleteSubnetCommand,
  DeleteVpcCommand,
  DescribeAccountAttributesCommand,
  DescribeAvailabilityZonesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcAttributeCommand,
  DescribeVpcsCommand,
  ModifyVpcAttributeCommand,
  RunInstancesCommand,
  TerminateInstancesCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import type { Gatehouse } from '../src/server/gatehouse.js';
import { ec2GatehouseForFile, idPattern, newSubnet, newVpc, rawEc2 } from './support/ec2.js';
import { ACCOUNT, ec2Client, expectError } from './support/server.js';

let gh: Gatehouse;
let client: EC2Client;
const clients: EC2Client[] = [];

let accounts = 0;

/** A client of an account of its own, so tests that count VPCs see only their own. */
function freshAccount(region = 'us-east-1', account = String(100000000000 + ++accounts)): EC2Client & { account: string } {
  const c = Object.assign(ec2Client(gh, region, account), { account });
  clients.push(c);
  return c;
}

ec2GatehouseForFile((server) => ({ gh, client } = server));
after(() => {
  for (const c of clients) c.destroy();
});

describe('the default VPC', () => {
  it('exists from the first call: 172.31.0.0/16, IsDefault, both DNS attributes on', async () => {
    const c = freshAccount();
    const { Vpcs } = await c.send(new DescribeVpcsCommand({}));
    assert.equal(Vpcs?.length, 1);
    const vpc = Vpcs![0]!;
    assert.match(vpc.VpcId!, idPattern('vpc'));
    assert.equal(vpc.CidrBlock, '172.31.0.0/16');
    assert.equal(vpc.IsDefault, true);
    assert.equal(vpc.State, 'available');
    assert.equal(vpc.InstanceTenancy, 'default');
    assert.equal(vpc.OwnerId, c.account);
    assert.match(vpc.DhcpOptionsId!, idPattern('dopt'));
    assert.deepEqual(vpc.CidrBlockAssociationSet?.map((a) => [a.CidrBlock, a.CidrBlockState?.State]), [['172.31.0.0/16', 'associated']]);
    assert.match(vpc.CidrBlockAssociationSet![0]!.AssociationId!, idPattern('vpc-cidr-assoc'));
    for (const Attribute of ['enableDnsSupport', 'enableDnsHostnames'] as const) {
      const out = await c.send(new DescribeVpcAttributeCommand({ VpcId: vpc.VpcId, Attribute }));
      assert.equal((Attribute === 'enableDnsSupport' ? out.EnableDnsSupport : out.EnableDnsHostnames)?.Value, true, Attribute);
    }
  });

  it('has a default /20 subnet in each of us-east-1a..f, handing out public addresses', async () => {
    const c = freshAccount();
    const { Subnets } = await c.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'default-for-az', Values: ['true'] }] }));
    assert.deepEqual(
      Subnets?.map((s) => [s.AvailabilityZone, s.AvailabilityZoneId, s.CidrBlock, s.AvailableIpAddressCount, s.MapPublicIpOnLaunch]),
      [
        ['us-east-1a', 'use1-az1', '172.31.0.0/20', 4091, true],
        ['us-east-1b', 'use1-az2', '172.31.16.0/20', 4091, true],
        ['us-east-1c', 'use1-az3', '172.31.32.0/20', 4091, true],
        ['us-east-1d', 'use1-az4', '172.31.48.0/20', 4091, true],
        ['us-east-1e', 'use1-az5', '172.31.64.0/20', 4091, true],
        ['us-east-1f', 'use1-az6', '172.31.80.0/20', 4091, true],
      ],
    );
  });

  it("has a 'default' security group: all traffic from itself in, all traffic out", async () => {
    const c = freshAccount();
    const { SecurityGroups } = await c.send(new DescribeSecurityGroupsCommand({ GroupNames: ['default'] }));
    const g = SecurityGroups![0]!;
    assert.equal(g.Description, 'default VPC security group');
    assert.deepEqual(g.IpPermissions, [{ IpProtocol: '-1', IpRanges: [], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [{ GroupId: g.GroupId, UserId: c.account }] }]);
    assert.deepEqual(g.IpPermissionsEgress, [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [] }]);
  });

  it('is per account and region; other regions have three zones, with their own zone ids', async () => {
    const east = freshAccount();
    const west = freshAccount('eu-west-1', east.account);
    const a = (await east.send(new DescribeVpcsCommand({}))).Vpcs![0]!.VpcId;
    const b = (await west.send(new DescribeVpcsCommand({}))).Vpcs![0]!.VpcId;
    assert.notEqual(a, b);
    const { Subnets } = await west.send(new DescribeSubnetsCommand({}));
    assert.deepEqual(Subnets?.map((s) => [s.AvailabilityZone, s.AvailabilityZoneId]), [['eu-west-1a', 'euw1-az1'], ['eu-west-1b', 'euw1-az2'], ['eu-west-1c', 'euw1-az3']]);
    const { AvailabilityZones } = await west.send(new DescribeAvailabilityZonesCommand({}));
    assert.deepEqual(AvailabilityZones?.map((z) => z.ZoneName), ['eu-west-1a', 'eu-west-1b', 'eu-west-1c']);
  });

  it('is the default-vpc account attribute (DescribeAccountAttributes)', async () => {
    const c = freshAccount();
    const vpcId = (await c.send(new DescribeVpcsCommand({}))).Vpcs![0]!.VpcId!;
    const { AccountAttributes } = await c.send(new DescribeAccountAttributesCommand({}));
    assert.deepEqual(AccountAttributes?.find((a) => a.AttributeName === 'default-vpc')?.AttributeValues, [{ AttributeValue: vpcId }]);
    assert.deepEqual(AccountAttributes?.find((a) => a.AttributeName === 'supported-platforms')?.AttributeValues, [{ AttributeValue: 'VPC' }]);
    const one = await c.send(new DescribeAccountAttributesCommand({ AttributeNames: ['supported-platforms'] }));
    assert.deepEqual(one.AccountAttributes, [{ AttributeName: 'supported-platforms', AttributeValues: [{ AttributeValue: 'VPC' }] }]);
  });

  it('can be deleted once emptied, and does not come back', async () => {
    const c = freshAccount();
    const vpcId = (await c.send(new DescribeVpcsCommand({}))).Vpcs![0]!.VpcId!;
    await expectError(c.send(new DeleteVpcCommand({ VpcId: vpcId })), 'DependencyViolation', 400, `The vpc '${vpcId}' has dependencies and cannot be deleted.`);
    for (const s of (await c.send(new DescribeSubnetsCommand({}))).Subnets!) await c.send(new DeleteSubnetCommand({ SubnetId: s.SubnetId }));
    await c.send(new DeleteVpcCommand({ VpcId: vpcId }));
    assert.deepEqual((await c.send(new DescribeVpcsCommand({}))).Vpcs, []);
    assert.deepEqual((await c.send(new DescribeSecurityGroupsCommand({}))).SecurityGroups, [], 'its default group went with it');
    assert.deepEqual((await c.send(new DescribeVpcsCommand({}))).Vpcs, []);
    const { AccountAttributes } = await c.send(new DescribeAccountAttributesCommand({ AttributeNames: ['default-vpc'] }));
    assert.deepEqual(AccountAttributes?.[0]?.AttributeValues, [{ AttributeValue: 'none' }]);
    await expectError(c.send(new RunInstancesCommand({ ImageId: 'ami-12345678', MinCount: 1, MaxCount: 1 })), 'VPCIdNotSpecified', 400, 'No default VPC for this user');
  });
});

describe('CreateVpc', () => {
  it('answers the new VPC, pending, with its tags; DNS support on, DNS hostnames off', async () => {
    const { Vpc: vpc } = await client.send(
      new CreateVpcCommand({ CidrBlock: '10.0.0.0/16', TagSpecifications: [{ ResourceType: 'vpc', Tags: [{ Key: 'Name', Value: 'private-api' }] }] }),
    );
    assert.match(vpc!.VpcId!, idPattern('vpc'));
    assert.equal(vpc!.State, 'pending');
    assert.equal(vpc!.IsDefault, false);
    assert.equal(vpc!.OwnerId, ACCOUNT);
    assert.deepEqual(vpc!.Tags, [{ Key: 'Name', Value: 'private-api' }]);
    const described = (await client.send(new DescribeVpcsCommand({ VpcIds: [vpc!.VpcId!] }))).Vpcs![0]!;
    assert.equal(described.State, 'available');
    const support = await client.send(new DescribeVpcAttributeCommand({ VpcId: vpc!.VpcId, Attribute: 'enableDnsSupport' }));
    const hostnames = await client.send(new DescribeVpcAttributeCommand({ VpcId: vpc!.VpcId, Attribute: 'enableDnsHostnames' }));
    assert.deepEqual([support.VpcId, support.EnableDnsSupport, support.EnableDnsHostnames], [vpc!.VpcId, { Value: true }, undefined]);
    assert.deepEqual(hostnames.EnableDnsHostnames, { Value: false });
  });

  it('gives every new VPC its own default security group', async () => {
    const vpc = await newVpc(client, '10.9.0.0/16');
    const { SecurityGroups } = await client.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpc.VpcId] }] }));
    assert.deepEqual(SecurityGroups?.map((g) => [g.GroupName, g.Description]), [['default', 'default VPC security group']]);
  });

  it('refuses bad CIDRs with AWS\'s codes', async () => {
    await expectError(client.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/8' })), 'InvalidVpc.Range', 400, "The CIDR '10.0.0.0/8' is invalid.");
    await expectError(client.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/29' })), 'InvalidVpc.Range', 400, "The CIDR '10.0.0.0/29' is invalid.");
    await expectError(client.send(new CreateVpcCommand({ CidrBlock: 'banana' })), 'InvalidParameterValue', 400, 'Value (banana) for parameter cidrBlock is invalid. This is not a valid CIDR block.');
    await expectError(client.send(new CreateVpcCommand({})), 'MissingParameter', 400, "Either 'cidrBlock' or 'ipv4IpamPoolId' should be provided.");
    await expectError(
      client.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16', TagSpecifications: [{ ResourceType: 'subnet', Tags: [{ Key: 'a', Value: 'b' }] }] })),
      'InvalidParameterValue',
      400,
      "'subnet' is not a valid taggable resource type for this operation.",
    );
  });

  it('DryRun answers DryRunOperation (412) and creates nothing', async () => {
    const c = freshAccount();
    await expectError(c.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16', DryRun: true })), 'DryRunOperation', 412, 'Request would have succeeded, but DryRun flag is set.');
    assert.equal((await c.send(new DescribeVpcsCommand({}))).Vpcs?.length, 1, 'only the default VPC');
    await expectError(c.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/8', DryRun: true })), 'InvalidVpc.Range', 400, "The CIDR '10.0.0.0/8' is invalid.");
  });
});

describe('DescribeVpcs', () => {
  it('unknown and malformed ids fail the call', async () => {
    await expectError(client.send(new DescribeVpcsCommand({ VpcIds: ['vpc-123'] })), 'InvalidVpcID.NotFound', 400, "The vpc ID 'vpc-123' does not exist");
    await expectError(client.send(new DescribeVpcsCommand({ VpcIds: ['banana'] })), 'InvalidVpcID.Malformed', 400, 'Invalid id: "banana" (expecting "vpc-...")');
  });

  it('filters: is-default, cidr, tag:KEY with wildcards, tag-key; unknown filters are refused', async () => {
    const c = freshAccount();
    const { Vpc: a } = await c.send(new CreateVpcCommand({ CidrBlock: '10.1.0.0/16', TagSpecifications: [{ ResourceType: 'vpc', Tags: [{ Key: 'env', Value: 'prod-1' }] }] }));
    const { Vpc: b } = await c.send(new CreateVpcCommand({ CidrBlock: '10.2.0.0/16', TagSpecifications: [{ ResourceType: 'vpc', Tags: [{ Key: 'env', Value: 'test' }] }] }));
    const ids = async (Filters: Array<{ Name: string; Values: string[] }>) => (await c.send(new DescribeVpcsCommand({ Filters }))).Vpcs!.map((v) => v.VpcId);
    assert.deepEqual(await ids([{ Name: 'is-default', Values: ['false'] }]), [a!.VpcId, b!.VpcId]);
    assert.deepEqual(await ids([{ Name: 'cidr', Values: ['10.2.0.0/16'] }]), [b!.VpcId]);
    assert.deepEqual(await ids([{ Name: 'tag:env', Values: ['prod-*'] }]), [a!.VpcId]);
    assert.deepEqual(await ids([{ Name: 'tag-key', Values: ['env'] }, { Name: 'vpc-id', Values: [b!.VpcId!] }]), [b!.VpcId]);
    await expectError(c.send(new DescribeVpcsCommand({ Filters: [{ Name: 'colour', Values: ['x'] }] })), 'InvalidParameterValue', 400, "The filter 'colour' is invalid");
  });

  it('pages with MaxResults / NextToken', async () => {
    const c = freshAccount();
    for (let i = 0; i < 6; i++) await c.send(new CreateVpcCommand({ CidrBlock: `10.${i}.0.0/16` }));
    const first = await c.send(new DescribeVpcsCommand({ MaxResults: 5 }));
    assert.equal(first.Vpcs?.length, 5);
    assert.ok(first.NextToken);
    const second = await c.send(new DescribeVpcsCommand({ MaxResults: 5, NextToken: first.NextToken }));
    assert.equal(second.Vpcs?.length, 2);
    assert.equal(second.NextToken, undefined);
    const all = [...first.Vpcs!, ...second.Vpcs!].map((v) => v.VpcId);
    assert.equal(new Set(all).size, 7);
    await expectError(c.send(new DescribeVpcsCommand({ MaxResults: 2 })), 'InvalidParameterValue', 400, 'Value ( 2 ) for parameter maxResults is invalid. Expecting a value greater than 5.');
  });

  it('answers AWS\'s XML: vpcSet items, lower-camel element names, no Gatehouse-only fields', async () => {
    const vpc = await newVpc(client, '10.20.0.0/16');
    const { status, text } = await rawEc2(gh, { Action: 'DescribeVpcs', 'VpcId.1': vpc.VpcId });
    assert.equal(status, 200);
    assert.match(text, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<DescribeVpcsResponse xmlns="http:\/\/ec2.amazonaws.com\/doc\/2016-11-15\/"><requestId>[^<]+<\/requestId><vpcSet><item>/);
    assert.ok(text.includes(`<vpcId>${vpc.VpcId}</vpcId>`), text);
    assert.ok(text.includes('<cidrBlock>10.20.0.0/16</cidrBlock>'), text);
    assert.ok(text.includes('<isDefault>false</isDefault>'), text);
    assert.ok(!/EnableDns/i.test(text), 'the DNS attributes are not members of Vpc');
  });
});

describe('ModifyVpcAttribute', () => {
  it('turns each DNS attribute on and off, one per call', async () => {
    const vpc = await newVpc(client, '10.30.0.0/16');
    await client.send(new ModifyVpcAttributeCommand({ VpcId: vpc.VpcId, EnableDnsHostnames: { Value: true } }));
    assert.deepEqual((await client.send(new DescribeVpcAttributeCommand({ VpcId: vpc.VpcId, Attribute: 'enableDnsHostnames' }))).EnableDnsHostnames, { Value: true });
    await client.send(new ModifyVpcAttributeCommand({ VpcId: vpc.VpcId, EnableDnsSupport: { Value: false } }));
    assert.deepEqual((await client.send(new DescribeVpcAttributeCommand({ VpcId: vpc.VpcId, Attribute: 'enableDnsSupport' }))).EnableDnsSupport, { Value: false });
    await expectError(
      client.send(new ModifyVpcAttributeCommand({ VpcId: vpc.VpcId, EnableDnsSupport: { Value: true }, EnableDnsHostnames: { Value: true } })),
      'InvalidParameterCombination',
      400,
      'Fields for multiple attribute types specified: enableDnsSupport, enableDnsHostnames',
    );
    await expectError(client.send(new ModifyVpcAttributeCommand({ VpcId: 'vpc-0000000000000000a', EnableDnsSupport: { Value: true } })), 'InvalidVpcID.NotFound', 400, "The vpc ID 'vpc-0000000000000000a' does not exist");
  });
});

describe('DeleteVpc', () => {
  it('refuses while subnets, non-default groups or instances remain; then deletes', async () => {
    const vpc = await newVpc(client, '10.40.0.0/16');
    const dependent = `The vpc '${vpc.VpcId}' has dependencies and cannot be deleted.`;
    const subnet = await newSubnet(client, vpc.VpcId, '10.40.1.0/24');
    await expectError(client.send(new DeleteVpcCommand({ VpcId: vpc.VpcId })), 'DependencyViolation', 400, dependent);
    const { Instances } = await client.send(new RunInstancesCommand({ ImageId: 'ami-0abcdef1234567890', MinCount: 1, MaxCount: 1, SubnetId: subnet.SubnetId }));
    await expectError(client.send(new DeleteSubnetCommand({ SubnetId: subnet.SubnetId })), 'DependencyViolation', 400, `The subnet '${subnet.SubnetId}' has dependencies and cannot be deleted.`);
    await client.send(new TerminateInstancesCommand({ InstanceIds: [Instances![0]!.InstanceId!] }));
    await client.send(new DeleteSubnetCommand({ SubnetId: subnet.SubnetId }));
    const { GroupId } = await client.send(new CreateSecurityGroupCommand({ VpcId: vpc.VpcId, GroupName: 'app', Description: 'app' }));
    await expectError(client.send(new DeleteVpcCommand({ VpcId: vpc.VpcId })), 'DependencyViolation', 400, dependent);
    await client.send(new DeleteSecurityGroupCommand({ GroupId }));
    await client.send(new DeleteVpcCommand({ VpcId: vpc.VpcId }));
    await expectError(client.send(new DescribeVpcsCommand({ VpcIds: [vpc.VpcId] })), 'InvalidVpcID.NotFound', 400, `The vpc ID '${vpc.VpcId}' does not exist`);
    await expectError(client.send(new DeleteVpcCommand({ VpcId: vpc.VpcId })), 'InvalidVpcID.NotFound', 400, `The vpc ID '${vpc.VpcId}' does not exist`);
  });
});

describe('CreateSubnet', () => {
  it('answers the subnet: ARN, zone and zone id, 251 free addresses in a /24', async () => {
    const vpc = await newVpc(client, '10.50.0.0/16');
    const { Subnet: s } = await client.send(
      new CreateSubnetCommand({ VpcId: vpc.VpcId, CidrBlock: '10.50.1.0/24', AvailabilityZone: 'us-east-1c', TagSpecifications: [{ ResourceType: 'subnet', Tags: [{ Key: 'tier', Value: 'private' }] }] }),
    );
    assert.match(s!.SubnetId!, idPattern('subnet'));
    assert.equal(s!.SubnetArn, `arn:aws:ec2:us-east-1:${ACCOUNT}:subnet/${s!.SubnetId}`);
    assert.deepEqual([s!.VpcId, s!.CidrBlock, s!.AvailabilityZone, s!.AvailabilityZoneId, s!.AvailableIpAddressCount], [vpc.VpcId, '10.50.1.0/24', 'us-east-1c', 'use1-az3', 251]);
    assert.deepEqual([s!.DefaultForAz, s!.MapPublicIpOnLaunch, s!.State, s!.OwnerId], [false, false, 'available', ACCOUNT]);
    assert.deepEqual(s!.Tags, [{ Key: 'tier', Value: 'private' }]);
  });

  it('takes a zone id instead of a name; without either, spreads over the zones', async () => {
    const vpc = await newVpc(client, '10.51.0.0/16');
    const byId = await newSubnet(client, vpc.VpcId, '10.51.0.0/24');
    const { Subnet: s } = await client.send(new CreateSubnetCommand({ VpcId: vpc.VpcId, CidrBlock: '10.51.1.0/24', AvailabilityZoneId: 'use1-az4' }));
    assert.equal(s!.AvailabilityZone, 'us-east-1d');
    const third = await newSubnet(client, vpc.VpcId, '10.51.2.0/24');
    assert.equal(byId.AvailabilityZone, 'us-east-1a');
    assert.equal(third.AvailabilityZone, 'us-east-1b', 'the next zone without a subnet of this VPC');
  });

  it('refuses CIDRs outside the VPC, of a bad size, or overlapping another subnet', async () => {
    const vpc = await newVpc(client, '10.52.0.0/16');
    await newSubnet(client, vpc.VpcId, '10.52.0.0/24', 'us-east-1a');
    const create = (CidrBlock: string) => client.send(new CreateSubnetCommand({ VpcId: vpc.VpcId, CidrBlock, AvailabilityZone: 'us-east-1b' }));
    await expectError(create('10.53.0.0/24'), 'InvalidSubnet.Range', 400, "The CIDR '10.53.0.0/24' is invalid.");
    await expectError(create('10.52.0.0/29'), 'InvalidSubnet.Range', 400, "The CIDR '10.52.0.0/29' is invalid.");
    await expectError(create('10.52.0.128/25'), 'InvalidSubnet.Conflict', 400, "The CIDR '10.52.0.128/25' conflicts with another subnet");
    await expectError(create('10.52.0.0/23'), 'InvalidSubnet.Conflict', 400, "The CIDR '10.52.0.0/23' conflicts with another subnet");
    await expectError(create('10.52.1.1/24'), 'InvalidParameterValue', 400, 'Value (10.52.1.1/24) for parameter cidrBlock is invalid. This is not a valid CIDR block.');
    await expectError(client.send(new CreateSubnetCommand({ VpcId: vpc.VpcId })), 'MissingParameter', 400, "Either 'cidrBlock' or 'ipv4IpamPoolId' should be provided.");
    await expectError(
      client.send(new CreateSubnetCommand({ VpcId: vpc.VpcId, CidrBlock: '10.52.9.0/24', AvailabilityZone: 'us-east-1z' })),
      'InvalidParameterValue',
      400,
      'Value (us-east-1z) for parameter availabilityZone is invalid. Subnets can currently only be created in the following availability zones: us-east-1a, us-east-1b, us-east-1c, us-east-1d, us-east-1e, us-east-1f.',
    );
    await expectError(client.send(new CreateSubnetCommand({ VpcId: 'vpc-00000000000000000', CidrBlock: '10.0.0.0/24' })), 'InvalidVpcID.NotFound', 400, "The vpc ID 'vpc-00000000000000000' does not exist");
    // Subnets of other VPCs do not conflict.
    const other = await newVpc(client, '10.52.0.0/16');
    await newSubnet(client, other.VpcId, '10.52.0.0/24');
  });
});

describe('DescribeSubnets and DeleteSubnet', () => {
  it('filter by vpc-id, availability-zone, cidr-block; unknown ids fail', async () => {
    const vpc = await newVpc(client, '10.60.0.0/16');
    const a = await newSubnet(client, vpc.VpcId, '10.60.1.0/24', 'us-east-1a');
    const b = await newSubnet(client, vpc.VpcId, '10.60.2.0/24', 'us-east-1b');
    const ids = async (Filters: Array<{ Name: string; Values: string[] }>) => (await client.send(new DescribeSubnetsCommand({ Filters }))).Subnets!.map((s) => s.SubnetId);
    assert.deepEqual(await ids([{ Name: 'vpc-id', Values: [vpc.VpcId] }]), [a.SubnetId, b.SubnetId]);
    assert.deepEqual(await ids([{ Name: 'vpc-id', Values: [vpc.VpcId] }, { Name: 'availability-zone', Values: ['us-east-1b'] }]), [b.SubnetId]);
    assert.deepEqual(await ids([{ Name: 'cidr-block', Values: ['10.60.1.*'] }]), [a.SubnetId]);
    await expectError(client.send(new DescribeSubnetsCommand({ SubnetIds: ['subnet-0000000000000000f'] })), 'InvalidSubnetID.NotFound', 400, "The subnet ID 'subnet-0000000000000000f' does not exist");
    await client.send(new DeleteSubnetCommand({ SubnetId: a.SubnetId }));
    await expectError(client.send(new DeleteSubnetCommand({ SubnetId: a.SubnetId })), 'InvalidSubnetID.NotFound', 400, `The subnet ID '${a.SubnetId}' does not exist`);
  });
});

describe('DescribeAvailabilityZones', () => {
  it('lists us-east-1a to f with their zone ids; filters and names', async () => {
    const { AvailabilityZones } = await client.send(new DescribeAvailabilityZonesCommand({}));
    assert.deepEqual(AvailabilityZones?.map((z) => `${z.ZoneName}=${z.ZoneId}`), ['us-east-1a=use1-az1', 'us-east-1b=use1-az2', 'us-east-1c=use1-az3', 'us-east-1d=use1-az4', 'us-east-1e=use1-az5', 'us-east-1f=use1-az6']);
    assert.deepEqual(AvailabilityZones![0], {
      State: 'available',
      OptInStatus: 'opt-in-not-required',
      Messages: [],
      RegionName: 'us-east-1',
      ZoneName: 'us-east-1a',
      ZoneId: 'use1-az1',
      GroupName: 'us-east-1',
      NetworkBorderGroup: 'us-east-1',
      ZoneType: 'availability-zone',
    });
    const named = await client.send(new DescribeAvailabilityZonesCommand({ ZoneNames: ['us-east-1b'] }));
    assert.deepEqual(named.AvailabilityZones?.map((z) => z.ZoneId), ['use1-az2']);
    const filtered = await client.send(new DescribeAvailabilityZonesCommand({ Filters: [{ Name: 'zone-id', Values: ['use1-az5', 'use1-az6'] }] }));
    assert.deepEqual(filtered.AvailabilityZones?.map((z) => z.ZoneName), ['us-east-1e', 'us-east-1f']);
  });
});
