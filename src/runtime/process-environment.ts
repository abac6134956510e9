/**
 * What every execution environment that is a child process shares: one invocation at a time, the timeout
 * that kills the process, an exit that fails the current invocation, output that arrives outside the
 * runtime's own capture, and the START/END/REPORT lines around each invocation's log.
 */
import type { ChildProcess } from 'node:child_process';
import type { ErrorPayload } from './bootstrap/protocol.js';
import type { Environment } from './environment.js';
import { endLine, reportLine, startLine, timeoutMessage } from './report.js';
import type { FunctionImage, InvokeOutcome, InvokeRequest, InvokeResult } from './types.js';

interface Pending {
  request: InvokeRequest;
  started: number;
  timer: NodeJS.Timeout;
  resolve: (result: InvokeResult) => void;
}

export abstract class ProcessEnvironment implements Environment {
  private pending: Pending | undefined;
  private exited = false;
  /** Killed but not yet reaped: no longer fit for another invocation. */
  private killed = false;
  /** Reported once, on the first invocation after a cold start. */
  protected initDurationMs: number | undefined;
  private readonly exitListeners: Array<() => void> = [];
  /** Output the runtime did not capture itself (fatal V8 errors, native writes, a custom runtime's stdout). */
  private stray = '';

  protected constructor(
    protected readonly image: FunctionImage,
    protected readonly child: ChildProcess,
  ) {
    child.on('exit', (code, signal) => this.onExit(code, signal));
    for (const stream of [child.stdout, child.stderr]) {
      stream?.removeAllListeners('data');
      stream?.on('data', (d: Buffer) => (this.stray += d.toString('utf8')));
    }
  }

  get alive(): boolean {
    return !this.exited && !this.killed;
  }

  onExitOnce(listener: () => void): void {
    this.exitListeners.push(listener);
  }

  invoke(request: InvokeRequest): Promise<InvokeResult> {
    if (this.pending) throw new Error('an execution environment runs one invocation at a time');
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.onTimeout(), this.image.timeout * 1000);
      this.pending = { request, started: performance.now(), timer, resolve };
      this.deliver(request, Date.now() + this.image.timeout * 1000);
    });
  }

  dispose(): void {
    this.kill();
  }

  private kill(): void {
    this.killed = true;
    if (!this.exited) this.child.kill('SIGKILL');
  }

  /** Hands the invocation to the runtime in the child. */
  protected abstract deliver(request: InvokeRequest, deadlineMs: number): void;

  protected get currentRequestId(): string | undefined {
    return this.pending?.request.requestId;
  }

  /** The runtime answered the current invocation. */
  protected complete(requestId: string, outcome: InvokeOutcome, output: string, maxMemoryUsedMb: number): void {
    const pending = this.pending;
    if (!pending || pending.request.requestId !== requestId) return;
    this.pending = undefined;
    clearTimeout(pending.timer);
    const durationMs = performance.now() - pending.started;
    const init = this.initDurationMs;
    this.initDurationMs = undefined;
    const stray = this.stray;
    this.stray = '';
    const log =
      startLine(requestId, this.image.functionVersion) + stray + output + endLine(requestId) +
      reportLine(requestId, { durationMs, memorySize: this.image.memorySize, maxMemoryUsedMb, initDurationMs: init });
    const result: InvokeResult = { outcome, log, durationMs, maxMemoryUsedMb };
    if (init !== undefined) result.initDurationMs = init;
    pending.resolve(result);
  }

  protected fail(requestId: string, error: ErrorPayload, output: string, maxMemoryUsedMb: number): void {
    this.complete(requestId, { kind: 'error', payload: JSON.stringify(error), errorType: error.errorType }, output, maxMemoryUsedMb);
  }

  private onTimeout(): void {
    const id = this.pending?.request.requestId;
    if (id === undefined) return;
    const message = timeoutMessage(id, this.image.timeout);
    this.kill();
    this.complete(id, { kind: 'error', payload: JSON.stringify({ errorType: 'Sandbox.Timedout', errorMessage: message }), errorType: 'Sandbox.Timedout' }, `${new Date().toISOString()} ${message}\n`, this.image.memorySize);
  }

  private onExit(code: number | null, signal: NodeJS.Signals | null): void {
    this.exited = true;
    const id = this.pending?.request.requestId;
    if (id !== undefined) {
      const error = exitError(id, code, signal);
      this.fail(id, error, `${new Date().toISOString()} ${error.errorMessage}\n`, this.image.memorySize);
    }
    for (const listener of this.exitListeners.splice(0)) listener();
  }
}

/** Lambda's words for a runtime that exited: `Runtime exited with error: exit status 1` or `signal: killed`. */
export function exitError(requestId: string | undefined, code: number | null, signal: NodeJS.Signals | null): ErrorPayload {
  const how = signal !== null ? `signal: ${SIGNAL_WORDS[signal] ?? signal}` : `exit status ${code ?? 0}`;
  const prefix = requestId === undefined ? '' : `RequestId: ${requestId} `;
  return { errorType: 'Runtime.ExitError', errorMessage: `${prefix}Error: Runtime exited with error: ${how}`, trace: [] };
}

const SIGNAL_WORDS: Partial<Record<NodeJS.Signals, string>> = { SIGKILL: 'killed', SIGABRT: 'aborted (core dumped)', SIGSEGV: 'segmentation fault', SIGTERM: 'terminated' };

/** The variables Lambda gives every execution environment, then the function's own. */
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
