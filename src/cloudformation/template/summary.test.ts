import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkCapabilities, requiredCapabilities } from './capabilities.js';
import { loadTemplate } from './load.js';
import { templateSummary, validateTemplateOutput } from './summary.js';
import { assertRejects } from './test-support/environment.js';

const ROLE = 'Role: {Type: AWS::IAM::Role, Properties: {AssumeRolePolicyDocument: {}}}';
const NAMED_ROLE = 'Role: {Type: AWS::IAM::Role, Properties: {RoleName: my-role, AssumeRolePolicyDocument: {}}}';

describe('capabilities', () => {
  it('needs none without IAM resources or transforms', () => {
    const template = loadTemplate('Resources:\n  Q: {Type: AWS::SQS::Queue}\n');
    assert.deepEqual(requiredCapabilities(template).capabilities, []);
    checkCapabilities(template, []);
  });

  it('needs CAPABILITY_IAM for unnamed IAM resources, and accepts CAPABILITY_NAMED_IAM for them', () => {
    const template = loadTemplate(`Resources:\n  ${ROLE}\n  Profile: {Type: AWS::IAM::InstanceProfile, Properties: {Roles: [!Ref Role]}}\n`);
    assert.deepEqual(requiredCapabilities(template), {
      capabilities: ['CAPABILITY_IAM'],
      reason: 'The following resource(s) require capabilities: [AWS::IAM::Role, AWS::IAM::InstanceProfile]',
      iam: 'unnamed',
      autoExpand: false,
    });
    assertRejects(() => checkCapabilities(template, []), 'Requires capabilities : [CAPABILITY_IAM]', 'InsufficientCapabilitiesException');
    checkCapabilities(template, ['CAPABILITY_IAM']);
    checkCapabilities(template, ['CAPABILITY_NAMED_IAM']);
  });

  it('needs CAPABILITY_NAMED_IAM for IAM resources with custom names', () => {
    const template = loadTemplate(`Resources:\n  ${NAMED_ROLE}\n`);
    assert.deepEqual(requiredCapabilities(template).capabilities, ['CAPABILITY_NAMED_IAM']);
    assertRejects(() => checkCapabilities(template, ['CAPABILITY_IAM']), 'Requires capabilities : [CAPABILITY_NAMED_IAM]', 'InsufficientCapabilitiesException');
    checkCapabilities(template, ['CAPABILITY_NAMED_IAM']);
  });

  it("does not count an inline policy's PolicyName as a custom name", () => {
    const template = loadTemplate('Resources:\n  P: {Type: AWS::IAM::Policy, Properties: {PolicyName: p, PolicyDocument: {}}}\n');
    assert.deepEqual(requiredCapabilities(template).capabilities, ['CAPABILITY_IAM']);
  });

  it('needs CAPABILITY_AUTO_EXPAND for transforms', () => {
    const template = loadTemplate('Transform: AWS::Serverless-2016-10-31\nResources:\n  F: {Type: AWS::Serverless::Function}\n');
    assertRejects(() => checkCapabilities(template, ['CAPABILITY_IAM']), 'Requires capabilities : [CAPABILITY_AUTO_EXPAND]', 'InsufficientCapabilitiesException');
  });
});

const TEMPLATE = `
AWSTemplateFormatVersion: 2010-09-09
Description: Private API tutorial
Metadata:
  AWS::CloudFormation::Interface: {ParameterGroups: []}
Parameters:
  Env: {Type: String, Default: dev, AllowedValues: [dev, prod], Description: Environment}
  DbPassword: {Type: String, NoEcho: true}
  Ami: {Type: "AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>", Default: /aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64}
Resources:
  Vpc: {Type: AWS::EC2::VPC}
  Subnet: {Type: AWS::EC2::Subnet}
  Subnet2: {Type: AWS::EC2::Subnet}
  ${ROLE}
`;

describe('validateTemplateOutput (ValidateTemplate)', () => {
  it('lists parameters, description and capabilities in the ValidateTemplateResult shape', () => {
    assert.deepEqual(validateTemplateOutput(loadTemplate(TEMPLATE)), {
      Parameters: [
        { ParameterKey: 'Env', DefaultValue: 'dev', NoEcho: false, Description: 'Environment' },
        { ParameterKey: 'DbPassword', NoEcho: true },
        { ParameterKey: 'Ami', DefaultValue: '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64', NoEcho: false },
      ],
      Description: 'Private API tutorial',
      Capabilities: ['CAPABILITY_IAM'],
      CapabilitiesReason: 'The following resource(s) require capabilities: [AWS::IAM::Role]',
    });
  });

  it('leaves out what the template has nothing for', () => {
    assert.deepEqual(validateTemplateOutput(loadTemplate('Resources:\n  Q: {Type: AWS::SQS::Queue}\n')), { Parameters: [] });
  });

  it('declares transforms', () => {
    const output = validateTemplateOutput(loadTemplate('Transform: [AWS::Serverless-2016-10-31]\nResources:\n  F: {Type: AWS::Serverless::Function}\n'));
    assert.deepEqual(output.DeclaredTransforms, ['AWS::Serverless-2016-10-31']);
    assert.deepEqual(output.Capabilities, ['CAPABILITY_AUTO_EXPAND']);
  });
});

describe('templateSummary (GetTemplateSummary)', () => {
  it('summarises in the GetTemplateSummaryResult shape', () => {
    const summary = templateSummary(loadTemplate(TEMPLATE), { resourceIdentifiers: (type) => (type === 'AWS::EC2::Subnet' ? ['SubnetId'] : undefined) });
    assert.deepEqual(summary, {
      Parameters: [
        { ParameterKey: 'Env', DefaultValue: 'dev', NoEcho: false, Description: 'Environment', ParameterType: 'String', ParameterConstraints: { AllowedValues: ['dev', 'prod'] } },
        { ParameterKey: 'DbPassword', NoEcho: true, ParameterType: 'String', ParameterConstraints: {} },
        {
          ParameterKey: 'Ami',
          DefaultValue: '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64',
          NoEcho: false,
          ParameterType: 'AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>',
          ParameterConstraints: {},
        },
      ],
      Description: 'Private API tutorial',
      Capabilities: ['CAPABILITY_IAM'],
      CapabilitiesReason: 'The following resource(s) require capabilities: [AWS::IAM::Role]',
      ResourceTypes: ['AWS::EC2::VPC', 'AWS::EC2::Subnet', 'AWS::IAM::Role'],
      Version: '2010-09-09',
      Metadata: '{"AWS::CloudFormation::Interface":{"ParameterGroups":[]}}',
      ResourceIdentifierSummaries: [{ ResourceType: 'AWS::EC2::Subnet', LogicalResourceIds: ['Subnet', 'Subnet2'], ResourceIdentifiers: ['SubnetId'] }],
    });
  });
});
