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
import type { Store, TableName } from '../../store/store.js';
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
    parameterValueExists: (awsType, value) => ec2ValueExists(deps.store, scope, awsType, value),
  };
}

/** The EC2 tables that back `AWS::EC2::*::Id` parameter types; other AWS types are not checked. */
const EC2_TABLES: Readonly<Record<string, TableName>> = {
  'AWS::EC2::VPC::Id': 'ec2_vpcs',
  'AWS::EC2::Subnet::Id': 'ec2_subnets',
  'AWS::EC2::SecurityGroup::Id': 'ec2_security_groups',
  'AWS::EC2::Instance::Id': 'ec2_instances',
};

/** Whether an AWS-specific parameter value exists in the account, as CloudFormation checks before anything is made. */
function ec2ValueExists(store: Store, scope: Scope, awsType: string, value: string): boolean {
  if (awsType === 'AWS::EC2::AvailabilityZone::Name') return zonesOf(scope.region).some((z) => z.ZoneName === value);
  const table = EC2_TABLES[awsType];
  return table === undefined || store.table(table).has(scope, '', value);
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
