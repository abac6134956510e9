/**
 * Capabilities: a template that creates IAM resources, or declares a transform, runs only when the caller
 * acknowledges it (the Capabilities parameter of CreateStack, UpdateStack and CreateChangeSet):
 *   - any of the IAM types below needs CAPABILITY_IAM or CAPABILITY_NAMED_IAM;
 *   - one with a custom name (RoleName, UserName ...) needs CAPABILITY_NAMED_IAM;
 *   - a Transform (SAM, macros) needs CAPABILITY_AUTO_EXPAND.
 * The check is static, as AWS's is: a resource counts whatever its Condition says.
 */
import { insufficientCapabilities } from './errors.js';
import * as msg from './messages.js';
import type { Template } from './model.js';

/** The IAM resource types the CreateStack reference lists under Capabilities. */
export const IAM_RESOURCE_TYPES = [
  'AWS::IAM::AccessKey', 'AWS::IAM::Group', 'AWS::IAM::InstanceProfile', 'AWS::IAM::ManagedPolicy', 'AWS::IAM::Policy',
  'AWS::IAM::Role', 'AWS::IAM::User', 'AWS::IAM::UserToGroupAddition',
] as const;

/** The property that gives an IAM resource a custom name (AWS::IAM::Policy's PolicyName is not one). */
const NAME_PROPERTIES: Readonly<Record<string, string>> = {
  'AWS::IAM::Group': 'GroupName',
  'AWS::IAM::InstanceProfile': 'InstanceProfileName',
  'AWS::IAM::ManagedPolicy': 'ManagedPolicyName',
  'AWS::IAM::Role': 'RoleName',
  'AWS::IAM::User': 'UserName',
};

export interface RequiredCapabilities {
  readonly capabilities: readonly string[];
  /** ValidateTemplate's CapabilitiesReason, when a capability is required. */
  readonly reason?: string;
  readonly iam: 'none' | 'unnamed' | 'named';
  readonly autoExpand: boolean;
}

export function requiredCapabilities(template: Template): RequiredCapabilities {
  const iamResources = [...template.resources.values()].filter((r) => (IAM_RESOURCE_TYPES as readonly string[]).includes(r.type));
  const named = iamResources.some((r) => {
    const property = NAME_PROPERTIES[r.type];
    return property !== undefined && r.properties[property] !== undefined;
  });
  const iam = iamResources.length === 0 ? 'none' : named ? 'named' : 'unnamed';
  const autoExpand = template.transforms.length > 0;
  const capabilities = [
    ...(iam === 'named' ? ['CAPABILITY_NAMED_IAM'] : iam === 'unnamed' ? ['CAPABILITY_IAM'] : []),
    ...(autoExpand ? ['CAPABILITY_AUTO_EXPAND'] : []),
  ];
  const reasons = [...new Set([...iamResources.map((r) => r.type), ...template.transforms])];
  return { capabilities, ...(reasons.length > 0 && { reason: msg.capabilitiesReason(reasons) }), iam, autoExpand };
}

/** Throws InsufficientCapabilitiesException ("Requires capabilities : [CAPABILITY_IAM]") when one is missing. */
export function checkCapabilities(template: Template, acknowledged: readonly string[]): void {
  const required = requiredCapabilities(template);
  const has = (capability: string): boolean => acknowledged.includes(capability);
  const missing: string[] = [];
  if (required.iam === 'named' && !has('CAPABILITY_NAMED_IAM')) missing.push('CAPABILITY_NAMED_IAM');
  if (required.iam === 'unnamed' && !has('CAPABILITY_IAM') && !has('CAPABILITY_NAMED_IAM')) missing.push('CAPABILITY_IAM');
  if (required.autoExpand && !has('CAPABILITY_AUTO_EXPAND')) missing.push('CAPABILITY_AUTO_EXPAND');
  if (missing.length > 0) throw insufficientCapabilities(msg.requiresCapabilities(missing));
}
