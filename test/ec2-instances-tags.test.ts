/**
 * EC2 instances and tags end to end with the AWS SDK for JavaScript v3: RunInstances (an instance is a network
 * identity: a private IP in its subnet, security groups, tags), DescribeInstances (reservations, filters),
 * TerminateInstances, and CreateTags / DeleteTags / DescribeTags across every resource type.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CreateSecurityGroupCommand,
  CreateTagsCommand,
  CreateVpcEndpointCommand,
  DeleteTagsCommand,
  DescribeInstancesCommand,
  DescribeSubnetsCommand,
  DescribeTagsCommand,
  DescribeVpcsCommand,
  RunInstancesCommand,
  TerminateInstancesCommand,
  type EC2Client,
  type RunInstancesCommandInput,
} from '@aws-sdk/client-ec2';
import type { Gatehouse } from '../src/server/gatehouse.js';
import { ec2GatehouseForFile, idPattern, newSubnet, newVpc } from './support/ec2.js';
import { ACCOUNT, ec2Client, expectError } from './support/server.js';

const AMI = 'ami-0abcdef1234567890';

let gh: Gatehouse;
let client: EC2Client;
ec2GatehouseForFile((server) => ({ gh, client } = server));

const run = (input: Partial<RunInstancesCommandInput>) => client.send(new RunInstancesCommand({ ImageId: AMI, MinCount: 1, MaxCount: 1, ...input }));

async function instance(InstanceId: string) {
  return (await client.send(new DescribeInstancesCommand({ InstanceIds: [InstanceId] }))).Reservations![0]!.Instances![0]!;
}

describe('RunInstances', () => {
  it('launches into a subnet: a private IP from it, its DNS name, the VPC\'s default group, m1.small', async () => {
    const vpc = await newVpc(client, '10.0.0.0/16');
    const subnet = await newSubnet(client, vpc.VpcId, '10.0.1.0/24', 'us-east-1b');
    const out = await run({ SubnetId: subnet.SubnetId, TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'Name', Value: 'client' }] }] });
    assert.match(out.ReservationId!, idPattern('r'));
    assert.equal(out.OwnerId, ACCOUNT);
    const i = out.Instances![0]!;
    assert.match(i.InstanceId!, idPattern('i'));
    assert.deepEqual(i.State, { Code: 0, Name: 'pending' }, 'RunInstances reports pending, as AWS does');
    assert.equal(i.PrivateIpAddress, '10.0.1.4');
    assert.equal(i.PrivateDnsName, 'ip-10-0-1-4.ec2.internal');
    assert.deepEqual([i.SubnetId, i.VpcId, i.ImageId, i.InstanceType, i.Placement?.AvailabilityZone], [subnet.SubnetId, vpc.VpcId, AMI, 'm1.small', 'us-east-1b']);
    assert.deepEqual(i.SecurityGroups?.map((g) => g.GroupName), ['default']);
    assert.deepEqual(i.Tags, [{ Key: 'Name', Value: 'client' }]);
    assert.equal(i.NetworkInterfaces?.[0]?.PrivateIpAddress, '10.0.1.4');
    assert.match(i.NetworkInterfaces![0]!.NetworkInterfaceId!, idPattern('eni'));
    const described = await instance(i.InstanceId!);
    assert.deepEqual(described.State, { Code: 16, Name: 'running' });
    assert.equal(described.LaunchTime?.getTime(), i.LaunchTime?.getTime());
    const free = (await client.send(new DescribeSubnetsCommand({ SubnetIds: [subnet.SubnetId] }))).Subnets![0]!.AvailableIpAddressCount;
    assert.equal(free, 250);
  });

  it('without a subnet, launches into the default VPC\'s first zone; elsewhere names .compute.internal', async () => {
    const i = (await run({})).Instances![0]!;
    const defaultVpc = (await client.send(new DescribeVpcsCommand({ Filters: [{ Name: 'is-default', Values: ['true'] }] }))).Vpcs![0]!;
    assert.deepEqual([i.VpcId, i.Placement?.AvailabilityZone], [defaultVpc.VpcId, 'us-east-1a']);
    assert.match(i.PrivateIpAddress!, /^172\.31\.(0|1[0-5])\.\d+$/);
    const west = ec2Client(gh, 'us-west-2');
    try {
      const w = (await west.send(new RunInstancesCommand({ ImageId: AMI, MinCount: 1, MaxCount: 1 }))).Instances![0]!;
      assert.equal(w.PrivateDnsName, `ip-${w.PrivateIpAddress!.replace(/\./g, '-')}.us-west-2.compute.internal`);
      assert.equal(w.Placement?.AvailabilityZone, 'us-west-2a');
    } finally {
      west.destroy();
    }
  });

  it('launches MaxCount instances in one reservation, each with its own address', async () => {
    const vpc = await newVpc(client, '10.1.0.0/16');
    const subnet = await newSubnet(client, vpc.VpcId, '10.1.1.0/28');
    const out = await run({ SubnetId: subnet.SubnetId, MinCount: 2, MaxCount: 3 });
    assert.deepEqual(out.Instances?.map((i) => [i.PrivateIpAddress, i.AmiLaunchIndex]), [['10.1.1.4', 0], ['10.1.1.5', 1], ['10.1.1.6', 2]]);
    const { Reservations } = await client.send(new DescribeInstancesCommand({ Filters: [{ Name: 'reservation-id', Values: [out.ReservationId!] }] }));
    assert.equal(Reservations?.length, 1);
    assert.equal(Reservations![0]!.Instances?.length, 3);
    // A /28 offers 11 addresses: 8 left, so 9 cannot all fit, but MinCount 8 can.
    await expectError(run({ SubnetId: subnet.SubnetId, MinCount: 9, MaxCount: 9 }), 'InsufficientFreeAddressesInSubnet', 400, `There are not enough free addresses in subnet '${subnet.SubnetId}' to satisfy the requested number of instances.`);
    const rest = await run({ SubnetId: subnet.SubnetId, MinCount: 8, MaxCount: 20 });
    assert.equal(rest.Instances?.length, 8);
  });

  it('takes a PrivateIpAddress that is free and in the subnet', async () => {
    const vpc = await newVpc(client, '10.2.0.0/16');
    const subnet = await newSubnet(client, vpc.VpcId, '10.2.1.0/24');
    const i = (await run({ SubnetId: subnet.SubnetId, PrivateIpAddress: '10.2.1.100' })).Instances![0]!;
    assert.equal(i.PrivateIpAddress, '10.2.1.100');
    await expectError(run({ SubnetId: subnet.SubnetId, PrivateIpAddress: '10.2.1.100' }), 'InvalidIPAddress.InUse', 400, 'Address 10.2.1.100 is in use.');
    await expectError(run({ SubnetId: subnet.SubnetId, PrivateIpAddress: '10.2.2.100' }), 'InvalidParameterValue', 400, "Address 10.2.2.100 does not fall within the subnet's address range");
    await expectError(run({ SubnetId: subnet.SubnetId, PrivateIpAddress: '10.2.1.2' }), 'InvalidParameterValue', 400, "Address 10.2.1.2 is in subnet's reserved address range");
  });

  it('security groups: by id in the subnet\'s VPC; by name only in the default VPC', async () => {
    const vpc = await newVpc(client, '10.3.0.0/16');
    const subnet = await newSubnet(client, vpc.VpcId, '10.3.1.0/24');
    const sg = (await client.send(new CreateSecurityGroupCommand({ VpcId: vpc.VpcId, GroupName: 'app', Description: 'app' }))).GroupId!;
    const i = (await run({ SubnetId: subnet.SubnetId, SecurityGroupIds: [sg] })).Instances![0]!;
    assert.deepEqual(i.SecurityGroups, [{ GroupId: sg, GroupName: 'app' }]);
    const defaultSubnet = (await client.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'default-for-az', Values: ['true'] }] }))).Subnets![0]!.SubnetId!;
    await expectError(run({ SubnetId: defaultSubnet, SecurityGroupIds: [sg] }), 'InvalidParameter', 400, `Security group ${sg} and subnet ${defaultSubnet} belong to different networks.`);
    await expectError(run({ SubnetId: subnet.SubnetId, SecurityGroups: ['default'] }), 'InvalidParameterCombination', 400, 'The parameter groupName cannot be used with the parameter subnet');
    const byName = (await run({ SecurityGroups: ['default'] })).Instances![0]!;
    assert.deepEqual(byName.SecurityGroups?.map((g) => g.GroupName), ['default']);
  });

  it('refuses what AWS refuses, and a failed or dry run launches nothing', async () => {
    const vpc = await newVpc(client, '10.4.0.0/16');
    const subnet = await newSubnet(client, vpc.VpcId, '10.4.1.0/24');
    await expectError(client.send(new RunInstancesCommand({ MinCount: 1, MaxCount: 1 } as RunInstancesCommandInput)), 'MissingParameter', 400, 'The request must contain the parameter ImageId');
    await expectError(run({ ImageId: 'ubuntu' }), 'InvalidAMIID.Malformed', 400, 'Invalid id: "ubuntu" (expecting "ami-...")');
    await expectError(run({ SubnetId: 'subnet-0000000000000000b' }), 'InvalidSubnetID.NotFound', 400, "The subnet ID 'subnet-0000000000000000b' does not exist");
    await expectError(run({ SubnetId: subnet.SubnetId, SecurityGroupIds: ['sg-0000000000000000b'] }), 'InvalidGroup.NotFound', 400, "The security group 'sg-0000000000000000b' does not exist");
    await expectError(run({ SubnetId: subnet.SubnetId, DryRun: true }), 'DryRunOperation', 412, 'Request would have succeeded, but DryRun flag is set.');
    const { Reservations } = await client.send(new DescribeInstancesCommand({ Filters: [{ Name: 'subnet-id', Values: [subnet.SubnetId] }] }));
    assert.deepEqual(Reservations, []);
    assert.equal((await client.send(new DescribeSubnetsCommand({ SubnetIds: [subnet.SubnetId] }))).Subnets![0]!.AvailableIpAddressCount, 251);
  });
});

describe('DescribeInstances and TerminateInstances', () => {
  it('filters by instance-state-name, vpc-id, private-ip-address and tags; unknown ids all named', async () => {
    const vpc = await newVpc(client, '10.10.0.0/16');
    const subnet = await newSubnet(client, vpc.VpcId, '10.10.1.0/24');
    const a = (await run({ SubnetId: subnet.SubnetId, TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'role', Value: 'web' }] }] })).Instances![0]!.InstanceId!;
    const b = (await run({ SubnetId: subnet.SubnetId })).Instances![0]!.InstanceId!;
    const ids = async (Filters: Array<{ Name: string; Values: string[] }>) =>
      (await client.send(new DescribeInstancesCommand({ Filters: [{ Name: 'vpc-id', Values: [vpc.VpcId] }, ...Filters] }))).Reservations!.flatMap((r) => r.Instances!.map((i) => i.InstanceId));
    assert.deepEqual(await ids([]), [a, b]);
    assert.deepEqual(await ids([{ Name: 'tag:role', Values: ['web'] }]), [a]);
    assert.deepEqual(await ids([{ Name: 'private-ip-address', Values: ['10.10.1.5'] }]), [b]);
    assert.deepEqual(await ids([{ Name: 'instance-state-name', Values: ['running'] }]), [a, b]);
    await expectError(
      client.send(new DescribeInstancesCommand({ InstanceIds: ['i-00000000000000001', 'i-00000000000000002'] })),
      'InvalidInstanceID.NotFound',
      400,
      "The instance IDs 'i-00000000000000001, i-00000000000000002' do not exist",
    );
    await expectError(client.send(new DescribeInstancesCommand({ InstanceIds: ['i-00000000000000001'] })), 'InvalidInstanceID.NotFound', 400, "The instance ID 'i-00000000000000001' does not exist");
  });

  it('terminates: shutting-down, then terminated, still listed, address given back', async () => {
    const vpc = await newVpc(client, '10.11.0.0/16');
    const subnet = await newSubnet(client, vpc.VpcId, '10.11.1.0/24');
    const id = (await run({ SubnetId: subnet.SubnetId })).Instances![0]!.InstanceId!;
    const out = await client.send(new TerminateInstancesCommand({ InstanceIds: [id] }));
    assert.deepEqual(out.TerminatingInstances, [{ InstanceId: id, CurrentState: { Code: 32, Name: 'shutting-down' }, PreviousState: { Code: 16, Name: 'running' } }]);
    const i = await instance(id);
    assert.deepEqual(i.State, { Code: 48, Name: 'terminated' });
    assert.match(i.StateTransitionReason!, /^User initiated \(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d GMT\)$/);
    assert.deepEqual(i.StateReason, { Code: 'Client.UserInitiatedShutdown', Message: 'Client.UserInitiatedShutdown: User initiated shutdown' });
    assert.equal(i.PrivateIpAddress, undefined);
    assert.equal((await client.send(new DescribeSubnetsCommand({ SubnetIds: [subnet.SubnetId] }))).Subnets![0]!.AvailableIpAddressCount, 251);
    const next = (await run({ SubnetId: subnet.SubnetId })).Instances![0]!;
    assert.equal(next.PrivateIpAddress, '10.11.1.4', 'the address is free again');
    const again = await client.send(new TerminateInstancesCommand({ InstanceIds: [id] }));
    assert.deepEqual(again.TerminatingInstances?.[0]?.CurrentState, { Code: 48, Name: 'terminated' });
    await expectError(client.send(new TerminateInstancesCommand({ InstanceIds: ['i-00000000000000009'] })), 'InvalidInstanceID.NotFound', 400, "The instance ID 'i-00000000000000009' does not exist");
  });
});

describe('tags', () => {
  it('CreateTags on every resource type; DescribeTags lists them with their resource types', async () => {
    const vpc = await newVpc(client, '10.20.0.0/16', { dns: true });
    const subnet = await newSubnet(client, vpc.VpcId, '10.20.1.0/24');
    const sg = (await client.send(new CreateSecurityGroupCommand({ VpcId: vpc.VpcId, GroupName: 'tagged', Description: 't' }))).GroupId!;
    const vpce = (await client.send(new CreateVpcEndpointCommand({ VpcId: vpc.VpcId, ServiceName: 'com.amazonaws.us-east-1.execute-api', VpcEndpointType: 'Interface' }))).VpcEndpoint!.VpcEndpointId!;
    const i = (await run({ SubnetId: subnet.SubnetId })).Instances![0]!.InstanceId!;
    const resources = [vpc.VpcId, subnet.SubnetId, sg, vpce, i];
    await client.send(new CreateTagsCommand({ Resources: resources, Tags: [{ Key: 'project', Value: 'gatehouse-tags' }, { Key: 'empty' }] }));
    const { Tags } = await client.send(new DescribeTagsCommand({ Filters: [{ Name: 'key', Values: ['project'] }, { Name: 'value', Values: ['gatehouse-tags'] }] }));
    assert.deepEqual(
      Tags?.map((t) => [t.ResourceType, t.ResourceId]),
      [['vpc', vpc.VpcId], ['subnet', subnet.SubnetId], ['security-group', sg], ['vpc-endpoint', vpce], ['instance', i]],
    );
    const empty = await client.send(new DescribeTagsCommand({ Filters: [{ Name: 'resource-id', Values: [i] }, { Name: 'key', Values: ['empty'] }] }));
    assert.deepEqual(empty.Tags, [{ Key: 'empty', Value: '', ResourceId: i, ResourceType: 'instance' }]);
    const instances = await client.send(new DescribeTagsCommand({ Filters: [{ Name: 'resource-type', Values: ['instance'] }, { Name: 'resource-id', Values: [i] }] }));
    assert.equal(instances.Tags?.length, 2);
    assert.deepEqual((await instance(i)).Tags, [{ Key: 'project', Value: 'gatehouse-tags' }, { Key: 'empty', Value: '' }]);
  });

  it('CreateTags overwrites a key; DeleteTags by key, by key and value, or all', async () => {
    const vpc = await newVpc(client, '10.21.0.0/16');
    const id = vpc.VpcId;
    const tagsOf = async () => (await client.send(new DescribeVpcsCommand({ VpcIds: [id] }))).Vpcs![0]!.Tags;
    await client.send(new CreateTagsCommand({ Resources: [id], Tags: [{ Key: 'a', Value: '1' }, { Key: 'b', Value: '2' }, { Key: 'c', Value: '3' }] }));
    await client.send(new CreateTagsCommand({ Resources: [id], Tags: [{ Key: 'a', Value: 'one' }] }));
    assert.deepEqual(await tagsOf(), [{ Key: 'a', Value: 'one' }, { Key: 'b', Value: '2' }, { Key: 'c', Value: '3' }]);
    await client.send(new DeleteTagsCommand({ Resources: [id], Tags: [{ Key: 'b', Value: 'not-2' }] }));
    assert.equal((await tagsOf())?.length, 3, 'a value that does not match deletes nothing');
    await client.send(new DeleteTagsCommand({ Resources: [id], Tags: [{ Key: 'b', Value: '2' }, { Key: 'a' }] }));
    assert.deepEqual(await tagsOf(), [{ Key: 'c', Value: '3' }]);
    await client.send(new DeleteTagsCommand({ Resources: [id] }));
    assert.equal(await tagsOf(), undefined);
  });

  it('refuses unknown resources, ids of no known type, reserved keys; nothing is tagged', async () => {
    const vpc = await newVpc(client, '10.22.0.0/16');
    await expectError(
      client.send(new CreateTagsCommand({ Resources: [vpc.VpcId, 'vpc-0000000000000000c'], Tags: [{ Key: 'k', Value: 'v' }] })),
      'InvalidVpcID.NotFound',
      400,
      "The vpc ID 'vpc-0000000000000000c' does not exist",
    );
    assert.equal((await client.send(new DescribeVpcsCommand({ VpcIds: [vpc.VpcId] }))).Vpcs![0]!.Tags, undefined);
    await expectError(client.send(new CreateTagsCommand({ Resources: ['banana-1'], Tags: [{ Key: 'k', Value: 'v' }] })), 'InvalidID', 400, "The ID 'banana-1' is not valid");
    await expectError(client.send(new CreateTagsCommand({ Resources: [vpc.VpcId], Tags: [{ Key: 'aws:x', Value: 'v' }] })), 'InvalidParameterValue', 400, "Tag keys starting with 'aws:' are reserved for internal use");
    await expectError(client.send(new CreateTagsCommand({ Resources: [vpc.VpcId], Tags: [{ Key: 'k', Value: 'v' }], DryRun: true })), 'DryRunOperation', 412, 'Request would have succeeded, but DryRun flag is set.');
    assert.equal((await client.send(new DescribeVpcsCommand({ VpcIds: [vpc.VpcId] }))).Vpcs![0]!.Tags, undefined);
  });

  it('DescribeTags pages', async () => {
    const vpc = await newVpc(client, '10.23.0.0/16');
    await client.send(new CreateTagsCommand({ Resources: [vpc.VpcId], Tags: Array.from({ length: 7 }, (_, n) => ({ Key: `page-${n}`, Value: 'x' })) }));
    const filter = [{ Name: 'resource-id', Values: [vpc.VpcId] }];
    const first = await client.send(new DescribeTagsCommand({ Filters: filter, MaxResults: 5 }));
    const second = await client.send(new DescribeTagsCommand({ Filters: filter, MaxResults: 5, NextToken: first.NextToken }));
    assert.deepEqual([first.Tags?.length, second.Tags?.length, second.NextToken], [5, 2, undefined]);
  });
});
