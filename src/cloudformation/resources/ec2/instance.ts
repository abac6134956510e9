/**
 * AWS::EC2::Instance, made through Gatehouse's EC2 service. An instance is a network identity (private IP,
 * subnet, security groups), so the machine's properties are accepted and not acted on; its one network
 * interface comes from NetworkInterfaces (device 0) or its own properties.
 */
import type { Instance } from '../../../domain/ec2.js';
import { notSupported, unlessGone, validationFailed } from '../errors.js';
import { compact, parse, type Tag } from '../properties.js';
import { list, obj, str, strings, tagList } from '../schema.js';
import type { Provisioned, ResourceContext, ResourceType } from '../types.js';
import { retag, tagSpecifications } from './tags.js';

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
  /** The instance profile's name: its role's credentials are what the instance's metadata service hands out. */
  IamInstanceProfile?: string;
  MetadataOptions?: { HttpTokens?: string; HttpPutResponseHopLimit?: number; HttpEndpoint?: string };
}

interface LaunchTemplateSpecification {
  LaunchTemplateId?: string;
  LaunchTemplateName?: string;
  Version: string;
}

/**
 * Properties of a machine Gatehouse does not run (an instance is a network identity): accepted, not acted on.
 * IamInstanceProfile and MetadataOptions are read at launch (its metadata service), not changed in place.
 */
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
 * by id or by name, not both. It takes nothing from it (see AWS::EC2::LaunchTemplate in launch-template.ts,
 * which refuses the settings that would matter), so the image must be the instance's own.
 */
function checkLaunchTemplateSpecification(ctx: ResourceContext, p: InstanceProps): void {
  const spec = p.LaunchTemplate;
  if (spec === undefined) return;
  if ((spec.LaunchTemplateId === undefined) === (spec.LaunchTemplateName === undefined)) {
    throw validationFailed(ctx.logicalId, '#/LaunchTemplate: only one of [LaunchTemplateId, LaunchTemplateName] must be specified');
  }
  if (p.ImageId === undefined) throw notSupported('LaunchTemplate: Gatehouse launches nothing from a launch template; give the instance its own ImageId');
}

/** CloudFormation's MetadataOptions (numbers may come as strings), as RunInstances takes them. */
function metadataOptionsOf(options: unknown): InstanceProps['MetadataOptions'] {
  if (typeof options !== 'object' || options === null) return undefined;
  const o = options as Record<string, unknown>;
  const hops = o['HttpPutResponseHopLimit'];
  return compact({
    HttpTokens: typeof o['HttpTokens'] === 'string' ? o['HttpTokens'] : undefined,
    HttpEndpoint: typeof o['HttpEndpoint'] === 'string' ? o['HttpEndpoint'] : undefined,
    HttpPutResponseHopLimit: hops === undefined ? undefined : Number(hops),
  });
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
      IamInstanceProfile: typeof p.IamInstanceProfile === 'string' ? { Name: p.IamInstanceProfile } : undefined,
      MetadataOptions: metadataOptionsOf(p.MetadataOptions),
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
