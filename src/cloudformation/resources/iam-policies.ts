/**
 * AWS::IAM::Policy (an inline policy put on each role and user it names) and AWS::IAM::ManagedPolicy (a
 * managed policy attached to them; a new document is a new default version), through Gatehouse's IAM.
 * Groups are accepted and have no effect: Gatehouse's IAM has no groups.
 */
import { orUndo, unlessGone, validationFailed } from './errors.js';
import { checkDocument, checkName, checkPath, creating } from './iam-checks.js';
import { compact, parse } from './properties.js';
import { json, obj, policyText, str, strings } from './schema.js';
import type { Provisioned, ResourceContext, ResourceType } from './types.js';

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

/** Each role and user of `p` with the policy, as `[kind, holder name]`. */
const holdersOf = (p: Partial<PolicyProps>): Array<['Role' | 'User', string]> => [
  ...(p.Roles ?? []).map((r): ['Role', string] => ['Role', r]),
  ...(p.Users ?? []).map((u): ['User', string] => ['User', u]),
];

async function putInline(ctx: ResourceContext, p: PolicyProps): Promise<void> {
  const document = policyText(p.PolicyDocument);
  for (const [kind, name] of holdersOf(p)) await ctx.call('iam', `Put${kind}Policy`, { [`${kind}Name`]: name, PolicyName: p.PolicyName, PolicyDocument: document });
}

async function deleteInline(ctx: ResourceContext, policyName: string, holders: Array<['Role' | 'User', string]>): Promise<void> {
  for (const [kind, name] of holders) await unlessGone(ctx.call('iam', `Delete${kind}Policy`, { [`${kind}Name`]: name, PolicyName: policyName }), 'NoSuchEntity');
}

/** An inline policy of roles and users; Ref is its name. */
export const policy: ResourceType = {
  type: 'AWS::IAM::Policy',
  async create(properties, ctx) {
    const p = parse<PolicyProps>(ctx, properties, POLICY_SHAPE);
    checkPolicy(ctx, p);
    await orUndo(() => putInline(ctx, p), () => deleteInline(ctx, p.PolicyName, holdersOf(p)));
    return { physicalId: p.PolicyName, attributes: {} };
  },
  async update(_current, beforeProps, after, ctx) {
    const a = parse<PolicyProps>(ctx, after, POLICY_SHAPE);
    checkPolicy(ctx, a);
    const b = beforeProps as Partial<PolicyProps>;
    const kept = holdersOf(a).map(([k, n]) => `${k}/${n}`);
    const gone = holdersOf(b).filter(([k, n]) => b.PolicyName !== a.PolicyName || !kept.includes(`${k}/${n}`));
    if (b.PolicyName !== undefined) await deleteInline(ctx, b.PolicyName, gone);
    await putInline(ctx, a);
    return { physicalId: a.PolicyName, attributes: {} };
  },
  async delete(current, properties, ctx) {
    await deleteInline(ctx, current.physicalId, holdersOf(properties as Partial<PolicyProps>));
  },
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

const attachments = (p: Partial<ManagedPolicyProps>): Array<['Role' | 'User', string]> => [
  ...(p.Roles ?? []).map((r): ['Role', string] => ['Role', r]),
  ...(p.Users ?? []).map((u): ['User', string] => ['User', u]),
];

async function attachAll(ctx: ResourceContext, arn: string, holders: Array<['Role' | 'User', string]>): Promise<void> {
  for (const [kind, name] of holders) await ctx.call('iam', `Attach${kind}Policy`, { [`${kind}Name`]: name, PolicyArn: arn });
}

async function detachAll(ctx: ResourceContext, arn: string, holders: Array<['Role' | 'User', string]>): Promise<void> {
  for (const [kind, name] of holders) await unlessGone(ctx.call('iam', `Detach${kind}Policy`, { [`${kind}Name`]: name, PolicyArn: arn }), 'NoSuchEntity');
}

/** GetAtt's values, as GetPolicy answers them. */
async function managedAttributes(ctx: ResourceContext, arn: string): Promise<Provisioned['attributes']> {
  const p = (await ctx.call('iam', 'GetPolicy', { PolicyArn: arn }))['Policy'] as Record<string, unknown>;
  return { PolicyArn: arn, PolicyId: p['PolicyId'], DefaultVersionId: p['DefaultVersionId'], AttachmentCount: p['AttachmentCount'], IsAttachable: p['IsAttachable'], CreateDate: p['CreateDate'], UpdateDate: p['UpdateDate'] };
}

/** Deletes every version but the default (IAM refuses to delete a policy that has others). */
async function pruneVersions(ctx: ResourceContext, arn: string, keep: number): Promise<void> {
  const versions = ((await ctx.call('iam', 'ListPolicyVersions', { PolicyArn: arn }))['Versions'] as Array<{ VersionId: string; IsDefaultVersion: boolean }>).filter((v) => !v.IsDefaultVersion);
  // Oldest last in IAM's listing: those go first.
  for (const v of versions.slice(keep).reverse()) await ctx.call('iam', 'DeletePolicyVersion', { PolicyArn: arn, VersionId: v.VersionId });
}

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
    const out = await creating(ctx, 'AWS::IAM::ManagedPolicy', name, 'CreatePolicy', compact({ PolicyName: name, Path: path, PolicyDocument: policyText(p.PolicyDocument), Description: p.Description }));
    const arn = (out['Policy'] as { Arn: string }).Arn;
    return orUndo(
      async () => {
        await attachAll(ctx, arn, attachments(p));
        return { physicalId: arn, attributes: await managedAttributes(ctx, arn) };
      },
      async () => {
        await detachAll(ctx, arn, attachments(p));
        await ctx.call('iam', 'DeletePolicy', { PolicyArn: arn });
      },
    );
  },
  async update(current, beforeProps, after, ctx) {
    const a = parse<ManagedPolicyProps>(ctx, after, MANAGED_POLICY_SHAPE);
    checkDocument(ctx, 'PolicyDocument', a.PolicyDocument);
    const b = beforeProps as Partial<ManagedPolicyProps>;
    const arn = current.physicalId;
    if (policyText(b.PolicyDocument) !== policyText(a.PolicyDocument)) {
      // IAM keeps five versions: make room for the new one.
      await pruneVersions(ctx, arn, 3);
      await ctx.call('iam', 'CreatePolicyVersion', { PolicyArn: arn, PolicyDocument: policyText(a.PolicyDocument), SetAsDefault: true });
    }
    const key = ([k, n]: ['Role' | 'User', string]) => `${k}/${n}`;
    const wanted = attachments(a);
    const had = attachments(b);
    await detachAll(ctx, arn, had.filter((h) => !wanted.map(key).includes(key(h))));
    await attachAll(ctx, arn, wanted.filter((w) => !had.map(key).includes(key(w))));
    return { physicalId: arn, attributes: await managedAttributes(ctx, arn) };
  },
  async delete(current, properties, ctx) {
    const arn = current.physicalId;
    await detachAll(ctx, arn, attachments(properties as Partial<ManagedPolicyProps>));
    try {
      await pruneVersions(ctx, arn, 0);
    } catch {
      // Already gone: the delete below says so and is skipped.
    }
    await unlessGone(ctx.call('iam', 'DeletePolicy', { PolicyArn: arn }), 'NoSuchEntity');
  },
};
