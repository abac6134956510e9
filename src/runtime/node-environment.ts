/**
 * A Node.js execution environment: a child process running Gatehouse's bootstrap (bootstrap/node.ts), which
 * takes invocations over a framed pipe on its fd 3 (bootstrap/frames.ts) rather than the HTTP Runtime API: a
 * round trip costs far less, and nothing a handler can observe differs. The child runs on the runtime's own
 * Node major (node-runtimes.ts): frames are bytes and JSON text, which any two Node versions read alike.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { decodeFromChild, encodeInvoke, FrameReader, type ChildFrame } from './bootstrap/frames.js';
import type { StartResult } from './environment.js';
import type { NodeChoice, NodeRuntimes } from './node-runtimes.js';
import type { Starter } from './pool.js';
import { exitError, lambdaEnvironment, ProcessEnvironment } from './process-environment.js';
import { MAX_LOG_BYTES, MAX_PAYLOAD_BYTES, readError, responseTooLarge, responseTooLargePayload } from './runtime-api.js';
import type { FunctionImage, InvokeRequest } from './types.js';

/** The longest frame an environment may send: a result at Lambda's limit (and a little past it) with its log. */
const MAX_FRAME_BYTES = 2 * MAX_PAYLOAD_BYTES + MAX_LOG_BYTES;

const BOOTSTRAP = fileURLToPath(new URL('./bootstrap/node.js', import.meta.url));

export class NodeEnvironment extends ProcessEnvironment {
  /**
   * Starts environments on the runtime's own Node: chosen (and installed on first use) before the process
   * starts, so an install is neither Init Duration nor the function's time; the invocation waits meanwhile.
   */
  static starter(runtimes: NodeRuntimes): Starter {
    return async (image, logStreamName) => NodeEnvironment.start(image, logStreamName, await runtimes.choose(image.runtime));
  }

  /**
   * Starts an environment (on the machine's Node unless `node` says otherwise); resolves once the handler is
   * loaded, or with the init error to report.
   */
  static start(image: FunctionImage, logStreamName: string, node?: NodeChoice): Promise<StartResult> {
    const notice = node?.notice === undefined ? '' : `${new Date().toISOString()}\t${node.notice}\n`;
    // Init Duration counts from the process start, as Lambda's counts the runtime's start too.
    const spawned = performance.now();
    const child = spawn(node?.binary.execPath ?? process.execPath, [
      // Lambda's memory setting bounds the heap; past it V8 aborts, as a Lambda function runs out of memory.
      `--max-old-space-size=${image.memorySize}`,
      BOOTSTRAP,
    ], {
      cwd: image.codeDir,
      env: lambdaEnvironment(image, logStreamName),
      // fd 3: the framed channel (bootstrap/frames.ts).
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    });
    const channel = child.stdio[3] as Socket;
    let early = '';
    child.stdout?.on('data', (d: Buffer) => (early += d.toString('utf8')));
    child.stderr?.on('data', (d: Buffer) => (early += d.toString('utf8')));
    return new Promise((resolve) => {
      let environment: NodeEnvironment | undefined;
      const settle = (result: StartResult): void => {
        child.off('exit', onExit);
        resolve(result);
      };
      // Only ready or init-error come before the first invocation; the environment reads every frame after.
      // The child is the function's process: a frame longer than a result and its log can be is a broken stream.
      const reader = new FrameReader((bytes) => {
        if (environment !== undefined) return environment.onFrame(bytes);
        const frame = decodeFromChild(bytes);
        if (frame.kind === 'Y') {
          environment = new NodeEnvironment(image, child, channel);
          environment.initDurationMs = performance.now() - spawned;
          environment.initLog = notice;
          settle({ environment });
        } else if (frame.kind === 'X') {
          child.kill('SIGKILL');
          settle({ initError: readError(frame.payload, undefined), log: notice + frame.log + early });
        }
      }, MAX_FRAME_BYTES);
      // A function that writes on fd 3 itself breaks the channel: its environment ends (the invocation then fails
      // as an exit does), never Gatehouse.
      channel.on('data', (chunk: Buffer) => {
        try {
          reader.push(chunk);
        } catch {
          channel.removeAllListeners('data');
          child.kill('SIGKILL');
        }
      });
      const onExit = (code: number | null, signal: NodeJS.Signals | null): void => {
        if (environment === undefined) resolve({ initError: exitError(undefined, code, signal), log: notice + early });
      };
      child.on('exit', onExit);
      // A closed channel before the child is reaped is no error of the function's.
      channel.on('error', () => undefined);
      // The Node binary could not be started at all (removed from the cache meanwhile, say).
      child.once('error', (error) => {
        child.off('exit', onExit);
        resolve({ initError: { errorType: 'Runtime.InvalidEntrypoint', errorMessage: error.message, trace: [] }, log: notice + early });
      });
    });
  }

  private constructor(
    image: FunctionImage,
    child: ChildProcess,
    private readonly channel: Socket,
  ) {
    super(image, child);
  }

  private onFrame(bytes: Buffer): void {
    const frame: ChildFrame = decodeFromChild(bytes);
    if (frame.kind === 'R') {
      // Past 6 MB the invocation fails as Lambda's does (the frame's length bounds the payload's: exact only then).
      const size = bytes.length > MAX_PAYLOAD_BYTES ? Buffer.byteLength(frame.payload) : 0;
      if (size > MAX_PAYLOAD_BYTES) {
        const error = responseTooLarge(size);
        this.complete(frame.requestId, { kind: 'error', payload: responseTooLargePayload(error), errorType: error.errorType }, frame.log, frame.maxRssMb);
      } else this.complete(frame.requestId, { kind: 'success', payload: frame.payload }, frame.log, frame.maxRssMb);
    } else if (frame.kind === 'E' || frame.kind === 'F') {
      // The process is about to exit: it must not be handed another invocation.
      if (frame.kind === 'F') this.dispose();
      this.fail(frame.requestId, readError(frame.payload, undefined), frame.log, frame.maxRssMb);
    }
  }

  protected deliver(request: InvokeRequest, deadlineMs: number): void {
    this.channel.write(encodeInvoke(request.requestId, request.invokedFunctionArn, deadlineMs, request.payload));
  }
}
