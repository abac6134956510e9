import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { creationOrder, creationWaves, deletionOrder } from './graph.js';
import { loadTemplate } from './load.js';
import { validateTemplate } from './validate.js';
import { assertRejects } from './test-support/environment.js';

const validate = (body: string, options = {}) => validateTemplate(loadTemplate(body), options);

describe('validateTemplate: references', () => {
  it('accepts references to parameters, pseudo parameters and resources', () => {
    validate(
      [
        'Parameters:',
        '  Cidr: {Type: String, Default: 10.0.0.0/16}',
        'Resources:',
        '  Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: !Ref Cidr}}',
        "  Subnet: {Type: AWS::EC2::Subnet, Properties: {VpcId: !Ref Vpc, CidrBlock: !Select [0, !Cidr [!GetAtt Vpc.CidrBlock, 1, 8]], AvailabilityZone: !Sub '${AWS::Region}a'}}",
        'Outputs:',
        '  VpcId: {Value: !Ref Vpc, Export: {Name: !Sub "${AWS::StackName}-VpcId"}}',
      ].join('\n'),
    );
  });

  it('names every unresolved reference of the Resources block, DependsOn and Sub variables included', () => {
    assertRejects(
      () => validate('Resources:\n  A: {Type: T, DependsOn: [Missing], Properties: {X: !Ref VpcID, Y: !Sub "${ARCH}"}}\n'),
      'Template format error: Unresolved resource dependencies [VpcID, ARCH, Missing] in the Resources block of the template',
    );
  });

  it('checks references of the Outputs block', () => {
    assertRejects(() => validate('Resources:\n  A: {Type: T}\nOutputs:\n  O: {Value: !Ref B}\n'), 'Template format error: Unresolved resource dependencies [B] in the Outputs block of the template');
    assertRejects(() => validate('Resources:\n  A: {Type: T}\nOutputs:\n  O: {Value: !GetAtt Database.Endpoint.Address}\n'), 'Template error: instance of Fn::GetAtt references undefined resource Database');
  });

  it('refuses a GetAtt of an undefined resource, in both Fn::If branches', () => {
    assertRejects(
      () => validate('Conditions:\n  C: !Equals [a, a]\nResources:\n  A: {Type: T, Properties: {X: !If [C, x, !GetAtt Nope.Arn]}}\n'),
      'Template error: instance of Fn::GetAtt references undefined resource Nope',
    );
  });

  it('refuses export names that depend on resources', () => {
    assertRejects(
      () => validate('Resources:\n  Vpc: {Type: T}\nOutputs:\n  Ids: {Value: x, Export: {Name: !Sub "${AWS::StackName}-${Vpc}-Ids"}}\n'),
      'Template format error: Output Ids is malformed.  The Name field of Export must not depend on any resources, imported values, or Fn::GetAZs.',
    );
  });

  it('refuses unknown functions anywhere', () => {
    assert.throws(() => validate('Resources:\n  A: {Type: T, Properties: {X: {Fn::Concat: [a, b]}}}\n'), /Encountered unsupported function: Fn::Concat/);
  });

  it('refuses a name used by a parameter and a resource', () => {
    assertRejects(() => validate('Parameters:\n  A: {Type: String}\nResources:\n  A: {Type: T}\n'), 'Template error: all resources and parameters must have unique names. Common name(s):[A]');
  });

  it('checks resource types when the stack engine says which it knows', () => {
    assertRejects(
      () => validate('Resources:\n  A: {Type: AWS::EC2::VPC}\n  B: {Type: AWS::Foo::Bar}\n', { isKnownResourceType: (t: string) => t === 'AWS::EC2::VPC' }),
      'Template format error: Unrecognized resource types: [AWS::Foo::Bar]',
    );
  });
});

describe('validateTemplate: conditions', () => {
  it('refuses resources in the Conditions block', () => {
    assertRejects(
      () => validate('Conditions:\n  C: !Equals [!FindInMap [M, !Ref Inst, t], "true"]\nResources:\n  Inst: {Type: T, Condition: C}\n'),
      'Template format error: Unresolved dependencies [Inst]. Cannot reference resources in the Conditions block of the template',
    );
  });

  it('refuses conditions that are not defined', () => {
    assertRejects(() => validate('Resources:\n  A: {Type: T, Condition: ListenForHttps}\n'), 'Template format error: Condition ListenForHttps is not defined.');
    assertRejects(() => validate('Resources:\n  A: {Type: T}\nOutputs:\n  O: {Value: x, Condition: Nope}\n'), 'Template format error: Condition Nope is not defined.');
    assertRejects(() => validate('Resources:\n  A: {Type: T, Properties: {X: !If [Nope, a, b]}}\n'), 'Template error: unresolved condition dependency Nope in Fn::If');
    assertRejects(() => validate('Conditions:\n  A: !Not [!Condition B]\nResources:\n  R: {Type: T}\n'), 'Template format error: Unresolved condition dependencies [B] in the Conditions block of the template');
  });

  it('refuses cycles between conditions', () => {
    assertRejects(
      () => validate('Conditions:\n  A: !Not [!Condition B]\n  B: !And [!Condition C, !Condition A]\n  C: !Equals [a, a]\nResources:\n  R: {Type: T}\n'),
      'Template error: Found circular condition dependency: [A, B]',
    );
  });
});

describe('validateTemplate: circular dependencies', () => {
  it('names the resources that cannot be ordered', () => {
    assertRejects(
      () =>
        validate(
          [
            'Resources:',
            '  Vpc: {Type: AWS::EC2::VPC}',
            '  SecurityGroupA: {Type: AWS::EC2::SecurityGroup, Properties: {VpcId: !Ref Vpc, SourceGroup: !Ref SecurityGroupB}}',
            '  SecurityGroupB: {Type: AWS::EC2::SecurityGroup, Properties: {SourceGroup: !GetAtt SecurityGroupA.GroupId}}',
            '  Instance: {Type: AWS::EC2::Instance, Properties: {SecurityGroupIds: [!Ref SecurityGroupB]}}',
          ].join('\n'),
        ),
      'Circular dependency between resources: [SecurityGroupA, SecurityGroupB, Instance]',
    );
  });

  it('sees cycles through DependsOn and Sub, and a resource that depends on itself', () => {
    assertRejects(() => validate('Resources:\n  A: {Type: T, DependsOn: B}\n  B: {Type: T, Properties: {X: !Sub "${A.Arn}"}}\n'), 'Circular dependency between resources: [A, B]');
    assertRejects(() => validate('Resources:\n  A: {Type: T, Properties: {Self: !Ref A}}\n'), 'Circular dependency between resources: [A]');
  });
});

describe('graph orders', () => {
  const graph = {
    nodes: ['Instance', 'Vpc', 'Subnet', 'Role', 'Function'],
    dependencies: new Map([
      ['Instance', new Set(['Subnet'])],
      ['Subnet', new Set(['Vpc'])],
      ['Function', new Set(['Role'])],
    ]),
  };

  it('creates dependencies first, the template order deciding between ready resources', () => {
    assert.deepEqual(creationWaves(graph), [['Vpc', 'Role'], ['Subnet', 'Function'], ['Instance']]);
    assert.deepEqual(creationOrder(graph), ['Vpc', 'Role', 'Subnet', 'Function', 'Instance']);
  });

  it('deletes in reverse', () => {
    assert.deepEqual(deletionOrder(graph), ['Instance', 'Function', 'Subnet', 'Role', 'Vpc']);
  });
});
