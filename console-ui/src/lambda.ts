/**
 * Lambda for the Functions page: ListFunctions, GetFunctionConfiguration, GetFunction (the deployment package,
 * fetched from its Code.Location and unzipped here) and Invoke (with the log tail), over Lambda's rest-json
 * protocol, and the recent invocations' logs from Gatehouse's own `/_gatehouse/lambda/logs`.
 */
import { authorization, AwsError, lambda, REGION } from './aws';

export interface FunctionConfiguration {
  FunctionName: string;
  FunctionArn?: string;
  Runtime?: string;
  Handler?: string;
  Role?: string;
  MemorySize?: number;
  Timeout?: number;
  LastModified?: string;
  State?: string;
  StateReason?: string;
  Description?: string;
  PackageType?: string;
  CodeSize?: number;
  CodeSha256?: string;
  Environment?: { Variables?: Record<string, string> };
  /** The layer versions the function uses, in the order they are extracted. */
  Layers?: Array<{ Arn: string; CodeSize?: number }>;
}

const base = '/2015-03-31/functions';

export async function listFunctions(): Promise<FunctionConfiguration[]> {
  const all: FunctionConfiguration[] = [];
  let marker: string | undefined;
  do {
    const query = marker ? `?Marker=${encodeURIComponent(marker)}` : '';
    const page = await lambda<{ Functions?: FunctionConfiguration[]; NextMarker?: string }>('GET', `${base}/${query}`);
    all.push(...(page.Functions ?? []));
    marker = page.NextMarker ?? undefined;
  } while (marker);
  return all;
}

export function getFunctionConfiguration(name: string): Promise<FunctionConfiguration> {
  return lambda<FunctionConfiguration>('GET', `${base}/${encodeURIComponent(name)}/configuration`);
}

/** GetFunction: the configuration and where the deployment package is (a URL on Gatehouse itself). */
export interface FunctionWithCode {
  Configuration: FunctionConfiguration;
  Code?: { RepositoryType?: string; Location?: string; ImageUri?: string };
}

export function getFunction(name: string): Promise<FunctionWithCode> {
  return lambda<FunctionWithCode>('GET', `${base}/${encodeURIComponent(name)}`);
}

/** The largest package the Code view unzips, as the AWS console stops inline editing at 3 MB. */
export const MAX_INLINE_PACKAGE = 3 * 1024 * 1024;

/** A file of the deployment package: its text, or `undefined` when it is binary. */
export interface PackageFile {
  path: string;
  size: number;
  text: string | undefined;
}

/** Thrown when the package is too large to show, so the page can say so as the AWS console does. */
export class PackageTooLarge extends Error {
  constructor(readonly size: number) {
    super(`The deployment package is ${size} bytes, over ${MAX_INLINE_PACKAGE} bytes.`);
  }
}

/**
 * The deployment package's files, sorted by path (directories left out), fetched from the origin the console
 * was served from, whatever host name the server put in Code.Location.
 */
export async function fetchPackage(location: string): Promise<PackageFile[]> {
  const url = new URL(location, window.location.href);
  // Code.Location is a presigned S3 URL signed for the server's own host name; the console may be open under
  // another (localhost for 127.0.0.1), so it asks for the package by its SHA-256 on Gatehouse's own route.
  const sha = /-([0-9a-f]{64})$/.exec(url.pathname)?.[1];
  const res = await fetch(sha ? `/_gatehouse/lambda/code/${sha}.zip` : url.pathname + url.search);
  if (!res.ok) {
    const text = await res.text();
    let message = `${res.status} ${res.statusText}`;
    try {
      const parsed = JSON.parse(text) as { message?: string };
      message = parsed.message ?? message;
    } catch {
      // not JSON: keep the status line
    }
    throw new AwsError('Error', message, res.status);
  }
  const zip = new Uint8Array(await res.arrayBuffer());
  if (zip.length > MAX_INLINE_PACKAGE) throw new PackageTooLarge(zip.length);
  // fflate loads only here: the console's first page should not parse it.
  const { unzipSync } = await import('fflate');
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(zip);
  } catch (e) {
    throw new AwsError('Error', `Could not unzip the deployment package: ${e instanceof Error ? e.message : String(e)}`, 0);
  }
  return Object.entries(entries)
    .filter(([path]) => !path.endsWith('/'))
    .map(([path, bytes]) => ({ path, size: bytes.length, text: textOf(bytes) }))
    .sort((a, b) => a.path.localeCompare(b.path));
}

/** UTF-8 text, or `undefined` for bytes that are not (a NUL, or invalid UTF-8). */
function textOf(bytes: Uint8Array): string | undefined {
  if (bytes.includes(0)) return undefined;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * The file the handler lives in: `index.handler` → index.js (or .mjs, .cjs, …), `src/app.main` → src/app.*;
 * Python names packages with dots, so `pkg.sub.app.handler` → pkg/sub/app.py.
 */
export function handlerFile(handler: string | undefined, paths: readonly string[]): string | undefined {
  if (handler) {
    const dot = handler.lastIndexOf('.');
    const module = dot > 0 ? handler.slice(0, dot) : handler;
    for (const ext of ['.js', '.mjs', '.cjs', '.ts', '.py', '.rb']) {
      if (paths.includes(module + ext)) return module + ext;
    }
    const pythonFile = `${module.replace(/\./g, '/')}.py`;
    if (paths.includes(pythonFile)) return pythonFile;
  }
  return paths[0];
}

export interface InvokeResult {
  statusCode: number;
  /** The payload as text (JSON as the function returned it). */
  payload: string;
  /** X-Amz-Function-Error: `Unhandled` (or `Handled`) when the function failed. */
  functionError?: string;
  /** X-Amz-Log-Result decoded: the last 4 KB of the invocation's log. */
  logTail?: string;
  executedVersion?: string;
}

/** Invoke, RequestResponse, with `X-Amz-Log-Type: Tail`. The event is sent as written. */
export async function invoke(name: string, event: string): Promise<InvokeResult> {
  const res = await fetch(`${base}/${encodeURIComponent(name)}/invocations`, {
    method: 'POST',
    headers: {
      Authorization: authorization('lambda'),
      'Content-Type': 'application/json',
      'X-Amz-Invocation-Type': 'RequestResponse',
      'X-Amz-Log-Type': 'Tail',
    },
    body: event,
  });
  const payload = await res.text();
  if (!res.ok) {
    let message = `${res.status} ${res.statusText}`;
    try {
      const parsed = JSON.parse(payload) as { message?: string; Message?: string };
      message = parsed.message ?? parsed.Message ?? message;
    } catch {
      // not JSON: keep the status line
    }
    throw new AwsError((res.headers.get('x-amzn-ErrorType') ?? 'Error').split(':')[0] ?? 'Error', message, res.status);
  }
  const log = res.headers.get('X-Amz-Log-Result');
  return {
    statusCode: res.status,
    payload,
    functionError: res.headers.get('X-Amz-Function-Error') ?? undefined,
    logTail: log ? decodeBase64(log) : undefined,
    executedVersion: res.headers.get('X-Amz-Executed-Version') ?? undefined,
  };
}

/** The function's recent invocations' logs, as `gatehouse logs` prints them. */
export async function functionLogs(name: string): Promise<string> {
  const res = await fetch(`/_gatehouse/lambda/logs?function=${encodeURIComponent(name)}&region=${REGION}`);
  const text = await res.text();
  if (!res.ok) throw new AwsError('Error', text || `${res.status} ${res.statusText}`, res.status);
  return text;
}

function decodeBase64(value: string): string {
  const bytes = Uint8Array.from(atob(value), (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}
