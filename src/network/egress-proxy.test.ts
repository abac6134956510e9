/**
 * The egress proxy and the instance metadata service: requests and tunnels to 169.254.169.254 (and the IPv6
 * fd00:ec2::254) are answered in process from the instance the proxy credentials name. The proxy's only ways
 * out (its connect and request functions, which reach loopback) are watched: they are never called for them.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { request as httpRequest } from 'node:http';
import { connect as netConnect } from 'node:net';
import { after, before, test } from 'node:test';
import { EgressProxy } from './egress-proxy.js';
import { ImdsServers } from './imds-servers.js';
import { NetworkView } from './network-view.js';
import { proxyAuthorization } from './proxy-credentials.js';
import { INSTANCE_A, records } from './test-support/records.js';

const view = new NetworkView(records((docs) => docs.instances.forEach((i) => (i.MetadataOptions = { HttpTokens: 'optional', HttpPutResponseHopLimit: 2, HttpEndpoint: 'enabled' }))));
const opened: string[] = [];
const imds = new ImdsServers({ instance: (id) => view.instance(id), role: () => ({ kind: 'no-role' }), now: () => new Date() });
const proxy = new EgressProxy({
  dropWaitMs: 10,
  logger: { debug() {}, info() {}, warn() {}, error() {} },
  connect: ((options: { host: string; port: number }) => {
    opened.push(`connect ${options.host}:${options.port}`);
    throw new Error('the proxy must not connect');
  }) as unknown as typeof netConnect,
  request: ((options: { host: string; port: number }) => {
    opened.push(`request ${options.host}:${options.port}`);
    throw new Error('the proxy must not connect');
  }) as unknown as typeof httpRequest,
  targets: {
    view: () => view,
    toEndpoint: () => Promise.reject(new Error('not here')),
    toAwsEndpoint: () => Promise.reject(new Error('not here')),
    awsRequest: (_req, res) => res.end(),
    imds,
  },
});
let port: number;

before(async () => {
  port = await proxy.listen();
});
after(async () => {
  await proxy.close();
  await imds.close();
});

/** Raw bytes to the proxy; everything it answers until it closes or `until` matches. */
async function exchange(text: string, until: RegExp): Promise<string> {
  const socket = netConnect(port, '127.0.0.1');
  socket.write(text);
  let data = '';
  socket.setEncoding('utf8').on('data', (c: string) => {
    data += c;
    if (until.test(data)) socket.end();
  });
  await once(socket, 'close');
  return data;
}

const auth = `Proxy-Authorization: ${proxyAuthorization(INSTANCE_A)}\r\n`;

test('a plain request to 169.254.169.254 is answered by the instance\'s IMDS; nothing is connected to', async () => {
  const answer = await exchange(`GET http://169.254.169.254/latest/meta-data/instance-id HTTP/1.1\r\nHost: 169.254.169.254\r\n${auth}Connection: close\r\n\r\n`, /i-0a+1$/);
  assert.match(answer, /^HTTP\/1\.1 200 OK\r\n/);
  assert.match(answer, /\r\n\r\ni-0aaaaaaaaaaaaaaa1$/);
  const v6 = await exchange(`GET http://[fd00:ec2::254]/latest/meta-data/local-ipv4 HTTP/1.1\r\nHost: [fd00:ec2::254]\r\n${auth}Connection: close\r\n\r\n`, /\r\n\r\n10\.\d+\.\d+\.\d+$/);
  assert.match(v6, /^HTTP\/1\.1 200 OK\r\n/);
  assert.deepEqual(opened, []);
});

test('CONNECT 169.254.169.254:80 is served in process; any other port is refused; without an instance, 407', async () => {
  const tunnelled = await exchange(`CONNECT 169.254.169.254:80 HTTP/1.1\r\nHost: 169.254.169.254:80\r\n${auth}\r\nGET /latest/meta-data/instance-id HTTP/1.1\r\nHost: 169.254.169.254\r\nConnection: close\r\n\r\n`, /i-0a+1$/);
  assert.match(tunnelled, /^HTTP\/1\.1 200 Connection Established\r\n\r\nHTTP\/1\.1 200 OK\r\n[\s\S]*\r\n\r\ni-0aaaaaaaaaaaaaaa1$/);
  const https = await exchange(`CONNECT 169.254.169.254:443 HTTP/1.1\r\nHost: 169.254.169.254:443\r\n${auth}\r\n`, /listens on port 80 only\n$/);
  assert.match(https, /^HTTP\/1\.1 502 Bad Gateway\r\n[\s\S]*the instance metadata service at 169\.254\.169\.254 listens on port 80 only\n$/);
  const anonymous = await exchange('CONNECT 169.254.169.254:80 HTTP/1.1\r\nHost: 169.254.169.254:80\r\n\r\n', /\n$/);
  assert.match(anonymous, /^HTTP\/1\.1 407 Proxy Authentication Required\r\n/);
  assert.deepEqual(opened, []);
});
