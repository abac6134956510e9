/**
 * `gatehouse tutorial`: the seed tutorial (Amazon API Gateway's "Build a private REST API"), run step by step
 * against a running Gatehouse, saying what it does and the AWS CLI command that does the same: the starter
 * stack, the private API, its Lambda proxy method, the resource policy, the deployment, the host left out,
 * `Hello from Lambda!` from the instance, and the clean-up.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ProxyAgent, request } from 'undici';
import { createSecureContext, rootCertificates } from 'node:tls';
import { executeApiMethodArn, lambdaFunctionArn, lambdaIntegrationUri } from '../shared/arns.js';
import { proxyAuthorization } from '../network/proxy-credentials.js';
import { GatehouseAwsClient, xmlValues } from './aws-client.js';
import { instanceNetwork } from './network-client.js';

const STARTER = fileURLToPath(new URL('../../../examples/private-api-tutorial/starter-template.yaml', import.meta.url));
const STACK = 'private-api-tutorial';
const REGION = 'us-east-1';
const CFN_VERSION = '2010-05-15';

export interface TutorialOptions {
  endpointUrl: string;
  /** Leave the stack and the API in place at the end. */
  keep: boolean;
  out?: (line: string) => void;
}

export async function runTutorial(options: TutorialOptions): Promise<void> {
  const say = options.out ?? ((line: string) => process.stdout.write(`${line}\n`));
  const aws = new GatehouseAwsClient(options.endpointUrl, REGION);
  const cli = (command: string): void => say(`  $ aws --endpoint-url ${options.endpointUrl} ${command}`);
  const step = (title: string): void => say(`\n${title}`);

  step('Step 1: the dependencies, from the starter CloudFormation template (VPC, endpoint, function, instance)');
  cli(`cloudformation create-stack --stack-name ${STACK} --template-body file://examples/private-api-tutorial/starter-template.yaml --capabilities CAPABILITY_IAM`);
  await aws.query('cloudformation', CFN_VERSION, 'CreateStack', { StackName: STACK, TemplateBody: readFileSync(STARTER, 'utf8'), 'Capabilities.member.1': 'CAPABILITY_IAM' });
  const outputs = await waitForStack(aws, STACK);
  const vpceId = outputs.get('VpcEndpointId')!;
  const instanceId = outputs.get('InstanceId')!;
  const functionName = outputs.get('FunctionName')!;
  say(`  CREATE_COMPLETE. Outputs: VpcEndpointId=${vpceId} InstanceId=${instanceId} FunctionName=${functionName}`);

  step('Step 2: a private REST API for that endpoint');
  cli(`apigateway create-rest-api --name ${STACK} --endpoint-configuration '{"types":["PRIVATE"],"vpcEndpointIds":["${vpceId}"]}'`);
  const api = await aws.json('apigateway', 'POST', '/restapis', { name: STACK, endpointConfiguration: { types: ['PRIVATE'], vpcEndpointIds: [vpceId] } });
  const apiId = api['id'] as string;
  const rootId = api['rootResourceId'] as string;
  say(`  API ${apiId}, root resource ${rootId}`);

  step('Step 3: GET on the root, a Lambda proxy integration, and the permission for API Gateway to call the function');
  const account = await accountOf(aws);
  const scope = { region: REGION, account };
  const functionArn = lambdaFunctionArn(scope, functionName);
  const uri = lambdaIntegrationUri(REGION, functionArn);
  cli(`apigateway put-method --rest-api-id ${apiId} --resource-id ${rootId} --http-method GET --authorization-type NONE`);
  await aws.json('apigateway', 'PUT', `/restapis/${apiId}/resources/${rootId}/methods/GET`, { authorizationType: 'NONE' });
  cli(`apigateway put-integration --rest-api-id ${apiId} --resource-id ${rootId} --http-method GET --type AWS_PROXY --integration-http-method POST --uri ${uri}`);
  await aws.json('apigateway', 'PUT', `/restapis/${apiId}/resources/${rootId}/methods/GET/integration`, {
    type: 'AWS_PROXY',
    httpMethod: 'POST',
    uri,
  });
  const sourceArn = executeApiMethodArn(scope, apiId, '*', 'GET', '/');
  cli(`lambda add-permission --function-name ${functionName} --statement-id apigateway-get --action lambda:InvokeFunction --principal apigateway.amazonaws.com --source-arn ${sourceArn}`);
  await aws.json('lambda', 'POST', `/2015-03-31/functions/${functionName}/policy`, { StatementId: 'apigateway-get', Action: 'lambda:InvokeFunction', Principal: 'apigateway.amazonaws.com', SourceArn: sourceArn });

  step('Step 4: the resource policy — deny unless the request comes through the endpoint, then allow');
  const policy = {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*', Condition: { StringNotEquals: { 'aws:sourceVpce': vpceId } } },
      { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' },
    ],
  };
  cli(`apigateway update-rest-api --rest-api-id ${apiId} --patch-operations '${JSON.stringify([{ op: 'replace', path: '/policy', value: JSON.stringify(policy) }])}'`);
  await aws.json('apigateway', 'PATCH', `/restapis/${apiId}`, { patchOperations: [{ op: 'replace', path: '/policy', value: JSON.stringify(policy) }] });

  step('Step 5: deploy to stage `test`');
  cli(`apigateway create-deployment --rest-api-id ${apiId} --stage-name test`);
  await aws.json('apigateway', 'POST', `/restapis/${apiId}/deployments`, { stageName: 'test' });
  const invokeUrl = `https://${apiId}.execute-api.${REGION}.amazonaws.com/test`;
  say(`  Invoke URL (it resolves only inside the VPC): ${invokeUrl}`);

  step('Step 6: from outside the VPC there is no way in');
  const publicForm = await fetch(new URL(`/_aws/execute-api/${apiId}/test`, options.endpointUrl));
  say(`  The host, on Gatehouse's public front door: ${publicForm.status} ${await publicForm.text()} (a private API is never served there)`);
  say(`  The host has no route to the endpoint, and ${apiId}.execute-api.${REGION}.amazonaws.com resolves only in the VPC's DNS.`);

  step(`Step 7: from the instance ${instanceId}, in the VPC`);
  say(`  $ gatehouse exec ${instanceId} -- curl -sS ${invokeUrl}`);
  const answer = await fromInstance(options.endpointUrl, instanceId, invokeUrl);
  say(`  ${answer.status} ${answer.text}`);
  if (answer.status !== 200) throw new Error(`the private API answered ${answer.status} from the instance, not 200`);

  if (options.keep) {
    say(`\nLeft in place (--keep): stack ${STACK}, API ${apiId}.`);
    return;
  }
  step('Step 8: clean up');
  cli(`apigateway delete-rest-api --rest-api-id ${apiId}`);
  await aws.json('apigateway', 'DELETE', `/restapis/${apiId}`);
  cli(`cloudformation delete-stack --stack-name ${STACK}`);
  await aws.query('cloudformation', CFN_VERSION, 'DeleteStack', { StackName: STACK });
  await waitForStack(aws, STACK, 'DELETE_COMPLETE');
  say('  DELETE_COMPLETE. Everything the tutorial made is gone.');
}

/** Polls DescribeStacks until the stack settles; its Outputs by key. */
async function waitForStack(aws: GatehouseAwsClient, name: string, want = 'CREATE_COMPLETE'): Promise<Map<string, string>> {
  for (let i = 0; i < 600; i++) {
    let xml: string;
    try {
      xml = await aws.query('cloudformation', CFN_VERSION, 'DescribeStacks', { StackName: name });
    } catch (error) {
      // A deleted stack is no longer found by name.
      if (want === 'DELETE_COMPLETE' && /does not exist/.test((error as Error).message)) return new Map();
      throw error;
    }
    const status = xmlValues(xml, 'StackStatus')[0] ?? '';
    if (status === want) {
      const keys = xmlValues(xml, 'OutputKey');
      const values = xmlValues(xml, 'OutputValue');
      return new Map(keys.map((k, n) => [k, values[n] ?? '']));
    }
    if (!status.endsWith('_IN_PROGRESS')) throw new Error(`stack ${name} is ${status}: ${await whyFailed(aws, name)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`stack ${name} did not reach ${want} within a minute`);
}

/** The first failure the stack's events record, oldest first (what the console's Events tab shows in red). */
async function whyFailed(aws: GatehouseAwsClient, name: string): Promise<string> {
  const xml = await aws.query('cloudformation', CFN_VERSION, 'DescribeStackEvents', { StackName: name });
  const events = [...xml.matchAll(/<member>([\s\S]*?)<\/member>/g)].map((m) => m[1]!).reverse();
  const failed = events.find((e) => /<ResourceStatus>[A-Z_]*FAILED<\/ResourceStatus>/.test(e));
  if (!failed) return 'no resource failed';
  return `${xmlValues(failed, 'LogicalResourceId')[0] ?? ''}: ${xmlValues(failed, 'ResourceStatusReason')[0] ?? ''}`;
}

async function accountOf(aws: GatehouseAwsClient): Promise<string> {
  return xmlValues(await aws.query('sts', '2011-06-15', 'GetCallerIdentity', {}), 'Account')[0] ?? '000000000000';
}

/** A GET as the instance makes it: through the egress proxy, trusting the local CA. */
async function fromInstance(endpointUrl: string, instanceId: string, url: string): Promise<{ status: number; text: string }> {
  const network = await instanceNetwork(endpointUrl, instanceId);
  const dispatcher = new ProxyAgent({
    uri: `http://${network.proxy.host}:${network.proxy.port}`,
    token: proxyAuthorization(instanceId),
    requestTls: { secureContext: createSecureContext({ ca: [...rootCertificates, readFileSync(network.caFile, 'utf8')] }) },
  });
  try {
    const res = await request(url, { dispatcher });
    return { status: res.statusCode, text: await res.body.text() };
  } finally {
    await dispatcher.close();
  }
}
