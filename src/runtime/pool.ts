/**
 * The execution environments of one function version: reuse a warm one, start another while under the
 * concurrency limit, refuse past it (the caller turns that into Lambda's TooManyRequestsException), reap
 * the idle ones. Each environment serves one invocation at a time.
 */
import { randomBytes } from 'node:crypto';
import type { Environment, InitFailure, StartResult } from './environment.js';
import { endLine, reportLine, startLine } from './report.js';
import type { FunctionImage, InvokeRequest, InvokeResult } from './types.js';

export type Starter = (image: FunctionImage, logStreamName: string) => Promise<StartResult>;

export class ThrottledError extends Error {
  constructor() {
    super('Rate Exceeded.');
    this.name = 'TooManyRequestsException';
  }
}

export interface PoolOptions {
  /** Most environments at once: the function's reserved concurrency, else the account's limit. */
  maxEnvironments: number;
  /** How long an idle environment is kept warm. */
  idleMs: number;
}

function logStreamName(version: string): string {
  const d = new Date();
  const day = `${d.getUTCFullYear()}/${String(d.getUTCMonth() + 1).padStart(2, '0')}/${String(d.getUTCDate()).padStart(2, '0')}`;
  return `${day}/[${version}]${randomBytes(16).toString('hex')}`;
}

export class FunctionPool {
  /** Warm and free, most recently used last. */
  private readonly idle: Environment[] = [];
  /** When each idle environment was released (performance.now()), parallel to `idle`. */
  private readonly idleSince: number[] = [];
  /**
   * One reaper for the pool rather than a timer per release: arming and clearing a timer around every
   * invocation cost ~0.8 µs of a warm invocation. It fires when the least recently used idle environment
   * has been idle for idleMs, and re-arms for the next one.
   */
  private reaper: NodeJS.Timeout | undefined;
  /** Started or starting, busy or idle. */
  private count = 0;
  private isDisposed = false;

  constructor(
    readonly image: FunctionImage,
    private readonly start: Starter,
    private options: PoolOptions,
  ) {}

  get size(): number {
    return this.count;
  }

  get disposed(): boolean {
    return this.isDisposed;
  }

  setMaxEnvironments(max: number): void {
    this.options = { ...this.options, maxEnvironments: max };
  }

  async invoke(request: InvokeRequest): Promise<InvokeResult> {
    const environment = this.takeIdle() ?? (await this.startNew(request));
    if (!('invoke' in environment)) return environment;
    const result = await environment.invoke(request);
    if (environment.alive && !this.isDisposed) this.release(environment);
    return result;
  }

  dispose(): void {
    this.isDisposed = true;
    clearTimeout(this.reaper);
    this.reaper = undefined;
    this.idleSince.length = 0;
    for (const e of this.idle.splice(0)) e.dispose();
  }

  private takeIdle(): Environment | undefined {
    for (;;) {
      const e = this.idle.pop();
      if (!e) return undefined;
      this.idleSince.pop();
      if (e.alive) return e;
    }
  }

  /** A new environment, or (when its init failed) the failed invocation's result. */
  private async startNew(request: InvokeRequest): Promise<Environment | InvokeResult> {
    if (this.count >= this.options.maxEnvironments) throw new ThrottledError();
    this.count++;
    const started = performance.now();
    let result: StartResult;
    try {
      result = await this.start(this.image, logStreamName(this.image.functionVersion));
    } catch (error) {
      this.count--;
      throw error;
    }
    if ('initError' in result) {
      this.count--;
      return this.initFailure(request, result, performance.now() - started);
    }
    const environment = result.environment;
    environment.onExitOnce(() => {
      this.count--;
      this.forget(environment);
    });
    if (this.isDisposed) environment.dispose();
    return environment;
  }

  private release(environment: Environment): void {
    this.idle.push(environment);
    this.idleSince.push(performance.now());
    if (this.reaper === undefined) this.armReaper(this.options.idleMs);
  }

  private forget(environment: Environment): void {
    const i = this.idle.indexOf(environment);
    if (i >= 0) {
      this.idle.splice(i, 1);
      this.idleSince.splice(i, 1);
    }
  }

  private armReaper(delayMs: number): void {
    this.reaper = setTimeout(() => this.reap(), Math.max(1, Math.ceil(delayMs)));
    this.reaper.unref();
  }

  /** Disposes of the environments idle for idleMs or more (the oldest come first), then re-arms. */
  private reap(): void {
    this.reaper = undefined;
    const expired = performance.now() - this.options.idleMs;
    let n = 0;
    while (n < this.idle.length && this.idleSince[n]! <= expired) n++;
    const reaped = this.idle.splice(0, n);
    this.idleSince.splice(0, n);
    for (const e of reaped) e.dispose();
    if (this.idle.length > 0 && !this.isDisposed) this.armReaper(this.idleSince[0]! - expired);
  }

  /** Lambda reports an init failure as the invocation's error, with the init output in its log. */
  private initFailure(request: InvokeRequest, failure: InitFailure, durationMs: number): InvokeResult {
    const id = request.requestId;
    const errorLine = failure.errorLog ?? `${new Date().toISOString()}\tundefined\tERROR\tUncaught Exception \t${JSON.stringify(failure.initError)}\n`;
    const log =
      failure.log + errorLine + startLine(id, this.image.functionVersion) + endLine(id) +
      reportLine(id, { durationMs, memorySize: this.image.memorySize, maxMemoryUsedMb: 0, initDurationMs: durationMs });
    const payload = failure.payload?.(id) ?? JSON.stringify(failure.initError);
    return { outcome: { kind: 'error', payload, errorType: failure.initError.errorType }, log, durationMs, initDurationMs: durationMs, maxMemoryUsedMb: 0 };
  }
}
