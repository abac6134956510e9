/**
 * CloudFormation stack updates end to end: a change set of type UPDATE and its Changes, an update that adds,
 * modifies in place, replaces and removes resources (physical ids kept or new, EC2 and SSM state read back through
 * their APIs), `aws cloudformation deploy` twice with a changed parameter, a failed update rolled back to the
 * previous state, AWS's refusals (`No updates are to be performed.` ...), and the seed tutorial's stack updated
 * while its private API keeps answering through execute-api.
 */
import {
  CloudFormationClient,
  CreateChangeSetCommand,
  CreateStackCommand,
  DescribeChangeSetCommand,
  DescribeStackEventsCommand,
  DescribeStackResourcesCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
  GetTemplateCommand,
  UpdateStackCommand,
  waitUntilChangeSetCreateComplete,
  waitUntilStackCreateComplete,
  waitUntilStackUpdateComplete,
  type StackEvent,
} from '@aws-sdk/client-cloudformation';
import { DescribeInstancesCommand, DescribeSecurityGroupsCommand, DescribeSubnetsCommand, DescribeVpcsCommand, type EC2Client } from '@aws-sdk/client-ec2';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Gatehouse } from '../src/server/gatehouse.js';
import { execOn } from './support/network.js';
import { awsCli, awsCliError, awsCliText, credentials, ec2Client, expectError, REGION, startTestGatehouse, tempDataDir } from './support/server.js';

const TUTORIAL = fileURLToPath(new URL('../../examples/private-api-tutorial/full-template.yaml', import.meta.url));

let gh: Gatehouse;
let cfn: CloudFormationClient;
let ec2: EC2Client;
let ssm: SSMClient;
const waiter = () => ({ client: cfn, maxWaitTime: 60, minDelay: 1, maxDelay: 1 });

before(async () => {
  gh = await startTestGatehouse();
  cfn = new CloudFormationClient({ endpoint: gh.url, region: REGION, credentials, maxAttempts: 1 });
  ec2 = ec2Client(gh);
  ssm = new SSMClient({ endpoint: gh.url, region: REGION, credentials, maxAttempts: 1 });
});

after(async () => {
  cfn.destroy();
  ec2.destroy();
  ssm.destroy();
  await gh.dispose();
});

/** A network with an instance, two Parameter Store entries (one retained) and tags, before and after an update. */
function network(v: 1 | 2): string {
  const resources: Record<string, unknown> = {
    Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.50.0.0/16', Tags: [{ Key: 'Name', Value: `net-v${v}` }] } },
    Subnet: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: { Ref: 'Vpc' }, CidrBlock: v === 1 ? '10.50.1.0/24' : '10.50.2.0/24', AvailabilityZone: 'us-east-1a' } },
    Group: {
      Type: 'AWS::EC2::SecurityGroup',
      Properties: { GroupDescription: 'web', VpcId: { Ref: 'Vpc' }, SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: v === 1 ? 443 : 8443, ToPort: v === 1 ? 443 : 8443, CidrIp: '10.50.0.0/16' }] },
    },
    Instance: { Type: 'AWS::EC2::Instance', Properties: { ImageId: 'ami-0123456789abcdef0', InstanceType: 't3.micro', SubnetId: { Ref: 'Subnet' }, SecurityGroupIds: [{ Ref: 'Group' }] } },
  };
  if (v === 1) {
    resources['Old'] = { Type: 'AWS::SSM::Parameter', Properties: { Name: '/upd/old', Type: 'String', Value: 'old' } };
    resources['Kept'] = { Type: 'AWS::SSM::Parameter', DeletionPolicy: 'Retain', Properties: { Name: '/upd/kept', Type: 'String', Value: 'kept' } };
  } else {
    resources['Extra'] = { Type: 'AWS::EC2::Subnet', Properties: { VpcId: { Ref: 'Vpc' }, CidrBlock: '10.50.3.0/24', AvailabilityZone: 'us-east-1b' } };
  }
  return JSON.stringify({ Resources: resources, Outputs: { SubnetId: { Value: { Ref: 'Subnet' } }, InstanceIp: { Value: { 'Fn::GetAtt': ['Instance', 'PrivateIp'] } } } }, null, 2);
}

async function physicalIds(stack: string): Promise<Record<string, string>> {
  const resources = (await cfn.send(new DescribeStackResourcesCommand({ StackName: stack }))).StackResources!;
  return Object.fromEntries(resources.map((r) => [r.LogicalResourceId!, r.PhysicalResourceId!]));
}

async function stackEvents(stack: string, since = 0): Promise<StackEvent[]> {
  return (await cfn.send(new DescribeStackEventsCommand({ StackName: stack }))).StackEvents!.reverse().slice(since);
}

const line = (e: StackEvent) => `${e.LogicalResourceId} ${e.ResourceStatus}${e.ResourceStatusReason ? ` ${e.ResourceStatusReason}` : ''}`;

async function parameterValue(name: string): Promise<string | undefined> {
  try {
    return (await ssm.send(new GetParameterCommand({ Name: name }))).Parameter!.Value;
  } catch {
    return undefined;
  }
}

test('a change set of type UPDATE lists the changes; executing it adds, updates in place, replaces and removes', async () => {
  await cfn.send(new CreateStackCommand({ StackName: 'upd', TemplateBody: network(1) }));
  await waitUntilStackCreateComplete(waiter(), { StackName: 'upd' });
  const before = await physicalIds('upd');
  const eventsBefore = (await stackEvents('upd')).length;

  const { Id } = await cfn.send(new CreateChangeSetCommand({ StackName: 'upd', ChangeSetName: 'v2', ChangeSetType: 'UPDATE', TemplateBody: network(2) }));
  await waitUntilChangeSetCreateComplete(waiter(), { ChangeSetName: Id! });
  const changeSet = await cfn.send(new DescribeChangeSetCommand({ ChangeSetName: 'v2', StackName: 'upd' }));
  assert.equal(changeSet.Status, 'CREATE_COMPLETE');
  assert.equal(changeSet.ExecutionStatus, 'AVAILABLE');
  const changes = Object.fromEntries(changeSet.Changes!.map((c) => [c.ResourceChange!.LogicalResourceId!, c.ResourceChange!]));
  assert.deepEqual(Object.keys(changes).sort(), ['Extra', 'Group', 'Instance', 'Kept', 'Old', 'Subnet', 'Vpc']);
  assert.deepEqual(changes['Vpc'], {
    Action: 'Modify', LogicalResourceId: 'Vpc', PhysicalResourceId: before['Vpc'], ResourceType: 'AWS::EC2::VPC', Replacement: 'False', Scope: ['Tags'],
    Details: [{ Target: { Attribute: 'Tags', RequiresRecreation: 'Never' }, Evaluation: 'Static', ChangeSource: 'DirectModification' }],
  });
  assert.deepEqual(changes['Subnet'], {
    PolicyAction: 'ReplaceAndDelete', Action: 'Modify', LogicalResourceId: 'Subnet', PhysicalResourceId: before['Subnet'], ResourceType: 'AWS::EC2::Subnet', Replacement: 'True', Scope: ['Properties'],
    Details: [{ Target: { Attribute: 'Properties', Name: 'CidrBlock', RequiresRecreation: 'Always' }, Evaluation: 'Static', ChangeSource: 'DirectModification' }],
  });
  assert.equal(changes['Group']!.Replacement, 'False');
  assert.deepEqual(changes['Group']!.Details, [{ Target: { Attribute: 'Properties', Name: 'SecurityGroupIngress', RequiresRecreation: 'Never' }, Evaluation: 'Static', ChangeSource: 'DirectModification' }]);
  // The instance's template did not change: its SubnetId reads the subnet being replaced.
  assert.equal(changes['Instance']!.Replacement, 'Conditional');
  assert.deepEqual(changes['Instance']!.Details, [{ Target: { Attribute: 'Properties', Name: 'SubnetId', RequiresRecreation: 'Always' }, Evaluation: 'Dynamic', ChangeSource: 'ResourceReference', CausingEntity: 'Subnet' }]);
  assert.deepEqual(changes['Extra'], { Action: 'Add', LogicalResourceId: 'Extra', ResourceType: 'AWS::EC2::Subnet', Scope: [], Details: [] });
  assert.deepEqual(changes['Old'], { PolicyAction: 'Delete', Action: 'Remove', LogicalResourceId: 'Old', PhysicalResourceId: '/upd/old', ResourceType: 'AWS::SSM::Parameter', Scope: [], Details: [] });
  assert.equal(changes['Kept']!.PolicyAction, 'Retain');

  await cfn.send(new ExecuteChangeSetCommand({ ChangeSetName: 'v2', StackName: 'upd' }));
  await waitUntilStackUpdateComplete(waiter(), { StackName: 'upd' });
  const stack = (await cfn.send(new DescribeStacksCommand({ StackName: 'upd' }))).Stacks![0]!;
  assert.equal(stack.StackStatus, 'UPDATE_COMPLETE');
  assert.ok(stack.LastUpdatedTime);
  const afterIds = await physicalIds('upd');
  assert.deepEqual(Object.keys(afterIds).sort(), ['Extra', 'Group', 'Instance', 'Subnet', 'Vpc']);
  assert.equal(afterIds['Vpc'], before['Vpc']);
  assert.equal(afterIds['Group'], before['Group']);
  assert.notEqual(afterIds['Subnet'], before['Subnet']);
  assert.notEqual(afterIds['Instance'], before['Instance']);
  assert.equal(stack.Outputs!.find((o) => o.OutputKey === 'SubnetId')!.OutputValue, afterIds['Subnet']);
  assert.match(stack.Outputs!.find((o) => o.OutputKey === 'InstanceIp')!.OutputValue!, /^10\.50\.2\.\d+$/);

  // What EC2 and Parameter Store have now.
  const vpc = (await ec2.send(new DescribeVpcsCommand({ VpcIds: [afterIds['Vpc']!] }))).Vpcs![0]!;
  assert.deepEqual(vpc.Tags, [{ Key: 'Name', Value: 'net-v2' }]);
  const subnets = (await ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [afterIds['Vpc']!] }] }))).Subnets!;
  assert.deepEqual(subnets.map((s) => s.CidrBlock).sort(), ['10.50.2.0/24', '10.50.3.0/24']);
  const group = (await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [afterIds['Group']!] }))).SecurityGroups![0]!;
  assert.deepEqual(group.IpPermissions!.map((p) => p.FromPort), [8443]);
  const reservations = (await ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: 'instance-state-name', Values: ['running'] }] }))).Reservations!;
  assert.deepEqual(reservations.flatMap((r) => r.Instances!.map((i) => [i.InstanceId, i.SubnetId])), [[afterIds['Instance'], afterIds['Subnet']]]);
  assert.equal(await parameterValue('/upd/old'), undefined);
  assert.equal(await parameterValue('/upd/kept'), 'kept');

  const events = (await stackEvents('upd', eventsBefore)).map(line);
  assert.equal(events[0], 'upd UPDATE_IN_PROGRESS User Initiated');
  assert.equal(events.at(-1), 'upd UPDATE_COMPLETE');
  const at = (text: string) => {
    const i = events.indexOf(text);
    assert.ok(i >= 0, `no event "${text}" in\n${events.join('\n')}`);
    return i;
  };
  at('Vpc UPDATE_IN_PROGRESS');
  at('Vpc UPDATE_COMPLETE');
  at('Extra CREATE_IN_PROGRESS Resource creation Initiated');
  assert.ok(at('Subnet UPDATE_IN_PROGRESS Requested update requires the creation of a new physical resource; hence creating one.') < at('Subnet UPDATE_IN_PROGRESS Resource creation Initiated'));
  assert.ok(at('Subnet UPDATE_COMPLETE') < at('Instance UPDATE_IN_PROGRESS Requested update requires the creation of a new physical resource; hence creating one.'));
  const cleanup = at('upd UPDATE_COMPLETE_CLEANUP_IN_PROGRESS');
  // The cleanup deletes the old instance before the old subnet it was in, and the dropped parameters.
  assert.ok(cleanup < at('Instance DELETE_IN_PROGRESS') && at('Instance DELETE_COMPLETE') < at('Subnet DELETE_IN_PROGRESS'));
  assert.ok(cleanup < at('Old DELETE_COMPLETE'));
  assert.ok(cleanup < at('Kept DELETE_SKIPPED'));
  const raw = (await stackEvents('upd', eventsBefore)).filter((e) => e.LogicalResourceId === 'Subnet');
  // The replacement's first event names the old subnet; the cleanup deletes the old one by its id.
  assert.equal(raw.find((e) => e.ResourceStatusReason?.startsWith('Requested update'))!.PhysicalResourceId, before['Subnet']);
  assert.equal(raw.find((e) => e.ResourceStatus === 'UPDATE_COMPLETE')!.PhysicalResourceId, afterIds['Subnet']);
  assert.equal(raw.find((e) => e.ResourceStatus === 'DELETE_COMPLETE')!.PhysicalResourceId, before['Subnet']);
  assert.equal((await cfn.send(new GetTemplateCommand({ StackName: 'upd' }))).TemplateBody, network(2));
  const listed = (await awsCli(gh, ['cloudformation', 'list-change-sets', '--stack-name', 'upd'])).json as { Summaries: Array<{ ExecutionStatus: string }> };
  assert.deepEqual(listed.Summaries.map((c) => c.ExecutionStatus), ['EXECUTE_COMPLETE']);

  // Nothing changes: AWS's ValidationError, and the stack stays as it is.
  await expectError(cfn.send(new UpdateStackCommand({ StackName: 'upd', TemplateBody: network(2) })), 'ValidationError', 400, 'No updates are to be performed.');
  await expectError(cfn.send(new UpdateStackCommand({ StackName: 'upd', UsePreviousTemplate: true })), 'ValidationError', 400, 'No updates are to be performed.');
  assert.equal((await cfn.send(new DescribeStacksCommand({ StackName: 'upd' }))).Stacks![0]!.StackStatus, 'UPDATE_COMPLETE');
  await awsCli(gh, ['cloudformation', 'delete-stack', '--stack-name', 'upd']);
  await awsCli(gh, ['cloudformation', 'wait', 'stack-delete-complete', '--stack-name', 'upd']);
  assert.equal((await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'cidr', Values: ['10.50.0.0/16'] }] }))).Vpcs!.length, 0);
  assert.equal(await parameterValue('/upd/kept'), 'kept');
});

const FUNCTION = `
Parameters:
  Greeting: { Type: String, Default: hello }
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement: [{ Effect: Allow, Principal: { Service: lambda.amazonaws.com }, Action: sts:AssumeRole }]
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      FunctionName: deploy-greeter
      Runtime: nodejs20.x
      Handler: index.handler
      Role: !GetAtt Role.Arn
      Environment: { Variables: { GREETING: !Ref Greeting } }
      Code:
        ZipFile: |
          exports.handler = async () => process.env.GREETING + ' from Lambda';
  Setting:
    Type: AWS::SSM::Parameter
    Properties: { Name: /deploy/greeting, Type: String, Value: !Ref Greeting }
Outputs:
  Greeting: { Value: !GetAtt Setting.Value }
`;

test('aws cloudformation deploy twice with a changed parameter updates the stack (UsePreviousValue for the rest)', async () => {
  const file = join(tempDataDir(), 'greeter.yaml');
  writeFileSync(file, FUNCTION);
  const deploy = (...extra: string[]) => awsCliText(gh, ['cloudformation', 'deploy', '--stack-name', 'greeter', '--template-file', file, '--capabilities', 'CAPABILITY_IAM', ...extra]);
  assert.match(await deploy('--parameter-overrides', 'Greeting=hello'), /Successfully created\/updated stack - greeter/);
  const invoke = async () => {
    const out = join(tempDataDir(), 'out.json');
    await awsCli(gh, ['lambda', 'invoke', '--function-name', 'deploy-greeter', out]);
    return JSON.parse(readFileSync(out, 'utf8')) as string;
  };
  assert.equal(await invoke(), 'hello from Lambda');
  const roleBefore = (await physicalIds('greeter'))['Role'];

  assert.match(await deploy('--parameter-overrides', 'Greeting=bonjour'), /Successfully created\/updated stack - greeter/);
  const stack = ((await awsCli(gh, ['cloudformation', 'describe-stacks', '--stack-name', 'greeter'])).json as { Stacks: Array<{ StackStatus: string; Parameters: unknown; Outputs: unknown }> }).Stacks[0]!;
  assert.equal(stack.StackStatus, 'UPDATE_COMPLETE');
  assert.deepEqual(stack.Parameters, [{ ParameterKey: 'Greeting', ParameterValue: 'bonjour' }]);
  assert.deepEqual(stack.Outputs, [{ OutputKey: 'Greeting', OutputValue: 'bonjour' }]);
  assert.equal(await invoke(), 'bonjour from Lambda');
  assert.equal(await parameterValue('/deploy/greeting'), 'bonjour');
  assert.equal((await physicalIds('greeter'))['Role'], roleBefore);
  const changeSets = (await awsCli(gh, ['cloudformation', 'list-change-sets', '--stack-name', 'greeter'])).json as { Summaries: Array<{ ChangeSetId: string; ExecutionStatus: string }> };
  const executed = changeSets.Summaries.at(-1)!;
  assert.equal(executed.ExecutionStatus, 'EXECUTE_COMPLETE');
  const described = (await awsCli(gh, ['cloudformation', 'describe-change-set', '--change-set-name', executed.ChangeSetId])).json as { ChangeSetType?: string; Changes: Array<{ ResourceChange: { LogicalResourceId: string; Replacement: string; Details: unknown[] } }> };
  assert.deepEqual(described.Changes.map((c) => [c.ResourceChange.LogicalResourceId, c.ResourceChange.Replacement]), [['Fn', 'False'], ['Setting', 'False']]);
  // A changed parameter: a dynamic direct modification plus the parameter that caused it (as AWS lists them).
  assert.deepEqual(described.Changes[0]!.ResourceChange.Details, [
    { Target: { Attribute: 'Properties', Name: 'Environment', RequiresRecreation: 'Never' }, Evaluation: 'Dynamic', ChangeSource: 'DirectModification' },
    { Target: { Attribute: 'Properties', Name: 'Environment', RequiresRecreation: 'Never' }, Evaluation: 'Static', ChangeSource: 'ParameterReference', CausingEntity: 'Greeting' },
  ]);

  // The same again (the CLI passes UsePreviousValue for Greeting): nothing to deploy.
  assert.match(await deploy(), /No changes to deploy\. Stack greeter is up to date/);
  await awsCli(gh, ['cloudformation', 'delete-stack', '--stack-name', 'greeter']);
  await awsCli(gh, ['cloudformation', 'wait', 'stack-delete-complete', '--stack-name', 'greeter']);
});

/** A stack whose second version fails at its last resource: the changes before it must be undone. */
function fragile(v: 1 | 2): string {
  return JSON.stringify({
    Resources: {
      Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.60.0.0/16', Tags: [{ Key: 'v', Value: String(v) }] } },
      Setting: { Type: 'AWS::SSM::Parameter', Properties: { Name: '/fragile/setting', Type: 'String', Value: `v${v}` } },
      Subnet: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: { Ref: 'Vpc' }, CidrBlock: v === 1 ? '10.60.1.0/24' : '10.60.2.0/24' } },
      ...(v === 2 && {
        Added: { Type: 'AWS::SSM::Parameter', Properties: { Name: '/fragile/added', Type: 'String', Value: 'added' } },
        Bad: { Type: 'AWS::EC2::Subnet', DependsOn: ['Subnet', 'Added'], Properties: { VpcId: { Ref: 'Vpc' }, CidrBlock: '10.99.0.0/24' } },
      }),
    },
    Outputs: { Setting: { Value: { 'Fn::GetAtt': ['Setting', 'Value'] } } },
  });
}

test('a failed update rolls back to the previous state: UPDATE_ROLLBACK_COMPLETE, and the stack can be updated again', async () => {
  const dir = tempDataDir();
  writeFileSync(join(dir, 'v1.json'), fragile(1));
  writeFileSync(join(dir, 'v2.json'), fragile(2));
  await awsCli(gh, ['cloudformation', 'create-stack', '--stack-name', 'fragile', '--template-body', `file://${join(dir, 'v1.json')}`]);
  await awsCli(gh, ['cloudformation', 'wait', 'stack-create-complete', '--stack-name', 'fragile']);
  const before = await physicalIds('fragile');
  const eventsBefore = (await stackEvents('fragile')).length;

  const updated = (await awsCli(gh, ['cloudformation', 'update-stack', '--stack-name', 'fragile', '--template-body', `file://${join(dir, 'v2.json')}`])).json as { StackId: string };
  assert.match(updated.StackId, /^arn:aws:cloudformation:us-east-1:000000000000:stack\/fragile\//);
  const waited = await awsCliError(gh, ['cloudformation', 'wait', 'stack-update-complete', '--stack-name', 'fragile']);
  assert.match(waited.stderr, /Waiter StackUpdateComplete failed: Waiter encountered a terminal failure state: For expression "Stacks\[\]\.StackStatus" we matched expected path: "UPDATE_ROLLBACK_COMPLETE"/);

  const stack = (await cfn.send(new DescribeStacksCommand({ StackName: 'fragile' }))).Stacks![0]!;
  assert.equal(stack.StackStatus, 'UPDATE_ROLLBACK_COMPLETE');
  assert.deepEqual(stack.Outputs, [{ OutputKey: 'Setting', OutputValue: 'v1' }]);
  assert.deepEqual(await physicalIds('fragile'), before);
  assert.equal((await cfn.send(new GetTemplateCommand({ StackName: 'fragile' }))).TemplateBody, fragile(1));
  // Everything is back: the parameter's value, the VPC's tag, the original subnet only, nothing the update added.
  assert.equal(await parameterValue('/fragile/setting'), 'v1');
  assert.equal(await parameterValue('/fragile/added'), undefined);
  assert.deepEqual((await ec2.send(new DescribeVpcsCommand({ VpcIds: [before['Vpc']!] }))).Vpcs![0]!.Tags, [{ Key: 'v', Value: '1' }]);
  const subnets = (await ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [before['Vpc']!] }] }))).Subnets!;
  assert.deepEqual(subnets.map((s) => [s.SubnetId, s.CidrBlock]), [[before['Subnet'], '10.60.1.0/24']]);

  const events = await stackEvents('fragile', eventsBefore);
  const lines = events.map(line);
  const stackLines = events.filter((e) => e.LogicalResourceId === 'fragile').map(line);
  assert.deepEqual(stackLines, [
    'fragile UPDATE_IN_PROGRESS User Initiated',
    'fragile UPDATE_ROLLBACK_IN_PROGRESS The following resource(s) failed to create: [Bad]. ',
    'fragile UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS',
    'fragile UPDATE_ROLLBACK_COMPLETE',
  ]);
  const bad = events.find((e) => e.LogicalResourceId === 'Bad' && e.ResourceStatus === 'CREATE_FAILED')!;
  assert.match(bad.ResourceStatusReason!, /^Resource handler returned message: "The CIDR '10\.99\.0\.0\/24' is invalid\./);
  const rollback = lines.indexOf('fragile UPDATE_ROLLBACK_IN_PROGRESS The following resource(s) failed to create: [Bad]. ');
  const cleanup = lines.indexOf('fragile UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS');
  // Put back during the rollback (the subnet to its old physical resource); what the update made deleted in the cleanup.
  for (const resource of ['Setting', 'Subnet', 'Vpc']) {
    const i = lines.lastIndexOf(`${resource} UPDATE_COMPLETE`);
    assert.ok(rollback < i && i < cleanup, `${resource} is put back during the rollback:\n${lines.join('\n')}`);
  }
  assert.equal(events.filter((e) => e.LogicalResourceId === 'Subnet' && e.ResourceStatus === 'UPDATE_COMPLETE').at(-1)!.PhysicalResourceId, before['Subnet']);
  const newSubnet = events.find((e) => e.LogicalResourceId === 'Subnet' && e.ResourceStatusReason === 'Resource creation Initiated')!.PhysicalResourceId!;
  assert.notEqual(newSubnet, before['Subnet']);
  assert.ok(cleanup < events.findIndex((e) => e.LogicalResourceId === 'Subnet' && e.ResourceStatus === 'DELETE_COMPLETE' && e.PhysicalResourceId === newSubnet));
  assert.ok(cleanup < lines.indexOf('Added DELETE_COMPLETE'));
  assert.ok(cleanup < lines.indexOf('Bad DELETE_COMPLETE'));

  // UPDATE_ROLLBACK_COMPLETE can be updated again.
  await cfn.send(new UpdateStackCommand({ StackName: 'fragile', TemplateBody: fragile(1).replace('"v1"', '"v3"') }));
  await waitUntilStackUpdateComplete(waiter(), { StackName: 'fragile' });
  assert.equal(await parameterValue('/fragile/setting'), 'v3');
  await cfn.send(new UpdateStackCommand({ StackName: 'fragile', TemplateBody: fragile(2), DisableRollback: true }));
  await assert.rejects(waitUntilStackUpdateComplete(waiter(), { StackName: 'fragile' }));
  // With rollback disabled the stack stays UPDATE_FAILED as it got: the changes that worked are kept.
  const failed = (await cfn.send(new DescribeStacksCommand({ StackName: 'fragile' }))).Stacks![0]!;
  assert.equal(failed.StackStatus, 'UPDATE_FAILED');
  assert.equal(failed.StackStatusReason, 'The following resource(s) failed to create: [Bad]. ');
  assert.equal(await parameterValue('/fragile/setting'), 'v2');
  const cidrs = async () => (await ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [before['Vpc']!] }] }))).Subnets!.map((s) => s.CidrBlock).sort();
  // The old subnet of the replacement is still there until an update completes.
  assert.deepEqual(await cidrs(), ['10.60.1.0/24', '10.60.2.0/24']);
  // Fixed forward (the failed resource dropped): the cleanup then deletes the old subnet.
  const fixed = JSON.parse(fragile(2)) as { Resources: Record<string, unknown> };
  delete fixed.Resources['Bad'];
  await cfn.send(new UpdateStackCommand({ StackName: 'fragile', TemplateBody: JSON.stringify(fixed) }));
  await waitUntilStackUpdateComplete(waiter(), { StackName: 'fragile' });
  assert.deepEqual(await cidrs(), ['10.60.2.0/24']);
  assert.equal(await parameterValue('/fragile/added'), 'added');
  await cfn.send(new UpdateStackCommand({ StackName: 'fragile', TemplateBody: fragile(1) }));
  await waitUntilStackUpdateComplete(waiter(), { StackName: 'fragile' });
  assert.equal(await parameterValue('/fragile/setting'), 'v1');
  assert.equal(await parameterValue('/fragile/added'), undefined);
  assert.deepEqual(await cidrs(), ['10.60.1.0/24']);
  await awsCli(gh, ['cloudformation', 'delete-stack', '--stack-name', 'fragile']);
  await awsCli(gh, ['cloudformation', 'wait', 'stack-delete-complete', '--stack-name', 'fragile']);
  assert.equal((await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'cidr', Values: ['10.60.0.0/16'] }] }))).Vpcs!.length, 0);
});

test("AWS's refusals of UpdateStack", async () => {
  await expectError(cfn.send(new UpdateStackCommand({ StackName: 'nope', UsePreviousTemplate: true })), 'ValidationError', 400, 'Stack [nope] does not exist');
  const failing = JSON.stringify({ Resources: { Bad: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/8' } } } });
  const StackId = (await cfn.send(new CreateStackCommand({ StackName: 'rolled', TemplateBody: failing }))).StackId!;
  await assert.rejects(waitUntilStackCreateComplete(waiter(), { StackName: 'rolled' }));
  await expectError(cfn.send(new UpdateStackCommand({ StackName: 'rolled', TemplateBody: network(1) })), 'ValidationError', 400, `Stack:${StackId} is in ROLLBACK_COMPLETE state and can not be updated.`);
  const deploy = await awsCliError(gh, ['cloudformation', 'create-change-set', '--stack-name', 'rolled', '--change-set-name', 'x', '--template-body', network(1)]);
  assert.match(deploy.stderr, new RegExp(`\\(ValidationError\\) when calling the CreateChangeSet operation: Stack:${StackId.replace(/[/.]/g, '\\$&')} is in ROLLBACK_COMPLETE state and can not be updated\\.`));

  const simple = JSON.stringify({ Parameters: { Name: { Type: 'String' } }, Resources: { P: { Type: 'AWS::SSM::Parameter', Properties: { Name: { Ref: 'Name' }, Type: 'String', Value: 'x' } } } });
  await cfn.send(new CreateStackCommand({ StackName: 'simple', TemplateBody: simple, Parameters: [{ ParameterKey: 'Name', ParameterValue: '/simple/a' }] }));
  await waitUntilStackCreateComplete(waiter(), { StackName: 'simple' });
  await expectError(cfn.send(new UpdateStackCommand({ StackName: 'simple', UsePreviousTemplate: true, Parameters: [{ ParameterKey: 'Name', UsePreviousValue: true }] })), 'ValidationError', 400, 'No updates are to be performed.');
  await expectError(cfn.send(new UpdateStackCommand({ StackName: 'simple', UsePreviousTemplate: true, TemplateBody: simple })), 'ValidationError', 400, 'You cannot specify both usePreviousTemplate and Template Body/Template URL.');
  await expectError(
    cfn.send(new UpdateStackCommand({ StackName: 'simple', TemplateBody: simple.replace('AWS::SSM::Parameter', 'AWS::EC2::VPC'), Parameters: [{ ParameterKey: 'Name', UsePreviousValue: true }] })),
    'ValidationError', 400, 'Update of resource type is not permitted. The new template modifies resource type of the following resources: [P]',
  );
  // A new value for the name replaces the parameter (Name needs replacement): the old one is deleted after.
  await cfn.send(new UpdateStackCommand({ StackName: 'simple', UsePreviousTemplate: true, Parameters: [{ ParameterKey: 'Name', ParameterValue: '/simple/b' }] }));
  await waitUntilStackUpdateComplete(waiter(), { StackName: 'simple' });
  assert.equal(await parameterValue('/simple/a'), undefined);
  assert.equal(await parameterValue('/simple/b'), 'x');
});

test('the seed tutorial stack updated in place: new Lambda code, then a new resource policy, seen through execute-api', async () => {
  const dir = tempDataDir();
  const original = readFileSync(TUTORIAL, 'utf8');
  await awsCli(gh, ['cloudformation', 'create-stack', '--stack-name', 'tutorial', '--template-body', `file://${TUTORIAL}`, '--capabilities', 'CAPABILITY_IAM']);
  await awsCli(gh, ['cloudformation', 'wait', 'stack-create-complete', '--stack-name', 'tutorial']);
  const outputs = (await awsCli(gh, ['cloudformation', 'describe-stacks', '--stack-name', 'tutorial', '--query', 'Stacks[0].Outputs'])).json as Array<{ OutputKey: string; OutputValue: string }>;
  const output = (key: string): string => outputs.find((o) => o.OutputKey === key)!.OutputValue;
  const curl = async () => (await execOn(gh, output('InstanceId'), ['/usr/bin/curl', '-sS', output('InvokeUrl')])).stdout;
  assert.equal(await curl(), 'Hello from Lambda!');
  const before = await physicalIds('tutorial');

  // New code for the function: updated in place, and the API (same deployment) answers with it.
  const newCode = original.replace("body: 'Hello from Lambda!'", "body: 'Hello again from Lambda!'");
  assert.notEqual(newCode, original);
  writeFileSync(join(dir, 'v2.yaml'), newCode);
  await awsCli(gh, ['cloudformation', 'update-stack', '--stack-name', 'tutorial', '--template-body', `file://${join(dir, 'v2.yaml')}`, '--capabilities', 'CAPABILITY_IAM']);
  await awsCli(gh, ['cloudformation', 'wait', 'stack-update-complete', '--stack-name', 'tutorial']);
  assert.deepEqual(await physicalIds('tutorial'), before);
  assert.equal(await curl(), 'Hello again from Lambda!');

  // A policy that denies the endpoint, and a new deployment (a renamed Deployment, as CloudFormation needs to redeploy).
  const denied = newCode
    .replace('StringNotEquals:\n                aws:sourceVpce', 'StringEquals:\n                aws:sourceVpce')
    .replace('  Deployment:\n    Type: AWS::ApiGateway::Deployment', '  Deployment2:\n    Type: AWS::ApiGateway::Deployment');
  assert.notEqual(denied, newCode);
  writeFileSync(join(dir, 'v3.yaml'), denied);
  await awsCli(gh, ['cloudformation', 'update-stack', '--stack-name', 'tutorial', '--template-body', `file://${join(dir, 'v3.yaml')}`, '--capabilities', 'CAPABILITY_IAM']);
  await awsCli(gh, ['cloudformation', 'wait', 'stack-update-complete', '--stack-name', 'tutorial']);
  const after = await physicalIds('tutorial');
  assert.equal(after['Api'], before['Api']);
  assert.equal(after['Deployment'], undefined);
  assert.notEqual(after['Deployment2'], before['Deployment']);
  assert.match(await curl(), /"Message":"User: anonymous is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:\*\*\*\*\*\*\*\*0000:\w+\/test\/GET\/ with an explicit deny"/);
  const deployments = (await awsCli(gh, ['apigateway', 'get-deployments', '--rest-api-id', after['Api']!])).json as { items: Array<{ id: string }> };
  assert.deepEqual(deployments.items.map((d) => d.id), [after['Deployment2']]);

  await awsCli(gh, ['cloudformation', 'delete-stack', '--stack-name', 'tutorial']);
  await awsCli(gh, ['cloudformation', 'wait', 'stack-delete-complete', '--stack-name', 'tutorial']);
  assert.deepEqual((await awsCli(gh, ['apigateway', 'get-rest-apis', '--query', 'length(items)'])).json, 0);
});
