/** The seed guide's AWS SDK for JavaScript (v2) snippet, run as written against a real Gatehouse. */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, test } from 'node:test';
import type { Gatehouse } from '../src/server/gatehouse.js';
import { credentials, startTestGatehouse } from './support/server.js';

const require = createRequire(import.meta.url);
// The v2 SDK is CommonJS and untyped here: the snippet uses only createRestApi.
const AWS = require('aws-sdk') as { APIGateway: new (options: Record<string, unknown>) => { createRestApi(params: unknown, cb: (err: Error | null, data: Record<string, unknown>) => void): void } };

let gh: Gatehouse;
before(async () => {
  gh = await startTestGatehouse();
});
after(() => gh.dispose());

test('apig.createRestApi({...}) from the seed guide succeeds', async () => {
  const apig = new AWS.APIGateway({ endpoint: gh.url, region: 'us-west-2', credentials, maxRetries: 0 });
  let restApiId: string | undefined;
  const data = await new Promise<Record<string, unknown>>((resolve, reject) => {
    apig.createRestApi({
      name: 'Simple PetStore (node.js SDK, private)',
      endpointConfiguration: {
        types: ['PRIVATE'],
      },
      description: 'Demo private API created using the AWS SDK for node.js',
      version: '0.00.001',
    }, function (err, data) {
      if (!err) {
        restApiId = data['id'] as string;
        resolve(data);
      } else {
        reject(err);
      }
    });
  });
  assert.match(restApiId ?? '', /^[a-z0-9]{10}$/);
  assert.equal(data['name'], 'Simple PetStore (node.js SDK, private)');
  assert.equal(data['description'], 'Demo private API created using the AWS SDK for node.js');
  assert.equal(data['version'], '0.00.001');
  assert.deepEqual((data['endpointConfiguration'] as { types: string[] }).types, ['PRIVATE']);
  assert.ok(data['createdDate'] instanceof Date);
});
