import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkCapabilities } from './capabilities.js';
import { loadTemplate } from './load.js';
import { templateSummary } from './summary.js';
import { AL2023_AMI, AL2023_PARAMETER, assertRejects, fakeResourceValues, prepare } from './test-support/environment.js';
import { TUTORIAL_TEMPLATE } from './test-support/tutorial-template.js';

const values = fakeResourceValues({
  VPC: { CidrBlock: '10.0.0.0/16' },
  LambdaExecutionRole: { Arn: 'arn:aws:iam::123456789012:role/tutorial-LambdaExecutionRole-ABC' },
});

describe('the seed tutorial template', () => {
  const stack = prepare(TUTORIAL_TEMPLATE);

  it('orders creation by dependencies', () => {
    assert.deepEqual(stack.creationWaves, [
      ['VPC', 'LambdaExecutionRole'],
      ['SubnetA', 'SubnetB', 'EndpointSecurityGroup', 'LambdaFunction'],
      ['VPCEndpoint'],
      ['Instance'],
    ]);
    assert.deepEqual(stack.deletionOrder.slice(0, 2), ['Instance', 'VPCEndpoint']);
    assert.deepEqual(stack.resources.get('Instance')?.dependsOn, ['SubnetA', 'EndpointSecurityGroup', 'VPCEndpoint']);
  });

  it('puts subnets in the first two zones and carves their CIDRs from the VPC', () => {
    assert.deepEqual(stack.resolveProperties('SubnetA', values), { VpcId: 'vpc-physical', AvailabilityZone: 'us-east-1a', CidrBlock: '10.0.0.0/24' });
    assert.deepEqual(stack.resolveProperties('SubnetB', values), { VpcId: 'vpc-physical', AvailabilityZone: 'us-east-1b', CidrBlock: '10.0.1.0/24' });
  });

  it('admits 443 from the VPC CIDR and names the execute-api service of the region', () => {
    assert.deepEqual(stack.resolveProperties('EndpointSecurityGroup', values).SecurityGroupIngress, [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '10.0.0.0/16' }]);
    assert.deepEqual(stack.resolveProperties('VPCEndpoint', values), {
      VpcId: 'vpc-physical',
      ServiceName: 'com.amazonaws.us-east-1.execute-api',
      VpcEndpointType: 'Interface',
      PrivateDnsEnabled: true,
      SubnetIds: ['subneta-physical', 'subnetb-physical'],
      SecurityGroupIds: ['endpointsecuritygroup-physical'],
    });
  });

  it('keeps the inline Lambda code and resolves the role', () => {
    const fn = stack.resolveProperties('LambdaFunction', values);
    assert.equal(fn.FunctionName, 'private-api-tutorial-tutorial');
    assert.equal(fn.Role, 'arn:aws:iam::123456789012:role/tutorial-LambdaExecutionRole-ABC');
    assert.match((fn.Code as { ZipFile: string }).ZipFile, /body: 'Hello from Lambda!'/);
    assert.deepEqual(stack.resolveProperties('LambdaExecutionRole', values).ManagedPolicyArns, ['arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole']);
  });

  it('launches the instance from the AMI Parameter Store names', () => {
    const instance = stack.resolveProperties('Instance', values);
    assert.equal(instance.ImageId, AL2023_AMI);
    assert.equal(instance.InstanceType, 't3.micro');
    assert.equal(Buffer.from(instance.UserData as string, 'base64').toString(), '#!/bin/bash\necho "region us-east-1, home ${HOME}"\n');
    assert.deepEqual(stack.describeParameters()[0], { ParameterKey: 'LatestAmiId', ParameterValue: AL2023_PARAMETER, ResolvedValue: AL2023_AMI });
  });

  it('reports the endpoint id in the Outputs', () => {
    assert.deepEqual(stack.resolveOutputs(values), [
      { OutputKey: 'VPCEndpointId', OutputValue: 'vpcendpoint-physical', Description: 'The ID of the execute-api VPC endpoint' },
      { OutputKey: 'InstanceId', OutputValue: 'instance-physical' },
      { OutputKey: 'LambdaFunctionName', OutputValue: 'lambdafunction-physical', ExportName: 'tutorial-FunctionName' },
    ]);
  });

  it('needs CAPABILITY_IAM for the role', () => {
    const template = loadTemplate(TUTORIAL_TEMPLATE);
    assertRejects(() => checkCapabilities(template, []), 'Requires capabilities : [CAPABILITY_IAM]', 'InsufficientCapabilitiesException');
    checkCapabilities(template, ['CAPABILITY_IAM']);
    assert.deepEqual(templateSummary(template).ResourceTypes, [
      'AWS::EC2::VPC', 'AWS::EC2::Subnet', 'AWS::EC2::SecurityGroup', 'AWS::EC2::VPCEndpoint', 'AWS::IAM::Role', 'AWS::Lambda::Function', 'AWS::EC2::Instance',
    ]);
  });

  it('checks the parameter constraints', () => {
    assertRejects(() => prepare(TUTORIAL_TEMPLATE, { parameters: [{ ParameterKey: 'InstanceType', ParameterValue: 'm5.24xlarge' }] }), "Parameter 'InstanceType' must be one of AllowedValues");
    assert.throws(() => prepare(TUTORIAL_TEMPLATE, { parameters: [{ ParameterKey: 'VpcCidr', ParameterValue: 'ten.0.0.0/16' }] }), /^ValidationError: Parameter 'VpcCidr' must match pattern /);
  });
});
