/**
 * AWS::EC2::LaunchTemplate, kept by the stack: Gatehouse's EC2 has no launch templates, and an instance (a
 * CDK Instance with `requireImdsv2` names one) takes nothing from it, so the settings that would matter are refused.
 */
import { notSupported, validationFailed } from '../errors.js';
import { ec2StyleId } from '../ids.js';
import { parse, refuse } from '../properties.js';
import { any, changed, obj, str } from '../schema.js';
import type { ResourceContext, ResourceType } from '../types.js';

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
