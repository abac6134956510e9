/**
 * Which Node.js runs a `nodejs*.x` function: each runtime runs on its own major. The machine's Node (the one
 * running Gatehouse) serves its own major; any other major is the registry's `node-<os>-<arch>@<major>`,
 * installed once into a cache directory (node-install.ts), on first use or ahead of time
 * (`gatehouse runtimes install`). When it cannot be installed (no registry, no npm, a platform the registry
 * ships no build for), the function runs on the machine's Node and the logs say so: an invocation never
 * fails for it.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { findInstalled, installNode, platformPackage, type InstalledNode } from './node-install.js';

/** The Node.js runtimes Gatehouse runs, oldest first. */
export const NODE_RUNTIMES = ['nodejs18.x', 'nodejs20.x', 'nodejs22.x', 'nodejs24.x'] as const;

/** `nodejs24.x` → 24; undefined for anything else. */
export function nodeMajor(runtime: string): number | undefined {
  const match = /^nodejs(\d+)\.x$/.exec(runtime);
  return match ? Number(match[1]) : undefined;
}

/**
 * The per-user cache an in-memory Gatehouse installs into: a Node build is no state (immutable, named by its
 * version), and an in-memory Gatehouse (tests, CI) starts many times: a temporary directory would install
 * the same ~120 MB again on every start.
 */
export function userRuntimesDir(env: NodeJS.ProcessEnv = process.env, platform: string = process.platform): string {
  const xdg = env['XDG_CACHE_HOME'];
  let base: string;
  if (xdg !== undefined && xdg !== '') base = xdg;
  else if (platform === 'darwin') base = join(homedir(), 'Library', 'Caches');
  else if (platform === 'win32') base = env['LOCALAPPDATA'] ?? join(homedir(), 'AppData', 'Local');
  else base = join(homedir(), '.cache');
  return join(base, 'gatehouse', 'runtimes');
}

/** The Node a runtime runs on. */
export interface NodeBinary {
  runtime: string;
  execPath: string;
  version: string;
  /** `machine`: the Node running Gatehouse; `installed`: from the cache; `missing`: not installed yet. */
  source: 'machine' | 'installed' | 'missing';
}

/** The Node an environment starts on, and a line for that environment's log when there is news. */
export interface NodeChoice {
  binary: NodeBinary;
  /** Said in the log of the environment that waited for an install, or that runs on the machine's Node instead. */
  notice?: string;
}

export interface NodeRuntimesOptions {
  /** The cache directory. */
  dir: string;
  /** The npm command and its leading arguments; default `npm` on the PATH. */
  npm?: readonly string[];
  /** npm's environment (its registry, proxy and cache settings); default this process's. */
  env?: NodeJS.ProcessEnv;
  /** Gatehouse's own log. */
  log?: (level: 'info' | 'warn', message: string) => void;
  /** The Node serving its own major; default the one running Gatehouse. */
  machine?: { execPath: string; version: string };
  /** Default: this platform's package (platformPackage()). */
  packageName?: string;
  /** After a failed install, how long a major runs on the machine's Node before installing is tried again. */
  retryMs?: number;
}

const DEFAULT_RETRY_MS = 5 * 60_000;

export class NodeRuntimes {
  readonly dir: string;
  readonly packageName: string;
  private readonly machine: { execPath: string; version: string; major: number };
  /** Majors found installed: later cold starts reuse the answer without reading the directory. */
  private readonly known = new Map<number, NodeBinary>();
  /** First-use installs in flight: every environment starting meanwhile waits for the same one. */
  private readonly firstUse = new Map<number, Promise<NodeChoice>>();
  /** Installs in flight, first use or `install()`: one per major. */
  private readonly installing = new Map<number, Promise<NodeBinary>>();
  /** Majors whose install failed: when, and why. */
  private readonly failed = new Map<number, { at: number; reason: string }>();

  constructor(private readonly options: NodeRuntimesOptions) {
    this.dir = options.dir;
    this.packageName = options.packageName ?? platformPackage();
    const machine = options.machine ?? { execPath: process.execPath, version: process.version };
    this.machine = { ...machine, major: Number(/^v(\d+)/.exec(machine.version)?.[1]) };
  }

  /** What each Node runtime runs on here, without installing anything. */
  list(): NodeBinary[] {
    return NODE_RUNTIMES.map((runtime) => {
      const major = nodeMajor(runtime)!;
      if (major === this.machine.major) return this.machineBinary(runtime);
      const found = findInstalled(this.dir, major, this.packageName);
      return found ? installedBinary(runtime, found) : { runtime, execPath: '', version: '', source: 'missing' };
    });
  }

  /**
   * The Node an environment of `runtime` starts on: installing it first when it is missing (once, however many
   * environments wait), the machine's Node when that fails. Never rejects.
   */
  choose(runtime: string): Promise<NodeChoice> {
    const major = nodeMajor(runtime);
    if (major === undefined || major === this.machine.major) return Promise.resolve({ binary: this.machineBinary(runtime) });
    const known = this.known.get(major);
    // A cached Node removed meanwhile (its folder deleted by hand) is installed again, not failed on.
    if (known !== undefined && existsSync(known.execPath)) return Promise.resolve({ binary: { ...known, runtime } });
    if (known !== undefined) this.known.delete(major);
    const pending = this.firstUse.get(major);
    if (pending !== undefined) return pending;
    // Installed meanwhile by another process (`gatehouse runtimes install`), or before this one started.
    const found = findInstalled(this.dir, major, this.packageName);
    if (found !== undefined) {
      const binary = installedBinary(runtime, found);
      this.known.set(major, binary);
      this.failed.delete(major);
      return Promise.resolve({ binary });
    }
    const failure = this.failed.get(major);
    if (failure !== undefined && Date.now() - failure.at < (this.options.retryMs ?? DEFAULT_RETRY_MS)) return Promise.resolve(this.fallback(runtime, failure.reason));
    const choice = this.installOnFirstUse(runtime, major);
    this.firstUse.set(major, choice);
    return choice;
  }

  /** Installs a runtime's Node (nothing for the machine's major, nor for one already installed). */
  install(runtime: string): Promise<NodeBinary> {
    const major = nodeMajor(runtime);
    if (major === undefined || !(NODE_RUNTIMES as readonly string[]).includes(runtime)) {
      return Promise.reject(new Error(`${runtime} is not a Node.js runtime Gatehouse runs (${NODE_RUNTIMES.join(', ')})`));
    }
    if (major === this.machine.major) return Promise.resolve(this.machineBinary(runtime));
    const found = findInstalled(this.dir, major, this.packageName);
    if (found !== undefined) return Promise.resolve(installedBinary(runtime, found));
    let pending = this.installing.get(major);
    if (pending === undefined) {
      const npm = this.options.npm ?? [process.platform === 'win32' ? 'npm.cmd' : 'npm'];
      pending = installNode({ dir: this.dir, major, packageName: this.packageName, npm, env: this.options.env ?? process.env }).then(
        (installed) => {
          this.installing.delete(major);
          return installedBinary(runtime, installed);
        },
        (error: unknown) => {
          this.installing.delete(major);
          throw error;
        },
      );
      this.installing.set(major, pending);
    }
    return pending;
  }

  private async installOnFirstUse(runtime: string, major: number): Promise<NodeChoice> {
    const started = performance.now();
    this.options.log?.('info', `installing Node.js ${major} for ${runtime}: npm install ${this.packageName}@${major} into ${this.dir}`);
    try {
      const binary = await this.install(runtime);
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      this.known.set(major, binary);
      this.failed.delete(major);
      this.options.log?.('info', `installed Node.js ${binary.version} for ${runtime} in ${seconds} s: ${binary.execPath}`);
      return { binary, notice: `Gatehouse installed Node.js ${binary.version} for ${runtime} in ${seconds} s before this environment started (not counted in its Init Duration)` };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.failed.set(major, { at: Date.now(), reason });
      this.options.log?.('warn', `could not install Node.js ${major} for ${runtime} (${reason}): its functions run on this machine's Node.js ${this.machine.version} until it is installed (gatehouse runtimes install ${runtime})`);
      return this.fallback(runtime, reason);
    } finally {
      this.firstUse.delete(major);
    }
  }

  private fallback(runtime: string, reason: string): NodeChoice {
    return {
      binary: this.machineBinary(runtime),
      notice: `Gatehouse could not install Node.js ${nodeMajor(runtime)} for ${runtime} (${reason}): this environment runs on the machine's Node.js ${this.machine.version}`,
    };
  }

  private machineBinary(runtime: string): NodeBinary {
    return { runtime, execPath: this.machine.execPath, version: this.machine.version, source: 'machine' };
  }
}

function installedBinary(runtime: string, installed: InstalledNode): NodeBinary {
  return { runtime, execPath: installed.execPath, version: installed.version, source: 'installed' };
}
