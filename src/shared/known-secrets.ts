/**
 * The secret access keys Gatehouse knows, so a signature made with one can be checked. Gatehouse accepts any
 * credentials; a signature is verified only when its key's secret is known here. Today that is the
 * conventional test pair (`test`/`test`); IAM access keys will join it.
 */
const KNOWN: ReadonlyMap<string, string> = new Map([['test', 'test']]);

export function knownSecret(accessKeyId: string): string | undefined {
  return KNOWN.get(accessKeyId);
}
