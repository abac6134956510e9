/**
 * Managed policies: CreatePolicy, GetPolicy, ListPolicies, DeletePolicy, their versions (at most five, one
 * the default), and attaching them to roles and users. AWS's own managed policies
 * (`arn:aws:iam::aws:policy/...`) are taken as existing: they can be attached, detached and read back, but
 * Gatehouse does not know their documents.
 */
import { createHash } from 'node:crypto';
import { Clauses } from '../../shared/validation-clauses.js';
import type { Operations } from '../../wire/models/iam-2010-05-08.js';
import type { OperationContext } from '../types.js';
import { checkIdentityPolicy } from './documents.js';
import { defaultVersion, noSuchPolicy, policyHasVersions, noSuchPolicyVersion, notAttachable, policyAttached, policyExists, tooManyVersions, validation } from './errors.js';
import { findHolder, ROLE, saveHolder, USER, type HolderKind } from './holders.js';
import { checkName, checkPath, checkPathPrefix, parseIamArn, required, scopeOf, uniqueId, nowSeconds } from './names.js';
import { byName, pageOf } from './paging.js';
import { encodeDocument, policies, policyView, type StoredPolicy } from './state.js';
import { checkTags } from './tags.js';

type Input<Op extends keyof Operations> = Operations[Op]['input'];

const MAX_VERSIONS = 5;

/** The policy an ARN names in the caller's account, or undefined (an AWS managed policy is `aws`). */
function locate(ctx: OperationContext, arn: string | undefined): { own: StoredPolicy } | { aws: string } | undefined {
  new Clauses('ValidationError').required('policyArn', arn).length('policyArn', arn, 20, 2048).throwIfAny();
  const parsed = parseIamArn(arn!, 'policy');
  // Inferred wording (IAM's refusal of an ARN that is not one).
  if (!parsed) throw validation(`ARN ${arn} is not valid.`);
  if (parsed.account === 'aws') return { aws: arn! };
  if (parsed.account !== ctx.scope.account) return undefined;
  const found = policies(ctx).get(scopeOf(ctx), '', parsed.name);
  return found && found.Path === parsed.path ? { own: found } : undefined;
}

function findPolicy(ctx: OperationContext, arn: string | undefined): StoredPolicy {
  const found = locate(ctx, arn);
  if (!found || !('own' in found)) throw noSuchPolicy(arn!);
  return found.own;
}

const save = (ctx: OperationContext, p: StoredPolicy): void => policies(ctx).update(scopeOf(ctx), '', p.PolicyName, p);

export function createPolicy(input: Input<'CreatePolicy'>, ctx: OperationContext) {
  const name = checkName('policyName', input.PolicyName, 128);
  const path = checkPath(input.Path);
  new Clauses('ValidationError').length('description', input.Description, 0, 1000).throwIfAny();
  const tags = checkTags(input.Tags);
  checkIdentityPolicy(input.PolicyDocument, 'policyDocument');
  const scope = scopeOf(ctx);
  if (policies(ctx).has(scope, '', name)) throw policyExists(name);
  const now = nowSeconds(ctx);
  const policy: StoredPolicy = {
    PolicyName: name,
    PolicyId: uniqueId('ANPA'),
    Path: path,
    ...(input.Description === undefined ? {} : { Description: input.Description }),
    DefaultVersionId: 'v1',
    versions: [{ VersionId: 'v1', Document: input.PolicyDocument!, CreateDate: now }],
    nextVersion: 2,
    AttachmentCount: 0,
    CreateDate: now,
    UpdateDate: now,
    Tags: tags,
  };
  policies(ctx).insert(scope, '', name, policy);
  const { Description: _description, ...view } = policyView(scope, policy);
  return { Policy: view };
}

/** What GetPolicy answers for one of AWS's managed policies: stable ids, the document unknown. */
function awsPolicyView(arn: string) {
  const name = arn.slice(arn.lastIndexOf('/') + 1);
  const digest = createHash('sha256').update(arn).digest('hex').toUpperCase().replace(/[^A-Z2-7]/g, 'A');
  return {
    PolicyName: name,
    PolicyId: `ANPA${digest.slice(0, 17)}`,
    Arn: arn,
    Path: arn.slice('arn:aws:iam::aws:policy'.length, arn.length - name.length),
    DefaultVersionId: 'v1',
    AttachmentCount: 0,
    PermissionsBoundaryUsageCount: 0,
    IsAttachable: true,
    CreateDate: '2015-02-06T18:39:46Z',
    UpdateDate: '2015-02-06T18:39:46Z',
  };
}

export function getPolicy(input: Input<'GetPolicy'>, ctx: OperationContext) {
  const found = locate(ctx, input.PolicyArn);
  if (found && 'aws' in found) return { Policy: awsPolicyView(found.aws) };
  if (!found) throw noSuchPolicy(input.PolicyArn!);
  return { Policy: policyView(scopeOf(ctx), found.own) };
}

export function listPolicies(input: Input<'ListPolicies'>, ctx: OperationContext) {
  const prefix = checkPathPrefix(input.PathPrefix);
  new Clauses('ValidationError').enumValue('scope', input.Scope, ['All', 'AWS', 'Local'], '[All, AWS, Local]').throwIfAny();
  const scope = scopeOf(ctx);
  // Only the account's own policies are known (AWS's managed policies are not listed).
  const own = input.Scope === 'AWS' ? [] : policies(ctx).list(scope, '');
  const all = byName(own.filter((p) => p.Path.startsWith(prefix) && (!input.OnlyAttached || p.AttachmentCount > 0)), (p) => p.PolicyName);
  const page = pageOf(all, (p) => p.PolicyName, input.Marker, input.MaxItems);
  return {
    Policies: page.items.map((p) => {
      const { Description: _description, ...view } = policyView(scope, p);
      return view;
    }),
    IsTruncated: page.IsTruncated,
    ...(page.Marker === undefined ? {} : { Marker: page.Marker }),
  };
}

export function deletePolicy(input: Input<'DeletePolicy'>, ctx: OperationContext): void {
  const policy = findPolicy(ctx, input.PolicyArn);
  if (policy.AttachmentCount > 0) throw policyAttached();
  if (policy.versions.length > 1) throw policyHasVersions();
  policies(ctx).delete(scopeOf(ctx), '', policy.PolicyName);
}

function versionView(p: StoredPolicy, v: StoredPolicy['versions'][number], withDocument: boolean) {
  return { ...(withDocument ? { Document: encodeDocument(v.Document) } : {}), VersionId: v.VersionId, IsDefaultVersion: v.VersionId === p.DefaultVersionId, CreateDate: v.CreateDate };
}

export function createPolicyVersion(input: Input<'CreatePolicyVersion'>, ctx: OperationContext) {
  const policy = findPolicy(ctx, input.PolicyArn);
  checkIdentityPolicy(input.PolicyDocument, 'policyDocument');
  if (policy.versions.length >= MAX_VERSIONS) throw tooManyVersions();
  const now = nowSeconds(ctx);
  const version = { VersionId: `v${policy.nextVersion}`, Document: input.PolicyDocument!, CreateDate: now };
  policy.nextVersion += 1;
  policy.versions.push(version);
  if (input.SetAsDefault) policy.DefaultVersionId = version.VersionId;
  policy.UpdateDate = now;
  save(ctx, policy);
  return { PolicyVersion: versionView(policy, version, false) };
}

function findVersion(ctx: OperationContext, arn: string | undefined, versionId: string | undefined) {
  const policy = findPolicy(ctx, arn);
  const id = required('versionId', versionId);
  new Clauses('ValidationError').pattern('versionId', id, /^v[1-9][0-9]*(\.[A-Za-z0-9-]*)?$/, 'v[1-9][0-9]*(\\.[A-Za-z0-9-]*)?').throwIfAny();
  const version = policy.versions.find((v) => v.VersionId === id);
  if (!version) throw noSuchPolicyVersion(arn!, id);
  return { policy, version };
}

export function getPolicyVersion(input: Input<'GetPolicyVersion'>, ctx: OperationContext) {
  const { policy, version } = findVersion(ctx, input.PolicyArn, input.VersionId);
  return { PolicyVersion: versionView(policy, version, true) };
}

export function listPolicyVersions(input: Input<'ListPolicyVersions'>, ctx: OperationContext) {
  const policy = findPolicy(ctx, input.PolicyArn);
  // Newest first, as IAM lists them.
  const versions = [...policy.versions].reverse();
  const page = pageOf(versions, (v) => v.VersionId, input.Marker, input.MaxItems);
  return { Versions: page.items.map((v) => versionView(policy, v, false)), IsTruncated: page.IsTruncated, ...(page.Marker === undefined ? {} : { Marker: page.Marker }) };
}

export function deletePolicyVersion(input: Input<'DeletePolicyVersion'>, ctx: OperationContext): void {
  const { policy, version } = findVersion(ctx, input.PolicyArn, input.VersionId);
  if (version.VersionId === policy.DefaultVersionId) throw defaultVersion();
  policy.versions = policy.versions.filter((v) => v !== version);
  save(ctx, policy);
}

export function setDefaultPolicyVersion(input: Input<'SetDefaultPolicyVersion'>, ctx: OperationContext): void {
  const { policy, version } = findVersion(ctx, input.PolicyArn, input.VersionId);
  policy.DefaultVersionId = version.VersionId;
  policy.UpdateDate = nowSeconds(ctx);
  save(ctx, policy);
}

// ---- attachments ----

function attach(kind: HolderKind, ctx: OperationContext, holderName: string | undefined, arn: string | undefined): void {
  const holder = findHolder(kind, ctx, holderName);
  const found = locate(ctx, arn);
  if (!found) throw notAttachable(arn!);
  if (holder.attached.includes(arn!)) return;
  holder.attached.push(arn!);
  saveHolder(kind, ctx, holder);
  if ('own' in found) save(ctx, { ...found.own, AttachmentCount: found.own.AttachmentCount + 1 });
}

function detach(kind: HolderKind, ctx: OperationContext, holderName: string | undefined, arn: string | undefined): void {
  const holder = findHolder(kind, ctx, holderName);
  const found = locate(ctx, arn);
  if (!holder.attached.includes(arn!)) throw noSuchPolicy(arn!);
  holder.attached = holder.attached.filter((a) => a !== arn);
  saveHolder(kind, ctx, holder);
  if (found && 'own' in found) save(ctx, { ...found.own, AttachmentCount: Math.max(0, found.own.AttachmentCount - 1) });
}

function listAttached(kind: HolderKind, ctx: OperationContext, holderName: string | undefined, pathPrefix: string | undefined, marker: string | undefined, maxItems: number | undefined) {
  const holder = findHolder(kind, ctx, holderName);
  const prefix = checkPathPrefix(pathPrefix);
  const attached = holder.attached
    .map((arn) => ({ PolicyName: arn.slice(arn.lastIndexOf('/') + 1), PolicyArn: arn, path: parseIamArn(arn, 'policy')?.path ?? '/' }))
    .filter((a) => a.path.startsWith(prefix));
  const page = pageOf(byName(attached, (a) => a.PolicyName), (a) => a.PolicyName, marker, maxItems);
  return {
    AttachedPolicies: page.items.map((a) => ({ PolicyName: a.PolicyName, PolicyArn: a.PolicyArn })),
    IsTruncated: page.IsTruncated,
    ...(page.Marker === undefined ? {} : { Marker: page.Marker }),
  };
}

export const attachRolePolicy = (i: Input<'AttachRolePolicy'>, ctx: OperationContext): void => attach(ROLE, ctx, i.RoleName, i.PolicyArn);
export const attachUserPolicy = (i: Input<'AttachUserPolicy'>, ctx: OperationContext): void => attach(USER, ctx, i.UserName, i.PolicyArn);
export const detachRolePolicy = (i: Input<'DetachRolePolicy'>, ctx: OperationContext): void => detach(ROLE, ctx, i.RoleName, i.PolicyArn);
export const detachUserPolicy = (i: Input<'DetachUserPolicy'>, ctx: OperationContext): void => detach(USER, ctx, i.UserName, i.PolicyArn);
export const listAttachedRolePolicies = (i: Input<'ListAttachedRolePolicies'>, ctx: OperationContext) => listAttached(ROLE, ctx, i.RoleName, i.PathPrefix, i.Marker, i.MaxItems);
export const listAttachedUserPolicies = (i: Input<'ListAttachedUserPolicies'>, ctx: OperationContext) => listAttached(USER, ctx, i.UserName, i.PathPrefix, i.Marker, i.MaxItems);

