/**
 * One Node.js execution environment: a child process running Gatehouse's bootstrap (bootstrap/node.ts),
 * serving one invocation at a time over its IPC channel. Timeouts and crashes fail the current invocation
 * and end the environment; the pool replaces it.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ChildMessage, ErrorPayload } from './bootstrap/protocol.js';
import { endLine, reportLine, startLine, timeoutMessage } from './report.js';
import type { Environment, StartResult } from './environment.js';
import type { FunctionImage, InvokeRequest, InvokeResult } from './types.js';

const BOOTSTRAP = fileURLToPath(new URL('./bootstrap/node.js', import.meta.url));

export function lambdaEnvironment(image: FunctionImage, logStreamName: string): Record<string, string> {
  return {
    PATH: process.env['PATH'] ?? '/usr/local/bin:/usr/bin:/bin',
    LANG: 'en_US.UTF-8',
    TZ: ':UTC',
    ...image.platformEnvironment,
    ...image.environment,
    AWS_REGION: image.region,
    AWS_DEFAULT_REGION: image.region,
    AWS_EXECUTION_ENV: `AWS_Lambda_${image.runtime}`,
    AWS_LAMBDA_FUNCTION_NAME: image.functionName,
    AWS_LAMBDA_FUNCTION_VERSION: image.functionVersion,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(image.memorySize),
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${image.functionName}`,
    AWS_LAMBDA_LOG_STREAM_NAME: logStreamName,
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    LAMBDA_TASK_ROOT: image.codeDir,
    LAMBDA_RUNTIME_DIR: image.codeDir,
    _HANDLER: image.handler,
  };
}

interface Pending {
  request: InvokeRequest;
  started: number;
  timer: NodeJS.Timeout;
  resolve: (result: InvokeResult) => void;
}

export class NodeEnvironment implements Environment {
  private pending: Pending | undefined;
  private exited = false;
  /** Reported once, on the first invocation after a cold start. */
  private initDurationMs: number | undefined;
  private readonly exitListeners: Array<() => void> = [];
  /** What the process wrote past the bootstrap's capture (fatal V8 errors, native writes): logged with the current invocation. */
  private stray = '';

  private constructor(
    private readonly image: FunctionImage,
    private readonly child: ChildProcess,
  ) {
    child.on('message', (m: ChildMessage) => this.onMessage(m));
    child.on('exit', (code, signal) => this.onExit(code, signal));
    for (const stream of [child.stdout, child.stderr]) {
      stream?.removeAllListeners('data');
      stream?.on('data', (d: Buffer) => (this.stray += d.toString('utf8')));
    }
  }

  /** Starts an environment; resolves once the handler is loaded, or with the init error to report. */
  static start(image: FunctionImage, logStreamName: string): Promise<StartResult> {
    const child = fork(BOOTSTRAP, [], {
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
        child.off('message', onMessage);
        child.off('exit', onExit);
        if (m.type === 'ready') {
          const environment = new NodeEnvironment(image, child);
          environment.initDurationMs = m.initDurationMs;
          resolve({ environment });
        } else if (m.type === 'init-error') {
          child.kill('SIGKILL');
          resolve({ initError: m.error, log: m.log + early });
        }
      };
      const onExit = (code: number | null, signal: NodeJS.Signals | null): void => {
        child.off('message', onMessage);
        resolve({ initError: exitError(undefined, code, signal), log: early });
      };
      child.on('message', onMessage);
      child.on('exit', onExit);
    });
  }

  get alive(): boolean {
    return !this.exited;
  }

  onExitOnce(listener: () => void): void {
    this.exitListeners.push(listener);
  }

  invoke(request: InvokeRequest): Promise<InvokeResult> {
    if (this.pending) throw new Error('an execution environment runs one invocation at a time');
    return new Promise((resolve) => {
      const started = performance.now();
      const timer = setTimeout(() => this.onTimeout(), this.image.timeout * 1000);
      this.pending = { request, started, timer, resolve };
      this.child.send({ type: 'invoke', requestId: request.requestId, payload: request.payload, invokedFunctionArn: request.invokedFunctionArn, deadlineMs: Date.now() + this.image.timeout * 1000 });
    });
  }

  dispose(): void {
    if (!this.exited) this.child.kill('SIGKILL');
  }

  private finish(outcome: InvokeResult['outcome'], output: string, maxMemoryUsedMb: number): void {
    const pending = this.pending;
    if (!pending) return;
    this.pending = undefined;
    clearTimeout(pending.timer);
    const durationMs = performance.now() - pending.started;
    const id = pending.request.requestId;
    const init = this.initDurationMs;
    this.initDurationMs = undefined;
    const log =
      startLine(id, this.image.functionVersion) +
      this.takeStray() +
      output +
      endLine(id) +
      reportLine(id, { durationMs, memorySize: this.image.memorySize, maxMemoryUsedMb, initDurationMs: init });
    const result: InvokeResult = { outcome, log, durationMs, maxMemoryUsedMb };
    if (init !== undefined) result.initDurationMs = init;
    pending.resolve(result);
  }

  private takeStray(): string {
    const out = this.stray;
    this.stray = '';
    return out;
  }

  private onMessage(m: ChildMessage): void {
    if (m.type === 'result' && m.requestId === this.pending?.request.requestId) {
      this.finish({ kind: 'success', payload: m.payload }, m.log, m.maxRssMb);
    } else if (m.type === 'error' && m.requestId === this.pending?.request.requestId) {
      this.finish({ kind: 'error', payload: JSON.stringify(m.error), errorType: m.error.errorType }, m.log, m.maxRssMb);
    }
  }

  private onTimeout(): void {
    const pending = this.pending;
    if (!pending) return;
    const message = timeoutMessage(pending.request.requestId, this.image.timeout);
    this.child.kill('SIGKILL');
    const line = `${new Date().toISOString()} ${message}\n`;
    this.finish({ kind: 'error', payload: JSON.stringify({ errorType: 'Sandbox.Timedout', errorMessage: message }), errorType: 'Sandbox.Timedout' }, line, this.image.memorySize);
  }

  private onExit(code: number | null, signal: NodeJS.Signals | null): void {
    this.exited = true;
    const pending = this.pending;
    if (pending) {
      const error = exitError(pending.request.requestId, code, signal);
      this.finish({ kind: 'error', payload: JSON.stringify(error), errorType: error.errorType }, `${new Date().toISOString()} ${error.errorMessage}\n`, this.image.memorySize);
    }
    for (const listener of this.exitListeners.splice(0)) listener();
  }
}

/** Lambda's words for a runtime that exited: `Runtime exited with error: exit status 1` or `signal: killed`. */
function exitError(requestId: string | undefined, code: number | null, signal: NodeJS.Signals | null): ErrorPayload {
  const how = signal !== null ? `signal: ${SIGNAL_WORDS[signal] ?? signal}` : `exit status ${code ?? 0}`;
  const prefix = requestId === undefined ? '' : `RequestId: ${requestId} `;
  return { errorType: 'Runtime.ExitError', errorMessage: `${prefix}Error: Runtime exited with error: ${how}`, trace: [] };
}

const SIGNAL_WORDS: Partial<Record<NodeJS.Signals, string>> = { SIGKILL: 'killed', SIGABRT: 'aborted (core dumped)', SIGSEGV: 'segmentation fault', SIGTERM: 'terminated' };
