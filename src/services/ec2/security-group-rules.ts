/**
 * Security group rules: AuthorizeSecurityGroupIngress/Egress and RevokeSecurityGroupIngress/Egress.
 *
 * AWS shows a group's rules as IpPermissions, one per (protocol, port range), each listing its sources (IPv4
 * and IPv6 ranges, referenced groups, prefix lists). Internally a rule is one (protocol, ports, source): that
 * is the unit AWS checks for duplicates, revokes, and gives a SecurityGroupRuleId (`sgr-`). The ids here
 * are derived from the rule itself, so they are stable without being stored.
 */
import { createHash } from 'node:crypto';
import type { IpPermission, SecurityGroup, Tag } from '../../domain/ec2.js';
import type { OperationContext } from '../types.js';
import { parseCidr } from './cidr.js';
import { ec2Error, groupNotFound, invalidParameterValue, missingParameter } from './errors.js';
import { GROUP, all, requireOne, save } from './state.js';
import { requireGroupByIdOrName } from './security-group-lookup.js';
import { tagsFromSpecifications, type TagSpecification } from './tags.js';

type Source =
  | { kind: 'cidr'; CidrIp: string; Description?: string }
  | { kind: 'cidr6'; CidrIpv6: string; Description?: string }
  | { kind: 'group'; GroupId: string; UserId: string; Description?: string }
  | { kind: 'prefix'; PrefixListId: string; Description?: string };

export interface Rule {
  IpProtocol: string;
  FromPort?: number;
  ToPort?: number;
  source: Source;
}

/** An IpPermission as clients send it (every member optional until checked). */
export interface IpPermissionInput {
  IpProtocol?: string;
  FromPort?: number;
  ToPort?: number;
  IpRanges?: Array<{ CidrIp?: string; Description?: string }>;
  Ipv6Ranges?: Array<{ CidrIpv6?: string; Description?: string }>;
  UserIdGroupPairs?: Array<{ GroupId?: string; GroupName?: string; UserId?: string; Description?: string }>;
  PrefixListIds?: Array<{ PrefixListId?: string; Description?: string }>;
}

const PROTOCOL_NAMES: Readonly<Record<string, string>> = { '6': 'tcp', '17': 'udp', '1': 'icmp', '58': 'icmpv6' };

/** `tcp`/`6` → `tcp`, `-1` stays, other IANA numbers stay numbers; anything else is AWS's "Unknown protocol". */
export function normalizeProtocol(protocol: string | undefined): string {
  if (protocol === undefined || protocol === '') throw missingParameter('ipProtocol');
  const p = protocol.toLowerCase();
  if (p === '-1' || ['tcp', 'udp', 'icmp', 'icmpv6'].includes(p)) return p;
  if (/^\d+$/.test(p) && Number(p) <= 255) return PROTOCOL_NAMES[String(Number(p))] ?? String(Number(p));
  throw invalidParameterValue(`Invalid value '${protocol}' for IP protocol. Unknown protocol.`);
}

const isPort = (n: number): boolean => Number.isInteger(n) && n >= 0 && n <= 65535;
const isIcmpNumber = (n: number | undefined): boolean => n === undefined || (Number.isInteger(n) && n >= -1 && n <= 255);

/** The port range a rule keeps: TCP/UDP need both ends, ICMP's are type and code (-1 = all), others have none. */
function portsOf(protocol: string, from: number | undefined, to: number | undefined): { FromPort?: number; ToPort?: number } {
  if (protocol === 'tcp' || protocol === 'udp') {
    if (from === undefined || to === undefined) throw invalidParameterValue('Invalid value for portRange. Must specify both from and to ports with TCP/UDP.');
    if (!isPort(from)) throw invalidParameterValue(`TCP/UDP (from) port (${from}) out of range`);
    if (!isPort(to)) throw invalidParameterValue(`TCP/UDP (to) port (${to}) out of range`);
    if (from > to) throw invalidParameterValue(`Invalid TCP/UDP port range (${from} - ${to})`);
    return { FromPort: from, ToPort: to };
  }
  if (protocol === 'icmp' || protocol === 'icmpv6') {
    if (!isIcmpNumber(from)) throw invalidParameterValue(`ICMP type (${from}) out of range`);
    if (!isIcmpNumber(to)) throw invalidParameterValue(`ICMP code (${to}) out of range`);
    return { FromPort: from ?? -1, ToPort: to ?? -1 };
  }
  return {};
}

function checkCidr(cidr: string | undefined): string {
  if (cidr === undefined || parseCidr(cidr) === undefined) throw invalidParameterValue(`CIDR block ${cidr ?? 'null'} is malformed`);
  return cidr;
}

function checkCidr6(cidr: string | undefined): string {
  if (cidr === undefined || !/^[0-9a-fA-F:]+\/\d{1,3}$/.test(cidr) || !cidr.includes(':')) throw invalidParameterValue(`CIDR block ${cidr ?? 'null'} is malformed`);
  return cidr.toLowerCase();
}

const withDescription = <T extends object>(source: T, description: string | undefined): T => (description === undefined ? source : { ...source, Description: description });

/**
 * The rules an IpPermission asks for, one per source. Referenced groups must exist in the group's own VPC (by
 * id, or by name within that VPC); prefix lists do not exist in Gatehouse.
 */
export function rulesOf(ctx: OperationContext, group: SecurityGroup, perm: IpPermissionInput): Rule[] {
  const IpProtocol = normalizeProtocol(perm.IpProtocol);
  const ports = portsOf(IpProtocol, perm.FromPort, perm.ToPort);
  const sources: Source[] = [
    ...(perm.IpRanges ?? []).map((r): Source => withDescription({ kind: 'cidr', CidrIp: checkCidr(r.CidrIp) }, r.Description)),
    ...(perm.Ipv6Ranges ?? []).map((r): Source => withDescription({ kind: 'cidr6', CidrIpv6: checkCidr6(r.CidrIpv6) }, r.Description)),
    ...(perm.UserIdGroupPairs ?? []).map((p): Source => withDescription({ kind: 'group', GroupId: referencedGroup(ctx, group, p).GroupId, UserId: ctx.scope.account }, p.Description)),
    ...(perm.PrefixListIds ?? []).map((p): Source => {
      throw ec2Error('InvalidPrefixListID.NotFound', `The prefix list ID '${p.PrefixListId ?? 'null'}' does not exist`);
    }),
  ];
  return sources.map((source) => ({ IpProtocol, ...ports, source }));
}

function referencedGroup(ctx: OperationContext, group: SecurityGroup, pair: { GroupId?: string; GroupName?: string }): SecurityGroup {
  if (pair.GroupId !== undefined) {
    const other = requireOne(ctx, GROUP, pair.GroupId, 'groupId');
    if (other.VpcId !== group.VpcId) throw ec2Error('InvalidGroup.NotFound', 'You have specified two resources that belong to different networks.');
    return other;
  }
  if (pair.GroupName !== undefined) {
    const other = all(ctx, 'groups').find((g) => g.VpcId === group.VpcId && g.GroupName === pair.GroupName);
    if (!other) throw groupNotFound(pair.GroupName);
    return other;
  }
  throw missingParameter('groupId');
}

// ---- IpPermissions <-> rules ----

function sourceKey(s: Source): string {
  switch (s.kind) {
    case 'cidr':
      return `4:${s.CidrIp}`;
    case 'cidr6':
      return `6:${s.CidrIpv6}`;
    case 'group':
      return `g:${s.GroupId}`;
    case 'prefix':
      return `p:${s.PrefixListId}`;
  }
}

const permissionKey = (r: { IpProtocol: string; FromPort?: number; ToPort?: number }): string => `${r.IpProtocol}|${r.FromPort ?? ''}|${r.ToPort ?? ''}`;
const ruleKey = (r: Rule): string => `${permissionKey(r)}|${sourceKey(r.source)}`;

export function explode(perms: readonly IpPermission[]): Rule[] {
  return perms.flatMap((p) => {
    const base = { IpProtocol: p.IpProtocol, ...(p.FromPort !== undefined ? { FromPort: p.FromPort } : {}), ...(p.ToPort !== undefined ? { ToPort: p.ToPort } : {}) };
    const sources: Source[] = [
      ...(p.IpRanges ?? []).map((r): Source => ({ kind: 'cidr', ...r })),
      ...(p.Ipv6Ranges ?? []).map((r): Source => ({ kind: 'cidr6', ...r })),
      ...(p.UserIdGroupPairs ?? []).map((g): Source => ({ kind: 'group', UserId: g.UserId ?? '', ...g })),
      ...(p.PrefixListIds ?? []).map((l): Source => ({ kind: 'prefix', ...l })),
    ];
    return sources.map((source) => ({ ...base, source }));
  });
}

/** Rules grouped back into IpPermissions, in the order their (protocol, ports) first appear. */
export function implode(rules: readonly Rule[]): IpPermission[] {
  const perms = new Map<string, IpPermission>();
  for (const r of rules) {
    const key = permissionKey(r);
    let p = perms.get(key);
    if (!p) {
      p = { IpProtocol: r.IpProtocol };
      if (r.FromPort !== undefined) p.FromPort = r.FromPort;
      if (r.ToPort !== undefined) p.ToPort = r.ToPort;
      perms.set(key, p);
    }
    const { kind, ...fields } = r.source;
    if (kind === 'cidr') (p.IpRanges ??= []).push(fields as { CidrIp: string });
    else if (kind === 'cidr6') (p.Ipv6Ranges ??= []).push(fields as { CidrIpv6: string });
    else if (kind === 'group') (p.UserIdGroupPairs ??= []).push(fields as { GroupId: string });
    else (p.PrefixListIds ??= []).push(fields as { PrefixListId: string });
  }
  return [...perms.values()];
}

/** IpPermissions as Describe* shows them: every source list present (empty when unused); no ports for `-1`. */
export function permissionsView(perms: readonly IpPermission[]): IpPermission[] {
  return perms.map((p) => ({ ...p, IpRanges: p.IpRanges ?? [], Ipv6Ranges: p.Ipv6Ranges ?? [], PrefixListIds: p.PrefixListIds ?? [], UserIdGroupPairs: p.UserIdGroupPairs ?? [] }));
}

// ---- rule ids and texts ----

export function ruleId(groupId: string, egress: boolean, r: Rule): string {
  return `sgr-${createHash('sha256').update(`${groupId}|${egress ? 'egress' : 'ingress'}|${ruleKey(r)}`).digest('hex').slice(0, 17)}`;
}

function peerOf(s: Source): string {
  switch (s.kind) {
    case 'cidr':
      return s.CidrIp;
    case 'cidr6':
      return s.CidrIpv6;
    case 'group':
      return s.GroupId;
    case 'prefix':
      return s.PrefixListId;
  }
}

/** AWS's words for a rule in InvalidPermission.Duplicate: `peer: 0.0.0.0/0, TCP, from port: 22, to port: 22, ALLOW`. */
export function describeRule(r: Rule): string {
  const peer = `peer: ${peerOf(r.source)}`;
  if (r.IpProtocol === '-1') return `${peer}, ALL, ALLOW`;
  const proto = r.IpProtocol.toUpperCase();
  if (r.IpProtocol === 'icmp' || r.IpProtocol === 'icmpv6') return `${peer}, ${proto}, type: ${r.FromPort}, code: ${r.ToPort}, ALLOW`;
  if (r.FromPort === undefined) return `${peer}, ${proto}, ALLOW`;
  return `${peer}, ${proto}, from port: ${r.FromPort}, to port: ${r.ToPort}, ALLOW`;
}

function ruleView(ctx: OperationContext, groupId: string, egress: boolean, r: Rule, tags: readonly Tag[] | undefined) {
  const s = r.source;
  return {
    SecurityGroupRuleId: ruleId(groupId, egress, r),
    GroupId: groupId,
    GroupOwnerId: ctx.scope.account,
    IsEgress: egress,
    IpProtocol: r.IpProtocol,
    FromPort: r.FromPort ?? -1,
    ToPort: r.ToPort ?? -1,
    ...(s.kind === 'cidr' ? { CidrIpv4: s.CidrIp } : {}),
    ...(s.kind === 'cidr6' ? { CidrIpv6: s.CidrIpv6 } : {}),
    ...(s.kind === 'prefix' ? { PrefixListId: s.PrefixListId } : {}),
    ...(s.kind === 'group' ? { ReferencedGroupInfo: { GroupId: s.GroupId, UserId: s.UserId } } : {}),
    ...(s.Description !== undefined ? { Description: s.Description } : {}),
    ...(tags !== undefined ? { Tags: tags } : {}),
  };
}

// ---- the operations ----

interface RuleChangeInput {
  GroupId?: string;
  GroupName?: string;
  IpPermissions?: IpPermissionInput[];
  /** The legacy flat form: one permission given by its parts. */
  CidrIp?: string;
  IpProtocol?: string;
  FromPort?: number;
  ToPort?: number;
  SourceSecurityGroupName?: string;
  SourceSecurityGroupOwnerId?: string;
  SecurityGroupRuleIds?: string[];
  TagSpecifications?: TagSpecification[];
}

/**
 * The flat parameters as IpPermissions. A source group named without a protocol grants full TCP, UDP and ICMP
 * access, as AWS documents for SourceSecurityGroupName.
 */
function legacyPermissions(input: RuleChangeInput): IpPermissionInput[] {
  if (input.SourceSecurityGroupName !== undefined) {
    const pair = [{ GroupName: input.SourceSecurityGroupName }];
    if (input.IpProtocol !== undefined) return [{ IpProtocol: input.IpProtocol, FromPort: input.FromPort, ToPort: input.ToPort, UserIdGroupPairs: pair }];
    return [
      { IpProtocol: 'icmp', FromPort: -1, ToPort: -1, UserIdGroupPairs: pair },
      { IpProtocol: 'tcp', FromPort: 0, ToPort: 65535, UserIdGroupPairs: pair },
      { IpProtocol: 'udp', FromPort: 0, ToPort: 65535, UserIdGroupPairs: pair },
    ];
  }
  if (input.CidrIp !== undefined || input.IpProtocol !== undefined) {
    return [{ IpProtocol: input.IpProtocol, FromPort: input.FromPort, ToPort: input.ToPort, IpRanges: [{ CidrIp: input.CidrIp ?? '0.0.0.0/0' }] }];
  }
  return [];
}

function requestedRules(ctx: OperationContext, group: SecurityGroup, input: RuleChangeInput): Rule[] {
  const perms = [...(input.IpPermissions ?? []), ...legacyPermissions(input)];
  const rules = perms.flatMap((p) => rulesOf(ctx, group, p));
  const keys = rules.map(ruleKey);
  if (new Set(keys).size !== keys.length) throw invalidParameterValue('The same permission must not appear multiple times');
  return rules;
}

function targetGroup(ctx: OperationContext, input: RuleChangeInput, egress: boolean): SecurityGroup {
  if (egress) return requireOne(ctx, GROUP, input.GroupId, 'groupId');
  return requireGroupByIdOrName(ctx, input.GroupId, input.GroupName);
}

function authorize(input: RuleChangeInput, ctx: OperationContext, egress: boolean) {
  const group = targetGroup(ctx, input, egress);
  const tags = tagsFromSpecifications(input.TagSpecifications, 'security-group-rule');
  const added = requestedRules(ctx, group, input);
  if (added.length === 0) throw missingParameter('ipPermissions');
  const field = egress ? 'IpPermissionsEgress' : 'IpPermissions';
  const existing = explode(group[field]);
  const present = new Set(existing.map(ruleKey));
  for (const r of added) {
    if (present.has(ruleKey(r))) throw ec2Error('InvalidPermission.Duplicate', `the specified rule "${describeRule(r)}" already exists`);
  }
  save(ctx, 'groups', group.GroupId, { ...group, [field]: implode([...existing, ...added]) });
  return { Return: true, SecurityGroupRules: added.map((r) => ruleView(ctx, group.GroupId, egress, r, tags)) };
}

/**
 * Rules that exist are removed; ones that do not come back as UnknownIpPermissions, unless none of the
 * requested rules exists, which is AWS's InvalidPermission.NotFound.
 */
function revoke(input: RuleChangeInput, ctx: OperationContext, egress: boolean) {
  const group = targetGroup(ctx, input, egress);
  const field = egress ? 'IpPermissionsEgress' : 'IpPermissions';
  const existing = explode(group[field]);
  const byId = new Map(existing.map((r) => [ruleId(group.GroupId, egress, r), r]));
  const requested = requestedRules(ctx, group, input);
  for (const id of input.SecurityGroupRuleIds ?? []) {
    const r = byId.get(id);
    if (!r) throw ec2Error('InvalidSecurityGroupRuleId.NotFound', `The security group rule ID '${id}' does not exist`);
    requested.push(r);
  }
  if (requested.length === 0) throw missingParameter('ipPermissions');
  const present = new Set(existing.map(ruleKey));
  const unknown = requested.filter((r) => !present.has(ruleKey(r)));
  if (unknown.length === requested.length) throw ec2Error('InvalidPermission.NotFound', 'The specified rule does not exist in this security group.');
  const gone = new Set(requested.map(ruleKey));
  save(ctx, 'groups', group.GroupId, { ...group, [field]: implode(existing.filter((r) => !gone.has(ruleKey(r)))) });
  return unknown.length > 0 ? { Return: true, UnknownIpPermissions: permissionsView(implode(unknown)) } : { Return: true };
}

export const authorizeSecurityGroupIngress = (input: RuleChangeInput, ctx: OperationContext) => authorize(input, ctx, false);
export const authorizeSecurityGroupEgress = (input: RuleChangeInput, ctx: OperationContext) => authorize(input, ctx, true);
export const revokeSecurityGroupIngress = (input: RuleChangeInput, ctx: OperationContext) => revoke(input, ctx, false);
export const revokeSecurityGroupEgress = (input: RuleChangeInput, ctx: OperationContext) => revoke(input, ctx, true);
