/**
 * The network layer in process, over real sockets on loopback: records stand in for the EC2 control plane,
 * a small HTTP server for Gatehouse's AWS endpoint. What the proxy, the listeners and the local CA do.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type RequestListener } from 'node:http';
import { connect as netConnect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { connect as tlsConnect } from 'node:tls';
import { Agent, fetch as undiciFetch } from 'undici';
import type { ConnectionOrigin } from '../domain/ec2.js';
import { forbiddenHandler, type ExecuteApiHandler } from './execute-api-handler.js';
import { Network } from './network.js';
import type { NetworkRecords } from './network-view.js';
import { group, INSTANCE_A, INSTANCE_B, records, VPCE_ID } from './test-support/records.js';

const API_URL = 'https://abcdef1234.execute-api.us-east-1.amazonaws.com/test';
const silent = { debug() {}, info() {}, warn() {}, error() {} };
const DROP_WAIT_MS = 300;

let current: NetworkRecords = records();
const origins: Array<ConnectionOrigin | undefined> = [];
const capture: ExecuteApiHandler = (req, res, origin) => {
  origins.push(origin);
  forbiddenHandler(req, res, origin);
};
const awsListener: RequestListener = (req, res) => {
  req.resume();
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ aws: true, host: req.headers.host, url: req.url, tls: 'encrypted' in req.socket }));
};
const aws = createServer(awsListener);
const tlsDir = mkdtempSync(join(tmpdir(), 'gatehouse-network-test-'));
let network: Network;

before(async () => {
  await new Promise<void>((resolve) => aws.listen(0, '127.0.0.1', resolve));
  network = await Network.start({ tlsDir, regions: ['us-east-1'], dropWaitMs: DROP_WAIT_MS, eagerTls: false, logger: silent, loadRecords: () => current, executeApi: capture, aws: { requestListener: awsListener, server: aws }, imdsRole: () => ({ kind: 'no-role' }) });
});
after(async () => {
  await network.dispose();
  await new Promise<void>((resolve) => aws.close(() => resolve()));
  rmSync(tlsDir, { recursive: true, force: true });
});

function setRecords(next: NetworkRecords): void {
  current = next;
  network.changed();
}

/** A raw CONNECT: the status line and headers the proxy answers (or null if it closes without a word). */
async function rawConnect(target: string, proxyAuthorization?: string, timeoutMs = 5000): Promise<{ head: string | null; ms: number }> {
  const socket = netConnect(network.proxyPort, '127.0.0.1');
  const started = Date.now();
  socket.write(`CONNECT ${target} HTTP/1.1\r\nHost: ${target}\r\n${proxyAuthorization ? `Proxy-Authorization: ${proxyAuthorization}\r\n` : ''}\r\n`);
  let data = '';
  socket.setEncoding('utf8').on('data', (c: string) => (data += c));
  const timer = setTimeout(() => socket.destroy(), timeoutMs);
  await once(socket, 'close');
  clearTimeout(timer);
  return { head: data === '' ? null : data, ms: Date.now() - started };
}

const basic = (user: string): string => `Basic ${Buffer.from(`${user}:`).toString('base64')}`;

test('fetch from an instance reaches the endpoint through private DNS: TLS verified against the local CA, AWS\'s 403, the origin attached', async () => {
  origins.length = 0;
  const dispatcher = await network.instanceDispatcher(INSTANCE_A);
  const res = await undiciFetch(API_URL, { dispatcher });
  assert.equal(res.status, 403);
  assert.equal(res.headers.get('content-type'), 'application/json');
  assert.equal(res.headers.get('x-amzn-errortype'), 'ForbiddenException');
  assert.match(res.headers.get('x-amzn-requestid') ?? '', /^[0-9a-f-]{36}$/);
  assert.equal(await res.text(), '{"message":"Forbidden"}');
  assert.deepEqual(origins, [{ account: '000000000000', region: 'us-east-1', vpcId: 'vpc-a', vpceId: VPCE_ID, sourceIp: '10.0.1.20', instanceId: INSTANCE_A }]);
  await dispatcher.close();
});

test('a connection straight to a listener\'s port has no origin, and still gets the 403', async () => {
  origins.length = 0;
  const info = await network.info();
  assert.equal(info.endpoints.length, 1);
  const listener = info.endpoints[0]!;
  assert.deepEqual({ ...listener, port: 0 }, { account: '000000000000', region: 'us-east-1', vpcId: 'vpc-a', vpceId: VPCE_ID, privateIps: ['10.0.1.10', '10.0.2.10'], host: '127.0.0.1', port: 0 });
  const ca = await network.caPem();
  const dispatcher = new Agent({ connect: { ca, servername: 'abcdef1234.execute-api.us-east-1.amazonaws.com' } });
  const res = await undiciFetch(`https://127.0.0.1:${listener.port}/test`, { dispatcher, headers: { host: 'abcdef1234.execute-api.us-east-1.amazonaws.com' } });
  assert.equal(res.status, 403);
  await res.text();
  assert.deepEqual(origins, [undefined]);
  await dispatcher.close();
});

test('listeners speak TLS 1.2 and up, HTTP/1.1 only', async () => {
  const { endpoints, caFile } = await network.info();
  assert.match(caFile, /ca\.pem$/);
  const port = endpoints[0]!.port;
  const ca = await network.caPem();
  const modern = tlsConnect({ host: '127.0.0.1', port, ca, servername: 'execute-api.us-east-1.amazonaws.com', ALPNProtocols: ['h2', 'http/1.1'], maxVersion: 'TLSv1.2' });
  await once(modern, 'secureConnect');
  assert.equal(modern.getProtocol(), 'TLSv1.2');
  assert.equal(modern.alpnProtocol, 'http/1.1');
  modern.destroy();
  // Allow TLS 1.1 on the client side (OpenSSL's default security level forbids it), so the refusal is the server's.
  const old = tlsConnect({ host: '127.0.0.1', port, ca, servername: 'execute-api.us-east-1.amazonaws.com', minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT@SECLEVEL=0' });
  const [error] = (await once(old, 'error')) as [NodeJS.ErrnoException];
  assert.match(`${error.code} ${error.message}`, /protocol version|unsupported protocol|WRONG_VERSION|no protocols/i);
});

test('the proxy wants an instance in its credentials: none, or an unknown one, is 407 with the reason', async () => {
  const none = await rawConnect('abcdef1234.execute-api.us-east-1.amazonaws.com:443');
  assert.match(none.head!, /^HTTP\/1\.1 407 Proxy Authentication Required\r\n/);
  assert.match(none.head!, /Proxy-Authenticate: Basic realm="Gatehouse instances"/);
  assert.match(none.head!, /name the instance in the proxy credentials, as in http:\/\/i-0123456789abcdef0@127\.0\.0\.1:\d+/);
  const unknown = await rawConnect('abcdef1234.execute-api.us-east-1.amazonaws.com:443', basic('i-0123456789abcdef0'));
  assert.match(unknown.head!, /^HTTP\/1\.1 407 /);
  assert.match(unknown.head!, /there is no instance i-0123456789abcdef0/);
});

test('from the second VPC the private name goes nowhere: refused with the reason, never connected', async () => {
  const res = await rawConnect('abcdef1234.execute-api.us-east-1.amazonaws.com:443', basic(INSTANCE_B));
  assert.match(res.head!, /^HTTP\/1\.1 502 Bad Gateway\r\n/);
  assert.match(res.head!, /is a public name from vpc-b/);
  const internet = await rawConnect('example.com:443', basic(INSTANCE_A));
  assert.match(internet.head!, /never connects to the internet/);
});

test('a security group that drops: no answer for the drop wait, then the connection closes', async () => {
  setRecords(records((d) => (d.groups[0] = group('sg-endpoint', 'vpc-a', []))));
  try {
    const res = await rawConnect('abcdef1234.execute-api.us-east-1.amazonaws.com:443', basic(INSTANCE_A));
    assert.equal(res.head, null);
    assert.ok(res.ms >= DROP_WAIT_MS - 20, `closed after ${res.ms} ms`);
  } finally {
    setRecords(records());
  }
});

test('AWS service names reach Gatehouse\'s own endpoint, over TLS on 443 and plain HTTP on 80; loopback passes', async () => {
  const dispatcher = await network.instanceDispatcher(INSTANCE_B);
  const overTls = (await (await undiciFetch('https://sts.amazonaws.com/?Action=GetCallerIdentity', { dispatcher })).json()) as { host: string; url: string; tls: boolean };
  assert.deepEqual(overTls, { aws: true, host: 'sts.amazonaws.com', url: '/?Action=GetCallerIdentity', tls: true });
  const plain = (await (await undiciFetch('http://lambda.us-east-1.amazonaws.com/2015-03-31/functions', { dispatcher })).json()) as { tls: boolean };
  assert.equal(plain.tls, false);
  const port = (aws.address() as AddressInfo).port;
  const loop = (await (await undiciFetch(`http://127.0.0.1:${port}/ping`, { dispatcher })).json()) as { url: string };
  assert.equal(loop.url, '/ping');
  await dispatcher.close();
});

test('plain absolute-URI forwarding: loopback and service names pass; execute-api endpoints speak TLS on 443 only', async () => {
  const port = (aws.address() as AddressInfo).port;
  const viaProxy = async (url: string, user?: string): Promise<{ status: number; body: string }> => {
    const req = (await import('node:http')).request({ host: '127.0.0.1', port: network.proxyPort, path: url, headers: user ? { 'proxy-authorization': basic(user) } : {} });
    req.end();
    const [res] = (await once(req, 'response')) as [IncomingMessage];
    let body = '';
    for await (const c of res) body += String(c);
    return { status: res.statusCode!, body };
  };
  assert.equal((await viaProxy(`http://localhost:${port}/x`, INSTANCE_A)).status, 200);
  assert.match((await viaProxy('http://sts.amazonaws.com/', INSTANCE_A)).body, /"url":"\/"/);
  // Port 80 of the endpoint: its group admits 443 only, so the packets are dropped.
  await assert.rejects(viaProxy('http://abcdef1234.execute-api.us-east-1.amazonaws.com/test', INSTANCE_A), /socket hang up/);
  const tlsPort = await viaProxy('http://abcdef1234.execute-api.us-east-1.amazonaws.com:443/test', INSTANCE_A);
  assert.equal(tlsPort.status, 502);
  assert.match(tlsPort.body, /speaks TLS only: use https:\/\//);
  assert.equal((await viaProxy(`http://localhost:${port}/x`)).status, 407);
});

test('listeners follow the records: a deleted endpoint closes its listener, a new one opens', async () => {
  setRecords(records((d) => (d.endpoints.length = 0)));
  assert.deepEqual((await network.info()).endpoints, []);
  setRecords(records());
  const again = await network.info();
  assert.equal(again.endpoints.length, 1);
  assert.ok(again.endpoints[0]!.port > 0);
});
