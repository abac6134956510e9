/** What a method's details and the method form both know of an integration: API Gateway's default timeout, the function of a Lambda proxy URI. */
export const DEFAULT_TIMEOUT_MS = 29_000;

export function lambdaArnOf(uri: string): string {
  return /functions\/(.+)\/invocations$/.exec(uri)?.[1] ?? uri;
}
