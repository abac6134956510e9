/**
 * Packages on disk: a zip unpacked safely into a directory, and a function's layers merged into the one
 * directory its environments see as `/opt` (`lambda/opt/{hash of the layers' keys, in order}/`). Lambda
 * extracts a function's layers into /opt in order, a later layer's file replacing an earlier one's; the
 * merge does the same, once per combination, into a temporary directory renamed into place, so a directory
 * under its final name is always whole.
 */
import { createHash, randomUUID } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, normalize, sep } from 'node:path';
import { unzipSync } from 'fflate';

/** Writes the files of `zip` under `dir` (which need not exist); an entry may not write outside it. */
export function extractZip(zip: Uint8Array, dir: string): void {
  const files = unzipSync(zip);
  mkdirSync(dir, { recursive: true });
  for (const [name, data] of Object.entries(files)) {
    const path = normalize(join(dir, name));
    if (!path.startsWith(dir + sep)) continue;
    if (name.endsWith('/')) {
      mkdirSync(path, { recursive: true });
      continue;
    }
    mkdirSync(dirname(path), { recursive: true });
    // A later layer replaces an earlier one's file; a file that replaces a folder (or the reverse) wins too.
    rmSync(path, { recursive: true, force: true });
    writeFileSync(path, data);
  }
}

/**
 * The directory holding the layers `keys` (archives found by `zipPath`) merged in order, made on first use.
 * Zip permissions are not carried over (the unzipper does not read them), so what lands in `bin/` is made
 * executable: that is where Lambda puts a layer's tools on PATH.
 */
export function mergedLayers(root: string, keys: readonly string[], zipPath: (key: string) => string): string {
  const hash = createHash('sha256').update(keys.join('\n')).digest('hex').slice(0, 32);
  const dir = join(root, 'opt', hash);
  if (existsSync(dir)) return dir;
  const temporary = join(root, 'opt', `.${hash}.${randomUUID()}`);
  try {
    for (const key of keys) extractZip(new Uint8Array(readFileSync(zipPath(key))), temporary);
    mkdirSync(temporary, { recursive: true });
    const bin = join(temporary, 'bin');
    if (existsSync(bin)) for (const name of readdirSync(bin)) chmodSync(join(bin, name), 0o755);
    renameSync(temporary, dir);
  } catch (error) {
    rmSync(temporary, { recursive: true, force: true });
    // Another Gatehouse sharing the data dir merged the same layers first: theirs is as good.
    if (!existsSync(dir)) throw error;
  }
  return dir;
}
