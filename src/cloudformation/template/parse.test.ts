import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseTemplateBody } from './parse.js';
import { assertRejects } from './test-support/environment.js';

function resourceProperties(yaml: string): unknown {
  const doc = parseTemplateBody(`Resources:\n  R:\n    Type: T\n    Properties:\n${yaml}`);
  return (doc.Resources as { R: { Properties: unknown } }).R.Properties;
}

describe('parseTemplateBody: JSON', () => {
  it('reads a JSON template', () => {
    const doc = parseTemplateBody('{"Resources": {"Q": {"Type": "AWS::SQS::Queue"}}}');
    assert.deepEqual(doc, { Resources: { Q: { Type: 'AWS::SQS::Queue' } } });
  });

  it('reports malformed JSON with its line and column', () => {
    assertRejects(() => parseTemplateBody('{\n  "Resources": {,\n}'), 'Template format error: JSON not well-formed. (line 2, column 17)');
  });

  it('reports a truncated JSON document at its end', () => {
    assertRejects(() => parseTemplateBody('{\n  "Resources": {'), 'Template format error: JSON not well-formed. (line 2, column 17)');
  });
});

describe('parseTemplateBody: YAML', () => {
  it('reports malformed YAML with its line and column', () => {
    assertRejects(
      () => parseTemplateBody('Resources:\n  Q:\n    Type: [unclosed\n'),
      'Template format error: YAML not well-formed. (line 4, column 1)',
    );
  });

  it('rejects duplicate keys', () => {
    assert.throws(() => parseTemplateBody('Resources: {}\nResources: {}\n'), /YAML not well-formed/);
  });

  it('refuses a body that is not a mapping', () => {
    assertRejects(() => parseTemplateBody('just some text'), 'Template format error: unsupported structure.');
    assertRejects(() => parseTemplateBody('- a\n- b\n'), 'Template format error: unsupported structure.');
  });

  it('keeps an unquoted date and base-60 looking values as text', () => {
    const doc = parseTemplateBody('AWSTemplateFormatVersion: 2010-09-09\nTime: 12:30\n');
    assert.equal(doc.AWSTemplateFormatVersion, '2010-09-09');
    assert.equal(doc.Time, '12:30');
  });

  it('reads YAML 1.1 booleans as CloudFormation does (yes/no/on/off), but not y/n', () => {
    const doc = parseTemplateBody('A: Yes\nB: off\nC: y\nD: n\nE: "yes"\n');
    assert.deepEqual(doc, { A: true, B: false, C: 'y', D: 'n', E: 'yes' });
  });
});

describe('parseTemplateBody: short forms', () => {
  it('turns !Ref and !Condition into their long forms', () => {
    assert.deepEqual(resourceProperties('      A: !Ref Vpc\n      B: !Condition IsProd\n'), { A: { Ref: 'Vpc' }, B: { Condition: 'IsProd' } });
  });

  it('splits !GetAtt A.B at the first dot, and reads the sequence form', () => {
    assert.deepEqual(resourceProperties('      A: !GetAtt Vpc.CidrBlock\n      B: !GetAtt Db.Endpoint.Address\n      C: !GetAtt [Fn, Arn]\n'), {
      A: { 'Fn::GetAtt': ['Vpc', 'CidrBlock'] },
      B: { 'Fn::GetAtt': ['Db', 'Endpoint.Address'] },
      C: { 'Fn::GetAtt': ['Fn', 'Arn'] },
    });
  });

  it('reads !Sub in its scalar and sequence forms', () => {
    const props = resourceProperties("      A: !Sub 'arn:${AWS::Partition}:s3:::${Bucket}'\n      B: !Sub\n        - '${Name}-x'\n        - Name: !Ref AWS::StackName\n");
    assert.deepEqual(props, {
      A: { 'Fn::Sub': 'arn:${AWS::Partition}:s3:::${Bucket}' },
      B: { 'Fn::Sub': ['${Name}-x', { Name: { Ref: 'AWS::StackName' } }] },
    });
  });

  it('nests short forms inside short forms', () => {
    const props = resourceProperties("      Az: !Select [0, !GetAZs '']\n      Name: !Join ['-', [!Ref AWS::StackName, !Select [1, !Split [',', !Ref List]]]]\n");
    assert.deepEqual(props, {
      Az: { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] },
      Name: { 'Fn::Join': ['-', [{ Ref: 'AWS::StackName' }, { 'Fn::Select': [1, { 'Fn::Split': [',', { Ref: 'List' }] }] }]] },
    });
  });

  it('reads the condition functions', () => {
    const props = resourceProperties(
      '      A: !If [IsProd, !Ref AWS::NoValue, small]\n      B: !And [!Equals [a, b], !Not [!Condition C], !Or [!Condition D, !Condition E]]\n',
    );
    assert.deepEqual(props, {
      A: { 'Fn::If': ['IsProd', { Ref: 'AWS::NoValue' }, 'small'] },
      B: { 'Fn::And': [{ 'Fn::Equals': ['a', 'b'] }, { 'Fn::Not': [{ Condition: 'C' }] }, { 'Fn::Or': [{ Condition: 'D' }, { Condition: 'E' }] }] },
    });
  });

  it('reads the remaining functions, mappings included', () => {
    const props = resourceProperties(
      [
        '      A: !FindInMap [Map, !Ref AWS::Region, Ami]',
        '      B: !Base64 { "Fn::Sub": "echo ${AWS::Region}" }',
        '      C: !Cidr [10.0.0.0/16, 4, 8]',
        '      D: !ImportValue network-VpcId',
        "      E: !Contains [[a, b], !Ref P]",
        '      F: !Length [1, 2]',
        '      G: !ToJsonString {a: 1}',
        '      H: !EachMemberEquals [[a], a]',
        '      I: !EachMemberIn [[a], [a, b]]',
        '      J: !RefAll AWS::EC2::VPC::Id',
        '      K: !ValueOf [Vpc, Tags.Department]',
        '      L: !ValueOfAll [AWS::EC2::VPC::Id, Tags.Department]',
        '',
      ].join('\n'),
    );
    assert.deepEqual(props, {
      A: { 'Fn::FindInMap': ['Map', { Ref: 'AWS::Region' }, 'Ami'] },
      B: { 'Fn::Base64': { 'Fn::Sub': 'echo ${AWS::Region}' } },
      C: { 'Fn::Cidr': ['10.0.0.0/16', 4, 8] },
      D: { 'Fn::ImportValue': 'network-VpcId' },
      E: { 'Fn::Contains': [['a', 'b'], { Ref: 'P' }] },
      F: { 'Fn::Length': [1, 2] },
      G: { 'Fn::ToJsonString': { a: 1 } },
      H: { 'Fn::EachMemberEquals': [['a'], 'a'] },
      I: { 'Fn::EachMemberIn': [['a'], ['a', 'b']] },
      J: { 'Fn::RefAll': 'AWS::EC2::VPC::Id' },
      K: { 'Fn::ValueOf': ['Vpc', 'Tags.Department'] },
      L: { 'Fn::ValueOfAll': ['AWS::EC2::VPC::Id', 'Tags.Department'] },
    });
  });

  it('keeps block scalars (inline Lambda code) intact', () => {
    const props = resourceProperties("      ZipFile: |\n        exports.handler = async () => ({ statusCode: 200, body: 'Hello from Lambda!' });\n");
    assert.deepEqual(props, { ZipFile: "exports.handler = async () => ({ statusCode: 200, body: 'Hello from Lambda!' });\n" });
  });
});
