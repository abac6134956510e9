/**
 * A private API's network, end to end with real clients: the network is built with the EC2 API (SDK v3),
 * commands run "on" instances with `gatehouse exec` (the real CLI, in its own process), curl and openssl
 * from the machine. All traffic stays on loopback: names like *.execute-api.us-east-1.amazonaws.com are
 * only ever resolved by Gatehouse's proxy, or pinned to 127.0.0.1 with curl --resolve.
 */
import { AuthorizeSecurityGroupIngressCommand, DescribeVpcEndpointsCommand, RevokeSecurityGroupIngressCommand, type EC2Client } from '@aws-sdk/client-ec2';
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Gatehouse } from '../src/server/gatehouse.js';
import { ec2Client, startTestGatehouse } from './support/server.js';
import { API_HOST, API_URL, createPrivateNetwork, execOn, FORBIDDEN, gatehouse, runProgram, type PrivateNetwork } from './support/network.js';

const DROP_WAIT_MS = 1500;
const CURL = '/usr/bin/curl';
const OPENSSL = '/usr/bin/openssl';

let gh: Gatehouse;
let ec2: EC2Client;
let net: PrivateNetwork;

before(async () => {
  gh = await startTestGatehouse({ dropWaitMs: DROP_WAIT_MS });
  ec2 = ec2Client(gh);
  net = await createPrivateNetwork(ec2);
});
after(async () => {
  ec2.destroy();
  await gh.dispose();
});

test('gatehouse exec -- curl: a TLS handshake verified against the local CA, and AWS\'s 403 Forbidden', async () => {
  const plain = await execOn(gh, net.instanceId, [CURL, '-sS', API_URL]);
  assert.equal(plain.stderr, '');
  assert.equal(plain.code, 0);
  assert.equal(plain.stdout, FORBIDDEN);
  // -i shows the status and headers; ssl_verify_result 0 is a verified chain (curl has no -k here).
  const verbose = await execOn(gh, net.instanceId, [CURL, '-sS', '-i', '-w', '\\nverify=%{ssl_verify_result} http=%{http_version}', API_URL]);
  assert.equal(verbose.code, 0);
  assert.match(verbose.stdout, /^HTTP\/1\.1 200 Connection Established\r\n\r\nHTTP\/1\.1 403 Forbidden\r\n/);
  assert.match(verbose.stdout, /\r\nx-amzn-ErrorType: ForbiddenException\r\n/i);
  assert.match(verbose.stdout, /\r\nContent-Type: application\/json\r\n/i);
  assert.match(verbose.stdout, /\r\nx-amzn-RequestId: [0-9a-f-]{36}\r\n/i);
  assert.match(verbose.stdout, /\r\n\r\n\{"message":"Forbidden"\}\nverify=0 http=1\.1$/);
});

test('the endpoint\'s own DNS names, the alias and the bare execute-api name reach it too, with verified TLS', async () => {
  const described = await ec2.send(new DescribeVpcEndpointsCommand({ VpcEndpointIds: [net.vpceId] }));
  const names = described.VpcEndpoints![0]!.DnsEntries!.map((e) => e.DnsName!).filter((n) => n.startsWith('vpce-'));
  assert.equal(names.length, 3);
  for (const name of names) {
    const res = await execOn(gh, net.instanceId, [CURL, '-sS', '-H', `Host: ${API_HOST}`, `https://${name}/test`]);
    assert.equal(res.stdout, FORBIDDEN, `${name}: ${res.stderr}`);
  }
  const alias = await execOn(gh, net.instanceId, [CURL, '-sS', `https://abcdef1234-${net.vpceId}.execute-api.us-east-1.amazonaws.com/test`]);
  assert.equal(alias.stdout, FORBIDDEN, alias.stderr);
  const bare = await execOn(gh, net.instanceId, [CURL, '-sS', '-H', 'x-apigw-api-id: abcdef1234', 'https://execute-api.us-east-1.amazonaws.com/test']);
  assert.equal(bare.stdout, FORBIDDEN, bare.stderr);
});

test('on the host, without exec, the private name reaches nothing', async () => {
  // Pinned to loopback so curl never asks real DNS: nothing of Gatehouse listens on 443.
  const pinned = await runProgram(CURL, ['-sS', '--noproxy', '*', '--connect-timeout', '3', '--resolve', `${API_HOST}:443:127.0.0.1`, API_URL]);
  assert.notEqual(pinned.code, 0);
  assert.doesNotMatch(pinned.stdout, /Forbidden/);
  // Through the proxy without an instance identity: refused with 407.
  const { proxy } = await gh.network();
  const anonymous = await runProgram(CURL, ['-sS', '-v', '--proxy', `http://${proxy.host}:${proxy.port}`, API_URL]);
  assert.equal(anonymous.code, 56);
  assert.match(anonymous.stderr, /< HTTP\/1\.1 407 Proxy Authentication Required/);
  assert.doesNotMatch(anonymous.stdout, /Forbidden/);
});

test('from an instance in a second VPC without an endpoint, the private name does not reach the endpoint', async () => {
  const res = await execOn(gh, net.outsiderId, [CURL, '-sS', '-v', API_URL]);
  assert.equal(res.code, 56);
  assert.match(res.stderr, /< HTTP\/1\.1 502 Bad Gateway/);
  assert.doesNotMatch(res.stdout, /Forbidden/);
});

test('Node\'s built-in fetch on the instance goes through the proxy (the preload), trusting the local CA', async () => {
  const script = `fetch(${JSON.stringify(API_URL)}).then(async (r) => console.log(r.status, r.headers.get('x-amzn-errortype'), await r.text()), (e) => { console.error(e.cause ?? e); process.exit(3); })`;
  const res = await execOn(gh, net.instanceId, [process.execPath, '-e', script]);
  assert.equal(res.stderr, '');
  assert.equal(res.stdout, `403 ForbiddenException ${FORBIDDEN}\n`);
});

test('in process: fetch through instanceDispatcher', async () => {
  const dispatcher = await gh.instanceDispatcher(net.instanceId);
  try {
    const { fetch } = await import('undici');
    const res = await fetch(API_URL, { dispatcher });
    assert.equal(res.status, 403);
    assert.equal(await res.text(), FORBIDDEN);
    assert.match(await gh.caPem(), /^-----BEGIN CERTIFICATE-----/);
  } finally {
    await dispatcher.close();
  }
});

test('the exit code passes through; an unknown instance is a clear error', async () => {
  assert.equal((await execOn(gh, net.instanceId, ['sh', '-c', 'exit 7'])).code, 7);
  const env = await execOn(gh, net.instanceId, ['sh', '-c', 'echo "$GATEHOUSE_INSTANCE_ID $NO_PROXY."']);
  assert.equal(env.stdout, `${net.instanceId} .\n`);
  const unknown = await execOn(gh, 'i-0123456789abcdef0', ['true']);
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /There is no instance i-0123456789abcdef0/);
  const missing = await execOn(gh, net.instanceId, ['no-such-command-here']);
  assert.equal(missing.code, 127);
});

test('gatehouse env prints the settings as export lines a shell can eval', async () => {
  const printed = await gatehouse(gh, ['env', net.instanceId]);
  assert.equal(printed.code, 0);
  for (const name of ['HTTPS_PROXY', 'HTTP_PROXY', 'https_proxy', 'http_proxy', 'NO_PROXY', 'SSL_CERT_FILE', 'CURL_CA_BUNDLE', 'REQUESTS_CA_BUNDLE', 'AWS_CA_BUNDLE', 'NODE_EXTRA_CA_CERTS', 'NODE_OPTIONS']) {
    assert.match(printed.stdout, new RegExp(`^export ${name}='`, 'm'));
  }
  assert.match(printed.stdout, new RegExp(`^export HTTPS_PROXY='http://${net.instanceId}:gatehouse@127\\.0\\.0\\.1:\\d+'$`, 'm'));
  const res = await runProgram('sh', ['-c', `${printed.stdout}\n${CURL} -sS ${API_URL}`]);
  assert.equal(res.stdout, FORBIDDEN);
});

test('with no command: an interactive shell whose prompt names the instance', async () => {
  const res = await gatehouse(gh, ['exec', net.instanceId, '--endpoint-url', gh.url], { input: `${CURL} -sS ${API_URL}; echo\nexit 3\n` });
  assert.equal(res.code, 3);
  assert.match(res.stderr, new RegExp(`Starting session on ${net.instanceId}`));
  assert.match(res.stderr, new RegExp(`\\[${net.instanceId} [^\\]]*\\][$#] `));
  assert.match(res.stdout, /\{"message":"Forbidden"\}/);
});

test('openssl s_client: TLS 1.1 is refused by an endpoint listener, TLS 1.2 is verified against the local CA', async () => {
  const { endpoints, caFile } = await gh.network();
  const port = endpoints.find((e) => e.vpceId === net.vpceId)!.port;
  const common = ['s_client', '-connect', `127.0.0.1:${port}`, '-servername', API_HOST, '-CAfile', caFile, '-verify_hostname', API_HOST];
  const ok = await runProgram(OPENSSL, [...common, '-tls1_2'], { input: '' });
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /Protocol\s*: TLSv1\.2/);
  assert.match(ok.stdout, /Verify return code: 0 \(ok\)/);
  assert.match(ok.stdout, /ALPN|CN ?= ?\*\.execute-api\.us-east-1\.amazonaws\.com/);
  // The client is allowed TLS 1.1 (OpenSSL's default security level forbids it), so the refusal is the server's.
  const old = await runProgram(OPENSSL, [...common, '-tls1_1', '-cipher', 'DEFAULT@SECLEVEL=0'], { input: '' });
  assert.notEqual(old.code, 0);
  // Alert 70 (protocol_version) comes from the listener.
  assert.match(old.stderr, /tlsv1 alert protocol version/);
  assert.match(old.stdout, /no peer certificate available/);
  assert.match(old.stdout, /Cipher is \(NONE\)/);
});

test('with the security-group rule revoked the curl times out (the proxy drops, then closes after the wait)', async () => {
  const rule = { GroupId: net.endpointGroupId, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '10.0.0.0/16' }] }] };
  await ec2.send(new RevokeSecurityGroupIngressCommand(rule));
  try {
    const timedOut = await execOn(gh, net.instanceId, [CURL, '-sS', '--max-time', '1', API_URL]);
    assert.equal(timedOut.code, 28);
    assert.match(timedOut.stderr, /timed out|timeout/i);
    // Left to itself, the client hears nothing for the drop wait, then the proxy closes.
    const dropped = await execOn(gh, net.instanceId, [CURL, '-sS', API_URL]);
    assert.equal(dropped.code, 56);
    assert.ok(dropped.ms >= DROP_WAIT_MS, `closed after ${dropped.ms} ms`);
  } finally {
    await ec2.send(new AuthorizeSecurityGroupIngressCommand(rule));
  }
  assert.equal((await execOn(gh, net.instanceId, [CURL, '-sS', API_URL])).stdout, FORBIDDEN);
});

test('the AWS CLI on the instance reaches Gatehouse through the AWS service names, over TLS', async () => {
  const res = await execOn(gh, net.instanceId, ['/usr/bin/aws', 'sts', 'get-caller-identity', '--output', 'json'], { timeoutMs: 60_000 });
  assert.equal(res.code, 0, res.stderr);
  assert.equal((JSON.parse(res.stdout) as { Account: string }).Account, '000000000000');
});
