/** What the pool needs of an execution environment, whatever runtime it runs. */
import type { ErrorPayload } from './bootstrap/protocol.js';
import type { InvokeRequest, InvokeResult } from './types.js';

export interface Environment {
  readonly alive: boolean;
  invoke(request: InvokeRequest): Promise<InvokeResult>;
  onExitOnce(listener: () => void): void;
  dispose(): void;
}

/** Starting an environment gives a ready environment, or the init error its first invocation reports. */
export type StartResult = { environment: Environment } | { initError: ErrorPayload; log: string };
