/**
 * Messages between Gatehouse and a Node execution environment over the child's IPC channel. Logs travel
 * inside the result message so they stay in order with it and cost no extra round trip.
 */

export interface InvokeMessage {
  type: 'invoke';
  requestId: string;
  payload: string;
  invokedFunctionArn: string;
  /** Epoch ms at which the invocation times out (for context.getRemainingTimeInMillis). */
  deadlineMs: number;
}

export type ParentMessage = InvokeMessage;

export type ChildMessage =
  | { type: 'ready'; initDurationMs: number }
  | { type: 'init-error'; error: ErrorPayload; log: string }
  | { type: 'result'; requestId: string; payload: string; log: string; maxRssMb: number }
  /** `fatal`: the error escaped the handler (uncaught), so the environment ends after reporting it. */
  | { type: 'error'; requestId: string; error: ErrorPayload; log: string; maxRssMb: number; fatal?: boolean };

/** Lambda's error shape. */
export interface ErrorPayload {
  errorType: string;
  errorMessage: string;
  trace: string[];
}
