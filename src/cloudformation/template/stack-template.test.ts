import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertRejects, fakeResourceValues, prepare } from './test-support/environment.js';

const CONDITIONAL = `
Parameters:
  Env: {Type: String, Default: dev, AllowedValues: [dev, prod]}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
  Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.0.0.0/16}}
  Alarm: {Type: AWS::CloudWatch::Alarm, Condition: IsProd, Properties: {Vpc: !Ref Vpc}}
  Subnet:
    Type: AWS::EC2::Subnet
    DeletionPolicy: Retain
    Properties:
      VpcId: !Ref Vpc
      Tags: !If [IsProd, [{Key: Alarm, Value: !Ref Alarm}], !Ref AWS::NoValue]
Outputs:
  SubnetId: {Value: !Ref Subnet, Description: !Sub "Subnet of \${AWS::StackName}"}
  AlarmName: {Value: !Ref Alarm, Condition: IsProd, Export: {Name: !Sub "\${AWS::StackName}-Alarm"}}
`;

const prod = { parameters: [{ ParameterKey: 'Env', ParameterValue: 'prod' }] };

describe('prepareStack: conditions on resources', () => {
  it('leaves out resources whose condition is false, and follows only the Fn::If branch taken', () => {
    const stack = prepare(CONDITIONAL);
    assert.deepEqual([...stack.resources.keys()], ['Vpc', 'Subnet']);
    assert.deepEqual(stack.skippedResources, ['Alarm']);
    assert.deepEqual(stack.resources.get('Subnet')?.dependsOn, ['Vpc']);
    assert.deepEqual(stack.creationOrder, ['Vpc', 'Subnet']);
    assert.deepEqual(stack.resolveProperties('Subnet', fakeResourceValues()), { VpcId: 'vpc-physical' });
  });

  it('creates them and their references when the condition holds', () => {
    const stack = prepare(CONDITIONAL, prod);
    assert.deepEqual(stack.creationWaves, [['Vpc'], ['Alarm'], ['Subnet']]);
    assert.deepEqual(stack.deletionOrder, ['Subnet', 'Alarm', 'Vpc']);
    assert.deepEqual(stack.resolveProperties('Subnet', fakeResourceValues()), { VpcId: 'vpc-physical', Tags: [{ Key: 'Alarm', Value: 'alarm-physical' }] });
    assert.equal(stack.resources.get('Subnet')?.declaration.deletionPolicy, 'Retain');
  });

  it("refuses a reference to a resource that the stack's conditions leave out", () => {
    assertRejects(
      () => prepare('Conditions:\n  Never: !Equals [a, b]\nResources:\n  Topic: {Type: T, Condition: Never}\n  Fn: {Type: T, Properties: {Topic: !Ref Topic}}\n'),
      'Template format error: Unresolved resource dependencies [Topic] in the Resources block of the template',
    );
    assertRejects(
      () => prepare('Conditions:\n  Never: !Equals [a, b]\nResources:\n  Topic: {Type: T, Condition: Never}\n  Fn: {Type: T, DependsOn: Topic}\n'),
      'Template format error: Unresolved resource dependencies [Topic] in the Resources block of the template',
    );
    assertRejects(
      () => prepare('Conditions:\n  Never: !Equals [a, b]\nResources:\n  Topic: {Type: T, Condition: Never}\n  Q: {Type: T}\nOutputs:\n  O: {Value: !GetAtt Topic.Arn}\n'),
      'Template format error: Unresolved resource dependencies [Topic] in the Outputs block of the template',
    );
  });
});

describe('prepareStack: outputs', () => {
  it('resolves the outputs whose condition holds, with descriptions and export names', () => {
    assert.deepEqual(prepare(CONDITIONAL).resolveOutputs(fakeResourceValues()), [
      { OutputKey: 'SubnetId', OutputValue: 'subnet-physical', Description: 'Subnet of tutorial' },
    ]);
    const stack = prepare(CONDITIONAL, prod);
    assert.deepEqual(stack.exportNames(), ['tutorial-Alarm']);
    assert.deepEqual(stack.resolveOutputs(fakeResourceValues())[1], { OutputKey: 'AlarmName', OutputValue: 'alarm-physical', ExportName: 'tutorial-Alarm' });
  });

  it('requires string values', () => {
    const stack = prepare('Resources:\n  Vpc: {Type: T}\nOutputs:\n  Azs: {Value: !GetAZs ""}\n  Port: {Value: 443}\n');
    assertRejects(() => stack.resolveOutputs(fakeResourceValues()), 'Template format error: Every Value member must be a string.');
    const port = prepare('Resources:\n  Vpc: {Type: T}\nOutputs:\n  Port: {Value: 443}\n');
    assert.deepEqual(port.resolveOutputs(fakeResourceValues()), [{ OutputKey: 'Port', OutputValue: '443' }]);
  });

  it('refuses two outputs exporting the same name', () => {
    assertRejects(
      () => prepare('Resources:\n  Vpc: {Type: T}\nOutputs:\n  A: {Value: a, Export: {Name: same}}\n  B: {Value: b, Export: {Name: same}}\n'),
      'Template error: duplicate Export names [same]',
    );
  });
});

describe('prepareStack: dynamic references', () => {
  const body = (value: string) => `Resources:\n  P: {Type: AWS::SSM::Parameter, Properties: {Value: "${value}", Nested: {List: ["{{resolve:ssm:/app/greeting}}"]}}}\n`;

  it('resolves {{resolve:ssm:name}} and {{resolve:ssm:name:version}} anywhere in a string', () => {
    const stack = prepare(body('say {{resolve:ssm:/app/greeting}} ({{resolve:ssm:/app/greeting:1}})'));
    assert.deepEqual(stack.resolveProperties('P', fakeResourceValues()), { Value: 'say hello (hello)', Nested: { List: ['hello'] } });
  });

  it('answers with AWS text for a missing parameter', () => {
    assertRejects(() => prepare(body('{{resolve:ssm:/x/blueprintId}}')).resolveProperties('P', fakeResourceValues()), 'Parameters: [ssm:/x/blueprintId] cannot be found.');
    assertRejects(() => prepare(body('{{resolve:ssm:/app/greeting:7}}')).resolveProperties('P', fakeResourceValues()), 'Parameters: [ssm:/app/greeting:7] cannot be found.');
  });

  it('says clearly that secure strings and Secrets Manager are not supported', () => {
    assertRejects(
      () => prepare(body('{{resolve:secretsmanager:MySecret:SecretString:password}}')).resolveProperties('P', fakeResourceValues()),
      'Gatehouse does not support {{resolve:secretsmanager:...}} dynamic references yet; use {{resolve:ssm:...}} or a parameter.',
    );
    assertRejects(
      () => prepare(body('{{resolve:ssm-secure:/app/db/password:1}}')).resolveProperties('P', fakeResourceValues()),
      'Gatehouse does not support {{resolve:ssm-secure:...}} dynamic references yet; use {{resolve:ssm:...}} or a parameter.',
    );
  });
});

describe('prepareStack: what it refuses up front', () => {
  it('refuses transforms it cannot run', () => {
    assertRejects(() => prepare('Transform: AWS::Serverless-2016-10-31\nResources:\n  F: {Type: AWS::Serverless::Function}\n'), 'Gatehouse does not run template transforms yet: [AWS::Serverless-2016-10-31]');
  });

  it('checks parameters before anything else', () => {
    assertRejects(() => prepare(CONDITIONAL, { parameters: [{ ParameterKey: 'Env', ParameterValue: 'qa' }] }), "Parameter 'Env' must be one of AllowedValues");
  });

  it('masks NoEcho parameters when describing the stack', () => {
    const stack = prepare('Parameters:\n  Secret: {Type: String, NoEcho: true}\nResources:\n  Q: {Type: T, Properties: {S: !Ref Secret}}\n', {
      parameters: [{ ParameterKey: 'Secret', ParameterValue: 'hunter2' }],
    });
    assert.deepEqual(stack.describeParameters(), [{ ParameterKey: 'Secret', ParameterValue: '****' }]);
    assert.deepEqual(stack.resolveProperties('Q', fakeResourceValues()), { S: 'hunter2' });
  });

  it('orders 200 resources in a chain quickly', () => {
    const lines = ['Resources:'];
    for (let i = 0; i < 200; i++) lines.push(`  R${i}: {Type: T${i === 0 ? '' : `, Properties: {Prev: !Ref R${i - 1}}`}}`);
    const started = performance.now();
    const stack = prepare(lines.join('\n'));
    assert.equal(stack.creationOrder[199], 'R199');
    assert.ok(performance.now() - started < 2000);
  });
});
