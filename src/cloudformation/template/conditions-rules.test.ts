import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluateConditions } from './conditions.js';
import { pseudoParameterValues } from './pseudo.js';
import { checkRules } from './rules.js';
import { assertRejects, fakeEnvironment, prepare, templateWith } from './test-support/environment.js';

function conditions(sections: string, parameters: Record<string, string> = {}) {
  const env = fakeEnvironment();
  const values = new Map<string, string | readonly string[]>([...pseudoParameterValues(env), ...Object.entries(parameters)]);
  return evaluateConditions(templateWith(sections), values, env);
}

describe('evaluateConditions', () => {
  it('evaluates every condition, conditions that name conditions included', () => {
    const values = conditions(
      [
        'Conditions:',
        '  IsUsEast1: !Equals [!Ref AWS::Region, us-east-1]',
        '  IsProd: !Equals [!Ref Env, prod]',
        '  ProdInUsEast1: !And [!Condition IsProd, !Condition IsUsEast1]',
        '  Anywhere: !Or [!Condition ProdInUsEast1, !Not [!Condition IsProd]]',
        '  FromMap: !Equals [!FindInMap [M, !Ref AWS::Region, Enabled], "true"]',
        'Mappings:',
        '  M: {us-east-1: {Enabled: true}}',
      ].join('\n'),
      { Env: 'prod' },
    );
    assert.deepEqual(Object.fromEntries(values), { IsUsEast1: true, IsProd: true, ProdInUsEast1: true, Anywhere: true, FromMap: true });
  });

  it('reports a cycle between conditions', () => {
    assertRejects(() => conditions('Conditions:\n  A: !Not [!Condition B]\n  B: !Not [!Condition A]\n'), 'Template error: Found circular condition dependency: [A, B]');
  });
});

describe('checkRules', () => {
  const RULES = [
    'Parameters:',
    '  Environment: {Type: String, Default: test}',
    '  InstanceType: {Type: String, Default: t3.micro}',
    'Rules:',
    '  testInstanceType:',
    '    RuleCondition: !Equals [!Ref Environment, test]',
    '    Assertions:',
    "      - Assert: !Contains [[t3.micro, t3.small], !Ref InstanceType]",
    "        AssertDescription: 'For a test environment, the instance type must be t3.micro or t3.small'",
    '  prodInstanceType:',
    '    RuleCondition: !Equals [!Ref Environment, prod]',
    '    Assertions:',
    '      - Assert: !Equals [!Ref InstanceType, m5.large]',
  ].join('\n');
  const body = `${RULES}\nResources:\n  W: {Type: AWS::CloudFormation::WaitConditionHandle}\n`;
  const with_ = (env: string, type: string) => ({ parameters: [{ ParameterKey: 'Environment', ParameterValue: env }, { ParameterKey: 'InstanceType', ParameterValue: type }] });

  it('passes when the assertions of the rules that apply hold', () => {
    prepare(body, with_('test', 't3.small'));
    prepare(body, with_('prod', 'm5.large'));
    prepare(body, with_('staging', 'anything'));
  });

  it('answers with the AssertDescription of the first assertion that fails', () => {
    assertRejects(() => prepare(body, with_('test', 'm5.large')), 'For a test environment, the instance type must be t3.micro or t3.small');
  });

  it('has a text of its own for an assertion without a description', () => {
    assertRejects(() => prepare(body, with_('prod', 't3.micro')), 'Template error: Rule prodInstanceType assertion failed');
  });

  it('evaluates EachMemberEquals, EachMemberIn, RefAll, ValueOf and ValueOfAll', () => {
    const template = templateWith(
      [
        'Parameters:',
        '  VpcA: {Type: AWS::EC2::VPC::Id}',
        '  VpcB: {Type: AWS::EC2::VPC::Id}',
        '  Subnets: {Type: List<AWS::EC2::Subnet::Id>}',
        'Rules:',
        '  SameVpc:',
        '    Assertions:',
        '      - Assert: !EachMemberEquals [!ValueOfAll [AWS::EC2::VPC::Id, Tags.Department], IT]',
        '      - Assert: !EachMemberIn [!RefAll AWS::EC2::VPC::Id, [vpc-1, vpc-2, vpc-3]]',
        '      - Assert: !EachMemberEquals [!ValueOf [Subnets, VpcId], vpc-1]',
        '      - Assert: !Equals [!ValueOf [VpcA, Tags.Department], IT]',
      ].join('\n'),
    );
    const env = fakeEnvironment({
      parameterAttribute: (type, value, attribute) => {
        if (attribute === 'Tags.Department') return 'IT';
        if (type === 'AWS::EC2::Subnet::Id' && attribute === 'VpcId') return value === 'subnet-9' ? 'vpc-2' : 'vpc-1';
        return undefined;
      },
    });
    const params = (subnets: string) => new Map<string, string | readonly string[]>([
      ['VpcA', 'vpc-1'], ['VpcB', 'vpc-2'], ['Subnets', subnets.split(',')],
    ]);
    checkRules(template, params('subnet-1,subnet-2'), env, () => true);
    assertRejects(() => checkRules(template, params('subnet-1,subnet-9'), env, () => true), 'Template error: Rule SameVpc assertion failed');
  });
});

describe('the CDK CheckBootstrapVersion rule', () => {
  const CDK_RULE = [
    'Parameters:',
    '  BootstrapVersion:',
    '    Type: AWS::SSM::Parameter::Value<String>',
    '    Default: /cdk-bootstrap/hnb659fds/version',
    '    Description: Version of the CDK Bootstrap resources in this environment, automatically retrieved from SSM Parameter Store. [cdk:skip]',
    'Rules:',
    '  CheckBootstrapVersion:',
    '    Assertions:',
    "      - Assert: {Fn::Not: [{Fn::Contains: [['1', '2', '3', '4', '5'], {Ref: BootstrapVersion}]}]}",
    "        AssertDescription: CDK bootstrap stack version 6 required. Please run 'cdk bootstrap' with a recent version of the CDK CLI.",
    'Resources:',
    '  W: {Type: AWS::CloudFormation::WaitConditionHandle}',
  ].join('\n');

  it('passes with a recent bootstrap version in Parameter Store', () => {
    assert.equal(prepare(CDK_RULE).parameters.get('BootstrapVersion')?.resolved, '21');
  });

  it('fails with the CDK text for an old one', () => {
    const env = fakeEnvironment();
    env.ssm.set('/cdk-bootstrap/hnb659fds/version', { value: '5', type: 'String' });
    assertRejects(() => prepare(CDK_RULE, {}, env), "CDK bootstrap stack version 6 required. Please run 'cdk bootstrap' with a recent version of the CDK CLI.");
  });

  it('fails with the Parameter Store text when the environment was never bootstrapped', () => {
    const env = fakeEnvironment();
    env.ssm.delete('/cdk-bootstrap/hnb659fds/version');
    assertRejects(() => prepare(CDK_RULE, {}, env), 'Unable to fetch parameters [/cdk-bootstrap/hnb659fds/version] from parameter store for this account.');
  });
});
