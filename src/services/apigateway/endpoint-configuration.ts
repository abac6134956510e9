/**
 * The rules of `endpointConfiguration`, on create and under patch operations: one endpoint type, PRIVATE
 * only dualstack, VPC endpoint ids only on PRIVATE, and the allowed type conversions.
 */
import { ENDPOINT_TYPES, IP_ADDRESS_TYPES, type EndpointConfiguration, type EndpointType, type IpAddressType } from '../../domain/apigateway.js';
import { badRequest } from './errors.js';
import type { PatchOperation } from './validation.js';

const DUALSTACK_ONLY = 'Only dualstack ipAddressType is supported for Private APIs.';
const VPCE_ONLY_PRIVATE = 'VPCEndpoints can only be specified with PRIVATE apis.';

export interface EndpointConfigurationInput {
  types?: string[];
  ipAddressType?: string;
  vpcEndpointIds?: string[];
}

/** CreateRestApi: defaults (EDGE, ipv4; dualstack for PRIVATE) and AWS's checks, in AWS's order. */
export function endpointConfigurationForCreate(input: EndpointConfigurationInput | undefined): EndpointConfiguration {
  const types = (input?.types ?? ['EDGE']) as EndpointType[];
  if (types.length === 0) throw badRequest('REGIONAL Configuration and EDGE Configuration cannot be both DISABLED.');
  if (types.length > 1) throw badRequest('Cannot create an api with multiple Endpoint Types.');
  const type = types[0]!;
  const ipAddressType = (input?.ipAddressType ?? (type === 'PRIVATE' ? 'dualstack' : 'ipv4')) as IpAddressType;
  if (type === 'PRIVATE' && ipAddressType !== 'dualstack') throw badRequest(DUALSTACK_ONLY);
  const config: EndpointConfiguration = { types: [type], ipAddressType };
  if (input?.vpcEndpointIds !== undefined && input.vpcEndpointIds.length > 0) {
    if (type !== 'PRIVATE') throw badRequest(VPCE_ONLY_PRIVATE);
    config.vpcEndpointIds = dedupe(input.vpcEndpointIds);
  }
  return config;
}

/**
 * Applies one patch operation under `/endpointConfiguration/...` to `config` (mutated). Returns false if the
 * path is not an endpoint configuration path.
 */
export function patchEndpointConfiguration(config: EndpointConfiguration, op: PatchOperation): boolean {
  const path = op.path ?? '';
  if (path.startsWith('/endpointConfiguration/types/')) {
    if (op.op !== 'replace') throw badRequest("Invalid patch operation specified. Must be 'add'|'remove'|'replace'");
    const next = op.value as EndpointType;
    if (!ENDPOINT_TYPES.includes(next)) throw badRequest('Invalid EndpointTypes specified. Valid options are REGIONAL,EDGE,PRIVATE');
    changeType(config, next);
    return true;
  }
  if (path === '/endpointConfiguration/ipAddressType') {
    if (op.op !== 'replace') throw badRequest('Invalid patch operation specified. Must be one of: [replace]');
    const value = op.value as IpAddressType;
    if (!IP_ADDRESS_TYPES.includes(value)) throw badRequest('ipAddressType must be either ipv4 or dualstack.');
    if (config.types[0] === 'PRIVATE' && value !== 'dualstack') throw badRequest(DUALSTACK_ONLY);
    config.ipAddressType = value;
    return true;
  }
  if (path === '/endpointConfiguration/vpcEndpointIds') {
    patchVpcEndpointIds(config, op);
    return true;
  }
  return false;
}

function changeType(config: EndpointConfiguration, next: EndpointType): void {
  const current = config.types[0];
  if (current === next) return;
  if (current === 'PRIVATE' && next === 'EDGE') throw badRequest('Cannot update endpoint from PRIVATE to EDGE');
  config.types = [next];
  // Converting to PRIVATE makes the API dualstack; leaving PRIVATE makes it ipv4 again (AWS docs, recorded).
  if (next === 'PRIVATE') config.ipAddressType = 'dualstack';
  else if (current === 'PRIVATE') config.ipAddressType = 'ipv4';
}

function patchVpcEndpointIds(config: EndpointConfiguration, op: PatchOperation): void {
  const ids = config.vpcEndpointIds ?? [];
  const values = (op.value ?? '').split(',').map((v) => v.trim()).filter((v) => v !== '');
  switch (op.op) {
    case 'add':
      config.vpcEndpointIds = dedupe([...ids, ...values]);
      break;
    case 'remove':
      config.vpcEndpointIds = ids.filter((id) => !values.includes(id));
      break;
    case 'replace':
      config.vpcEndpointIds = dedupe(values);
      break;
    default:
      throw badRequest("Invalid patch operation specified. Must be 'add'|'remove'|'replace'");
  }
  if (config.vpcEndpointIds.length === 0) delete config.vpcEndpointIds;
}

/** After all operations of one request: the configuration as a whole must be valid. */
export function checkEndpointConfiguration(config: EndpointConfiguration): void {
  if (config.vpcEndpointIds && config.types[0] !== 'PRIVATE') throw badRequest(VPCE_ONLY_PRIVATE);
}

function dedupe(values: readonly string[]): string[] {
  return [...new Set(values)];
}
