/**
 * Instances: RunInstances, DescribeInstances, TerminateInstances. An instance is a network identity, not a
 * machine: a private IP in its subnet, a private DNS name, security groups and tags. It is running from the
 * moment it is launched. A terminated instance gives its address back but stays visible, state `terminated`,
 * as AWS keeps showing terminated instances for a while.
 */
import { macAddress, type Instance, type InstanceMetadataOptions, type SecurityGroup, type Subnet } from '../../domain/ec2.js';
import { profileForLaunch } from '../iam/instance-profiles.js';
import type { OperationContext } from '../types.js';
import { ec2Error, invalidParameter, invalidParameterCombination, invalidParameterValue, malformedId, missingParameter } from './errors.js';
import { tagFields, type FilterFields } from './filters.js';
import { AddressPool, insufficientAddresses, refreshAvailableCounts } from './ip-allocation.js';
import type { DescribeInput } from './paging.js';
import { defaultGroupOf } from './security-groups.js';
import { groupByNameInDefaultVpc } from './security-group-lookup.js';
import { GROUP, INSTANCE, SUBNET, all, defaultVpcOf, describeKind, ec2Tables, insert, newId, requireOne, save, selectIds } from './state.js';
import { tagsFromSpecifications, type TagSpecification } from './tags.js';

const STATES = {
  pending: { Code: 0, Name: 'pending' },
  running: { Code: 16, Name: 'running' },
  shuttingDown: { Code: 32, Name: 'shutting-down' },
  terminated: { Code: 48, Name: 'terminated' },
} as const;

/** `ip-10-0-1-4.ec2.internal` in us-east-1, `ip-10-0-1-4.{region}.compute.internal` elsewhere. */
export function privateDnsName(region: string, ip: string): string {
  const host = `ip-${ip.replace(/\./g, '-')}`;
  return region === 'us-east-1' ? `${host}.ec2.internal` : `${host}.${region}.compute.internal`;
}

interface RunInstancesInput {
  ImageId?: string;
  MinCount?: number;
  MaxCount?: number;
  InstanceType?: string;
  KeyName?: string;
  SubnetId?: string;
  SecurityGroupIds?: string[];
  SecurityGroups?: string[];
  PrivateIpAddress?: string;
  Placement?: { AvailabilityZone?: string };
  ClientToken?: string;
  TagSpecifications?: TagSpecification[];
  IamInstanceProfile?: { Arn?: string; Name?: string };
  MetadataOptions?: { HttpTokens?: string; HttpPutResponseHopLimit?: number; HttpEndpoint?: string };
}

/**
 * The metadata options asked for, over AWS's defaults for the images Gatehouse's instances stand for (Amazon
 * Linux 2023: IMDSv2 required, hop limit 2).
 */
function metadataOptions(input: RunInstancesInput['MetadataOptions']): InstanceMetadataOptions {
  const tokens = input?.HttpTokens ?? 'required';
  const endpoint = input?.HttpEndpoint ?? 'enabled';
  const hops = input?.HttpPutResponseHopLimit ?? 2;
  // Inferred wording, as EC2 words an enum value it does not know.
  if (tokens !== 'optional' && tokens !== 'required') throw invalidParameterValue(`Value (${tokens}) for parameter MetadataOptions.HttpTokens is invalid. Valid values: optional, required`);
  if (endpoint !== 'enabled' && endpoint !== 'disabled') throw invalidParameterValue(`Value (${endpoint}) for parameter MetadataOptions.HttpEndpoint is invalid. Valid values: enabled, disabled`);
  if (!Number.isInteger(hops) || hops < 1 || hops > 64) throw invalidParameterValue(`Value (${hops}) for parameter MetadataOptions.HttpPutResponseHopLimit is invalid. Valid range: 1-64`);
  return { HttpTokens: tokens, HttpPutResponseHopLimit: hops, HttpEndpoint: endpoint };
}

/** The subnet asked for; else the default VPC's default subnet of the requested zone, or of its first zone. */
function launchSubnet(ctx: OperationContext, input: RunInstancesInput): Subnet {
  if (input.SubnetId !== undefined) return requireOne(ctx, SUBNET, input.SubnetId, 'subnetId');
  const vpc = defaultVpcOf(ctx);
  const defaults = vpc ? all(ctx, 'subnets').filter((s) => s.VpcId === vpc.VpcId && s.DefaultForAz) : [];
  const zone = input.Placement?.AvailabilityZone;
  const subnet = zone === undefined ? defaults[0] : defaults.find((s) => s.AvailabilityZone === zone);
  if (subnet) return subnet;
  if (zone !== undefined && defaults.length > 0) throw invalidParameterValue(`Invalid availability zone: [${zone}]`);
  throw ec2Error('VPCIdNotSpecified', 'No default VPC for this user');
}

/** Groups by id must be in the subnet's VPC; groups by name are looked up in the default VPC only. */
function launchGroups(ctx: OperationContext, input: RunInstancesInput, subnet: Subnet): SecurityGroup[] {
  const byId = (input.SecurityGroupIds ?? []).map((id) => {
    const group = requireOne(ctx, GROUP, id, 'groupId');
    if (group.VpcId !== subnet.VpcId) throw invalidParameter(`Security group ${id} and subnet ${subnet.SubnetId} belong to different networks.`);
    return group;
  });
  const names = input.SecurityGroups ?? [];
  if (names.length > 0 && defaultVpcOf(ctx)?.VpcId !== subnet.VpcId) {
    throw invalidParameterCombination('The parameter groupName cannot be used with the parameter subnet');
  }
  const byName = names.map((name) => groupByNameInDefaultVpc(ctx, name));
  const groups = [...new Map([...byId, ...byName].map((g) => [g.GroupId, g])).values()];
  if (groups.length > 0) return groups;
  const fallback = defaultGroupOf(ctx, subnet.VpcId);
  return fallback ? [fallback] : [];
}

function launchCount(input: RunInstancesInput): { min: number; max: number } {
  if (input.MinCount === undefined) throw missingParameter('MinCount');
  if (input.MaxCount === undefined) throw missingParameter('MaxCount');
  const { MinCount: min, MaxCount: max } = input;
  if (!Number.isInteger(min) || min < 1) throw invalidParameterValue(`Value (${min}) for parameter minCount is invalid. Expected a positive integer.`);
  if (!Number.isInteger(max) || max < 1) throw invalidParameterValue(`Value (${max}) for parameter maxCount is invalid. Expected a positive integer.`);
  if (min > max) throw invalidParameterValue(`Value (${min}) for parameter minCount is invalid. Expected a value not greater than maxCount (${max}).`);
  return { min, max };
}

export function runInstances(input: RunInstancesInput, ctx: OperationContext) {
  if (input.ImageId === undefined || input.ImageId === '') throw missingParameter('ImageId');
  if (!/^ami-[0-9a-f]+$/.test(input.ImageId)) throw malformedId('InvalidAMIID.Malformed', input.ImageId, 'ami');
  const { min, max } = launchCount(input);
  const subnet = launchSubnet(ctx, input);
  const groups = launchGroups(ctx, input, subnet);
  if (input.PrivateIpAddress !== undefined && max > 1) {
    throw invalidParameterCombination('Cannot specify the parameter privateIpAddress with a maxCount greater than 1.');
  }
  const tags = tagsFromSpecifications(input.TagSpecifications, 'instance', ['volume', 'network-interface']);
  const profile = input.IamInstanceProfile === undefined ? undefined : profileForLaunch(ctx, input.IamInstanceProfile);
  const metadata = metadataOptions(input.MetadataOptions);
  const pool = new AddressPool(ctx, subnet);
  if (pool.free < min) throw insufficientAddresses(subnet.SubnetId);
  const count = Math.min(max, pool.free);

  const ReservationId = newId('r');
  const LaunchTime = ctx.clock.now().toISOString();
  const SecurityGroups = groups.map((g) => ({ GroupId: g.GroupId, GroupName: g.GroupName }));
  const launched: Instance[] = [];
  for (let i = 0; i < count; i++) {
    const ip = pool.take(i === 0 ? input.PrivateIpAddress : undefined);
    const instance: Instance = {
      InstanceId: newId('i', ec2Tables(ctx).instances, ctx),
      ReservationId,
      ImageId: input.ImageId,
      InstanceType: input.InstanceType ?? 'm1.small',
      State: STATES.running,
      PrivateIpAddress: ip,
      PrivateDnsName: privateDnsName(ctx.scope.region, ip),
      SubnetId: subnet.SubnetId,
      VpcId: subnet.VpcId,
      SecurityGroups,
      Placement: { AvailabilityZone: subnet.AvailabilityZone, Tenancy: 'default' },
      LaunchTime,
      AmiLaunchIndex: i,
      Architecture: 'x86_64',
      RootDeviceType: 'ebs',
      OwnerId: ctx.scope.account,
      NetworkInterfaceId: newId('eni'),
      MetadataOptions: metadata,
    };
    if (profile) instance.IamInstanceProfile = profile;
    if (input.KeyName !== undefined) instance.KeyName = input.KeyName;
    if (tags) instance.Tags = tags;
    insert(ctx, 'instances', instance.InstanceId, instance);
    launched.push(instance);
  }
  refreshAvailableCounts(ctx, [subnet.SubnetId]);
  // RunInstances reports the instances as AWS does at launch: pending (they are running by the next call).
  return {
    ReservationId,
    OwnerId: ctx.scope.account,
    Groups: [],
    Instances: launched.map((i) => ({ ...instanceView(i), State: STATES.pending, StateTransitionReason: '' })),
  };
}

/** An instance with the members AWS always reports for an EBS-backed Linux instance in a VPC. */
export function instanceView(i: Instance) {
  const { NetworkInterfaceId, MetadataOptions, ...members } = i;
  const metadata = MetadataOptions ?? { HttpTokens: 'required', HttpPutResponseHopLimit: 2, HttpEndpoint: 'enabled' };
  const terminated = i.State.Name === 'terminated';
  const view: Record<string, unknown> = {
    ...members,
    Monitoring: { State: 'disabled' },
    Placement: { ...i.Placement, GroupName: '' },
    ProductCodes: [],
    PublicDnsName: '',
    StateTransitionReason: i.StateTransitionReason ?? '',
    BlockDeviceMappings: [],
    EbsOptimized: false,
    EnaSupport: true,
    Hypervisor: 'xen',
    RootDeviceName: '/dev/xvda',
    SourceDestCheck: true,
    VirtualizationType: 'hvm',
    CpuOptions: { CoreCount: 1, ThreadsPerCore: 1 },
    CapacityReservationSpecification: { CapacityReservationPreference: 'open' },
    HibernationOptions: { Configured: false },
    MetadataOptions: { State: 'applied', ...metadata, HttpProtocolIpv6: 'disabled', InstanceMetadataTags: 'disabled' },
    EnclaveOptions: { Enabled: false },
    PlatformDetails: 'Linux/UNIX',
    UsageOperation: 'RunInstances',
    UsageOperationUpdateTime: i.LaunchTime,
    PrivateDnsNameOptions: { HostnameType: 'ip-name', EnableResourceNameDnsARecord: false, EnableResourceNameDnsAAAARecord: false },
    MaintenanceOptions: { AutoRecovery: 'default' },
  };
  if (terminated) {
    // A terminated instance has no network interface any more: no address, no private name.
    delete view['PrivateIpAddress'];
    view['PrivateDnsName'] = '';
    view['NetworkInterfaces'] = [];
  } else {
    view['NetworkInterfaces'] = [
      {
        Attachment: { AttachTime: i.LaunchTime, AttachmentId: `eni-attach-${NetworkInterfaceId?.slice(4) ?? ''}`, DeleteOnTermination: true, DeviceIndex: 0, Status: 'attached', NetworkCardIndex: 0 },
        Description: '',
        Groups: i.SecurityGroups,
        Ipv6Addresses: [],
        MacAddress: macAddress(i.InstanceId),
        NetworkInterfaceId,
        OwnerId: i.OwnerId,
        PrivateDnsName: i.PrivateDnsName,
        PrivateIpAddress: i.PrivateIpAddress,
        PrivateIpAddresses: [{ Primary: true, PrivateDnsName: i.PrivateDnsName, PrivateIpAddress: i.PrivateIpAddress }],
        SourceDestCheck: true,
        Status: 'in-use',
        SubnetId: i.SubnetId,
        VpcId: i.VpcId,
        InterfaceType: 'interface',
      },
    ];
  }
  return view;
}


const FIELDS: FilterFields<Instance> = {
  'instance-id': (i) => i.InstanceId,
  'instance-state-name': (i) => i.State.Name,
  'instance-state-code': (i) => i.State.Code,
  'instance-type': (i) => i.InstanceType,
  'image-id': (i) => i.ImageId,
  'reservation-id': (i) => i.ReservationId,
  'subnet-id': (i) => i.SubnetId,
  'vpc-id': (i) => i.VpcId,
  'availability-zone': (i) => i.Placement.AvailabilityZone,
  'private-ip-address': (i) => (i.State.Name === 'terminated' ? undefined : i.PrivateIpAddress),
  'private-dns-name': (i) => (i.State.Name === 'terminated' ? undefined : i.PrivateDnsName),
  'network-interface.addresses.private-ip-address': (i) => (i.State.Name === 'terminated' ? undefined : i.PrivateIpAddress),
  'instance.group-id': (i) => i.SecurityGroups.map((g) => g.GroupId),
  'instance.group-name': (i) => i.SecurityGroups.map((g) => g.GroupName),
  'group-id': (i) => i.SecurityGroups.map((g) => g.GroupId),
  'group-name': (i) => i.SecurityGroups.map((g) => g.GroupName),
  'key-name': (i) => i.KeyName,
  'owner-id': (i) => i.OwnerId,
  architecture: (i) => i.Architecture,
  'root-device-type': (i) => i.RootDeviceType,
  ...tagFields<Instance>(),
};

export function describeInstances(input: DescribeInput & { InstanceIds?: string[] }, ctx: OperationContext) {
  const page = describeKind(ctx, INSTANCE, input.InstanceIds, input, FIELDS);
  const reservations = new Map<string, Instance[]>();
  for (const i of page.items) reservations.set(i.ReservationId, [...(reservations.get(i.ReservationId) ?? []), i]);
  return {
    Reservations: [...reservations].map(([ReservationId, members]) => ({ ReservationId, OwnerId: ctx.scope.account, Groups: [], Instances: members.map(instanceView) })),
    NextToken: page.NextToken,
  };
}

/** `User initiated (2024-05-01 12:00:00 GMT)`, AWS's StateTransitionReason for a termination. */
function userInitiated(now: Date): string {
  return `User initiated (${now.toISOString().slice(0, 19).replace('T', ' ')} GMT)`;
}

export function terminateInstances(input: { InstanceIds?: string[] }, ctx: OperationContext) {
  if (!input.InstanceIds || input.InstanceIds.length === 0) throw missingParameter('InstanceId');
  const instances = selectIds(ctx, INSTANCE, all(ctx, 'instances'), input.InstanceIds);
  const byId = new Map(instances.map((i) => [i.InstanceId, i]));
  const now = ctx.clock.now();
  const subnets = new Set<string>();
  const terminating = [...new Set(input.InstanceIds)].map((id) => {
    const i = byId.get(id)!;
    if (i.State.Name === 'terminated') return { InstanceId: id, CurrentState: STATES.terminated, PreviousState: STATES.terminated };
    save(ctx, 'instances', id, {
      ...i,
      State: STATES.terminated,
      StateTransitionReason: userInitiated(now),
      StateReason: { Code: 'Client.UserInitiatedShutdown', Message: 'Client.UserInitiatedShutdown: User initiated shutdown' },
    });
    subnets.add(i.SubnetId);
    return { InstanceId: id, CurrentState: STATES.shuttingDown, PreviousState: i.State };
  });
  refreshAvailableCounts(ctx, subnets);
  return { TerminatingInstances: terminating };
}
