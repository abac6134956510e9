/** Helpers for the Lambda end-to-end tests: deployment packages made in the test, and a client. */
import { LambdaClient } from '@aws-sdk/client-lambda';
import { zipSync } from 'fflate';
import type { Gatehouse } from '../../src/server/gatehouse.js';
import { credentials, REGION } from './server.js';

export const ROLE = 'arn:aws:iam::000000000000:role/lambda-role';

/** A zip holding `files` (name → text). */
export function zipOf(files: Record<string, string>): Buffer {
  return Buffer.from(zipSync(Object.fromEntries(Object.entries(files).map(([name, text]) => [name, new TextEncoder().encode(text)]))));
}

export function lambdaClient(gh: Gatehouse, region = REGION): LambdaClient {
  return new LambdaClient({ endpoint: gh.url, region, credentials, maxAttempts: 1 });
}

export const decode = (payload: Uint8Array | undefined): unknown => JSON.parse(Buffer.from(payload ?? new Uint8Array()).toString('utf8'));
