import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { SecurityGroup, Vpc } from '../../../domain/ec2.js';
import { failureReason } from '../errors.js';
import { openFixture } from '../fixture.js';
import type { Provisioned } from '../types.js';
import { instance } from './instance.js';
import { launchTemplate } from './launch-template.js';
import { eip, internetGateway, natGateway, route, routeTable, subnetRouteTableAssociation, vpcGatewayAttachment } from './routing.js';
import { securityGroup } from './security-group.js';
import { securityGroupEgress, securityGroupIngress } from './security-group-ingress-egress.js';
import { subnet } from './subnet.js';
import { vpc } from './vpc.js';
import { vpcEndpoint } from './vpc-endpoint.js';

const f = openFixture();
after(() => f.dispose());

let network: Provisioned;
let subnetA: Provisioned;
let subnetB: Provisioned;
before(async () => {
  network = await f.create(vpc, 'Network', { CidrBlock: '10.1.0.0/16', EnableDnsSupport: true, EnableDnsHostnames: true });
  subnetA = await f.create(subnet, 'SubnetA', { VpcId: network.physicalId, CidrBlock: '10.1.1.0/24', AvailabilityZone: 'us-east-1a' });
  subnetB = await f.create(subnet, 'SubnetB', { VpcId: network.physicalId, CidrBlock: '10.1.2.0/24', AvailabilityZone: 'us-east-1b' });
});

const describeVpc = async (id: string) => ((await f.api('ec2', 'DescribeVpcs', { VpcIds: [id] })).Vpcs as Vpc[])[0]!;
const describeGroup = async (id: string) => ((await f.api('ec2', 'DescribeSecurityGroups', { GroupIds: [id] })).SecurityGroups as SecurityGroup[])[0]!;
const attribute = async (vpcId: string, name: string) => Object.values(await f.api('ec2', 'DescribeVpcAttribute', { VpcId: vpcId, Attribute: name })).find((v) => typeof v === 'object') as { Value: boolean };

test('VPC: Ref, every GetAtt, DNS attributes and tags updated in place, deleted (twice)', async () => {
  const v = await f.create(vpc, 'VPC', { CidrBlock: '10.2.0.0/16', EnableDnsHostnames: 'true', InstanceTenancy: 'default', Tags: [{ Key: 'Name', Value: 'one' }] });
  const described = await describeVpc(v.physicalId);
  const groups = (await f.api('ec2', 'DescribeSecurityGroups', { Filters: [{ Name: 'vpc-id', Values: [v.physicalId] }] })).SecurityGroups as SecurityGroup[];
  assert.deepEqual(v.attributes, {
    VpcId: v.physicalId,
    CidrBlock: '10.2.0.0/16',
    CidrBlockAssociations: [described.CidrBlockAssociationSet[0]!.AssociationId],
    DefaultSecurityGroup: groups[0]!.GroupId,
    DefaultNetworkAcl: v.attributes['DefaultNetworkAcl'],
    Ipv6CidrBlocks: [],
  });
  assert.match(v.attributes['DefaultNetworkAcl'] as string, /^acl-[0-9a-f]{17}$/);
  assert.match((v.attributes['CidrBlockAssociations'] as string[])[0]!, /^vpc-cidr-assoc-[0-9a-f]{17}$/);
  assert.deepEqual(await attribute(v.physicalId, 'enableDnsHostnames'), { Value: true });
  assert.deepEqual(described.Tags, [{ Key: 'Name', Value: 'one' }]);

  const updated = await vpc.update!(v, { CidrBlock: '10.2.0.0/16', EnableDnsHostnames: 'true', Tags: [{ Key: 'Name', Value: 'one' }] }, { CidrBlock: '10.2.0.0/16', EnableDnsSupport: false, Tags: [{ Key: 'Team', Value: 'api' }] }, f.ctx('VPC'));
  assert.equal(updated.physicalId, v.physicalId);
  assert.deepEqual(await attribute(v.physicalId, 'enableDnsHostnames'), { Value: false });
  assert.deepEqual(await attribute(v.physicalId, 'enableDnsSupport'), { Value: false });
  assert.deepEqual((await describeVpc(v.physicalId)).Tags, [{ Key: 'Team', Value: 'api' }]);
  assert.ok(vpc.replaceOn?.includes('CidrBlock'));

  await vpc.delete(v, {}, f.ctx('VPC'));
  await assert.rejects(f.api('ec2', 'DescribeVpcs', { VpcIds: [v.physicalId] }), { name: 'InvalidVpcID.NotFound' });
  await vpc.delete(v, {}, f.ctx('VPC'));
});

test('VPC: a bad property fails with the validation message; a refused one with EC2\'s error', async () => {
  await assert.rejects(f.create(vpc, 'VPC', { CidrBlock: { Ref: 'Nope' } }), { message: 'Properties validation failed for resource VPC with message: #/CidrBlock: expected type: String, found: JSONObject' });
  await assert.rejects(f.create(vpc, 'VPC', { CidrBlock: '10.0.0.0/16', Ipv4IpamPoolId: 'ipam-pool-1' }), { message: 'Gatehouse does not support this: Ipv4IpamPoolId: Gatehouse has no IPAM; give the VPC a CidrBlock' });
  const error = await f.create(vpc, 'VPC', { CidrBlock: '10.0.0.0/33' }).catch((e: unknown) => e);
  assert.match(failureReason(error), /^Resource handler returned message: "Value \(10\.0\.0\.0\/33\) for parameter cidrBlock is invalid\. This is not a valid CIDR block\. \(Service: Ec2, Status Code: 400, Request ID: .+\)" \(HandlerErrorCode: InvalidRequest\)$/);
});

test('Subnet: GetAtt forms, tags updated, IPv6 refused, deleted', async () => {
  assert.match(subnetA.physicalId, /^subnet-[0-9a-f]{17}$/);
  assert.deepEqual(subnetA.attributes, {
    SubnetId: subnetA.physicalId,
    VpcId: network.physicalId,
    CidrBlock: '10.1.1.0/24',
    AvailabilityZone: 'us-east-1a',
    AvailabilityZoneId: 'use1-az1',
    Ipv6CidrBlocks: [],
    NetworkAclAssociationId: subnetA.attributes['NetworkAclAssociationId'],
  });
  const s = await f.create(subnet, 'Extra', { VpcId: network.physicalId, CidrBlock: '10.1.9.0/24', MapPublicIpOnLaunch: true });
  await subnet.update!(s, { VpcId: network.physicalId, CidrBlock: '10.1.9.0/24' }, { VpcId: network.physicalId, CidrBlock: '10.1.9.0/24', Tags: [{ Key: 'k', Value: 'v' }] }, f.ctx('Extra'));
  const described = ((await f.api('ec2', 'DescribeSubnets', { SubnetIds: [s.physicalId] })).Subnets as Array<{ Tags?: unknown }>)[0]!;
  assert.deepEqual(described.Tags, [{ Key: 'k', Value: 'v' }]);
  await subnet.delete(s, {}, f.ctx('Extra'));
  await subnet.delete(s, {}, f.ctx('Extra'));
  await assert.rejects(f.create(subnet, 'V6', { VpcId: network.physicalId, CidrBlock: '10.1.10.0/24', Ipv6CidrBlock: '2001:db8::/64' }), /Gatehouse subnets are IPv4 only/);
  await assert.rejects(f.create(subnet, 'NoVpc', { CidrBlock: '10.1.10.0/24' }), { message: 'Properties validation failed for resource NoVpc with message: #: required key [VpcId] not found' });
});

test('SecurityGroup: inline rules, egress replacing the default, rules changed in place, deleted', async () => {
  const g = await f.create(securityGroup, 'Web', {
    GroupDescription: 'web',
    GroupName: 'web',
    VpcId: network.physicalId,
    SecurityGroupIngress: [
      { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '10.1.0.0/16', Description: 'https' },
      { IpProtocol: -1, SourceSecurityGroupId: network.attributes['DefaultSecurityGroup'] },
    ],
    SecurityGroupEgress: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '0.0.0.0/0' }],
    Tags: [{ Key: 'tier', Value: 'web' }],
  });
  assert.equal(g.physicalId, g.attributes['GroupId']);
  assert.deepEqual(g.attributes, { GroupId: g.physicalId, VpcId: network.physicalId });
  let d = await describeGroup(g.physicalId);
  assert.equal(d.GroupName, 'web');
  assert.deepEqual(d.IpPermissions.map((p) => [p.IpProtocol, p.FromPort, p.IpRanges, p.UserIdGroupPairs?.map((u) => u.GroupId)]), [
    ['tcp', 443, [{ CidrIp: '10.1.0.0/16', Description: 'https' }], []],
    ['-1', undefined, [], [network.attributes['DefaultSecurityGroup']]],
  ]);
  assert.deepEqual(d.IpPermissionsEgress.map((p) => [p.IpProtocol, p.FromPort, p.IpRanges]), [['tcp', 443, [{ CidrIp: '0.0.0.0/0' }]]], 'the default allow-all rule is gone');

  const before = { GroupDescription: 'web', GroupName: 'web', VpcId: network.physicalId, SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '10.1.0.0/16', Description: 'https' }, { IpProtocol: -1, SourceSecurityGroupId: network.attributes['DefaultSecurityGroup'] }], SecurityGroupEgress: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '0.0.0.0/0' }], Tags: [{ Key: 'tier', Value: 'web' }] };
  const afterProps = { GroupDescription: 'web', GroupName: 'web', VpcId: network.physicalId, SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: '80', ToPort: '80', CidrIp: '10.1.0.0/16' }] };
  await securityGroup.update!(g, before, afterProps, f.ctx('Web'));
  d = await describeGroup(g.physicalId);
  assert.deepEqual(d.IpPermissions.map((p) => [p.IpProtocol, p.FromPort, p.IpRanges]), [['tcp', 80, [{ CidrIp: '10.1.0.0/16' }]]]);
  assert.deepEqual(d.IpPermissionsEgress.map((p) => [p.IpProtocol, p.IpRanges]), [['-1', [{ CidrIp: '0.0.0.0/0' }]]], 'back to the default egress');
  assert.equal(d.Tags, undefined);

  await securityGroup.delete(g, afterProps, f.ctx('Web'));
  await assert.rejects(f.api('ec2', 'DescribeSecurityGroups', { GroupIds: [g.physicalId] }), { name: 'InvalidGroup.NotFound' });
  await securityGroup.delete(g, afterProps, f.ctx('Web'));
});

test('SecurityGroup: Ref is the name when no VpcId is given (default VPC); a failing rule leaves no group behind', async () => {
  const g = await f.create(securityGroup, 'Legacy', { GroupDescription: 'legacy' });
  assert.match(g.physicalId, /^private-api-tutorial-Legacy-[A-Za-z0-9]{12}$/);
  assert.match(g.attributes['GroupId'] as string, /^sg-/);
  await securityGroup.delete(g, {}, f.ctx('Legacy'));

  await assert.rejects(
    f.create(securityGroup, 'Broken', { GroupDescription: 'broken', GroupName: 'broken', VpcId: network.physicalId, SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '10.1.0.0/99' }] }),
    { name: 'InvalidParameterValue', message: 'CIDR block 10.1.0.0/99 is malformed' },
  );
  const named = (await f.api('ec2', 'DescribeSecurityGroups', { Filters: [{ Name: 'group-name', Values: ['broken'] }] })).SecurityGroups as unknown[];
  assert.deepEqual(named, []);
});

test('SecurityGroupIngress/Egress: Ref is the rule id, description changed in place, revoked on delete', async () => {
  const g = await f.create(securityGroup, 'Target', { GroupDescription: 'target', VpcId: network.physicalId });
  const props = { GroupId: g.physicalId, IpProtocol: 'tcp', FromPort: 8443, ToPort: 8443, CidrIp: '10.1.1.0/24', Description: 'one' };
  const rule = await f.create(securityGroupIngress, 'Rule', props);
  assert.match(rule.physicalId, /^sgr-[0-9a-f]{17}$/);
  assert.equal(rule.attributes['Id'], rule.physicalId);
  const again = await securityGroupIngress.update!(rule, props, { ...props, Description: 'two' }, f.ctx('Rule'));
  assert.equal(again.physicalId, rule.physicalId);
  assert.deepEqual((await describeGroup(g.physicalId)).IpPermissions[0]!.IpRanges, [{ CidrIp: '10.1.1.0/24', Description: 'two' }]);
  assert.ok(securityGroupIngress.replaceOn?.includes('FromPort') && !securityGroupIngress.replaceOn.includes('Description'));
  await securityGroupIngress.delete(rule, props, f.ctx('Rule'));
  assert.deepEqual((await describeGroup(g.physicalId)).IpPermissions, []);
  await securityGroupIngress.delete(rule, props, f.ctx('Rule'));

  const out = await f.create(securityGroupEgress, 'Out', { GroupId: g.physicalId, IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, DestinationSecurityGroupId: network.attributes['DefaultSecurityGroup'] });
  assert.match(out.physicalId, /^sgr-/);
  assert.equal((await describeGroup(g.physicalId)).IpPermissionsEgress.length, 2);
  await securityGroupEgress.delete(out, {}, f.ctx('Out'));
  assert.equal((await describeGroup(g.physicalId)).IpPermissionsEgress.length, 1);
  await assert.rejects(f.create(securityGroupIngress, 'Both', { IpProtocol: 'tcp', FromPort: 1, ToPort: 1, CidrIp: '10.0.0.0/8' }), { message: 'Properties validation failed for resource Both with message: #: only one of [GroupId, GroupName] must be specified' });
  await securityGroup.delete(g, {}, f.ctx('Target'));
});

test('VPCEndpoint: policy as an object, CloudFormation\'s private DNS default (off), subnets, groups and policy updated in place', async () => {
  const policy = { Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: '*' }] };
  const e = await f.create(vpcEndpoint, 'Endpoint', { VpcId: network.physicalId, ServiceName: 'com.amazonaws.us-east-1.execute-api', VpcEndpointType: 'Interface', SubnetIds: [subnetA.physicalId], PolicyDocument: policy });
  let d = ((await f.api('ec2', 'DescribeVpcEndpoints', { VpcEndpointIds: [e.physicalId] })).VpcEndpoints as Array<Record<string, unknown>>)[0]!;
  assert.equal(d['PrivateDnsEnabled'], false);
  assert.equal(d['PolicyDocument'], JSON.stringify(policy));
  assert.equal((e.attributes['DnsEntries'] as string[]).length, 2, 'regional and one zonal name, no private names');
  assert.equal(e.attributes['Id'], e.physicalId);

  const before = { VpcId: network.physicalId, ServiceName: 'com.amazonaws.us-east-1.execute-api', VpcEndpointType: 'Interface', SubnetIds: [subnetA.physicalId], PolicyDocument: policy };
  const afterProps = { ...before, SubnetIds: [subnetA.physicalId, subnetB.physicalId], PrivateDnsEnabled: true, PolicyDocument: undefined };
  const updated = await vpcEndpoint.update!(e, before, afterProps, f.ctx('Endpoint'));
  d = ((await f.api('ec2', 'DescribeVpcEndpoints', { VpcEndpointIds: [e.physicalId] })).VpcEndpoints as Array<Record<string, unknown>>)[0]!;
  assert.equal(d['PrivateDnsEnabled'], true);
  assert.deepEqual(d['SubnetIds'], [subnetA.physicalId, subnetB.physicalId]);
  assert.match(d['PolicyDocument'] as string, /"Action":"\*"/, 'the policy went back to full access');
  assert.equal((updated.attributes['DnsEntries'] as string[]).length, 5);
  assert.equal((updated.attributes['NetworkInterfaceIds'] as string[]).length, 2);

  await vpcEndpoint.delete(e, afterProps, f.ctx('Endpoint'));
  assert.deepEqual((await f.api('ec2', 'DescribeVpcEndpoints', { Filters: [{ Name: 'vpc-id', Values: [network.physicalId] }] })).VpcEndpoints, []);
  await vpcEndpoint.delete(e, afterProps, f.ctx('Endpoint'));
});

test('Instance: GetAtt forms, NetworkInterfaces as the primary interface, tags updated, terminated on delete', async () => {
  const i = await f.create(instance, 'Host', { ImageId: 'ami-0abcdef1234567890', InstanceType: 't3.micro', NetworkInterfaces: [{ DeviceIndex: '0', SubnetId: subnetB.physicalId, GroupSet: [network.attributes['DefaultSecurityGroup']], AssociatePublicIpAddress: true }] });
  assert.match(i.physicalId, /^i-[0-9a-f]{17}$/);
  assert.equal(i.attributes['AvailabilityZone'], 'us-east-1b');
  assert.equal(i.attributes['VpcId'], network.physicalId);
  assert.match(i.attributes['PrivateIp'] as string, /^10\.1\.2\.\d+$/);
  await instance.update!(i, {}, { Tags: [{ Key: 'Name', Value: 'host' }] }, f.ctx('Host'));
  const described = ((await f.api('ec2', 'DescribeInstances', { InstanceIds: [i.physicalId] })).Reservations as Array<{ Instances: Array<{ Tags?: unknown; State: { Name: string } }> }>)[0]!.Instances[0]!;
  assert.deepEqual(described.Tags, [{ Key: 'Name', Value: 'host' }]);
  await instance.delete(i, {}, f.ctx('Host'));
  const after = ((await f.api('ec2', 'DescribeInstances', { InstanceIds: [i.physicalId] })).Reservations as Array<{ Instances: Array<{ State: { Name: string } }> }>)[0]!.Instances[0]!;
  assert.equal(after.State.Name, 'terminated');
  await assert.rejects(f.create(instance, 'Bad', { ImageId: 'ami-0abcdef1234567890', SubnetId: subnetA.physicalId, NetworkInterfaces: [{ DeviceIndex: '0', SubnetId: subnetB.physicalId }] }), /Network interfaces and an instance-level subnet ID may not be specified on the same request/);
});

test('kept by the stack: internet gateway, attachment, route table, route, association, in AWS\'s forms', async () => {
  const igw = await f.create(internetGateway, 'IGW', {});
  assert.match(igw.physicalId, /^igw-[0-9a-f]{17}$/);
  assert.equal(igw.attributes['InternetGatewayId'], igw.physicalId);
  const attachment = await f.create(vpcGatewayAttachment, 'Attach', { VpcId: network.physicalId, InternetGatewayId: igw.physicalId });
  assert.equal(attachment.physicalId, `IGW|${network.physicalId}`);
  const rtb = await f.create(routeTable, 'Routes', { VpcId: network.physicalId });
  assert.match(rtb.physicalId, /^rtb-[0-9a-f]{17}$/);
  const r = await f.create(route, 'Default', { RouteTableId: rtb.physicalId, DestinationCidrBlock: '0.0.0.0/0', GatewayId: igw.physicalId });
  assert.equal(r.physicalId, `${rtb.physicalId}|0.0.0.0/0`);
  const assoc = await f.create(subnetRouteTableAssociation, 'Assoc', { SubnetId: subnetA.physicalId, RouteTableId: rtb.physicalId });
  assert.match(assoc.physicalId, /^rtbassoc-[0-9a-f]{17}$/);
  const updated = await routeTable.update!(rtb, { VpcId: network.physicalId }, { VpcId: network.physicalId, Tags: [{ Key: 'a', Value: 'b' }] }, f.ctx('Routes'));
  assert.equal(updated.physicalId, rtb.physicalId);
  for (const [type, p] of [[subnetRouteTableAssociation, assoc], [route, r], [routeTable, rtb], [vpcGatewayAttachment, attachment], [internetGateway, igw]] as const) await type.delete(p, {}, f.ctx('x'));

  await assert.rejects(f.create(vpcGatewayAttachment, 'Attach', { VpcId: 'vpc-0000000000000000f', InternetGatewayId: igw.physicalId }), { name: 'InvalidVpcID.NotFound' });
  await assert.rejects(f.create(vpcGatewayAttachment, 'Attach', { VpcId: network.physicalId }), /only one of \[InternetGatewayId, VpnGatewayId\] must be specified/);
  const ip = await f.create(eip, 'NatIp', { Domain: 'vpc' });
  assert.match(ip.physicalId, /^203\.0\.113\.\d+$/);
  assert.match(ip.attributes['AllocationId'] as string, /^eipalloc-[0-9a-f]{17}$/);
  const nat = await f.create(natGateway, 'Nat', { SubnetId: subnetA.physicalId, AllocationId: ip.attributes['AllocationId'] });
  assert.match(nat.physicalId, /^nat-[0-9a-f]{17}$/);
  await assert.rejects(f.create(route, 'NoWhere', { RouteTableId: rtb.physicalId, GatewayId: igw.physicalId }), /only one of \[DestinationCidrBlock, DestinationIpv6CidrBlock, DestinationPrefixListId\] must be specified/);
});

test('LaunchTemplate, kept by the stack: AWS\'s id and version numbers, a new version for new data, network settings refused', async () => {
  // What a CDK Instance with requireImdsv2 makes.
  const data = { MetadataOptions: { HttpTokens: 'required' } };
  const lt = await f.create(launchTemplate, 'HostLaunchTemplate', { LaunchTemplateName: 'HostLaunchTemplate', LaunchTemplateData: data });
  assert.match(lt.physicalId, /^lt-[0-9a-f]{17}$/);
  assert.deepEqual(lt.attributes, { LaunchTemplateId: lt.physicalId, LatestVersionNumber: '1', DefaultVersionNumber: '1' });
  assert.match((await f.create(launchTemplate, 'Unnamed', { LaunchTemplateData: { UserData: 'IyEvYmluL2Jhc2g=', ImageId: 'ami-0abcdef1234567890' } })).physicalId, /^lt-/);
  const ctx = f.ctx('HostLaunchTemplate');
  assert.equal(await launchTemplate.update!(lt, { LaunchTemplateData: data }, { LaunchTemplateData: data, VersionDescription: 'same' }, ctx), lt);
  const v2 = await launchTemplate.update!(lt, { LaunchTemplateData: data }, { LaunchTemplateData: { MetadataOptions: { HttpTokens: 'optional' } } }, ctx);
  assert.deepEqual(v2, { physicalId: lt.physicalId, attributes: { LaunchTemplateId: lt.physicalId, LatestVersionNumber: '2', DefaultVersionNumber: '1' } });
  assert.deepEqual(launchTemplate.replaceOn, ['LaunchTemplateName']);
  await launchTemplate.delete(v2, {}, ctx);

  const fails = (properties: Record<string, unknown>) => f.create(launchTemplate, 'Bad', properties).then(() => '', failureReason);
  assert.equal(await fails({}), 'Properties validation failed for resource Bad with message: #: required key [LaunchTemplateData] not found');
  assert.equal(await fails({ LaunchTemplateName: 'ab', LaunchTemplateData: {} }), 'Properties validation failed for resource Bad with message: #/LaunchTemplateName: expected minLength: 3, actual: 2');
  assert.equal(await fails({ LaunchTemplateName: 'a b c', LaunchTemplateData: {} }), 'Properties validation failed for resource Bad with message: #/LaunchTemplateName: string [a b c] does not match pattern [a-zA-Z0-9\\(\\)\\.\\-/_]+');
  assert.equal(await fails({ LaunchTemplateData: { Nope: 1 } }), 'Properties validation failed for resource Bad with message: #/LaunchTemplateData: extraneous key [Nope] is not permitted');
  assert.equal(
    await fails({ LaunchTemplateData: { SecurityGroupIds: ['sg-0123456789abcdef0'] } }),
    'Gatehouse does not support this: SecurityGroupIds: an instance takes nothing from its launch template in Gatehouse; give the instance its SubnetId and SecurityGroupIds',
  );
  assert.match(await fails({ LaunchTemplateData: { Placement: { AvailabilityZone: 'us-east-1a', Tenancy: 'default' } } }), /^Gatehouse does not support this: Placement\.AvailabilityZone: /);
});

test('Instance from a launch template: by id or by name with a version; its own image; the template\'s data is not its', async () => {
  const lt = await f.create(launchTemplate, 'ImdsV2', { LaunchTemplateName: 'ImdsV2', LaunchTemplateData: { MetadataOptions: { HttpTokens: 'required' } } });
  const own = { ImageId: 'ami-0abcdef1234567890', InstanceType: 't3.micro', SubnetId: subnetA.physicalId };
  const byName = await f.create(instance, 'ByName', { ...own, LaunchTemplate: { LaunchTemplateName: 'ImdsV2', Version: lt.attributes['LatestVersionNumber'] } });
  assert.match(byName.attributes['PrivateIp'] as string, /^10\.1\.1\.\d+$/);
  const byId = await f.create(instance, 'ById', { ...own, LaunchTemplate: { LaunchTemplateId: lt.physicalId, Version: '1' } });
  for (const i of [byName, byId]) await instance.delete(i, {}, f.ctx('x'));

  const fails = (properties: Record<string, unknown>) => f.create(instance, 'Bad', properties).then(() => '', failureReason);
  assert.equal(
    await fails({ ...own, LaunchTemplate: { LaunchTemplateId: lt.physicalId, LaunchTemplateName: 'ImdsV2', Version: '1' } }),
    'Properties validation failed for resource Bad with message: #/LaunchTemplate: only one of [LaunchTemplateId, LaunchTemplateName] must be specified',
  );
  assert.equal(await fails({ ...own, LaunchTemplate: { LaunchTemplateId: lt.physicalId } }), 'Properties validation failed for resource Bad with message: #/LaunchTemplate: required key [Version] not found');
  assert.equal(
    await fails({ SubnetId: subnetA.physicalId, LaunchTemplate: { LaunchTemplateId: lt.physicalId, Version: '1' } }),
    'Gatehouse does not support this: LaunchTemplate: Gatehouse launches nothing from a launch template; give the instance its own ImageId',
  );
});
