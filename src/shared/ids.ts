import { randomBytes, randomUUID } from 'node:crypto';

const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** A random id of `length` lowercase alphanumerics, the form API Gateway uses for apis, resources, deployments. */
export function lowerAlnumId(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  // 252 = 7 * 36: reject bytes above it so every character is equally likely.
  for (let i = 0; out.length < length; i++) {
    if (i >= bytes.length) return out + lowerAlnumId(length - out.length);
    const b = bytes[i]!;
    if (b < 252) out += LOWER_ALNUM[b % 36];
  }
  return out;
}

/** A random id of `length` lowercase hex digits (EC2 ids such as vpc-0abc..., request-id suffixes). */
export function hexId(length: number): string {
  return randomBytes(Math.ceil(length / 2)).toString('hex').slice(0, length);
}

export function requestId(): string {
  return randomUUID();
}

// Per-request ids on the data plane come from one pool of random bytes, refilled 4 KB at a time: a
// randomBytes() call per id costs a synchronous trip to the system's generator each time (bench/dataplane).
const POOL_SIZE = 4096;
let pool = Buffer.alloc(0);
let poolOffset = POOL_SIZE;

/** `n` random bytes (n <= 4096), copied out of the pool. */
export function pooledRandomBytes(n: number): Buffer {
  if (poolOffset + n > pool.length) {
    pool = randomBytes(POOL_SIZE);
    poolOffset = 0;
  }
  const out = Buffer.from(pool.subarray(poolOffset, poolOffset + n));
  poolOffset += n;
  return out;
}
