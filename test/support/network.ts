/**
 * Helpers for the network end-to-end tests: a private network built through the EC2 API (SDK v3), the
 * `gatehouse` CLI and other programs run as child processes, with no proxy settings from this machine.
 */
import { AuthorizeSecurityGroupIngressCommand, CreateSecurityGroupCommand, CreateVpcEndpointCommand, RunInstancesCommand, type EC2Client } from '@aws-sdk/client-ec2';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Gatehouse } from '../../src/server/gatehouse.js';
import { newSubnet, newVpc } from './ec2.js';
import { credentials, REGION } from './server.js';

export const BIN = fileURLToPath(new URL('../../../bin/gatehouse.js', import.meta.url));
export const API_HOST = 'abcdef1234.execute-api.us-east-1.amazonaws.com';
export const API_URL = `https://${API_HOST}/test`;
export const FORBIDDEN = '{"message":"Forbidden"}';

export interface PrivateNetwork {
  vpcId: string;
  subnetIds: [string, string];
  endpointGroupId: string;
  vpceId: string;
  /** An instance in the VPC with the endpoint. */
  instanceId: string;
  /** An instance in a second VPC, which has no endpoint. */
  outsiderId: string;
}

/** The seed tutorial's network: a VPC with both DNS attributes, two subnets, a group admitting 443 from the VPC, the endpoint with private DNS. */
export async function createPrivateNetwork(ec2: EC2Client): Promise<PrivateNetwork> {
  const { VpcId: vpcId } = await newVpc(ec2, '10.0.0.0/16', { dns: true });
  const { SubnetId: subnet1 } = await newSubnet(ec2, vpcId, '10.0.1.0/24', 'us-east-1a');
  const { SubnetId: subnet2 } = await newSubnet(ec2, vpcId, '10.0.2.0/24', 'us-east-1b');
  const endpointGroupId = (await ec2.send(new CreateSecurityGroupCommand({ VpcId: vpcId, GroupName: 'execute-api-endpoint', Description: 'HTTPS from the VPC' }))).GroupId!;
  await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: endpointGroupId, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '10.0.0.0/16' }] }] }));
  const endpoint = await ec2.send(new CreateVpcEndpointCommand({
    VpcId: vpcId,
    VpcEndpointType: 'Interface',
    ServiceName: 'com.amazonaws.us-east-1.execute-api',
    SubnetIds: [subnet1, subnet2],
    SecurityGroupIds: [endpointGroupId],
    PrivateDnsEnabled: true,
  }));
  const instanceId = (await ec2.send(new RunInstancesCommand({ ImageId: 'ami-0123456789abcdef0', MinCount: 1, MaxCount: 1, SubnetId: subnet1 }))).Instances![0]!.InstanceId!;
  const { VpcId: otherVpc } = await newVpc(ec2, '10.1.0.0/16', { dns: true });
  const { SubnetId: otherSubnet } = await newSubnet(ec2, otherVpc, '10.1.1.0/24', 'us-east-1a');
  const outsiderId = (await ec2.send(new RunInstancesCommand({ ImageId: 'ami-0123456789abcdef0', MinCount: 1, MaxCount: 1, SubnetId: otherSubnet }))).Instances![0]!.InstanceId!;
  return { vpcId, subnetIds: [subnet1, subnet2], endpointGroupId, vpceId: endpoint.VpcEndpoint!.VpcEndpointId!, instanceId, outsiderId };
}

export interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** This machine's environment without any proxy settings, so only what a test sets applies. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of Object.keys(env)) if (/_proxy$/i.test(name) || name === 'NODE_OPTIONS' || name === 'GATEHOUSE_ENDPOINT_URL') delete env[name];
  return { ...env, ...extra };
}

/** Runs a program to its end (or `timeoutMs`, then SIGKILL), with stdin written and closed. */
export function runProgram(file: string, args: string[], options: { env?: NodeJS.ProcessEnv; input?: string; timeoutMs?: number; cwd?: string } = {}): Promise<Ran> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { env: options.env ?? cleanEnv(), cwd: options.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: Date.now() - started });
    });
    child.stdin.end(options.input ?? '');
  });
}

/** Test credentials for AWS clients run on instances, and none of this machine's AWS configuration. */
const AWS_ENV = {
  AWS_ACCESS_KEY_ID: credentials.accessKeyId,
  AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
  AWS_DEFAULT_REGION: REGION,
  AWS_CONFIG_FILE: '/dev/null',
  AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  AWS_PAGER: '',
};

/** `gatehouse <args>` against the test's server. */
export function gatehouse(gh: Gatehouse, args: string[], options: { input?: string; timeoutMs?: number } = {}): Promise<Ran> {
  return runProgram(process.execPath, [BIN, ...args], { env: cleanEnv({ ...AWS_ENV, GATEHOUSE_ENDPOINT_URL: gh.url }), ...options });
}

/** `gatehouse exec <instance> -- <command...>`. */
export function execOn(gh: Gatehouse, instanceId: string, command: string[], options: { timeoutMs?: number } = {}): Promise<Ran> {
  return gatehouse(gh, ['exec', instanceId, '--endpoint-url', gh.url, '--', ...command], options);
}

/** The seed tutorial's resource policy: deny unless the request came through `vpceId`, then allow. */
export function tutorialPolicy(vpceId: string) {
  return {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*', Condition: { StringNotEquals: { 'aws:sourceVpce': vpceId } } },
      { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' },
    ],
  };
}

/**
 * Requests from an instance with curl, in one `gatehouse exec`: each `{path, headers}` to `https://{host}{path}`;
 * the answers' status and body, in order.
 */
export async function curlFromInstance(gh: Gatehouse, instanceId: string, host: string, requests: Array<{ path: string; headers?: Record<string, string> }>): Promise<Array<{ status: number; body: string }>> {
  const script = requests
    .map((r) => `curl -s -w '\\n%{http_code}\\n' ${Object.entries(r.headers ?? {}).map(([k, v]) => `-H '${k}: ${v}' `).join('')}'https://${host}${r.path}'; echo '#END#'`)
    .join('; ');
  const ran = await execOn(gh, instanceId, ['sh', '-c', script]);
  assert.equal(ran.code, 0, ran.stderr);
  return ran.stdout
    .split('#END#\n')
    .filter((chunk) => chunk.trim() !== '')
    .map((chunk) => {
      const lines = chunk.trimEnd().split('\n');
      const status = Number(lines.pop());
      return { status, body: lines.join('\n') };
    });
}
