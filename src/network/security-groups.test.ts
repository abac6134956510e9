import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { IpPermission } from '../domain/ec2.js';
import { cidrContains, egressAllows, ingressAllows, ruleAdmits } from './security-groups.js';
import { allTraffic, group, httpsFrom } from './test-support/records.js';

const https = { protocol: 'tcp' as const, port: 443 };
const peer = { ip: '10.0.1.20', groupIds: ['sg-client'] };

test('a CIDR rule admits addresses inside it, on its ports and protocol only', () => {
  assert.equal(ruleAdmits(httpsFrom('10.0.0.0/16'), peer, https), true);
  assert.equal(ruleAdmits(httpsFrom('10.0.1.20/32'), peer, https), true);
  assert.equal(ruleAdmits(httpsFrom('10.1.0.0/16'), peer, https), false);
  assert.equal(ruleAdmits(httpsFrom('10.0.0.0/16'), peer, { protocol: 'tcp', port: 80 }), false);
  assert.equal(ruleAdmits({ IpProtocol: 'udp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }, peer, https), false);
  assert.equal(ruleAdmits({ IpProtocol: '6', FromPort: 0, ToPort: 65535, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }, peer, https), true);
  assert.equal(ruleAdmits({ IpProtocol: 'tcp', FromPort: 400, ToPort: 500, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }, peer, https), true);
});

test('"-1" is all traffic: every protocol and port', () => {
  assert.equal(ruleAdmits(allTraffic, peer, https), true);
  assert.equal(ruleAdmits(allTraffic, peer, { protocol: 'tcp', port: 8443 }), true);
});

test('a group reference admits members of that group, whatever their address', () => {
  const byGroup: IpPermission = { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, UserIdGroupPairs: [{ GroupId: 'sg-client', UserId: '000000000000' }] };
  assert.equal(ruleAdmits(byGroup, peer, https), true);
  assert.equal(ruleAdmits(byGroup, { ip: '10.0.1.20', groupIds: ['sg-other'] }, https), false);
});

test('prefix lists and IPv6 ranges do not admit an IPv4 peer', () => {
  assert.equal(ruleAdmits({ IpProtocol: '-1', PrefixListIds: [{ PrefixListId: 'pl-0123' }] }, peer, https), false);
  assert.equal(ruleAdmits({ IpProtocol: '-1', Ipv6Ranges: [{ CidrIpv6: '::/0' }] }, peer, https), false);
});

test('groups only allow: any rule of any group admits; no rules, no traffic', () => {
  const closed = group('sg-closed', 'vpc-a', [], []);
  const open = group('sg-open', 'vpc-a', [httpsFrom('10.0.0.0/16')], [httpsFrom('10.0.0.0/8')]);
  assert.equal(ingressAllows([closed], peer, https), false);
  assert.equal(ingressAllows([closed, open], peer, https), true);
  assert.equal(egressAllows([closed], peer, https), false);
  assert.equal(egressAllows([closed, open], peer, https), true);
  assert.equal(egressAllows([], peer, https), false);
});

test('CIDR containment is exact at the edges and refuses what does not parse', () => {
  assert.equal(cidrContains('10.0.1.0/24', '10.0.1.255'), true);
  assert.equal(cidrContains('10.0.1.0/24', '10.0.2.0'), false);
  assert.equal(cidrContains('0.0.0.0/0', '203.0.113.9'), true);
  assert.equal(cidrContains('not-a-cidr', '10.0.0.1'), false);
  assert.equal(cidrContains('10.0.0.0/8', 'nonsense'), false);
});
