/**
 * `gatehouse runtimes`: which Node.js each `nodejs*.x` runtime runs on (the machine's, one installed in the
 * data dir's cache, or none yet); `gatehouse runtimes install [nodejs24.x ...]` installs them ahead of first
 * use with npm. Reads and writes the cache directly: no server needed, and a running one picks up what is
 * installed at its next cold start.
 */
import { NODE_RUNTIMES, NodeRuntimes, type NodeBinary } from '../runtime/node-runtimes.js';
import { resolveOptions } from '../server/options.js';

export interface RuntimesCliOptions {
  dataDir?: string;
  inMemory?: boolean;
}

type Write = (text: string) => void;

function runtimesFor(opts: RuntimesCliOptions): NodeRuntimes {
  const { runtimesDir } = resolveOptions({ dataDir: opts.dataDir ?? '.gatehouse', inMemory: opts.inMemory ?? false });
  return new NodeRuntimes({ dir: runtimesDir });
}

/** Rows of columns, each padded to its widest cell. */
function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ').trimEnd()).join('\n') + '\n';
}

const SOURCE_WORDS: Record<NodeBinary['source'], string> = { machine: 'machine', installed: 'installed', missing: 'not installed' };

export function listRuntimes(opts: RuntimesCliOptions, write: Write = (t) => process.stdout.write(t)): void {
  const runtimes = runtimesFor(opts);
  write(`Node.js runtimes (installed into ${runtimes.dir} from the npm registry's ${runtimes.packageName}):\n`);
  const rows = [['RUNTIME', 'NODE', 'SOURCE', 'PATH']];
  for (const b of runtimes.list()) {
    rows.push([b.runtime, b.version || '-', SOURCE_WORDS[b.source], b.source === 'missing' ? `installed on first use, or now: gatehouse runtimes install ${b.runtime}` : b.execPath]);
  }
  write(table(rows));
}

/** Installs the runtimes named (all Node runtimes when none is); the exit code: 0, 1 when one failed, 2 for a bad name. */
export async function installRuntimes(names: string[], opts: RuntimesCliOptions, write: Write = (t) => process.stdout.write(t), writeError: Write = (t) => process.stderr.write(t)): Promise<number> {
  const unknown = names.filter((n) => !(NODE_RUNTIMES as readonly string[]).includes(n));
  if (unknown.length > 0) {
    writeError(`gatehouse runtimes install: ${unknown.join(', ')}: not a Node.js runtime Gatehouse installs (${NODE_RUNTIMES.join(', ')})\n`);
    return 2;
  }
  const runtimes = runtimesFor(opts);
  const before = new Map(runtimes.list().map((b) => [b.runtime, b.source]));
  const wanted = names.length > 0 ? [...new Set(names)] : [...NODE_RUNTIMES];
  const results = await Promise.all(
    wanted.map(async (runtime) => {
      const started = performance.now();
      try {
        const binary = await runtimes.install(runtime);
        return { runtime, binary, seconds: (performance.now() - started) / 1000 };
      } catch (error) {
        return { runtime, error: error instanceof Error ? error.message : String(error) };
      }
    }),
  );
  const rows: string[][] = [];
  let failed = false;
  for (const r of results) {
    if ('error' in r) {
      failed = true;
      writeError(`${r.runtime}: could not be installed: ${r.error}\n`);
      continue;
    }
    const how = r.binary.source === 'machine' ? "machine (this machine's Node: nothing to install)" : before.get(r.runtime) === 'installed' ? 'already installed' : `installed in ${r.seconds.toFixed(1)} s`;
    rows.push([r.runtime, r.binary.version, how, r.binary.execPath]);
  }
  if (rows.length > 0) write(table(rows));
  return failed ? 1 : 0;
}
