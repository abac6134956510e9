import assert from 'node:assert/strict';
import { X509Certificate, createPublicKey } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { checkServerIdentity } from 'node:tls';
import { CA_NAME } from './certificates.js';
import { dnsNamesOf, loadTlsMaterial } from './tls-material.js';

const dir = mkdtempSync(join(tmpdir(), 'gatehouse-tls-test-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('first run makes a CA and a server certificate it signed, naming execute-api, vpce and service names of every region', async () => {
  const tls = await loadTlsMaterial(dir, ['us-east-1']);
  const ca = new X509Certificate(tls.caPem);
  const cert = new X509Certificate(tls.certPem);
  assert.equal(ca.ca, true);
  assert.match(ca.subject, new RegExp(`CN=${CA_NAME}`));
  assert.equal(cert.ca, false);
  assert.equal(cert.checkIssued(ca), true);
  assert.equal(cert.verify(ca.publicKey), true);
  assert.equal(cert.subject, 'CN=*.execute-api.us-east-1.amazonaws.com');
  const names = dnsNamesOf(tls.certPem);
  for (const region of ['us-east-1', 'eu-west-1', 'ap-southeast-2']) {
    for (const n of [`*.execute-api.${region}.amazonaws.com`, `execute-api.${region}.amazonaws.com`, `*.execute-api.${region}.vpce.amazonaws.com`, `*.${region}.amazonaws.com`]) {
      assert.ok(names.includes(n), `${n} missing`);
    }
  }
  // What a TLS client checks: the names clients use are covered.
  const peer = { subject: { CN: '' }, subjectaltname: cert.subjectAltName! } as unknown as Parameters<typeof checkServerIdentity>[1];
  for (const host of ['abcdef1234.execute-api.us-east-1.amazonaws.com', 'execute-api.us-east-1.amazonaws.com', 'vpce-0a1b2c3d4e5f60718-abcd1234.execute-api.us-east-1.vpce.amazonaws.com', 'lambda.us-east-1.amazonaws.com', 'sts.amazonaws.com']) {
    assert.equal(checkServerIdentity(host, peer), undefined, host);
  }
  assert.ok(checkServerIdentity('evil.example.com', peer) instanceof Error);
  // The key in the file is the certificate's, and keys are private to the user.
  assert.equal(createPublicKey(tls.keyPem).export({ type: 'spki', format: 'pem' }), cert.publicKey.export({ type: 'spki', format: 'pem' }));
  assert.equal(statSync(join(dir, 'ca-key.pem')).mode & 0o777, 0o600);
  assert.equal(statSync(join(dir, 'server-key.pem')).mode & 0o777, 0o600);
  assert.equal(readFileSync(join(dir, '.gitignore'), 'utf8').split('\n').includes('*'), true);
  assert.equal(tls.caFile, join(dir, 'ca.pem'));
});

test('later runs reuse the files as they are', async () => {
  const first = await loadTlsMaterial(dir, ['us-east-1']);
  const again = await loadTlsMaterial(dir, ['us-east-1']);
  assert.equal(again.caPem, first.caPem);
  assert.equal(again.certPem, first.certPem);
  assert.equal(again.keyPem, first.keyPem);
});

test('a region outside AWS\'s list re-issues the server certificate (same CA, same key), keeping the names it had', async () => {
  const before = await loadTlsMaterial(dir, ['us-east-1']);
  const after = await loadTlsMaterial(dir, ['us-east-1', 'xx-test-1']);
  assert.equal(after.caPem, before.caPem);
  assert.equal(after.keyPem, before.keyPem);
  assert.notEqual(after.certPem, before.certPem);
  const names = dnsNamesOf(after.certPem);
  assert.ok(names.includes('*.execute-api.xx-test-1.amazonaws.com'));
  assert.ok(names.includes('*.execute-api.us-east-1.vpce.amazonaws.com'));
  // Asking again without the new region keeps it.
  assert.equal((await loadTlsMaterial(dir, ['us-east-1'])).certPem, after.certPem);
});

test('a server certificate near expiry is re-issued; an expiring CA replaces everything', async () => {
  const before = await loadTlsMaterial(dir, ['us-east-1']);
  const nearExpiry = new Date(Date.now() + 340 * 86_400_000);
  const renewed = await loadTlsMaterial(dir, ['us-east-1'], nearExpiry);
  assert.equal(renewed.caPem, before.caPem);
  assert.notEqual(renewed.certPem, before.certPem);
  const caExpiring = await loadTlsMaterial(dir, ['us-east-1'], new Date(Date.now() + 3640 * 86_400_000));
  assert.notEqual(caExpiring.caPem, before.caPem);
  assert.equal(new X509Certificate(caExpiring.certPem).verify(new X509Certificate(caExpiring.caPem).publicKey), true);
});
