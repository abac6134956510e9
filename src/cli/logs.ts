/** `gatehouse logs <function> [--follow]`: a function's invocation logs from a running Gatehouse. */
import { Readable } from 'node:stream';

export interface LogsOptions {
  follow: boolean;
  region?: string | undefined;
  account?: string | undefined;
}

export async function printFunctionLogs(endpointUrl: string, functionName: string, options: LogsOptions): Promise<void> {
  const url = new URL('/_gatehouse/lambda/logs', endpointUrl);
  url.searchParams.set('function', functionName);
  if (options.region !== undefined) url.searchParams.set('region', options.region);
  if (options.account !== undefined) url.searchParams.set('account', options.account);
  if (options.follow) url.searchParams.set('follow', '1');
  let res: Response;
  try {
    res = await fetch(url);
  } catch {
    throw new Error(`no Gatehouse answers at ${endpointUrl} (start one with \`gatehouse up\`, or name it with --endpoint-url)`);
  }
  if (res.status === 404) throw new Error(((await res.json()) as { message: string }).message);
  if (!res.ok || !res.body) throw new Error(`${endpointUrl} did not return logs (HTTP ${res.status})`);
  await new Promise<void>((resolve, reject) => {
    const body = Readable.fromWeb(res.body as import('node:stream/web').ReadableStream<Uint8Array>);
    body.on('error', reject).on('end', resolve);
    body.pipe(process.stdout, { end: false });
  });
}
