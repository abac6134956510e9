/**
 * The local CA and the server certificate every endpoint listener (and the TLS side of Gatehouse's AWS
 * endpoint, for clients on an instance) presents. Kept in `{dataDir}/tls/`: made on first run, reused after,
 * the server certificate re-issued (same key) when it nears expiry or must cover a region it does not yet
 * name. Keys are written 0600 beside a `.gitignore` of `*`, so they are never committed by accident.
 */
import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AWS_REGIONS } from './aws-regions.js';
import { createCaCertificate, generateRsaKey, issueServerCertificate, privateKeyPem } from './certificates.js';

/**
 * The names a region needs: its execute-api names (the wildcard, and the bare name private DNS also answers)
 * and the endpoint-specific vpce names (docs/aws-facts.md §1.1), and its AWS service endpoints (`lambda.{region}…`).
 */
export function regionDnsNames(region: string): string[] {
  return [`*.execute-api.${region}.amazonaws.com`, `execute-api.${region}.amazonaws.com`, `*.execute-api.${region}.vpce.amazonaws.com`, `*.${region}.amazonaws.com`];
}

/** Global service endpoints such as `sts.amazonaws.com` and `iam.amazonaws.com`. */
const GLOBAL_NAMES = ['*.amazonaws.com'];

export function serverDnsNames(regions: Iterable<string>): string[] {
  return [...new Set([...regions])].flatMap(regionDnsNames).concat(GLOBAL_NAMES);
}

export interface TlsMaterial {
  /** The CA certificate's path: what clients are told to trust. */
  caFile: string;
  caPem: string;
  /** Server certificate and key, for tls.createServer. */
  certPem: string;
  keyPem: string;
}

const RENEW_BEFORE_MS = 30 * 86_400_000;

const files = (dir: string) => ({
  ca: join(dir, 'ca.pem'),
  caKey: join(dir, 'ca-key.pem'),
  cert: join(dir, 'server.pem'),
  key: join(dir, 'server-key.pem'),
});

/**
 * Loads the material in `dir`, making whatever is missing, stale or short of `regions`. Idempotent: a second
 * call with the same regions reads and returns the same files.
 */
export async function loadTlsMaterial(dir: string, regions: Iterable<string>, now = new Date()): Promise<TlsMaterial> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const paths = files(dir);
  if (!existsSync(join(dir, '.gitignore'))) writeFileSync(join(dir, '.gitignore'), '# Private keys of the local CA: never commit them.\n*\n');

  let caPem = readIfExists(paths.ca);
  let caKey = readKey(paths.caKey);
  let renewedCa = false;
  if (caPem === undefined || caKey === undefined || !usable(caPem, now)) {
    caKey = await generateRsaKey();
    caPem = createCaCertificate(caKey, now);
    writeSecret(paths.caKey, privateKeyPem(caKey));
    writeAtomically(paths.ca, caPem);
    renewedCa = true;
  }

  const wanted = serverDnsNames([...regions, ...AWS_REGIONS]);
  let certPem = readIfExists(paths.cert);
  let key = readKey(paths.key);
  if (renewedCa || certPem === undefined || key === undefined || !usable(certPem, now) || !issuedBy(certPem, caPem) || !covers(certPem, wanted)) {
    key ??= await generateRsaKey();
    // Keep every name the old certificate had: regions once in use stay covered.
    const names = certPem !== undefined && usable(certPem, now) ? [...new Set([...wanted, ...dnsNamesOf(certPem)])] : wanted;
    certPem = issueServerCertificate({ caCertPem: caPem, caKey, key, dnsNames: names, now });
    writeSecret(paths.key, privateKeyPem(key));
    writeAtomically(paths.cert, certPem);
  }
  return { caFile: paths.ca, caPem, certPem, keyPem: privateKeyPem(key) };
}

/** Whether the certificate names every one of `names` (as written: wildcards compare as text). */
export function covers(certPem: string, names: readonly string[]): boolean {
  const have = new Set(dnsNamesOf(certPem));
  return names.every((n) => have.has(n));
}

export function dnsNamesOf(certPem: string): string[] {
  const san = new X509Certificate(certPem).subjectAltName ?? '';
  return san.split(', ').filter((e) => e.startsWith('DNS:')).map((e) => e.slice(4));
}

function usable(pem: string, now: Date): boolean {
  try {
    const cert = new X509Certificate(pem);
    return new Date(cert.validTo).getTime() - now.getTime() > RENEW_BEFORE_MS;
  } catch {
    return false;
  }
}

function issuedBy(certPem: string, caPem: string): boolean {
  try {
    const ca = new X509Certificate(caPem);
    return new X509Certificate(certPem).verify(ca.publicKey);
  } catch {
    return false;
  }
}

function readIfExists(file: string): string | undefined {
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}

function readKey(file: string): KeyObject | undefined {
  const pem = readIfExists(file);
  if (pem === undefined) return undefined;
  try {
    return createPrivateKey(pem);
  } catch {
    return undefined;
  }
}

function writeAtomically(file: string, text: string, mode = 0o644): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text, { mode });
  chmodSync(tmp, mode);
  renameSync(tmp, file);
}

function writeSecret(file: string, text: string): void {
  writeAtomically(file, text, 0o600);
}
