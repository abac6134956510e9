/**
 * The public keys of Cognito user pools by pool ARN, for the data plane's COGNITO_USER_POOLS authorizers
 * (gateway/cognito-token.ts's `keysOf`). Kept parsed per pool: the store is read again only after a write
 * (its revision moved), and a key is parsed again only when its kid changed, so the request path never
 * re-parses a key per request.
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import type { PoolKeys } from '../gateway/cognito-token.js';
import type { StoredPool } from '../services/cognito-idp/state.js';
import type { Store } from '../store/store.js';

const POOL_ARN = /^arn:aws:cognito-idp:([a-z0-9-]+):(\d{12}):userpool\/([\w-]+_[0-9a-zA-Z]+)$/;

interface Entry {
  revision: number;
  kid: string | undefined;
  keys: PoolKeys | undefined;
}

/** `https://cognito-idp.{region}.amazonaws.com/{poolId}`, a pool's token issuer. */
export const poolIssuer = (region: string, poolId: string): string => `https://cognito-idp.${region}.amazonaws.com/${poolId}`;

/** The pool a store holds by id, with its account and region (any account: pool ids are unique). */
export function storedPool(store: Store, poolId: string): { account: string; region: string; pool: StoredPool } | undefined {
  const found = store.table<StoredPool>('cognito_user_pools').locate('', poolId);
  return found && { account: found.scope.account, region: found.scope.region, pool: found.doc };
}

/**
 * `keysOf` for verifyCognitoToken over `store`: the pool an ARN names (its account and region must match),
 * or undefined when there is none. Construct one per server and keep it (the cache lives in it).
 */
export function cognitoKeys(store: Store): (poolArn: string) => PoolKeys | undefined {
  const cache = new Map<string, Entry>();
  return (poolArn) => {
    const revision = store.revision();
    const cached = cache.get(poolArn);
    if (cached && cached.revision === revision) return cached.keys;
    const m = POOL_ARN.exec(poolArn);
    const found = m ? storedPool(store, m[3]!) : undefined;
    const pool = found && found.region === m![1] && found.account === m![2] ? found.pool : undefined;
    let keys: PoolKeys | undefined;
    if (pool && cached?.kid === pool.key.kid) keys = cached.keys;
    else if (pool) keys = { issuer: poolIssuer(found!.region, pool.id), keys: new Map<string, KeyObject>([[pool.key.kid, createPublicKey({ key: pool.key.publicJwk, format: 'jwk' })]]) };
    if (cache.size >= 1024) cache.clear();
    cache.set(poolArn, { revision, kid: pool?.key.kid, keys });
    return keys;
  };
}
