/**
 * Gatehouse's bootstrap for Node.js Lambda runtimes: the program each Node execution environment runs. It
 * loads the handler the way Lambda's Node runtime does (`file.export`, CommonJS or ESM, nested folders),
 * then serves invocations one at a time over the framed channel on fd 3 (frames.ts). Console output is
 * written in Lambda's format (`time\trequestId\tLEVEL\tmessage`) and returned with each result.
 */
import { pathToFileURL } from 'node:url';
import { existsSync, writeSync } from 'node:fs';
import { Socket, type OnReadOpts, type SocketConstructorOpts } from 'node:net';
import { join } from 'node:path';
import { format } from 'node:util';
import { installLayerHooks } from './esm-layer-hooks.js';
import { decodeInvoke, encodeFromChild, FrameReader, type FrameKind, type InvokeFrame } from './frames.js';
import type { ErrorPayload } from './protocol.js';

type Handler = (event: unknown, context: unknown, callback?: (error?: unknown, result?: unknown) => void) => unknown;

/** Reads frames from Gatehouse; set once the handler is loaded (no invocation comes before ready). */
let onInvoke: (frame: InvokeFrame) => void = () => undefined;
const reader = new FrameReader((frame) => onInvoke(decodeInvoke(frame)));

/**
 * The channel to Gatehouse: the pipe Gatehouse opened as this process's fd 3. Read with `onread` into one
 * buffer, and written with writeSync while nothing is queued, rather than through the socket's Readable and
 * Writable streams: an environment serves few invocations in a bench at 50 connections (~300 each), so most
 * run before V8 optimizes anything, and the stream machinery was most of the environment's JavaScript per
 * invocation: 8 environments on one core, 2,500 invocations each of a 2.2 KB proxy event, the environments'
 * CPU per invocation was ~95 µs through the streams, ~65 µs with these (and ~65 µs over Node's IPC before).
 */
const onread: OnReadOpts = { buffer: Buffer.allocUnsafe(64 * 1024), callback: (n, buffer) => {
  reader.push((buffer as Buffer).subarray(0, n));
  return true;
} };
// `onread` is in Node's documented options for the constructor since v15, but not in @types/node's.
const channel = new Socket({ fd: 3, readable: true, writable: true, onread } as SocketConstructorOpts);
// Gatehouse is gone: so is its execution environment.
channel.on('end', () => process.exit(0));
channel.on('error', () => process.exit(0));

function send(kind: Exclude<FrameKind, 'I'>, requestId: string, log: string, payload: string, then?: () => void): void {
  const frame = encodeFromChild(kind, requestId, kind === 'Y' || kind === 'X' ? 0 : maxRssMb(), log, payload);
  let written = 0;
  if (channel.writableLength === 0) {
    try {
      written = writeSync(3, frame);
    } catch {
      // EAGAIN: the pipe is full; the socket writes it when Gatehouse has read.
    }
  }
  if (written < frame.length) channel.write(frame.subarray(written), then);
  else if (then !== undefined) process.nextTick(then);
}

let currentRequestId: string | undefined;
let log = '';

function capture(level: string) {
  return (...args: unknown[]): void => {
    // Lambda keeps one entry per call: newlines inside a message become carriage returns.
    const message = format(...args).replace(/\n/g, '\r');
    log += `${new Date().toISOString()}\t${currentRequestId ?? 'undefined'}\t${level}\t${message}\n`;
  };
}

console.log = capture('INFO');
console.info = capture('INFO');
console.warn = capture('WARN');
console.error = capture('ERROR');
console.debug = capture('DEBUG');
console.trace = capture('TRACE');
for (const stream of [process.stdout, process.stderr]) {
  stream.write = ((chunk: string | Uint8Array): boolean => {
    log += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return true;
  }) as typeof stream.write;
}

/** Characters of one invocation's log sent to Gatehouse (≤ 48 MB of UTF-8, within its 64 MB limit on a frame's log). */
const MAX_LOG_CHARS = 16 * 1024 * 1024;

function takeLog(): string {
  const out = log.length <= MAX_LOG_CHARS ? log : `${log.slice(0, MAX_LOG_CHARS)}\n… (${log.length - MAX_LOG_CHARS} more characters not kept by Gatehouse)\n`;
  log = '';
  return out;
}

export function errorPayload(error: unknown): ErrorPayload {
  if (error instanceof Error) {
    return { errorType: error.name === 'Error' ? error.constructor.name : error.name, errorMessage: error.message, trace: (error.stack ?? '').split('\n') };
  }
  return { errorType: typeof error, errorMessage: typeof error === 'string' ? error : JSON.stringify(error) ?? String(error), trace: [] };
}

function initError(errorType: string, error: unknown): ErrorPayload {
  const base = errorPayload(error);
  return { ...base, errorType, errorMessage: base.errorMessage };
}

const CALLBACK_REMOVED =
  'ERROR: AWS Lambda has removed support for callback-based function handlers starting with Node.js 24. You need to modify this function to use a supported handler signature to use Node.js 24 or later. For more information see https://docs.aws.amazon.com/lambda/latest/dg/nodejs-handler.html.';

/** The major of the runtime the function is configured with (`AWS_Lambda_nodejs24.x` → 24). */
function runtimeMajor(): number {
  return Number(/^AWS_Lambda_nodejs(\d+)\.x$/.exec(process.env['AWS_EXECUTION_ENV'] ?? '')?.[1] ?? 0);
}

async function loadHandler(): Promise<Handler> {
  const root = process.env['LAMBDA_TASK_ROOT'] ?? process.cwd();
  const spec = process.env['_HANDLER'] ?? '';
  const dot = spec.lastIndexOf('.');
  if (dot <= 0) throw Object.assign(new Error(`Bad handler ${spec}`), { lambdaType: 'Runtime.MalformedHandlerName' });
  const modulePath = spec.slice(0, dot);
  const exportName = spec.slice(dot + 1);
  const file = ['.js', '.mjs', '.cjs'].map((ext) => join(root, modulePath + ext)).find((f) => existsSync(f));
  if (!file) throw Object.assign(new Error(`Cannot find module '${modulePath}'`), { name: 'ImportModuleError', lambdaType: 'Runtime.ImportModuleError' });
  let mod: Record<string, unknown>;
  await installLayerHooks(process.env['NODE_PATH'], existsSync);
  try {
    mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (error) {
    const type = error instanceof SyntaxError ? 'Runtime.UserCodeSyntaxError' : 'Runtime.ImportModuleError';
    throw Object.assign(error instanceof Error ? error : new Error(String(error)), { lambdaType: type });
  }
  const fn = (mod[exportName] ?? (mod['default'] as Record<string, unknown> | undefined)?.[exportName]) as Handler | undefined;
  if (typeof fn !== 'function') {
    throw Object.assign(new Error(`${modulePath}.${exportName} is undefined or not exported`), { name: 'HandlerNotFound', lambdaType: 'Runtime.HandlerNotFound' });
  }
  // From nodejs24.x on, Lambda's runtime refuses a handler that declares a callback (docs/notes/lambda-control-plane.md §4).
  if (fn.length >= 3 && runtimeMajor() >= 24) throw Object.assign(new Error(CALLBACK_REMOVED), { lambdaType: 'Runtime.CallbackHandlerDeprecated' });
  return fn;
}

function contextFor(message: InvokeFrame) {
  const deadlineMs = message.deadlineMs;
  const name = process.env['AWS_LAMBDA_FUNCTION_NAME'] ?? '';
  const context = {
    awsRequestId: message.requestId,
    functionName: name,
    functionVersion: process.env['AWS_LAMBDA_FUNCTION_VERSION'] ?? '$LATEST',
    invokedFunctionArn: message.invokedFunctionArn,
    memoryLimitInMB: process.env['AWS_LAMBDA_FUNCTION_MEMORY_SIZE'] ?? '128',
    logGroupName: process.env['AWS_LAMBDA_LOG_GROUP_NAME'] ?? `/aws/lambda/${name}`,
    logStreamName: process.env['AWS_LAMBDA_LOG_STREAM_NAME'] ?? '',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: (): number => Math.max(0, deadlineMs - Date.now()),
  };
  return context;
}

/**
 * Resolves when nothing but the channel to Gatehouse keeps the process alive: the channel is unref'd until
 * Node reports the loop empty ('beforeExit'), then kept again. Work that never ends runs into the timeout, as
 * on Lambda.
 */
function emptyEventLoop(): Promise<void> {
  return new Promise((resolve) => {
    process.once('beforeExit', () => {
      channel.ref();
      resolve();
    });
    channel.unref();
  });
}

function maxRssMb(): number {
  return Math.ceil(process.resourceUsage().maxRSS / 1024);
}

async function invoke(handler: Handler, message: InvokeFrame): Promise<void> {
  const requestId = message.requestId;
  currentRequestId = requestId;
  const context = contextFor(message);
  let result: unknown;
  let answeredByCallback = false;
  try {
    const event: unknown = JSON.parse(message.payload);
    try {
      result = await new Promise<unknown>((resolve, reject) => {
        const callback = (error?: unknown, value?: unknown): void => {
          answeredByCallback = true;
          if (error !== undefined && error !== null) reject(error);
          else resolve(value);
        };
        const returned = handler.length >= 3 ? handler(event, context, callback) : handler(event, context);
        if (returned && typeof (returned as Promise<unknown>).then === 'function') (returned as Promise<unknown>).then(resolve, reject);
        else if (handler.length < 3) resolve(returned);
      });
    } finally {
      // Lambda answers a callback only once the event loop is empty, unless the handler said not to wait.
      if (answeredByCallback && context.callbackWaitsForEmptyEventLoop) await emptyEventLoop();
    }
  } catch (error) {
    send('E', requestId, takeLog(), JSON.stringify(errorPayload(error)));
    return;
  }
  const payload = result === undefined ? 'null' : JSON.stringify(result);
  send('R', requestId, takeLog(), payload);
}

async function main(): Promise<void> {
  const started = performance.now();
  let handler: Handler;
  try {
    handler = await loadHandler();
  } catch (error) {
    const type = (error as { lambdaType?: string }).lambdaType ?? 'Runtime.ImportModuleError';
    send('X', '', takeLog(), JSON.stringify(initError(type, error)));
    return;
  }
  onInvoke = (frame) => void invoke(handler, frame);
  // An error nobody catches fails the current invocation, then the environment, as on Lambda.
  const fatal = (error: unknown): void => {
    process.exitCode = 129;
    // Exits once the error is written (a write to a full pipe completes later), or at once without one.
    if (currentRequestId !== undefined) send('F', currentRequestId, takeLog(), JSON.stringify(errorPayload(error)), () => process.exit(129));
    else setImmediate(() => process.exit(129));
  };
  process.on('uncaughtException', fatal);
  process.on('unhandledRejection', (reason) => fatal(reason instanceof Error ? reason : Object.assign(new Error(String(reason)), { name: 'Runtime.UnhandledPromiseRejection' })));
  send('Y', '', '', String(performance.now() - started));
}

void main();
