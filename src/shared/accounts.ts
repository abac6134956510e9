/** Where a request's state lives: AWS partitions every resource by account and region. */
export interface Scope {
  readonly account: string;
  readonly region: string;
}

/** A document with the account and region it belongs to. */
export interface Scoped<T> {
  readonly scope: Scope;
  readonly doc: T;
}

export const DEFAULT_ACCOUNT = '000000000000';
export const DEFAULT_REGION = 'us-east-1';

/** A 12-digit access key id is itself the account id (a Gatehouse convention); any other key maps to the default account. */
export function accountForAccessKey(accessKeyId: string | undefined, defaultAccount: string): string {
  return accessKeyId !== undefined && /^\d{12}$/.test(accessKeyId) ? accessKeyId : defaultAccount;
}
