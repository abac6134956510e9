import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PreparedStack } from './stack-template.js';
import { assertRejects, fakeEnvironment, fakeResourceValues, prepare, STACK_ID } from './test-support/environment.js';

const BASE = `
Parameters:
  Env: {Type: String, Default: prod}
  Zones: {Type: CommaDelimitedList, Default: "a,b,c"}
  Count: {Type: Number, Default: "2"}
Mappings:
  RegionMap:
    us-east-1: {Ami: ami-east, Zones: [use1-az1, use1-az2]}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  IsDev: !Not [!Condition IsProd]
Resources:
  Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.0.0.0/16}}
  Bucket: {Type: AWS::S3::Bucket}
  DevOnly: {Type: AWS::S3::Bucket, Condition: IsDev}
`;

let cached: PreparedStack | undefined;
function base(): PreparedStack {
  cached ??= prepare(BASE);
  return cached;
}

const run = (expression: unknown, values = fakeResourceValues()): unknown => base().evaluate(expression, values);

describe('Ref', () => {
  it('reads parameters, list parameters and pseudo parameters', () => {
    assert.equal(run({ Ref: 'Env' }), 'prod');
    assert.deepEqual(run({ Ref: 'Zones' }), ['a', 'b', 'c']);
    assert.equal(run({ Ref: 'AWS::Region' }), 'us-east-1');
    assert.equal(run({ Ref: 'AWS::AccountId' }), '123456789012');
    assert.equal(run({ Ref: 'AWS::StackName' }), 'tutorial');
    assert.equal(run({ Ref: 'AWS::StackId' }), STACK_ID);
    assert.equal(run({ Ref: 'AWS::Partition' }), 'aws');
    assert.equal(run({ Ref: 'AWS::URLSuffix' }), 'amazonaws.com');
    assert.deepEqual(run({ Ref: 'AWS::NotificationARNs' }), []);
  });

  it("reads a resource's Ref value from the stack engine", () => {
    assert.equal(run({ Ref: 'Vpc' }), 'vpc-physical');
  });

  it('removes AWS::NoValue from objects and lists', () => {
    assert.deepEqual(run({ A: { Ref: 'AWS::NoValue' }, B: [1, { Ref: 'AWS::NoValue' }, 2] }), { B: [1, 2] });
  });

  it('refuses names that do not exist or a resource a false condition removes', () => {
    assertRejects(() => run({ Ref: 'Nope' }), 'Template format error: Unresolved resource dependencies [Nope] in the Resources block of the template');
    assertRejects(() => run({ Ref: 'DevOnly' }), 'Template format error: Unresolved resource dependencies [DevOnly] in the Resources block of the template');
    assertRejects(() => run({ Ref: ['Env'] }), 'Template error: every Ref object must have a single String value.');
  });

  it('derives partition and URL suffix from the region', () => {
    const china = prepare(BASE, {}, fakeEnvironment({ region: 'cn-north-1' }));
    assert.equal(china.evaluate({ Ref: 'AWS::Partition' }), 'aws-cn');
    assert.equal(china.evaluate({ Ref: 'AWS::URLSuffix' }), 'amazonaws.com.cn');
  });
});

describe('Fn::GetAtt', () => {
  it('reads both forms', () => {
    const values = fakeResourceValues({ Vpc: { CidrBlock: '10.0.0.0/16' } });
    assert.equal(run({ 'Fn::GetAtt': ['Vpc', 'CidrBlock'] }, values), '10.0.0.0/16');
    assert.equal(run({ 'Fn::GetAtt': 'Vpc.CidrBlock' }, values), '10.0.0.0/16');
  });

  it('passes list attributes through', () => {
    const values = fakeResourceValues({ Vpc: { Ipv6CidrBlocks: ['2001:db8::/56'] } });
    assert.deepEqual(run({ 'Fn::GetAtt': ['Vpc', 'Ipv6CidrBlocks'] }, values), ['2001:db8::/56']);
  });

  it('answers with AWS texts', () => {
    assertRejects(() => run({ 'Fn::GetAtt': ['Nope', 'Arn'] }), 'Template error: instance of Fn::GetAtt references undefined resource Nope');
    assertRejects(() => run({ 'Fn::GetAtt': ['Vpc'] }), 'Template error: every Fn::GetAtt object requires two non-empty parameters, the resource name and the resource attribute');
    assertRejects(() => run({ 'Fn::GetAtt': ['Vpc', 'Missing'] }), 'Template error: resource Vpc does not support attribute type Missing in Fn::GetAtt');
  });
});

describe('Fn::Sub', () => {
  it('substitutes parameters, pseudo parameters, Refs and GetAtts', () => {
    const values = fakeResourceValues({ Bucket: { Arn: 'arn:aws:s3:::bucket-physical' } });
    assert.equal(run({ 'Fn::Sub': '${AWS::StackName}-${Env}-${Vpc}-${Bucket.Arn}/*' }, values), 'tutorial-prod-vpc-physical-arn:aws:s3:::bucket-physical/*');
  });

  it('writes ${!Literal} as ${Literal}', () => {
    assert.equal(run({ 'Fn::Sub': 'echo ${!HOME} in ${AWS::Region}' }), 'echo ${HOME} in us-east-1');
  });

  it('takes variables from the map of the list form first', () => {
    assert.equal(run({ 'Fn::Sub': ['${Env}:${Domain}', { Env: 'staging', Domain: { 'Fn::Join': ['.', ['api', { Ref: 'AWS::URLSuffix' }]] } }] }), 'staging:api.amazonaws.com');
  });

  it('leaves text without variables alone', () => {
    assert.equal(run({ 'Fn::Sub': 'plain $ {text}' }), 'plain $ {text}');
  });

  it('answers with AWS texts', () => {
    assertRejects(() => run({ 'Fn::Sub': '${ARCH:-x86}' }), 'Template error: variable names in Fn::Sub syntax must contain only alphanumeric characters, underscores, periods, and colons');
    assertRejects(() => run({ 'Fn::Sub': '${ARCH}' }), 'Template format error: Unresolved resource dependencies [ARCH] in the Resources block of the template');
    assertRejects(() => run({ 'Fn::Sub': '${ctx.args.x}' }), 'Template error: instance of Fn::Sub references invalid resource attribute ctx.args.x');
    assertRejects(() => run({ 'Fn::Sub': '${Zones}' }), 'Template error: variable Zones in Fn::Sub expression does not resolve to a string');
  });
});

describe('Fn::Join, Fn::Split, Fn::Select', () => {
  it('joins lists, lists from functions included', () => {
    assert.equal(run({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::', { Ref: 'Bucket' }]] }), 'arn:aws:s3:::bucket-physical');
    assert.equal(run({ 'Fn::Join': [',', { Ref: 'Zones' }] }), 'a,b,c');
    assert.equal(run({ 'Fn::Join': ['-', [1, true, 'x']] }), '1-true-x');
  });

  it('splits and selects', () => {
    assert.deepEqual(run({ 'Fn::Split': ['|', 'a|b||c'] }), ['a', 'b', '', 'c']);
    assert.equal(run({ 'Fn::Select': ['1', { 'Fn::Split': [',', 'x,y,z'] }] }), 'y');
    assert.equal(run({ 'Fn::Select': [0, { 'Fn::GetAZs': '' }] }), 'us-east-1a');
  });

  it('answers with AWS texts', () => {
    assertRejects(() => run({ 'Fn::Select': [3, ['a', 'b']] }), 'Template error: Fn::Select cannot select nonexistent value at index 3');
    assertRejects(
      () => run({ 'Fn::Join': [',', 'not-a-list'] }),
      'Template error: every Fn::Join object requires two parameters, (1) a string delimiter and (2) a list of strings to be joined or a function that returns a list of strings (such as Fn::GetAZs) to be joined.',
    );
  });
});

describe('Fn::GetAZs, Fn::ImportValue, Fn::Base64', () => {
  it("gives the region's zones for '' and for a region", () => {
    assert.deepEqual(run({ 'Fn::GetAZs': '' }), ['us-east-1a', 'us-east-1b', 'us-east-1c']);
    assert.deepEqual(run({ 'Fn::GetAZs': { Ref: 'AWS::Region' } }), ['us-east-1a', 'us-east-1b', 'us-east-1c']);
    assert.deepEqual(run({ 'Fn::GetAZs': 'eu-west-1' }), ['eu-west-1a', 'eu-west-1b', 'eu-west-1c']);
  });

  it('imports exported values', () => {
    assert.equal(run({ 'Fn::ImportValue': 'network-VpcId' }), 'vpc-0exported');
    assert.equal(run({ 'Fn::ImportValue': { 'Fn::Sub': 'network-VpcId' } }), 'vpc-0exported');
    assertRejects(() => run({ 'Fn::ImportValue': 'nothing' }), 'No export named nothing found');
  });

  it('encodes Base64', () => {
    assert.equal(run({ 'Fn::Base64': { 'Fn::Sub': '#!/bin/bash\necho ${AWS::Region}\n' } }), Buffer.from('#!/bin/bash\necho us-east-1\n').toString('base64'));
  });
});

describe('Fn::FindInMap', () => {
  it('reads strings and lists', () => {
    assert.equal(run({ 'Fn::FindInMap': ['RegionMap', { Ref: 'AWS::Region' }, 'Ami'] }), 'ami-east');
    assert.deepEqual(run({ 'Fn::FindInMap': ['RegionMap', 'us-east-1', 'Zones'] }), ['use1-az1', 'use1-az2']);
  });

  it('takes a DefaultValue when the key is missing', () => {
    assert.equal(run({ 'Fn::FindInMap': ['RegionMap', 'eu-west-1', 'Ami', { DefaultValue: 'ami-default' }] }), 'ami-default');
  });

  it('answers with AWS texts', () => {
    assertRejects(() => run({ 'Fn::FindInMap': ['RegionMap', 'eu-west-1', 'Ami'] }), 'Template error: Unable to get mapping for RegionMap::eu-west-1::Ami');
    assertRejects(() => run({ 'Fn::FindInMap': ['RegionMap', 'constructor', 'Ami'] }), 'Template error: Unable to get mapping for RegionMap::constructor::Ami');
    assertRejects(() => run({ 'Fn::FindInMap': ['RegionMap', 'us-east-1'] }), 'Template error: every Fn::FindInMap object requires three parameters, the map name, map key and the attribute for return value');
  });
});

describe('Fn::If and the condition functions', () => {
  it('evaluates only the branch it takes', () => {
    assert.equal(run({ 'Fn::If': ['IsProd', 'large', { Ref: 'DevOnly' }] }), 'large');
    assert.deepEqual(run({ Size: { 'Fn::If': ['IsDev', 'small', { Ref: 'AWS::NoValue' }] } }), {});
  });

  it('evaluates Equals, And, Or, Not and Condition inline', () => {
    assert.equal(run({ 'Fn::Equals': [{ Ref: 'Count' }, 2] }), true);
    assert.equal(run({ 'Fn::And': [{ Condition: 'IsProd' }, { 'Fn::Not': [{ Condition: 'IsDev' }] }] }), true);
    assert.equal(run({ 'Fn::Or': [{ Condition: 'IsDev' }, { 'Fn::Equals': ['a', 'b'] }] }), false);
  });

  it('answers with AWS texts', () => {
    assertRejects(() => run({ 'Fn::If': [{ Condition: 'IsProd' }, 'a', 'b'] }), 'Template error: Fn::If requires a list argument with the first element being a condition');
    assertRejects(() => run({ 'Fn::If': ['IsProd', 'a'] }), 'Template error: Fn::If requires a list argument with three elements');
    assertRejects(() => run({ 'Fn::If': ['Nope', 'a', 'b'] }), 'Template error: unresolved condition dependency Nope in Fn::If');
    assertRejects(() => run({ 'Fn::Or': [{ Condition: 'IsDev' }] }), 'Template error: every Fn::Or object requires a list of at least 2 and at most 10 boolean parameters.');
  });
});

describe('Fn::Length, Fn::ToJsonString and unknown functions', () => {
  it('measures lists and writes JSON', () => {
    assert.equal(run({ 'Fn::Length': { Ref: 'Zones' } }), 3);
    assert.equal(run({ 'Fn::ToJsonString': { Env: { Ref: 'Env' }, Zones: { Ref: 'Zones' } } }), '{"Env":"prod","Zones":["a","b","c"]}');
  });

  it('names an unknown function with the list AWS gives', () => {
    assert.throws(() => run({ 'Fn::Condition': 'IsProd' }), /^ValidationError: Template Error: Encountered unsupported function: Fn::Condition Supported functions are: \[Fn::Base64, Fn::GetAtt, Fn::GetAZs, /);
  });

  it('says what is missing for Fn::Transform', () => {
    assertRejects(() => run({ 'Fn::Transform': { Name: 'AWS::Include' } }), 'Gatehouse does not run template transforms yet: [Fn::Transform]');
  });

  it('treats a one-key object with another key as plain data', () => {
    assert.deepEqual(run({ Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1' } }, Effect: 'Allow' }), {
      Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1' } },
      Effect: 'Allow',
    });
  });
});
