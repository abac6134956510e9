import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadTemplate } from './load.js';
import { assertRejects } from './test-support/environment.js';

const RESOURCES = 'Resources:\n  Q:\n    Type: AWS::SQS::Queue\n';

describe('loadTemplate: sections', () => {
  it('reads every section of a template', () => {
    const template = loadTemplate(
      [
        'AWSTemplateFormatVersion: "2010-09-09"',
        'Description: A stack',
        'Metadata: {Owner: me}',
        'Transform: AWS::Serverless-2016-10-31',
        'Parameters:',
        '  Env: {Type: String, Default: dev, AllowedValues: [dev, prod], Description: Which, NoEcho: "true", MinLength: "2"}',
        'Mappings:',
        '  Map: {us-east-1: {Ami: ami-1, Zones: [a, b]}}',
        'Conditions:',
        '  IsProd: !Equals [!Ref Env, prod]',
        'Rules:',
        '  R: {Assertions: [{Assert: !Equals [a, a], AssertDescription: never}]}',
        RESOURCES,
        'Outputs:',
        '  Url: {Value: !Ref Q, Description: The queue, Export: {Name: !Sub "${AWS::StackName}-Url"}, Condition: IsProd}',
      ].join('\n'),
    );
    assert.equal(template.formatVersion, '2010-09-09');
    assert.equal(template.description, 'A stack');
    assert.deepEqual(template.transforms, ['AWS::Serverless-2016-10-31']);
    const env = template.parameters.get('Env');
    assert.equal(env?.type.name, 'String');
    assert.equal(env?.default, 'dev');
    assert.equal(env?.noEcho, true);
    assert.equal(env?.minLength, 2);
    assert.deepEqual(env?.allowedValues, ['dev', 'prod']);
    assert.deepEqual(template.mappings.get('Map'), { 'us-east-1': { Ami: 'ami-1', Zones: ['a', 'b'] } });
    assert.deepEqual([...template.conditions.keys()], ['IsProd']);
    assert.equal(template.rules.get('R')?.assertions[0]?.description, 'never');
    assert.equal(template.resources.get('Q')?.type, 'AWS::SQS::Queue');
    assert.deepEqual(template.outputs.get('Url')?.exportName, { 'Fn::Sub': '${AWS::StackName}-Url' });
    assert.equal(template.outputs.get('Url')?.condition, 'IsProd');
  });

  it('refuses unknown top-level sections', () => {
    assertRejects(() => loadTemplate(`${RESOURCES}outputs: {}\nFoo: 1\n`), 'Template format error: Invalid template property or properties [outputs, Foo]');
  });

  it('refuses a format version other than 2010-09-09', () => {
    assertRejects(() => loadTemplate(`AWSTemplateFormatVersion: 2012-01-01\n${RESOURCES}`), 'Template format error: unsupported value for AWSTemplateFormatVersion.');
  });

  it('requires at least one resource', () => {
    assertRejects(() => loadTemplate('Description: empty\n'), 'Template format error: At least one Resources member must be defined.');
    assertRejects(() => loadTemplate('Resources: {}\n'), 'Template format error: At least one Resources member must be defined.');
  });
});

describe('loadTemplate: resources', () => {
  it('reads DependsOn as a string or a list, and the policies', () => {
    const template = loadTemplate(
      'Resources:\n  A: {Type: T, DependsOn: B, DeletionPolicy: Retain}\n  B: {Type: T, DependsOn: [C], UpdateReplacePolicy: Snapshot}\n  C: {Type: T}\n',
    );
    assert.deepEqual(template.resources.get('A')?.dependsOn, ['B']);
    assert.equal(template.resources.get('A')?.deletionPolicy, 'Retain');
    assert.equal(template.resources.get('A')?.updateReplacePolicy, 'Delete');
    assert.deepEqual(template.resources.get('B')?.dependsOn, ['C']);
    assert.equal(template.resources.get('B')?.updateReplacePolicy, 'Snapshot');
    assert.deepEqual(template.resources.get('C')?.properties, {});
  });

  it('answers with AWS texts for malformed resources', () => {
    assertRejects(() => loadTemplate('Resources:\n  my-queue: {Type: T}\n'), 'Template format error: Resource name my-queue is non alphanumeric.');
    assertRejects(() => loadTemplate('Resources:\n  Q: text\n'), 'Template format error: Every Resources member must be an object.');
    assertRejects(() => loadTemplate('Resources:\n  Q: {Properties: {}}\n'), 'Template format error: Every Resources object must contain a Type member.');
    assertRejects(() => loadTemplate('Resources:\n  Q: {Type: T, Propertes: {}}\n'), "Invalid template resource property 'Propertes'");
    assertRejects(() => loadTemplate('Resources:\n  Q: {Type: T, DependsOn: {Ref: X}}\n'), 'Template format error: DependsOn must be a string or list of strings.');
    assertRejects(() => loadTemplate('Resources:\n  Q: {Type: T, Condition: [A]}\n'), 'Template format error: Every Condition member must be a string.');
    assertRejects(() => loadTemplate('Resources:\n  Q: {Type: T, DeletionPolicy: Keep}\n'), 'Template format error: Unrecognized DeletionPolicy Keep for resource Q');
  });
});

describe('loadTemplate: outputs, parameters, mappings, rules', () => {
  it('requires a Value in every output and a Name in every Export', () => {
    assertRejects(() => loadTemplate(`${RESOURCES}Outputs:\n  O: {Description: x}\n`), 'Template format error: Every Outputs member must contain a Value object');
    assertRejects(
      () => loadTemplate(`${RESOURCES}Outputs:\n  O: {Value: x, Export: {Value: y}}\n`),
      'Template format error: Output O is malformed.  The Name field of every Export member must be specified and consist only of alphanumeric characters, colons, or hyphens.',
    );
  });

  it('answers with AWS texts for malformed parameters', () => {
    assertRejects(() => loadTemplate(`Parameters:\n  P: {Default: x}\n${RESOURCES}`), 'Template format error: Every Parameters object must contain a Type member.');
    assertRejects(() => loadTemplate(`Parameters:\n  P: {Type: Strin}\n${RESOURCES}`), 'Template format error: Unrecognized parameter type: Strin');
    assertRejects(() => loadTemplate(`Parameters:\n  P: {Type: String, Defaults: x}\n${RESOURCES}`), "Template format error: Invalid template parameter property 'Defaults'");
    assertRejects(() => loadTemplate(`Parameters:\n  P: {Type: String, AllowedValues: a b}\n${RESOURCES}`), 'Template format error: Every AllowedValues member must be a list.');
  });

  it('reads numbers and booleans as text where CloudFormation wants strings', () => {
    const template = loadTemplate(`Parameters:\n  N: {Type: Number, Default: 5, AllowedValues: [5, 10]}\n  B: {Type: String, Default: Yes}\n${RESOURCES}`);
    assert.equal(template.parameters.get('N')?.default, '5');
    assert.deepEqual(template.parameters.get('N')?.allowedValues, ['5', '10']);
    assert.equal(template.parameters.get('B')?.default, 'true');
  });

  it('requires alphanumeric mapping attribute names and string or list values', () => {
    assertRejects(
      () => loadTemplate(`Mappings:\n  M: {Key: {ca-central-1: x}}\n${RESOURCES}`),
      "Template format error: Mappings attribute name 'ca-central-1' must contain only alphanumeric characters.",
    );
    assertRejects(() => loadTemplate(`Mappings:\n  M: {Key: {A: {nested: map}}}\n${RESOURCES}`), 'Template format error: Every Mappings attribute must be a String or a List.');
  });

  it('requires Assertions in every rule', () => {
    assertRejects(() => loadTemplate(`Rules:\n  R: {RuleCondition: !Equals [a, a]}\n${RESOURCES}`), 'Template format error: Every Rules member must contain an Assertions member');
  });
});
