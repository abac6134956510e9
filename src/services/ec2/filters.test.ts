import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ServiceError } from '../../shared/errors.js';
import { applyFilters, tagFields, wildcard, type FilterFields } from './filters.js';

interface Doc {
  Id: string;
  Cidr: string;
  IsDefault: boolean;
  Groups: string[];
  Tags?: Array<{ Key: string; Value: string }>;
}

const docs: Doc[] = [
  { Id: 'vpc-1', Cidr: '10.0.0.0/16', IsDefault: false, Groups: ['sg-a', 'sg-b'], Tags: [{ Key: 'Name', Value: 'prod-east' }, { Key: 'team', Value: 'web' }] },
  { Id: 'vpc-2', Cidr: '172.31.0.0/16', IsDefault: true, Groups: ['sg-c'] },
  { Id: 'vpc-3', Cidr: '10.1.0.0/16', IsDefault: false, Groups: [], Tags: [{ Key: 'Name', Value: 'prod-west' }] },
];

const fields: FilterFields<Doc> = {
  'vpc-id': (d) => d.Id,
  'cidr-block': (d) => d.Cidr,
  'is-default': (d) => d.IsDefault,
  'group-id': (d) => d.Groups,
  ...tagFields<Doc>(),
};

const ids = (filters: Array<{ Name?: string; Values?: string[] }>) => applyFilters(docs, filters, fields).map((d) => d.Id);

test('wildcards: * any run, ? one character, backslash escapes', () => {
  assert.ok(wildcard('prod-*').test('prod-east'));
  assert.ok(wildcard('prod-*').test('prod-'));
  assert.ok(!wildcard('prod-*').test('preprod-east'));
  assert.ok(wildcard('vpc-?').test('vpc-1'));
  assert.ok(!wildcard('vpc-?').test('vpc-12'));
  assert.ok(wildcard('a\\*b').test('a*b'));
  assert.ok(!wildcard('a\\*b').test('axb'));
  assert.ok(wildcard('10.0.0.0/16').test('10.0.0.0/16'));
  assert.ok(!wildcard('10.0.0.0/16').test('10x0.0.0/16'), 'dots are literal');
  assert.ok(!wildcard('Prod').test('prod'), 'case-sensitive');
});

test('no filters: everything; values OR within a filter, filters AND together', () => {
  assert.deepEqual(ids([]), ['vpc-1', 'vpc-2', 'vpc-3']);
  assert.deepEqual(ids([{ Name: 'vpc-id', Values: ['vpc-1', 'vpc-3'] }]), ['vpc-1', 'vpc-3']);
  assert.deepEqual(ids([{ Name: 'vpc-id', Values: ['vpc-1', 'vpc-3'] }, { Name: 'cidr-block', Values: ['10.1.*'] }]), ['vpc-3']);
});

test('booleans match as text; list fields match any member', () => {
  assert.deepEqual(ids([{ Name: 'is-default', Values: ['true'] }]), ['vpc-2']);
  assert.deepEqual(ids([{ Name: 'group-id', Values: ['sg-b'] }]), ['vpc-1']);
});

test('tag:KEY, tag-key, tag-value', () => {
  assert.deepEqual(ids([{ Name: 'tag:Name', Values: ['prod-*'] }]), ['vpc-1', 'vpc-3']);
  assert.deepEqual(ids([{ Name: 'tag:team', Values: ['web'] }]), ['vpc-1']);
  assert.deepEqual(ids([{ Name: 'tag-key', Values: ['team'] }]), ['vpc-1']);
  assert.deepEqual(ids([{ Name: 'tag-value', Values: ['prod-west'] }]), ['vpc-3']);
});

test('a filter without values matches nothing', () => {
  assert.deepEqual(ids([{ Name: 'vpc-id' }]), []);
});

test('an unknown filter is InvalidParameterValue "The filter \'x\' is invalid"', () => {
  for (const name of ['vpc', 'tag:', 'owner']) {
    assert.throws(
      () => ids([{ Name: name, Values: ['x'] }]),
      (e: unknown) => e instanceof ServiceError && e.code === 'InvalidParameterValue' && e.message === `The filter '${name}' is invalid` && e.status === 400,
    );
  }
  assert.throws(() => applyFilters([], [{ Name: 'nope', Values: ['x'] }], fields), /The filter 'nope' is invalid/);
});
