/**
 * Test support: one real Gatehouse per test file, on an ephemeral loopback port, and AWS clients pointed
 * at it. Never a mock: tests talk HTTP to the same server `gatehouse up` runs.
 */
import { APIGatewayClient } from '@aws-sdk/client-api-gateway';
import { EC2Client } from '@aws-sdk/client-ec2';
import { STSClient } from '@aws-sdk/client-sts';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { promisify } from 'node:util';
import { startGatehouse, type Gatehouse } from '../../src/server/gatehouse.js';
import type { GatehouseOptions } from '../../src/server/options.js';

export const ACCOUNT = '000000000000';
export const REGION = 'us-east-1';
export const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

export async function startTestGatehouse(options: GatehouseOptions = {}): Promise<Gatehouse> {
  return startGatehouse({ port: 0, inMemory: true, logLevel: 'silent', ...options });
}

/**
 * One Gatehouse for the test file and one client for it: started before the file's tests, disposed after.
 * `assign` hands both to the file's own variables.
 */
export function withGatehouseClient<C extends { destroy(): void }>(
  makeClient: (gh: Gatehouse) => C,
  assign: (gh: Gatehouse, client: C) => void,
  options: GatehouseOptions = {},
): void {
  let gh: Gatehouse | undefined;
  let client: C | undefined;
  before(async () => {
    gh = await startTestGatehouse(options);
    client = makeClient(gh);
    assign(gh, client);
  });
  after(async () => {
    client?.destroy();
    await gh?.dispose();
  });
}

export function tempDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'gatehouse-test-'));
}

export function apigatewayClient(gh: Gatehouse, region = REGION, accessKeyId = credentials.accessKeyId): APIGatewayClient {
  return new APIGatewayClient({ endpoint: gh.url, region, credentials: { ...credentials, accessKeyId }, maxAttempts: 1 });
}

export function ec2Client(gh: Gatehouse, region = REGION, accessKeyId = credentials.accessKeyId): EC2Client {
  return new EC2Client({ endpoint: gh.url, region, credentials: { ...credentials, accessKeyId }, maxAttempts: 1 });
}

export function stsClient(gh: Gatehouse, region = REGION, accessKeyId = credentials.accessKeyId): STSClient {
  return new STSClient({ endpoint: gh.url, region, credentials: { ...credentials, accessKeyId }, maxAttempts: 1 });
}

/** What an AWS SDK v3 error says: the code, HTTP status and message a test asserts. */
export async function awsError(promise: Promise<unknown>): Promise<{ name: string; status: number | undefined; message: string }> {
  try {
    await promise;
  } catch (e) {
    const err = e as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: err.name, status: err.$metadata?.httpStatusCode, message: err.message };
  }
  throw new Error('expected the call to fail');
}

/** The call fails with exactly this AWS error code, HTTP status and message. */
export async function expectError(call: Promise<unknown>, name: string, status: number, message: string): Promise<void> {
  assert.deepEqual(await awsError(call), { name, status, message });
}

const run = promisify(execFile);

/** The AWS CLI v2 (Debian's awscli, /usr/bin/aws) against Gatehouse; parses JSON output. */
export async function awsCli(gh: Gatehouse, args: string[], region = REGION): Promise<{ json: unknown; stdout: string }> {
  const { stdout } = await run('/usr/bin/aws', ['--endpoint-url', gh.url, '--region', region, '--output', 'json', ...args], {
    env: { ...process.env, AWS_ACCESS_KEY_ID: credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey, AWS_PAGER: '', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' },
  });
  return { json: stdout.trim() === '' ? undefined : JSON.parse(stdout), stdout };
}

/** The AWS CLI v2 for commands that print text, not JSON (`cloudformation deploy`): its standard output. */
export async function awsCliText(gh: Gatehouse, args: string[], region = REGION): Promise<string> {
  const { stdout } = await run('/usr/bin/aws', ['--endpoint-url', gh.url, '--region', region, ...args], {
    env: { ...process.env, AWS_ACCESS_KEY_ID: credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey, AWS_PAGER: '', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' },
  });
  return stdout;
}

/** Like awsCli, but the call must fail: returns the CLI's stderr and exit code. */
export async function awsCliError(gh: Gatehouse, args: string[], region = REGION): Promise<{ stderr: string; code: number }> {
  try {
    await awsCli(gh, args, region);
  } catch (e) {
    const err = e as { stderr: string; code: number };
    return { stderr: err.stderr, code: err.code };
  }
  throw new Error('expected the AWS CLI call to fail');
}

/** A raw HTTP call, for asserting exactly what is on the wire. */
export async function raw(gh: Gatehouse, method: string, path: string, init: { headers?: Record<string, string>; body?: string } = {}) {
  const res = await fetch(gh.url + path, { method, headers: init.headers, body: init.body });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

/** The Authorization header a SigV4-signed request would carry (the signature itself is not checked). */
export function sigv4Header(service: string, region = REGION, accessKeyId = credentials.accessKeyId): string {
  return `AWS4-HMAC-SHA256 Credential=${accessKeyId}/20261122/${region}/${service}/aws4_request, SignedHeaders=host;x-amz-date, Signature=0000`;
}
