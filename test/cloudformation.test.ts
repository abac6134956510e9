/**
 * CloudFormation end to end: the seed tutorial's whole private API from one template (the AWS CLI v2 and its
 * waiters, then `Hello from Lambda!` from the stack's instance), the reads the CLI and SDK use, a failed create
 * rolled back, a delete that removes everything the stack made, and AWS's answers to bad requests.
 */
import {
  CloudFormationClient,
  CreateStackCommand,
  DeleteStackCommand,
  DescribeStackEventsCommand,
  DescribeStackResourceCommand,
  DescribeStackResourcesCommand,
  DescribeStacksCommand,
  GetTemplateCommand,
  ListExportsCommand,
  ListStackResourcesCommand,
  ListStacksCommand,
  ValidateTemplateCommand,
  waitUntilStackCreateComplete,
  waitUntilStackDeleteComplete,
} from '@aws-sdk/client-cloudformation';
import { DescribeSubnetsCommand, DescribeVpcsCommand, type EC2Client } from '@aws-sdk/client-ec2';
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Gatehouse } from '../src/server/gatehouse.js';
import { execOn } from './support/network.js';
import { awsCli, awsCliError, awsCliText, credentials, ec2Client, expectError, REGION, startTestGatehouse } from './support/server.js';

const TUTORIAL = fileURLToPath(new URL('../../examples/private-api-tutorial/full-template.yaml', import.meta.url));
const STARTER = fileURLToPath(new URL('../../examples/private-api-tutorial/starter-template.yaml', import.meta.url));
const NETWORK = `
Parameters:
  Cidr: { Type: String, Default: 10.20.0.0/16 }
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties: { CidrBlock: !Ref Cidr, EnableDnsSupport: true }
  Subnet:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref Vpc
      CidrBlock: !Select [0, !Cidr [!GetAtt Vpc.CidrBlock, 4, 8]]
      AvailabilityZone: !Select [0, !GetAZs '']
Outputs:
  VpcId:
    Value: !Ref Vpc
    Export: { Name: !Sub '\${AWS::StackName}-vpc' }
  SubnetCidr:
    Value: !GetAtt Subnet.CidrBlock
`;

let gh: Gatehouse;
let cfn: CloudFormationClient;
let ec2: EC2Client;
const waiter = () => ({ client: cfn, maxWaitTime: 60, minDelay: 1, maxDelay: 1 });

before(async () => {
  gh = await startTestGatehouse();
  cfn = new CloudFormationClient({ endpoint: gh.url, region: REGION, credentials, maxAttempts: 1 });
  ec2 = ec2Client(gh);
});

after(async () => {
  cfn.destroy();
  ec2.destroy();
  await gh.dispose();
});

test('the seed tutorial from one template with the AWS CLI: create, wait, curl from the instance, delete', async () => {
  await awsCli(gh, ['cloudformation', 'create-stack', '--stack-name', 'tutorial', '--template-body', `file://${TUTORIAL}`, '--capabilities', 'CAPABILITY_IAM']);
  await awsCli(gh, ['cloudformation', 'wait', 'stack-create-complete', '--stack-name', 'tutorial']);
  const outputs = (await awsCli(gh, ['cloudformation', 'describe-stacks', '--stack-name', 'tutorial', '--query', 'Stacks[0].Outputs'])).json as Array<{ OutputKey: string; OutputValue: string }>;
  const output = (key: string): string => outputs.find((o) => o.OutputKey === key)!.OutputValue;
  assert.match(output('VpcEndpointId'), /^vpce-[0-9a-f]{17}$/);
  const ran = await execOn(gh, output('InstanceId'), ['/usr/bin/curl', '-sS', output('InvokeUrl')]);
  assert.equal(ran.stdout, 'Hello from Lambda!', ran.stderr);

  await awsCli(gh, ['cloudformation', 'delete-stack', '--stack-name', 'tutorial']);
  await awsCli(gh, ['cloudformation', 'wait', 'stack-delete-complete', '--stack-name', 'tutorial']);
  assert.deepEqual((await awsCli(gh, ['apigateway', 'get-rest-apis', '--query', 'length(items)'])).json, 0);
  assert.deepEqual((await awsCli(gh, ['lambda', 'list-functions', '--query', 'length(Functions)'])).json, 0);
  assert.deepEqual((await awsCli(gh, ['ec2', 'describe-vpc-endpoints', '--query', 'length(VpcEndpoints)'])).json, 0);
  // The VPC (only the default one is left), the instance (terminated) and the endpoint's listener are gone too.
  assert.deepEqual((await awsCli(gh, ['ec2', 'describe-vpcs', '--query', 'Vpcs[].IsDefault'])).json, [true]);
  assert.deepEqual((await awsCli(gh, ['ec2', 'describe-instances', '--instance-ids', output('InstanceId'), '--query', 'Reservations[0].Instances[0].State.Name'])).json, 'terminated');
  assert.deepEqual((await gh.network()).endpoints, []);
  const gone = await awsCliError(gh, ['cloudformation', 'describe-stacks', '--stack-name', 'tutorial']);
  assert.match(gone.stderr, /\(ValidationError\) when calling the DescribeStacks operation: Stack with id tutorial does not exist/);
});

test('aws cloudformation deploy of the starter template (a change set), again with no changes, then delete', async () => {
  const deploy = ['cloudformation', 'deploy', '--stack-name', 'starter', '--template-file', STARTER, '--capabilities', 'CAPABILITY_IAM'];
  const first = await awsCliText(gh, deploy);
  assert.match(first, /Successfully created\/updated stack - starter/);
  const stack = ((await awsCli(gh, ['cloudformation', 'describe-stacks', '--stack-name', 'starter'])).json as { Stacks: Array<{ StackStatus: string; Outputs: Array<{ OutputKey: string; OutputValue: string }>; Parameters: unknown[] }> }).Stacks[0]!;
  assert.equal(stack.StackStatus, 'CREATE_COMPLETE');
  assert.deepEqual(stack.Outputs.map((o) => o.OutputKey), ['VpcEndpointId', 'InstanceId', 'FunctionName']);
  // No FunctionName in the template: CloudFormation names it {stack}-{logicalId}-{random}.
  assert.match(stack.Outputs[2]!.OutputValue, /^starter-Function-[A-Za-z0-9]{12}$/);
  // The AMI parameter names Parameter Store's public Amazon Linux parameter; the stack shows what it resolved to.
  assert.deepEqual(stack.Parameters, [{ ParameterKey: 'LatestAmiId', ParameterValue: '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64', ResolvedValue: (stack.Parameters[0] as { ResolvedValue: string }).ResolvedValue }]);
  assert.match((stack.Parameters[0] as { ResolvedValue: string }).ResolvedValue, /^ami-[0-9a-f]{17}$/);
  const again = await awsCliText(gh, deploy);
  assert.match(again, /No changes to deploy\. Stack starter is up to date/);
  const changeSets = (await awsCli(gh, ['cloudformation', 'list-change-sets', '--stack-name', 'starter'])).json as { Summaries: Array<{ Status: string; ExecutionStatus: string; StatusReason?: string }> };
  // The empty change set stays, FAILED, as on AWS (the CLI does not delete it).
  assert.deepEqual(changeSets.Summaries.map((c) => [c.Status, c.ExecutionStatus]), [['CREATE_COMPLETE', 'EXECUTE_COMPLETE'], ['FAILED', 'UNAVAILABLE']]);
  assert.equal(changeSets.Summaries[1]!.StatusReason, "The submitted information didn't contain changes. Submit different information to create a change set.");
  await awsCli(gh, ['cloudformation', 'delete-stack', '--stack-name', 'starter']);
  await awsCli(gh, ['cloudformation', 'wait', 'stack-delete-complete', '--stack-name', 'starter']);
  assert.deepEqual((await awsCli(gh, ['ec2', 'describe-instances', '--filters', 'Name=instance-state-name,Values=running', '--query', 'length(Reservations)'])).json, 0);
});

test('the other way round: the full template with deploy, the starter with create-stack and the waiter', async () => {
  const deployed = await awsCliText(gh, ['cloudformation', 'deploy', '--stack-name', 'full', '--template-file', TUTORIAL, '--capabilities', 'CAPABILITY_IAM']);
  assert.match(deployed, /Successfully created\/updated stack - full/);
  const outputs = new Map(((await awsCli(gh, ['cloudformation', 'describe-stacks', '--stack-name', 'full', '--query', 'Stacks[0].Outputs'])).json as Array<{ OutputKey: string; OutputValue: string }>).map((o) => [o.OutputKey, o.OutputValue]));
  assert.equal((await execOn(gh, outputs.get('InstanceId')!, ['/usr/bin/curl', '-sS', outputs.get('InvokeUrl')!])).stdout, 'Hello from Lambda!');
  await awsCli(gh, ['cloudformation', 'create-stack', '--stack-name', 'starter-2', '--template-body', `file://${STARTER}`, '--capabilities', 'CAPABILITY_IAM']);
  await awsCli(gh, ['cloudformation', 'wait', 'stack-create-complete', '--stack-name', 'starter-2']);
  const starter = (await awsCli(gh, ['cloudformation', 'describe-stacks', '--stack-name', 'starter-2', '--query', 'Stacks[0].Outputs[].OutputKey'])).json;
  assert.deepEqual(starter, ['VpcEndpointId', 'InstanceId', 'FunctionName']);
  for (const name of ['full', 'starter-2']) {
    await awsCli(gh, ['cloudformation', 'delete-stack', '--stack-name', name]);
    await awsCli(gh, ['cloudformation', 'wait', 'stack-delete-complete', '--stack-name', name]);
  }
  assert.deepEqual((await awsCli(gh, ['ec2', 'describe-vpcs', '--query', 'Vpcs[].IsDefault'])).json, [true]);
  assert.deepEqual((await gh.network()).endpoints, []);
});

test('outputs, exports, resources, events and the template, as the SDK reads them; then a delete', async () => {
  const { StackId } = await cfn.send(new CreateStackCommand({ StackName: 'net', TemplateBody: NETWORK }));
  assert.match(StackId!, /^arn:aws:cloudformation:us-east-1:000000000000:stack\/net\/[0-9a-f-]{36}$/);
  await waitUntilStackCreateComplete(waiter(), { StackName: 'net' });
  const stack = (await cfn.send(new DescribeStacksCommand({ StackName: 'net' }))).Stacks![0]!;
  assert.equal(stack.StackStatus, 'CREATE_COMPLETE');
  assert.deepEqual(stack.Parameters, [{ ParameterKey: 'Cidr', ParameterValue: '10.20.0.0/16' }]);
  const vpcId = stack.Outputs!.find((o) => o.OutputKey === 'VpcId')!.OutputValue!;
  assert.deepEqual(stack.Outputs!.find((o) => o.OutputKey === 'SubnetCidr'), { OutputKey: 'SubnetCidr', OutputValue: '10.20.0.0/24' });
  assert.equal((await ec2.send(new DescribeVpcsCommand({ VpcIds: [vpcId] }))).Vpcs![0]!.CidrBlock, '10.20.0.0/16');
  assert.deepEqual((await cfn.send(new ListExportsCommand({}))).Exports, [{ ExportingStackId: StackId, Name: 'net-vpc', Value: vpcId }]);

  const resources = (await cfn.send(new DescribeStackResourcesCommand({ StackName: 'net' }))).StackResources!;
  assert.deepEqual(resources.map((r) => [r.LogicalResourceId, r.ResourceType, r.ResourceStatus]), [['Vpc', 'AWS::EC2::VPC', 'CREATE_COMPLETE'], ['Subnet', 'AWS::EC2::Subnet', 'CREATE_COMPLETE']]);
  assert.equal(resources[0]!.PhysicalResourceId, vpcId);
  const subnet = (await cfn.send(new DescribeStackResourceCommand({ StackName: 'net', LogicalResourceId: 'Subnet' }))).StackResourceDetail!;
  assert.match(subnet.PhysicalResourceId!, /^subnet-[0-9a-f]{17}$/);
  assert.equal((await cfn.send(new ListStackResourcesCommand({ StackName: 'net' }))).StackResourceSummaries!.length, 2);
  await expectError(cfn.send(new DescribeStackResourceCommand({ StackName: 'net', LogicalResourceId: 'Nope' })), 'ValidationError', 400, 'Resource Nope does not exist for stack net');

  // Newest first, as AWS lists them: the stack's own first and last events frame the resources'.
  const events = (await cfn.send(new DescribeStackEventsCommand({ StackName: 'net' }))).StackEvents!;
  const seen = events.map((e) => `${e.LogicalResourceId} ${e.ResourceStatus}${e.ResourceStatusReason ? ` ${e.ResourceStatusReason}` : ''}`).reverse();
  assert.deepEqual(seen, [
    'net CREATE_IN_PROGRESS User Initiated',
    'Vpc CREATE_IN_PROGRESS',
    'Vpc CREATE_IN_PROGRESS Resource creation Initiated',
    'Vpc CREATE_COMPLETE',
    'Subnet CREATE_IN_PROGRESS',
    'Subnet CREATE_IN_PROGRESS Resource creation Initiated',
    'Subnet CREATE_COMPLETE',
    'net CREATE_COMPLETE',
  ]);
  assert.equal((await cfn.send(new GetTemplateCommand({ StackName: 'net' }))).TemplateBody, NETWORK);

  await cfn.send(new DeleteStackCommand({ StackName: 'net' }));
  await waitUntilStackDeleteComplete(waiter(), { StackName: StackId! });
  assert.equal((await ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }))).Subnets!.length, 0);
  await expectError(cfn.send(new DescribeStacksCommand({ StackName: 'net' })), 'ValidationError', 400, 'Stack with id net does not exist');
  assert.equal((await cfn.send(new DescribeStacksCommand({ StackName: StackId! }))).Stacks![0]!.StackStatus, 'DELETE_COMPLETE');
  const summaries = (await cfn.send(new ListStacksCommand({ StackStatusFilter: ['DELETE_COMPLETE'] }))).StackSummaries!;
  assert.ok(summaries.some((s) => s.StackId === StackId));
  // Deleting a stack that is not there is no error.
  await cfn.send(new DeleteStackCommand({ StackName: 'net' }));
});

test('a resource that fails rolls the stack back: ROLLBACK_COMPLETE, the reason, nothing left behind', async () => {
  const template = JSON.stringify({
    Resources: {
      Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.30.0.0/16' } },
      Bad: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: { Ref: 'Vpc' }, CidrBlock: '10.99.0.0/24' } },
    },
  });
  await cfn.send(new CreateStackCommand({ StackName: 'bad', TemplateBody: template }));
  await assert.rejects(waitUntilStackCreateComplete(waiter(), { StackName: 'bad' }));
  const stack = (await cfn.send(new DescribeStacksCommand({ StackName: 'bad' }))).Stacks![0]!;
  assert.equal(stack.StackStatus, 'ROLLBACK_COMPLETE');
  const events = (await cfn.send(new DescribeStackEventsCommand({ StackName: 'bad' }))).StackEvents!;
  assert.ok(events.some((e) => e.ResourceStatus === 'ROLLBACK_IN_PROGRESS' && e.ResourceStatusReason === 'The following resource(s) failed to create: [Bad]. Rollback requested by user.'));
  const failed = events.find((e) => e.LogicalResourceId === 'Bad' && e.ResourceStatus === 'CREATE_FAILED')!;
  assert.match(failed.ResourceStatusReason!, /^Resource handler returned message: "The CIDR '10\.99\.0\.0\/24' is invalid\. \(Service: Ec2, Status Code: 400, Request ID: [0-9a-f-]{36}\)" \(HandlerErrorCode: InvalidRequest\)$/);
  assert.equal((await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'cidr', Values: ['10.30.0.0/16'] }] }))).Vpcs!.length, 0);
  // A stack in ROLLBACK_COMPLETE can only be deleted.
  await cfn.send(new DeleteStackCommand({ StackName: 'bad' }));
  await waitUntilStackDeleteComplete(waiter(), { StackName: stack.StackId! });
});

test("AWS's answers to bad requests, before anything is made", async () => {
  await cfn.send(new CreateStackCommand({ StackName: 'dup', TemplateBody: NETWORK, Parameters: [{ ParameterKey: 'Cidr', ParameterValue: '10.40.0.0/16' }] }));
  await expectError(cfn.send(new CreateStackCommand({ StackName: 'dup', TemplateBody: NETWORK })), 'AlreadyExistsException', 400, 'Stack [dup] already exists');
  await waitUntilStackCreateComplete(waiter(), { StackName: 'dup' });
  await expectError(
    cfn.send(new CreateStackCommand({ StackName: 'sqs', TemplateBody: '{"Resources":{"Q":{"Type":"AWS::SQS::Queue"}}}' })),
    'ValidationError', 400, 'Template format error: Unrecognized resource types: [AWS::SQS::Queue] (Gatehouse does not provision this type)',
  );
  await expectError(
    cfn.send(new CreateStackCommand({ StackName: 'x', TemplateBody: '{"Resources":{"V":{"Type":"AWS::EC2::VPC","Properties":{"CidrBlock":{"Ref":"Nope"}}}}}' })),
    'ValidationError', 400, 'Template format error: Unresolved resource dependencies [Nope] in the Resources block of the template',
  );
  await expectError(cfn.send(new CreateStackCommand({ StackName: '1bad', TemplateBody: NETWORK })), 'ValidationError', 400,
    "1 validation error detected: Value '1bad' at 'stackName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*");
  await expectError(cfn.send(new DescribeStacksCommand({ StackName: 'nope' })), 'ValidationError', 400, 'Stack with id nope does not exist');
  // An AWS-specific parameter type names something that must exist in the account.
  const needsVpc = 'Parameters:\n  VpcId: { Type: "AWS::EC2::VPC::Id" }\nResources:\n  G: { Type: AWS::EC2::SecurityGroup, Properties: { GroupDescription: g, VpcId: !Ref VpcId } }\n';
  await expectError(cfn.send(new CreateStackCommand({ StackName: 'needs-vpc', TemplateBody: needsVpc, Parameters: [{ ParameterKey: 'VpcId', ParameterValue: 'vpc-00000000000000000' }] })), 'ValidationError', 400,
    'Parameter validation failed: parameter value vpc-00000000000000000 for parameter name VpcId does not exist.');
  const validated = await cfn.send(new ValidateTemplateCommand({ TemplateBody: NETWORK }));
  assert.deepEqual(validated.Parameters, [{ ParameterKey: 'Cidr', DefaultValue: '10.20.0.0/16', NoEcho: false }]);
});
