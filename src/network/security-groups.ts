/**
 * Security-group evaluation, as EC2 does it for one TCP connection: groups only allow (there are no deny
 * rules), a connection is allowed when any rule of any group on that side admits it, and groups are
 * stateful (the answer of an admitted connection always gets back). A rule admits a peer by CIDR or by
 * group reference (the peer is a member of the referenced group). Prefix lists name AWS-managed ranges
 * Gatehouse does not model, so they admit nothing. Pure.
 */
import ipaddr from 'ipaddr.js';
import type { IpPermission, SecurityGroup } from '../domain/ec2.js';

/** The other end of the connection, seen from the group's side. */
export interface Peer {
  ip: string;
  groupIds: readonly string[];
}

export interface Flow {
  protocol: 'tcp';
  port: number;
}

/** Whether `groups` let the connection leave toward `peer` (egress rules). */
export function egressAllows(groups: readonly SecurityGroup[], peer: Peer, flow: Flow): boolean {
  return groups.some((g) => g.IpPermissionsEgress.some((rule) => ruleAdmits(rule, peer, flow)));
}

/** Whether `groups` let the connection in from `peer` (ingress rules). */
export function ingressAllows(groups: readonly SecurityGroup[], peer: Peer, flow: Flow): boolean {
  return groups.some((g) => g.IpPermissions.some((rule) => ruleAdmits(rule, peer, flow)));
}

export function ruleAdmits(rule: IpPermission, peer: Peer, flow: Flow): boolean {
  if (!protocolMatches(rule, flow)) return false;
  if (rule.IpRanges?.some((r) => cidrContains(r.CidrIp, peer.ip))) return true;
  if (rule.Ipv6Ranges?.some((r) => cidrContains(r.CidrIpv6, peer.ip))) return true;
  return rule.UserIdGroupPairs?.some((pair) => peer.groupIds.includes(pair.GroupId)) ?? false;
}

function protocolMatches(rule: IpPermission, flow: Flow): boolean {
  const protocol = rule.IpProtocol.toLowerCase();
  // -1 is "all traffic": every protocol and port.
  if (protocol === '-1' || protocol === 'all') return true;
  if (protocol !== flow.protocol && protocol !== '6') return false;
  // TCP rules without a port range (or -1) cover every port.
  const from = rule.FromPort === undefined || rule.FromPort === -1 ? 0 : rule.FromPort;
  const to = rule.ToPort === undefined || rule.ToPort === -1 ? 65535 : rule.ToPort;
  return flow.port >= from && flow.port <= to;
}

export function cidrContains(cidr: string, ip: string): boolean {
  if (!ipaddr.isValidCIDR(cidr) || !ipaddr.isValid(ip)) return false;
  const [range, bits] = ipaddr.parseCIDR(cidr);
  const address = ipaddr.parse(ip);
  return address.kind() === range.kind() && address.match(range, bits);
}
