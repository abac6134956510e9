/**
 * bench/sigv4: SigV4 verification as every request signed with a known key pays it (request-auth.ts): a query
 * request (STS GetCallerIdentity) and a rest-json one with an encoded path (Lambda Invoke). Issue 14's target:
 * at most 30 µs of server CPU per request.
 */
import { signRequest } from '../src/wire/sigv4-sign.js';
import { signatureMatches } from '../src/wire/sigv4-verify.js';
import { table } from './support.js';

const N = Number(process.env['BENCH_ITERATIONS'] ?? 50_000);

function signed(method: string, url: URL, contentType: string, body: string, service: string, now: Date) {
  const headers = signRequest({ method, url, headers: { 'content-type': contentType }, body }, { accessKeyId: 'test', secret: 'test' }, 'us-east-1', service, now);
  return { method, path: url.pathname, query: url.search.slice(1), headers: { ...headers, host: url.host }, body: Buffer.from(body) };
}

function time(fn: () => boolean): number {
  for (let i = 0; i < N / 10; i++) if (!fn()) throw new Error('the signature does not verify');
  const start = process.hrtime.bigint();
  for (let i = 0; i < N; i++) if (!fn()) throw new Error('the signature does not verify');
  return Number(process.hrtime.bigint() - start) / N;
}

export async function run(): Promise<void> {
  const now = new Date();
  const query = signed('POST', new URL('http://127.0.0.1:4566/'), 'application/x-www-form-urlencoded; charset=utf-8', 'Action=GetCallerIdentity&Version=2011-06-15', 'sts', now);
  const invoke = signed('POST', new URL('http://127.0.0.1:4566/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A000000000000%3Afunction%3Ahello/invocations'), 'application/json', JSON.stringify({ hello: 'world' }), 'lambda', now);
  console.log(`bench/sigv4: ${N} verifications each, one process\n`);
  table([
    { what: 'query (STS GetCallerIdentity)', 'µs per verification': (time(() => signatureMatches(query, 'test', now)) / 1000).toFixed(2) },
    { what: 'rest-json, encoded path (Lambda Invoke)', 'µs per verification': (time(() => signatureMatches(invoke, 'test', now)) / 1000).toFixed(2) },
  ]);
}
