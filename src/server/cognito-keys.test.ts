import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { verifyCognitoToken } from '../gateway/cognito-token.js';
import { createUserPoolClient } from '../services/cognito-idp/clients.js';
import { createUserPool, deleteUserPool } from '../services/cognito-idp/pools.js';
import { pools, type StoredPool } from '../services/cognito-idp/state.js';
import { userTokens } from '../services/cognito-idp/tokens.js';
import type { OperationContext } from '../services/types.js';
import { openSqliteStore } from '../store/sqlite/sqlite-store.js';
import { cognitoKeys } from './cognito-keys.js';

const store = openSqliteStore(':memory:');
after(() => store.close());
const NOW = new Date('2026-12-06T12:00:00Z');
const ctx: OperationContext = { scope: { account: '123456789012', region: 'eu-west-1' }, accessKeyId: undefined, requestId: 'r', store, clock: { now: () => NOW } };
const call = <I, O>(handler: (input: I, c: OperationContext) => O, input: I): O => store.transaction(() => handler(input, ctx));

test('keysOf finds a pool by ARN, keeps its parsed key while nothing changes, and forgets a deleted pool', () => {
  const poolId = call(createUserPool, { PoolName: 'keys' }).UserPool.Id;
  const arn = `arn:aws:cognito-idp:eu-west-1:123456789012:userpool/${poolId}`;
  const keysOf = cognitoKeys(store);
  const first = keysOf(arn);
  assert.equal(first?.issuer, `https://cognito-idp.eu-west-1.amazonaws.com/${poolId}`);
  const pool = pools(ctx).get(ctx.scope, '', poolId) as StoredPool;
  assert.deepEqual([...first!.keys.keys()], [pool.key.kid]);
  assert.equal(keysOf(arn), first, 'the same parsed keys, no store read');
  // Another write elsewhere: the pool is read again, its key (same kid) kept.
  call(createUserPool, { PoolName: 'other' });
  assert.equal(keysOf(arn)?.keys, first!.keys);
  // The ARN must name the pool's own account and region.
  assert.equal(keysOf(`arn:aws:cognito-idp:eu-west-1:000000000000:userpool/${poolId}`), undefined);
  assert.equal(keysOf(`arn:aws:cognito-idp:us-east-1:123456789012:userpool/${poolId}`), undefined);
  assert.equal(keysOf('not an arn'), undefined);

  // A token the pool issued verifies with these keys.
  const client = call(createUserPoolClient, { UserPoolId: poolId, ClientName: 'web' }).UserPoolClient;
  const stored = { username: 'alice', sub: 's-1', attributes: [{ Name: 'email', Value: 'a@example.com' }, { Name: 'email_verified', Value: 'true' }], created: 0, lastModified: 0, enabled: true, status: 'CONFIRMED' as const };
  const clientDoc = store.table<never>('cognito_clients').get(ctx.scope, '', client.ClientId);
  const tokens = userTokens(ctx.scope, pool, clientDoc!, stored, NOW, { authTime: 1, originJti: 'o' });
  const verdict = verifyCognitoToken(tokens.IdToken, [arn], keysOf, NOW, undefined);
  assert.equal(verdict.ok, true);
  assert.equal(verdict.ok && verdict.claims['cognito:username'], 'alice');
  assert.equal(verdict.ok && verdict.claims.email_verified, true);

  call(deleteUserPool, { UserPoolId: poolId });
  assert.equal(keysOf(arn), undefined);
  assert.equal(verifyCognitoToken(tokens.IdToken, [arn], keysOf, NOW, undefined).ok, false);
});
