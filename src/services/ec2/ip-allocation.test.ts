import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ServiceError } from '../../shared/errors.js';
import { formatAddress, parseAddress, parseCidr } from './cidr.js';
import { addressProblem, lowestFree, usableCount } from './ip-allocation.js';

const cidr = (text: string) => parseCidr(text)!;
const set = (...ips: string[]) => new Set(ips.map((ip) => parseAddress(ip)!));

test('AWS reserves five addresses per subnet: /24 offers 251, /20 4091, /28 11', () => {
  assert.equal(usableCount(cidr('10.0.1.0/24')), 251);
  assert.equal(usableCount(cidr('172.31.0.0/20')), 4091);
  assert.equal(usableCount(cidr('10.0.0.0/28')), 11);
});

test('the lowest free address skips the first four and the used ones', () => {
  assert.equal(formatAddress(lowestFree(cidr('10.0.1.0/24'), set())!), '10.0.1.4');
  assert.equal(formatAddress(lowestFree(cidr('10.0.1.0/24'), set('10.0.1.4', '10.0.1.5'))!), '10.0.1.6');
});

test('a full subnet has no free address; the broadcast address is never handed out', () => {
  const c = cidr('10.0.0.0/28');
  const used = new Set<number>();
  for (let i = 4; i <= 14; i++) used.add(c.base + i);
  assert.equal(lowestFree(c, used), undefined);
});

test('requested addresses: outside, reserved, in use, not an address', () => {
  const c = cidr('10.0.1.0/24');
  const problem = (ip: string, used = set()) => {
    const e = addressProblem(c, ip, used);
    return e instanceof ServiceError ? `${e.code}: ${e.message}` : e;
  };
  assert.equal(problem('10.0.1.10'), undefined);
  assert.equal(problem('10.0.2.10'), "InvalidParameterValue: Address 10.0.2.10 does not fall within the subnet's address range");
  assert.equal(problem('10.0.1.3'), "InvalidParameterValue: Address 10.0.1.3 is in subnet's reserved address range");
  assert.equal(problem('10.0.1.255'), "InvalidParameterValue: Address 10.0.1.255 is in subnet's reserved address range");
  assert.equal(problem('10.0.1.10', set('10.0.1.10')), 'InvalidIPAddress.InUse: Address 10.0.1.10 is in use.');
  assert.equal(problem('banana'), 'InvalidParameterValue: Value (banana) for parameter privateIpAddress is invalid. This is not a valid IPv4 address.');
});
