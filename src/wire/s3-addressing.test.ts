import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pathStyle, s3Host } from './s3-addressing.js';

test("S3's host names: Gatehouse's *.s3[.region].localhost and AWS's own; others are not S3", () => {
  const cases: Array<[string, ReturnType<typeof s3Host>]> = [
    ['b.s3.localhost:4566', { bucket: 'b', region: undefined }],
    ['my.dotted.bucket.s3.us-west-2.localhost', { bucket: 'my.dotted.bucket', region: 'us-west-2' }],
    ['s3.localhost:4566', { bucket: undefined, region: undefined }],
    ['s3.eu-central-1.localhost', { bucket: undefined, region: 'eu-central-1' }],
    ['b.s3.amazonaws.com', { bucket: 'b', region: undefined }],
    ['b.s3.us-gov-west-1.amazonaws.com', { bucket: 'b', region: 'us-gov-west-1' }],
    ['b.s3-eu-west-1.amazonaws.com', { bucket: 'b', region: 'eu-west-1' }],
    ['b.s3.dualstack.us-east-1.amazonaws.com', { bucket: 'b', region: 'us-east-1' }],
    ['s3.amazonaws.com', { bucket: undefined, region: undefined }],
    ['B.S3.LOCALHOST', { bucket: 'b', region: undefined }],
  ];
  for (const [host, expected] of cases) assert.deepEqual(s3Host(host), expected, host);
  for (const host of ['b.s3.localhost.localstack.cloud', '127.0.0.1:4566', 'localhost', 'abc.execute-api.localhost', 'sts.amazonaws.com', undefined]) assert.equal(s3Host(host), undefined, String(host));
});

test('a virtual-hosted path in the path style', () => {
  assert.equal(pathStyle('/', 'b'), '/b');
  assert.equal(pathStyle('/k/with%20space', 'b'), '/b/k/with%20space');
  assert.equal(pathStyle('/dir/', 'b'), '/b/dir/');
});
