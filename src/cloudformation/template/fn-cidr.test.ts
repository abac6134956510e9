import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cidrBlocks } from './fn-cidr.js';
import { assertRejects, fakeResourceValues, prepare } from './test-support/environment.js';

describe('Fn::Cidr', () => {
  it('carves consecutive IPv4 blocks from the start of the block', () => {
    assert.deepEqual(cidrBlocks('10.0.0.0/16', 4, 8), ['10.0.0.0/24', '10.0.1.0/24', '10.0.2.0/24', '10.0.3.0/24']);
    assert.deepEqual(cidrBlocks('192.168.0.0/24', 6, 5), [
      '192.168.0.0/27', '192.168.0.32/27', '192.168.0.64/27', '192.168.0.96/27', '192.168.0.128/27', '192.168.0.160/27',
    ]);
  });

  it('starts from the network address when the block has host bits set', () => {
    assert.deepEqual(cidrBlocks('10.0.7.9/16', 2, 12), ['10.0.0.0/20', '10.0.16.0/20']);
  });

  it('fills a block exactly', () => {
    assert.deepEqual(cidrBlocks('10.0.0.0/30', 2, 1), ['10.0.0.0/31', '10.0.0.2/31']);
    assert.deepEqual(cidrBlocks('10.0.0.0/24', 1, 8), ['10.0.0.0/24']);
  });

  it('carves IPv6 blocks', () => {
    assert.deepEqual(cidrBlocks('2001:db8:1234:1a00::/56', 3, 64), ['2001:db8:1234:1a00::/64', '2001:db8:1234:1a01::/64', '2001:db8:1234:1a02::/64']);
  });

  it('answers with AWS texts for sizes that do not fit', () => {
    assertRejects(() => cidrBlocks('10.0.0.0/16', 8, 23), 'Template error: invalid CIDR block size 23');
    assertRejects(() => cidrBlocks('10.0.0.0/24', 3, 7), 'Template error: invalid number of subnets 3 in Fn::Cidr');
    assertRejects(() => cidrBlocks('10.0.0.0/16', 300, 4), 'Template error: invalid number of subnets 300 in Fn::Cidr');
    assertRejects(() => cidrBlocks('10.0.0/16', 1, 8), 'Template error: invalid CIDR block 10.0.0/16');
  });

  it('evaluates its arguments (a VPC CidrBlock from GetAtt)', () => {
    const stack = prepare('Resources:\n  Vpc: {Type: AWS::EC2::VPC}\n');
    const values = fakeResourceValues({ Vpc: { CidrBlock: '10.1.0.0/16' } });
    assert.equal(stack.evaluate({ 'Fn::Select': [1, { 'Fn::Cidr': [{ 'Fn::GetAtt': ['Vpc', 'CidrBlock'] }, '2', '8'] }] }, values), '10.1.1.0/24');
  });
});
