/**
 * AWS::EC2::* resource types. VPCs, subnets, security groups (and their rules), VPC endpoints and instances
 * are made through Gatehouse's EC2 service; internet gateways, their attachments, route tables, routes and
 * route table associations (and a CDK Vpc's Elastic IPs and NAT gateways) have no EC2 records in Gatehouse
 * (it routes nothing), so the stack keeps them
 * itself under AWS-shaped ids, after checking that the VPC or subnet they name exists. Launch templates (a CDK
 * Instance with `requireImdsv2` makes one) are kept by the stack too: an instance takes nothing from them.
 */
import { randomInt } from 'node:crypto';
import type { Instance, SecurityGroup, Subnet, Vpc, VpcEndpoint } from '../../domain/ec2.js';
import { notSupported, orUndo, unlessGone, validationFailed } from './errors.js';
import { derivedEc2Id, ec2StyleId } from './ids.js';
import { any, bool, changed, int, json, list, obj, parseProperties, policyText, str, strings, tagDiff, tagList, tagMap, type ObjectShape } from './schema.js';
import type { Provisioned, ResourceContext, ResourceType } from './types.js';

interface Tag {
  Key: string;
  Value: string;
}

/** The input without its undefined members. */
function compact(input: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
}

const tagSpecifications = (resourceType: string, tags: Tag[] | undefined) => (tags && tags.length > 0 ? [{ ResourceType: resourceType, Tags: tags }] : undefined);

/** Brings an EC2 resource's tags from `before` to `after` (removed keys first, then new and changed values). */
async function retag(ctx: ResourceContext, id: string, before: Tag[] | undefined, after: Tag[] | undefined): Promise<void> {
  const { set, removed } = tagDiff(tagMap(before), tagMap(after));
  if (removed.length > 0) await ctx.call('ec2', 'DeleteTags', { Resources: [id], Tags: removed.map((Key) => ({ Key })) });
  const entries = Object.entries(set);
  if (entries.length > 0) await ctx.call('ec2', 'CreateTags', { Resources: [id], Tags: entries.map(([Key, Value]) => ({ Key, Value })) });
}

const parse = <T>(ctx: ResourceContext, properties: Record<string, unknown>, shape: ObjectShape): T => parseProperties<T>(ctx.logicalId, properties, shape);

/** Fails clearly when a template sets a property Gatehouse's EC2 has no counterpart for. */
function refuse(properties: object, names: readonly string[], why: string): void {
  const given = names.filter((n) => (properties as Record<string, unknown>)[n] !== undefined);
  if (given.length > 0) throw notSupported(`${given.join(', ')}: ${why}`);
}

// ---- AWS::EC2::VPC ----

interface VpcProps {
  CidrBlock?: string;
  EnableDnsSupport?: boolean;
  EnableDnsHostnames?: boolean;
  InstanceTenancy?: string;
  Ipv4IpamPoolId?: string;
  Ipv4NetmaskLength?: number;
  Tags?: Tag[];
}

const VPC_SHAPE = obj({ CidrBlock: str, EnableDnsSupport: bool, EnableDnsHostnames: bool, InstanceTenancy: str, Ipv4IpamPoolId: str, Ipv4NetmaskLength: int, Tags: tagList });

async function readVpc(ctx: ResourceContext, vpcId: string): Promise<Provisioned> {
  const vpc = ((await ctx.call('ec2', 'DescribeVpcs', { VpcIds: [vpcId] })).Vpcs as Vpc[])[0]!;
  const groups = await ctx.call('ec2', 'DescribeSecurityGroups', {
    Filters: [
      { Name: 'vpc-id', Values: [vpcId] },
      { Name: 'group-name', Values: ['default'] },
    ],
  });
  return {
    physicalId: vpcId,
    attributes: {
      VpcId: vpcId,
      CidrBlock: vpc.CidrBlock,
      CidrBlockAssociations: vpc.CidrBlockAssociationSet.map((a) => a.AssociationId),
      DefaultSecurityGroup: (groups.SecurityGroups as SecurityGroup[])[0]?.GroupId,
      // Gatehouse has no network ACLs; the VPC's default one gets a stable id of AWS's form.
      DefaultNetworkAcl: derivedEc2Id('acl', vpcId),
      Ipv6CidrBlocks: [],
    },
  };
}

/** The DNS attributes, one ModifyVpcAttribute each as the API wants; support first, since hostnames need it. */
async function setDnsAttributes(ctx: ResourceContext, vpcId: string, support: boolean | undefined, hostnames: boolean | undefined): Promise<void> {
  if (support !== undefined) await ctx.call('ec2', 'ModifyVpcAttribute', { VpcId: vpcId, EnableDnsSupport: { Value: support } });
  if (hostnames !== undefined) await ctx.call('ec2', 'ModifyVpcAttribute', { VpcId: vpcId, EnableDnsHostnames: { Value: hostnames } });
}

export const vpc: ResourceType = {
  type: 'AWS::EC2::VPC',
  replaceOn: ['CidrBlock', 'Ipv4IpamPoolId', 'Ipv4NetmaskLength', 'InstanceTenancy'],
  async create(properties, ctx) {
    const p = parse<VpcProps>(ctx, properties, VPC_SHAPE);
    refuse(p, ['Ipv4IpamPoolId', 'Ipv4NetmaskLength'], 'Gatehouse has no IPAM; give the VPC a CidrBlock');
    const out = await ctx.call('ec2', 'CreateVpc', compact({ CidrBlock: p.CidrBlock, InstanceTenancy: p.InstanceTenancy, TagSpecifications: tagSpecifications('vpc', p.Tags) }));
    const vpcId = (out.Vpc as Vpc).VpcId;
    return orUndo(async () => {
      await setDnsAttributes(ctx, vpcId, p.EnableDnsSupport, p.EnableDnsHostnames);
      return readVpc(ctx, vpcId);
    }, () => ctx.call('ec2', 'DeleteVpc', { VpcId: vpcId }));
  },
  async update(current, before, after, ctx) {
    const b = parse<VpcProps>(ctx, before, VPC_SHAPE);
    const a = parse<VpcProps>(ctx, after, VPC_SHAPE);
    // A removed attribute goes back to AWS's default for a new VPC (DNS support on, hostnames off).
    const support = changed(b, a, 'EnableDnsSupport') ? (a.EnableDnsSupport ?? true) : undefined;
    const hostnames = changed(b, a, 'EnableDnsHostnames') ? (a.EnableDnsHostnames ?? false) : undefined;
    // Turning hostnames off before support, and support on before hostnames, keeps the pair valid throughout.
    if (hostnames === false) await setDnsAttributes(ctx, current.physicalId, undefined, false);
    await setDnsAttributes(ctx, current.physicalId, support, hostnames === true ? true : undefined);
    await retag(ctx, current.physicalId, b.Tags, a.Tags);
    return readVpc(ctx, current.physicalId);
  },
  async delete(current, _properties, ctx) {
    await unlessGone(ctx.call('ec2', 'DeleteVpc', { VpcId: current.physicalId }), 'InvalidVpcID.NotFound');
  },
};

// ---- AWS::EC2::Subnet ----

interface SubnetProps {
  VpcId: string;
  CidrBlock?: string;
  AvailabilityZone?: string;
  AvailabilityZoneId?: string;
  MapPublicIpOnLaunch?: boolean;
  Tags?: Tag[];
}

const IPV6_SUBNET_PROPS = ['Ipv6CidrBlock', 'Ipv6CidrBlocks', 'Ipv6Native', 'Ipv6IpamPoolId', 'Ipv6NetmaskLength', 'Ipv4IpamPoolId', 'Ipv4NetmaskLength'];

const SUBNET_SHAPE = obj(
  {
    VpcId: str,
    CidrBlock: str,
    AvailabilityZone: str,
    AvailabilityZoneId: str,
    MapPublicIpOnLaunch: bool,
    Tags: tagList,
    Ipv6CidrBlock: str,
    Ipv6CidrBlocks: strings,
    Ipv6Native: bool,
    Ipv6IpamPoolId: str,
    Ipv6NetmaskLength: int,
    Ipv4IpamPoolId: str,
    Ipv4NetmaskLength: int,
  },
  ['VpcId'],
  ['AssignIpv6AddressOnCreation', 'EnableDns64', 'OutpostArn', 'PrivateDnsNameOptionsOnLaunch', 'EnableLniAtDeviceIndex'],
);

async function readSubnet(ctx: ResourceContext, subnetId: string): Promise<Provisioned> {
  const s = ((await ctx.call('ec2', 'DescribeSubnets', { SubnetIds: [subnetId] })).Subnets as Subnet[])[0]!;
  return {
    physicalId: subnetId,
    attributes: {
      SubnetId: subnetId,
      VpcId: s.VpcId,
      CidrBlock: s.CidrBlock,
      AvailabilityZone: s.AvailabilityZone,
      AvailabilityZoneId: s.AvailabilityZoneId,
      Ipv6CidrBlocks: [],
      NetworkAclAssociationId: derivedEc2Id('aclassoc', subnetId),
    },
  };
}

export const subnet: ResourceType = {
  type: 'AWS::EC2::Subnet',
  replaceOn: ['VpcId', 'CidrBlock', 'AvailabilityZone', 'AvailabilityZoneId', 'Ipv6CidrBlock', 'Ipv4IpamPoolId', 'Ipv4NetmaskLength', 'Ipv6Native', 'OutpostArn'],
  async create(properties, ctx) {
    const p = parse<SubnetProps>(ctx, properties, SUBNET_SHAPE);
    refuse(p, IPV6_SUBNET_PROPS, 'Gatehouse subnets are IPv4 only, with a CidrBlock');
    // MapPublicIpOnLaunch is accepted and has nothing to act on: Gatehouse gives instances no public addresses.
    const out = await ctx.call('ec2', 'CreateSubnet', compact({
      VpcId: p.VpcId,
      CidrBlock: p.CidrBlock,
      AvailabilityZone: p.AvailabilityZone,
      AvailabilityZoneId: p.AvailabilityZoneId,
      TagSpecifications: tagSpecifications('subnet', p.Tags),
    }));
    return readSubnet(ctx, (out.Subnet as Subnet).SubnetId);
  },
  async update(current, before, after, ctx) {
    const b = parse<SubnetProps>(ctx, before, SUBNET_SHAPE);
    const a = parse<SubnetProps>(ctx, after, SUBNET_SHAPE);
    refuse(a, IPV6_SUBNET_PROPS, 'Gatehouse subnets are IPv4 only, with a CidrBlock');
    await retag(ctx, current.physicalId, b.Tags, a.Tags);
    return readSubnet(ctx, current.physicalId);
  },
  async delete(current, _properties, ctx) {
    await unlessGone(ctx.call('ec2', 'DeleteSubnet', { SubnetId: current.physicalId }), 'InvalidSubnetID.NotFound');
  },
};

// ---- security group rules ----

interface RuleProps {
  IpProtocol: string;
  FromPort?: number;
  ToPort?: number;
  CidrIp?: string;
  CidrIpv6?: string;
  Description?: string;
  SourceSecurityGroupId?: string;
  SourceSecurityGroupName?: string;
  SourceSecurityGroupOwnerId?: string;
  SourcePrefixListId?: string;
  DestinationSecurityGroupId?: string;
  DestinationPrefixListId?: string;
}

const RULE_PROPS = { IpProtocol: str, FromPort: int, ToPort: int, CidrIp: str, CidrIpv6: str, Description: str };
const INGRESS_PROPS = { ...RULE_PROPS, SourceSecurityGroupId: str, SourceSecurityGroupName: str, SourceSecurityGroupOwnerId: str, SourcePrefixListId: str };
const EGRESS_PROPS = { ...RULE_PROPS, DestinationSecurityGroupId: str, DestinationPrefixListId: str };
const INGRESS_RULE = obj(INGRESS_PROPS, ['IpProtocol']);
const EGRESS_RULE = obj(EGRESS_PROPS, ['IpProtocol']);

/** One CloudFormation rule as the IpPermission EC2 takes (one source, the rule's description on it). */
function permissionOf(rule: RuleProps): Record<string, unknown> {
  const description = rule.Description !== undefined ? { Description: rule.Description } : {};
  const perm: Record<string, unknown> = compact({ IpProtocol: rule.IpProtocol, FromPort: rule.FromPort, ToPort: rule.ToPort });
  if (rule.CidrIp !== undefined) perm['IpRanges'] = [{ CidrIp: rule.CidrIp, ...description }];
  if (rule.CidrIpv6 !== undefined) perm['Ipv6Ranges'] = [{ CidrIpv6: rule.CidrIpv6, ...description }];
  const groupId = rule.SourceSecurityGroupId ?? rule.DestinationSecurityGroupId;
  if (groupId !== undefined) perm['UserIdGroupPairs'] = [compact({ GroupId: groupId, UserId: rule.SourceSecurityGroupOwnerId, ...description })];
  else if (rule.SourceSecurityGroupName !== undefined) perm['UserIdGroupPairs'] = [compact({ GroupName: rule.SourceSecurityGroupName, UserId: rule.SourceSecurityGroupOwnerId, ...description })];
  const prefixList = rule.SourcePrefixListId ?? rule.DestinationPrefixListId;
  if (prefixList !== undefined) perm['PrefixListIds'] = [{ PrefixListId: prefixList, ...description }];
  return perm;
}

/** What a new group allows out until a template says otherwise (and what it allows again once it stops saying). */
const ALLOW_ALL_OUT = { IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] };

/** Revokes the permissions only in `from`, then authorizes those only in `to`. */
async function syncPermissions(ctx: ResourceContext, groupId: string, egress: boolean, from: readonly Record<string, unknown>[], to: readonly Record<string, unknown>[]): Promise<void> {
  const key = (p: Record<string, unknown>) => JSON.stringify(p);
  const fromKeys = new Set(from.map(key));
  const toKeys = new Set(to.map(key));
  const revoke = from.filter((p) => !toKeys.has(key(p)));
  const grant = to.filter((p) => !fromKeys.has(key(p)));
  const kind = egress ? 'Egress' : 'Ingress';
  if (revoke.length > 0) await unlessGone(ctx.call('ec2', `RevokeSecurityGroup${kind}`, { GroupId: groupId, IpPermissions: revoke }), 'InvalidPermission.NotFound');
  if (grant.length > 0) await ctx.call('ec2', `AuthorizeSecurityGroup${kind}`, { GroupId: groupId, IpPermissions: grant });
}

/** Egress rules in a template replace the group's default allow-all rule; none means the default. */
const egressOf = (rules: RuleProps[] | undefined) => (rules && rules.length > 0 ? rules.map(permissionOf) : [ALLOW_ALL_OUT]);

// ---- AWS::EC2::SecurityGroup ----

interface SecurityGroupProps {
  GroupDescription: string;
  GroupName?: string;
  VpcId?: string;
  SecurityGroupIngress?: RuleProps[];
  SecurityGroupEgress?: RuleProps[];
  Tags?: Tag[];
}

const SECURITY_GROUP_SHAPE = obj(
  { GroupDescription: str, GroupName: str, VpcId: str, SecurityGroupIngress: list(INGRESS_RULE), SecurityGroupEgress: list(EGRESS_RULE), Tags: tagList },
  ['GroupDescription'],
);

/** Ref is the group id for a group given a VpcId, and the group name otherwise (a default-VPC group), as AWS documents. */
async function readGroup(ctx: ResourceContext, groupId: string, vpcGiven: boolean): Promise<Provisioned> {
  const g = ((await ctx.call('ec2', 'DescribeSecurityGroups', { GroupIds: [groupId] })).SecurityGroups as SecurityGroup[])[0]!;
  return { physicalId: vpcGiven ? g.GroupId : g.GroupName, attributes: { GroupId: g.GroupId, VpcId: g.VpcId } };
}

export const securityGroup: ResourceType = {
  type: 'AWS::EC2::SecurityGroup',
  replaceOn: ['GroupDescription', 'GroupName', 'VpcId'],
  async create(properties, ctx) {
    const p = parse<SecurityGroupProps>(ctx, properties, SECURITY_GROUP_SHAPE);
    const out = await ctx.call('ec2', 'CreateSecurityGroup', compact({
      GroupName: p.GroupName ?? ctx.physicalName(255),
      Description: p.GroupDescription,
      VpcId: p.VpcId,
      TagSpecifications: tagSpecifications('security-group', p.Tags),
    }));
    const groupId = out.GroupId as string;
    return orUndo(async () => {
      await syncPermissions(ctx, groupId, false, [], (p.SecurityGroupIngress ?? []).map(permissionOf));
      await syncPermissions(ctx, groupId, true, [ALLOW_ALL_OUT], egressOf(p.SecurityGroupEgress));
      return readGroup(ctx, groupId, p.VpcId !== undefined);
    }, () => ctx.call('ec2', 'DeleteSecurityGroup', { GroupId: groupId }));
  },
  async update(current, before, after, ctx) {
    const b = parse<SecurityGroupProps>(ctx, before, SECURITY_GROUP_SHAPE);
    const a = parse<SecurityGroupProps>(ctx, after, SECURITY_GROUP_SHAPE);
    const groupId = current.attributes['GroupId'] as string;
    await syncPermissions(ctx, groupId, false, (b.SecurityGroupIngress ?? []).map(permissionOf), (a.SecurityGroupIngress ?? []).map(permissionOf));
    await syncPermissions(ctx, groupId, true, egressOf(b.SecurityGroupEgress), egressOf(a.SecurityGroupEgress));
    await retag(ctx, groupId, b.Tags, a.Tags);
    return readGroup(ctx, groupId, a.VpcId !== undefined);
  },
  async delete(current, _properties, ctx) {
    await unlessGone(ctx.call('ec2', 'DeleteSecurityGroup', { GroupId: current.attributes['GroupId'] ?? current.physicalId }), 'InvalidGroup.NotFound');
  },
};

// ---- AWS::EC2::SecurityGroupIngress / SecurityGroupEgress ----

interface StandaloneRuleProps extends RuleProps {
  GroupId?: string;
  GroupName?: string;
}

/**
 * One rule of an existing group, as its own resource. Ref (and GetAtt Id) is the rule's SecurityGroupRuleId
 * (`sgr-...`); only its Description can change in place.
 */
function ruleResource(egress: boolean): ResourceType {
  const shape = egress ? obj({ ...EGRESS_PROPS, GroupId: str }, ['IpProtocol', 'GroupId']) : obj({ ...INGRESS_PROPS, GroupId: str, GroupName: str }, ['IpProtocol']);
  const kind = egress ? 'Egress' : 'Ingress';
  const authorize = async (p: StandaloneRuleProps, ctx: ResourceContext): Promise<Provisioned> => {
    if (!egress && (p.GroupId === undefined) === (p.GroupName === undefined)) {
      throw validationFailed(ctx.logicalId, '#: only one of [GroupId, GroupName] must be specified');
    }
    const out = await ctx.call('ec2', `AuthorizeSecurityGroup${kind}`, compact({ GroupId: p.GroupId, GroupName: p.GroupName, IpPermissions: [permissionOf(p)] }));
    const rule = (out.SecurityGroupRules as Array<{ SecurityGroupRuleId: string; GroupId: string }>)[0]!;
    return { physicalId: rule.SecurityGroupRuleId, attributes: { Id: rule.SecurityGroupRuleId, GroupId: rule.GroupId } };
  };
  const revoke = (current: Provisioned, ctx: ResourceContext) =>
    unlessGone(
      ctx.call('ec2', `RevokeSecurityGroup${kind}`, { GroupId: current.attributes['GroupId'], SecurityGroupRuleIds: [current.physicalId] }),
      'InvalidGroup.NotFound',
      'InvalidSecurityGroupRuleId.NotFound',
      'InvalidPermission.NotFound',
    );
  const keys = Object.keys(shape.props).filter((k) => k !== 'Description');
  return {
    type: `AWS::EC2::SecurityGroup${kind}`,
    replaceOn: keys,
    create: (properties, ctx) => authorize(parse<StandaloneRuleProps>(ctx, properties, shape), ctx),
    async update(current, _before, after, ctx) {
      // Only the description changed: the rule is the same rule (same id), told again with its new words.
      const a = parse<StandaloneRuleProps>(ctx, after, shape);
      await revoke(current, ctx);
      return authorize(a, ctx);
    },
    delete: (current, _properties, ctx) => revoke(current, ctx),
  };
}

export const securityGroupIngress = ruleResource(false);
export const securityGroupEgress = ruleResource(true);

// ---- AWS::EC2::VPCEndpoint ----

interface VpcEndpointProps {
  VpcId: string;
  ServiceName?: string;
  VpcEndpointType?: string;
  SubnetIds?: string[];
  SecurityGroupIds?: string[];
  RouteTableIds?: string[];
  PrivateDnsEnabled?: boolean;
  PolicyDocument?: unknown;
  IpAddressType?: string;
  DnsOptions?: { DnsRecordIpType?: string };
  Tags?: Tag[];
}

const VPC_ENDPOINT_SHAPE = obj(
  {
    VpcId: str,
    ServiceName: str,
    VpcEndpointType: str,
    SubnetIds: strings,
    SecurityGroupIds: strings,
    RouteTableIds: strings,
    PrivateDnsEnabled: bool,
    PolicyDocument: json,
    IpAddressType: str,
    DnsOptions: obj({ DnsRecordIpType: str }, [], ['PrivateDnsOnlyForInboundResolverEndpoint', 'PrivateDnsPreference', 'PrivateDnsSpecifiedDomains']),
    Tags: tagList,
  },
  ['VpcId'],
);

/** GetAtt DnsEntries as AWS gives them: `hostedZoneId:dnsName` strings, in DescribeVpcEndpoints' order. */
async function readEndpoint(ctx: ResourceContext, endpointId: string, routeTableIds: string[] | undefined): Promise<Provisioned> {
  const e = ((await ctx.call('ec2', 'DescribeVpcEndpoints', { VpcEndpointIds: [endpointId] })).VpcEndpoints as VpcEndpoint[])[0]!;
  return {
    physicalId: endpointId,
    attributes: {
      Id: endpointId,
      CreationTimestamp: e.CreationTimestamp,
      DnsEntries: e.DnsEntries.map((d) => `${d.HostedZoneId}:${d.DnsName}`),
      NetworkInterfaceIds: e.NetworkInterfaceIds,
      ...(routeTableIds && routeTableIds.length > 0 ? { RouteTableIds: routeTableIds } : {}),
    },
  };
}

/**
 * CloudFormation's PrivateDnsEnabled defaults to false (the EC2 API's to true for interface endpoints). Route
 * tables exist only as stack records in Gatehouse, so a gateway endpoint's RouteTableIds are kept by the stack.
 */
const privateDnsOf = (p: VpcEndpointProps) => ((p.VpcEndpointType ?? 'Gateway') === 'Interface' ? (p.PrivateDnsEnabled ?? false) : p.PrivateDnsEnabled);

const added = (before: readonly string[] | undefined, after: readonly string[] | undefined) => (after ?? []).filter((x) => !(before ?? []).includes(x));

export const vpcEndpoint: ResourceType = {
  type: 'AWS::EC2::VPCEndpoint',
  replaceOn: ['VpcId', 'ServiceName', 'VpcEndpointType'],
  async create(properties, ctx) {
    const p = parse<VpcEndpointProps>(ctx, properties, VPC_ENDPOINT_SHAPE);
    const out = await ctx.call('ec2', 'CreateVpcEndpoint', compact({
      VpcId: p.VpcId,
      ServiceName: p.ServiceName,
      VpcEndpointType: p.VpcEndpointType,
      SubnetIds: p.SubnetIds,
      SecurityGroupIds: p.SecurityGroupIds,
      PrivateDnsEnabled: privateDnsOf(p),
      PolicyDocument: policyText(p.PolicyDocument),
      IpAddressType: p.IpAddressType,
      DnsOptions: p.DnsOptions,
      TagSpecifications: tagSpecifications('vpc-endpoint', p.Tags),
    }));
    return readEndpoint(ctx, (out.VpcEndpoint as VpcEndpoint).VpcEndpointId, p.RouteTableIds);
  },
  async update(current, before, after, ctx) {
    const b = parse<VpcEndpointProps>(ctx, before, VPC_ENDPOINT_SHAPE);
    const a = parse<VpcEndpointProps>(ctx, after, VPC_ENDPOINT_SHAPE);
    const input: Record<string, unknown> = { VpcEndpointId: current.physicalId };
    if (changed(b, a, 'PolicyDocument')) {
      if (a.PolicyDocument === undefined) input['ResetPolicy'] = true;
      else input['PolicyDocument'] = policyText(a.PolicyDocument);
    }
    const subnetsIn = added(b.SubnetIds, a.SubnetIds);
    const subnetsOut = added(a.SubnetIds, b.SubnetIds);
    if (subnetsIn.length > 0) input['AddSubnetIds'] = subnetsIn;
    if (subnetsOut.length > 0) input['RemoveSubnetIds'] = subnetsOut;
    const groupsIn = added(b.SecurityGroupIds, a.SecurityGroupIds);
    const groupsOut = added(a.SecurityGroupIds, b.SecurityGroupIds);
    if (groupsIn.length > 0) input['AddSecurityGroupIds'] = groupsIn;
    if (groupsOut.length > 0) input['RemoveSecurityGroupIds'] = groupsOut;
    if (privateDnsOf(b) !== privateDnsOf(a)) input['PrivateDnsEnabled'] = privateDnsOf(a) ?? false;
    if (Object.keys(input).length > 1) await ctx.call('ec2', 'ModifyVpcEndpoint', input);
    await retag(ctx, current.physicalId, b.Tags, a.Tags);
    return readEndpoint(ctx, current.physicalId, a.RouteTableIds);
  },
  async delete(current, _properties, ctx) {
    // DeleteVpcEndpoints reports an unknown id among its Unsuccessful items rather than failing: gone is fine.
    await ctx.call('ec2', 'DeleteVpcEndpoints', { VpcEndpointIds: [current.physicalId] });
  },
};

// ---- AWS::EC2::Instance ----

interface NetworkInterfaceProps {
  DeviceIndex?: string;
  SubnetId?: string;
  GroupSet?: string[];
  PrivateIpAddress?: string;
  NetworkInterfaceId?: string;
}

interface InstanceProps {
  ImageId?: string;
  InstanceType?: string;
  SubnetId?: string;
  SecurityGroupIds?: string[];
  SecurityGroups?: string[];
  KeyName?: string;
  PrivateIpAddress?: string;
  AvailabilityZone?: string;
  NetworkInterfaces?: NetworkInterfaceProps[];
  LaunchTemplate?: LaunchTemplateSpecification;
  Tags?: Tag[];
}

interface LaunchTemplateSpecification {
  LaunchTemplateId?: string;
  LaunchTemplateName?: string;
  Version: string;
}

/** Properties of a machine Gatehouse does not run (an instance is a network identity): accepted, not acted on. */
const MACHINE_PROPS = [
  'UserData', 'IamInstanceProfile', 'BlockDeviceMappings', 'Monitoring', 'EbsOptimized', 'CreditSpecification', 'DisableApiTermination',
  'InstanceInitiatedShutdownBehavior', 'MetadataOptions', 'PropagateTagsToVolumeOnCreation', 'SourceDestCheck', 'Tenancy', 'Volumes',
  'HibernationOptions', 'CpuOptions', 'EnclaveOptions', 'PlacementGroupName', 'HostId', 'Affinity', 'KernelId', 'RamdiskId', 'AdditionalInfo',
  'SsmAssociations', 'PrivateDnsNameOptions', 'ElasticGpuSpecifications', 'ElasticInferenceAccelerators', 'LicenseSpecifications',
  'HostResourceGroupArn', 'CapacityReservationSpecification', 'Ipv6AddressCount', 'Ipv6Addresses',
];

const NETWORK_INTERFACE = obj(
  { DeviceIndex: str, SubnetId: str, GroupSet: strings, PrivateIpAddress: str, NetworkInterfaceId: str },
  [],
  ['AssociatePublicIpAddress', 'AssociateCarrierIpAddress', 'DeleteOnTermination', 'Description', 'Ipv6AddressCount', 'Ipv6Addresses', 'PrivateIpAddresses', 'SecondaryPrivateIpAddressCount', 'EnaSrdSpecification', 'ConnectionTrackingSpecification'],
);

const INSTANCE_SHAPE = obj(
  {
    ImageId: str,
    InstanceType: str,
    SubnetId: str,
    SecurityGroupIds: strings,
    SecurityGroups: strings,
    KeyName: str,
    PrivateIpAddress: str,
    AvailabilityZone: str,
    NetworkInterfaces: list(NETWORK_INTERFACE),
    LaunchTemplate: obj({ LaunchTemplateId: str, LaunchTemplateName: str, Version: str }, ['Version']),
    Tags: tagList,
  },
  [],
  MACHINE_PROPS,
);

/** The primary interface's subnet, groups and address, from NetworkInterfaces (device 0) or the instance's own properties. */
function placementOf(ctx: ResourceContext, p: InstanceProps): { SubnetId?: string; SecurityGroupIds?: string[]; PrivateIpAddress?: string } {
  const nics = p.NetworkInterfaces ?? [];
  if (nics.length === 0) return compact({ SubnetId: p.SubnetId, SecurityGroupIds: p.SecurityGroupIds, PrivateIpAddress: p.PrivateIpAddress });
  if (p.SubnetId !== undefined) throw validationFailed(ctx.logicalId, 'Network interfaces and an instance-level subnet ID may not be specified on the same request');
  if (p.SecurityGroupIds !== undefined) throw validationFailed(ctx.logicalId, 'Network interfaces and an instance-level security groups may not be specified on the same request');
  const primary = nics.find((n) => n.DeviceIndex === '0') ?? nics[0]!;
  if (nics.length > 1 || primary.NetworkInterfaceId !== undefined) throw notSupported('NetworkInterfaces: Gatehouse instances have one network interface, made with the instance');
  return compact({ SubnetId: primary.SubnetId, SecurityGroupIds: primary.GroupSet, PrivateIpAddress: primary.PrivateIpAddress });
}

/**
 * An instance may name a launch template (a CDK Instance with `requireImdsv2` does, for its metadata options):
 * by id or by name, not both. It takes nothing from it (see AWS::EC2::LaunchTemplate below, which refuses the
 * settings that would matter), so the image must be the instance's own.
 */
function checkLaunchTemplateSpecification(ctx: ResourceContext, p: InstanceProps): void {
  const spec = p.LaunchTemplate;
  if (spec === undefined) return;
  if ((spec.LaunchTemplateId === undefined) === (spec.LaunchTemplateName === undefined)) {
    throw validationFailed(ctx.logicalId, '#/LaunchTemplate: only one of [LaunchTemplateId, LaunchTemplateName] must be specified');
  }
  if (p.ImageId === undefined) throw notSupported('LaunchTemplate: Gatehouse launches nothing from a launch template; give the instance its own ImageId');
}

async function readInstance(ctx: ResourceContext, instanceId: string): Promise<Provisioned> {
  const out = await ctx.call('ec2', 'DescribeInstances', { InstanceIds: [instanceId] });
  const i = ((out.Reservations as Array<{ Instances: Instance[] }>)[0]!.Instances)[0]!;
  return {
    physicalId: instanceId,
    attributes: {
      InstanceId: instanceId,
      AvailabilityZone: i.Placement.AvailabilityZone,
      PrivateDnsName: i.PrivateDnsName,
      PrivateIp: i.PrivateIpAddress,
      PublicDnsName: '',
      VpcId: i.VpcId,
    },
  };
}

export const instance: ResourceType = {
  type: 'AWS::EC2::Instance',
  replaceOn: ['ImageId', 'InstanceType', 'SubnetId', 'SecurityGroupIds', 'SecurityGroups', 'KeyName', 'PrivateIpAddress', 'AvailabilityZone', 'NetworkInterfaces', 'LaunchTemplate'],
  async create(properties, ctx) {
    const p = parse<InstanceProps>(ctx, properties, INSTANCE_SHAPE);
    checkLaunchTemplateSpecification(ctx, p);
    const out = await ctx.call('ec2', 'RunInstances', compact({
      ImageId: p.ImageId,
      InstanceType: p.InstanceType,
      MinCount: 1,
      MaxCount: 1,
      ...placementOf(ctx, p),
      SecurityGroups: p.SecurityGroups,
      KeyName: p.KeyName,
      Placement: p.AvailabilityZone !== undefined ? { AvailabilityZone: p.AvailabilityZone } : undefined,
      TagSpecifications: tagSpecifications('instance', p.Tags),
    }));
    return readInstance(ctx, (out.Instances as Instance[])[0]!.InstanceId);
  },
  async update(current, before, after, ctx) {
    // What is left to change in place (UserData, IamInstanceProfile, ...) has no effect on a network identity.
    checkLaunchTemplateSpecification(ctx, parse<InstanceProps>(ctx, after, INSTANCE_SHAPE));
    await retag(ctx, current.physicalId, parse<InstanceProps>(ctx, before, INSTANCE_SHAPE).Tags, parse<InstanceProps>(ctx, after, INSTANCE_SHAPE).Tags);
    return readInstance(ctx, current.physicalId);
  },
  async delete(current, _properties, ctx) {
    await unlessGone(ctx.call('ec2', 'TerminateInstances', { InstanceIds: [current.physicalId] }), 'InvalidInstanceID.NotFound');
  },
};

// ---- resources the stack keeps: internet gateways, attachments, route tables, routes, associations ----

/** Fails with EC2's own NotFound error unless the VPC exists. */
async function requireVpc(ctx: ResourceContext, vpcId: string): Promise<void> {
  await ctx.call('ec2', 'DescribeVpcs', { VpcIds: [vpcId] });
}

/** A record kept by the stack alone: `create` checks and names it, `update` re-checks, `delete` has nothing to remove. */
function stackRecord<P>(type: string, shape: ObjectShape, replaceOn: readonly string[], make: (p: P, ctx: ResourceContext, current?: Provisioned) => Promise<Provisioned>): ResourceType {
  return {
    type,
    replaceOn,
    create: (properties, ctx) => make(parse<P>(ctx, properties, shape), ctx),
    update: (current, _before, after, ctx) => make(parse<P>(ctx, after, shape), ctx, current),
    delete: async () => undefined,
  };
}

export const internetGateway = stackRecord<{ Tags?: Tag[] }>('AWS::EC2::InternetGateway', obj({ Tags: tagList }), [], async (_p, _ctx, current) => {
  const id = current?.physicalId ?? ec2StyleId('igw');
  return { physicalId: id, attributes: { InternetGatewayId: id } };
});

interface AttachmentProps {
  VpcId: string;
  InternetGatewayId?: string;
  VpnGatewayId?: string;
}

/** Its id is AWS's: the attachment type and the VPC, `IGW|vpc-...` (or `VGW|vpc-...`). */
export const vpcGatewayAttachment = stackRecord<AttachmentProps>(
  'AWS::EC2::VPCGatewayAttachment',
  obj({ VpcId: str, InternetGatewayId: str, VpnGatewayId: str }, ['VpcId']),
  ['VpcId'],
  async (p, ctx) => {
    if ((p.InternetGatewayId === undefined) === (p.VpnGatewayId === undefined)) {
      throw validationFailed(ctx.logicalId, '#: only one of [InternetGatewayId, VpnGatewayId] must be specified');
    }
    await requireVpc(ctx, p.VpcId);
    const type = p.InternetGatewayId !== undefined ? 'IGW' : 'VGW';
    return { physicalId: `${type}|${p.VpcId}`, attributes: { AttachmentType: type } };
  },
);

export const routeTable = stackRecord<{ VpcId: string; Tags?: Tag[] }>('AWS::EC2::RouteTable', obj({ VpcId: str, Tags: tagList }, ['VpcId']), ['VpcId'], async (p, ctx, current) => {
  if (!current) await requireVpc(ctx, p.VpcId);
  const id = current?.physicalId ?? ec2StyleId('rtb');
  return { physicalId: id, attributes: { RouteTableId: id } };
});

const ROUTE_DESTINATIONS = ['DestinationCidrBlock', 'DestinationIpv6CidrBlock', 'DestinationPrefixListId'] as const;
const ROUTE_TARGETS = [
  'GatewayId', 'NatGatewayId', 'InstanceId', 'NetworkInterfaceId', 'VpcPeeringConnectionId', 'TransitGatewayId', 'VpcEndpointId',
  'EgressOnlyInternetGatewayId', 'CarrierGatewayId', 'LocalGatewayId', 'CoreNetworkArn',
];

/** Its id is AWS's: the route table and the destination, `rtb-...|0.0.0.0/0`. */
export const route = stackRecord<Record<string, string | undefined>>(
  'AWS::EC2::Route',
  obj(Object.fromEntries(['RouteTableId', ...ROUTE_DESTINATIONS, ...ROUTE_TARGETS].map((k) => [k, str])), ['RouteTableId']),
  ['RouteTableId', ...ROUTE_DESTINATIONS],
  async (p, ctx) => {
    const destinations = ROUTE_DESTINATIONS.filter((d) => p[d] !== undefined);
    if (destinations.length !== 1) throw validationFailed(ctx.logicalId, `#: only one of [${ROUTE_DESTINATIONS.join(', ')}] must be specified`);
    const destination = p[destinations[0]!]!;
    return { physicalId: `${p['RouteTableId']}|${destination}`, attributes: { CidrBlock: destination } };
  },
);

export const subnetRouteTableAssociation = stackRecord<{ SubnetId: string; RouteTableId: string }>(
  'AWS::EC2::SubnetRouteTableAssociation',
  obj({ SubnetId: str, RouteTableId: str }, ['RouteTableId', 'SubnetId']),
  ['RouteTableId', 'SubnetId'],
  async (p, ctx, current) => {
    if (!current) await ctx.call('ec2', 'DescribeSubnets', { SubnetIds: [p.SubnetId] });
    const id = current?.physicalId ?? ec2StyleId('rtbassoc');
    return { physicalId: id, attributes: { Id: id } };
  },
);

/**
 * What a CDK `Vpc` makes for its public subnets' NAT: an Elastic IP (Ref is the address, from TEST-NET-3, since
 * Gatehouse has no public addresses) and a NAT gateway. Gatehouse routes nothing, so both are stack records.
 */
export const eip = stackRecord<{ Domain?: string; InstanceId?: string; Tags?: Tag[] }>(
  'AWS::EC2::EIP',
  obj({ Domain: str, InstanceId: str, Tags: tagList }, [], ['NetworkBorderGroup', 'PublicIpv4Pool', 'TransferAddress', 'IpamPoolId', 'Address']),
  ['Domain', 'NetworkBorderGroup', 'PublicIpv4Pool', 'TransferAddress'],
  async (_p, _ctx, current) => {
    if (current) return current;
    const ip = `203.0.113.${randomInt(1, 255)}`;
    return { physicalId: ip, attributes: { AllocationId: ec2StyleId('eipalloc'), PublicIp: ip } };
  },
);

export const natGateway = stackRecord<{ SubnetId: string; Tags?: Tag[] }>(
  'AWS::EC2::NatGateway',
  obj({ SubnetId: str, AllocationId: str, ConnectivityType: str, PrivateIpAddress: str, Tags: tagList }, ['SubnetId'], ['SecondaryAllocationIds', 'SecondaryPrivateIpAddresses', 'SecondaryPrivateIpAddressCount', 'MaxDrainDurationSeconds']),
  ['SubnetId', 'AllocationId', 'ConnectivityType', 'PrivateIpAddress'],
  async (p, ctx, current) => {
    if (!current) await ctx.call('ec2', 'DescribeSubnets', { SubnetIds: [p.SubnetId] });
    const id = current?.physicalId ?? ec2StyleId('nat');
    return { physicalId: id, attributes: { NatGatewayId: id } };
  },
);

// ---- AWS::EC2::LaunchTemplate (kept by the stack) ----

interface LaunchTemplateProps {
  LaunchTemplateName?: string;
  LaunchTemplateData: {
    NetworkInterfaces?: unknown;
    SecurityGroupIds?: unknown;
    SecurityGroups?: unknown;
    Placement?: { AvailabilityZone?: string };
  };
}

/**
 * What a launch template may hold: the machine's settings, which an instance (a network identity) has no use
 * for. Network settings are properties so that they can be refused: an instance launched from the template
 * would silently lack them.
 */
const LAUNCH_TEMPLATE_DATA = obj(
  {
    ImageId: str,
    InstanceType: str,
    KeyName: str,
    NetworkInterfaces: any,
    SecurityGroupIds: any,
    SecurityGroups: any,
    Placement: obj({ AvailabilityZone: str }, [], ['Affinity', 'AvailabilityZoneId', 'GroupId', 'GroupName', 'HostId', 'HostResourceGroupArn', 'PartitionNumber', 'SpreadDomain', 'Tenancy']),
  },
  [],
  [
    'BlockDeviceMappings', 'CapacityReservationSpecification', 'CpuOptions', 'CreditSpecification', 'DisableApiStop', 'DisableApiTermination', 'EbsOptimized',
    'ElasticGpuSpecifications', 'ElasticInferenceAccelerators', 'EnclaveOptions', 'HibernationOptions', 'IamInstanceProfile', 'InstanceInitiatedShutdownBehavior',
    'InstanceMarketOptions', 'InstanceRequirements', 'KernelId', 'LicenseSpecifications', 'MaintenanceOptions', 'MetadataOptions', 'Monitoring',
    'NetworkPerformanceOptions', 'Operator', 'PrivateDnsNameOptions', 'RamDiskId', 'TagSpecifications', 'UserData',
  ],
);

const LAUNCH_TEMPLATE_SHAPE = obj({ LaunchTemplateName: str, LaunchTemplateData: LAUNCH_TEMPLATE_DATA }, ['LaunchTemplateData'], ['VersionDescription', 'TagSpecifications']);

/** EC2's launch template names: 3 to 128 of letters, digits and `( ) . - / _`. */
const LAUNCH_TEMPLATE_NAME = /^[a-zA-Z0-9().\-/_]+$/;

function checkLaunchTemplate(ctx: ResourceContext, properties: Record<string, unknown>): void {
  const p = parse<LaunchTemplateProps>(ctx, properties, LAUNCH_TEMPLATE_SHAPE);
  const name = p.LaunchTemplateName;
  if (name !== undefined) {
    if (name.length < 3 || name.length > 128) throw validationFailed(ctx.logicalId, `#/LaunchTemplateName: expected ${name.length < 3 ? 'minLength: 3' : 'maxLength: 128'}, actual: ${name.length}`);
    if (!LAUNCH_TEMPLATE_NAME.test(name)) throw validationFailed(ctx.logicalId, `#/LaunchTemplateName: string [${name}] does not match pattern [a-zA-Z0-9\\(\\)\\.\\-/_]+`);
  }
  const data = p.LaunchTemplateData;
  refuse(data, ['NetworkInterfaces', 'SecurityGroupIds', 'SecurityGroups'], 'an instance takes nothing from its launch template in Gatehouse; give the instance its SubnetId and SecurityGroupIds');
  if (data.Placement?.AvailabilityZone !== undefined) throw notSupported('Placement.AvailabilityZone: an instance takes nothing from its launch template in Gatehouse; give the instance its SubnetId');
}

/**
 * Gatehouse's EC2 has no launch templates, so the stack keeps them, under AWS's forms: Ref is the `lt-` id;
 * GetAtt LaunchTemplateId, LatestVersionNumber and DefaultVersionNumber (strings). As on AWS, a change to the
 * data makes a new version (LatestVersionNumber goes up, the default stays version 1); a new name replaces it.
 * Not checked: that a name is unique in the account (on AWS, two stacks naming theirs alike collide).
 */
export const launchTemplate: ResourceType = {
  type: 'AWS::EC2::LaunchTemplate',
  replaceOn: ['LaunchTemplateName'],
  async create(properties, ctx) {
    checkLaunchTemplate(ctx, properties);
    const id = ec2StyleId('lt');
    return { physicalId: id, attributes: { LaunchTemplateId: id, LatestVersionNumber: '1', DefaultVersionNumber: '1' } };
  },
  async update(current, before, after, ctx) {
    checkLaunchTemplate(ctx, after);
    if (!changed(before, after, 'LaunchTemplateData')) return current;
    const latest = String(Number(current.attributes['LatestVersionNumber'] ?? '1') + 1);
    return { ...current, attributes: { ...current.attributes, LatestVersionNumber: latest } };
  },
  delete: async () => undefined,
};

export const EC2_TYPES: readonly ResourceType[] = [
  vpc, subnet, securityGroup, securityGroupIngress, securityGroupEgress, vpcEndpoint, instance,
  internetGateway, vpcGatewayAttachment, routeTable, route, subnetRouteTableAssociation, eip, natGateway, launchTemplate,
];
