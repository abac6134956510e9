/**
 * Which Python runs a `python3.X` function: the runtime's own `python3.X` on PATH when it runs, else the
 * closest `python3`/`python3.Y` with Y ≥ 9 (the nearest minor, the newer one on a tie). Each candidate is
 * asked for its real executable and version (a pyenv shim answers for the interpreter it stands for, and
 * fails for a version that is not installed), once per runtime and PATH for the life of the process.
 */
import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

export interface PythonInterpreter {
  /** The real executable (sys.executable), not the shim found on PATH. */
  executable: string;
  /** e.g. "3.11.7" */
  version: string;
  minor: number;
}

/** The oldest Python Gatehouse runs functions on (Lambda's oldest Python runtime). */
export const MIN_MINOR = 9;
const MAX_MINOR = 20;

const found = new Map<string, Promise<PythonInterpreter | undefined>>();

/** The minor version a runtime name asks for (`python3.12` → 12), or undefined. */
export function runtimeMinor(runtime: string): number | undefined {
  const m = /^python3\.(\d+)$/.exec(runtime);
  return m ? Number(m[1]) : undefined;
}

export function findPython(runtime: string, path: string = process.env['PATH'] ?? ''): Promise<PythonInterpreter | undefined> {
  const key = `${runtime}\0${path}`;
  let result = found.get(key);
  if (!result) {
    result = search(runtimeMinor(runtime) ?? MIN_MINOR, path);
    found.set(key, result);
  }
  return result;
}

async function search(wanted: number, path: string): Promise<PythonInterpreter | undefined> {
  const own = onPath(`python3.${wanted}`, path);
  if (own) {
    const interpreter = await probe(own, path);
    if (interpreter && interpreter.minor === wanted) return interpreter;
  }
  const others = ['python3', ...Array.from({ length: MAX_MINOR - MIN_MINOR + 1 }, (_, i) => `python3.${MIN_MINOR + i}`).filter((n) => n !== `python3.${wanted}`)]
    .map((name) => onPath(name, path))
    .filter((file): file is string => file !== undefined);
  const probed = (await Promise.all(others.map((file) => probe(file, path)))).filter((p): p is PythonInterpreter => p !== undefined && p.minor >= MIN_MINOR);
  probed.sort((a, b) => Math.abs(a.minor - wanted) - Math.abs(b.minor - wanted) || b.minor - a.minor);
  return probed[0];
}

function onPath(name: string, path: string): string | undefined {
  for (const dir of path.split(delimiter)) {
    if (dir === '') continue;
    const file = join(dir, name);
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not here
    }
  }
  return undefined;
}

function probe(file: string, path: string): Promise<PythonInterpreter | undefined> {
  return new Promise((resolve) => {
    execFile(file, ['-c', 'import sys; print(sys.executable); print("%d.%d.%d" % sys.version_info[:3])'], { env: { ...process.env, PATH: path }, timeout: 10_000 }, (error, stdout) => {
      if (error) return resolve(undefined);
      const [executable = '', version = ''] = stdout.trim().split('\n');
      const m = /^3\.(\d+)\.\d+$/.exec(version);
      resolve(m && executable !== '' ? { executable, version, minor: Number(m[1]) } : undefined);
    });
  });
}
