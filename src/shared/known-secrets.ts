/**
 * The secret access keys Gatehouse knows, so a signature made with one can be checked. Gatehouse accepts any
 * credentials; a signature is verified only when its key's secret is known here: the conventional test pair
 * (`test`/`test`), and the keys Gatehouse issued (IAM access keys, STS sessions), which live in a server's
 * store. shared/ sees no store: each server adds a lookup of its own when it starts and removes it when it
 * stops (several servers may share one process, as in the tests; issued key ids are random, so they never
 * answer for each other's keys).
 */
const KNOWN: ReadonlyMap<string, string> = new Map([['test', 'test']]);

export type SecretLookup = (accessKeyId: string) => string | undefined;

const lookups = new Set<SecretLookup>();

/** Adds a lookup of issued secrets; the returned function removes it. */
export function addSecretLookup(lookup: SecretLookup): () => void {
  lookups.add(lookup);
  return () => {
    lookups.delete(lookup);
  };
}

export function knownSecret(accessKeyId: string): string | undefined {
  const fixed = KNOWN.get(accessKeyId);
  if (fixed !== undefined) return fixed;
  for (const lookup of lookups) {
    const secret = lookup(accessKeyId);
    if (secret !== undefined) return secret;
  }
  return undefined;
}

/**
 * The secret of the credentials Lambda functions run with (their account id as the access key, this as the
 * secret: server/lambda-host.ts), so a function's own AWS calls pass `--strict-auth` like test/test's.
 */
export const FUNCTION_SECRET = 'gatehouse';

/** The secret `--strict-auth` checks a key that Gatehouse did not issue against: test/test's, or a function's. */
export function strictSecret(accessKeyId: string): string | undefined {
  return knownSecret(accessKeyId) ?? (/^\d{12}$/.test(accessKeyId) ? FUNCTION_SECRET : undefined);
}
