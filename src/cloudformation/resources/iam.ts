/**
 * AWS::IAM::Role, Policy, InstanceProfile and ManagedPolicy. Gatehouse has no IAM service (it accepts any
 * credentials and Lambda takes any well-formed role ARN), so these are kept by the stack alone: names as
 * CloudFormation generates them, ARNs as IAM forms them (`arn:aws:iam::{account}:role{path}{name}`, the path
 * `/` by default), unique ids of IAM's form (`AROA...`), and the documents checked for what IAM would refuse.
 */
import { validationFailed } from './errors.js';
import { iamUniqueId } from './ids.js';
import { parse } from './properties.js';
import { int, json, list, obj, str, strings, tagList } from './schema.js';
import type { Provisioned, ResourceContext, ResourceType } from './types.js';

/** IAM's path rule: `/`, or slash-delimited printable ASCII starting and ending with `/`. */
const PATH = /^(\/|\/[\u0021-\u007E]+\/)$/;
/** IAM's names for roles, policies and instance profiles. */
const NAME = /^[\w+=,.@-]+$/;

function checkPath(ctx: ResourceContext, path: string | undefined): string {
  const p = path ?? '/';
  if (p.length > 512 || !PATH.test(p)) throw validationFailed(ctx.logicalId, `#/Path: string [${p}] does not match pattern ^/(.+/)*$`);
  return p;
}

function checkName(ctx: ResourceContext, property: string, name: string | undefined, maxLength: number): void {
  if (name === undefined) return;
  if (name.length > maxLength) throw validationFailed(ctx.logicalId, `#/${property}: expected maxLength: ${maxLength}, actual: ${name.length}`);
  if (!NAME.test(name)) throw validationFailed(ctx.logicalId, `#/${property}: string [${name}] does not match pattern [\\w+=,.@-]+`);
}

/**
 * A policy document must be a JSON object with a Statement (IAM refuses anything else with "Syntax errors in
 * policy"); IAM's grammar is not checked further, since nothing in Gatehouse evaluates these documents.
 */
function checkDocument(ctx: ResourceContext, property: string, document: unknown): void {
  let value = document;
  if (typeof document === 'string') {
    try {
      value = JSON.parse(document);
    } catch {
      throw validationFailed(ctx.logicalId, `#/${property}: Syntax errors in policy (not JSON)`);
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value) || !('Statement' in value)) {
    throw validationFailed(ctx.logicalId, `#/${property}: Syntax errors in policy (a policy document needs a Statement)`);
  }
}

const iamArn = (ctx: ResourceContext, kind: string, path: string, name: string) => `arn:aws:iam::${ctx.scope.account}:${kind}${path}${name}`;

const INLINE_POLICY = obj({ PolicyName: str, PolicyDocument: json }, ['PolicyDocument', 'PolicyName']);

// ---- AWS::IAM::Role ----

interface RoleProps {
  AssumeRolePolicyDocument: unknown;
  RoleName?: string;
  Path?: string;
  Description?: string;
  ManagedPolicyArns?: string[];
  Policies?: Array<{ PolicyName: string; PolicyDocument: unknown }>;
  MaxSessionDuration?: number;
  PermissionsBoundary?: string;
}

const ROLE_SHAPE = obj(
  {
    AssumeRolePolicyDocument: json,
    RoleName: str,
    Path: str,
    Description: str,
    ManagedPolicyArns: strings,
    Policies: list(INLINE_POLICY),
    MaxSessionDuration: int,
    PermissionsBoundary: str,
    Tags: tagList,
  },
  ['AssumeRolePolicyDocument'],
);

function checkRole(ctx: ResourceContext, p: RoleProps): string {
  const path = checkPath(ctx, p.Path);
  checkName(ctx, 'RoleName', p.RoleName, 64);
  checkDocument(ctx, 'AssumeRolePolicyDocument', p.AssumeRolePolicyDocument);
  for (const policy of p.Policies ?? []) checkDocument(ctx, `Policies/${policy.PolicyName}`, policy.PolicyDocument);
  if (p.MaxSessionDuration !== undefined && (p.MaxSessionDuration < 3600 || p.MaxSessionDuration > 43200)) {
    throw validationFailed(ctx.logicalId, `#/MaxSessionDuration: ${p.MaxSessionDuration} is not in the range [3600, 43200]`);
  }
  return path;
}

/** Ref is the role name; GetAtt Arn and RoleId. The name and id stay the same through updates. */
export const role: ResourceType = {
  type: 'AWS::IAM::Role',
  replaceOn: ['RoleName', 'Path'],
  async create(properties, ctx) {
    const p = parse<RoleProps>(ctx, properties, ROLE_SHAPE);
    const path = checkRole(ctx, p);
    const name = p.RoleName ?? ctx.physicalName(64);
    return { physicalId: name, attributes: { Arn: iamArn(ctx, 'role', path, name), RoleId: iamUniqueId('AROA') } };
  },
  async update(current, _before, after, ctx) {
    checkRole(ctx, parse<RoleProps>(ctx, after, ROLE_SHAPE));
    return current;
  },
  delete: async () => undefined,
};

// ---- AWS::IAM::Policy ----

interface PolicyProps {
  PolicyName: string;
  PolicyDocument: unknown;
  Roles?: string[];
  Users?: string[];
  Groups?: string[];
}

const POLICY_SHAPE = obj({ PolicyName: str, PolicyDocument: json, Roles: strings, Users: strings, Groups: strings }, ['PolicyDocument', 'PolicyName']);

function checkPolicy(ctx: ResourceContext, p: PolicyProps): void {
  checkName(ctx, 'PolicyName', p.PolicyName, 128);
  checkDocument(ctx, 'PolicyDocument', p.PolicyDocument);
  if ([p.Roles, p.Users, p.Groups].every((l) => l === undefined || l.length === 0)) {
    throw validationFailed(ctx.logicalId, '#: At least one of [Groups, Roles, Users] must be specified');
  }
}

/** An inline policy of roles, users or groups; Ref is its name. */
export const policy: ResourceType = {
  type: 'AWS::IAM::Policy',
  async create(properties, ctx) {
    const p = parse<PolicyProps>(ctx, properties, POLICY_SHAPE);
    checkPolicy(ctx, p);
    return { physicalId: p.PolicyName, attributes: {} };
  },
  async update(_current, _before, after, ctx) {
    const p = parse<PolicyProps>(ctx, after, POLICY_SHAPE);
    checkPolicy(ctx, p);
    return { physicalId: p.PolicyName, attributes: {} };
  },
  delete: async () => undefined,
};

// ---- AWS::IAM::InstanceProfile ----

interface InstanceProfileProps {
  InstanceProfileName?: string;
  Path?: string;
  Roles: string[];
}

const INSTANCE_PROFILE_SHAPE = obj({ InstanceProfileName: str, Path: str, Roles: strings }, ['Roles']);

/** Ref is the profile's name; GetAtt Arn (`arn:aws:iam::{account}:instance-profile{path}{name}`). */
export const instanceProfile: ResourceType = {
  type: 'AWS::IAM::InstanceProfile',
  replaceOn: ['InstanceProfileName', 'Path'],
  async create(properties, ctx) {
    const p = parse<InstanceProfileProps>(ctx, properties, INSTANCE_PROFILE_SHAPE);
    const path = checkPath(ctx, p.Path);
    checkName(ctx, 'InstanceProfileName', p.InstanceProfileName, 128);
    const name = p.InstanceProfileName ?? ctx.physicalName(128);
    return { physicalId: name, attributes: { Arn: iamArn(ctx, 'instance-profile', path, name) } };
  },
  async update(current, _before, after, ctx) {
    parse<InstanceProfileProps>(ctx, after, INSTANCE_PROFILE_SHAPE);
    return current;
  },
  delete: async () => undefined,
};

// ---- AWS::IAM::ManagedPolicy ----

interface ManagedPolicyProps {
  ManagedPolicyName?: string;
  PolicyDocument: unknown;
  Path?: string;
  Description?: string;
  Roles?: string[];
  Users?: string[];
  Groups?: string[];
}

const MANAGED_POLICY_SHAPE = obj(
  { ManagedPolicyName: str, PolicyDocument: json, Path: str, Description: str, Roles: strings, Users: strings, Groups: strings },
  ['PolicyDocument'],
);

const attachments = (p: ManagedPolicyProps) => (p.Roles?.length ?? 0) + (p.Users?.length ?? 0) + (p.Groups?.length ?? 0);

/** Ref is the policy's ARN (`arn:aws:iam::{account}:policy{path}{name}`); a new document is a new default version. */
export const managedPolicy: ResourceType = {
  type: 'AWS::IAM::ManagedPolicy',
  replaceOn: ['ManagedPolicyName', 'Path', 'Description'],
  async create(properties, ctx) {
    const p = parse<ManagedPolicyProps>(ctx, properties, MANAGED_POLICY_SHAPE);
    const path = checkPath(ctx, p.Path);
    checkName(ctx, 'ManagedPolicyName', p.ManagedPolicyName, 128);
    checkDocument(ctx, 'PolicyDocument', p.PolicyDocument);
    const name = p.ManagedPolicyName ?? ctx.physicalName(128);
    const arn = iamArn(ctx, 'policy', path, name);
    const now = new Date().toISOString();
    return {
      physicalId: arn,
      attributes: { PolicyArn: arn, PolicyId: iamUniqueId('ANPA'), DefaultVersionId: 'v1', AttachmentCount: attachments(p), IsAttachable: true, CreateDate: now, UpdateDate: now },
    };
  },
  async update(current, before, after, ctx) {
    const b = parse<ManagedPolicyProps>(ctx, before, MANAGED_POLICY_SHAPE);
    const a = parse<ManagedPolicyProps>(ctx, after, MANAGED_POLICY_SHAPE);
    checkDocument(ctx, 'PolicyDocument', a.PolicyDocument);
    const attributes: Provisioned['attributes'] = { ...current.attributes, AttachmentCount: attachments(a), UpdateDate: new Date().toISOString() };
    if (JSON.stringify(b.PolicyDocument) !== JSON.stringify(a.PolicyDocument)) {
      attributes['DefaultVersionId'] = `v${Number(String(current.attributes['DefaultVersionId'] ?? 'v1').slice(1)) + 1}`;
    }
    return { physicalId: current.physicalId, attributes };
  },
  delete: async () => undefined,
};

export const IAM_TYPES: readonly ResourceType[] = [role, policy, instanceProfile, managedPolicy];
