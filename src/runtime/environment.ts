/** What the pool needs of an execution environment, whatever runtime it runs. */
import type { ErrorPayload } from './bootstrap/protocol.js';
import type { InvokeRequest, InvokeResult } from './types.js';

export interface Environment {
  readonly alive: boolean;
  invoke(request: InvokeRequest): Promise<InvokeResult>;
  onExitOnce(listener: () => void): void;
  dispose(): void;
}

/**
 * Starting an environment gives a ready environment, or the init error its first invocation reports: `log`
 * is what the runtime wrote while starting; a runtime that reports the error in its own words gives
 * `errorLog` (else Node's "Uncaught Exception" line is written) and `payload` (the invocation's error JSON for
 * its request id; else the ErrorPayload as JSON).
 */
export type StartResult = { environment: Environment } | InitFailure;

export interface InitFailure {
  initError: ErrorPayload;
  log: string;
  errorLog?: string;
  payload?: (requestId: string) => string;
}
