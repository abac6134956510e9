import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { openFixture } from './fixture.js';
import { cdkMetadata, logGroup, ssmParameter } from './other.js';
import { RESOURCE_TYPES, resourceType, unsupportedType, unsupportedTypes, unsupportedTypesOf } from './registry.js';

const f = openFixture();
after(() => f.dispose());

test('LogGroup: Ref is the name, GetAtt Arn ends in :*; bad retention fails', async () => {
  const named = await f.create(logGroup, 'Logs', { LogGroupName: '/aws/lambda/hello', RetentionInDays: '7' });
  assert.deepEqual(named, { physicalId: '/aws/lambda/hello', attributes: { Arn: 'arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/hello:*' } });
  const generated = await f.create(logGroup, 'AccessLogs', {});
  assert.match(generated.physicalId, /^private-api-tutorial-AccessLogs-[A-Za-z0-9]{12}$/);
  await assert.rejects(f.create(logGroup, 'Logs', { RetentionInDays: 2 }), { message: 'Properties validation failed for resource Logs with message: #/RetentionInDays: 2 is not a valid enum value' });
  await assert.rejects(logGroup.update!(named, {}, { LogGroupName: '/aws/lambda/hello', RetentionInDays: 8 }, f.ctx('Logs')), /RetentionInDays: 8/);
});

test('SSM Parameter: made, read, changed and removed through Parameter Store; Ref and GetAtt forms', async () => {
  const p = await f.create(ssmParameter, 'ApiUrl', { Type: 'String', Value: 'https://example', Description: 'where', Tags: { team: 'api' } });
  assert.match(p.physicalId, /^CFN-ApiUrl-[A-Za-z0-9]{12}$/);
  assert.deepEqual(p.attributes, { Type: 'String', Value: 'https://example' });
  const read = await f.api('ssm', 'GetParameter', { Name: p.physicalId });
  assert.equal((read.Parameter as { Value: string }).Value, 'https://example');

  const next = { Type: 'StringList', Value: 'a,b', Tags: { owner: 'me' } };
  const updated = await ssmParameter.update!(p, { Type: 'String', Value: 'https://example', Description: 'where', Tags: { team: 'api' } }, next, f.ctx('ApiUrl'));
  assert.deepEqual(updated, { physicalId: p.physicalId, attributes: { Type: 'StringList', Value: 'a,b' } });
  const again = (await f.api('ssm', 'GetParameter', { Name: p.physicalId })).Parameter as { Value: string; Type: string; Version: number };
  assert.deepEqual([again.Value, again.Type, again.Version], ['a,b', 'StringList', 2]);
  const tags = await f.api('ssm', 'ListTagsForResource', { ResourceType: 'Parameter', ResourceId: p.physicalId });
  assert.deepEqual(tags.TagList, [{ Key: 'owner', Value: 'me' }]);

  await ssmParameter.delete(updated, next, f.ctx('ApiUrl'));
  await assert.rejects(f.api('ssm', 'GetParameter', { Name: p.physicalId }), { name: 'ParameterNotFound' });
  await ssmParameter.delete(updated, next, f.ctx('ApiUrl'));

  await assert.rejects(f.create(ssmParameter, 'Secret', { Type: 'SecureString', Value: 'x' }), { message: 'Properties validation failed for resource Secret with message: #/Type: SecureString is not a valid enum value' });
  const named = await f.create(ssmParameter, 'Named', { Name: '/app/stage', Type: 'String', Value: 'test' });
  assert.equal(named.physicalId, '/app/stage');
  await assert.rejects(f.create(ssmParameter, 'Again', { Name: '/app/stage', Type: 'String', Value: 'test' }), { name: 'ParameterAlreadyExists' });
});

test('CDK Metadata: nothing to make', async () => {
  const m = await f.create(cdkMetadata, 'CDKMetadata', { Analytics: 'v2:deflate64:abc' });
  assert.match(m.physicalId, /^[0-9a-f-]{36}$/);
  await cdkMetadata.delete(m, {}, f.ctx('CDKMetadata'));
});

test('registry: every record under its own type name; other types named in one clear failure', () => {
  for (const [name, type] of RESOURCE_TYPES) assert.equal(type.type, name);
  assert.equal(RESOURCE_TYPES.size, 44);
  for (const name of ['AWS::EC2::VPC', 'AWS::EC2::VPCEndpoint', 'AWS::EC2::LaunchTemplate', 'AWS::IAM::Role', 'AWS::Lambda::Permission', 'AWS::ApiGateway::Deployment', 'AWS::ApiGateway::Authorizer', 'AWS::SSM::Parameter', 'AWS::CDK::Metadata', 'AWS::S3::Bucket', 'AWS::S3::BucketPolicy', 'AWS::ECR::Repository', 'AWS::Cognito::UserPool', 'AWS::Cognito::UserPoolClient', 'AWS::Cognito::UserPoolResourceServer', 'AWS::Cognito::UserPoolGroup']) {
    assert.ok(resourceType(name), name);
  }
  assert.equal(resourceType('AWS::SNS::Topic'), undefined);
  assert.equal(unsupportedType('AWS::SNS::Topic').message, 'Template format error: Unrecognized resource types: [AWS::SNS::Topic] (Gatehouse does not provision this type)');
  const types = unsupportedTypesOf(['AWS::EC2::VPC', 'AWS::SNS::Topic', 'AWS::SQS::Queue', 'AWS::SNS::Topic']);
  assert.deepEqual(types, ['AWS::SNS::Topic', 'AWS::SQS::Queue']);
  assert.equal(unsupportedTypes(types).message, 'Template format error: Unrecognized resource types: [AWS::SNS::Topic, AWS::SQS::Queue] (Gatehouse does not provision these types)');
});
