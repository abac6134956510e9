/**
 * bench/iam-caller: an execute-api request's SigV4 signature verified as the AWS_IAM step verifies it (the
 * signing key derived once and cached, the body hashed, the canonical request built and signed), CPU time per
 * verification for a GET, a signed 1 KiB POST with x-amz-content-sha256, and a presigned URL. Issue 14's
 * target: at most 30 µs of server CPU per verification. Requests are signed up front by SDK v3's own signer.
 */
import { authenticate, rootIdentity, type SigV4Options } from '../src/gateway/sigv4-caller.js';
import { signedRequest, type SignOptions } from '../src/gateway/test-support/sigv4-sign.js';
import { table } from './support.js';

const N = Number(process.env['BENCH_ITERATIONS'] ?? 100_000);
const AT = new Date('2026-12-06T18:00:00Z');
const OPTIONS: SigV4Options = {
  directory: { credential: (id) => (id === 'test' ? { secret: 'test', active: true, identity: rootIdentity('000000000000') } : undefined), identityPolicies: () => [] },
  defaultAccount: '000000000000',
};

export async function run(): Promise<void> {
  const cases: Array<[string, SignOptions]> = [
    ['GET, header form', {}],
    ['POST 1 KiB, x-amz-content-sha256', { method: 'POST', body: 'x'.repeat(1024), headers: { 'content-type': 'application/json' }, applyChecksum: true }],
    ['GET, presigned (query form)', { presign: true }],
  ];
  const rows: Array<Record<string, string>> = [];
  for (const [what, options] of cases) {
    const request = await signedRequest({ ...options, at: AT });
    for (let i = 0; i < N / 10; i++) authenticate(request, 'us-east-1', AT, OPTIONS);
    const before = process.cpuUsage();
    for (let i = 0; i < N; i++) if (authenticate(request, 'us-east-1', AT, OPTIONS).kind !== 'caller') throw new Error(`${what}: not verified`);
    const used = process.cpuUsage(before);
    rows.push({ what, 'µs CPU per verification': ((used.user + used.system) / N).toFixed(2) });
  }
  console.log(`bench/iam-caller: ${N} verifications each, one process (target: <= 30 µs)\n`);
  table(rows);
}
