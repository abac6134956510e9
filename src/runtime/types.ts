/**
 * What the runtime layer needs to know about a function to run it, and what one invocation gives back.
 * The runtime imports nothing but shared/: the Lambda service hands it these values.
 */

export interface FunctionImage {
  /** Identity of the version being run: one pool of environments per image. */
  functionName: string;
  functionVersion: string;
  functionArn: string;
  runtime: string;
  handler: string;
  /** Where the function's code is unpacked (LAMBDA_TASK_ROOT). */
  codeDir: string;
  /**
   * Where the function's layers are merged, in order (Lambda's `/opt`), when it has any: see layer-paths.ts
   * for the folders each runtime reads in it.
   */
  optDir?: string;
  memorySize: number;
  /** Seconds. */
  timeout: number;
  region: string;
  account: string;
  environment: Readonly<Record<string, string>>;
  /** Extra variables Gatehouse gives every environment (AWS_ENDPOINT_URL, credentials). */
  platformEnvironment: Readonly<Record<string, string>>;
}

export interface InvokeRequest {
  requestId: string;
  /** The event as JSON text, exactly as the caller sent it. */
  payload: string;
  /** The ARN the caller used (qualified or not). */
  invokedFunctionArn: string;
}

export type InvokeOutcome =
  | { kind: 'success'; payload: string }
  /** The handler failed: payload is Lambda's error JSON ({errorType, errorMessage, trace}). */
  | { kind: 'error'; payload: string; errorType: string };

export interface InvokeResult {
  outcome: InvokeOutcome;
  /** The invocation's log lines, START to REPORT. */
  log: string;
  durationMs: number;
  initDurationMs?: number;
  maxMemoryUsedMb: number;
}
