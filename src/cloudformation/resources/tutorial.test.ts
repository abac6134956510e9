/**
 * The seed tutorial's resources, made one by one as the stack engine will make them (each property resolved
 * from the Refs and GetAtts of those before it), read back through the services, then deleted in reverse
 * order with nothing left behind.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { invokeAs } from '../../services/lambda/invoke.js';
import type { OperationContext } from '../../services/types.js';
import { systemClock } from '../../shared/clock.js';
import { SCOPE, STACK, openFixture } from './fixture.js';
import { resourceType } from './registry.js';
import type { Provisioned, ResourceType } from './types.js';

const f = openFixture();
after(() => f.dispose());

const made: Array<{ type: ResourceType; logicalId: string; properties: Record<string, unknown>; provisioned: Provisioned }> = [];

/** Creates a resource of `type` as the engine would, keeping what it needs to delete it later. */
async function make(typeName: string, logicalId: string, properties: Record<string, unknown>): Promise<Provisioned> {
  const type = resourceType(typeName);
  assert.ok(type, `${typeName} has a record`);
  const provisioned = await f.create(type, logicalId, properties);
  made.push({ type, logicalId, properties, provisioned });
  return provisioned;
}

const ref = (p: Provisioned) => p.ref ?? p.physicalId;

const HELLO = 'exports.handler = async (event) => {\n  return { statusCode: 200, body: "Hello from Lambda!" };\n};\n';

test('the tutorial stack: made, wired, working, and removed without a trace', async () => {
  // ---- starter template ----
  const vpc = await make('AWS::EC2::VPC', 'VPC', { CidrBlock: '10.0.0.0/16', EnableDnsSupport: 'true', EnableDnsHostnames: true, Tags: [{ Key: 'Name', Value: STACK }] });
  assert.match(ref(vpc), /^vpc-[0-9a-f]{17}$/);
  assert.equal(vpc.attributes['CidrBlock'], '10.0.0.0/16');
  assert.match(vpc.attributes['DefaultSecurityGroup'] as string, /^sg-[0-9a-f]{17}$/);
  const dns = await f.api('ec2', 'DescribeVpcAttribute', { VpcId: ref(vpc), Attribute: 'enableDnsHostnames' });
  assert.deepEqual(dns.EnableDnsHostnames, { Value: true });

  const subnet1 = await make('AWS::EC2::Subnet', 'Subnet1', { VpcId: ref(vpc), CidrBlock: '10.0.1.0/24', AvailabilityZone: 'us-east-1a' });
  const subnet2 = await make('AWS::EC2::Subnet', 'Subnet2', { VpcId: ref(vpc), CidrBlock: '10.0.2.0/24', AvailabilityZone: 'us-east-1b' });
  assert.match(ref(subnet1), /^subnet-[0-9a-f]{17}$/);
  assert.equal(subnet2.attributes['AvailabilityZone'], 'us-east-1b');

  const sg = await make('AWS::EC2::SecurityGroup', 'SecurityGroup', {
    GroupDescription: 'Allow HTTPS from the VPC',
    VpcId: ref(vpc),
    SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: '443', ToPort: 443, CidrIp: vpc.attributes['CidrBlock'] }],
  });
  assert.match(ref(sg), /^sg-[0-9a-f]{17}$/, 'Ref of a VPC security group is its id');
  assert.equal(sg.attributes['GroupId'], ref(sg));
  const group = ((await f.api('ec2', 'DescribeSecurityGroups', { GroupIds: [ref(sg)] })).SecurityGroups as Array<Record<string, unknown>>)[0]!;
  assert.match(group['GroupName'] as string, /^private-api-tutorial-SecurityGroup-[A-Za-z0-9]{12}$/);
  assert.deepEqual((group['IpPermissions'] as Array<Record<string, unknown>>).map((p) => [p['IpProtocol'], p['FromPort'], p['ToPort'], p['IpRanges']]), [['tcp', 443, 443, [{ CidrIp: '10.0.0.0/16' }]]]);

  const endpoint = await make('AWS::EC2::VPCEndpoint', 'VPCEndpoint', {
    VpcId: ref(vpc),
    ServiceName: 'com.amazonaws.us-east-1.execute-api',
    VpcEndpointType: 'Interface',
    PrivateDnsEnabled: true,
    SubnetIds: [ref(subnet1), ref(subnet2)],
    SecurityGroupIds: [ref(sg)],
  });
  const vpceId = ref(endpoint);
  assert.match(vpceId, /^vpce-[0-9a-f]{17}$/);
  const entries = endpoint.attributes['DnsEntries'] as string[];
  assert.equal(entries.length, 5);
  assert.match(entries[0]!, new RegExp(`^Z7HUB22UULQXV:${vpceId}-[a-z0-9]{8}\\.execute-api\\.us-east-1\\.vpce\\.amazonaws\\.com$`));
  assert.match(entries[1]!, new RegExp(`^Z7HUB22UULQXV:${vpceId}-[a-z0-9]{8}-us-east-1a\\.execute-api\\.us-east-1\\.vpce\\.amazonaws\\.com$`));
  assert.match(entries[3]!, /^Z0[A-Z0-9]{19}:execute-api\.us-east-1\.amazonaws\.com$/);
  assert.match(entries[4]!, /^Z0[A-Z0-9]{19}:\*\.execute-api\.us-east-1\.amazonaws\.com$/);
  assert.equal((endpoint.attributes['NetworkInterfaceIds'] as string[]).length, 2);
  assert.match(endpoint.attributes['CreationTimestamp'] as string, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);

  const role = await make('AWS::IAM::Role', 'LambdaRole', {
    AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: ['lambda.amazonaws.com'] }, Action: ['sts:AssumeRole'] }] },
    ManagedPolicyArns: ['arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'],
  });
  assert.match(role.attributes['Arn'] as string, /^arn:aws:iam::123456789012:role\/private-api-tutorial-LambdaRole-[A-Za-z0-9]{12}$/);

  const fn = await make('AWS::Lambda::Function', 'LambdaFunction', { Runtime: 'nodejs20.x', Handler: 'index.handler', Role: role.attributes['Arn'], Code: { ZipFile: HELLO } });
  assert.match(ref(fn), /^private-api-tutorial-LambdaFunction-[A-Za-z0-9]{12}$/, "the function's name begins with the stack's");
  assert.equal(fn.attributes['Arn'], `arn:aws:lambda:us-east-1:123456789012:function:${ref(fn)}`);

  const profile = await make('AWS::IAM::InstanceProfile', 'InstanceProfile', { Roles: [ref(role)] });
  const instance = await make('AWS::EC2::Instance', 'Instance', {
    ImageId: 'ami-0123456789abcdef0',
    InstanceType: 't2.micro',
    SubnetId: ref(subnet1),
    SecurityGroupIds: [ref(sg)],
    IamInstanceProfile: ref(profile),
    UserData: 'IyEvYmluL2Jhc2gK',
    Tags: [{ Key: 'Name', Value: STACK }],
  });
  assert.match(ref(instance), /^i-[0-9a-f]{17}$/);
  assert.match(instance.attributes['PrivateIp'] as string, /^10\.0\.1\.\d+$/);
  assert.equal(instance.attributes['PrivateDnsName'], `ip-${(instance.attributes['PrivateIp'] as string).replace(/\./g, '-')}.ec2.internal`);
  assert.equal(instance.attributes['AvailabilityZone'], 'us-east-1a');

  // ---- the full template's private API ----
  const api = await make('AWS::ApiGateway::RestApi', 'PrivateApi', {
    Name: 'private-api-tutorial',
    EndpointConfiguration: { Types: ['PRIVATE'], VpcEndpointIds: [vpceId] },
    Policy: {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*', Condition: { StringNotEquals: { 'aws:sourceVpce': vpceId } } },
        { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' },
      ],
    },
  });
  const apiId = ref(api);
  assert.match(apiId, /^[a-z0-9]{10}$/);
  assert.equal(api.attributes['RestApiId'], apiId);
  const read = await f.api('apigateway', 'GetRestApi', { restApiId: apiId });
  assert.equal(api.attributes['RootResourceId'], read.rootResourceId);
  assert.deepEqual(read.endpointConfiguration, { types: ['PRIVATE'], ipAddressType: 'dualstack', vpcEndpointIds: [vpceId] });
  assert.match(read.policy as string, /arn:aws:execute-api:us-east-1:123456789012:[a-z0-9]{10}\\\/\*/, 'execute-api:/* expanded to the API ARN');

  const uri = `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${fn.attributes['Arn']}/invocations`;
  const getMethod = await make('AWS::ApiGateway::Method', 'ApiMethod', {
    RestApiId: apiId,
    ResourceId: api.attributes['RootResourceId'],
    HttpMethod: 'GET',
    AuthorizationType: 'NONE',
    Integration: { Type: 'AWS_PROXY', IntegrationHttpMethod: 'POST', Uri: uri },
  });
  assert.match(ref(getMethod), /^priva-apime-[a-z0-9]{12}$/);
  const integration = await f.api('apigateway', 'GetIntegration', { restApiId: apiId, resourceId: api.attributes['RootResourceId'], httpMethod: 'GET' });
  assert.equal(integration.type, 'AWS_PROXY');
  assert.equal(integration.uri, uri);

  const permission = await make('AWS::Lambda::Permission', 'LambdaPermission', {
    FunctionName: fn.attributes['Arn'],
    Action: 'lambda:InvokeFunction',
    Principal: 'apigateway.amazonaws.com',
    SourceArn: `arn:aws:execute-api:us-east-1:123456789012:${apiId}/*/GET/`,
  });
  assert.match(ref(permission), /^private-api-tutorial-LambdaPermission-[A-Za-z0-9]{12}$/);
  assert.equal(permission.attributes['Id'], ref(permission));

  const deployment = await make('AWS::ApiGateway::Deployment', 'ApiDeployment', { RestApiId: apiId, StageName: 'test' });
  assert.match(ref(deployment), /^[a-z0-9]{6}$/);
  assert.equal(deployment.attributes['DeploymentId'], ref(deployment));
  const stage = await f.api('apigateway', 'GetStage', { restApiId: apiId, stageName: 'test' });
  assert.equal(stage.deploymentId, ref(deployment));

  // ---- it works: the function answers, and API Gateway (this API, any stage, GET /) may invoke it ----
  const invoked = await f.api('lambda', 'Invoke', { FunctionName: ref(fn), Payload: Buffer.from('{}') });
  assert.deepEqual(JSON.parse((invoked.Payload as Buffer).toString('utf8')), { statusCode: 200, body: 'Hello from Lambda!' });
  const ctx: OperationContext = { scope: SCOPE, accessKeyId: undefined, requestId: 't', store: f.store, clock: systemClock, lambdaHost: f.host };
  const viaApi = await invokeAs(ctx, ref(fn), '{}', { principal: { kind: 'service', service: 'apigateway.amazonaws.com' }, sourceArn: `arn:aws:execute-api:us-east-1:123456789012:${apiId}/test/GET/` });
  assert.equal(viaApi.kind, 'success');

  // ---- step 8: delete the stack ----
  for (const r of [...made].reverse()) await r.type.delete(r.provisioned, r.properties, f.ctx(r.logicalId));
  const vpcs = (await f.api('ec2', 'DescribeVpcs', {})).Vpcs as Array<{ IsDefault: boolean }>;
  assert.deepEqual(vpcs.map((v) => v.IsDefault), [true], 'only the default VPC is left');
  assert.deepEqual((await f.api('ec2', 'DescribeVpcEndpoints', {})).VpcEndpoints, []);
  const reservations = (await f.api('ec2', 'DescribeInstances', {})).Reservations as Array<{ Instances: Array<{ State: { Name: string } }> }>;
  assert.deepEqual(reservations.flatMap((r) => r.Instances.map((i) => i.State.Name)), ['terminated']);
  assert.deepEqual((await f.api('lambda', 'ListFunctions', {})).Functions, []);
  assert.deepEqual((await f.api('apigateway', 'GetRestApis', {})).items, []);

  // Deleting again finds everything gone, which is not an error.
  for (const r of [...made].reverse()) await r.type.delete(r.provisioned, r.properties, f.ctx(r.logicalId));
});
