import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { requiredCapabilities } from './capabilities.js';
import { loadTemplate } from './load.js';
import { validateTemplateOutput } from './summary.js';
import { assertRejects, fakeEnvironment, fakeResourceValues, prepare } from './test-support/environment.js';
import { CDK_TEMPLATE } from './test-support/cdk-template.js';

const BODY = JSON.stringify(CDK_TEMPLATE, null, 1);

const values = fakeResourceValues({
  Vpc8378EB38: { CidrBlock: '10.0.0.0/16' },
  EndpointSecurityGroup2A5F1C4B: { GroupId: 'sg-0endpoint' },
  HandlerServiceRoleFCDC14AE: { Arn: 'arn:aws:iam::123456789012:role/PrivateApiStack-HandlerServiceRole' },
  Handler886CB40B: { Arn: 'arn:aws:lambda:us-east-1:123456789012:function:PrivateApiStack-Handler' },
  PrivateApiC8A32D35: { RootResourceId: 'r00t1d' },
});

describe('a CDK-synthesized private API template', () => {
  const stack = prepare(BODY);

  it('creates CDKMetadata where CDKMetadataAvailable holds, and not elsewhere', () => {
    assert.equal(stack.conditions.get('CDKMetadataAvailable'), true);
    assert.ok(stack.resources.has('CDKMetadata'));
    const elsewhere = prepare(BODY, {}, fakeEnvironment({ region: 'ap-southeast-7' }));
    assert.equal(elsewhere.conditions.get('CDKMetadataAvailable'), false);
    assert.deepEqual(elsewhere.skippedResources, ['CDKMetadata']);
    assert.equal(prepare(BODY, {}, fakeEnvironment({ region: 'us-west-2' })).conditions.get('CDKMetadataAvailable'), true);
  });

  it('resolves BootstrapVersion from Parameter Store and passes CheckBootstrapVersion', () => {
    assert.equal(stack.parameters.get('BootstrapVersion')?.resolved, '21');
    const old = fakeEnvironment();
    old.ssm.set('/cdk-bootstrap/hnb659fds/version', { value: '4', type: 'String' });
    assertRejects(() => prepare(BODY, {}, old), "CDK bootstrap stack version 6 required. Please run 'cdk bootstrap' with a recent version of the CDK CLI.");
  });

  it('orders the API after the endpoint and the function, and the stage after the deployment after the method', () => {
    const order = stack.creationOrder;
    const before = (a: string, b: string) => assert.ok(order.indexOf(a) < order.indexOf(b), `${a} before ${b}`);
    before('HandlerServiceRoleFCDC14AE', 'Handler886CB40B');
    before('Endpoint8024A810', 'PrivateApiC8A32D35');
    before('Handler886CB40B', 'PrivateApiGETE2B3A3B9');
    before('PrivateApiGETE2B3A3B9', 'PrivateApiDeployment7E1A3B5Cf5d8a9b2c3e4');
    before('PrivateApiDeployment7E1A3B5Cf5d8a9b2c3e4', 'PrivateApiDeploymentStageprod4F5A1D2E');
    before('VpcPrivateSubnet1Subnet536B997A', 'VpcPrivateSubnet1RouteTableAssociation70C59FA6');
    assert.deepEqual(stack.resources.get('Handler886CB40B')?.dependsOn, ['HandlerServiceRoleFCDC14AE']);
    assert.deepEqual(stack.creationWaves[0], ['Vpc8378EB38', 'HandlerServiceRoleFCDC14AE', 'CDKMetadata']);
    assert.deepEqual(stack.deletionOrder.slice(-3), ['CDKMetadata', 'HandlerServiceRoleFCDC14AE', 'Vpc8378EB38']);
  });

  it('joins the ARNs', () => {
    assert.deepEqual(stack.resolveProperties('HandlerServiceRoleFCDC14AE', values).ManagedPolicyArns, ['arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole']);
    const method = stack.resolveProperties('PrivateApiGETE2B3A3B9', values);
    assert.equal(
      (method.Integration as { Uri: string }).Uri,
      'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:PrivateApiStack-Handler/invocations',
    );
    assert.equal(method.ResourceId, 'r00t1d');
    assert.equal(
      stack.resolveProperties('PrivateApiGETApiPermissionTest9D1F2E63', values).SourceArn,
      'arn:aws:execute-api:us-east-1:123456789012:privateapic8a32d35-physical/test-invoke-stage/GET/',
    );
  });

  it('puts the endpoint id into the resource policy and the region into the service name', () => {
    const api = stack.resolveProperties('PrivateApiC8A32D35', values);
    const policy = api.Policy as { Statement: Array<{ Condition?: unknown }> };
    assert.deepEqual(policy.Statement[0]?.Condition, { StringNotEquals: { 'aws:sourceVpce': 'endpoint8024a810-physical' } });
    assert.equal(stack.resolveProperties('Endpoint8024A810', values).ServiceName, 'com.amazonaws.us-east-1.execute-api');
    assert.deepEqual(stack.resolveProperties('EndpointSecurityGroup2A5F1C4B', values).SecurityGroupIngress, [
      { CidrIp: '10.0.0.0/16', Description: 'from 10.0.0.0/16:443', FromPort: 443, IpProtocol: 'tcp', ToPort: 443 },
    ]);
  });

  it('builds the endpoint URL output', () => {
    assert.deepEqual(stack.resolveOutputs(values), [
      { OutputKey: 'PrivateApiEndpoint5E3B1C2A', OutputValue: 'https://privateapic8a32d35-physical.execute-api.us-east-1.amazonaws.com/privateapideploymentstageprod4f5a1d2e-physical/' },
      { OutputKey: 'EndpointId', OutputValue: 'endpoint8024a810-physical' },
    ]);
  });

  it('validates as AWS validates it', () => {
    const template = loadTemplate(BODY);
    assert.deepEqual(requiredCapabilities(template).capabilities, ['CAPABILITY_IAM']);
    const output = validateTemplateOutput(template);
    assert.deepEqual(output.Parameters, [
      {
        ParameterKey: 'BootstrapVersion',
        DefaultValue: '/cdk-bootstrap/hnb659fds/version',
        NoEcho: false,
        Description: 'Version of the CDK Bootstrap resources in this environment, automatically retrieved from SSM Parameter Store. [cdk:skip]',
      },
    ]);
  });
});
