/**
 * Gatehouse as a new user installs it (README, "Install the gatehouse command"): `npm pack` in this folder (its
 * prepack builds whatever is not built yet), the tarball installed globally into a temporary prefix with
 * `--allow-scripts=better-sqlite3`, then, from a directory that has nothing to do with this checkout,
 * `gatehouse up`, the console, and `gatehouse tutorial` against it, to `Hello from Lambda!`. The installed
 * package holds what runs and nothing else: no tests, sources, keys or state.
 *
 * npm fetches the dependencies from its registry (through its cache, ~/.npm by default); everything else stays
 * on loopback. better-sqlite3's install script looks for a prebuilt binary before it compiles SQLite from source
 * (about a minute on two cores): the prebuilt binaries are on GitHub, so, to keep this test fast and offline
 * apart from the registry, the checkout's own binary (same Node, same ABI) is handed to it as a local prebuild,
 * just as a download would be. GATEHOUSE_TEST_COMPILE_SQLITE=1 leaves it out, and the install compiles.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { cleanEnv, type Ran, runProgram } from './support/network.js';
import { assertTutorialRan } from './support/tutorial.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const require = createRequire(import.meta.url);
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** The environment without npm's run-script variables (npm reads its own config files again), plus extra. */
function withoutNpmVars(env: NodeJS.ProcessEnv, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  for (const name of Object.keys(env)) if (/^npm_/i.test(name) || name === 'NODE_OPTIONS') delete env[name];
  return { ...env, ...extra };
}

/** For Gatehouse and its clients: loopback only, no proxies (cleanEnv), and nothing of npm's. */
const gatehouseEnv = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => withoutNpmVars(cleanEnv(), extra);

/** Every file under dir, relative to it, with / separators. */
function filesUnder(dir: string, skip: (rel: string) => boolean = () => false): string[] {
  const out: string[] = [];
  const walk = (at: string): void => {
    for (const e of readdirSync(at, { withFileTypes: true })) {
      const path = join(at, e.name);
      const rel = relative(dir, path).split(/[\\/]/).join('/');
      if (skip(rel)) continue;
      if (e.isDirectory()) walk(path);
      else out.push(rel);
    }
  };
  walk(dir);
  return out;
}

/** better-sqlite3's prebuilt binary as prebuild-install names it, made from the checkout's compiled one; or none. */
async function localPrebuild(dir: string): Promise<Record<string, string>> {
  if (process.env['GATEHOUSE_TEST_COMPILE_SQLITE'] === '1') return {};
  const pkgDir = join(require.resolve('better-sqlite3/package.json'), '..');
  if (!existsSync(join(pkgDir, 'build', 'Release', 'better_sqlite3.node'))) return {};
  const { version } = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as { version: string };
  mkdirSync(dir, { recursive: true });
  const tarball = join(dir, `better-sqlite3-v${version}-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`);
  const tar = await runProgram('tar', ['-czf', tarball, 'build/Release/better_sqlite3.node'], { cwd: pkgDir, env: gatehouseEnv(), timeoutMs: 30_000 });
  if (tar.code !== 0) return {};
  // prebuild-install reads npm_config_<package>_local_prebuilds: a folder it looks in before it downloads.
  return { npm_config_better_sqlite3_local_prebuilds: dir };
}

let temp: string;
let prefix: string;
let installed: string;
let elsewhere: string;
let server: ChildProcess | undefined;
let url: string;
let packRun: Ran;
let installRun: Ran;

before(async () => {
  temp = mkdtempSync(join(tmpdir(), 'gatehouse-package-'));
  prefix = join(temp, 'prefix');
  elsewhere = join(temp, 'elsewhere');
  mkdirSync(elsewhere);
  const npmEnv = withoutNpmVars({ ...process.env }, { npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' });

  packRun = await runProgram('npm', ['pack', '--pack-destination', temp], { cwd: ROOT, env: npmEnv, timeoutMs: 300_000 });
  assert.equal(packRun.code, 0, packRun.stderr);
  const tarball = join(temp, `gatehouse-${VERSION}.tgz`);
  assert.ok(existsSync(tarball), `npm pack wrote ${tarball}`);

  const prebuild = await localPrebuild(join(temp, 'prebuilds'));
  // README's command, with a prefix of its own instead of the machine's global one.
  installRun = await runProgram('npm', ['install', '-g', '--prefix', prefix, '--allow-scripts=better-sqlite3', tarball], {
    cwd: temp,
    env: { ...npmEnv, ...prebuild },
    timeoutMs: 600_000,
  });
  assert.equal(installRun.code, 0, installRun.stderr);
  installed = join(prefix, 'lib', 'node_modules', 'gatehouse');
  process.stderr.write(`npm pack ${packRun.ms} ms, npm install -g ${installRun.ms} ms (better-sqlite3 ${Object.keys(prebuild).length ? 'from the local prebuild' : 'compiled'})\n`);

  server = spawn(join(prefix, 'bin', 'gatehouse'), ['up', '--port', '0', '--log-level', 'silent'], { cwd: elsewhere, env: gatehouseEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  server.stdout!.setEncoding('utf8');
  server.stderr!.setEncoding('utf8').on('data', (c: string) => (err += c));
  url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`gatehouse up printed no ready line within 30 s: ${out}${err}`)), 30_000);
    server!.stdout!.on('data', (chunk: string) => {
      out += chunk;
      const m = /Gatehouse ready on (http:\/\/127\.0\.0\.1:\d+)\n/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    server!.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`gatehouse up exited with ${code}: ${out}${err}`));
    });
  });
  assert.match(out, new RegExp(`Console: ${url}/_gatehouse/console/\\n`));
  assert.doesNotMatch(out, /not built yet/);
});

after(async () => {
  if (server && server.exitCode === null && server.signalCode === null) {
    const exited = once(server, 'exit');
    server.kill('SIGTERM');
    const timer = setTimeout(() => server!.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }
  if (temp) rmSync(temp, { recursive: true, force: true });
});

test('npm install -g --allow-scripts=better-sqlite3 covers the one install script Gatehouse needs', () => {
  assert.doesNotMatch(installRun.stderr, /better-sqlite3@[\d.]+ \(install:/, 'better-sqlite3 is not among the scripts npm says are not covered');
  assert.ok(existsSync(join(installed, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node')));
  assert.ok(existsSync(join(prefix, 'bin', 'gatehouse')));
});

test('the package holds the built server, the console and the tutorial template, and no tests, sources or state', () => {
  const files = filesUnder(installed, (rel) => rel === 'node_modules');
  for (const wanted of ['bin/gatehouse.js', 'dist/src/cli/main.js', 'dist/src/index.js', 'dist/src/runtime/bootstrap/node.js', 'dist/console/index.html', 'examples/private-api-tutorial/starter-template.yaml', 'README.md', 'package.json']) {
    assert.ok(files.includes(wanted), `${wanted} is in the package`);
  }
  assert.ok(files.some((f) => /^dist\/console\/assets\/index-[\w-]+\.js$/.test(f)), 'the console bundle is in the package');
  const unwanted = files.filter((f) => /^(src|test|bench|console-ui|scripts|dist\/test|dist\/bench)\//.test(f) || /\.test\.js$|\.map$|\.ts$|(^|\/)test-support\/|(^|\/)\.gatehouse\/|\.pem$|\.key$|\.tgz$/.test(f));
  assert.deepEqual(unwanted, []);
});

test('gatehouse up from another directory keeps its state there and serves the console', async () => {
  assert.ok(existsSync(join(elsewhere, '.gatehouse')), 'the data dir is made in the working directory');
  assert.ok(!existsSync(join(installed, '.gatehouse')), 'and not in the package');
  const page = await fetch(`${url}/_gatehouse/console/`);
  assert.equal(page.status, 200);
  const html = await page.text();
  const script = /src="(\/_gatehouse\/console\/assets\/[^"]+\.js)"/.exec(html)?.[1];
  assert.ok(script, `the console page loads its bundle: ${html}`);
  const asset = await fetch(new URL(script, url));
  assert.equal(asset.status, 200);
  assert.match(asset.headers.get('content-type') ?? '', /javascript/);
  const version = await runProgram(join(prefix, 'bin', 'gatehouse'), ['--version'], { cwd: elsewhere, env: gatehouseEnv(), timeoutMs: 30_000 });
  assert.equal(version.stdout.trim(), VERSION);
});

test('gatehouse tutorial, installed, runs the seed tutorial against it to Hello from Lambda!', async () => {
  const env = gatehouseEnv({ AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_REGION: 'us-east-1', AWS_DEFAULT_REGION: 'us-east-1', AWS_EC2_METADATA_DISABLED: 'true' });
  const ran = await runProgram(join(prefix, 'bin', 'gatehouse'), ['tutorial', '--endpoint-url', url], { cwd: elsewhere, env, timeoutMs: 120_000 });
  assert.equal(ran.code, 0, ran.stderr);
  assertTutorialRan(ran.stdout);
});
