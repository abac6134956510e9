import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addressCount, containsAddress, containsCidr, formatAddress, formatCidr, lastAddress, nthSubnet, overlaps, parseAddress, parseCidr } from './cidr.js';

const cidr = (text: string) => {
  const c = parseCidr(text);
  assert.ok(c, text);
  return c;
};

test('addresses round-trip through numbers, high bit included', () => {
  for (const a of ['0.0.0.0', '10.0.1.5', '172.31.255.255', '255.255.255.255', '192.168.0.1']) assert.equal(formatAddress(parseAddress(a)!), a);
  assert.equal(parseAddress('255.255.255.255'), 4294967295);
});

test('malformed addresses are refused', () => {
  for (const a of ['10.0.0', '10.0.0.256', '10.0.0.01', '1.2.3.4.5', 'a.b.c.d', '', '10..0.1', ' 10.0.0.1']) assert.equal(parseAddress(a), undefined, a);
});

test('CIDRs parse; host bits set, bad prefixes and garbage do not', () => {
  assert.deepEqual(cidr('10.0.0.0/16'), { base: parseAddress('10.0.0.0'), prefix: 16 });
  assert.equal(formatCidr(cidr('0.0.0.0/0')), '0.0.0.0/0');
  assert.equal(formatCidr(cidr('10.0.1.7/32')), '10.0.1.7/32');
  for (const bad of ['10.0.0.1/16', '10.0.0.0/33', '10.0.0.0', '10.0.0.0/', 'abc', '10.0.0.0/16/1', '10.0.0.0/-1']) assert.equal(parseCidr(bad), undefined, bad);
});

test('containment, overlap, size and last address', () => {
  const vpc = cidr('10.0.0.0/16');
  assert.ok(containsCidr(vpc, cidr('10.0.1.0/24')));
  assert.ok(containsCidr(vpc, vpc));
  assert.ok(!containsCidr(vpc, cidr('10.1.0.0/24')));
  assert.ok(!containsCidr(cidr('10.0.1.0/24'), vpc));
  assert.ok(overlaps(cidr('10.0.0.0/23'), cidr('10.0.1.0/24')));
  assert.ok(!overlaps(cidr('10.0.0.0/24'), cidr('10.0.1.0/24')));
  assert.equal(addressCount(cidr('10.0.0.0/28')), 16);
  assert.equal(formatAddress(lastAddress(cidr('10.0.1.0/24'))), '10.0.1.255');
  assert.ok(containsAddress(cidr('10.0.1.0/24'), parseAddress('10.0.1.255')!));
  assert.ok(!containsAddress(cidr('10.0.1.0/24'), parseAddress('10.0.2.0')!));
});

test('nthSubnet carves the default VPC into /20s', () => {
  const vpc = cidr('172.31.0.0/16');
  assert.deepEqual([0, 1, 2, 5].map((i) => formatCidr(nthSubnet(vpc, 20, i))), ['172.31.0.0/20', '172.31.16.0/20', '172.31.32.0/20', '172.31.80.0/20']);
});
