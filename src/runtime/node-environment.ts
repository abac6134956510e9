/**
 * A Node.js execution environment: a child process running Gatehouse's bootstrap (bootstrap/node.ts), which
 * takes invocations over the IPC channel rather than the HTTP Runtime API: a round trip costs far less, and
 * nothing a handler can observe differs. The child runs on the runtime's own Node major (node-runtimes.ts):
 * the channel serialises as JSON, which any two Node versions read alike.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ChildMessage, InvokeMessage } from './bootstrap/protocol.js';
import type { StartResult } from './environment.js';
import type { NodeChoice, NodeRuntimes } from './node-runtimes.js';
import type { Starter } from './pool.js';
import { exitError, lambdaEnvironment, ProcessEnvironment } from './process-environment.js';
import type { FunctionImage, InvokeRequest } from './types.js';

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
    const child = fork(BOOTSTRAP, [], {
      ...(node === undefined ? {} : { execPath: node.binary.execPath }),
      cwd: image.codeDir,
      env: lambdaEnvironment(image, logStreamName),
      // Lambda's memory setting bounds the heap; past it V8 aborts, as a Lambda function runs out of memory.
      execArgv: [`--max-old-space-size=${image.memorySize}`],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'json',
    });
    let early = '';
    child.stdout?.on('data', (d: Buffer) => (early += d.toString('utf8')));
    child.stderr?.on('data', (d: Buffer) => (early += d.toString('utf8')));
    return new Promise((resolve) => {
      const onMessage = (m: ChildMessage): void => {
        // Only ready or init-error come before the first invocation.
        if (Array.isArray(m)) return;
        child.off('message', onMessage);
        child.off('exit', onExit);
        if (m.type === 'ready') {
          const environment = new NodeEnvironment(image, child);
          environment.initDurationMs = performance.now() - spawned;
          environment.initLog = notice;
          resolve({ environment });
        } else if (m.type === 'init-error') {
          child.kill('SIGKILL');
          resolve({ initError: m.error, log: notice + m.log + early });
        }
      };
      const onExit = (code: number | null, signal: NodeJS.Signals | null): void => {
        child.off('message', onMessage);
        resolve({ initError: exitError(undefined, code, signal), log: notice + early });
      };
      child.on('message', onMessage);
      child.on('exit', onExit);
      // The Node binary could not be started at all (removed from the cache meanwhile, say).
      child.once('error', (error) => {
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve({ initError: { errorType: 'Runtime.InvalidEntrypoint', errorMessage: error.message, trace: [] }, log: notice + early });
      });
    });
  }

  private constructor(image: FunctionImage, child: ReturnType<typeof fork>) {
    super(image, child);
    child.on('message', (m: ChildMessage) => {
      if (Array.isArray(m)) this.complete(m[0], { kind: 'success', payload: m[1] }, m[2], m[3]);
      else if (m.type === 'error') {
        // The process is about to exit: it must not be handed another invocation.
        if (m.fatal) this.dispose();
        this.fail(m.requestId, m.error, m.log, m.maxRssMb);
      }
    });
  }

  protected deliver(request: InvokeRequest, deadlineMs: number): void {
    const message: InvokeMessage = [request.requestId, request.payload, request.invokedFunctionArn, deadlineMs];
    this.child.send(message);
  }
}
