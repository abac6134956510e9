/**
 * Where a connection from an instance goes: private DNS, the endpoint's own names, the alias, service names,
 * loopback, the internet, and the security groups on both ends.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { routeConnection, type ConnectionRoute } from './connection-route.js';
import { NetworkView, type NetworkRecords } from './network-view.js';
import { allTraffic, group, httpsFrom, INSTANCE_A, INSTANCE_B, instance, records, VPCE_DNS, VPCE_ID } from './test-support/records.js';

function route(recs: NetworkRecords, instanceId: string, host: string, port = 443): ConnectionRoute {
  const view = new NetworkView(recs);
  return routeConnection(view, view.instance(instanceId)!, host, port);
}

const ORIGIN_A = { account: '000000000000', region: 'us-east-1', vpcId: 'vpc-a', vpceId: VPCE_ID, sourceIp: '10.0.1.20', instanceId: INSTANCE_A };

test('with private DNS on, an API name and the bare execute-api name reach the VPC\'s endpoint, attributed to the instance', () => {
  assert.deepEqual(route(records(), INSTANCE_A, 'abcdef1234.execute-api.us-east-1.amazonaws.com'), { action: 'endpoint', origin: ORIGIN_A });
  assert.deepEqual(route(records(), INSTANCE_A, 'execute-api.us-east-1.amazonaws.com'), { action: 'endpoint', origin: ORIGIN_A });
});

test('without private DNS on the endpoint, or without either VPC DNS attribute, the API name is a public name and goes nowhere', () => {
  const noPrivateDns = records((d) => (d.endpoints[0]!.PrivateDnsEnabled = false));
  const noHostnames = records((d) => (d.vpcs[0]!.EnableDnsHostnames = false));
  for (const recs of [noPrivateDns, noHostnames]) {
    const r = route(recs, INSTANCE_A, 'abcdef1234.execute-api.us-east-1.amazonaws.com');
    assert.equal(r.action, 'refuse');
    assert.match((r as { reason: string }).reason, /is a public name from vpc-a: no execute-api interface endpoint with private DNS/);
  }
  const noDns = route(records((d) => (d.vpcs[0]!.EnableDnsSupport = false)), INSTANCE_A, 'abcdef1234.execute-api.us-east-1.amazonaws.com');
  assert.deepEqual(noDns, { action: 'refuse', reason: 'abcdef1234.execute-api.us-east-1.amazonaws.com does not resolve in vpc-a: its enableDnsSupport attribute is false, so the Amazon-provided DNS server is off' });
});

test('the endpoint\'s own DNS names and the alias work without private DNS, from its VPC only', () => {
  const recs = records((d) => (d.endpoints[0]!.PrivateDnsEnabled = false));
  assert.deepEqual(route(recs, INSTANCE_A, VPCE_DNS), { action: 'endpoint', origin: ORIGIN_A });
  assert.deepEqual(route(recs, INSTANCE_A, `abcdef1234-${VPCE_ID}.execute-api.us-east-1.amazonaws.com`), { action: 'endpoint', origin: ORIGIN_A });
  const fromB = route(recs, INSTANCE_B, VPCE_DNS);
  assert.deepEqual(fromB, { action: 'refuse', reason: `${VPCE_DNS} resolves to ${VPCE_ID} in vpc-a, whose private IPs are not reachable from vpc-b` });
  assert.equal(route(recs, INSTANCE_A, 'vpce-0ffffffffffffffff-abcd1234.execute-api.us-east-1.vpce.amazonaws.com').action, 'refuse');
  assert.equal(route(recs, INSTANCE_A, `abcdef1234-vpce-0ffffffffffffffff.execute-api.us-east-1.amazonaws.com`).action, 'refuse');
});

test('a zonal name reaches its zone\'s interface; the security groups see that interface\'s IP', () => {
  // Egress allowed only to the us-east-1b interface.
  const recs = records((d) => (d.groups[1] = group('sg-instance', 'vpc-a', [], [httpsFrom('10.0.2.10/32')])));
  assert.equal(route(recs, INSTANCE_A, `${VPCE_ID}-abcd1234-us-east-1b.execute-api.us-east-1.vpce.amazonaws.com`).action, 'endpoint');
  assert.equal(route(recs, INSTANCE_A, `${VPCE_ID}-abcd1234-us-east-1a.execute-api.us-east-1.vpce.amazonaws.com`).action, 'drop');
  // The regional name prefers the instance's own AZ (us-east-1a), so it is dropped too.
  assert.equal(route(recs, INSTANCE_A, VPCE_DNS).action, 'drop');
});

test('an endpoint interface\'s private IP is reachable from its VPC; other addresses are not', () => {
  assert.deepEqual(route(records(), INSTANCE_A, '10.0.2.10'), { action: 'endpoint', origin: ORIGIN_A });
  assert.equal(route(records(), INSTANCE_B, '10.0.2.10').action, 'refuse');
  assert.equal(route(records(), INSTANCE_A, '203.0.113.7').action, 'refuse');
});

test('from a second VPC without an endpoint, the private name does not reach the endpoint', () => {
  const r = route(records(), INSTANCE_B, 'abcdef1234.execute-api.us-east-1.amazonaws.com');
  assert.equal(r.action, 'refuse');
  assert.match((r as { reason: string }).reason, /public name from vpc-b/);
});

test('a name in another region is a public name even with private DNS on', () => {
  assert.equal(route(records(), INSTANCE_A, 'abcdef1234.execute-api.eu-west-1.amazonaws.com').action, 'refuse');
});

test('security groups: the endpoint must admit the instance (CIDR or group), the instance must be let out', () => {
  assert.deepEqual(route(records((d) => (d.groups[0] = group('sg-endpoint', 'vpc-a', []))), INSTANCE_A, 'abcdef1234.execute-api.us-east-1.amazonaws.com'), {
    action: 'drop',
    reason: `no ingress rule of ${VPCE_ID}'s security groups (sg-endpoint) admits TCP 443 from ${INSTANCE_A} (10.0.1.20)`,
  });
  const byGroup = records((d) => (d.groups[0] = group('sg-endpoint', 'vpc-a', [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, UserIdGroupPairs: [{ GroupId: 'sg-instance' }] }])));
  assert.equal(route(byGroup, INSTANCE_A, 'abcdef1234.execute-api.us-east-1.amazonaws.com').action, 'endpoint');
  assert.deepEqual(route(records((d) => (d.groups[1] = group('sg-instance', 'vpc-a', [], []))), INSTANCE_A, 'abcdef1234.execute-api.us-east-1.amazonaws.com'), {
    action: 'drop',
    reason: `no egress rule of ${INSTANCE_A}'s security groups (sg-instance) allows TCP 443 to ${VPCE_ID} (10.0.1.10:443)`,
  });
  // Egress by reference to the endpoint's group.
  const egressByGroup = records((d) => (d.groups[1] = group('sg-instance', 'vpc-a', [], [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, UserIdGroupPairs: [{ GroupId: 'sg-endpoint' }] }])));
  assert.equal(route(egressByGroup, INSTANCE_A, 'abcdef1234.execute-api.us-east-1.amazonaws.com').action, 'endpoint');
});

test('an endpoint listens on 443 only: another port the groups allow is refused, one they do not is dropped', () => {
  const open = records((d) => (d.groups[0] = group('sg-endpoint', 'vpc-a', [allTraffic])));
  assert.deepEqual(route(open, INSTANCE_A, 'abcdef1234.execute-api.us-east-1.amazonaws.com', 80), { action: 'refuse', reason: `connection refused: ${VPCE_ID} (10.0.1.10:80) listens on port 443 only` });
  assert.equal(route(records(), INSTANCE_A, 'abcdef1234.execute-api.us-east-1.amazonaws.com', 80).action, 'drop');
});

test('AWS service names go to Gatehouse\'s own endpoint; loopback stays loopback; the internet is refused', () => {
  assert.deepEqual(route(records(), INSTANCE_A, 'lambda.us-east-1.amazonaws.com'), { action: 'aws-service', tls: true, region: 'us-east-1' });
  assert.deepEqual(route(records(), INSTANCE_A, 'sts.amazonaws.com', 80), { action: 'aws-service', tls: false, region: undefined });
  assert.equal(route(records(), INSTANCE_A, 'lambda.us-east-1.amazonaws.com', 22).action, 'refuse');
  assert.deepEqual(route(records(), INSTANCE_B, 'localhost', 4566), { action: 'loopback', address: '127.0.0.1', port: 4566 });
  assert.deepEqual(route(records(), INSTANCE_B, '::1', 8080), { action: 'loopback', address: '::1', port: 8080 });
  const internet = route(records(), INSTANCE_A, 'example.com');
  assert.deepEqual(internet, { action: 'refuse', reason: 'example.com is not a name Gatehouse resolves from vpc-a (execute-api and VPC endpoint names, AWS service names and loopback are), and it never connects to the internet' });
});

test('endpoints of other services, gateway endpoints and deleted endpoints get no private DNS', () => {
  for (const change of [{ ServiceName: 'com.amazonaws.us-east-1.s3' }, { VpcEndpointType: 'Gateway' as const }, { State: 'deleted' }]) {
    assert.equal(route(records((d) => Object.assign(d.endpoints[0]!, change)), INSTANCE_A, 'abcdef1234.execute-api.us-east-1.amazonaws.com').action, 'refuse');
  }
});

test('an instance whose groups are gone has no egress', () => {
  const recs = records((d) => d.instances.push(instance('i-0ccccccccccccccc1', 'vpc-a', '10.0.1.30', ['sg-deleted'])));
  assert.equal(route(recs, 'i-0ccccccccccccccc1', 'abcdef1234.execute-api.us-east-1.amazonaws.com').action, 'drop');
});
