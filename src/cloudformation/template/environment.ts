/**
 * Everything the template engine needs from the world outside the template, as small interfaces the stack
 * engine implements over Gatehouse's services. The template engine itself does no I/O.
 */

export interface SsmParameterValue {
  readonly value: string;
  readonly type: 'String' | 'StringList' | 'SecureString';
}

export interface StackEnvironment {
  readonly accountId: string;
  readonly region: string;
  readonly stackName: string;
  /** `arn:aws:cloudformation:{region}:{account}:stack/{name}/{uuid}`. */
  readonly stackId: string;
  /** Defaults from the region (`aws`, `aws-cn`, `aws-us-gov`). */
  readonly partition?: string;
  /** Defaults from the region (`amazonaws.com`, `amazonaws.com.cn`). */
  readonly urlSuffix?: string;
  readonly notificationArns?: readonly string[];
  /** `Fn::GetAZs`: the availability zones of a region, in AWS's order. */
  availabilityZones(region: string): readonly string[];
  /** `Fn::ImportValue`: the value another stack exports under `name` in this account and region. */
  exportedValue(name: string): string | undefined;
  /** Parameter Store, for `AWS::SSM::Parameter::Value<...>` parameters and `{{resolve:ssm:...}}` references. */
  ssmParameter(name: string, version?: number): SsmParameterValue | undefined;
  /**
   * Whether a value of an AWS-specific parameter type (`AWS::EC2::VPC::Id` ...) exists in the account.
   * Absent: values are not checked.
   */
  parameterValueExists?(awsType: string, value: string): boolean;
  /** `Fn::ValueOf` in Rules: an attribute (`Tags.Department`, `CidrBlock` ...) of an AWS-specific value. */
  parameterAttribute?(awsType: string, value: string, attribute: string): string | undefined;
}

/** A resource's values once it exists, as the stack engine knows them. */
export interface ResourceValues {
  /** What `Ref` returns for the resource. */
  ref(logicalId: string): unknown;
  /** An `Fn::GetAtt` value; undefined when the resource has no such attribute. */
  getAtt(logicalId: string, attribute: string): unknown;
}

/** AWS partitions by region prefix. */
export function partitionOf(region: string): { partition: string; urlSuffix: string } {
  if (region.startsWith('cn-')) return { partition: 'aws-cn', urlSuffix: 'amazonaws.com.cn' };
  if (region.startsWith('us-gov-')) return { partition: 'aws-us-gov', urlSuffix: 'amazonaws.com' };
  if (region.startsWith('us-iso-')) return { partition: 'aws-iso', urlSuffix: 'c2s.ic.gov' };
  if (region.startsWith('us-isob-')) return { partition: 'aws-iso-b', urlSuffix: 'sc2s.sgov.gov' };
  return { partition: 'aws', urlSuffix: 'amazonaws.com' };
}
