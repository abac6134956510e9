import assert from 'node:assert/strict';
import { test } from 'node:test';
import { z } from 'zod';
import { decodePageToken, encodePageToken } from './page-token.js';

const OFFSET = z.object({ offset: z.number().int().nonnegative() });

test('a token round-trips; anything else is not one of ours', () => {
  assert.deepEqual(decodePageToken(encodePageToken({ offset: 50 }), OFFSET), { offset: 50 });
  for (const token of ['', 'not base64 at all!', encodePageToken({ offset: -1 }), encodePageToken({ offset: '5' }), encodePageToken(null), Buffer.from('{').toString('base64url')]) {
    assert.equal(decodePageToken(token, OFFSET), undefined, token);
  }
});
