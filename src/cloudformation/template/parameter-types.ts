/**
 * The parameter types CloudFormation knows, read from their names: plain (String, Number, List<Number>,
 * CommaDelimitedList), AWS-specific (`AWS::EC2::VPC::Id`, `List<AWS::EC2::Subnet::Id>` ...) whose values
 * must exist in the account, and Systems Manager types whose value names a parameter in Parameter Store
 * (`AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>`).
 */

/** AWS-specific types (the Parameters section reference, "Supported AWS-specific parameter types"). */
export const AWS_SPECIFIC_TYPES = [
  'AWS::EC2::AvailabilityZone::Name', 'AWS::EC2::Image::Id', 'AWS::EC2::Instance::Id', 'AWS::EC2::KeyPair::KeyName',
  'AWS::EC2::SecurityGroup::GroupName', 'AWS::EC2::SecurityGroup::Id', 'AWS::EC2::Subnet::Id', 'AWS::EC2::Volume::Id',
  'AWS::EC2::VPC::Id', 'AWS::Route53::HostedZone::Id',
] as const;

/** Every AWS-specific type but key pairs also comes as a `List<...>`. */
const LISTABLE_AWS_TYPES = new Set<string>(AWS_SPECIFIC_TYPES.filter((t) => t !== 'AWS::EC2::KeyPair::KeyName'));

export interface ParameterType {
  /** The type as the template writes it (what GetTemplateSummary reports as ParameterType). */
  readonly name: string;
  /** `Ref` gives a list of strings rather than a string. */
  readonly list: boolean;
  /** Values (each member, for a list) must be numbers. */
  readonly number: boolean;
  /** The AWS-specific type of the value (of each member, for a list), whose existence CloudFormation checks. */
  readonly awsType?: string;
  /** Set for `AWS::SSM::Parameter::Value<T>`: the value names an SSM parameter whose value has type T. */
  readonly ssmValue?: ParameterType;
}

const PLAIN: Record<string, Omit<ParameterType, 'name'>> = {
  String: { list: false, number: false },
  Number: { list: false, number: true },
  'List<Number>': { list: true, number: true },
  CommaDelimitedList: { list: true, number: false },
  'AWS::SSM::Parameter::Name': { list: false, number: false },
};

/** The type named `name`, or undefined when CloudFormation would not recognise it. */
export function parseParameterType(name: string): ParameterType | undefined {
  const ssm = /^AWS::SSM::Parameter::Value<(.+)>$/.exec(name);
  if (ssm) {
    const inner = valueType(ssm[1] as string);
    return inner && { name, list: false, number: false, ssmValue: inner };
  }
  const plain = PLAIN[name];
  if (plain) return { name, ...plain };
  return awsSpecific(name);
}

/** What an SSM parameter may hold: String, List<String>, CommaDelimitedList or an AWS-specific type (or list). */
function valueType(name: string): ParameterType | undefined {
  if (name === 'String') return { name, list: false, number: false };
  if (name === 'List<String>' || name === 'CommaDelimitedList') return { name, list: true, number: false };
  return awsSpecific(name);
}

function awsSpecific(name: string): ParameterType | undefined {
  if ((AWS_SPECIFIC_TYPES as readonly string[]).includes(name)) return { name, list: false, number: false, awsType: name };
  const list = /^List<(.+)>$/.exec(name);
  if (list && LISTABLE_AWS_TYPES.has(list[1] as string)) return { name, list: true, number: false, awsType: list[1] as string };
  return undefined;
}
