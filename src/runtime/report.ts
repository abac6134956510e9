/** The lines Lambda writes around every invocation's own output. */

export function startLine(requestId: string, version: string): string {
  return `START RequestId: ${requestId} Version: ${version}\n`;
}

export function endLine(requestId: string): string {
  return `END RequestId: ${requestId}\n`;
}

export function reportLine(requestId: string, r: { durationMs: number; memorySize: number; maxMemoryUsedMb: number; initDurationMs?: number | undefined }): string {
  const init = r.initDurationMs === undefined ? '' : `\tInit Duration: ${r.initDurationMs.toFixed(2)} ms`;
  return `REPORT RequestId: ${requestId}\tDuration: ${r.durationMs.toFixed(2)} ms\tBilled Duration: ${Math.max(1, Math.ceil(r.durationMs))} ms\tMemory Size: ${r.memorySize} MB\tMax Memory Used: ${r.maxMemoryUsedMb} MB${init}\t\n`;
}

/** Lambda's text for a timeout, as its error payload and its log line. */
export function timeoutMessage(requestId: string, timeoutSeconds: number): string {
  return `RequestId: ${requestId} Error: Task timed out after ${timeoutSeconds.toFixed(2)} seconds`;
}
