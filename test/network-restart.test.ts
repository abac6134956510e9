/**
 * The network survives a restart on the same data dir: the local CA is reused, endpoint listeners come back,
 * instances still reach their endpoint. Then EC2 changes move the listeners: a deleted endpoint's closes.
 */
import { DeleteVpcEndpointsCommand, TerminateInstancesCommand } from '@aws-sdk/client-ec2';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ec2Client, startTestGatehouse, tempDataDir } from './support/server.js';
import { API_URL, createPrivateNetwork, execOn, FORBIDDEN } from './support/network.js';

const CURL = '/usr/bin/curl';

test('endpoint listeners and the local CA come back after a restart; EC2 changes open and close them', async () => {
  const dataDir = tempDataDir();
  let gh = await startTestGatehouse({ inMemory: false, dataDir });
  let ec2 = ec2Client(gh);
  const net = await createPrivateNetwork(ec2);
  const first = await gh.network();
  assert.deepEqual(first.endpoints.map((e) => e.vpceId), [net.vpceId]);
  assert.equal(first.caFile, join(dataDir, 'tls', 'ca.pem'));
  const caPem = await gh.caPem();
  assert.equal((await execOn(gh, net.instanceId, [CURL, '-sS', API_URL])).stdout, FORBIDDEN);
  ec2.destroy();
  await gh.dispose();

  gh = await startTestGatehouse({ inMemory: false, dataDir });
  ec2 = ec2Client(gh);
  try {
    const again = await gh.network();
    assert.deepEqual(again.endpoints.map((e) => e.vpceId), [net.vpceId]);
    assert.ok(again.endpoints[0]!.port > 0);
    assert.equal(await gh.caPem(), caPem);
    assert.equal(readFileSync(again.caFile, 'utf8'), caPem);
    assert.equal(statSync(join(dataDir, 'tls', 'ca-key.pem')).mode & 0o777, 0o600);
    assert.ok(existsSync(join(dataDir, 'tls', '.gitignore')));
    const res = await execOn(gh, net.instanceId, [CURL, '-sS', API_URL]);
    assert.equal(res.stdout, FORBIDDEN, res.stderr);

    await ec2.send(new DeleteVpcEndpointsCommand({ VpcEndpointIds: [net.vpceId] }));
    assert.deepEqual((await gh.network()).endpoints, []);
    const gone = await execOn(gh, net.instanceId, [CURL, '-sS', '-v', API_URL]);
    assert.equal(gone.code, 56);
    assert.match(gone.stderr, /< HTTP\/1\.1 502 Bad Gateway/);

    await ec2.send(new TerminateInstancesCommand({ InstanceIds: [net.instanceId] }));
    const terminated = await execOn(gh, net.instanceId, ['true']);
    assert.equal(terminated.code, 1);
    assert.match(terminated.stderr, /is (shutting-down|terminated), not running|There is no instance/);
  } finally {
    ec2.destroy();
    await gh.dispose();
  }
});
