import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ServiceError } from '../shared/errors.js';
import { loadServiceModel, type OperationModel } from './model.js';
import { EC2_SETTINGS, QueryProtocol } from './query.js';
import { sdkRead, sdkRequest } from './test-support/aws-sdk-v2.js';
import type { WireRequest } from './types.js';

const sts = new QueryProtocol(loadServiceModel('sts-2011-06-15'));
const iam = new QueryProtocol(loadServiceModel('iam-2010-05-08'));
const cfn = new QueryProtocol(loadServiceModel('cloudformation-2010-05-15'));
const ec2 = new QueryProtocol(loadServiceModel('ec2-2016-11-15'), EC2_SETTINGS);

/** A form-encoded POST, as every SDK sends query-protocol calls. */
function post(form: string, contentType = 'application/x-www-form-urlencoded; charset=utf-8'): WireRequest {
  return { method: 'POST', path: '/', query: '', headers: { 'content-type': contentType }, body: Buffer.from(form) };
}

function get(query: string): WireRequest {
  return { method: 'GET', path: '/', query, headers: {}, body: Buffer.alloc(0) };
}

function parse(protocol: QueryProtocol, req: WireRequest): { operation: string; input: Record<string, unknown> } {
  const match = protocol.match(req);
  assert.ok(match, 'the request names an operation');
  return { operation: match.operation.name, input: protocol.parse(match, req) };
}

function operation(protocol: QueryProtocol, name: string): OperationModel {
  const op = protocol.model.operations.get(name);
  assert.ok(op, name);
  return op;
}

const body = (r: { body: { toString(): string } }): string => r.body.toString();

// ---- query: dispatch ----

test('Action names the operation, from a form body or the query string', () => {
  assert.equal(parse(sts, post('Action=GetCallerIdentity&Version=2011-06-15')).operation, 'GetCallerIdentity');
  assert.equal(parse(sts, get('Action=GetCallerIdentity&Version=2011-06-15')).operation, 'GetCallerIdentity');
  // A body with no content type is still read as a form (curl --data without -H).
  assert.equal(parse(sts, post('Action=GetCallerIdentity', '')).operation, 'GetCallerIdentity');
  assert.equal(sts.actionOf(post('Version=2011-06-15&Action=GetSessionToken')), 'GetSessionToken');
});

test('a body that is not a form is not read for parameters', () => {
  assert.equal(sts.match(post('Action=GetCallerIdentity', 'application/json')), undefined);
});

test('an unknown action is InvalidAction; no action at all is MissingAction', () => {
  const unknown = post('Action=Nope&Version=2011-06-15');
  assert.equal(sts.match(unknown), undefined);
  const e = sts.unknownOperation(unknown);
  assert.equal(e.code, 'InvalidAction');
  assert.equal(e.status, 400);
  assert.equal(e.message, 'The action Nope is not valid for this web service.');
  const missing = sts.unknownOperation(post('Version=2011-06-15'));
  assert.equal(missing.code, 'MissingAction');
  assert.equal(missing.status, 400);
  // An operation of another query service is unknown here.
  assert.equal(sts.match(post('Action=CreateRole')), undefined);
});

// ---- query: reading parameters ----

test('scalars: strings, integers and booleans', () => {
  const { operation: name, input } = parse(sts, post('Action=AssumeRole&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fr&RoleSessionName=s%20p&DurationSeconds=900'));
  assert.equal(name, 'AssumeRole');
  assert.deepEqual(input, { RoleArn: 'arn:aws:iam::123456789012:role/r', RoleSessionName: 's p', DurationSeconds: 900 });
  assert.deepEqual(parse(cfn, post('Action=CreateStack&StackName=s&DisableRollback=true&EnableTerminationProtection=false')).input, {
    StackName: 's',
    DisableRollback: true,
    EnableTerminationProtection: false,
  });
});

test('lists are Name.member.N, of scalars or of structures', () => {
  const { input } = parse(
    sts,
    post('Action=AssumeRole&RoleArn=r&RoleSessionName=s&Tags.member.1.Key=team&Tags.member.1.Value=a&Tags.member.2.Key=env&Tags.member.2.Value=dev&TransitiveTagKeys.member.1=team&PolicyArns.member.1.arn=arn%3Ap1'),
  );
  assert.deepEqual(input, {
    RoleArn: 'r',
    RoleSessionName: 's',
    Tags: [{ Key: 'team', Value: 'a' }, { Key: 'env', Value: 'dev' }],
    TransitiveTagKeys: ['team'],
    PolicyArns: [{ arn: 'arn:p1' }],
  });
});

test('list items are read in order and stop at the first gap', () => {
  const { input } = parse(cfn, post('Action=CreateStack&StackName=s&Capabilities.member.2=CAPABILITY_NAMED_IAM&Capabilities.member.1=CAPABILITY_IAM&Capabilities.member.4=CAPABILITY_AUTO_EXPAND'));
  assert.deepEqual(input['Capabilities'], ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM']);
});

test('`Name=` with nothing after it is an empty list', () => {
  assert.deepEqual(parse(cfn, post('Action=CreateStack&StackName=s&NotificationARNs=')).input, { StackName: 's', NotificationARNs: [] });
});

test('maps are Name.entry.N.key / Name.entry.N.value, also inside list members', () => {
  const { input } = parse(
    cfn,
    post(
      'Action=CreateChangeSet&StackName=s&ChangeSetName=c&ChangeSetType=IMPORT' +
        '&ResourcesToImport.member.1.ResourceType=AWS%3A%3AS3%3A%3ABucket&ResourcesToImport.member.1.LogicalResourceId=B' +
        '&ResourcesToImport.member.1.ResourceIdentifier.entry.1.key=BucketName&ResourcesToImport.member.1.ResourceIdentifier.entry.1.value=b1' +
        '&ResourcesToImport.member.1.ResourceIdentifier.entry.2.key=Other&ResourcesToImport.member.1.ResourceIdentifier.entry.2.value=o',
    ),
  );
  assert.deepEqual(input['ResourcesToImport'], [{ ResourceType: 'AWS::S3::Bucket', LogicalResourceId: 'B', ResourceIdentifier: { BucketName: 'b1', Other: 'o' } }]);
});

test('nested structures are Name.Member', () => {
  const { input } = parse(cfn, post('Action=CreateStack&StackName=s&RollbackConfiguration.MonitoringTimeInMinutes=5&RollbackConfiguration.RollbackTriggers.member.1.Arn=a&RollbackConfiguration.RollbackTriggers.member.1.Type=AWS%3A%3ACloudWatch%3A%3AAlarm'));
  assert.deepEqual(input['RollbackConfiguration'], { MonitoringTimeInMinutes: 5, RollbackTriggers: [{ Arn: 'a', Type: 'AWS::CloudWatch::Alarm' }] });
});

test('an operation with no parameters parses to {}; unknown parameters are ignored', () => {
  assert.deepEqual(parse(sts, post('Action=GetCallerIdentity&Version=2011-06-15&Junk=1')).input, {});
});

test('aws-sdk v2 query requests parse back to their params', async () => {
  const cases: Array<['sts' | 'iam' | 'cloudformation', string, Record<string, unknown>]> = [
    ['sts', 'GetCallerIdentity', {}],
    ['sts', 'AssumeRole', { RoleArn: 'arn:aws:iam::123456789012:role/r', RoleSessionName: 's', Tags: [{ Key: 'a', Value: 'b' }], PolicyArns: [{ arn: 'arn:aws:iam::aws:policy/x' }], TransitiveTagKeys: [], DurationSeconds: 900 }],
    ['iam', 'CreateRole', { RoleName: 'r', AssumeRolePolicyDocument: '{"Version":"2012-10-17","Statement":[]}', Path: '/svc/', MaxSessionDuration: 3600, Tags: [{ Key: 'k', Value: 'v & <w>' }] }],
    ['iam', 'PutRolePolicy', { RoleName: 'r', PolicyName: 'p', PolicyDocument: '{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}' }],
    [
      'cloudformation',
      'CreateChangeSet',
      {
        StackName: 's',
        ChangeSetName: 'c',
        ChangeSetType: 'IMPORT',
        ResourcesToImport: [{ ResourceType: 'AWS::S3::Bucket', LogicalResourceId: 'B', ResourceIdentifier: { BucketName: 'b1', Other: 'o' } }],
        NotificationARNs: [],
        Parameters: [{ ParameterKey: 'k', ParameterValue: 'v', UsePreviousValue: false }],
      },
    ],
  ];
  const protocols = { sts, iam, cloudformation: cfn };
  for (const [service, name, params] of cases) {
    const parsed = parse(protocols[service], await sdkRequest(service, name, params));
    assert.equal(parsed.operation, name);
    assert.deepEqual(parsed.input, params, name);
  }
});

// ---- query: writing responses ----

test('GetCallerIdentity answers in AWS\'s envelope: Response > Result, ResponseMetadata > RequestId', async () => {
  const res = sts.serialize(operation(sts, 'GetCallerIdentity'), { UserId: 'AIDAEXAMPLE', Account: '123456789012', Arn: 'arn:aws:iam::123456789012:user/alice' }, 'req-1');
  assert.equal(res.status, 200);
  assert.equal(res.headers['Content-Type'], 'text/xml');
  assert.equal(res.headers['x-amzn-RequestId'], 'req-1');
  assert.equal(
    body(res),
    '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>' +
      '<UserId>AIDAEXAMPLE</UserId><Account>123456789012</Account><Arn>arn:aws:iam::123456789012:user/alice</Arn>' +
      '</GetCallerIdentityResult><ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></GetCallerIdentityResponse>',
  );
  const read = await sdkRead('sts', 'GetCallerIdentity', res);
  assert.ok(read.ok);
  assert.equal(read.requestId, 'req-1');
  assert.equal(read.data['Arn'], 'arn:aws:iam::123456789012:user/alice');
  assert.equal(read.data['Account'], '123456789012');
});

test('text is XML-escaped, and survives a real client', async () => {
  const arn = 'arn:aws:iam::123456789012:user/a&b<c>"d\'e';
  const res = sts.serialize(operation(sts, 'GetCallerIdentity'), { UserId: 'u', Account: '1', Arn: arn }, 'r');
  assert.match(body(res), /<Arn>arn:aws:iam::123456789012:user\/a&amp;b&lt;c&gt;&quot;d&apos;e<\/Arn>/);
  const read = await sdkRead('sts', 'GetCallerIdentity', res);
  assert.ok(read.ok);
  assert.equal(read.data['Arn'], arn);
});

test('line ends in text survive a real client, CR included', async () => {
  const template = 'Resources:\r\n  B:\r\n    Type: AWS::S3::Bucket\n';
  const res = cfn.serialize(operation(cfn, 'GetTemplate'), { TemplateBody: template }, 'r');
  // botocore's XML parser (expat) turns a literal CR LF into LF; only a character reference keeps the CR.
  assert.ok(body(res).includes('<TemplateBody>Resources:&#xD;\n  B:&#xD;\n    Type: AWS::S3::Bucket\n</TemplateBody>'), body(res));
  const read = await sdkRead('cloudformation', 'GetTemplate', res);
  assert.ok(read.ok);
  assert.equal(read.data['TemplateBody'], template);
});

test('lists are <member> items; timestamps ISO 8601; booleans and integers as text', async () => {
  const created = new Date('2024-05-01T12:00:00Z');
  const res = cfn.serialize(
    operation(cfn, 'DescribeStacks'),
    { Stacks: [{ StackName: 's', StackId: 'id', CreationTime: created, StackStatus: 'CREATE_COMPLETE', Capabilities: ['CAPABILITY_IAM'], Outputs: [{ OutputKey: 'k', OutputValue: 'v' }], DisableRollback: false, TimeoutInMinutes: 5, Tags: [] }] },
    'r',
  );
  const xml = body(res);
  assert.ok(xml.includes('<DescribeStacksResult><Stacks><member><StackId>id</StackId><StackName>s</StackName>'), xml);
  assert.ok(xml.includes('<CreationTime>2024-05-01T12:00:00.000Z</CreationTime>'), xml);
  assert.ok(xml.includes('<DisableRollback>false</DisableRollback><TimeoutInMinutes>5</TimeoutInMinutes>'), xml);
  assert.ok(xml.includes('<Capabilities><member>CAPABILITY_IAM</member></Capabilities>'), xml);
  assert.ok(xml.includes('<Outputs><member><OutputKey>k</OutputKey><OutputValue>v</OutputValue></member></Outputs>'), xml);
  assert.ok(xml.includes('<Tags></Tags>'), xml);
  const read = await sdkRead('cloudformation', 'DescribeStacks', res);
  assert.ok(read.ok);
  const [stack] = read.data['Stacks'] as Array<Record<string, unknown>>;
  assert.ok(stack);
  assert.deepEqual(new Date(String(stack['CreationTime'])), created);
  assert.deepEqual(stack['Capabilities'], ['CAPABILITY_IAM']);
  assert.deepEqual(stack['Outputs'], [{ OutputKey: 'k', OutputValue: 'v' }]);
  assert.equal(stack['DisableRollback'], false);
  assert.equal(stack['TimeoutInMinutes'], 5);
});

test('a timestamp given as epoch seconds is written ISO 8601 too', () => {
  const res = sts.serialize(operation(sts, 'GetSessionToken'), { Credentials: { AccessKeyId: 'ASIA', SecretAccessKey: 's', SessionToken: 't', Expiration: 1714564800 } }, 'r');
  assert.ok(body(res).includes('<Expiration>2024-05-01T12:00:00.000Z</Expiration>'), body(res));
});

test('a timestamp given as an ISO 8601 string is written as such', () => {
  const res = sts.serialize(operation(sts, 'GetSessionToken'), { Credentials: { AccessKeyId: 'ASIA', SecretAccessKey: 's', SessionToken: 't', Expiration: '2024-05-01T12:00:00Z' } }, 'r');
  assert.ok(body(res).includes('<Expiration>2024-05-01T12:00:00.000Z</Expiration>'), body(res));
});

test('maps are <entry><key/><value/></entry>', async () => {
  const res = iam.serialize(operation(iam, 'GetAccountSummary'), { SummaryMap: { Users: 3, Roles: 4 } }, 'r');
  assert.ok(body(res).includes('<SummaryMap><entry><key>Users</key><value>3</value></entry><entry><key>Roles</key><value>4</value></entry></SummaryMap>'), body(res));
  const read = await sdkRead('iam', 'GetAccountSummary', res);
  assert.ok(read.ok);
  assert.deepEqual(read.data['SummaryMap'], { Users: 3, Roles: 4 });
});

test('nested structures in the output (AssumeRole)', async () => {
  const expiration = new Date('2024-05-01T13:00:00Z');
  const res = sts.serialize(
    operation(sts, 'AssumeRole'),
    { Credentials: { AccessKeyId: 'ASIAEXAMPLE', SecretAccessKey: 'secret', SessionToken: 'token', Expiration: expiration }, AssumedRoleUser: { AssumedRoleId: 'AROA:s', Arn: 'arn:aws:sts::123456789012:assumed-role/r/s' }, PackedPolicySize: 6 },
    'r',
  );
  assert.ok(body(res).startsWith('<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult><Credentials><AccessKeyId>ASIAEXAMPLE</AccessKeyId>'), body(res));
  const read = await sdkRead('sts', 'AssumeRole', res);
  assert.ok(read.ok);
  assert.deepEqual(read.data['AssumedRoleUser'], { AssumedRoleId: 'AROA:s', Arn: 'arn:aws:sts::123456789012:assumed-role/r/s' });
  assert.deepEqual((read.data['Credentials'] as Record<string, unknown>)['Expiration'], expiration);
  assert.equal(read.data['PackedPolicySize'], 6);
});

test('an operation with no output answers just ResponseMetadata', () => {
  const res = iam.serialize(operation(iam, 'DeleteRole'), undefined, 'req-9');
  assert.equal(body(res), '<DeleteRoleResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><ResponseMetadata><RequestId>req-9</RequestId></ResponseMetadata></DeleteRoleResponse>');
});

test('the namespace is the model\'s xmlNamespace, per service', () => {
  assert.ok(body(cfn.serialize(operation(cfn, 'DeleteStack'), undefined, 'r')).startsWith('<DeleteStackResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/">'));
  assert.ok(body(iam.serialize(operation(iam, 'GetUser'), { User: { UserName: 'u' } }, 'r')).startsWith('<GetUserResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><GetUserResult><User><UserName>u</UserName></User></GetUserResult>'));
});

// ---- query: errors ----

test('errors: <ErrorResponse><Error><Type>Sender</Type><Code>..</Code><Message>..</Message></Error><RequestId>', async () => {
  const res = iam.serializeError(new ServiceError('NoSuchEntity', 'The role with name r cannot be found.', 404), 'req-e');
  assert.equal(res.status, 404);
  assert.equal(res.headers['Content-Type'], 'text/xml');
  assert.equal(
    body(res),
    '<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type><Code>NoSuchEntity</Code>' +
      '<Message>The role with name r cannot be found.</Message></Error><RequestId>req-e</RequestId></ErrorResponse>',
  );
  const read = await sdkRead('iam', 'GetRole', res);
  assert.deepEqual(read, { ok: false, code: 'NoSuchEntity', message: 'The role with name r cannot be found.', requestId: 'req-e' });
});

test('errors: 5xx are the Receiver\'s fault; messages are escaped; extra headers kept', () => {
  const res = sts.serializeError(new ServiceError('InternalFailure', 'a <b> & c', 500, { headers: { 'Retry-After': '2' } }), 'r');
  assert.equal(res.status, 500);
  assert.equal(res.headers['Retry-After'], '2');
  assert.ok(body(res).includes('<Type>Receiver</Type><Code>InternalFailure</Code><Message>a &lt;b&gt; &amp; c</Message>'), body(res));
});

test('errors: an unknown action, end to end', async () => {
  const res = sts.serializeError(sts.unknownOperation(post('Action=Nope')), 'r');
  assert.equal(res.status, 400);
  const read = await sdkRead('sts', 'GetCallerIdentity', res);
  assert.deepEqual(read, { ok: false, code: 'InvalidAction', message: 'The action Nope is not valid for this web service.', requestId: 'r' });
});

// ---- ec2: reading parameters ----

test('ec2: lists are flat (VpcId.N), names come from locationName, capitalised', () => {
  const { operation: name, input } = parse(ec2, post('Action=DescribeVpcs&Version=2016-11-15&VpcId.1=vpc-1&VpcId.2=vpc-2&DryRun=false&MaxResults=5'));
  assert.equal(name, 'DescribeVpcs');
  assert.deepEqual(input, { VpcIds: ['vpc-1', 'vpc-2'], DryRun: false, MaxResults: 5 });
});

test('ec2: Filter.N.Name and Filter.N.Value.M', () => {
  const { input } = parse(ec2, post('Action=DescribeVpcs&Filter.1.Name=tag%3AName&Filter.1.Value.1=a&Filter.1.Value.2=b&Filter.2.Name=isDefault&Filter.2.Value.1=true'));
  assert.deepEqual(input, { Filters: [{ Name: 'tag:Name', Values: ['a', 'b'] }, { Name: 'isDefault', Values: ['true'] }] });
});

test('ec2: CreateVpcEndpoint reads SubnetId.N, SecurityGroupId.N, TagSpecification.N.Tag.M and nested DnsOptions', () => {
  const { operation: name, input } = parse(
    ec2,
    post(
      'Action=CreateVpcEndpoint&Version=2016-11-15&VpcId=vpc-1&ServiceName=com.amazonaws.us-east-1.execute-api&VpcEndpointType=Interface' +
        '&SubnetId.1=subnet-1&SubnetId.2=subnet-2&SecurityGroupId.1=sg-1&PrivateDnsEnabled=true&DnsOptions.DnsRecordIpType=ipv4' +
        '&TagSpecification.1.ResourceType=vpc-endpoint&TagSpecification.1.Tag.1.Key=Name&TagSpecification.1.Tag.1.Value=x',
    ),
  );
  assert.equal(name, 'CreateVpcEndpoint');
  assert.deepEqual(input, {
    VpcId: 'vpc-1',
    ServiceName: 'com.amazonaws.us-east-1.execute-api',
    VpcEndpointType: 'Interface',
    SubnetIds: ['subnet-1', 'subnet-2'],
    SecurityGroupIds: ['sg-1'],
    PrivateDnsEnabled: true,
    DnsOptions: { DnsRecordIpType: 'ipv4' },
    TagSpecifications: [{ ResourceType: 'vpc-endpoint', Tags: [{ Key: 'Name', Value: 'x' }] }],
  });
});

test('ec2: the query protocol\'s .member. spelling is not EC2\'s', () => {
  assert.deepEqual(parse(ec2, post('Action=DescribeVpcs&VpcId.member.1=vpc-1&VpcIds.1=vpc-2')).input, {});
});

test('ec2: aws-sdk v2 requests parse back to their params', async () => {
  const cases: Array<[string, Record<string, unknown>]> = [
    ['DescribeVpcs', { VpcIds: ['vpc-1'], Filters: [{ Name: 'tag:Name', Values: ['a', 'b'] }, { Name: 'isDefault', Values: ['true'] }], MaxResults: 5, DryRun: false }],
    [
      'CreateVpcEndpoint',
      {
        VpcId: 'vpc-1',
        ServiceName: 'com.amazonaws.us-east-1.execute-api',
        VpcEndpointType: 'Interface',
        SubnetIds: ['subnet-1', 'subnet-2'],
        SecurityGroupIds: ['sg-1'],
        PrivateDnsEnabled: true,
        DnsOptions: { DnsRecordIpType: 'ipv4' },
        TagSpecifications: [{ ResourceType: 'vpc-endpoint', Tags: [{ Key: 'Name', Value: 'x' }] }],
        PolicyDocument: '{"Statement":[]}',
      },
    ],
    ['ModifyVpcAttribute', { VpcId: 'vpc-1', EnableDnsHostnames: { Value: true } }],
    ['CreateVpc', { CidrBlock: '10.0.0.0/16', TagSpecifications: [{ ResourceType: 'vpc', Tags: [{ Key: 'a', Value: 'b' }] }] }],
    ['CreateSubnet', { VpcId: 'vpc-1', CidrBlock: '10.0.1.0/24', AvailabilityZone: 'us-east-1a' }],
    ['AuthorizeSecurityGroupIngress', { GroupId: 'sg-1', IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '10.0.0.0/16', Description: 'https' }] }] }],
    ['DeleteVpcEndpoints', { VpcEndpointIds: ['vpce-1', 'vpce-2'] }],
  ];
  for (const [name, params] of cases) {
    const parsed = parse(ec2, await sdkRequest('ec2', name, params));
    assert.equal(parsed.operation, name);
    assert.deepEqual(parsed.input, params, name);
  }
});

// ---- ec2: writing responses ----

test('ec2: DescribeVpcs answers <DescribeVpcsResponse xmlns=".../2016-11-15/"><requestId/><vpcSet><item>', async () => {
  const res = ec2.serialize(
    operation(ec2, 'DescribeVpcs'),
    { Vpcs: [{ VpcId: 'vpc-1', CidrBlock: '10.0.0.0/16', State: 'available', IsDefault: false, Tags: [{ Key: 'Name', Value: 'a<b' }] }] },
    'req-ec2',
  );
  assert.equal(res.status, 200);
  assert.equal(res.headers['Content-Type'], 'text/xml');
  assert.equal(
    body(res),
    '<?xml version="1.0" encoding="UTF-8"?>\n<DescribeVpcsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>req-ec2</requestId>' +
      '<vpcSet><item><cidrBlock>10.0.0.0/16</cidrBlock><state>available</state><vpcId>vpc-1</vpcId><isDefault>false</isDefault>' +
      '<tagSet><item><key>Name</key><value>a&lt;b</value></item></tagSet></item></vpcSet></DescribeVpcsResponse>',
  );
  const read = await sdkRead('ec2', 'DescribeVpcs', res);
  assert.ok(read.ok);
  assert.equal(read.requestId, 'req-ec2');
  const [vpc] = read.data['Vpcs'] as Array<Record<string, unknown>>;
  assert.ok(vpc);
  assert.equal(vpc['VpcId'], 'vpc-1');
  assert.equal(vpc['IsDefault'], false);
  assert.deepEqual(vpc['Tags'], [{ Key: 'Name', Value: 'a<b' }]);
});

test('ec2: CreateVpcEndpoint: nested structures, Set lists, timestamps', async () => {
  const created = new Date('2024-05-01T12:00:00Z');
  const res = ec2.serialize(
    operation(ec2, 'CreateVpcEndpoint'),
    {
      VpcEndpoint: {
        VpcEndpointId: 'vpce-1',
        VpcEndpointType: 'Interface',
        State: 'available',
        SubnetIds: ['subnet-1'],
        Groups: [{ GroupId: 'sg-1', GroupName: 'default' }],
        DnsEntries: [{ DnsName: 'vpce-1-abc.execute-api.us-east-1.vpce.amazonaws.com', HostedZoneId: 'Z7HUB22UULQXV' }],
        DnsOptions: { DnsRecordIpType: 'ipv4' },
        PrivateDnsEnabled: true,
        CreationTimestamp: created,
      },
    },
    'r',
  );
  const xml = body(res);
  assert.ok(xml.includes('<vpcEndpoint><vpcEndpointId>vpce-1</vpcEndpointId><vpcEndpointType>Interface</vpcEndpointType><state>available</state>'), xml);
  assert.ok(xml.includes('<subnetIdSet><item>subnet-1</item></subnetIdSet><groupSet><item><groupId>sg-1</groupId><groupName>default</groupName></item></groupSet>'), xml);
  assert.ok(xml.includes('<dnsEntrySet><item><dnsName>vpce-1-abc.execute-api.us-east-1.vpce.amazonaws.com</dnsName><hostedZoneId>Z7HUB22UULQXV</hostedZoneId></item></dnsEntrySet>'), xml);
  assert.ok(xml.includes('<creationTimestamp>2024-05-01T12:00:00.000Z</creationTimestamp>'), xml);
  const read = await sdkRead('ec2', 'CreateVpcEndpoint', res);
  assert.ok(read.ok);
  const endpoint = read.data['VpcEndpoint'] as Record<string, unknown>;
  assert.deepEqual(endpoint['SubnetIds'], ['subnet-1']);
  assert.deepEqual(endpoint['Groups'], [{ GroupId: 'sg-1', GroupName: 'default' }]);
  assert.deepEqual(endpoint['DnsOptions'], { DnsRecordIpType: 'ipv4' });
  assert.equal(endpoint['PrivateDnsEnabled'], true);
  assert.deepEqual(new Date(String(endpoint['CreationTimestamp'])), created);
});

test('ec2: an action with no output answers <return>true</return>', async () => {
  for (const name of ['DeleteVpc', 'ModifyVpcAttribute', 'CreateTags']) {
    const op = operation(ec2, name);
    assert.equal(op.output, undefined, `${name} has no output in the model`);
    const res = ec2.serialize(op, undefined, 'r1');
    assert.equal(body(res), `<?xml version="1.0" encoding="UTF-8"?>\n<${name}Response xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r1</requestId><return>true</return></${name}Response>`);
    const read = await sdkRead('ec2', name, res);
    assert.ok(read.ok);
    assert.equal(read.requestId, 'r1');
  }
});

test('ec2: errors: <Response><Errors><Error><Code/><Message/></Error></Errors><RequestID/></Response>', async () => {
  const res = ec2.serializeError(new ServiceError('InvalidVpcID.NotFound', "The vpc ID 'vpc-1' does not exist", 400), 'req-e');
  assert.equal(res.status, 400);
  assert.equal(res.headers['Content-Type'], 'text/xml');
  assert.equal(
    body(res),
    '<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>InvalidVpcID.NotFound</Code><Message>The vpc ID &apos;vpc-1&apos; does not exist</Message></Error></Errors><RequestID>req-e</RequestID></Response>',
  );
  const read = await sdkRead('ec2', 'DescribeVpcs', res);
  assert.deepEqual(read, { ok: false, code: 'InvalidVpcID.NotFound', message: "The vpc ID 'vpc-1' does not exist", requestId: 'req-e' });
});

test('ec2: an unknown action is InvalidAction in the EC2 envelope', async () => {
  const req = post('Action=DescribeNothing&Version=2016-11-15');
  assert.equal(ec2.match(req), undefined);
  const res = ec2.serializeError(ec2.unknownOperation(req), 'r');
  const read = await sdkRead('ec2', 'DescribeVpcs', res);
  assert.deepEqual(read, { ok: false, code: 'InvalidAction', message: 'The action DescribeNothing is not valid for this web service.', requestId: 'r' });
});
