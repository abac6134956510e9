/** Benchmark support: servers in their own processes (as users run them) and timing helpers. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { request, type Dispatcher } from 'undici';

export const BIN = fileURLToPath(new URL('../../bin/gatehouse.js', import.meta.url));

export interface RunningServer {
  url: string;
  /** The server's process id (its CPU time, with its children's, is readable in /proc). */
  pid: number;
  /** From spawn to the first line that says the server accepts requests. */
  readyMs: number;
  stop(): Promise<void>;
}

/** Spawns `command` and resolves when a line of its output matches `ready` (group 1 = URL). */
export function spawnServer(command: string, args: string[], ready: RegExp, env: NodeJS.ProcessEnv = process.env, cwd?: string): Promise<RunningServer> {
  const started = process.hrtime.bigint();
  const child: ChildProcess = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env, ...(cwd ? { cwd } : {}) });
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
      const m = ready.exec(output);
      if (m) {
        const readyMs = Number(process.hrtime.bigint() - started) / 1e6;
        child.stdout?.off('data', onData);
        child.stderr?.off('data', onData);
        resolve({ url: m[1]!, pid: child.pid!, readyMs, stop: () => stopChild(child) });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${command} exited with ${code} before it was ready:\n${output}`)));
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/**
 * A Gatehouse in its own process, from this checkout's build or another (`bin`: a baseline's bin/gatehouse.js).
 * BENCH_SERVER_CPUS=0 pins it, and so its Lambda environments, to those cores (`taskset -c`); run the bench
 * itself on the others (`taskset -c 1 npm run bench -- NAME`) so the load generator does not share them.
 */
export async function startGatehouseProcess(extra: string[] = [], bin: string = BIN): Promise<RunningServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-bench-'));
  // BENCH_SERVER_NODE_FLAGS='--cpu-prof --cpu-prof-dir=/tmp/prof' profiles the server (written when it stops).
  const nodeFlags = (process.env['BENCH_SERVER_NODE_FLAGS'] ?? '').split(' ').filter((f) => f !== '');
  const args = [...nodeFlags, bin, 'up', '--port', '0', '--data-dir', dataDir, '--log-level', 'warn', ...extra];
  const [command, argv] = pinned(process.execPath, args);
  const server = await spawnServer(command, argv, /Gatehouse ready on (http:\/\/[^\s]+)/);
  // Its data dir goes with it (bench/s3 leaves gigabytes of objects there).
  return { ...server, stop: async () => {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  } };
}

/** `command args`, under `taskset -c $BENCH_SERVER_CPUS` when set: every server a bench compares sits on those cores. */
export function pinned(command: string, args: string[]): [string, string[]] {
  const cpus = process.env['BENCH_SERVER_CPUS'];
  return cpus ? ['taskset', ['-c', cpus, command, ...args]] : [command, args];
}

/**
 * CPU time (user + system, ms) from /proc (Linux): of the process alone (`own`) and of it with every process
 * below it (`tree`: Gatehouse with its Lambda environments).
 */
export function processTreeCpuMs(rootPid: number): { own: number; tree: number } {
  const tick = 1000 / 100; // USER_HZ is 100 on Linux
  const stats = new Map<number, { ppid: number; ticks: number }>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let text: string;
    try {
      text = readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue; // gone since the listing
    }
    // The command name may hold spaces and parentheses: the fields start after the last ')'.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    stats.set(Number(name), { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) });
  }
  let total = 0;
  const own = (stats.get(rootPid)?.ticks ?? 0) * tick;
  const inTree = (pid: number): boolean => {
    for (let p = pid, hops = 0; p > 1 && hops < 64; hops++) {
      if (p === rootPid) return true;
      p = stats.get(p)?.ppid ?? 0;
    }
    return false;
  };
  for (const [pid, s] of stats) if (inTree(pid)) total += s.ticks;
  return { own, tree: total * tick };
}

/** Runs `fn` `n` times in sequence and returns calls per second. */
export async function rate(n: number, fn: (i: number) => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await fn(i);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return n / seconds;
}

export function table(rows: Array<Record<string, string | number>>): void {
  console.table(rows);
}

export interface Measured {
  requests: number;
  perSecond: number;
  p50: number;
  p99: number;
}

/** `connections` workers send requests back to back for `seconds`; every answer must have `status`. */
export async function load(dispatcher: Dispatcher, url: string, headers: Record<string, string>, seconds: number, fresh: boolean, status: number, connections: number): Promise<Measured> {
  const latencies: number[] = [];
  const deadline = performance.now() + seconds * 1000;
  const worker = async (): Promise<void> => {
    while (performance.now() < deadline) {
      const t0 = performance.now();
      const res = await request(url, { dispatcher, headers, reset: fresh });
      await res.body.text();
      if (res.statusCode !== status) throw new Error(`unexpected status ${res.statusCode} from ${url}`);
      latencies.push(performance.now() - t0);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: connections }, worker));
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number): number => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { requests: latencies.length, perSecond: latencies.length / elapsed, p50: at(0.5), p99: at(0.99) };
}
