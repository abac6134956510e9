/**
 * What every execution environment that is a child process shares: one invocation at a time, the timeout
 * that kills the process, an exit that fails the current invocation, output that arrives outside the
 * runtime's own capture, and the START/END/REPORT lines around each invocation's log.
 */
import type { ChildProcess } from 'node:child_process';
import type { ErrorPayload } from './bootstrap/protocol.js';
import type { Environment } from './environment.js';
import { layerEnvironment } from './layer-paths.js';
import { endLine, reportLine, startLine, timeoutMessage } from './report.js';
import type { FunctionImage, InvokeOutcome, InvokeRequest, InvokeResult } from './types.js';

export abstract class ProcessEnvironment implements Environment {
  /** The invocation being served (undefined when idle), in fields rather than an object per invocation. */
  private pendingId: string | undefined;
  private pendingStarted = 0;
  private pendingResolve: ((result: InvokeResult) => void) | undefined;
  /**
   * The timeout: one timer for the environment's life, re-armed with refresh() at each invocation and left
   * running after it (it does nothing when it finds the environment idle). A setTimeout/clearTimeout pair per
   * invocation costs ~0.8 µs; a refresh ~0.08 µs. Unref'd: during an invocation the child process itself
   * keeps the event loop alive.
   */
  private timer: NodeJS.Timeout | undefined;
  private exited = false;
  /** Killed but not yet reaped: no longer fit for another invocation. */
  private killed = false;
  /** Reported once, on the first invocation after a cold start. */
  protected initDurationMs: number | undefined;
  /** The INIT part of the log before the first invocation's START: what the runtime wrote while starting, and what Gatehouse says of it (which Node or Python runs it). */
  protected initLog = '';
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
    if (this.pendingId !== undefined) throw new Error('an execution environment runs one invocation at a time');
    const timeoutMs = this.image.timeout * 1000;
    if (this.timer === undefined) {
      this.timer = setTimeout(() => this.onTimeout(), timeoutMs);
      this.timer.unref();
    } else {
      this.timer.refresh();
    }
    return new Promise((resolve) => {
      this.pendingId = request.requestId;
      this.pendingStarted = performance.now();
      this.pendingResolve = resolve;
      this.deliver(request, Date.now() + timeoutMs);
    });
  }

  dispose(): void {
    this.kill();
  }

  private kill(): void {
    this.killed = true;
    if (!this.exited) this.child.kill('SIGKILL');
  }

  private stopTimer(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Hands the invocation to the runtime in the child. */
  protected abstract deliver(request: InvokeRequest, deadlineMs: number): void;

  protected get currentRequestId(): string | undefined {
    return this.pendingId;
  }

  /** The runtime answered the current invocation. */
  protected complete(requestId: string, outcome: InvokeOutcome, output: string, maxMemoryUsedMb: number): void {
    const resolve = this.pendingResolve;
    if (resolve === undefined || this.pendingId !== requestId) return;
    // The timer stays armed: it finds no invocation if it fires before the next one re-arms it.
    this.pendingId = undefined;
    this.pendingResolve = undefined;
    const durationMs = performance.now() - this.pendingStarted;
    const init = this.initDurationMs;
    this.initDurationMs = undefined;
    const stray = this.stray;
    this.stray = '';
    const initLog = this.initLog;
    this.initLog = '';
    const log = flat(
      initLog + startLine(requestId, this.image.functionVersion) + stray + output + endLine(requestId) +
      reportLine(requestId, { durationMs, memorySize: this.image.memorySize, maxMemoryUsedMb, initDurationMs: init }),
    );
    const result: InvokeResult = init === undefined ? { outcome, log, durationMs, maxMemoryUsedMb } : { outcome, log, durationMs, initDurationMs: init, maxMemoryUsedMb };
    resolve(result);
  }

  protected fail(requestId: string, error: ErrorPayload, output: string, maxMemoryUsedMb: number): void {
    this.complete(requestId, { kind: 'error', payload: JSON.stringify(error), errorType: error.errorType }, output, maxMemoryUsedMb);
  }

  private onTimeout(): void {
    const id = this.pendingId;
    if (id === undefined) return;
    const message = timeoutMessage(id, this.image.timeout);
    this.kill();
    this.complete(id, { kind: 'error', payload: JSON.stringify({ errorType: 'Sandbox.Timedout', errorMessage: message }), errorType: 'Sandbox.Timedout' }, `${new Date().toISOString()} ${message}\n`, this.image.memorySize);
  }

  private onExit(code: number | null, signal: NodeJS.Signals | null): void {
    this.exited = true;
    this.stopTimer();
    const id = this.pendingId;
    if (id !== undefined) {
      const error = exitError(id, code, signal);
      this.fail(id, error, `${new Date().toISOString()} ${error.errorMessage}\n`, this.image.memorySize);
    }
    for (const listener of this.exitListeners.splice(0)) listener();
  }
}

/**
 * The same text as one flat string. Concatenation builds a tree of ~25 string pieces per log, and the host
 * keeps recent logs (`gatehouse logs`), so every scavenge copied and promoted those trees: ~1 KB surviving
 * per warm invocation. Reading a character makes V8 flatten the tree in place (also in optimized code) and
 * the pieces die young: the host's GC time per warm invocation in bench/lambda went from ~4.3 to ~1.6 µs,
 * for ~0.3 µs of copying.
 */
function flat(text: string): string {
  text.charCodeAt(0);
  return text;
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
  const PATH = process.env['PATH'] ?? '/usr/local/bin:/usr/bin:/bin';
  return {
    PATH,
    LANG: 'en_US.UTF-8',
    TZ: ':UTC',
    // The function's own variables may still override these, as on Lambda.
    ...(image.optDir === undefined ? {} : layerEnvironment(image.optDir, image.runtime, { PATH, LD_LIBRARY_PATH: process.env['LD_LIBRARY_PATH'] })),
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
