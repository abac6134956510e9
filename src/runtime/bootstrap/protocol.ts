/**
 * What Gatehouse and its runtimes' bootstraps share: Lambda's error shape. The Node bootstrap's frames are
 * in frames.ts; the Python bootstrap speaks the Runtime API (runtime-api.ts).
 */

/** Lambda's error shape. */
export interface ErrorPayload {
  errorType: string;
  errorMessage: string;
  trace: string[];
}
