/**
 * EC2 security groups end to end with the AWS SDK for JavaScript v3: CreateSecurityGroup,
 * DescribeSecurityGroups, DeleteSecurityGroup, Authorize- and RevokeSecurityGroupIngress/Egress with
 * IpPermissions (CIDR ranges, group references) and the legacy flat parameters, and AWS's errors.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  AuthorizeSecurityGroupEgressCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  CreateVpcEndpointCommand,
  DeleteSecurityGroupCommand,
  DeleteVpcEndpointsCommand,
  DescribeSecurityGroupsCommand,
  RevokeSecurityGroupEgressCommand,
  RevokeSecurityGroupIngressCommand,
  RunInstancesCommand,
  TerminateInstancesCommand,
  type EC2Client,
  type IpPermission,
} from '@aws-sdk/client-ec2';
import { ec2GatehouseForFile, idPattern, newSubnet, newVpc } from './support/ec2.js';
import { ACCOUNT, expectError } from './support/server.js';

let client: EC2Client;
ec2GatehouseForFile((server) => ({ client } = server));

async function newGroup(VpcId: string, GroupName = `g-${Math.random().toString(36).slice(2, 8)}`): Promise<string> {
  return (await client.send(new CreateSecurityGroupCommand({ VpcId, GroupName, Description: `${GroupName} group` }))).GroupId!;
}

async function groupOf(GroupId: string) {
  return (await client.send(new DescribeSecurityGroupsCommand({ GroupIds: [GroupId] }))).SecurityGroups![0]!;
}

/** IpPermissions as DescribeSecurityGroups shows them: every source list present. */
const shown = (p: IpPermission): IpPermission => ({ IpRanges: [], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [], ...p });

const HTTPS_FROM_VPC: IpPermission = { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '10.0.0.0/16' }] };

describe('CreateSecurityGroup', () => {
  it('answers the id (and tags); the group allows all outbound traffic and nothing inbound', async () => {
    const vpc = await newVpc(client, '10.0.0.0/16');
    const out = await client.send(
      new CreateSecurityGroupCommand({
        VpcId: vpc.VpcId,
        GroupName: 'endpoint-sg',
        Description: 'HTTPS from the VPC',
        TagSpecifications: [{ ResourceType: 'security-group', Tags: [{ Key: 'Name', Value: 'endpoint-sg' }] }],
      }),
    );
    assert.match(out.GroupId!, idPattern('sg'));
    assert.deepEqual(out.Tags, [{ Key: 'Name', Value: 'endpoint-sg' }]);
    const g = await groupOf(out.GroupId!);
    assert.deepEqual(
      { GroupName: g.GroupName, Description: g.Description, VpcId: g.VpcId, OwnerId: g.OwnerId, IpPermissions: g.IpPermissions, IpPermissionsEgress: g.IpPermissionsEgress },
      {
        GroupName: 'endpoint-sg',
        Description: 'HTTPS from the VPC',
        VpcId: vpc.VpcId,
        OwnerId: ACCOUNT,
        IpPermissions: [],
        IpPermissionsEgress: [shown({ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] })],
      },
    );
  });

  it('without a VpcId, goes to the default VPC', async () => {
    const GroupId = (await client.send(new CreateSecurityGroupCommand({ GroupName: 'in-default', Description: 'd' }))).GroupId!;
    const byName = (await client.send(new DescribeSecurityGroupsCommand({ GroupNames: ['in-default'] }))).SecurityGroups!;
    assert.deepEqual(byName.map((g) => g.GroupId), [GroupId]);
  });

  it('refuses duplicate names in a VPC, sg-* names, and missing parameters', async () => {
    const vpc = await newVpc(client, '10.1.0.0/16');
    await newGroup(vpc.VpcId, 'web');
    await expectError(client.send(new CreateSecurityGroupCommand({ VpcId: vpc.VpcId, GroupName: 'web', Description: 'again' })), 'InvalidGroup.Duplicate', 400, `The security group 'web' already exists for VPC '${vpc.VpcId}'`);
    await expectError(client.send(new CreateSecurityGroupCommand({ VpcId: vpc.VpcId, GroupName: 'default', Description: 'x' })), 'InvalidGroup.Duplicate', 400, `The security group 'default' already exists for VPC '${vpc.VpcId}'`);
    await expectError(
      client.send(new CreateSecurityGroupCommand({ VpcId: vpc.VpcId, GroupName: 'sg-web', Description: 'x' })),
      'InvalidParameterValue',
      400,
      'Value (sg-web) for parameter GroupName is invalid. Group names may not be in the format sg-*.',
    );
    await expectError(client.send(new CreateSecurityGroupCommand({ VpcId: vpc.VpcId, GroupName: 'x' } as never)), 'MissingParameter', 400, 'The request must contain the parameter groupDescription');
    await expectError(client.send(new CreateSecurityGroupCommand({ VpcId: 'vpc-0123456789abcdef0', GroupName: 'x', Description: 'x' })), 'InvalidVpcID.NotFound', 400, "The vpc ID 'vpc-0123456789abcdef0' does not exist");
    // The same name in another VPC is fine.
    const other = await newVpc(client, '10.1.0.0/16');
    await newGroup(other.VpcId, 'web');
  });
});

describe('AuthorizeSecurityGroupIngress', () => {
  it('adds CIDR and group rules, answering their sgr- ids; Describe groups sources by protocol and ports', async () => {
    const vpc = await newVpc(client, '10.0.0.0/16');
    const GroupId = await newGroup(vpc.VpcId);
    const clients = await newGroup(vpc.VpcId);
    const out = await client.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId,
        IpPermissions: [
          { ...HTTPS_FROM_VPC, IpRanges: [{ CidrIp: '10.0.0.0/16', Description: 'the VPC' }] },
          { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, UserIdGroupPairs: [{ GroupId: clients }] },
        ],
      }),
    );
    assert.equal(out.Return, true);
    assert.equal(out.SecurityGroupRules?.length, 2);
    const [cidrRule, groupRule] = out.SecurityGroupRules!;
    assert.match(cidrRule!.SecurityGroupRuleId!, idPattern('sgr'));
    assert.deepEqual(
      { ...cidrRule, SecurityGroupRuleId: undefined },
      { SecurityGroupRuleId: undefined, GroupId, GroupOwnerId: ACCOUNT, IsEgress: false, IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIpv4: '10.0.0.0/16', Description: 'the VPC' },
    );
    assert.deepEqual(groupRule!.ReferencedGroupInfo, { GroupId: clients, UserId: ACCOUNT });
    const g = await groupOf(GroupId);
    assert.deepEqual(g.IpPermissions, [
      shown({ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '10.0.0.0/16', Description: 'the VPC' }], UserIdGroupPairs: [{ GroupId: clients, UserId: ACCOUNT }] }),
    ]);
  });

  it('takes the legacy flat parameters: CidrIp/IpProtocol/FromPort/ToPort, SourceSecurityGroupName, GroupName', async () => {
    const GroupId = (await client.send(new CreateSecurityGroupCommand({ GroupName: 'legacy', Description: 'legacy' }))).GroupId!;
    await client.send(new AuthorizeSecurityGroupIngressCommand({ GroupName: 'legacy', IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: '203.0.113.0/24' }));
    await client.send(new AuthorizeSecurityGroupIngressCommand({ GroupId, SourceSecurityGroupName: 'default' }));
    const defaultId = (await client.send(new DescribeSecurityGroupsCommand({ GroupNames: ['default'] }))).SecurityGroups![0]!.GroupId!;
    const pair = [{ GroupId: defaultId, UserId: ACCOUNT }];
    assert.deepEqual((await groupOf(GroupId)).IpPermissions, [
      shown({ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '203.0.113.0/24' }] }),
      shown({ IpProtocol: 'icmp', FromPort: -1, ToPort: -1, UserIdGroupPairs: pair }),
      shown({ IpProtocol: 'tcp', FromPort: 0, ToPort: 65535, UserIdGroupPairs: pair }),
      shown({ IpProtocol: 'udp', FromPort: 0, ToPort: 65535, UserIdGroupPairs: pair }),
    ]);
  });

  it('normalises protocol numbers; all-traffic rules have no ports', async () => {
    const vpc = await newVpc(client, '10.0.0.0/16');
    const GroupId = await newGroup(vpc.VpcId);
    await client.send(new AuthorizeSecurityGroupIngressCommand({ GroupId, IpPermissions: [{ IpProtocol: '6', FromPort: 80, ToPort: 80, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }, { IpProtocol: '-1', IpRanges: [{ CidrIp: '10.0.0.0/8' }] }] }));
    assert.deepEqual((await groupOf(GroupId)).IpPermissions, [
      shown({ IpProtocol: 'tcp', FromPort: 80, ToPort: 80, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }),
      shown({ IpProtocol: '-1', IpRanges: [{ CidrIp: '10.0.0.0/8' }] }),
    ]);
  });

  it('a rule that exists is InvalidPermission.Duplicate, in AWS\'s words', async () => {
    const vpc = await newVpc(client, '10.0.0.0/16');
    const GroupId = await newGroup(vpc.VpcId);
    const other = await newGroup(vpc.VpcId);
    await client.send(new AuthorizeSecurityGroupIngressCommand({ GroupId, IpPermissions: [HTTPS_FROM_VPC, { IpProtocol: 'tcp', FromPort: 0, ToPort: 65535, UserIdGroupPairs: [{ GroupId: other }] }] }));
    await expectError(
      client.send(new AuthorizeSecurityGroupIngressCommand({ GroupId, IpPermissions: [HTTPS_FROM_VPC] })),
      'InvalidPermission.Duplicate',
      400,
      'the specified rule "peer: 10.0.0.0/16, TCP, from port: 443, to port: 443, ALLOW" already exists',
    );
    await expectError(
      client.send(new AuthorizeSecurityGroupIngressCommand({ GroupId, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 0, ToPort: 65535, UserIdGroupPairs: [{ GroupId: other }] }] })),
      'InvalidPermission.Duplicate',
      400,
      `the specified rule "peer: ${other}, TCP, from port: 0, to port: 65535, ALLOW" already exists`,
    );
    await expectError(
      client.send(new AuthorizeSecurityGroupEgressCommand({ GroupId, IpPermissions: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] })),
      'InvalidPermission.Duplicate',
      400,
      'the specified rule "peer: 0.0.0.0/0, ALL, ALLOW" already exists',
    );
    assert.equal((await groupOf(GroupId)).IpPermissions?.length, 2, 'nothing added by the failed calls');
  });

  it('refuses bad rules: ports, protocols, CIDRs, repeated permissions, unknown groups', async () => {
    const vpc = await newVpc(client, '10.0.0.0/16');
    const GroupId = await newGroup(vpc.VpcId);
    const authorize = (p: IpPermission) => client.send(new AuthorizeSecurityGroupIngressCommand({ GroupId, IpPermissions: [p] }));
    await expectError(authorize({ IpProtocol: 'tcp', IpRanges: [{ CidrIp: '10.0.0.0/16' }] }), 'InvalidParameterValue', 400, 'Invalid value for portRange. Must specify both from and to ports with TCP/UDP.');
    await expectError(authorize({ IpProtocol: 'tcp', FromPort: 1, ToPort: 70000, IpRanges: [{ CidrIp: '10.0.0.0/16' }] }), 'InvalidParameterValue', 400, 'TCP/UDP (to) port (70000) out of range');
    await expectError(authorize({ IpProtocol: 'all', IpRanges: [{ CidrIp: '10.0.0.0/16' }] }), 'InvalidParameterValue', 400, "Invalid value 'all' for IP protocol. Unknown protocol.");
    await expectError(authorize({ IpProtocol: 'tcp', FromPort: 1, ToPort: 2, IpRanges: [{ CidrIp: '58.29.99.44' }] }), 'InvalidParameterValue', 400, 'CIDR block 58.29.99.44 is malformed');
    await expectError(
      client.send(new AuthorizeSecurityGroupIngressCommand({ GroupId, IpPermissions: [HTTPS_FROM_VPC, HTTPS_FROM_VPC] })),
      'InvalidParameterValue',
      400,
      'The same permission must not appear multiple times',
    );
    await expectError(authorize({ IpProtocol: '-1', UserIdGroupPairs: [{ GroupId: 'sg-00000000000000000' }] }), 'InvalidGroup.NotFound', 400, "The security group 'sg-00000000000000000' does not exist");
    const elsewhere = await newGroup((await newVpc(client, '10.0.0.0/16')).VpcId);
    await expectError(authorize({ IpProtocol: '-1', UserIdGroupPairs: [{ GroupId: elsewhere }] }), 'InvalidGroup.NotFound', 400, 'You have specified two resources that belong to different networks.');
    await expectError(client.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: 'sg-00000000000000000', IpPermissions: [HTTPS_FROM_VPC] })), 'InvalidGroup.NotFound', 400, "The security group 'sg-00000000000000000' does not exist");
    const nope = await defaultVpcMessage('nope');
    await expectError(client.send(new AuthorizeSecurityGroupIngressCommand({ GroupName: 'nope', IpPermissions: [HTTPS_FROM_VPC] })), 'InvalidGroup.NotFound', 400, nope);
    await expectError(client.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: 'banana', IpPermissions: [HTTPS_FROM_VPC] })), 'InvalidGroupId.Malformed', 400, 'Invalid id: "banana" (expecting "sg-...")');
    assert.deepEqual((await groupOf(GroupId)).IpPermissions, []);
  });
});

async function defaultVpcMessage(name: string): Promise<string> {
  const vpcId = (await client.send(new DescribeSecurityGroupsCommand({ GroupNames: ['default'] }))).SecurityGroups![0]!.VpcId;
  return `The security group '${name}' does not exist in default VPC '${vpcId}'`;
}

describe('Revoke', () => {
  it('removes the named rules; unknown ones come back as UnknownIpPermissions, or fail when none is known', async () => {
    const vpc = await newVpc(client, '10.0.0.0/16');
    const GroupId = await newGroup(vpc.VpcId);
    const ssh: IpPermission = { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '10.0.0.0/16' }] };
    await client.send(new AuthorizeSecurityGroupIngressCommand({ GroupId, IpPermissions: [HTTPS_FROM_VPC, ssh] }));
    const out = await client.send(new RevokeSecurityGroupIngressCommand({ GroupId, IpPermissions: [HTTPS_FROM_VPC, { ...ssh, FromPort: 23, ToPort: 23 }] }));
    assert.equal(out.Return, true);
    assert.deepEqual(out.UnknownIpPermissions, [shown({ IpProtocol: 'tcp', FromPort: 23, ToPort: 23, IpRanges: [{ CidrIp: '10.0.0.0/16' }] })]);
    assert.deepEqual((await groupOf(GroupId)).IpPermissions, [shown(ssh)]);
    await expectError(
      client.send(new RevokeSecurityGroupIngressCommand({ GroupId, IpPermissions: [HTTPS_FROM_VPC] })),
      'InvalidPermission.NotFound',
      400,
      'The specified rule does not exist in this security group.',
    );
  });

  it('revokes by SecurityGroupRuleId, and the egress allow-all like any rule', async () => {
    const vpc = await newVpc(client, '10.0.0.0/16');
    const GroupId = await newGroup(vpc.VpcId);
    const { SecurityGroupRules } = await client.send(new AuthorizeSecurityGroupIngressCommand({ GroupId, IpPermissions: [HTTPS_FROM_VPC] }));
    await client.send(new RevokeSecurityGroupIngressCommand({ GroupId, SecurityGroupRuleIds: [SecurityGroupRules![0]!.SecurityGroupRuleId!] }));
    await client.send(new RevokeSecurityGroupEgressCommand({ GroupId, IpPermissions: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }));
    const g = await groupOf(GroupId);
    assert.deepEqual([g.IpPermissions, g.IpPermissionsEgress], [[], []]);
    await client.send(new AuthorizeSecurityGroupEgressCommand({ GroupId, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '10.0.0.0/16' }] }] }));
    assert.deepEqual((await groupOf(GroupId)).IpPermissionsEgress, [shown({ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '10.0.0.0/16' }] })]);
    await expectError(
      client.send(new RevokeSecurityGroupIngressCommand({ GroupId, SecurityGroupRuleIds: ['sgr-00000000000000000'] })),
      'InvalidSecurityGroupRuleId.NotFound',
      400,
      "The security group rule ID 'sgr-00000000000000000' does not exist",
    );
  });
});

describe('DescribeSecurityGroups', () => {
  it('filters by vpc-id, group-name, ip-permission.cidr and tags; unknown ids fail', async () => {
    const vpc = await newVpc(client, '10.0.0.0/16');
    const a = await newGroup(vpc.VpcId, 'alpha');
    const b = (await client.send(new CreateSecurityGroupCommand({ VpcId: vpc.VpcId, GroupName: 'beta', Description: 'b', TagSpecifications: [{ ResourceType: 'security-group', Tags: [{ Key: 'role', Value: 'endpoint' }] }] }))).GroupId!;
    await client.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: a, IpPermissions: [HTTPS_FROM_VPC] }));
    const ids = async (Filters: Array<{ Name: string; Values: string[] }>) => (await client.send(new DescribeSecurityGroupsCommand({ Filters }))).SecurityGroups!.map((g) => g.GroupId);
    assert.equal((await ids([{ Name: 'vpc-id', Values: [vpc.VpcId] }])).length, 3, 'default, alpha, beta');
    assert.deepEqual(await ids([{ Name: 'vpc-id', Values: [vpc.VpcId] }, { Name: 'group-name', Values: ['al*'] }]), [a]);
    assert.deepEqual(await ids([{ Name: 'vpc-id', Values: [vpc.VpcId] }, { Name: 'ip-permission.cidr', Values: ['10.0.0.0/16'] }]), [a]);
    assert.deepEqual(await ids([{ Name: 'tag:role', Values: ['endpoint'] }]), [b]);
    await expectError(client.send(new DescribeSecurityGroupsCommand({ GroupIds: ['sg-0000000000000000a'] })), 'InvalidGroup.NotFound', 400, "The security group 'sg-0000000000000000a' does not exist");
    const beta = await defaultVpcMessage('beta');
    await expectError(client.send(new DescribeSecurityGroupsCommand({ GroupNames: ['beta'] })), 'InvalidGroup.NotFound', 400, beta);
  });
});

describe('DeleteSecurityGroup', () => {
  it('deletes by id or (default VPC) by name; the default group cannot be deleted', async () => {
    const vpc = await newVpc(client, '10.0.0.0/16');
    const GroupId = await newGroup(vpc.VpcId);
    await client.send(new DeleteSecurityGroupCommand({ GroupId }));
    await expectError(client.send(new DeleteSecurityGroupCommand({ GroupId })), 'InvalidGroup.NotFound', 400, `The security group '${GroupId}' does not exist`);
    await client.send(new CreateSecurityGroupCommand({ GroupName: 'to-delete', Description: 'd' }));
    await client.send(new DeleteSecurityGroupCommand({ GroupName: 'to-delete' }));
    const defaultId = (await client.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpc.VpcId] }, { Name: 'group-name', Values: ['default'] }] }))).SecurityGroups![0]!.GroupId!;
    await expectError(client.send(new DeleteSecurityGroupCommand({ GroupId: defaultId })), 'CannotDelete', 400, `the specified group: "${defaultId}" name: "default" cannot be deleted by a user`);
    await expectError(client.send(new DeleteSecurityGroupCommand({})), 'MissingParameter', 400, 'The request must contain the parameter groupName or groupId');
  });

  it('refuses while another group references it, or an instance or endpoint uses it', async () => {
    const vpc = await newVpc(client, '10.0.0.0/16', { dns: true });
    const subnet = await newSubnet(client, vpc.VpcId, '10.0.1.0/24', 'us-east-1a');
    const target = await newGroup(vpc.VpcId);
    const referrer = await newGroup(vpc.VpcId);
    const dependent = `resource ${target} has a dependent object`;
    await client.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: referrer, IpPermissions: [{ IpProtocol: '-1', UserIdGroupPairs: [{ GroupId: target }] }] }));
    await expectError(client.send(new DeleteSecurityGroupCommand({ GroupId: target })), 'DependencyViolation', 400, dependent);
    await client.send(new RevokeSecurityGroupIngressCommand({ GroupId: referrer, IpPermissions: [{ IpProtocol: '-1', UserIdGroupPairs: [{ GroupId: target }] }] }));

    const { Instances } = await client.send(new RunInstancesCommand({ ImageId: 'ami-12345678', MinCount: 1, MaxCount: 1, SubnetId: subnet.SubnetId, SecurityGroupIds: [target] }));
    await expectError(client.send(new DeleteSecurityGroupCommand({ GroupId: target })), 'DependencyViolation', 400, dependent);
    await client.send(new TerminateInstancesCommand({ InstanceIds: [Instances![0]!.InstanceId!] }));

    const { VpcEndpoint } = await client.send(
      new CreateVpcEndpointCommand({ VpcId: vpc.VpcId, ServiceName: 'com.amazonaws.us-east-1.execute-api', VpcEndpointType: 'Interface', SubnetIds: [subnet.SubnetId], SecurityGroupIds: [target] }),
    );
    await expectError(client.send(new DeleteSecurityGroupCommand({ GroupId: target })), 'DependencyViolation', 400, dependent);
    await client.send(new DeleteVpcEndpointsCommand({ VpcEndpointIds: [VpcEndpoint!.VpcEndpointId!] }));

    await client.send(new DeleteSecurityGroupCommand({ GroupId: target }));
  });
});
