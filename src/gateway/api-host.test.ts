import assert from 'node:assert/strict';
import { test } from 'node:test';
import { namedApi } from './api-host.js';

test('the four ways to name a private API', () => {
  assert.deepEqual(namedApi('abcdef1234.execute-api.us-east-1.amazonaws.com', undefined), { apiId: 'abcdef1234' });
  assert.deepEqual(namedApi('abcdef1234-vpce-0123456789abcdef0.execute-api.us-east-1.amazonaws.com', undefined), { apiId: 'abcdef1234', aliasVpceId: 'vpce-0123456789abcdef0' });
  assert.deepEqual(namedApi('vpce-0123456789abcdef0-abcdefgh.execute-api.us-east-1.vpce.amazonaws.com', 'abcdef1234'), { apiId: 'abcdef1234' });
  assert.deepEqual(namedApi('execute-api.us-east-1.amazonaws.com', 'abcdef1234'), { apiId: 'abcdef1234' });
  assert.equal(namedApi('vpce-0123456789abcdef0-abcdefgh.execute-api.us-east-1.vpce.amazonaws.com', undefined), undefined);
  assert.deepEqual(namedApi('ABCDEF1234.execute-api.us-east-1.amazonaws.com:443', undefined), { apiId: 'abcdef1234' }, 'DNS names are case-insensitive');
});
