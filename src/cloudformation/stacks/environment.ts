/**
 * The world as a stack's template sees it, from Gatehouse's own records: the region's availability zones
 * (EC2's), other stacks' exports, and Parameter Store (the ssm service, read as GetParameter reads it).
 */
import type { Scope } from '../../shared/accounts.js';
import type { Clock } from '../../shared/clock.js';
import { ServiceError } from '../../shared/errors.js';
import { requestId } from '../../shared/ids.js';
import { zonesOf } from '../../services/ec2/availability-zones.js';
import type { ServiceDefinition } from '../../services/types.js';
import type { Store } from '../../store/store.js';
import type { SsmParameterValue, StackEnvironment } from '../template/environment.js';
import { isLive, STACKS, type StackRecord } from './records.js';

export function stackEnvironment(
  deps: { store: Store; clock: Clock; services: () => readonly ServiceDefinition[] },
  scope: Scope,
  stack: { stackName: string; stackId: string },
): StackEnvironment {
  return {
    accountId: scope.account,
    region: scope.region,
    stackName: stack.stackName,
    stackId: stack.stackId,
    availabilityZones: (region) => zonesOf(region === '' ? scope.region : region).map((z) => z.ZoneName),
    exportedValue: (name) => {
      for (const s of deps.store.table<StackRecord>(STACKS).list(scope, '')) {
        if (!isLive(s)) continue;
        const output = s.Outputs.find((o) => o.ExportName === name);
        if (output) return output.OutputValue;
      }
      return undefined;
    },
    ssmParameter: (name, version) => ssmParameter(deps, scope, version === undefined ? name : `${name}:${version}`),
  };
}

function ssmParameter(deps: { store: Store; clock: Clock; services: () => readonly ServiceDefinition[] }, scope: Scope, name: string): SsmParameterValue | undefined {
  const getParameter = deps.services().find((s) => s.signingName === 'ssm')?.operations['GetParameter'];
  if (!getParameter) return undefined;
  try {
    const output = getParameter({ Name: name, WithDecryption: true }, { scope, accessKeyId: undefined, requestId: requestId(), store: deps.store, clock: deps.clock }) as {
      Parameter?: { Value?: string; Type?: SsmParameterValue['type'] };
    };
    const p = output.Parameter;
    return p?.Value === undefined ? undefined : { value: p.Value, type: p.Type ?? 'String' };
  } catch (error) {
    if (error instanceof ServiceError && /NotFound|ParameterVersionNotFound/.test(error.code)) return undefined;
    throw error;
  }
}
