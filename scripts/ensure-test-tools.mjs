#!/usr/bin/env node
// Installs the system tools the end-to-end tests drive (AWS CLI v2 from Debian's awscli, curl, openssl, and
// Debian's chromium for the console's browser tests, driven by playwright-core) when they are missing. Tests
// never skip for a missing tool: this is where they get it.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const needed = [
  { path: '/usr/bin/aws', pkg: 'awscli' },
  { path: '/usr/bin/curl', pkg: 'curl' },
  { path: '/usr/bin/openssl', pkg: 'openssl' },
  { path: '/usr/bin/chromium', pkg: 'chromium' },
].filter((t) => !existsSync(t.path));

if (needed.length > 0) {
  const pkgs = needed.map((t) => t.pkg);
  process.stdout.write(`installing test tools: ${pkgs.join(' ')}\n`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', ...pkgs], { stdio: 'inherit', env });
}

// Python functions' handlers in test/lambda-python import boto3 (Lambda's Python runtimes include it): from
// Debian's python3-boto3 when the machine's python3 lacks it.
const hasBoto3 = () => {
  try {
    execFileSync('python3', ['-c', 'import boto3'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};
if (!hasBoto3() && existsSync('/usr/bin/apt-get')) {
  process.stdout.write('installing test tools: python3-boto3\n');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', 'python3-boto3'], { stdio: 'inherit', env });
}

// The CLI v1 and boto3 smoke tests use the machine's Python with the awscli (v1) and boto3 packages.
try {
  execFileSync('python3', ['-c', 'import awscli, boto3'], { stdio: 'ignore' });
} catch {
  process.stderr.write('warning: python3 with the awscli (v1) and boto3 packages is missing; test/smoke-cli-v1-boto3 will fail\n');
}
