/**
 * bench/cloudformation: time from CreateStack to CREATE_COMPLETE (DescribeStacks polled every 5 ms), for the
 * tutorial's full template (VPC, endpoint, function, instance, private API ...) and for a stack of 200 SSM
 * parameters, side by side with the floor: the same 200 parameters put one by one with the SDK. Target (issue
 * 6): the tutorial stack in under 1 s. Gatehouse runs in its own process.
 */
import { CloudFormationClient, CreateStackCommand, DeleteStackCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startGatehouseProcess, table } from './support.js';

const TUTORIAL = readFileSync(fileURLToPath(new URL('../../examples/private-api-tutorial/full-template.yaml', import.meta.url)), 'utf8');
const PARAMETERS = 200;

function parametersTemplate(prefix: string): string {
  const resources = Object.fromEntries(
    Array.from({ length: PARAMETERS }, (_, i) => [`P${i}`, { Type: 'AWS::SSM::Parameter', Properties: { Name: `/${prefix}/p${i}`, Type: 'String', Value: `value-${i}` } }]),
  );
  return JSON.stringify({ Resources: resources });
}

async function untilSettled(cfn: CloudFormationClient, name: string, want: string): Promise<void> {
  for (;;) {
    let status: string | undefined;
    try {
      status = (await cfn.send(new DescribeStacksCommand({ StackName: name }))).Stacks?.[0]?.StackStatus;
    } catch (error) {
      if (want === 'DELETE_COMPLETE' && /does not exist/.test((error as Error).message)) return;
      throw error;
    }
    if (status === want) return;
    if (status && !status.endsWith('_IN_PROGRESS')) throw new Error(`${name}: ${status}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

async function timed(fn: () => Promise<void>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

export async function run(): Promise<void> {
  const gh = await startGatehouseProcess();
  const config = { endpoint: gh.url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 };
  const cfn = new CloudFormationClient(config);
  const ssm = new SSMClient(config);
  try {
    console.log('bench/cloudformation: CreateStack to CREATE_COMPLETE, Gatehouse in its own process\n');
    const rows: Array<Record<string, string | number>> = [];
    for (let round = 1; round <= 3; round++) {
      const name = `tutorial-${round}`;
      const create = await timed(async () => {
        await cfn.send(new CreateStackCommand({ StackName: name, TemplateBody: TUTORIAL, Capabilities: ['CAPABILITY_IAM'] }));
        await untilSettled(cfn, name, 'CREATE_COMPLETE');
      });
      const remove = await timed(async () => {
        await cfn.send(new DeleteStackCommand({ StackName: name }));
        await untilSettled(cfn, name, 'DELETE_COMPLETE');
      });
      rows.push({ stack: `tutorial full template (round ${round})`, resources: 15, 'create ms': create.toFixed(0), 'delete ms': remove.toFixed(0) });
    }
    const floor = await timed(async () => {
      for (let i = 0; i < PARAMETERS; i++) await ssm.send(new PutParameterCommand({ Name: `/floor/p${i}`, Type: 'String', Value: `value-${i}` }));
    });
    const stack = await timed(async () => {
      await cfn.send(new CreateStackCommand({ StackName: 'parameters', TemplateBody: parametersTemplate('stack') }));
      await untilSettled(cfn, 'parameters', 'CREATE_COMPLETE');
    });
    const remove = await timed(async () => {
      await cfn.send(new DeleteStackCommand({ StackName: 'parameters' }));
      await untilSettled(cfn, 'parameters', 'DELETE_COMPLETE');
    });
    rows.push({ stack: `${PARAMETERS} SSM parameters`, resources: PARAMETERS, 'create ms': stack.toFixed(0), 'delete ms': remove.toFixed(0) });
    rows.push({ stack: `floor: ${PARAMETERS} PutParameter calls with the SDK`, resources: PARAMETERS, 'create ms': floor.toFixed(0), 'delete ms': '-' });
    table(rows);
    console.log(`\n${PARAMETERS}-resource stack vs the floor: ${(stack / floor).toFixed(2)}x the time`);
  } finally {
    cfn.destroy();
    ssm.destroy();
    await gh.stop();
  }
}
