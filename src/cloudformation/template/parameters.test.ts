import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseParameterType } from './parameter-types.js';
import { describeParameters, resolveParameters, type SuppliedParameter } from './parameters.js';
import { AL2023_AMI, AL2023_PARAMETER, assertRejects, fakeEnvironment, templateWith } from './test-support/environment.js';

function resolve(parameters: string, supplied: SuppliedParameter[] = [], env = fakeEnvironment(), previous?: Map<string, string>) {
  return resolveParameters(templateWith(`Parameters:\n${parameters}`), supplied, env, previous);
}

const value = (key: string, v: string): SuppliedParameter => ({ ParameterKey: key, ParameterValue: v });

describe('parseParameterType', () => {
  it('knows the plain types', () => {
    assert.deepEqual(parseParameterType('String'), { name: 'String', list: false, number: false });
    assert.deepEqual(parseParameterType('Number'), { name: 'Number', list: false, number: true });
    assert.deepEqual(parseParameterType('List<Number>'), { name: 'List<Number>', list: true, number: true });
    assert.deepEqual(parseParameterType('CommaDelimitedList'), { name: 'CommaDelimitedList', list: true, number: false });
  });

  it('knows the AWS-specific types and their lists', () => {
    assert.equal(parseParameterType('AWS::EC2::VPC::Id')?.awsType, 'AWS::EC2::VPC::Id');
    assert.deepEqual(parseParameterType('List<AWS::EC2::Subnet::Id>'), { name: 'List<AWS::EC2::Subnet::Id>', list: true, number: false, awsType: 'AWS::EC2::Subnet::Id' });
    assert.equal(parseParameterType('List<AWS::EC2::KeyPair::KeyName>'), undefined);
    assert.equal(parseParameterType('AWS::EC2::Vpc::Id'), undefined);
  });

  it('knows the SSM types', () => {
    const ami = parseParameterType('AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>');
    assert.equal(ami?.ssmValue?.awsType, 'AWS::EC2::Image::Id');
    assert.equal(parseParameterType('AWS::SSM::Parameter::Value<List<String>>')?.ssmValue?.list, true);
    assert.equal(parseParameterType('AWS::SSM::Parameter::Value<CommaDelimitedList>')?.ssmValue?.list, true);
    assert.equal(parseParameterType('AWS::SSM::Parameter::Value<Number>'), undefined);
    assert.equal(parseParameterType('AWS::SSM::Parameter::Name')?.list, false);
  });
});

describe('resolveParameters: values', () => {
  it('takes supplied values over defaults and splits list types', () => {
    const resolved = resolve(
      '  Name: {Type: String, Default: x}\n  Count: {Type: Number}\n  Zones: {Type: CommaDelimitedList, Default: "a, b,c"}\n  Ports: {Type: List<Number>, Default: "80,443"}\n',
      [value('Count', '3')],
    );
    assert.equal(resolved.get('Name')?.resolved, 'x');
    assert.equal(resolved.get('Count')?.resolved, '3');
    assert.deepEqual(resolved.get('Zones')?.resolved, ['a', 'b', 'c']);
    assert.deepEqual(resolved.get('Ports')?.resolved, ['80', '443']);
  });

  it('accepts an empty string as a value', () => {
    assert.equal(resolve('  Key: {Type: String}\n', [value('Key', '')]).get('Key')?.resolved, '');
  });

  it('names every parameter without a value, and every unknown one', () => {
    assertRejects(() => resolve('  A: {Type: String}\n  B: {Type: String, Default: b}\n  C: {Type: Number}\n'), 'Parameters: [A, C] must have values');
    assertRejects(() => resolve('  A: {Type: String, Default: a}\n', [value('X', '1'), value('Y', '2')]), 'Parameters: [X, Y] do not exist in the template');
  });

  it('refuses parameters for a template that declares none', () => {
    assertRejects(() => resolveParameters(templateWith(''), [value('X', '1')], fakeEnvironment()), 'Parameter values specified for a template which does not require them.');
  });

  it('keeps the previous value when asked to', () => {
    const resolved = resolve('  A: {Type: String}\n', [{ ParameterKey: 'A', UsePreviousValue: true }], fakeEnvironment(), new Map([['A', 'old']]));
    assert.equal(resolved.get('A')?.value, 'old');
    assertRejects(
      () => resolve('  A: {Type: String}\n', [{ ParameterKey: 'A', UsePreviousValue: true }]),
      'Invalid input for parameter key A. Cannot specify usePreviousValue as true for a parameter key not in the previous template',
    );
  });
});

describe('resolveParameters: constraints', () => {
  it('checks AllowedValues', () => {
    assertRejects(() => resolve('  Env: {Type: String, AllowedValues: [dev, prod]}\n', [value('Env', 'test')]), "Parameter 'Env' must be one of AllowedValues");
  });

  it('checks AllowedPattern against the whole value', () => {
    const declaration = '  Cidr: {Type: String, AllowedPattern: "(\\\\d{1,3})\\\\.(\\\\d{1,3})\\\\.(\\\\d{1,3})\\\\.(\\\\d{1,3})/(\\\\d{1,2})"}\n';
    assert.equal(resolve(declaration, [value('Cidr', '10.0.0.0/16')]).get('Cidr')?.value, '10.0.0.0/16');
    assertRejects(
      () => resolve(declaration, [value('Cidr', 'x10.0.0.0/16')]),
      "Parameter 'Cidr' must match pattern (\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})",
    );
  });

  it('checks lengths of strings', () => {
    assertRejects(() => resolve('  P: {Type: String, MinLength: 8}\n', [value('P', 'short')]), "Parameter 'P' must contain at least 8 characters");
    assertRejects(() => resolve('  P: {Type: String, MaxLength: 3}\n', [value('P', 'long')]), "Parameter 'P' must contain at most 3 characters");
  });

  it('checks numbers and their bounds, each member of a List<Number>', () => {
    assertRejects(() => resolve('  N: {Type: Number}\n', [value('N', 'ten')]), "Parameter 'N' must be a number");
    assertRejects(() => resolve('  N: {Type: Number, MinValue: 1}\n', [value('N', '0')]), "Parameter 'N' must be a number not less than 1");
    assertRejects(() => resolve('  N: {Type: Number, MaxValue: 10}\n', [value('N', '11')]), "Parameter 'N' must be a number not greater than 10");
    assertRejects(() => resolve('  N: {Type: List<Number>, MaxValue: 10}\n', [value('N', '1,20')]), "Parameter 'N' must be a number not greater than 10");
  });

  it('answers with the ConstraintDescription when the template gives one', () => {
    assertRejects(
      () => resolve('  Password: {Type: String, MinLength: 6, NoEcho: true, ConstraintDescription: must be at least 6 characters}\n', [value('Password', 'abc')]),
      'Parameter Password failed to satisfy constraint: must be at least 6 characters',
    );
  });

  it('checks that AWS-specific values exist when the environment can tell', () => {
    const env = fakeEnvironment({ parameterValueExists: (type, v) => type === 'AWS::EC2::VPC::Id' && v === 'vpc-1' });
    assert.equal(resolve('  Vpc: {Type: AWS::EC2::VPC::Id}\n', [value('Vpc', 'vpc-1')], env).get('Vpc')?.value, 'vpc-1');
    assertRejects(
      () => resolve('  Vpc: {Type: AWS::EC2::VPC::Id}\n', [value('Vpc', 'vpc-9')], env),
      'Parameter validation failed: parameter value vpc-9 for parameter name Vpc does not exist.',
    );
  });
});

describe('resolveParameters: Systems Manager types', () => {
  it('resolves AWS::SSM::Parameter::Value<AWS::EC2::Image::Id> from Parameter Store', () => {
    const resolved = resolve(`  Ami: {Type: "AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>", Default: ${AL2023_PARAMETER}}\n`);
    assert.deepEqual(resolved.get('Ami'), { name: 'Ami', value: AL2023_PARAMETER, resolved: AL2023_AMI, resolvedValue: AL2023_AMI, noEcho: false });
  });

  it('splits list values', () => {
    const resolved = resolve('  Subnets: {Type: "AWS::SSM::Parameter::Value<List<String>>", Default: /app/subnets}\n');
    assert.deepEqual(resolved.get('Subnets')?.resolved, ['subnet-1', 'subnet-2']);
  });

  it('names every parameter Parameter Store does not have', () => {
    assertRejects(
      () => resolve('  A: {Type: "AWS::SSM::Parameter::Value<String>", Default: /missing/a}\n  B: {Type: "AWS::SSM::Parameter::Value<String>", Default: /missing/b}\n'),
      'Unable to fetch parameters [/missing/a, /missing/b] from parameter store for this account.',
    );
  });

  it('refuses secure strings', () => {
    assertRejects(
      () => resolve('  Db: {Type: "AWS::SSM::Parameter::Value<String>", Default: /app/db/password}\n'),
      'Parameters [/app/db/password] referenced by template have types not supported by CloudFormation.',
    );
  });
});

describe('describeParameters', () => {
  it('masks NoEcho values and shows ResolvedValue for SSM types', () => {
    const resolved = resolve(
      `  Password: {Type: String, NoEcho: true}\n  Ami: {Type: "AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>", Default: ${AL2023_PARAMETER}}\n`,
      [value('Password', 'hunter2')],
    );
    assert.deepEqual(describeParameters(resolved), [
      { ParameterKey: 'Password', ParameterValue: '****' },
      { ParameterKey: 'Ami', ParameterValue: AL2023_PARAMETER, ResolvedValue: AL2023_AMI },
    ]);
  });
});
