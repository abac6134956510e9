/** endpointConfiguration on create and under patches: defaults, PRIVATE/REGIONAL/EDGE transitions, AWS's messages. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EndpointConfiguration } from '../../domain/apigateway.js';
import { checkEndpointConfiguration, endpointConfigurationForCreate, patchEndpointConfiguration } from './endpoint-configuration.js';
import { getRestApi, updateRestApi } from './rest-apis.js';
import { call, createApi, expectError, ops, testContext } from './test-context.js';

const DUALSTACK_ONLY = 'Only dualstack ipAddressType is supported for Private APIs.';
const VPCE_ONLY_PRIVATE = 'VPCEndpoints can only be specified with PRIVATE apis.';
const ADD_REMOVE_REPLACE = "Invalid patch operation specified. Must be 'add'|'remove'|'replace'";

/** Applies `triples` in order to a copy of `config`, as UpdateRestApi does, and returns the result. */
function patched(config: EndpointConfiguration, ...triples: Array<[string, string, string?]>): EndpointConfiguration {
  const copy = structuredClone(config);
  for (const op of ops(...triples)) assert.equal(patchEndpointConfiguration(copy, op), true, op.path);
  checkEndpointConfiguration(copy);
  return copy;
}

const EDGE: EndpointConfiguration = { types: ['EDGE'], ipAddressType: 'ipv4' };
const REGIONAL: EndpointConfiguration = { types: ['REGIONAL'], ipAddressType: 'ipv4' };
const PRIVATE: EndpointConfiguration = { types: ['PRIVATE'], ipAddressType: 'dualstack' };

describe('endpointConfigurationForCreate', () => {
  it('defaults to EDGE and ipv4; PRIVATE defaults to dualstack', () => {
    assert.deepEqual(endpointConfigurationForCreate(undefined), EDGE);
    assert.deepEqual(endpointConfigurationForCreate({}), EDGE);
    assert.deepEqual(endpointConfigurationForCreate({ types: ['REGIONAL'] }), REGIONAL);
    assert.deepEqual(endpointConfigurationForCreate({ types: ['PRIVATE'] }), PRIVATE);
    assert.deepEqual(endpointConfigurationForCreate({ types: ['EDGE'], ipAddressType: 'dualstack' }), { types: ['EDGE'], ipAddressType: 'dualstack' });
  });

  it('keeps VPC endpoint ids of a PRIVATE API, once each; an empty list is no list', () => {
    assert.deepEqual(endpointConfigurationForCreate({ types: ['PRIVATE'], vpcEndpointIds: ['vpce-1', 'vpce-2', 'vpce-1'] }), { ...PRIVATE, vpcEndpointIds: ['vpce-1', 'vpce-2'] });
    assert.deepEqual(endpointConfigurationForCreate({ types: ['REGIONAL'], vpcEndpointIds: [] }), REGIONAL);
  });

  it("refuses what AWS refuses, with AWS's messages", () => {
    expectError(() => endpointConfigurationForCreate({ types: [] }), 'BadRequestException', 'REGIONAL Configuration and EDGE Configuration cannot be both DISABLED.');
    expectError(() => endpointConfigurationForCreate({ types: ['EDGE', 'REGIONAL'] }), 'BadRequestException', 'Cannot create an api with multiple Endpoint Types.');
    expectError(() => endpointConfigurationForCreate({ types: ['PRIVATE'], ipAddressType: 'ipv4' }), 'BadRequestException', DUALSTACK_ONLY);
    expectError(() => endpointConfigurationForCreate({ types: ['REGIONAL'], vpcEndpointIds: ['vpce-1'] }), 'BadRequestException', VPCE_ONLY_PRIVATE);
  });
});

describe('patchEndpointConfiguration: type transitions', () => {
  const toType = (type: string): [string, string, string] => ['replace', '/endpointConfiguration/types/0', type];

  it('EDGE ↔ REGIONAL keep the ip address type', () => {
    assert.deepEqual(patched(EDGE, toType('REGIONAL')), REGIONAL);
    assert.deepEqual(patched({ types: ['REGIONAL'], ipAddressType: 'dualstack' }, toType('EDGE')), { types: ['EDGE'], ipAddressType: 'dualstack' });
  });

  it('to PRIVATE makes the API dualstack; leaving PRIVATE makes it ipv4', () => {
    assert.deepEqual(patched(EDGE, toType('PRIVATE')), PRIVATE);
    assert.deepEqual(patched(REGIONAL, toType('PRIVATE')), PRIVATE);
    assert.deepEqual(patched(PRIVATE, toType('REGIONAL')), REGIONAL);
  });

  it('the same type again changes nothing', () => {
    const dualRegional: EndpointConfiguration = { types: ['REGIONAL'], ipAddressType: 'dualstack' };
    assert.deepEqual(patched(dualRegional, toType('REGIONAL')), dualRegional);
    assert.deepEqual(patched(PRIVATE, toType('PRIVATE')), PRIVATE);
  });

  it('several operations apply in order (EDGE → REGIONAL → PRIVATE)', () => {
    assert.deepEqual(patched(EDGE, toType('REGIONAL'), toType('PRIVATE')), PRIVATE);
  });

  it('PRIVATE → EDGE is refused, as are unknown types and operations other than replace', () => {
    expectError(() => patched(PRIVATE, toType('EDGE')), 'BadRequestException', 'Cannot update endpoint from PRIVATE to EDGE');
    expectError(() => patched(EDGE, toType('wrong')), 'BadRequestException', 'Invalid EndpointTypes specified. Valid options are REGIONAL,EDGE,PRIVATE');
    expectError(() => patched(EDGE, ['remove', '/endpointConfiguration/types/0', 'EDGE']), 'BadRequestException', ADD_REMOVE_REPLACE);
    expectError(() => patched(EDGE, ['add', '/endpointConfiguration/types/0', 'REGIONAL']), 'BadRequestException', ADD_REMOVE_REPLACE);
  });

  it('a PRIVATE API with VPC endpoint ids cannot leave PRIVATE while it has them', () => {
    const withIds: EndpointConfiguration = { ...PRIVATE, vpcEndpointIds: ['vpce-1'] };
    expectError(() => patched(withIds, toType('REGIONAL')), 'BadRequestException', VPCE_ONLY_PRIVATE);
    assert.deepEqual(patched(withIds, ['remove', '/endpointConfiguration/vpcEndpointIds', 'vpce-1'], toType('REGIONAL')), REGIONAL);
  });
});

describe('patchEndpointConfiguration: ipAddressType and vpcEndpointIds', () => {
  it('ipAddressType: replace only, ipv4 or dualstack, and PRIVATE stays dualstack', () => {
    assert.deepEqual(patched(REGIONAL, ['replace', '/endpointConfiguration/ipAddressType', 'dualstack']), { types: ['REGIONAL'], ipAddressType: 'dualstack' });
    assert.deepEqual(patched(PRIVATE, ['replace', '/endpointConfiguration/ipAddressType', 'dualstack']), PRIVATE);
    expectError(() => patched(PRIVATE, ['replace', '/endpointConfiguration/ipAddressType', 'ipv4']), 'BadRequestException', DUALSTACK_ONLY);
    expectError(() => patched(REGIONAL, ['replace', '/endpointConfiguration/ipAddressType', 'wrong']), 'BadRequestException', 'ipAddressType must be either ipv4 or dualstack.');
    expectError(() => patched(REGIONAL, ['remove', '/endpointConfiguration/ipAddressType', 'ipv4']), 'BadRequestException', 'Invalid patch operation specified. Must be one of: [replace]');
  });

  it('vpcEndpointIds: add, remove and replace take comma-separated ids; duplicates are dropped; none left is no list', () => {
    const path = '/endpointConfiguration/vpcEndpointIds';
    const added = patched(PRIVATE, ['add', path, 'vpce-1, vpce-2'], ['add', path, 'vpce-2,vpce-3']);
    assert.deepEqual(added.vpcEndpointIds, ['vpce-1', 'vpce-2', 'vpce-3']);
    assert.deepEqual(patched(added, ['remove', path, 'vpce-2']).vpcEndpointIds, ['vpce-1', 'vpce-3']);
    assert.deepEqual(patched(added, ['replace', path, 'vpce-9,vpce-9']).vpcEndpointIds, ['vpce-9']);
    assert.deepEqual(patched(added, ['remove', path, 'vpce-1,vpce-2,vpce-3']), PRIVATE);
    expectError(() => patched(added, ['move', path, 'vpce-1']), 'BadRequestException', ADD_REMOVE_REPLACE);
    expectError(() => patched(REGIONAL, ['add', path, 'vpce-1']), 'BadRequestException', VPCE_ONLY_PRIVATE);
  });

  it('leaves other paths to the caller', () => {
    const config = structuredClone(EDGE);
    assert.equal(patchEndpointConfiguration(config, { op: 'replace', path: '/name', value: 'x' }), false);
    assert.equal(patchEndpointConfiguration(config, { op: 'replace', path: '/endpointConfiguration', value: 'x' }), false);
    assert.deepEqual(config, EDGE);
  });
});

describe('through UpdateRestApi', () => {
  it('a rejected transition stores none of the request’s operations', () => {
    const ctx = testContext();
    const { id } = createApi(ctx, { description: 'before' });
    expectError(
      () => call(ctx, updateRestApi, { restApiId: id, patchOperations: ops(['replace', '/description', 'after'], ['replace', '/endpointConfiguration/types/0', 'PRIVATE'], ['replace', '/endpointConfiguration/ipAddressType', 'ipv4']) }),
      'BadRequestException', DUALSTACK_ONLY,
    );
    const api = call(ctx, getRestApi, { restApiId: id });
    assert.deepEqual([api['description'], api['endpointConfiguration']], ['before', REGIONAL]);
  });
});
