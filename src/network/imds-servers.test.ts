import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import type { InstanceMetadataOptions } from '../domain/ec2.js';
import { ImdsServers } from './imds-servers.js';
import { NetworkView } from './network-view.js';
import { INSTANCE_A, INSTANCE_B, records } from './test-support/records.js';

const options: Record<string, InstanceMetadataOptions> = {
  [INSTANCE_A]: { HttpTokens: 'required', HttpPutResponseHopLimit: 2, HttpEndpoint: 'enabled' },
  [INSTANCE_B]: { HttpTokens: 'optional', HttpPutResponseHopLimit: 2, HttpEndpoint: 'disabled' },
};
const view = new NetworkView(records((docs) => docs.instances.forEach((i) => (i.MetadataOptions = options[i.InstanceId]))));
const imds = new ImdsServers({ instance: (id) => view.instance(id), role: () => ({ kind: 'no-role' }), now: () => new Date() });
after(() => imds.close());

test('one loopback listener per instance, opened once; IMDSv2 over it', async () => {
  const a = await imds.endpoint(INSTANCE_A);
  assert.deepEqual(await imds.endpoint(INSTANCE_A), a);
  assert.equal(a.host, '127.0.0.1');
  const base = `http://${a.host}:${a.port}`;
  assert.equal((await fetch(`${base}/latest/meta-data/instance-id`)).status, 401);
  const token = await (await fetch(`${base}/latest/api/token`, { method: 'PUT', headers: { 'X-aws-ec2-metadata-token-ttl-seconds': '30' } })).text();
  const answer = await fetch(`${base}/latest/meta-data/instance-id`, { headers: { 'X-aws-ec2-metadata-token': token } });
  assert.equal(answer.status, 200);
  assert.equal(answer.headers.get('server'), 'EC2ws');
  assert.equal(await answer.text(), INSTANCE_A);
  // Another instance's listener does not take A's token.
  const b = await imds.endpoint(INSTANCE_B);
  assert.notEqual(b.port, a.port);
});

test('HttpEndpoint=disabled: nothing answers (the connection is closed)', async () => {
  const b = await imds.endpoint(INSTANCE_B);
  await assert.rejects(fetch(`http://${b.host}:${b.port}/latest/meta-data/instance-id`));
});
