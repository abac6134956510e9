/**
 * Messages between Gatehouse and a Node execution environment over the child's IPC channel. Logs travel
 * inside the result message so they stay in order with it and cost no extra round trip.
 *
 * The two messages of every warm invocation (invoke, result) are tuples rather than objects: Node's IPC
 * serializes each message with JSON.stringify and parses it on the other side, and without field names
 * a round trip costs ~2 µs less (pinned to one core, bench/lambda's ceiling is ~30 µs). The rare ones
 * (ready, init error, handler error) are objects with a `type`.
 */

/** An invocation for the environment. */
export type InvokeMessage = [
  requestId: string,
  /** The event as JSON text. */
  payload: string,
  invokedFunctionArn: string,
  /** Epoch ms at which the invocation times out (for context.getRemainingTimeInMillis). */
  deadlineMs: number,
];

export type ParentMessage = InvokeMessage;

/** The handler's result: its JSON, the invocation's log, and the environment's peak RSS in MB. */
export type ResultMessage = [requestId: string, payload: string, log: string, maxRssMb: number];

export type ChildMessage =
  | ResultMessage
  | { type: 'ready'; initDurationMs: number }
  | { type: 'init-error'; error: ErrorPayload; log: string }
  /** `fatal`: the error escaped the handler (uncaught), so the environment ends after reporting it. */
  | { type: 'error'; requestId: string; error: ErrorPayload; log: string; maxRssMb: number; fatal?: boolean };

/** Lambda's error shape. */
export interface ErrorPayload {
  errorType: string;
  errorMessage: string;
  trace: string[];
}
