import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { CREDENTIAL_VARIABLES, exportLines, instanceEnvironment } from './instance-env.js';

const input = { instanceId: 'i-0abc', proxy: { host: '127.0.0.1', port: 3128 }, caFile: '/data/tls/ca.pem', preloadUrl: 'file:///opt/gatehouse/dist/src/cli/fetch-proxy-preload.js' };

test('every client is sent through the proxy as the instance and trusts the local CA; nothing bypasses the proxy', () => {
  const env = instanceEnvironment(input);
  for (const name of ['HTTPS_PROXY', 'HTTP_PROXY', 'https_proxy', 'http_proxy']) assert.equal(env[name], 'http://i-0abc:gatehouse@127.0.0.1:3128');
  for (const name of ['SSL_CERT_FILE', 'CURL_CA_BUNDLE', 'REQUESTS_CA_BUNDLE', 'AWS_CA_BUNDLE', 'NODE_EXTRA_CA_CERTS']) assert.equal(env[name], '/data/tls/ca.pem');
  assert.equal(env['NO_PROXY'], '');
  assert.equal(env['no_proxy'], '');
  assert.equal(env['NODE_OPTIONS'], `--import=${input.preloadUrl}`);
  assert.equal(env['GATEHOUSE_INSTANCE_ID'], 'i-0abc');
});

test('NODE_OPTIONS already in force are kept, the preload added once, paths with spaces quoted', () => {
  assert.equal(instanceEnvironment({ ...input, nodeOptions: '--max-old-space-size=512' })['NODE_OPTIONS'], `--max-old-space-size=512 --import=${input.preloadUrl}`);
  const once = instanceEnvironment(input)['NODE_OPTIONS'];
  assert.equal(instanceEnvironment({ ...input, nodeOptions: once })['NODE_OPTIONS'], once);
  assert.equal(instanceEnvironment({ ...input, preloadUrl: 'file:///my dir/p.js' })['NODE_OPTIONS'], '--import="file:///my dir/p.js"');
});

test('export lines survive a POSIX shell, quotes included', () => {
  const lines = exportLines({ A: "it's", B: 'two words', C: '' });
  assert.equal(lines, `export A='it'\\''s'\nexport B='two words'\nexport C=''\n`);
  assert.equal(execFileSync('sh', ['-c', `${lines}printf '%s|%s|%s' "$A" "$B" "$C"`], { encoding: 'utf8' }), "it's|two words|");
});

test('the instance\'s loopback metadata service is named for botocore and SDK v3; env unsets what would hide it', () => {
  const env = instanceEnvironment({ ...input, imds: { host: '127.0.0.1', port: 40123 } });
  assert.equal(env['AWS_EC2_METADATA_SERVICE_ENDPOINT'], 'http://127.0.0.1:40123/');
  assert.equal(env['AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE'], 'IPv4');
  assert.equal(instanceEnvironment(input)['AWS_EC2_METADATA_SERVICE_ENDPOINT'], undefined);
  const lines = exportLines({ A: '1' }, CREDENTIAL_VARIABLES);
  assert.equal(lines, `unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN AWS_SECURITY_TOKEN AWS_PROFILE AWS_DEFAULT_PROFILE AWS_EC2_METADATA_DISABLED\nexport A='1'\n`);
  const shell = execFileSync('sh', ['-c', `${lines}printf '%s|%s' "\${AWS_ACCESS_KEY_ID-unset}" "$A"`], { encoding: 'utf8', env: { ...process.env, AWS_ACCESS_KEY_ID: 'AKIA' } });
  assert.equal(shell, 'unset|1');
});
