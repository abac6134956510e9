/**
 * X.509 for the local CA: a self-signed CA certificate and server certificates it issues. node-forge builds
 * the certificates; the keys are node:crypto's (native RSA: generating one takes ~100 ms off the main thread,
 * where pure-JS generation takes seconds) and so is the signature over the to-be-signed bytes (forge's own
 * RSA signing costs ~100 ms of blocking JavaScript per certificate; native signing, well under 1 ms).
 * RSA rather than EC: forge can only carry RSA public keys, and AWS's endpoints present RSA certificates too.
 */
import { createPublicKey, generateKeyPair, randomBytes, sign, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import forge from 'node-forge';

const generateKeyPairAsync = promisify(generateKeyPair);

export async function generateRsaKey(): Promise<KeyObject> {
  const { privateKey } = await generateKeyPairAsync('rsa', { modulusLength: 2048 });
  return privateKey;
}

export function privateKeyPem(key: KeyObject): string {
  return key.export({ type: 'pkcs8', format: 'pem' }).toString();
}

const DAY_MS = 86_400_000;

interface CertificateSpec {
  subject: forge.pki.CertificateField[];
  key: KeyObject;
  validDays: number;
  now: Date;
}

function buildCertificate(spec: CertificateSpec): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(createPublicKey(spec.key).export({ type: 'spki', format: 'pem' }).toString());
  // A positive 128-bit serial (the top bit clear keeps the DER integer positive).
  const serial = randomBytes(16);
  serial[0] = serial[0]! & 0x7f;
  cert.serialNumber = serial.toString('hex');
  // Backdated an hour, so a clock a little behind still accepts a certificate issued just now.
  cert.validity.notBefore = new Date(spec.now.getTime() - 3_600_000);
  cert.validity.notAfter = new Date(spec.now.getTime() + spec.validDays * DAY_MS);
  cert.setSubject(spec.subject);
  return cert;
}

/** Signs with node:crypto: forge lays out the to-be-signed bytes, the native RSA signs them. */
function signNatively(cert: forge.pki.Certificate, issuerKey: KeyObject): string {
  const oid = forge.pki.oids['sha256WithRSAEncryption']!;
  cert.siginfo.algorithmOid = oid;
  cert.signatureOid = oid;
  // getTBSCertificate is forge's own (cert.sign uses it) but missing from @types/node-forge.
  const tbs = (forge.pki as unknown as { getTBSCertificate(c: forge.pki.Certificate): forge.asn1.Asn1 }).getTBSCertificate(cert);
  (cert as unknown as { tbsCertificate: forge.asn1.Asn1 }).tbsCertificate = tbs;
  const der = Buffer.from(forge.asn1.toDer(tbs).getBytes(), 'binary');
  cert.signature = sign('sha256', der, issuerKey).toString('binary');
  return forge.pki.certificateToPem(cert);
}

export const CA_NAME = 'Gatehouse Local CA';

export function createCaCertificate(key: KeyObject, now = new Date()): string {
  const subject = [
    { name: 'commonName', value: CA_NAME },
    { name: 'organizationName', value: 'Gatehouse (local development only)' },
  ];
  const cert = buildCertificate({ subject, key, validDays: 3650, now });
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  return signNatively(cert, key);
}

export interface ServerCertificateSpec {
  caCertPem: string;
  caKey: KeyObject;
  key: KeyObject;
  /** The first name is also the subject's common name. */
  dnsNames: readonly string[];
  now?: Date;
}

export function issueServerCertificate(spec: ServerCertificateSpec): string {
  const ca = forge.pki.certificateFromPem(spec.caCertPem);
  const cert = buildCertificate({ subject: [{ name: 'commonName', value: spec.dnsNames[0] ?? 'gatehouse' }], key: spec.key, validDays: 365, now: spec.now ?? new Date() });
  cert.setIssuer(ca.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames: spec.dnsNames.map((value) => ({ type: 2, value })) },
    { name: 'subjectKeyIdentifier' },
    // Strict verifiers (Python 3.13's default) want the issuer's key named in the leaf.
    { name: 'authorityKeyIdentifier', keyIdentifier: ca.generateSubjectKeyIdentifier().getBytes() },
  ]);
  return signNatively(cert, spec.caKey);
}
